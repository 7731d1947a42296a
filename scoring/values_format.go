package scoring

import "github.com/shopspring/decimal"

// The one way each kind of number is printed in a message, the summary's rules sheet and the
// template's notes, so a value reads the same wherever a bureau meets it.

var hundred = decimal.NewFromInt(100)

// show prints a decimal for a message as exactly as it is known: 8.97, 9, 0.8.
func show(d decimal.Decimal) string { return d.String() }

// showRate prints an execution rate to two places, as the form writes it: 0.89716 → 89.72%.
func showRate(d decimal.Decimal) string { return d.Mul(hundred).Round(2).StringFixed(2) + "%" }

// Percent prints a fraction of a rule (a band, a share, a threshold) exactly as a percentage:
// 0.3 → 30%, 0.855 → 85.5%.
func Percent(d decimal.Decimal) string { return show(d.Mul(hundred)) + "%" }
