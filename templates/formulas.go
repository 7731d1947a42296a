package templates

import (
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/jxzp/jxzp/scoring"
)

// The formulas use only functions every spreadsheet program a unit may have (Excel, WPS,
// LibreOffice) computes alike: IF, AND, ISNUMBER, MIN, SUM, COUNT, ROUND.

// rateOK is the condition under which an execution rate can be computed: both amounts are numbers
// and the budget is positive (rules.md §1: an empty or zero budget earns no rate).
func rateOK(budget, executed string) string {
	return fmt.Sprintf("AND(ISNUMBER(%s),ISNUMBER(%s),%s>0)", budget, executed, budget)
}

// rateFormula is 执行率 = 全年执行数 ÷ 全年预算数, unrounded: the cell's 0.00% format shows it.
func rateFormula(budget, executed string) string {
	return fmt.Sprintf(`IF(%s,%s/%s,"")`, rateOK(budget, executed), executed, budget)
}

// execScoreFormula is the execution score of rules.md §1 under p: points × min(rate, 1), or the
// profile's bands, rounded once to the profile's places. points is a cell or a number.
func execScoreFormula(p *scoring.Profile, points, budget, executed string) string {
	rate := executed + "/" + budget
	var share string
	if p.Execution.Mode == "bands" {
		share = "0"
		bands := slices.Clone(p.Execution.Bands)
		sort.SliceStable(bands, func(i, j int) bool { return bands[i].Min.LessThan(bands[j].Min) })
		for _, b := range bands {
			share = fmt.Sprintf("IF(%s>=%s,%s,%s)", rate, b.Min, b.Share, share)
		}
	} else {
		share = fmt.Sprintf("MIN(%s,1)", rate)
	}
	return fmt.Sprintf(`IF(%s,ROUND(%s*%s,%d),"")`, rateOK(budget, executed), points, share, p.ScorePlaces)
}

// totalFormula is 总分 = execution score + Σ indicator scores as written, rounded to the profile's
// places; empty while nothing is scored, so a blank form shows no 0.
func totalFormula(p *scoring.Profile, execScore, scores string) string {
	return fmt.Sprintf(`IF(COUNT(%s,%s)=0,"",ROUND(SUM(%s,%s),%d))`, execScore, scores, execScore, scores, p.ScorePlaces)
}

// gradeFormula is the grade of the total under the profile's bands (rules.md §5).
func gradeFormula(p *scoring.Profile, total string) string {
	bands := slices.Clone(p.Grades)
	sort.SliceStable(bands, func(i, j int) bool { return bands[i].Min.GreaterThan(bands[j].Min) })
	expr := `""`
	for i := len(bands) - 1; i >= 0; i-- {
		b := bands[i]
		if i == len(bands)-1 && b.Min.IsZero() {
			expr = quote(b.Grade)
			continue
		}
		expr = fmt.Sprintf("IF(%s>=%s,%s,%s)", total, b.Min, quote(b.Grade), expr)
	}
	return fmt.Sprintf(`IF(ISNUMBER(%s),%s,"")`, total, expr)
}

// quote writes s as a formula string literal.
func quote(s string) string { return `"` + strings.ReplaceAll(s, `"`, `""`) + `"` }
