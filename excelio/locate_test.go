package excelio

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/jxzp/jxzp/scoring"
	"github.com/xuri/excelize/v2"
)

// The workbooks of these tests are built with excelize in t.TempDir(): each one carries one kind
// of noise of shared/domain/form.md (layout family 1) on top of a clean national-template form.

// layout is a block of cells in coordinates relative to where it will be placed (0-based row and
// column), with its merges, formulas and hidden rows in the same coordinates.
type layout struct {
	cells    map[[2]int]any
	merges   [][4]int // r1, c1, r2, c2 (inclusive)
	formulas map[[2]int]string
	hidden   []int
	rows     int
	// styles are number formats (and other styles) of cells, such as a date or percent format.
	styles map[[2]int]excelize.Style
}

func newLayout() *layout {
	return &layout{cells: map[[2]int]any{}, formulas: map[[2]int]string{}, styles: map[[2]int]excelize.Style{}}
}

// style gives the cell at (r, c) a style when the layout is placed.
func (l *layout) style(r, c int, st excelize.Style) { l.styles[[2]int{r, c}] = st }

// set writes one row of values starting at column c; a nil value leaves its cell empty.
func (l *layout) set(r, c int, vs ...any) {
	for i, v := range vs {
		if v == nil {
			delete(l.cells, [2]int{r, c + i})
			continue
		}
		l.cells[[2]int{r, c + i}] = v
	}
	if r+1 > l.rows {
		l.rows = r + 1
	}
}

func (l *layout) merge(r1, c1, r2, c2 int) { l.merges = append(l.merges, [4]int{r1, c1, r2, c2}) }

// insertRows inserts n empty rows before row at, shifting the cells below and stretching the
// merges that cross it, as Excel's "insert row" does.
func (l *layout) insertRows(at, n int) {
	cells := map[[2]int]any{}
	for k, v := range l.cells {
		if k[0] >= at {
			k[0] += n
		}
		cells[k] = v
	}
	l.cells = cells
	formulas := map[[2]int]string{}
	for k, v := range l.formulas {
		if k[0] >= at {
			k[0] += n
		}
		formulas[k] = v
	}
	l.formulas = formulas
	styles := map[[2]int]excelize.Style{}
	for k, v := range l.styles {
		if k[0] >= at {
			k[0] += n
		}
		styles[k] = v
	}
	l.styles = styles
	for i, m := range l.merges {
		switch {
		case m[0] >= at:
			m[0] += n
			m[2] += n
		case m[2] >= at:
			m[2] += n
		}
		l.merges[i] = m
	}
	for i, h := range l.hidden {
		if h >= at {
			l.hidden[i] = h + n
		}
	}
	l.rows += n
}

// place writes the layout on sheet with its top-left at (row0, col0), 0-based.
func (l *layout) place(t *testing.T, f *excelize.File, sheet string, row0, col0 int) {
	t.Helper()
	name := func(r, c int) string {
		n, err := excelize.CoordinatesToCellName(col0+c+1, row0+r+1)
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	for k, v := range l.cells {
		if err := f.SetCellValue(sheet, name(k[0], k[1]), v); err != nil {
			t.Fatal(err)
		}
	}
	for k, v := range l.formulas {
		if err := f.SetCellFormula(sheet, name(k[0], k[1]), v); err != nil {
			t.Fatal(err)
		}
	}
	for _, m := range l.merges {
		if err := f.MergeCell(sheet, name(m[0], m[1]), name(m[2], m[3])); err != nil {
			t.Fatal(err)
		}
	}
	for k, st := range l.styles {
		id, err := f.NewStyle(&st)
		if err != nil {
			t.Fatal(err)
		}
		if err := f.SetCellStyle(sheet, name(k[0], k[1]), name(k[0], k[1]), id); err != nil {
			t.Fatal(err)
		}
	}
	for _, h := range l.hidden {
		if err := f.SetRowVisible(sheet, row0+h+1, false); err != nil {
			t.Fatal(err)
		}
	}
}

// Row numbers of the clean form built by nationalForm, relative to its first row.
const (
	rTitle    = 0
	rYear     = 1
	rProject  = 2
	rDept     = 3
	rFundsHdr = 4
	rFundsTot = 5
	rGoals    = 9
	rIndHdr   = 11
	rFirstInd = 12
	rLastInd  = 17
	rTotal    = 18
	rGrade    = 19
)

type formText struct {
	year, project, dept, unit string
}

var defaultText = formText{"（2021年度）", "网络宣传管理和文化建设经费", "中共三门峡市委网信办", "三门峡市互联网舆情研究和应急保障中心"}

// nationalForm is a clean form of the national template (form.md, family 1) in columns A–I:
//
//	 0 项目支出绩效自评表                       (A:I merged)
//	 1 （2021年度）                              (A:I merged)
//	 2 项目名称 | project (B:I)
//	 3 主管部门 | dept (B:E) | 实施单位 | unit (G:I)
//	 4 项目资金（万元）(A4:A8) | | 年初预算数 | 全年预算数 | 全年执行数 | 分值 | 执行率 | 得分
//	 5   年度资金总额 | 110 | 110 | 98.69 | 10 | 89.72% | 8.97
//	 6   其中：当年财政拨款 | 110 | 110 | 98.69 | — | — | —
//	 7   上年结转资金,  8 其他资金
//	 9 年度总体目标 (A9:A10) | 预期目标 (B:E) | 实际完成情况 (F:I)
//	10   goal texts
//	11 绩效指标 (A11:A17) | 一级指标 | 二级指标 | 三级指标 | 年度指标值 | 实际完成值 | 分值 | 得分 | 偏差原因分析及改进措施
//	12–17 six indicators; 产出指标 merged B12:B15, 数量指标 merged C12:C13
//	18 总分 (A:F) | 100 | 96.97
//	19 自评等级 (A:F) | 优 (G:I)
func nationalForm(tx formText) *layout {
	l := newLayout()
	l.set(rTitle, 0, "项目支出绩效自评表")
	l.merge(rTitle, 0, rTitle, 8)
	if tx.year != "" {
		l.set(rYear, 0, tx.year)
		l.merge(rYear, 0, rYear, 8)
	}
	l.set(rProject, 0, "项目名称", tx.project)
	l.merge(rProject, 1, rProject, 8)
	l.set(rDept, 0, "主管部门", tx.dept, nil, nil, nil, "实施单位", tx.unit)
	l.merge(rDept, 1, rDept, 4)
	l.merge(rDept, 6, rDept, 8)

	l.set(rFundsHdr, 0, "项目资金（万元）", nil, nil, "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分")
	l.merge(rFundsHdr, 0, rFundsHdr+4, 0)
	l.set(rFundsTot, 1, "年度资金总额", nil, 110, 110, 98.69, 10, "89.72%", 8.97)
	l.set(rFundsTot+1, 1, "其中：当年财政拨款", nil, 110, 110, 98.69, "—", "—", "—")
	l.set(rFundsTot+2, 1, "上年结转资金", nil, nil, nil, nil, "—", "—", "—")
	l.set(rFundsTot+3, 1, "其他资金", nil, nil, nil, nil, "—", "—", "—")
	for r := rFundsHdr; r <= rFundsTot+3; r++ {
		l.merge(r, 1, r, 2)
	}

	l.set(rGoals, 0, "年度总体目标", "预期目标", nil, nil, nil, "实际完成情况")
	l.set(rGoals+1, 1, "全年监测舆情，按时报送舆情报告。", nil, nil, nil, "已全年监测舆情，按时报送舆情报告。")
	l.merge(rGoals, 0, rGoals+1, 0)
	for _, r := range []int{rGoals, rGoals + 1} {
		l.merge(r, 1, r, 4)
		l.merge(r, 5, r, 8)
	}

	l.set(rIndHdr, 0, "绩效指标", "一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分", "偏差原因分析及改进措施")
	l.merge(rIndHdr, 0, rLastInd, 0)
	l.set(rFirstInd, 1, "产出指标", "数量指标", "监测指令稿件数", "≥3500条", "3500条", 15, 15)
	l.set(rFirstInd+1, 3, "舆情报告数", "≥12期", "12期", 10, 10)
	l.set(rFirstInd+2, 2, "质量指标", "稿件准确率", "≥98%", "99%", 15, 15)
	l.set(rFirstInd+3, 2, "时效指标", "按时完成率", "100%", "100%", 10, 10)
	l.set(rFirstInd+4, 1, "效益指标", "社会效益指标", "舆情处置及时率", "≥95%", "93%", 30, 28, "个别舆情处置延迟，将加强值守。")
	l.set(rLastInd, 1, "满意度指标", "服务对象满意度指标", "服务对象满意度", "≥80%", "80%", 10, 10)
	l.merge(rFirstInd, 1, rFirstInd+3, 1)
	l.merge(rFirstInd, 2, rFirstInd+1, 2)

	l.set(rTotal, 0, "总分", nil, nil, nil, nil, nil, 100, 96.97)
	l.merge(rTotal, 0, rTotal, 5)
	l.set(rGrade, 0, "自评等级", nil, nil, nil, nil, nil, "优")
	l.merge(rGrade, 0, rGrade, 5)
	l.merge(rGrade, 6, rGrade, 8)
	return l
}

type placed struct {
	l          *layout
	row0, col0 int
}

type sheetSpec struct {
	name   string
	blocks []placed
}

// writeBook saves the sheets to a new workbook in t.TempDir() and returns its path.
func writeBook(t *testing.T, sheets ...sheetSpec) string {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	for i, s := range sheets {
		if i == 0 {
			if err := f.SetSheetName("Sheet1", s.name); err != nil {
				t.Fatal(err)
			}
		} else if _, err := f.NewSheet(s.name); err != nil {
			t.Fatal(err)
		}
		for _, b := range s.blocks {
			b.l.place(t, f, s.name, b.row0, b.col0)
		}
	}
	path := filepath.Join(t.TempDir(), "form.xlsx")
	if err := f.SaveAs(path); err != nil {
		t.Fatal(err)
	}
	return path
}

// readN reads the workbook and requires exactly n forms.
func readN(t *testing.T, path string, n int) []*scoring.Form {
	t.Helper()
	wb, err := ReadForms(path, ReadOptions{})
	if err != nil {
		t.Fatalf("ReadForms: %v", err)
	}
	if len(wb.Forms) != n {
		t.Fatalf("found %d forms, want %d", len(wb.Forms), n)
	}
	return wb.Forms
}

// at names the cell at (r, c) of a layout placed at (row0, col0), all 0-based.
func at(row0, col0, r, c int) string {
	n, _ := excelize.CoordinatesToCellName(col0+c+1, row0+r+1)
	return n
}

// checkCell asserts a located cell's reference and text.
func checkCell(t *testing.T, what string, got scoring.Cell, cell, text string) {
	t.Helper()
	if got.Cell != cell || got.Text != text {
		t.Errorf("%s = %s %q, want %s %q", what, orNone(got.Cell), got.Text, orNone(cell), text)
	}
}

func orNone(s string) string {
	if s == "" {
		return "(not found)"
	}
	return s
}

// checkNationalForm asserts every located part of a nationalForm placed at (row0, col0). indRows
// are the relative rows of its six indicators when rows were inserted into the table (nil: the
// clean form's 12–17); the total and grade rows follow the last indicator.
func checkNationalForm(t *testing.T, f *scoring.Form, row0, col0 int, tx formText, indRows []int) {
	t.Helper()
	checkNationalFormTotalAt(t, f, row0, col0, tx, indRows, 0)
}

// checkNationalFormTotalAt is checkNationalForm with the total's relative row given (0: just
// under the last indicator).
func checkNationalFormTotalAt(t *testing.T, f *scoring.Form, row0, col0 int, tx formText, indRows []int, totalRow int) {
	t.Helper()
	c := func(r, col int) string { return at(row0, col0, r, col) }
	if f.Family != 1 {
		t.Errorf("Family = %d, want 1", f.Family)
	}
	checkCell(t, "Title", f.Title, c(rTitle, 0), "项目支出绩效自评表")
	if f.Year != 2021 {
		t.Errorf("Year = %d, want 2021", f.Year)
	}
	checkCell(t, "Project", f.Project, c(rProject, 1), tx.project)
	checkCell(t, "Department", f.Department, c(rDept, 1), tx.dept)
	checkCell(t, "Unit", f.Unit, c(rDept, 6), tx.unit)
	if len(f.Missing) != 0 {
		t.Errorf("Missing = %v, want none", f.Missing)
	}
	if f.Funds == nil {
		t.Fatal("funds block not found")
	}
	tot := f.Funds.Total
	checkCell(t, "Funds.Label", f.Funds.Label, c(rFundsHdr, 0), "项目资金（万元）")
	checkCell(t, "Funds.Total.Label", tot.Label, c(rFundsTot, 1), "年度资金总额")
	checkCell(t, "Funds.Total.Initial", tot.Initial, c(rFundsTot, 3), "110")
	checkCell(t, "Funds.Total.Budget", tot.Budget, c(rFundsTot, 4), "110")
	checkCell(t, "Funds.Total.Executed", tot.Executed, c(rFundsTot, 5), "98.69")
	checkCell(t, "Funds.Total.Points", tot.Points, c(rFundsTot, 6), "10")
	checkCell(t, "Funds.Total.Rate", tot.Rate, c(rFundsTot, 7), "89.72%")
	checkCell(t, "Funds.Total.Score", tot.Score, c(rFundsTot, 8), "8.97")
	if len(f.Funds.Parts) != 3 {
		t.Errorf("Funds.Parts = %d, want 3", len(f.Funds.Parts))
	}
	checkCell(t, "GoalTarget", f.GoalTarget, c(rGoals+1, 1), "全年监测舆情，按时报送舆情报告。")
	checkCell(t, "GoalActual", f.GoalActual, c(rGoals+1, 5), "已全年监测舆情，按时报送舆情报告。")

	names := []string{"监测指令稿件数", "舆情报告数", "稿件准确率", "按时完成率", "舆情处置及时率", "服务对象满意度"}
	if indRows == nil {
		indRows = []int{12, 13, 14, 15, 16, 17}
	}
	if len(f.Indicators) != len(names) {
		var got []string
		for _, in := range f.Indicators {
			got = append(got, fmt.Sprintf("%d:%s", in.Row, in.Name.Text))
		}
		t.Fatalf("indicators = %v, want %d: %v", got, len(names), names)
	}
	for i, in := range f.Indicators {
		r := indRows[i]
		if in.Row != row0+r+1 {
			t.Errorf("indicator %d Row = %d, want %d", i, in.Row, row0+r+1)
		}
		checkCell(t, "indicator Name", in.Name, c(r, 3), names[i])
	}
	first, last := f.Indicators[0], f.Indicators[len(f.Indicators)-1]
	checkCell(t, "first.Target", first.Target, c(indRows[0], 4), "≥3500条")
	checkCell(t, "first.Actual", first.Actual, c(indRows[0], 5), "3500条")
	checkCell(t, "first.Points", first.Points, c(indRows[0], 6), "15")
	checkCell(t, "first.Score", first.Score, c(indRows[0], 7), "15")
	lr := indRows[len(indRows)-1]
	checkCell(t, "last.Level1", last.Level1, c(lr, 1), "满意度指标")
	checkCell(t, "last.Target", last.Target, c(lr, 4), "≥80%")
	checkCell(t, "last.Actual", last.Actual, c(lr, 5), "80%")
	checkCell(t, "last.Points", last.Points, c(lr, 6), "10")
	checkCell(t, "last.Score", last.Score, c(lr, 7), "10")
	reason := f.Indicators[4].Reason
	checkCell(t, "indicator 5 Reason", reason, c(indRows[4], 8), "个别舆情处置延迟，将加强值守。")

	if totalRow == 0 {
		totalRow = lr + 1
	}
	checkCell(t, "TotalPoints", f.TotalPoints, c(totalRow, 6), "100")
	checkCell(t, "TotalScore", f.TotalScore, c(totalRow, 7), "96.97")
	checkCell(t, "Grade", f.Grade, c(totalRow+1, 6), "优")
	wantRange := c(rTitle, 0) + ":" + c(totalRow+1, 8)
	if f.Range != wantRange {
		t.Errorf("Range = %q, want %q", f.Range, wantRange)
	}
}

// A clean form at A1: the baseline the noise tests vary.
func TestLocateCleanNationalForm(t *testing.T) {
	path := writeBook(t, sheetSpec{"自评表", []placed{{nationalForm(defaultText), 0, 0}}})
	f := readN(t, path, 1)[0]
	if f.Sheet != "自评表" {
		t.Errorf("Sheet = %q", f.Sheet)
	}
	checkNationalForm(t, f, 0, 0, defaultText, nil)
	if f.YearAt.Cell != "A2" {
		t.Errorf("YearAt = %q, want A2 (the （2021年度） row)", f.YearAt.Cell)
	}
	if !f.HasPointsColumn {
		t.Error("HasPointsColumn = false")
	}
	checkCell(t, "IndicatorLabel", f.IndicatorLabel, "A12", "绩效指标")
}

// A form that starts at row 5 column C, with note rows (附件, 填报单位, 金额单位) above it.
func TestLocateOffsetFormWithNotesAbove(t *testing.T) {
	for _, tc := range []struct {
		name  string
		notes []string
	}{
		{"no notes", nil},
		{"附件 and 填报单位", []string{"附件3", "填报单位（盖章）：三门峡市互联网舆情研究和应急保障中心"}},
		{"附件 填报单位 金额单位", []string{"附件3", "填报单位（盖章）：三门峡市互联网舆情研究和应急保障中心", "金额单位：万元"}},
		{"notes in column A", []string{"附表1", "", "单位：万元"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			notes := newLayout()
			for i, n := range tc.notes {
				if n != "" {
					notes.set(i, 0, n)
				}
			}
			noteCol := 2
			if tc.name == "notes in column A" {
				noteCol = 0
			}
			path := writeBook(t, sheetSpec{"Sheet1", []placed{{notes, 0, noteCol}, {nationalForm(defaultText), 4, 2}}})
			f := readN(t, path, 1)[0]
			checkNationalForm(t, f, 4, 2, defaultText, nil)
			if f.Range[:2] != "C5" {
				t.Errorf("Range %q does not start at C5, the title", f.Range)
			}
			if f.YearAt.Cell != "C6" {
				t.Errorf("YearAt = %q, want C6", f.YearAt.Cell)
			}
		})
	}
}

// Labels written with spaces, line breaks, full-width brackets and letters, trailing colons.
func TestLocateLabelVariants(t *testing.T) {
	type edit struct {
		r, c  int
		label string
	}
	for _, tc := range []struct {
		name  string
		edits []edit
	}{
		{"line break and full-width colon", []edit{{rProject, 0, "项目\n名称："}, {rDept, 0, "主管\n部门："}, {rDept, 5, "实施\n单位："}}},
		{"half-width colon", []edit{{rProject, 0, "项目名称:"}, {rDept, 0, "主管部门:"}, {rDept, 5, "实施单位:"}}},
		{"spaces inside", []edit{{rProject, 0, "项  目  名  称"}, {rDept, 0, "主 管 部 门"}, {rDept, 5, "实 施 单 位"}}},
		{"unit with 盖章", []edit{{rDept, 5, "实施单位（盖章）"}}},
		{"funds letters full-width", []edit{{rFundsHdr, 4, "全年预算数（A）"}, {rFundsHdr, 5, "全年执行数（B）"}, {rFundsHdr, 7, "执行率（B/A）"}}},
		{"funds letters half-width", []edit{{rFundsHdr, 4, "全年预算数(A)"}, {rFundsHdr, 5, "全年执行数(B)"}, {rFundsHdr, 7, "执行率(B/A)"}}},
		{"funds headers broken", []edit{{rFundsHdr, 3, "年初\n预算数"}, {rFundsHdr, 4, "全年\n预算数（A）"}, {rFundsHdr, 5, "全年\n执行数（B）"}, {rFundsHdr, 8, "得分\n（10分）"}}},
		{"funds block label", []edit{{rFundsHdr, 0, "项目资金\n（万元）"}, {rFundsTot, 1, "年度资金\n总额"}, {rFundsTot + 1, 1, "其中:\n当年财政拨款"}}},
		{"indicator headers broken", []edit{{rIndHdr, 1, "一级\n指标"}, {rIndHdr, 2, "二级\n指标"}, {rIndHdr, 3, "三级\n指标"}, {rIndHdr, 4, "年度\n指标值"}, {rIndHdr, 5, "实际\n完成值"}}},
		{"indicator headers lettered", []edit{{rIndHdr, 4, "年度指标值（A）"}, {rIndHdr, 5, "实际完成值（B）"}, {rIndHdr, 6, "分值："}, {rIndHdr, 7, "得 分"}}},
		{"total with spaces", []edit{{rTotal, 0, "总  分"}, {rGrade, 0, "自评等级："}}},
		{"goals headings", []edit{{rGoals, 1, "预期\n目标"}, {rGoals, 5, "实际完成\n情况"}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			l := nationalForm(defaultText)
			for _, e := range tc.edits {
				l.set(e.r, e.c, e.label)
			}
			path := writeBook(t, sheetSpec{"Sheet1", []placed{{l, 0, 0}}})
			f := readN(t, path, 1)[0]
			// The funds and goal labels keep the text as written: compare the rest.
			if tc.name == "funds block label" {
				checkCell(t, "Funds.Label", f.Funds.Label, "A5", "项目资金\n（万元）")
				checkCell(t, "Funds.Total.Label", f.Funds.Total.Label, "B6", "年度资金\n总额")
				if len(f.Funds.Parts) == 0 || f.Funds.Parts[0].Label.Text != "其中:\n当年财政拨款" {
					t.Errorf("first funds part = %+v", f.Funds.Parts)
				}
				return
			}
			checkNationalForm(t, f, 0, 0, defaultText, nil)
		})
	}
}

// The 一级 and 二级 cells merged down over their rows (and the block labels over theirs): every
// indicator gets the label of the merge it sits in, with the merge's top-left as its cell.
func TestLocateMergedLevelCells(t *testing.T) {
	l := nationalForm(defaultText)
	// 效益指标 and 满意度指标 get two indicators each, the 二级 merged over both.
	l.insertRows(rLastInd, 1)
	l.set(rLastInd, 1, nil, nil, "舆情引导成功率", "≥90%", "92%", 0, 0)
	l.merge(rFirstInd+4, 1, rLastInd, 1) // 效益指标 B16:B17
	l.merge(rFirstInd+4, 2, rLastInd, 2) // 社会效益指标 C16:C17
	path := writeBook(t, sheetSpec{"Sheet1", []placed{{l, 0, 0}}})
	f := readN(t, path, 1)[0]
	want := []struct {
		row                int
		name               string
		l1Cell, l1, l2Cell string
		l2                 string
	}{
		{13, "监测指令稿件数", "B13", "产出指标", "C13", "数量指标"},
		{14, "舆情报告数", "B13", "产出指标", "C13", "数量指标"},
		{15, "稿件准确率", "B13", "产出指标", "C15", "质量指标"},
		{16, "按时完成率", "B13", "产出指标", "C16", "时效指标"},
		{17, "舆情处置及时率", "B17", "效益指标", "C17", "社会效益指标"},
		{18, "舆情引导成功率", "B17", "效益指标", "C17", "社会效益指标"},
		{19, "服务对象满意度", "B19", "满意度指标", "C19", "服务对象满意度指标"},
	}
	if len(f.Indicators) != len(want) {
		t.Fatalf("%d indicators, want %d", len(f.Indicators), len(want))
	}
	for i, w := range want {
		in := f.Indicators[i]
		if in.Row != w.row {
			t.Errorf("indicator %d Row = %d, want %d", i, in.Row, w.row)
		}
		checkCell(t, fmt.Sprintf("row %d Name", w.row), in.Name, fmt.Sprintf("D%d", w.row), w.name)
		checkCell(t, fmt.Sprintf("row %d Level1", w.row), in.Level1, w.l1Cell, w.l1)
		checkCell(t, fmt.Sprintf("row %d Level2", w.row), in.Level2, w.l2Cell, w.l2)
	}
	// A value cell covered by a merge is empty, never the top-left's value again.
	checkCell(t, "Project", f.Project, "B3", defaultText.project)
	checkCell(t, "TotalScore", f.TotalScore, "H20", "96.97")
	checkCell(t, "IndicatorLabel", f.IndicatorLabel, "A12", "绩效指标")
}

// Merges of unexpected shapes: the 实施单位 label merged over two columns (its value is read
// after the merge), and 满意度指标 written once over the 一级 and 二级 columns (the row is still
// an indicator, with its own name, points and score).
func TestLocateMergedUnexpectedShapes(t *testing.T) {
	l := nationalForm(defaultText)
	// 实施单位 label F:G, value H:I.
	l.merges = removeMerge(l.merges, [4]int{rDept, 6, rDept, 8})
	l.set(rDept, 6, nil, l.cells[[2]int{rDept, 6}])
	l.merge(rDept, 5, rDept, 6)
	l.merge(rDept, 7, rDept, 8)
	// 满意度指标 over B18:C18, no 二级 label of its own.
	l.set(rLastInd, 2, nil)
	l.merge(rLastInd, 1, rLastInd, 2)
	path := writeBook(t, sheetSpec{"Sheet1", []placed{{l, 0, 0}}})
	f := readN(t, path, 1)[0]
	checkCell(t, "Unit", f.Unit, "H4", defaultText.unit)
	checkCell(t, "Department", f.Department, "B4", defaultText.dept)
	if len(f.Indicators) != 6 {
		t.Fatalf("%d indicators, want 6", len(f.Indicators))
	}
	last := f.Indicators[5]
	if last.Row != 18 {
		t.Errorf("last Row = %d, want 18", last.Row)
	}
	checkCell(t, "last.Level1", last.Level1, "B18", "满意度指标")
	checkCell(t, "last.Name", last.Name, "D18", "服务对象满意度")
	checkCell(t, "last.Points", last.Points, "G18", "10")
	checkCell(t, "last.Score", last.Score, "H18", "10")
	checkCell(t, "TotalScore", f.TotalScore, "H19", "96.97")
}

func removeMerge(ms [][4]int, m [4]int) [][4]int {
	var out [][4]int
	for _, x := range ms {
		if x != m {
			out = append(out, x)
		}
	}
	return out
}

// Numbers stored as text keep their text ("110.00", "98.69万元") and are not Numeric; numbers
// stored as numbers print as Excel shows them.
func TestLocateNumbersStoredAsText(t *testing.T) {
	for _, tc := range []struct {
		name    string
		value   any
		text    string
		numeric bool
	}{
		{"text with decimals", "110.00", "110.00", false},
		{"text with 万元", "98.69万元", "98.69万元", false},
		{"text with spaces", " 98.69 ", " 98.69 ", false},
		{"text with thousands separator", "1,098.69", "1,098.69", false},
		{"full-width digits", "９８．６９", "９８．６９", false},
		{"number", 98.69, "98.69", true},
		{"double noise", 9.779999999999999, "9.78", true},
		{"integer", 110, "110", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			l := nationalForm(defaultText)
			l.set(rFundsTot, 5, tc.value)   // 全年执行数 of 年度资金总额
			l.set(rFirstInd, 6, tc.value)   // 分值 of the first indicator
			l.set(rTotal, 7, tc.value)      // 总分 得分
			l.set(rFundsTot+1, 4, "110.00") // 全年预算数 of the part, always text
			l.set(rFirstInd+2, 7, "15.00")  // 得分 as text
			path := writeBook(t, sheetSpec{"Sheet1", []placed{{l, 0, 0}}})
			f := readN(t, path, 1)[0]
			for what, got := range map[string]scoring.Cell{
				"Funds.Total.Executed": f.Funds.Total.Executed,
				"first.Points":         f.Indicators[0].Points,
				"TotalScore":           f.TotalScore,
			} {
				if got.Text != tc.text || got.Numeric != tc.numeric {
					t.Errorf("%s = %q numeric=%v, want %q numeric=%v", what, got.Text, got.Numeric, tc.text, tc.numeric)
				}
			}
			checkCell(t, "Funds.Total.Executed", f.Funds.Total.Executed, "F6", tc.text)
			checkCell(t, "first.Points", f.Indicators[0].Points, "G13", tc.text)
			checkCell(t, "TotalScore", f.TotalScore, "H19", tc.text)
			if len(f.Funds.Parts) == 0 {
				t.Fatal("no funds parts")
			}
			if p := f.Funds.Parts[0].Budget; p.Text != "110.00" || p.Numeric {
				t.Errorf("part Budget = %q numeric=%v, want text 110.00", p.Text, p.Numeric)
			}
			if s := f.Indicators[2].Score; s.Text != "15.00" || s.Numeric {
				t.Errorf("indicator 3 Score = %q numeric=%v, want text 15.00", s.Text, s.Numeric)
			}
			if len(f.Indicators) != 6 {
				t.Errorf("%d indicators, want 6", len(f.Indicators))
			}
		})
	}
}

// A hidden row inside the indicator table is still an indicator of the form.
func TestLocateHiddenRowInIndicatorTable(t *testing.T) {
	for _, hidden := range []int{rFirstInd + 1, rFirstInd + 3, rLastInd} {
		t.Run(fmt.Sprintf("row %d", hidden+1), func(t *testing.T) {
			l := nationalForm(defaultText)
			l.hidden = []int{hidden}
			path := writeBook(t, sheetSpec{"Sheet1", []placed{{l, 0, 0}}})
			checkHidden(t, path, hidden+1)
			checkNationalForm(t, readN(t, path, 1)[0], 0, 0, defaultText, nil)
		})
	}
	t.Run("hidden funds total row", func(t *testing.T) {
		l := nationalForm(defaultText)
		l.hidden = []int{rFundsTot}
		path := writeBook(t, sheetSpec{"Sheet1", []placed{{l, 0, 0}}})
		checkHidden(t, path, rFundsTot+1)
		checkNationalForm(t, readN(t, path, 1)[0], 0, 0, defaultText, nil)
	})
}

// checkHidden makes sure the built workbook really hides the row (1-based).
func checkHidden(t *testing.T, path string, row int) {
	t.Helper()
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if v, err := f.GetRowVisible(f.GetSheetList()[0], row); err != nil || v {
		t.Fatalf("row %d visible=%v (%v): the fixture is not what it says", row, v, err)
	}
}

// Blank spacer rows inside the table (and between the header and the first indicator) are
// skipped, and the indicators after them are read.
func TestLocateBlankSpacerRowInTable(t *testing.T) {
	for _, tc := range []struct {
		name    string
		at      []int // relative rows of the clean form before which one blank row is inserted
		indRows []int // relative rows of the indicators in the final layout
		total   int   // relative row of the total in the final layout
	}{
		{"between 产出 and 效益", []int{rFirstInd + 4}, []int{12, 13, 14, 15, 17, 18}, 19},
		{"inside 产出 merge", []int{rFirstInd + 2}, []int{12, 13, 15, 16, 17, 18}, 19},
		{"under the header", []int{rFirstInd}, []int{13, 14, 15, 16, 17, 18}, 19},
		{"before the total", []int{rTotal}, []int{12, 13, 14, 15, 16, 17}, 19},
		{"two spacers", []int{rFirstInd + 4, rLastInd}, []int{12, 13, 14, 15, 17, 19}, 20},
	} {
		t.Run(tc.name, func(t *testing.T) {
			l := nationalForm(defaultText)
			// Insert from the bottom so that the earlier positions stay valid.
			for i := len(tc.at) - 1; i >= 0; i-- {
				l.insertRows(tc.at[i], 1)
			}
			path := writeBook(t, sheetSpec{"Sheet1", []placed{{l, 0, 0}}})
			f := readN(t, path, 1)[0]
			checkNationalFormTotalAt(t, f, 0, 0, defaultText, tc.indRows, tc.total)
		})
	}
}

// A formula with no cached value (as written by a program, not by Excel): the reader computes it.
func TestLocateFormulaWithoutCachedValue(t *testing.T) {
	for _, tc := range []struct {
		name       string
		formula    string
		text       string
		unreadable bool
	}{
		{"sum of the scores", "SUM(H13:H18)+I6", "96.97", false},
		{"sum of a column", "SUM(H13,H14,H15,H16,H17,H18,I6)", "96.97", false},
		{"error", "1/0", "", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			l := nationalForm(defaultText)
			delete(l.cells, [2]int{rTotal, 7})
			l.formulas[[2]int{rTotal, 7}] = tc.formula
			// The execution rate and the points total are formulas too.
			delete(l.cells, [2]int{rFundsTot, 7})
			l.formulas[[2]int{rFundsTot, 7}] = "F6/E6"
			delete(l.cells, [2]int{rTotal, 6})
			l.formulas[[2]int{rTotal, 6}] = "SUM(G13:G18)+G6"
			path := writeBook(t, sheetSpec{"Sheet1", []placed{{l, 0, 0}}})
			checkNoCachedValue(t, path, "H19")
			f := readN(t, path, 1)[0]
			got := f.TotalScore
			if got.Cell != "H19" || got.Text != tc.text || got.Unreadable != tc.unreadable {
				t.Errorf("TotalScore = %s %q unreadable=%v, want H19 %q unreadable=%v", got.Cell, got.Text, got.Unreadable, tc.text, tc.unreadable)
			}
			if !tc.unreadable && !got.Numeric {
				t.Error("computed TotalScore not Numeric")
			}
			checkCell(t, "TotalPoints", f.TotalPoints, "G19", "100")
			rate := f.Funds.Total.Rate
			if rate.Cell != "H6" || rate.Text != "0.897181818181818" || !rate.Numeric || rate.Unreadable {
				t.Errorf("Funds.Total.Rate = %s %q numeric=%v unreadable=%v, want H6 0.897181818181818 (98.69/110 to 15 digits)",
					rate.Cell, rate.Text, rate.Numeric, rate.Unreadable)
			}
			if len(f.Indicators) != 6 {
				t.Errorf("%d indicators, want 6", len(f.Indicators))
			}
		})
	}
}

// checkNoCachedValue makes sure the built workbook stores the formula without a value.
func checkNoCachedValue(t *testing.T, path, cell string) {
	t.Helper()
	f, err := excelize.OpenFile(path, excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sheet := f.GetSheetList()[0]
	formula, _ := f.GetCellFormula(sheet, cell)
	v, _ := f.GetCellValue(sheet, cell)
	if formula == "" || v != "" {
		t.Fatalf("%s: formula %q cached %q: the fixture is not what it says", cell, formula, v)
	}
}

// A 说明 sheet that mentions 一级指标, 二级指标 and 三级指标 in sentences is not a form.
func TestLocateExplanationSheetIsNotAForm(t *testing.T) {
	for _, tc := range []struct {
		name  string
		lines [][]string
	}{
		{"one sentence a row", [][]string{
			{"填表说明"},
			{"1.一级指标、二级指标、三级指标按年初批复的绩效目标填写，年度指标值、实际完成值、分值、得分须填写完整。"},
			{"2.一级指标分值统一设置为：产出指标50分、效益指标30分、服务对象满意度指标10分、预算资金执行率10分。"},
			{"3.本表金额单位为万元，总分为100分。"},
		}},
		{"numbered in two columns", [][]string{
			{"序号", "说明"},
			{"1", "三级指标的年度指标值应与一级指标、二级指标对应，得分不得超过分值。"},
			{"2", "项目名称、主管部门、实施单位按预算批复填写。"},
		}},
		{"title and labels in prose", [][]string{
			{"项目支出绩效自评表填报说明"},
			{"一级指标：产出指标、效益指标、满意度指标；二级指标：数量、质量、时效、成本；三级指标：由单位自行设定。"},
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			note := newLayout()
			for r, line := range tc.lines {
				for c, s := range line {
					note.set(r, c, s)
				}
			}
			path := writeBook(t,
				sheetSpec{"说明", []placed{{note, 0, 0}}},
				sheetSpec{"自评表", []placed{{nationalForm(defaultText), 0, 0}}})
			wb, err := ReadForms(path, ReadOptions{})
			if err != nil {
				t.Fatal(err)
			}
			if strings.Join(wb.Sheets, ",") != "说明,自评表" {
				t.Errorf("Sheets = %v", wb.Sheets)
			}
			if len(wb.Forms) != 1 || wb.Forms[0].Sheet != "自评表" {
				var sheets []string
				for _, f := range wb.Forms {
					sheets = append(sheets, f.Sheet)
				}
				t.Fatalf("forms on sheets %v, want one on 自评表", sheets)
			}
			checkNationalForm(t, wb.Forms[0], 0, 0, defaultText, nil)

			only := writeBook(t, sheetSpec{"说明", []placed{{note, 0, 0}}})
			wb, err = ReadForms(only, ReadOptions{})
			if err != nil {
				t.Fatal(err)
			}
			if len(wb.Forms) != 0 || len(wb.Sheets) != 1 {
				t.Errorf("说明 alone: %d forms, sheets %v; want 0 forms, [说明]", len(wb.Forms), wb.Sheets)
			}
		})
	}
}

var secondText = formText{"（2022年度）", "农村公路养护工程", "临江市交通运输局", "临江市道路运输服务中心"}

// Two forms stacked on one sheet, the second starting with its own title: both are found, in
// order, and each one's header fields, funds, indicators and total are its own.
func TestLocateTwoFormsStacked(t *testing.T) {
	for _, tc := range []struct {
		name   string
		gap    int // blank rows between the first form's last row and the second title
		col    int
		footer bool // the first form ends with 评价结论 and 项目负责人 rows
	}{
		{"two blank rows", 2, 0, false},
		{"adjacent", 0, 0, false},
		{"offset at C", 3, 2, false},
		{"first with footer", 1, 0, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			first := nationalForm(defaultText)
			last := rGrade
			if tc.footer {
				first.set(rGrade+1, 0, "评价结论", "项目资金使用规范，年度绩效目标基本完成。")
				first.merge(rGrade+1, 1, rGrade+1, 8)
				first.set(rGrade+2, 0, "项目负责人：张伟", nil, nil, nil, nil, "财务负责人：王芳")
				last = rGrade + 2
			}
			second := nationalForm(secondText)
			second.set(rFundsTot, 3, 82.18, 82.18, 72.47)
			row2 := last + 1 + tc.gap
			path := writeBook(t, sheetSpec{"Sheet1", []placed{{first, 0, tc.col}, {second, row2, tc.col}}})
			forms := readN(t, path, 2)
			t.Run("first", func(t *testing.T) {
				if tc.footer {
					if want := at(0, tc.col, 0, 0) + ":" + at(0, tc.col, last, 8); forms[0].Range != want {
						t.Errorf("Range = %q, want %q", forms[0].Range, want)
					}
					forms[0].Range = at(0, tc.col, 0, 0) + ":" + at(0, tc.col, rGrade, 8) // checked above
				}
				checkNationalForm(t, forms[0], 0, tc.col, defaultText, nil)
			})
			t.Run("second", func(t *testing.T) {
				f := forms[1]
				c := func(r, col int) string { return at(row2, tc.col, r, col) }
				checkCell(t, "Title", f.Title, c(rTitle, 0), "项目支出绩效自评表")
				if f.Year != 2022 || f.YearAt.Cell != c(rYear, 0) {
					t.Errorf("Year = %d at %s, want 2022 at %s", f.Year, f.YearAt.Cell, c(rYear, 0))
				}
				checkCell(t, "Project", f.Project, c(rProject, 1), secondText.project)
				checkCell(t, "Department", f.Department, c(rDept, 1), secondText.dept)
				checkCell(t, "Unit", f.Unit, c(rDept, 6), secondText.unit)
				if f.Funds == nil {
					t.Fatal("no funds block")
				}
				checkCell(t, "Funds.Total.Initial", f.Funds.Total.Initial, c(rFundsTot, 3), "82.18")
				checkCell(t, "Funds.Total.Budget", f.Funds.Total.Budget, c(rFundsTot, 4), "82.18")
				checkCell(t, "Funds.Total.Executed", f.Funds.Total.Executed, c(rFundsTot, 5), "72.47")
				checkCell(t, "GoalTarget", f.GoalTarget, c(rGoals+1, 1), "全年监测舆情，按时报送舆情报告。")
				if len(f.Indicators) != 6 {
					t.Fatalf("%d indicators, want 6", len(f.Indicators))
				}
				if f.Indicators[0].Row != row2+rFirstInd+1 || f.Indicators[5].Row != row2+rLastInd+1 {
					t.Errorf("indicator rows %d..%d, want %d..%d", f.Indicators[0].Row, f.Indicators[5].Row, row2+rFirstInd+1, row2+rLastInd+1)
				}
				checkCell(t, "TotalScore", f.TotalScore, c(rTotal, 7), "96.97")
				checkCell(t, "Grade", f.Grade, c(rGrade, 6), "优")
				if want := c(rTitle, 0) + ":" + c(rGrade, 8); f.Range != want {
					t.Errorf("Range = %q, want %q", f.Range, want)
				}
			})
		})
	}
}

// The second stacked form leaves out 主管部门 and its year row: the reader must not borrow the
// first form's, and reports the part missing.
func TestLocateStackedSecondFormMissingParts(t *testing.T) {
	second := nationalForm(formText{"", secondText.project, secondText.dept, secondText.unit})
	second.set(rDept, 0, nil, nil) // 主管部门 label and value gone; 实施单位 stays
	row2 := rGrade + 3
	path := writeBook(t, sheetSpec{"Sheet1", []placed{{nationalForm(defaultText), 0, 0}, {second, row2, 0}}})
	forms := readN(t, path, 2)
	checkNationalForm(t, forms[0], 0, 0, defaultText, nil)
	f := forms[1]
	if f.Department.Found() {
		t.Errorf("Department = %s %q, want not found (the first form's is not this one's)", f.Department.Cell, f.Department.Text)
	}
	if !containsString(f.Missing, "主管部门") {
		t.Errorf("Missing = %v, want 主管部门", f.Missing)
	}
	if f.Year != 0 {
		t.Errorf("Year = %d at %s, want 0 (the second form writes none)", f.Year, f.YearAt.Cell)
	}
	checkCell(t, "Project", f.Project, at(row2, 0, rProject, 1), secondText.project)
	checkCell(t, "Unit", f.Unit, at(row2, 0, rDept, 6), secondText.unit)
}

// A first form with no 总分 and no grade row, followed by the second form's title: the first
// form's indicator table ends before the second form, whose title, header and funds rows are
// not read as indicators.
func TestLocateStackedFirstFormWithoutTotal(t *testing.T) {
	first := nationalForm(defaultText)
	for c := 0; c < 9; c++ {
		delete(first.cells, [2]int{rTotal, c})
		delete(first.cells, [2]int{rGrade, c})
	}
	first.merges = removeMerge(removeMerge(removeMerge(first.merges, [4]int{rTotal, 0, rTotal, 5}),
		[4]int{rGrade, 0, rGrade, 5}), [4]int{rGrade, 6, rGrade, 8})
	row2 := rTotal + 1 // one blank row, then the second form's title
	path := writeBook(t, sheetSpec{"Sheet1", []placed{{first, 0, 0}, {nationalForm(secondText), row2, 0}}})
	forms := readN(t, path, 2)
	var names []string
	for _, in := range forms[0].Indicators {
		names = append(names, fmt.Sprintf("%d:%s", in.Row, in.Name.Text))
	}
	second := forms[1]
	if len(forms[0].Indicators) != 6 || second.Project.Cell != at(row2, 0, rProject, 1) {
		t.Fatalf("the first form's indicator table runs into the second form: first form indicators %v (want rows 13–18 only), "+
			"first Range %s (want A1:I18); second form Title %s %q, Project %s %q (want A21, B23 %q), Missing %v",
			names, forms[0].Range, second.Title.Cell, second.Title.Text, second.Project.Cell, second.Project.Text, secondText.project, second.Missing)
	}
	if forms[0].TotalScore.Found() {
		t.Errorf("first TotalScore = %s, want not found", forms[0].TotalScore.Cell)
	}
	if forms[0].Range != "A1:I18" {
		t.Errorf("first Range = %s, want A1:I18", forms[0].Range)
	}
	checkCell(t, "second Title", second.Title, at(row2, 0, rTitle, 0), "项目支出绩效自评表")
	checkCell(t, "second Project", second.Project, at(row2, 0, rProject, 1), secondText.project)
	checkCell(t, "second Department", second.Department, at(row2, 0, rDept, 1), secondText.dept)
	if second.Funds == nil {
		t.Error("second form: no funds block")
	}
}

func containsString(ss []string, s string) bool {
	for _, x := range ss {
		if x == s {
			return true
		}
	}
	return false
}

// An inline label ("项目名称：XXX" in one cell) gives the text after the colon, at that cell.
func TestLocateInlineHeaderValues(t *testing.T) {
	l := nationalForm(defaultText)
	l.set(rProject, 0, "项目名称："+defaultText.project, nil)
	l.merges = removeMerge(l.merges, [4]int{rProject, 1, rProject, 8})
	l.merge(rProject, 0, rProject, 8)
	path := writeBook(t, sheetSpec{"Sheet1", []placed{{l, 0, 0}}})
	f := readN(t, path, 1)[0]
	checkCell(t, "Project", f.Project, "A3", defaultText.project)
	checkCell(t, "Department", f.Department, "B4", defaultText.dept)
}

// Hidden columns are read like hidden rows: a unit hiding 年初预算数 or the 分值 column on screen
// still sent its values.
func TestLocateHiddenColumns(t *testing.T) {
	for _, cols := range []string{"D", "G:H", "A:I"} {
		t.Run(cols, func(t *testing.T) {
			path := writeBook(t, sheetSpec{"Sheet1", []placed{{nationalForm(defaultText), 0, 0}}})
			f, err := excelize.OpenFile(path)
			if err != nil {
				t.Fatal(err)
			}
			if err := f.SetColVisible("Sheet1", cols, false); err != nil {
				t.Fatal(err)
			}
			if err := f.Save(); err != nil {
				t.Fatal(err)
			}
			f.Close()
			checkNationalForm(t, readN(t, path, 1)[0], 0, 0, defaultText, nil)
		})
	}
}

// A "金额单位：元" line above the form puts the funds block in 元 (values.md), as a （元） label does.
func TestLocateYuanUnit(t *testing.T) {
	for _, tc := range []struct {
		name, note string
		yuan       bool
	}{
		{"note 元", "金额单位：元", true},
		{"note 万元", "金额单位：万元", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			l := nationalForm(defaultText)
			path := writeBook(t, sheetSpec{"Sheet1", []placed{{l, 2, 0}}})
			f, err := excelize.OpenFile(path)
			if err != nil {
				t.Fatal(err)
			}
			if err := f.SetCellValue("Sheet1", "A1", tc.note); err != nil {
				t.Fatal(err)
			}
			if err := f.Save(); err != nil {
				t.Fatal(err)
			}
			f.Close()
			form := readN(t, path, 1)[0]
			if form.Funds == nil || form.Funds.Yuan != tc.yuan {
				t.Fatalf("Funds.Yuan = %v, want %v", form.Funds != nil && form.Funds.Yuan, tc.yuan)
			}
		})
	}
}
