package excelio

import (
	"bytes"
	"fmt"
	"io"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"sync"

	"github.com/shopspring/decimal"
	"github.com/xuri/excelize/v2"

	"github.com/jxzp/jxzp/internal/fsx"
	"github.com/jxzp/jxzp/scoring"
)

// Summary is everything the city summary workbook (绩效自评汇总表) shows.
type Summary struct {
	Title string
	// Bureau (制表单位) and Date (制表日期) are printed under the title; empty leaves them out, and
	// no date is taken from the clock, so a re-run gives the same bytes.
	Bureau, Date string
	// Profile is the rules profile the batch was scored with, explained on 审核规则说明; nil is mof2020.
	Profile *scoring.Profile
	Forms   []SummaryForm
	// Load, when set, gives the result of Forms[i] whose Result is nil each time the summary
	// needs it, so that a batch of thousands of forms is never held at once (the batch keeps
	// them on disk); nil for a form it cannot give.
	Load    func(i int) *scoring.Result
	Failed  []FailedFile
	Skipped int // B05 files skipped silently
	// Units are the units of the 上报情况 sheet, written only when there are any (a roster run).
	Units []SummaryUnit
	// Compare, when set (--previous), adds the comparison with an earlier run as the last sheet.
	Compare *Comparison
	// Workers is how many of the streamed sheets may be written at once (the run's worker
	// count); 0 or 1 writes them one after another. The bytes are the same either way.
	Workers int
}

// SummaryForm is one form of the batch with where it came from and where its copy went.
type SummaryForm struct {
	Result *scoring.Result // nil for a form Summary.Load gives
	File   string          // path of the input, relative to the inbox
	Output string          // path of the annotated copy, relative to the output folder; empty if none
}

// result is the result of form i: its Result, else what Load gives.
func (s *Summary) result(i int) *scoring.Result {
	if r := s.Forms[i].Result; r != nil || s.Load == nil {
		return r
	}
	return s.Load(i)
}

// FailedFile is one file the batch could not process (B02, B03, B04, B06).
type FailedFile struct {
	File   string
	Code   string
	Reason string
}

// Sheet names of the summary workbook, in order.
const (
	sheetForms    = "汇总表"
	sheetDepts    = "按主管部门"
	sheetFindings = "问题清单"
	sheetFailed   = "未处理文件"
)

// Every sheet of the summary has a title row, a note row and the header row; data starts under.
const (
	summaryHeaderRow = 3
	summaryFirstRow  = 4
)

var formsHeader = []string{"序号", "主管部门", "实施单位", "项目名称", "年初预算数", "全年预算数", "全年执行数",
	"执行率", "自评得分", "复核得分", "差异", "复核等级", "错误数", "警告数", "状态", "文件"}

// deptsHeader is the header of 按主管部门: one count column per grade, best first, between the
// mean score and the forms to revise.
func deptsHeader(grades []string) []string {
	h := []string{"主管部门", "项目数", "全年预算数", "全年执行数", "执行率", "平均复核得分"}
	h = append(h, grades...)
	return append(h, "需修改项目数")
}

var findingsHeader = []string{"序号", "主管部门", "实施单位", "项目名称", "文件", "工作表", "单元格", "代码", "严重程度", "说明"}

var failedHeader = []string{"序号", "文件", "代码", "原因"}

// WriteSummary writes the summary workbook to dst atomically (temporary name, then rename).
func WriteSummary(dst string, s *Summary) error {
	if s == nil {
		s = &Summary{}
	}
	f := excelize.NewFile()
	defer f.Close()
	// The default font is also what Excel measures column widths in; 宋体 keeps CJK widths true.
	if err := f.SetDefaultFont(outFont); err != nil {
		return err
	}
	title := strings.TrimSpace(s.Title)
	if title == "" {
		title = "绩效自评汇总表"
	}
	if err := f.SetDocProps(&excelize.DocProperties{Creator: "jxzp", Title: title}); err != nil {
		return err
	}
	// Renaming the default sheet rather than adding one and deleting Sheet1 keeps the part
	// numbering plain (sheet1.xml is 汇总表).
	if err := f.SetSheetName("Sheet1", sheetForms); err != nil {
		return err
	}
	for _, name := range []string{sheetDepts, sheetFindings, sheetFailed, sheetCharts, sheetRules} {
		if _, err := f.NewSheet(name); err != nil {
			return err
		}
	}
	sw := &summaryWriter{f: f, st: newOutStyles(f), links: linkSet{}, workers: s.Workers, tmpDir: filepath.Dir(dst)}
	defer func() {
		// A layout still running ahead is done before the forms go back to the caller.
		if sw.findingsAhead != nil {
			sw.findingsAhead()
		}
	}()
	steps := []func() error{
		func() error { return sw.forms(title, s) },
		func() error { return sw.depts(title, s) },
		func() error { return sw.findings(title, s) },
		func() error { return sw.failed(title, s) },
		func() error { return sw.charts(title, s) },
		func() error { return sw.rules(title, s) },
	}
	steps = append(steps, sw.unitsSteps(title, s)...)
	if s.Compare != nil {
		if _, err := f.NewSheet(s.Compare.Sheet); err != nil {
			return err
		}
		steps = append(steps, func() error { return sw.compare(title, s.Compare) })
	}
	for _, step := range steps {
		if err := step(); err != nil {
			return err
		}
	}
	f.SetActiveSheet(0)
	stableContentTypes(f)
	return fsx.WriteAtomic(dst, func(w io.Writer) error {
		var pkg bytes.Buffer
		if _, err := f.WriteTo(&pkg); err != nil {
			return err
		}
		return sw.writePackage(pkg.Bytes(), w)
	})
}

// stableContentTypes sorts the default content types of the package: AddChart appends the
// image extensions from a map, in a different order on every run, and a re-run must give the
// same bytes.
func stableContentTypes(f *excelize.File) {
	if f.ContentTypes == nil {
		return
	}
	d := f.ContentTypes.Defaults
	sort.SliceStable(d, func(i, j int) bool { return d[i].Extension < d[j].Extension })
}

// summaryWriter writes the sheets of the summary workbook.
type summaryWriter struct {
	f  *excelize.File
	st *outStyles
	// links are the 文件 cells' links to the copies, written in one go with the package.
	links linkSet
	// raw are the sheets whose rows are streamed into the package as it is written.
	raw []*rawSheet
	// workers bounds the goroutines streaming sheets at once (summary_ahead.go).
	workers int
	tmpDir  string     // where they write (the summary's folder)
	stMu    sync.Mutex // guards st while sheets are streamed at once
	// byDept and nameWidths are the forms grouped and the name columns' widths (groups).
	byDept     []deptGroup
	nameWidths [3]int
	gathered   *summaryFacts // the forms' facts, once read (facts)
	// findingsAhead waits for 问题清单 laid out ahead (summary_layahead.go); nil when it is not.
	findingsAhead func() *laidOut
}

// Cell styles of the summary.
var (
	sTitle  = outStyle{bold: true, size: outTitleSize, hAlign: "center"}
	sNote   = outStyle{hAlign: "right"}
	sNoteL  = outStyle{hAlign: "left"}
	sHead   = outStyle{bold: true, fill: outHeaderFill, border: true, hAlign: "center", wrap: true}
	sText   = outStyle{border: true, hAlign: "left", wrap: true}
	sCenter = outStyle{border: true, hAlign: "center"}
	sInt    = outStyle{border: true, hAlign: "right", numFmt: fmtInteger}
	sAmount = outStyle{border: true, hAlign: "right", numFmt: fmtAmount}
	sRate   = outStyle{border: true, hAlign: "right", numFmt: fmtRate}
	sScore  = outStyle{border: true, hAlign: "right", numFmt: fmtScore}
	sLink   = outStyle{border: true, hAlign: "left", fontColor: outLinkColor, underline: true, wrap: true}
	sTotal  = outStyle{bold: true, border: true, hAlign: "center"}
)

// bolded is o for a 合计 row.
func bolded(o outStyle) outStyle {
	o.bold = true
	return o
}

// set writes v into sheet!cell with style o; v is a string, an int, a decimal, a *decimal
// (nil leaves the cell empty) or nil.
func (w *summaryWriter) set(sheet string, col, row int, v any, o outStyle) error {
	cell := cellRef(col, row)
	var err error
	switch x := v.(type) {
	case nil:
	case string:
		if x != "" {
			err = w.f.SetCellStr(sheet, cell, x)
		}
	case int:
		err = w.f.SetCellInt(sheet, cell, int64(x))
	case decimal.Decimal:
		err = setDecimal(w.f, sheet, cell, x)
	case *decimal.Decimal:
		if x != nil {
			err = setDecimal(w.f, sheet, cell, *x)
		}
	default:
		err = fmt.Errorf("unsupported cell value %T", v)
	}
	if err != nil {
		return err
	}
	id, err := w.st.id(o)
	if err != nil {
		return err
	}
	return w.f.SetCellStyle(sheet, cell, cell, id)
}

// merged writes text over cols from..to of row.
func (w *summaryWriter) merged(sheet string, from, to, row int, text string, o outStyle) error {
	if err := w.set(sheet, from, row, text, o); err != nil {
		return err
	}
	a, b := cellRef(from, row), cellRef(to, row)
	if to > from {
		if err := w.f.MergeCell(sheet, a, b); err != nil {
			return err
		}
	}
	id, err := w.st.id(o)
	if err != nil {
		return err
	}
	return w.f.SetCellStyle(sheet, a, b, id)
}

// frame writes the three top rows every sheet shares: title, note, header.
func (w *summaryWriter) frame(sheet, title, noteLeft, noteRight string, header []string) error {
	n := len(header)
	if err := w.merged(sheet, 1, n, 1, title, sTitle); err != nil {
		return err
	}
	if err := w.f.SetRowHeight(sheet, 1, 28); err != nil {
		return err
	}
	half := max(n/2, 1)
	if err := w.merged(sheet, 1, half, 2, noteLeft, sNoteL); err != nil {
		return err
	}
	if err := w.merged(sheet, half+1, n, 2, noteRight, sNote); err != nil {
		return err
	}
	for i, h := range header {
		if err := w.set(sheet, i+1, summaryHeaderRow, h, sHead); err != nil {
			return err
		}
	}
	return nil
}

// finish makes a sheet usable on screen and on paper: widths, row heights for wrapped text,
// frozen header, filter over the header and data rows, print setup.
func (w *summaryWriter) finish(sheet string, header []string, widths colWidths, limits [][2]int, wrapCols []int, lastData int) error {
	final, err := w.finishCols(sheet, header, widths, limits)
	if err != nil {
		return err
	}
	// Rows holding text longer than its column are made tall enough to print it whole.
	if len(wrapCols) > 0 {
		for row := summaryFirstRow; row <= lastData; row++ {
			lines := 1
			for _, c := range wrapCols {
				v, err := w.f.GetCellValue(sheet, cellRef(c, row), excelize.Options{RawCellValue: true})
				if err != nil {
					return err
				}
				lines = max(lines, wrappedLines(v, final[c-1]))
			}
			if lines > 1 {
				if err := w.f.SetRowHeight(sheet, row, linesHeight(lines)); err != nil {
					return err
				}
			}
		}
	}
	return w.finishView(sheet, header, lastData)
}

// finishCols sets the columns' widths, each column's widest text within its limits, and
// returns them; a header longer than its column gets a taller header row.
func (w *summaryWriter) finishCols(sheet string, header []string, widths colWidths, limits [][2]int) ([]float64, error) {
	for i, h := range header {
		widths.see(i+1, h)
	}
	final := make([]float64, len(header))
	for i := range header {
		lo, hi := limits[i][0], limits[i][1]
		width := min(max(widths[i+1]+2, lo), hi)
		final[i] = float64(width)
		col, _ := excelize.ColumnNumberToName(i + 1)
		if err := w.f.SetColWidth(sheet, col, col, final[i]); err != nil {
			return nil, err
		}
	}
	// A header longer than its capped column (平均复核得分) wraps; Excel does not grow a row
	// for that by itself.
	headLines := 1
	for i, h := range header {
		headLines = max(headLines, wrappedLines(h, final[i]))
	}
	if headLines > 1 {
		if err := w.f.SetRowHeight(sheet, summaryHeaderRow, linesHeight(headLines)); err != nil {
			return nil, err
		}
	}
	return final, nil
}

// finishView freezes the header, puts a filter over the header and data rows and sets the
// sheet up for print.
func (w *summaryWriter) finishView(sheet string, header []string, lastData int) error {
	if err := w.f.SetPanes(sheet, &excelize.Panes{
		Freeze: true, YSplit: summaryHeaderRow, TopLeftCell: cellRef(1, summaryFirstRow), ActivePane: "bottomLeft",
		Selection: []excelize.Selection{{SQRef: cellRef(1, summaryFirstRow), ActiveCell: cellRef(1, summaryFirstRow), Pane: "bottomLeft"}},
	}); err != nil {
		return err
	}
	// AutoFilter replaces the sheet's properties element, so it must come before printSetup
	// sets fitToPage there.
	ref := cellRef(1, summaryHeaderRow) + ":" + cellRef(len(header), max(lastData, summaryHeaderRow))
	if err := w.f.AutoFilter(sheet, ref, nil); err != nil {
		return err
	}
	return printSetup(w.f, sheet, "landscape", summaryHeaderRow)
}

// condFill colours the cells of ref whose value is one of the rules' texts, with its fill and font colour.
func (w *summaryWriter) condFill(sheet, ref string, rules map[string][2]string) error {
	keys := make([]string, 0, len(rules))
	for k := range rules {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	var opts []excelize.ConditionalFormatOptions
	for _, text := range keys {
		c := rules[text]
		id, err := w.f.NewConditionalStyle(&excelize.Style{
			Font: &excelize.Font{Color: c[1]},
			Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{c[0]}},
		})
		if err != nil {
			return err
		}
		opts = append(opts, excelize.ConditionalFormatOptions{
			Type: "cell", Criteria: "==", Value: `"` + text + `"`, Format: &id,
		})
	}
	return w.f.SetConditionalFormat(sheet, ref, opts)
}
