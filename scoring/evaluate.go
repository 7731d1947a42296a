package scoring

import (
	"fmt"

	"github.com/shopspring/decimal"
)

// Options are the batch-level facts a form is judged against.
type Options struct {
	// Year is the batch's year (--year); 0 means no year is expected and S07 checks only presence.
	Year int
}

// divisionPlaces keeps ratios exact far beyond any score's places: ratios are never rounded
// before they are multiplied, and 28 places leave no trace once a score is rounded to 2.
const divisionPlaces = 28

// evaluation is the state of judging one form: the checks add findings and fill the result.
type evaluation struct {
	f   *Form
	p   *Profile
	opt Options
	res *Result

	fundsUnusable bool // the budget or execution could not be read: execution checks stay silent
	unfilled      bool // S08: no actual and no score on any row, so rows are not judged and nothing is totalled
	execClaimedOK bool
	naPoints      decimal.Decimal
}

// Evaluate recomputes every score of f under p and runs the check catalogue on it.
func Evaluate(f *Form, p *Profile, opts Options) *Result {
	e := &evaluation{f: f, p: p, opt: opts, res: &Result{Form: f}}
	e.checkStructure()
	e.scoreExecution()
	e.scoreIndicators()
	e.checkExplanation()
	e.checkWeights()
	e.scoreTotal()
	e.finish()
	return e.res
}

// add records a finding of code on ref with the profile's severity for that code. A finding
// whose part the reader could not place names the form's top-left cell (its title, as a rule),
// so that every finding can be marked and followed from 审核意见.
func (e *evaluation) add(code Code, ref Ref, format string, args ...any) {
	if ref.Sheet == "" {
		ref.Sheet = e.f.Sheet
	}
	if ref.Cell == "" && ref.Sheet == e.f.Sheet {
		ref.Cell = firstCell(e.f.Range)
	}
	// A quoted text is the unit's own and may be pages long: messages quote it shortened.
	msg := fmt.Sprintf(format, shortenArgs(args)...)
	if ref.Cell != "" {
		// The message travels alone (e-mail bodies, the 问题清单 sheet): it names its own cell.
		msg = ref.Cell + "：" + msg
	}
	e.res.Findings = append(e.res.Findings, Finding{Code: code, Severity: e.p.SeverityOf(code), Ref: ref, Message: msg})
}

// round rounds a score once, half-up at the profile's places (decimal's Round is half away
// from zero, which is half-up for the non-negative numbers scores are).
func (e *evaluation) round(d decimal.Decimal) decimal.Decimal { return d.Round(e.p.ScorePlaces) }

func (e *evaluation) finish() {
	SortFindings(e.res.Findings, FindingOrder{})
	e.res.Status = StatusPass
	if e.res.Errors() > 0 {
		e.res.Status = StatusRevise
	}
}

// Refresh recomputes the status after findings were added from outside (batch checks such as B01).
func (r *Result) Refresh() {
	SortFindings(r.Findings, FindingOrder{})
	r.Status = StatusPass
	if r.Errors() > 0 {
		r.Status = StatusRevise
	}
}

// number reads a score or points cell: ok is false when it is blank, and err set when it holds
// text that is not a number.
func number(c Cell) (d decimal.Decimal, ok bool, bad bool) {
	if c.Unreadable || IsBlank(c.Text) {
		return decimal.Zero, false, false
	}
	d, ok = ParseNumber(c.Text)
	return d, ok, !ok
}

func ptr(d decimal.Decimal) *decimal.Decimal { return &d }

func maxDec(a, b decimal.Decimal) decimal.Decimal {
	if a.GreaterThan(b) {
		return a
	}
	return b
}
