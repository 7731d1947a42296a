package excelio

import (
	"fmt"
	"strings"

	"github.com/jxzp/jxzp/scoring"
)

// deptGroup is one department's forms as 汇总表 lists them: together, then a subtotal row.
type deptGroup struct {
	name  string
	sum   *Summary
	forms []int32 // indexes into sum.Forms: a form costs four bytes here, whatever it holds
}

// form is the group's form i and its result.
func (g *deptGroup) form(i int32) (*SummaryForm, *scoring.Result) {
	return &g.sum.Forms[i], g.sum.result(int(i))
}

// groups is the facts' groupByDept, worked out once for 汇总表 and 问题清单.
func (w *summaryWriter) groups(s *Summary) ([]deptGroup, [3]int) {
	if w.byDept == nil {
		w.byDept, w.nameWidths = w.facts(s).groupByDept(s)
		if w.byDept == nil {
			w.byDept = []deptGroup{}
		}
	}
	return w.byDept, w.nameWidths
}

// sortKey is a name as it sorts: without a system code in front and without spaces.
func sortKey(s string) string {
	return strings.Join(strings.Fields(scoring.StripCodePrefix(strings.TrimSpace(s))), "")
}

// subtotalLabel is the label of a department's subtotal row of 汇总表.
func subtotalLabel(name string, g *fundsSum) string {
	return fmt.Sprintf("%s 小计（%d 张表）", name, g.forms)
}

// subtotalRow is a department's subtotal row of 汇总表: money summed, the rate weighted by
// budget, the forms counted under the label, the findings and the forms to revise counted.
func subtotalRow(label string, g *fundsSum, widths colWidths) *rawRow {
	status := ""
	if g.revise > 0 {
		status = fmt.Sprintf("需修改 %d", g.revise)
	}
	cells := []summaryCell{
		{label, outStyle{bold: true, border: true, hAlign: "left", wrap: true, fill: outBlockFill}},
		{optional(g.initial, g.hasInitial), sAmount},
		{optional(g.budget, g.hasBudget), sAmount},
		{optional(g.executed, g.hasExecuted), sAmount},
		{g.rate(), sRate},
		{nil, sScore},
		{g.mean(), sScore},
		{nil, sScore},
		{nil, sCenter},
		{g.errors, sInt},
		{g.warnings, sInt},
		{status, sCenter},
		{nil, sText},
	}
	for i := 1; i < len(cells); i++ {
		widths.seeValue(4+i, cells[i].v, cells[i].o)
		cells[i].o = bolded(cells[i].o)
		cells[i].o.fill = outBlockFill
	}
	return &rawRow{cells: cells, span: 4}
}
