package excelio

import (
	"bytes"
	"cmp"
	"fmt"
	"io"
	"path"
	"path/filepath"
	"slices"
	"sort"
	"strings"

	"github.com/shopspring/decimal"
	"github.com/xuri/excelize/v2"

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
	Failed  []FailedFile
	Skipped int // B05 files skipped silently
	// Units are the units of the 上报情况 sheet, written only when there are any (a roster run).
	Units []SummaryUnit
	// Compare, when set (--previous), adds the comparison with an earlier run as the last sheet.
	Compare *Comparison
}

// SummaryForm is one form of the batch with where it came from and where its copy went.
type SummaryForm struct {
	Result *scoring.Result
	File   string // path of the input, relative to the inbox
	Output string // path of the annotated copy, relative to the output folder; empty if none
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

var deptsHeader = []string{"主管部门", "项目数", "全年预算数", "全年执行数", "执行率", "平均复核得分",
	"优", "良", "中", "差", "需修改项目数"}

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
	sw := &summaryWriter{f: f, st: newOutStyles(f), links: linkSet{}}
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
	return writeAtomic(dst, func(w io.Writer) error {
		var pkg bytes.Buffer
		if _, err := f.WriteTo(&pkg); err != nil {
			return err
		}
		return writeWithLinks(pkg.Bytes(), w, sw.links)
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
			return err
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
			return err
		}
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

func (w *summaryWriter) forms(title string, s *Summary) error {
	sh := sheetForms
	if err := w.frame(sh, title, issuedNote(s)+formsNote(s), "金额单位：万元", formsHeader); err != nil {
		return err
	}
	nw := namesWidths(s.Forms)
	widths := colWidths{}
	row := summaryFirstRow
	var total fundsSum
	var blocks []int
	n := 0
	for _, g := range groupByDept(s.Forms) {
		blocks = append(blocks, row)
		var sub fundsSum
		for _, sf := range g.forms {
			n++
			r := resultOrEmpty(sf.Result)
			total.add(r)
			sub.add(r)
			if err := w.formRow(row, n, sf, r, nw, widths); err != nil {
				return err
			}
			row++
		}
		if err := w.subtotal(row, subtotalLabel(g.name, &sub), &sub, widths); err != nil {
			return err
		}
		row++
	}
	lastData := row - 1
	if err := w.formsTotal(row, &total, widths); err != nil {
		return err
	}
	if lastData >= summaryFirstRow {
		if err := w.formsFills(lastData); err != nil {
			return err
		}
	}
	// Text columns are as wide as a name of typical length needs on two lines and wrap at
	// sensible points, so the sixteen columns print on one landscape page width at a readable scale.
	limits := [][2]int{{5, 5}, {nw[0], nw[0]}, {nw[1], nw[1]}, {nw[2], nw[2]}, {10, 14}, {10, 14}, {10, 14}, {9, 9},
		{8, 9}, {8, 9}, {8, 9}, {9, 9}, {7, 7}, {7, 7}, {8, 8}, {12, formsFileWidth}}
	if err := w.finish(sh, formsHeader, widths, limits, []int{2, 3, 4}, lastData); err != nil {
		return err
	}
	// Only a table taller than a page gets manual breaks: at 100 % a short one is estimated
	// taller than fit-to-width prints it, and a needless break would split it across two pages.
	if pages(w.f, sh, summaryHeaderRow, row) <= 1 {
		return nil
	}
	return keepTogether(w.f, sh, summaryHeaderRow, blocks, row)
}

// formRow writes form n's row of 汇总表, its names broken at sensible points for their columns.
func (w *summaryWriter) formRow(row, n int, sf SummaryForm, r *scoring.Result, nw [3]int, widths colWidths) error {
	sh := sheetForms
	vals := formsValues(n, r)
	for i := range nw {
		if t, ok := vals[1+i].v.(string); ok {
			vals[1+i].v = breakName(t, nw[i])
		}
	}
	for c, v := range vals {
		if err := w.set(sh, c+1, row, v.v, v.o); err != nil {
			return err
		}
		widths.seeValue(c+1, v.v, v.o)
	}
	return w.fileCell(sh, 16, row, sf, path.Base(filepath.ToSlash(sf.Output)), formsFileWidth, widths)
}

// namesWidths are the widths of the 主管部门, 实施单位 and 项目名称 columns for these forms.
func namesWidths(forms []SummaryForm) [3]int {
	var depts, units, projects []string
	for _, sf := range forms {
		fm := formOf(sf.Result)
		depts = append(depts, deptName(fm.Department.Text))
		units = append(units, fm.Unit.Text)
		projects = append(projects, fm.Project.Text)
	}
	return [3]int{nameWidth(depts, 10, 18), nameWidth(units, 10, 20), nameWidth(projects, 12, 22)}
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
func formsNote(s *Summary) string {
	pass, revise, unfilled := 0, 0, 0
	for _, sf := range s.Forms {
		if sf.Result != nil && sf.Result.Status == scoring.StatusRevise {
			revise++
		} else {
			pass++
		}
		if sf.Result != nil && sf.Result.RecomputedTotal == nil {
			unfilled++
		}
	}
	note := fmt.Sprintf("共 %d 张表：通过 %d 张，需修改 %d 张", len(s.Forms), pass, revise)
	return note + unfilledNote(unfilled)
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

// formsValues is the row of 汇总表 for form n, up to but not including the 文件 column.
func formsValues(n int, r *scoring.Result) []summaryCell {
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
	return []summaryCell{
		{n, sCenter},
		{deptName(fm.Department.Text), sText},
		{fm.Unit.Text, sText},
		{fm.Project.Text, sText},
		{r.Initial, sAmount},
		{r.Budget, sAmount},
		{r.Executed, sAmount},
		{rate4(r.Rate), sRate},
		{r.ClaimedTotal, sScore},
		{recomputed, sScore},
		{diff, sScore},
		{grade, sCenter},
		{r.Errors(), sInt},
		{r.Warnings(), sInt},
		{r.Status, sCenter},
	}
}

// formsTotal writes the 合计 row of 汇总表: money summed exactly; the rate weighted by budget.
func (w *summaryWriter) formsTotal(row int, total *fundsSum, widths colWidths) error {
	sh := sheetForms
	if err := w.merged(sh, 1, 4, row, fmt.Sprintf("合计（%d 张表）", total.forms), sTotal); err != nil {
		return err
	}
	totals := []struct {
		col int
		v   any
		o   outStyle
	}{
		{5, optional(total.initial, total.hasInitial), sAmount},
		{6, optional(total.budget, total.hasBudget), sAmount},
		{7, optional(total.executed, total.hasExecuted), sAmount},
		{8, total.rate(), sRate},
		{9, nil, sScore},
		{10, nil, sScore},
		{11, nil, sScore},
		{12, nil, sCenter},
		{13, total.errors, sInt},
		{14, total.warnings, sInt},
		{15, nil, sCenter},
		{16, nil, sText},
	}
	for _, t := range totals {
		if err := w.set(sh, t.col, row, t.v, bolded(t.o)); err != nil {
			return err
		}
		widths.seeValue(t.col, t.v, t.o)
	}
	return nil
}

// formsFills colours the 状态 and 复核等级 columns of the data rows of 汇总表. Conditional rather
// than fixed fills, so a reader who sorts or filters the table, or corrects a value by hand,
// keeps colours that match the text.
func (w *summaryWriter) formsFills(lastData int) error {
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
	return w.condFill(sheetForms, data(12), map[string][2]string{
		"优": {outGoodFill, outGoodFont},
		"中": {outWarnFill, outWarnFont},
		"差": {outErrorFill, outErrorFont},
	})
}

// formsFileWidth caps the 文件 column of 汇总表 (and the file names shown in it).
const formsFileWidth = 26

// findingsFileWidth caps the 文件 column of 问题清单.
const findingsFileWidth = 20

// fileCell writes the 文件 cell: the text shown, linked to the annotated copy when there is one.
// LibreOffice shows a linked cell on one line whatever its wrap setting, so a name longer than
// the column is shortened in the middle (its start and end tell files apart); the tooltip and
// the link keep the whole path.
func (w *summaryWriter) fileCell(sh string, col, row int, sf SummaryForm, shown string, width int, widths colWidths) error {
	if sf.Output == "" {
		// No copy to link to: the input's path, shortened alike so the row keeps one line.
		text := fitName(filepath.ToSlash(sf.File), width)
		widths.see(col, text)
		return w.set(sh, col, row, text, sText)
	}
	if shown == "" || shown == "." {
		shown = filepath.ToSlash(sf.Output)
	}
	shown = fitName(shown, width)
	widths.see(col, shown)
	if err := w.set(sh, col, row, shown, sLink); err != nil {
		return err
	}
	w.links.add(sh, cellRef(col, row), linkTarget(sf.Output), filepath.ToSlash(sf.Output))
	return nil
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

// deptGroups sums the forms by department, departments in the order first met (path order),
// and all of them together: 按主管部门 and 统计图 show the same figures.
func deptGroups(s *Summary) (names []string, groups map[string]*fundsSum, all *fundsSum) {
	groups = map[string]*fundsSum{}
	all = &fundsSum{grades: map[string]int{}}
	for _, sf := range s.Forms {
		r := sf.Result
		if r == nil {
			r = &scoring.Result{}
		}
		name := deptName(formOf(r).Department.Text)
		g := groups[name]
		if g == nil {
			g = &fundsSum{}
			groups[name] = g
			names = append(names, name)
		}
		g.add(r)
		all.add(r)
	}
	return names, groups, all
}

func (w *summaryWriter) depts(title string, s *Summary) error {
	sh := sheetDepts
	if err := w.frame(sh, title+"（按主管部门）", fmt.Sprintf("共 %d 张表", len(s.Forms)), "金额单位：万元", deptsHeader); err != nil {
		return err
	}
	names, groups, all := deptGroups(s)
	widths := colWidths{}
	row := summaryFirstRow
	line := func(label string, g *fundsSum, total bool) error {
		vals := []struct {
			v any
			o outStyle
		}{
			{label, sText},
			{g.forms, sInt},
			{optional(g.budget, g.hasBudget), sAmount},
			{optional(g.executed, g.hasExecuted), sAmount},
			{g.rate(), sRate},
			{g.mean(), sScore},
			{g.grades["优"], sInt},
			{g.grades["良"], sInt},
			{g.grades["中"], sInt},
			{g.grades["差"], sInt},
			{g.revise, sInt},
		}
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
	limits := [][2]int{{12, 40}, {8, 8}, {14, 16}, {14, 16}, {10, 10}, {12, 12},
		{6, 6}, {6, 6}, {6, 6}, {6, 6}, {12, 12}}
	return w.finish(sh, deptsHeader, widths, limits, []int{1}, lastData)
}

// findings writes 问题清单: every finding, by department, unit and form as 汇总表 lists them,
// then by cell, each row naming its department, unit and project so a printed page stands alone.
func (w *summaryWriter) findings(title string, s *Summary) error {
	sh := sheetFindings
	if err := w.frame(sh, title+"（问题清单）", findingsNote(s), "", findingsHeader); err != nil {
		return err
	}
	nw := namesWidths(s.Forms)
	widths := colWidths{}
	row := summaryFirstRow
	n := 0
	for _, g := range groupByDept(s.Forms) {
		for _, sf := range g.forms {
			if sf.Result == nil {
				continue
			}
			fm := formOf(sf.Result)
			for _, fd := range findingsByPos(sf.Result.Findings, fm.Sheet) {
				n++
				if err := w.findingRow(row, n, sf, fm, fd, nw, widths); err != nil {
					return err
				}
				row++
			}
		}
	}
	lastData := row - 1
	if lastData >= summaryFirstRow {
		if err := w.condFill(sh, fmt.Sprintf("I%d:I%d", summaryFirstRow, lastData), map[string][2]string{
			scoring.Error.String():   {outErrorFill, outErrorFont},
			scoring.Warning.String(): {outWarnFill, outWarnFont},
		}); err != nil {
			return err
		}
	} else if err := w.merged(sh, 1, len(findingsHeader), row, "未发现问题。", sText); err != nil {
		return err
	}
	limits := [][2]int{{6, 8}, {nw[0], nw[0]}, {nw[1], nw[1]}, {nw[2], nw[2]}, {12, findingsFileWidth}, {8, 14},
		{8, 8}, {6, 6}, {10, 10}, {30, 50}}
	return w.finish(sh, findingsHeader, widths, limits, []int{2, 3, 4, 6, 10}, lastData)
}

// findingsNote is the note line of 问题清单: the findings of all forms counted by severity, the
// ones a reviewer accepted counted apart (and only mentioned when there are some).
func findingsNote(s *Summary) string {
	count := map[scoring.Severity]int{}
	accepted := 0
	for _, sf := range s.Forms {
		if sf.Result == nil {
			continue
		}
		for _, fd := range sf.Result.Findings {
			if fd.Accepted {
				accepted++
				continue
			}
			count[fd.Severity]++
		}
	}
	note := fmt.Sprintf("共 %d 条：错误 %d 条，警告 %d 条，提示 %d 条",
		count[scoring.Error]+count[scoring.Warning]+count[scoring.Info]+accepted,
		count[scoring.Error], count[scoring.Warning], count[scoring.Info])
	if accepted > 0 {
		note += fmt.Sprintf("，%s %d 条", scoring.AcceptedLabel, accepted)
	}
	return note
}

// findingsByPos is a copy of one form's findings in cell order, then by code: the form's own
// sheet first, other sheets by name, as the summary has no workbook order.
func findingsByPos(fs []scoring.Finding, formSheet string) []scoring.Finding {
	order := map[string]int{formSheet: 0}
	fs = slices.Clone(fs)
	slices.SortStableFunc(fs, func(a, b scoring.Finding) int {
		return cmp.Or(comparePos(posOf(a.Ref, order), posOf(b.Ref, order)), cmp.Compare(a.Code, b.Code))
	})
	return fs
}

// findingRow writes finding n of 问题清单, found on form fm of sf.
func (w *summaryWriter) findingRow(row, n int, sf SummaryForm, fm *scoring.Form, fd scoring.Finding, nw [3]int, widths colWidths) error {
	sh := sheetFindings
	vals := []summaryCell{
		{n, sCenter},
		{breakName(deptName(fm.Department.Text), nw[0]), sText},
		{breakName(fm.Unit.Text, nw[1]), sText},
		{breakName(fm.Project.Text, nw[2]), sText},
		{nil, sText}, // 文件, below
		{fd.Ref.Sheet, sText},
		{strings.ReplaceAll(strings.ToUpper(fd.Ref.Cell), "$", ""), sCenter},
		{fd.Code, sCenter},
		{fd.Label(), sCenter},
		{fd.Text(), sText},
	}
	for c, v := range vals {
		if err := w.set(sh, c+1, row, v.v, v.o); err != nil {
			return err
		}
		if t, ok := v.v.(string); ok {
			widths.see(c+1, t)
		}
	}
	return w.fileCell(sh, 5, row, sf, path.Base(filepath.ToSlash(sf.File)), findingsFileWidth, widths)
}

func (w *summaryWriter) failed(title string, s *Summary) error {
	sh := sheetFailed
	note := fmt.Sprintf("共 %d 个文件未处理", len(s.Failed))
	if err := w.frame(sh, title+"（未处理文件）", note, "", failedHeader); err != nil {
		return err
	}
	widths := colWidths{}
	row := summaryFirstRow
	for i, ff := range s.Failed {
		vals := []struct {
			v any
			o outStyle
		}{
			{i + 1, sCenter},
			{filepath.ToSlash(ff.File), sText},
			{ff.Code, sCenter},
			{ff.Reason, sText},
		}
		for c, v := range vals {
			if err := w.set(sh, c+1, row, v.v, v.o); err != nil {
				return err
			}
			if t, ok := v.v.(string); ok {
				widths.see(c+1, t)
			}
		}
		row++
	}
	lastData := row - 1
	if len(s.Failed) == 0 {
		if err := w.merged(sh, 1, len(failedHeader), row, "所有文件均已处理。", sText); err != nil {
			return err
		}
		row++
	}
	if s.Skipped > 0 {
		if err := w.merged(sh, 1, len(failedHeader), row, fmt.Sprintf("已跳过临时/锁定文件 %d 个", s.Skipped), sNoteL); err != nil {
			return err
		}
	}
	limits := [][2]int{{6, 8}, {16, 50}, {6, 6}, {30, 70}}
	return w.finish(sh, failedHeader, widths, limits, []int{2, 4}, lastData)
}
