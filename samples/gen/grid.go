package main

import (
	"fmt"

	"github.com/shopspring/decimal"
	"github.com/xuri/excelize/v2"
)

// Writing the workbook.

type styles struct {
	title, sub, label, head, text, amount, num, pct, note int
}

func newStyles(f *excelize.File) (*styles, error) {
	border := []excelize.Border{
		{Type: "left", Color: "000000", Style: 1}, {Type: "right", Color: "000000", Style: 1},
		{Type: "top", Color: "000000", Style: 1}, {Type: "bottom", Color: "000000", Style: 1},
	}
	font := func(size float64, bold bool) *excelize.Font {
		return &excelize.Font{Family: "宋体", Size: size, Bold: bold}
	}
	center := &excelize.Alignment{Horizontal: "center", Vertical: "center", WrapText: true}
	left := &excelize.Alignment{Horizontal: "left", Vertical: "center", WrapText: true}
	s := &styles{}
	defs := []struct {
		dst *int
		st  excelize.Style
	}{
		{&s.title, excelize.Style{Font: font(18, true), Alignment: center}},
		{&s.sub, excelize.Style{Font: font(12, false), Alignment: center}},
		{&s.label, excelize.Style{Font: font(11, false), Alignment: center, Border: border}},
		{&s.head, excelize.Style{Font: font(11, true), Alignment: center, Border: border}},
		{&s.text, excelize.Style{Font: font(11, false), Alignment: left, Border: border}},
		{&s.amount, excelize.Style{Font: font(11, false), Alignment: center, Border: border, NumFmt: 2}},
		{&s.num, excelize.Style{Font: font(11, false), Alignment: center, Border: border}},
		{&s.pct, excelize.Style{Font: font(11, false), Alignment: center, Border: border, NumFmt: 10}},
		{&s.note, excelize.Style{Font: font(10, false), Alignment: &excelize.Alignment{Horizontal: "left", Vertical: "top", WrapText: true}}},
	}
	for _, d := range defs {
		id, err := f.NewStyle(&d.st)
		if err != nil {
			return nil, err
		}
		*d.dst = id
	}
	return s, nil
}

// grid writes cells at positions relative to the form's top-left corner, so that a form can be
// moved (B3 instead of A1) without touching the layout code.
type grid struct {
	f      *excelize.File
	sheet  string
	r0, c0 int
	err    error
}

// formula is a formula cell; cached is the value Excel would have stored, nil for none (as
// openpyxl and some exporters leave it).
type formula struct {
	expr   string
	cached *decimal.Decimal
}

func (g *grid) ref(r, c int) string {
	name, err := excelize.CoordinatesToCellName(g.c0+c, g.r0+r)
	if err != nil && g.err == nil {
		g.err = err
	}
	return name
}

func (g *grid) keep(err error) {
	if err != nil && g.err == nil {
		g.err = err
	}
}

func (g *grid) set(r, c int, v any, style int) string {
	cell := g.ref(r, c)
	switch v := v.(type) {
	case string:
		if v != "" {
			g.keep(g.f.SetCellStr(g.sheet, cell, v))
		}
	case decimal.Decimal:
		// The decimal is exact; the float is only how the xlsx stores a number, and every value
		// written here has far fewer than 15 significant digits.
		g.keep(g.f.SetCellFloat(g.sheet, cell, v.InexactFloat64(), -1, 64))
	case formula:
		if v.cached != nil {
			g.keep(g.f.SetCellFloat(g.sheet, cell, v.cached.InexactFloat64(), -1, 64))
		}
		g.keep(g.f.SetCellFormula(g.sheet, cell, v.expr))
	default:
		g.keep(fmt.Errorf("cell %s: unsupported value %T", cell, v))
	}
	g.keep(g.f.SetCellStyle(g.sheet, cell, cell, style))
	return cell
}

// merge writes v into the top-left cell of a range, styles every cell of it (so borders show on
// the merged area in every viewer) and merges it.
func (g *grid) merge(r1, c1, r2, c2 int, v any, style int) string {
	cell := g.set(r1, c1, v, style)
	far := g.ref(r2, c2)
	g.keep(g.f.SetCellStyle(g.sheet, cell, far, style))
	if r1 != r2 || c1 != c2 {
		g.keep(g.f.MergeCell(g.sheet, cell, far))
	}
	return cell
}

func (g *grid) height(r int, h float64) { g.keep(g.f.SetRowHeight(g.sheet, g.r0+r, h)) }

// positions are the cells of the parts a finding points at.
type positions struct {
	rng                                 string
	funds                               [4][3]string // row (total, parts), column (年初, 全年, 执行)
	execPoints, rate, execScore         string
	inds                                []indPos
	l1First                             map[string]string
	totalPoints, totalScore, grade      string
	title, project, unit, goalTarget    string
	rateFormula, totalFormula, firstInd string
}

type indPos struct{ name, target, actual, points, score, reason string }

// labels returns the label spellings of one layout; the reader must find every one of them.
func labels(l layout) map[string]string {
	m := map[string]string{
		"year": "（2021年度）", "project": "项目名称", "dept": "主管部门", "unit": "实施单位",
		"person": "项目负责人", "phone": "联系电话",
		"funds": "项目资金（万元）", "initial": "年初预算数", "budget": "全年预算数", "executed": "全年执行数",
		"points": "分值", "rate": "执行率", "score": "得分",
		"total": "年度资金总额", "cur": "其中：当年财政拨款", "carry": "上年结转资金", "other": "其他资金",
		"goal": "年度总体目标", "goalTarget": "预期目标", "goalActual": "实际完成情况",
		"ind": "绩效指标", "l1": "一级指标", "l2": "二级指标", "l3": "三级指标",
		"target": "年度指标值", "actual": "实际完成值", "reason": "偏差原因分析及改进措施",
		"sum": "总分", "grade": "自评等级",
	}
	if l.half {
		m["year"], m["funds"] = "(2021年度)", "项目资金(万元)"
	}
	if l.letters {
		m["budget"], m["executed"], m["rate"] = "全年预算数(A)", "全年执行数(B)", "执行率(B/A)"
		m["goal"], m["ind"] = "年度总体目标完成情况", "年度绩效指标完成情况"
	}
	if l.breaks {
		for k, v := range map[string]string{
			"project": "项目\n名称", "dept": "主管\n部门", "unit": "实施\n单位", "funds": "项目资金\n（万元）",
			"initial": "年初\n预算数", "budget": "全年\n预算数", "executed": "全年\n执行数",
			"total": "年度资金\n总额", "cur": "其中：当年\n财政拨款", "carry": "上年结转\n资金",
			"goal": "年度总体\n目标", "ind": "绩效\n指标", "l1": "一级\n指标", "l2": "二级\n指标", "l3": "三级\n指标",
			"target": "年度\n指标值", "actual": "实际\n完成值", "reason": "偏差原因分析\n及改进措施",
			"sum": "总  分", "grade": "自评\n等级",
		} {
			m[k] = v
		}
	}
	return m
}

const dash = "—"
