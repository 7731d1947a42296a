package excelio

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/jxzp/jxzp/scoring"
)

// deptGroup is one department's forms as 汇总表 lists them: together, then a subtotal row.
type deptGroup struct {
	name  string
	forms []SummaryForm
}

// groupByDept orders the forms by 主管部门, then 实施单位, then 项目名称, keeping path order among
// equals, and cuts them into one group per department: leadership reads a department at a time.
// It also gives the widths of the three name columns (nameWidth), from the same reading of
// each form: a batch's results are read back from disk, so each reading counts.
func groupByDept(forms []SummaryForm) ([]deptGroup, [3]int) {
	type keyed struct {
		sf                  SummaryForm
		dept, unit, project string
	}
	ks := make([]keyed, len(forms))
	var depts, units, projects []string
	for i, sf := range forms {
		fm := formOf(sf.result())
		dept := deptName(fm.Department.Text)
		ks[i] = keyed{sf, dept, sortKey(fm.Unit.Text), sortKey(fm.Project.Text)}
		depts, units, projects = append(depts, dept), append(units, fm.Unit.Text), append(projects, fm.Project.Text)
	}
	nw := [3]int{nameWidth(depts, 10, 18), nameWidth(units, 10, 20), nameWidth(projects, 12, 22)}
	slices.SortStableFunc(ks, func(a, b keyed) int {
		return cmp.Or(cmp.Compare(a.dept, b.dept), cmp.Compare(a.unit, b.unit), cmp.Compare(a.project, b.project))
	})
	var groups []deptGroup
	for _, k := range ks {
		if n := len(groups); n == 0 || groups[n-1].name != k.dept {
			groups = append(groups, deptGroup{name: k.dept})
		}
		g := &groups[len(groups)-1]
		g.forms = append(g.forms, k.sf)
	}
	return groups, nw
}

// groups is groupByDept(s.Forms), worked out once for 汇总表 and 问题清单.
func (w *summaryWriter) groups(s *Summary) ([]deptGroup, [3]int) {
	if w.byDept == nil {
		w.byDept, w.nameWidths = groupByDept(s.Forms)
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
