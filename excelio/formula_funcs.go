package excelio

import (
	"github.com/shopspring/decimal"
)

// The arithmetic of the native evaluator is exact decimal, except that a quotient, a power or a
// result of over resultDigits significant digits keeps quotientDigits of them: far beyond the 15
// the reader shows (see docs/decisions.md, "公式的本地计算").
const (
	quotientDigits = 40
	resultDigits   = 60
	maxPower       = 32
	maxMagnitude   = 300 // beyond it excelize's float64 overflows or underflows
)

// call evaluates the function name over the arguments that follow it; SUM is the only function
// the forms use, and any other declines.
func (p *formulaParser) call(name string) (operand, bool) {
	if name != "SUM" {
		return operand{}, false
	}
	p.i++ // the '('
	if p.nest++; p.nest > maxFormulaNesting {
		return operand{}, false
	}
	total, errored := decimal.Zero, false
	add := func(d decimal.Decimal) { total = total.Add(d) }
	for {
		arg, ok := p.sum()
		if !ok {
			return operand{}, false
		}
		e, ok := p.ev.eachNumber(arg, p.depth, add)
		if !ok {
			return operand{}, false
		}
		errored = errored || e
		switch p.peek() {
		case ',':
			p.i++
			continue
		case ')':
			p.i++
			p.nest--
			if errored {
				return divByZero, true
			}
			return operand{num: total}, saneNumber(total)
		}
		return operand{}, false
	}
}

// arithmetic computes a op b, b not 0 for a division; a power other than a small whole one, or a
// result out of float64's range declines.
func arithmetic(op byte, a, b decimal.Decimal) (decimal.Decimal, bool) {
	var v decimal.Decimal
	switch op {
	case '+':
		v = a.Add(b)
	case '-':
		v = a.Sub(b)
	case '*':
		v = a.Mul(b)
	case '/': // apply has made a division by zero an error
		if a.IsZero() {
			return decimal.Zero, true
		}
		v = a.DivRound(b, int32(quotientDigits-magnitude(a)+magnitude(b)))
	case '^':
		if !b.IsInteger() || b.Sign() < 0 || b.GreaterThan(decimal.NewFromInt(maxPower)) || (a.IsZero() && b.IsZero()) {
			return v, false
		}
		v = decimal.NewFromInt(1)
		for n := b.IntPart(); n > 0; n-- {
			if v = keepDigits(v.Mul(a)); !saneNumber(v) {
				return v, false
			}
		}
	}
	v = keepDigits(v)
	return v, saneNumber(v)
}

// magnitude is the exponent of d's leading digit: 2 for 123.4, -1 for 0.05.
func magnitude(d decimal.Decimal) int {
	return d.NumDigits() - 1 + int(d.Exponent())
}

// keepDigits rounds d to quotientDigits significant digits once it has over resultDigits.
func keepDigits(d decimal.Decimal) decimal.Decimal {
	if d.NumDigits() <= resultDigits {
		return d
	}
	return d.Round(int32(quotientDigits - 1 - magnitude(d)))
}

// saneNumber reports a number within float64's range and of a length arithmetic stays cheap on.
func saneNumber(d decimal.Decimal) bool {
	// A zero's exponent counts too: 0E-99999 would widen every sum it joins.
	if e := int(d.Exponent()); e < -2*maxMagnitude || e > maxMagnitude {
		return false
	}
	if d.IsZero() {
		return true
	}
	m := magnitude(d)
	return m <= maxMagnitude && m >= -maxMagnitude && d.NumDigits() <= 2*resultDigits
}
