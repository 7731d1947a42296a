package excelio

import (
	"fmt"
	"path"
	"path/filepath"
	"strings"

	"github.com/shopspring/decimal"
	"github.com/xuri/excelize/v2"

	"github.com/jxzp/jxzp/scoring"
)

// forms writes 汇总表: every form, grouped by department with a subtotal under each, then the
// 合计 row. Its rows are streamed (rawSheet): only the frame is built here.
func (w *summaryWriter) forms(title string, s *Summary) error {
	sh := sheetForms
	if err := w.frame(sh, title, issuedNote(s)+formsNote(s, w.facts(s)), "金额单位：万元", formsHeader); err != nil {
		return err
	}
	groups, nw := w.groups(s)
	w.layFindingsAhead(s)
	rs := &rawSheet{name: sh, wrapCols: []int{2, 3, 4}, produce: func(widths colWidths, emit func(*rawRow) error) error {
		return formsRows(groups, nw, widths, emit)
	}}
	widths := colWidths{}
	// The name columns are exactly nw wide (their limits below), so the rows' heights, which the
	// page breaks need, are known before the other columns' widths are.
	rows, heights, err := w.layout(rs, widths, func(col int) float64 { return float64(nw[col-2]) })
	if err != nil {
		return err
	}
	end := summaryFirstRow + rows - 1 // the 合计 row
	lastData := end - 1
	if lastData >= summaryFirstRow {
		if err := w.formsFills(s, lastData); err != nil {
			return err
		}
	}
	// Text columns are as wide as a name of typical length needs on two lines and wrap at
	// sensible points, so the sixteen columns print on one landscape page width at a readable scale.
	limits := [][2]int{{5, 5}, {nw[0], nw[0]}, {nw[1], nw[1]}, {nw[2], nw[2]}, {10, 14}, {10, 14}, {10, 14}, {9, 9},
		{8, 9}, {8, 9}, {8, 9}, {9, 9}, {7, 7}, {7, 7}, {8, 8}, {12, formsFileWidth}}
	if rs.final, err = w.finishCols(sh, formsHeader, widths, limits); err != nil {
		return err
	}
	if err := w.finishView(sh, formsHeader, lastData); err != nil {
		return err
	}
	w.raw = append(w.raw, rs)
	heightOf := func(r int) float64 { return heights[r-summaryFirstRow] }
	// Only a table taller than a page gets manual breaks: at 100 % a short one is estimated
	// taller than fit-to-width prints it, and a needless break would split it across two pages.
	if pages(w.f, sh, summaryHeaderRow, end, heightOf) <= 1 {
		return nil
	}
	return keepTogether(w.f, sh, summaryHeaderRow, blockStarts(groups), end, heightOf)
}

// blockStarts are the first rows of each department's block of 汇总表: its forms, then its subtotal.
func blockStarts(groups []deptGroup) []int {
	starts := make([]int, len(groups))
	row := summaryFirstRow
	for i, g := range groups {
		starts[i] = row
		row += len(g.forms) + 1
	}
	return starts
}

// formsRows emits the rows of 汇总表 under the header: each department's forms and subtotal,
// then the 合计 row.
func formsRows(groups []deptGroup, nw [3]int, widths colWidths, emit func(*rawRow) error) error {
	var total fundsSum
	n := 0
	row := &rawRow{} // emit keeps nothing of a row: one is refilled for every form
	var names lastBreaks
	for _, g := range groups {
		var sub fundsSum
		for _, i := range g.forms {
			n++
			sf, r := g.form(i)
			r = resultOrEmpty(r)
			total.add(r)
			sub.add(r)
			if err := emit(formRow(row, &names, n, *sf, r, nw, widths)); err != nil {
				return err
			}
		}
		if err := emit(subtotalRow(subtotalLabel(g.name, &sub), &sub, widths)); err != nil {
			return err
		}
	}
	return emit(formsTotalRow(&total, widths))
}

// formRow fills row with form n's row of 汇总表, its names broken at sensible points for their
// columns, and returns it.
func formRow(row *rawRow, names *lastBreaks, n int, sf SummaryForm, r *scoring.Result, nw [3]int, widths colWidths) *rawRow {
	vals := formsValues(row.cells[:0], n, r)
	for i := range nw {
		if t, ok := vals[1+i].v.(string); ok {
			vals[1+i].v = names.breakName(i, t, nw[i])
		}
	}
	for c, v := range vals {
		widths.seeValue(c+1, v.v, v.o)
	}
	*row = rawRow{cells: append(vals, summaryCell{})}
	row.fileCell(16, sf, path.Base(filepath.ToSlash(sf.Output)), formsFileWidth, widths)
	return row
}

// issuedNote is 制表单位 and 制表日期 as the note line under the title starts with; "" for neither.
func issuedNote(s *Summary) string {
	var parts []string
	if b := strings.TrimSpace(s.Bureau); b != "" {
		parts = append(parts, "制表单位："+b)
	}
	if d := strings.TrimSpace(s.Date); d != "" {
		parts = append(parts, "制表日期："+d)
	}
	if len(parts) == 0 {
		return ""
	}
	return strings.Join(parts, "　") + "　"
}

// formsNote is the note line of 汇总表: how many forms passed and how many need revising, and
// how many of those were sent back unfilled.
func formsNote(s *Summary, f *summaryFacts) string {
	note := fmt.Sprintf("共 %d 张表：通过 %d 张，需修改 %d 张", len(s.Forms), f.pass, f.revise)
	return note + unfilledNote(f.unfilled)
}

// unfilledText stands where an unfilled form (S08) has no recomputed score or grade.
const unfilledText = "未填写"

// unfilledNote says how many forms were not graded because they came back unfilled; "" for none.
func unfilledNote(n int) string {
	if n == 0 {
		return ""
	}
	return fmt.Sprintf("（其中 %d 张未填写，不评分、不评等级）", n)
}

// formsValues appends to dst the row of 汇总表 for form n, up to but not including the 文件
// column.
func formsValues(dst []summaryCell, n int, r *scoring.Result) []summaryCell {
	fm := formOf(r)
	var diff *decimal.Decimal
	var recomputed, grade any = r.RecomputedTotal, r.RecomputedGrade
	switch {
	case r.RecomputedTotal == nil:
		recomputed, grade = unfilledText, unfilledText
	case r.ClaimedTotal != nil:
		d := r.RecomputedTotal.Sub(*r.ClaimedTotal)
		diff = &d
	}
	return append(dst,
		summaryCell{n, sCenter},
		summaryCell{deptName(fm.Department.Text), sText},
		summaryCell{fm.Unit.Text, sText},
		summaryCell{fm.Project.Text, sText},
		summaryCell{r.Initial, sAmount},
		summaryCell{r.Budget, sAmount},
		summaryCell{r.Executed, sAmount},
		summaryCell{rate4(r.Rate), sRate},
		summaryCell{r.ClaimedTotal, sScore},
		summaryCell{recomputed, sScore},
		summaryCell{diff, sScore},
		summaryCell{grade, sCenter},
		summaryCell{r.Errors(), sInt},
		summaryCell{r.Warnings(), sInt},
		summaryCell{r.Status, sCenter},
	)
}

// formsTotalRow is the 合计 row of 汇总表: money summed exactly; the rate weighted by budget.
func formsTotalRow(total *fundsSum, widths colWidths) *rawRow {
	totals := []summaryCell{
		{fmt.Sprintf("合计（%d 张表）", total.forms), sTotal},
		{optional(total.initial, total.hasInitial), sAmount},
		{optional(total.budget, total.hasBudget), sAmount},
		{optional(total.executed, total.hasExecuted), sAmount},
		{total.rate(), sRate},
		{nil, sScore},
		{nil, sScore},
		{nil, sScore},
		{nil, sCenter},
		{total.errors, sInt},
		{total.warnings, sInt},
		{nil, sCenter},
		{nil, sText},
	}
	for i := 1; i < len(totals); i++ {
		widths.seeValue(4+i, totals[i].v, totals[i].o)
		totals[i].o = bolded(totals[i].o)
	}
	return &rawRow{cells: totals, span: 4, plain: true}
}

// formsFills colours the 状态 and 复核等级 columns of the data rows of 汇总表. Conditional rather
// than fixed fills, so a reader who sorts or filters the table, or corrects a value by hand,
// keeps colours that match the text.
func (w *summaryWriter) formsFills(s *Summary, lastData int) error {
	data := func(col int) string {
		c, _ := excelize.ColumnNumberToName(col)
		return fmt.Sprintf("%s%d:%s%d", c, summaryFirstRow, c, lastData)
	}
	if err := w.condFill(sheetForms, data(15), map[string][2]string{
		scoring.StatusRevise: {outErrorFill, outErrorFont},
		scoring.StatusPass:   {outGoodFill, outGoodFont},
	}); err != nil {
		return err
	}
	return w.condFill(sheetForms, data(12), gradeFills(profileGrades(summaryProfile(s))))
}
