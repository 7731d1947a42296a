package excelio

import (
	"fmt"
)

func (w *summaryWriter) depts(title string, s *Summary) error {
	sh := sheetDepts
	facts := w.facts(s)
	grades := summaryGrades(s, facts)
	header := deptsHeader(grades)
	if err := w.frame(sh, title+"（按主管部门）", fmt.Sprintf("共 %d 张表", len(s.Forms)), "金额单位：万元", header); err != nil {
		return err
	}
	names, groups, all := facts.deptNames, facts.depts, facts.all
	widths := colWidths{}
	row := summaryFirstRow
	line := func(label string, g *fundsSum, total bool) error {
		vals := []summaryCell{
			{label, sText},
			{g.forms, sInt},
			{optional(g.budget, g.hasBudget), sAmount},
			{optional(g.executed, g.hasExecuted), sAmount},
			{g.rate(), sRate},
			{g.mean(), sScore},
		}
		for _, grade := range grades {
			vals = append(vals, summaryCell{g.grades[grade], sInt})
		}
		vals = append(vals, summaryCell{g.revise, sInt})
		for c, v := range vals {
			o := v.o
			if total {
				o = bolded(o)
				if c == 0 {
					o = sTotal
				}
			}
			if err := w.set(sh, c+1, row, v.v, o); err != nil {
				return err
			}
		}
		widths.see(1, label)
		row++
		return nil
	}
	for _, name := range names {
		if err := line(name, groups[name], false); err != nil {
			return err
		}
	}
	lastData := row - 1
	if err := line("合计", all, true); err != nil {
		return err
	}
	limits := [][2]int{{12, 40}, {8, 8}, {14, 16}, {14, 16}, {10, 10}, {12, 12}}
	for _, grade := range grades {
		// A grade's column is as narrow as 优's unless a longer name needs more.
		limits = append(limits, [2]int{6, max(6, textWidth(grade)+2)})
	}
	limits = append(limits, [2]int{12, 12})
	return w.finish(sh, header, widths, limits, []int{1}, lastData)
}
