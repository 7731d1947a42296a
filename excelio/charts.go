package excelio

import (
	"fmt"
	"math"
	"strconv"

	"github.com/xuri/excelize/v2"
)

// sheetCharts is the last sheet of the summary: two native charts over a small data table.
const sheetCharts = "统计图"

// Layout of 统计图. The two charts stand side by side under the title, each spanning whole
// columns and rows: renderers place a chart by the cells its corners sit in, and excelize turns
// pixels into cells with its own idea of a column's width, so a chart sized to the grid is the
// same size in Excel, WPS and LibreOffice. The data table comes after the charts, so however
// many departments there are the charts stay on the first page.
const (
	chartTop     = 3  // first row the charts cover
	chartRowPt   = 15 // height of those rows, set explicitly: the chart's height is counted in them
	chartMinRows = 20 // 300 pt
	// 28 rows (420 pt) plus the two title rows stay inside the printable height of A4
	// landscape with printSetup's margins, so both charts always print on one page.
	chartMaxRows = 28
	chartInset   = 4 // px left free around a chart inside its block of cells
)

// Columns of 统计图: the grade table (A:B) under the grade chart, then the department table: the
// rank (C), the name (D), the rate (E) and the shortened name the bar chart's axis shows (F).
const (
	colGrade = 1
	colCount = 2
	colDept  = 4
	colRate  = 5
)

var chartsColWidths = []float64{12, 10, 24, 36, 12, 18}

// charts writes 统计图: the grade distribution (a column chart of recomputed grades) and the
// budget-weighted execution rate by department (a bar chart: horizontal bars leave room for
// long department names), both reading the data table of the same sheet.
func (w *summaryWriter) charts(title string, s *Summary) error {
	facts := w.facts(s)
	names, groups, all := rankDepts(facts.deptNames, facts.depts), facts.depts, facts.all
	grades := summaryGrades(s, facts)
	bars := deptBars(len(names))
	lay := newChartsLayout(len(names))
	if !bars {
		lay = newChartsLayout(0)
	}
	note := fmt.Sprintf("共 %d 张表%s，%d 个主管部门；全市预算执行率 %s", len(s.Forms), unfilledNote(all.unfilled), len(names), percentText(all))
	if err := w.chartsFrame(title, note, lay, bars || len(names) == 0); err != nil {
		return err
	}
	if err := w.chartsGradeTable(lay, grades, all); err != nil {
		return err
	}
	if err := w.chartsDeptTable(lay, names, groups, all); err != nil {
		return err
	}
	if err := w.f.AddChart(sheetCharts, cellRef(1, chartTop), gradeChart(lay, grades, all)); err != nil {
		return err
	}
	if bars {
		if err := w.f.AddChart(sheetCharts, cellRef(colDept, chartTop), deptChart(lay, len(names))); err != nil {
			return err
		}
	}
	return w.chartsPrint(sheetCharts)
}

// chartsLayout is where the rows of 统计图 fall once the charts' height is known.
type chartsLayout struct {
	chartRows int // rows the charts span, from chartTop
	noteRow   int // the line above the data table
	headRow   int // the data table's header
	first     int // the data table's first row
}

func newChartsLayout(depts int) chartsLayout {
	// About 18 pt per department bar plus room for the title and the axis.
	rows := min(max(int(math.Ceil(float64(60+18*depts)/chartRowPt)), chartMinRows), chartMaxRows)
	note := chartTop + rows
	return chartsLayout{chartRows: rows, noteRow: note, headRow: note + 1, first: note + 2}
}

// size is the chart's pixels in excelize's own measure of the block of cells it fills.
func (l chartsLayout) size(fromCol, toCol int) excelize.ChartDimension {
	wPx := 0
	for c := fromCol; c <= toCol; c++ {
		wPx += excelizeColPx(chartsColWidths[c-1])
	}
	hPx := l.chartRows * excelizeRowPx(chartRowPt)
	return excelize.ChartDimension{Width: uint(wPx - 2*chartInset), Height: uint(hPx - 2*chartInset)}
}

// chartsFrame writes everything of 统计图 but the data and the charts: column widths, the
// title and note rows, the rows the charts cover, the line above the table and its header.
func (w *summaryWriter) chartsFrame(title, note string, lay chartsLayout, bars bool) error {
	sh, f := sheetCharts, w.f
	lastCol := len(chartsColWidths)
	for i, width := range chartsColWidths {
		name, _ := excelize.ColumnNumberToName(i + 1)
		if err := f.SetColWidth(sh, name, name, width); err != nil {
			return err
		}
	}
	if err := w.merged(sh, 1, lastCol, 1, title+"（统计图）", sTitle); err != nil {
		return err
	}
	if err := f.SetRowHeight(sh, 1, 28); err != nil {
		return err
	}
	if err := w.merged(sh, 1, lastCol, 2, note, sNoteL); err != nil {
		return err
	}
	for row := chartTop; row < lay.noteRow; row++ {
		if err := f.SetRowHeight(sh, row, chartRowPt); err != nil {
			return err
		}
	}
	tableNote := "图表数据（等级为复核等级；执行率按全年预算数加权，各部门按执行率从高到低排列）"
	if !bars {
		tableNote = fmt.Sprintf("主管部门超过 %d 个，各部门预算执行率不画条形图，按执行率从高到低排名列在下表（执行率按全年预算数加权）", chartMaxDepts)
	}
	if err := w.merged(sh, 1, lastCol, lay.noteRow, tableNote, sNoteL); err != nil {
		return err
	}
	for _, h := range []struct {
		col  int
		text string
	}{{colGrade, "复核等级"}, {colCount, "项目数"}, {colRank, "排名"}, {colDept, "主管部门"}, {colRate, "执行率"}, {colAxis, "图中名称"}} {
		if err := w.set(sh, h.col, lay.headRow, h.text, sHead); err != nil {
			return err
		}
	}
	return nil
}

// chartsGradeTable writes the grade chart's data: one row per grade, then 合计, the forms graded
// (an unfilled form has no grade, and the note line counts it instead).
func (w *summaryWriter) chartsGradeTable(lay chartsLayout, grades []string, all *fundsSum) error {
	sh := sheetCharts
	for i, g := range grades {
		if err := w.set(sh, colGrade, lay.first+i, g, sCenter); err != nil {
			return err
		}
		if err := w.set(sh, colCount, lay.first+i, all.grades[g], sInt); err != nil {
			return err
		}
	}
	if err := w.set(sh, colGrade, lay.first+len(grades), "合计", sTotal); err != nil {
		return err
	}
	return w.set(sh, colCount, lay.first+len(grades), all.graded, bolded(sInt))
}

// chartsDeptTable writes the department chart's data: one row per department, then 全市.
func (w *summaryWriter) chartsDeptTable(lay chartsLayout, names []string, groups map[string]*fundsSum, all *fundsSum) error {
	sh := sheetCharts
	city := commonCity(names)
	for i, name := range names {
		row := lay.first + i
		if err := w.set(sh, colRank, row, i+1, sInt); err != nil {
			return err
		}
		if err := w.set(sh, colDept, row, name, sText); err != nil {
			return err
		}
		if err := w.set(sh, colAxis, row, axisName(name, city), sText); err != nil {
			return err
		}
		if err := w.set(sh, colRate, row, groups[name].rate(), sRate); err != nil {
			return err
		}
		if n := wrappedLines(name, chartsColWidths[colDept-1]); n > 1 {
			if err := w.f.SetRowHeight(sh, row, linesHeight(n)); err != nil {
				return err
			}
		}
	}
	if err := w.set(sh, colDept, lay.first+len(names), "全市", sTotal); err != nil {
		return err
	}
	return w.set(sh, colRate, lay.first+len(names), all.rate(), bolded(sRate))
}

// chartSpec is what sets one of the two 统计图 charts apart; chartBase makes the rest alike.
type chartSpec struct {
	typ                 excelize.ChartType
	nameCol, catCol     int
	valCol, first, last int
	headRow             int
	color               string
	name, alt, title    string
	dimension           excelize.ChartDimension
}

// chartBase is a one-series chart with value labels, no legend and the CJK fonts of chartFont.
func chartBase(c chartSpec) *excelize.Chart {
	gap := uint(60)
	return &excelize.Chart{
		Type: c.typ,
		Series: []excelize.ChartSeries{{
			Name:       chartsCell(c.nameCol, c.headRow),
			Categories: chartsRange(c.catCol, c.first, c.last),
			Values:     chartsRange(c.valCol, c.first, c.last),
			Fill:       excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{c.color}},
			DataLabel:  excelize.ChartDataLabel{Font: chartFont(9)},
		}},
		Format:    excelize.GraphicOptions{OffsetX: chartInset, OffsetY: chartInset, Name: c.name, AltText: c.alt},
		Dimension: c.dimension,
		Legend:    excelize.ChartLegend{Position: "none"},
		Title:     chartTitle(c.title),
		GapWidth:  &gap,
	}
}

// gradeChart is the column chart of recomputed grades over the grade table.
func gradeChart(lay chartsLayout, grades []string, all *fundsSum) *excelize.Chart {
	maxCount := 0
	for _, g := range grades {
		maxCount = max(maxCount, all.grades[g])
	}
	// Counts are whole numbers: a major unit of at least 1 keeps the axis from labelling 0.5.
	unit := math.Max(1, math.Ceil(float64(maxCount)/8))
	zero := 0.0
	ch := chartBase(chartSpec{typ: excelize.Col, nameCol: colCount, catCol: colGrade, valCol: colCount,
		first: lay.first, last: lay.first + len(grades) - 1, headRow: lay.headRow, color: "4472C4",
		name: "复核等级分布", alt: "复核等级分布（项目数）", title: "复核等级分布（项目数）",
		dimension: lay.size(1, colDept-1)})
	ch.XAxis = excelize.ChartAxis{Font: chartFont(10)}
	ch.YAxis = excelize.ChartAxis{Font: chartFont(10), MajorGridLines: true, Minimum: &zero, MajorUnit: unit,
		NumFmt: excelize.ChartNumFmt{CustomNumFmt: "0"}}
	ch.PlotArea = excelize.ChartPlotArea{ShowVal: true, NumFmt: excelize.ChartNumFmt{CustomNumFmt: "0"}}
	return ch
}

// deptChart is the bar chart of execution rates over the department table of depts rows.
func deptChart(lay chartsLayout, depts int) *excelize.Chart {
	zero := 0.0
	ch := chartBase(chartSpec{typ: excelize.Bar, nameCol: colRate, catCol: colAxis, valCol: colRate,
		first: lay.first, last: lay.first + depts - 1, headRow: lay.headRow, color: "70AD47",
		name: "各主管部门预算执行率", alt: "各主管部门预算执行率（按预算加权）", title: "各主管部门预算执行率",
		dimension: lay.size(colDept, len(chartsColWidths))})
	// A bar chart draws its first category at the bottom; reversed, the bars read top
	// down in the order of the table: the highest rate first.
	ch.XAxis = excelize.ChartAxis{Font: chartFont(10), ReverseOrder: true}
	ch.YAxis = excelize.ChartAxis{Font: chartFont(10), MajorGridLines: true, Minimum: &zero,
		NumFmt: excelize.ChartNumFmt{CustomNumFmt: "0%"}}
	ch.PlotArea = excelize.ChartPlotArea{ShowVal: true, NumFmt: excelize.ChartNumFmt{CustomNumFmt: "0.00%"}}
	return ch
}

// chartFont is the font of a chart's text. Fonts are named on every text element: a chart does
// not inherit the workbook's default font, and without an East Asian face a reader may print
// boxes.
func chartFont(size float64) excelize.Font {
	return excelize.Font{Family: outFont, Size: size, Color: "000000"}
}

func chartTitle(text string) excelize.ChartTitle {
	font := chartFont(14)
	font.Bold = true
	return excelize.ChartTitle{Paragraph: []excelize.RichTextRun{{Text: text, Font: &font}}}
}

// chartsCell is an absolute reference to a cell of 统计图, as a chart series names it.
func chartsCell(col, row int) string {
	c, _ := excelize.ColumnNumberToName(col)
	return quoteSheet(sheetCharts) + "!$" + c + "$" + strconv.Itoa(row)
}

// chartsRange is an absolute reference to rows from..to of one column of 统计图.
func chartsRange(col, from, to int) string {
	c, _ := excelize.ColumnNumberToName(col)
	return chartsCell(col, from) + ":$" + c + "$" + strconv.Itoa(to)
}

// chartsPrint sets up 统计图 for paper like the other sheets; its title rows are the two above
// the charts, and there is no header to freeze or filter.
func (w *summaryWriter) chartsPrint(sh string) error {
	return printSetup(w.f, sh, "landscape", 2)
}

// percentText is a group's budget-weighted rate as text for a note line.
func percentText(g *fundsSum) string {
	r := g.rate()
	if r == nil {
		return "无法计算"
	}
	return r.Shift(2).StringFixed(2) + "%"
}

// excelizeColPx and excelizeRowPx are how many pixels excelize counts for a column width and a
// row height when it turns a chart's size into the cell its corner sits in (col.go, rows.go).
func excelizeColPx(width float64) int { return int(width*8 + 0.5) }

func excelizeRowPx(pt float64) int { return int(math.Ceil(4.0 / 3.4 * pt)) }
