package excelio

import (
	"path/filepath"
	"strings"

	"github.com/shopspring/decimal"

	"github.com/jxzp/jxzp/scoring"
)

// fundsSum adds up the money of a set of forms: plain sums of what each form writes, and the
// execution rate weighted by budget over the forms whose own rate can be computed, so a form
// with no budget or no execution figure neither inflates nor deflates it.
type fundsSum struct {
	initial, budget, executed decimal.Decimal
	hasInitial, hasBudget     bool
	hasExecuted               bool
	rateBudget, rateExecuted  decimal.Decimal
	rateForms                 int
	scoreSum                  decimal.Decimal
	forms, revise             int
	graded                    int // forms with a recomputed total: an unfilled one (S08) has none
	unfilled                  int
	grades                    map[string]int
	errors, warnings          int
}

func (s *fundsSum) add(r *scoring.Result) {
	s.forms++
	if s.grades == nil {
		s.grades = map[string]int{}
	}
	if r.Initial != nil {
		s.initial = s.initial.Add(*r.Initial)
		s.hasInitial = true
	}
	if r.Budget != nil {
		s.budget = s.budget.Add(*r.Budget)
		s.hasBudget = true
	}
	if r.Executed != nil {
		s.executed = s.executed.Add(*r.Executed)
		s.hasExecuted = true
	}
	if r.Rate != nil && r.Budget != nil && r.Executed != nil && !r.Budget.IsZero() {
		s.rateBudget = s.rateBudget.Add(*r.Budget)
		s.rateExecuted = s.rateExecuted.Add(*r.Executed)
		s.rateForms++
	}
	if r.Status == scoring.StatusRevise {
		s.revise++
	}
	if r.RecomputedTotal == nil {
		// Not graded: it counts as a form, but in no grade and not in the mean score.
		s.unfilled++
	} else {
		s.graded++
		s.scoreSum = s.scoreSum.Add(*r.RecomputedTotal)
		s.grades[r.RecomputedGrade]++
	}
	s.errors += r.Errors()
	s.warnings += r.Warnings()
}

// merge adds the sums of o to s: sums of exact decimals, so merged in any grouping they are
// the same values, written the same way.
func (s *fundsSum) merge(o *fundsSum) {
	s.initial, s.budget, s.executed = s.initial.Add(o.initial), s.budget.Add(o.budget), s.executed.Add(o.executed)
	s.hasInitial, s.hasBudget, s.hasExecuted = s.hasInitial || o.hasInitial, s.hasBudget || o.hasBudget, s.hasExecuted || o.hasExecuted
	s.rateBudget, s.rateExecuted, s.rateForms = s.rateBudget.Add(o.rateBudget), s.rateExecuted.Add(o.rateExecuted), s.rateForms+o.rateForms
	s.scoreSum = s.scoreSum.Add(o.scoreSum)
	s.forms, s.revise, s.graded, s.unfilled = s.forms+o.forms, s.revise+o.revise, s.graded+o.graded, s.unfilled+o.unfilled
	s.errors, s.warnings = s.errors+o.errors, s.warnings+o.warnings
	if s.grades == nil {
		s.grades = map[string]int{}
	}
	for g, n := range o.grades {
		s.grades[g] += n
	}
}

// rate is Σ执行 / Σ预算 over the forms with a computable rate, to 4 places as a fraction; nil
// when no form has one.
func (s *fundsSum) rate() *decimal.Decimal {
	if s.rateForms == 0 || s.rateBudget.IsZero() {
		return nil
	}
	r := s.rateExecuted.DivRound(s.rateBudget, 4)
	return &r
}

// mean is the average recomputed total of the graded forms, half-up to 2 places.
func (s *fundsSum) mean() *decimal.Decimal {
	if s.graded == 0 {
		return nil
	}
	m := s.scoreSum.DivRound(decimal.NewFromInt(int64(s.graded)), 2)
	return &m
}

func optional(d decimal.Decimal, ok bool) *decimal.Decimal {
	if !ok {
		return nil
	}
	return &d
}

// rate4 is a form's execution rate as the summary shows it: half-up to 4 places, like results.json.
func rate4(d *decimal.Decimal) *decimal.Decimal {
	if d == nil {
		return nil
	}
	r := d.Round(4)
	return &r
}

func formOf(r *scoring.Result) *scoring.Form {
	if r == nil || r.Form == nil {
		return &scoring.Form{}
	}
	return r.Form
}

// deptName is a 主管部门 without the system code some exports put in front ("219-池州市…"),
// so one department is one group however its forms were exported.
func deptName(s string) string {
	if s = strings.TrimSpace(scoring.StripCodePrefix(strings.TrimSpace(s))); s == "" {
		return "（未填写）"
	}
	return s
}

// linkTarget is the relationship target of a link to a file of the output folder: forward
// slashes, and the characters Excel itself escapes in a file link escaped the same way. CJK stays
// as it is, as Excel writes it; a raw space makes Excel refuse the file, a raw '#' would be read
// as the start of a location.
func linkTarget(rel string) string {
	return linkEscaper.Replace(filepath.ToSlash(rel))
}

var linkEscaper = strings.NewReplacer(
	"%", "%25", " ", "%20", "#", "%23", `"`, "%22", "<", "%3c", ">", "%3e",
	"[", "%5b", "]", "%5d", "^", "%5e", "`", "%60", "{", "%7b", "}", "%7d",
)

// summaryCell is one value of a row and the style it is written in.
type summaryCell struct {
	v any
	o outStyle
}

// resultOrEmpty stands an empty result in for a form the batch has none for, so its row still
// shows where the form came from.
func resultOrEmpty(r *scoring.Result) *scoring.Result {
	if r == nil {
		return &scoring.Result{}
	}
	return r
}

// formsFileWidth caps the 文件 column of 汇总表 (and the file names shown in it).
const formsFileWidth = 26

// findingsFileWidth caps the 文件 column of 问题清单.
const findingsFileWidth = 20

// fileCell sets the 文件 cell (column col): the text shown, linked to the annotated copy when
// there is one. LibreOffice shows a linked cell on one line whatever its wrap setting, so a
// name longer than the column is shortened in the middle (its start and end tell files apart);
// the tooltip and the link keep the whole path.
func (r *rawRow) fileCell(col int, sf SummaryForm, shown string, width int, widths colWidths) {
	r.fileCellText(col, sf, fileText(sf, shown, width), widths)
}

// fileText is the text fileCell shows.
func fileText(sf SummaryForm, shown string, width int) string {
	if sf.Output == "" {
		// No copy to link to: the input's path, shortened alike so the row keeps one line.
		return fitName(filepath.ToSlash(sf.File), width)
	}
	if shown == "" || shown == "." {
		shown = filepath.ToSlash(sf.Output)
	}
	return fitName(shown, width)
}

// fileCellText is fileCell showing text, fileText's result: a form's findings show the same.
func (r *rawRow) fileCellText(col int, sf SummaryForm, text string, widths colWidths) {
	i := col - max(r.span, 1)
	widths.see(col, text)
	if sf.Output == "" {
		r.cells[i] = summaryCell{text, sText}
		return
	}
	r.cells[i] = summaryCell{text, sLink}
	r.linkCol, r.link = col, sf.Output
}

// fitName is a file name as it fits a column width units wide. When it must be cut, the .xlsx
// and the （审核） every copy ends in go first: they tell no two files apart.
func fitName(name string, width int) string {
	if textWidth(name) <= width-1 {
		return name
	}
	stem := strings.TrimSuffix(strings.TrimSuffix(name, ".xlsx"), "（审核）")
	return middleEllipsis(stem, width-2)
}
