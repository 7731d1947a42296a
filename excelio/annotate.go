package excelio

import (
	"bytes"
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/shopspring/decimal"
	"github.com/xuri/excelize/v2"

	"github.com/jxzp/jxzp/scoring"
)

// reviewSheet is the name of the sheet Annotate puts first in the copy.
const reviewSheet = "审核意见"

// commentAuthor signs every 批注 Annotate writes, so the unit tells the bureau's from its own.
const commentAuthor = "财政局审核"

// copyPathForType is the name Annotate gives the workbook before writing it; only its extension
// is used, to choose the package's content type.
const copyPathForType = "copy.xlsx"

// Annotate writes to dst a copy of the workbook package src (Workbook.Data: the unit's file as
// read, converted from .xls or decrypted where it had to be) with every finding of results marked
// (fill and 批注 on its cell) and a first sheet 审核意见. dst is written to a temporary name
// beside it and renamed, so a crash leaves no half-written file.
func Annotate(src []byte, dst string, results []*scoring.Result) error {
	// Copies are written side by side: each waits for its share of the memory budget (budget.go).
	release, err := reserve(context.Background(), src)
	if err != nil {
		return err
	}
	defer release()
	f, err := openPackage(src)
	if err != nil {
		return err
	}
	defer f.Close()
	if zw := newPatchZip(src); zw != nil {
		f.SetZipWriter(zw)
	}

	// A copy the unit sent back still holds the 审核意见 of the earlier round: it goes before
	// anything is numbered, so the copy gets exactly one, this round's, and the sheet positions
	// used below are those of the unit's sheets.
	if err := dropReviewSheets(f); err != nil {
		return err
	}
	order := sheetOrder(f)
	marked, err := markFindings(f, results, order)
	if err != nil {
		return err
	}
	if err := clearStaleMarks(f, src, marked); err != nil {
		return err
	}
	if err := addReviewSheet(f, results, order); err != nil {
		return err
	}
	// The copy is always an .xlsx. Naming the file lets excelize give the package the content
	// type of one: an .xlsm's macro-enabled type under an .xlsx name is a file Excel refuses to
	// open ("file format or extension is not valid").
	f.Path = copyPathForType
	return writeAtomicLazy(dst, func(w io.Writer) error {
		_, err := f.WriteTo(w)
		return err
	})
}

// openPackage opens the workbook package src as Annotate edits it.
func openPackage(src []byte) (*excelize.File, error) {
	return excelize.OpenReader(bytes.NewReader(src), excelize.Options{
		RawCellValue:      true,
		UnzipSizeLimit:    unzipSizeLimit,
		UnzipXMLSizeLimit: unzipXMLLimit,
	})
}

// sheetOrder maps each sheet of the unit's workbook to its position, for cell-order sorting.
func sheetOrder(f *excelize.File) map[string]int {
	order := map[string]int{}
	for i, name := range f.GetSheetList() {
		order[name] = i
	}
	return order
}

// findingPos is where a finding sorts: by sheet in workbook order, then row, then column.
// Findings about the form as a whole (no cell) sort first.
type findingPos struct {
	hasCell  bool
	sheet    int
	name     string
	row, col int
}

func posOf(ref scoring.Ref, order map[string]int) findingPos {
	col, row, err := excelize.CellNameToCoordinates(strings.ReplaceAll(ref.Cell, "$", ""))
	if ref.Cell == "" || err != nil {
		return findingPos{}
	}
	idx, ok := order[ref.Sheet]
	if !ok {
		idx = len(order)
	}
	return findingPos{hasCell: true, sheet: idx, name: ref.Sheet, row: row, col: col}
}

func comparePos(a, b findingPos) int {
	if a.hasCell != b.hasCell {
		if !a.hasCell {
			return -1
		}
		return 1
	}
	return cmp.Or(cmp.Compare(a.sheet, b.sheet), cmp.Compare(a.name, b.name),
		cmp.Compare(a.row, b.row), cmp.Compare(a.col, b.col))
}

// sortedFindings returns fs errors first, then warnings, then info, each in cell order, then
// by code: the order of the 审核意见 table.
func sortedFindings(fs []scoring.Finding, order map[string]int) []scoring.Finding {
	out := slices.Clone(fs)
	slices.SortStableFunc(out, func(a, b scoring.Finding) int {
		return cmp.Or(cmp.Compare(a.Shown(), b.Shown()),
			comparePos(posOf(a.Ref, order), posOf(b.Ref, order)),
			cmp.Compare(a.Code, b.Code), cmp.Compare(a.Message, b.Message))
	})
	return out
}

// markedCell gathers the findings of one cell of the unit's workbook.
type markedCell struct {
	sheet    string
	cell     string // normalised: no $, upper case
	pos      findingPos
	findings []scoring.Finding
}

// markFindings fills and comments every cell named by a finding. A cell named by several
// findings, of one form or of several, gets one fill (the worst severity) and one comment.
// It returns the cells it marked, by sheet.
func markFindings(f *excelize.File, results []*scoring.Result, order map[string]int) (map[string]map[string]bool, error) {
	cells, err := collectMarkedCells(f, results, order)
	if err != nil {
		return nil, err
	}
	marked := map[string]map[string]bool{}
	for _, mc := range cells {
		if marked[mc.sheet] == nil {
			marked[mc.sheet] = map[string]bool{}
		}
		marked[mc.sheet][mc.cell] = true
	}
	comments := map[string]map[string]excelize.Comment{}
	restyled := map[[2]int]int{} // (old style, severity) → new style
	for _, mc := range cells {
		slices.SortStableFunc(mc.findings, func(a, b scoring.Finding) int {
			return cmp.Or(cmp.Compare(a.Shown(), b.Shown()), cmp.Compare(a.Code, b.Code),
				cmp.Compare(a.Message, b.Message))
		})
		if err := fillCell(f, mc, restyled); err != nil {
			return nil, fmt.Errorf("标注 %s!%s：%w", mc.sheet, mc.cell, err)
		}
		if _, ok := comments[mc.sheet]; !ok {
			m, err := sheetComments(f, mc.sheet)
			if err != nil {
				return nil, fmt.Errorf("读取 %s 的批注：%w", mc.sheet, err)
			}
			comments[mc.sheet] = m
		}
		if err := commentCell(f, mc, comments[mc.sheet]); err != nil {
			return nil, fmt.Errorf("批注 %s!%s：%w", mc.sheet, mc.cell, err)
		}
	}
	return marked, nil
}

// clearStaleMarks takes the marks of an earlier round off the cells of a copy sent back that
// this round found nothing on (marked): the problems they described were fixed. Each comment of
// ours there goes, or gives way to the unit's own comment it carried; our fill goes too where
// it is surely ours.
//
// Reading a sheet's comments makes excelize write them anew, so a sheet this round did not mark
// is first looked at in a second, read-only copy of src and read here only if it holds a
// comment of ours: a workbook with none comes out byte for byte as it did before.
func clearStaleMarks(f *excelize.File, src []byte, marked map[string]map[string]bool) error {
	var probe *excelize.File
	defer func() {
		if probe != nil {
			probe.Close()
		}
	}()
	restyled := map[int]int{} // old style → the same without our fill
	for _, sheet := range f.GetSheetList() {
		if _, ok := marked[sheet]; !ok {
			if probe == nil {
				p, err := openPackage(src)
				if err != nil {
					return err
				}
				probe = p
			}
			// Comments that cannot be read were left alone before: still are.
			list, err := probe.GetComments(sheet)
			if err != nil || !slices.ContainsFunc(list, func(c excelize.Comment) bool {
				return isOwnComment(c, commentText(c))
			}) {
				continue
			}
		}
		list, err := f.GetComments(sheet)
		if err != nil {
			return fmt.Errorf("读取 %s 的批注：%w", sheet, err)
		}
		for _, c := range list {
			col, row, err := excelize.CellNameToCoordinates(c.Cell)
			if err != nil {
				continue
			}
			cell := cellRef(col, row)
			text := commentText(c)
			if marked[sheet][cell] || !isOwnComment(c, text) {
				continue
			}
			if err := clearStaleMark(f, sheet, cell, c, text, restyled); err != nil {
				return fmt.Errorf("清除 %s!%s 的旧标注：%w", sheet, cell, err)
			}
		}
	}
	return nil
}

// clearStaleMark deletes our comment c (whole text text) from cell, puts back the unit's own
// comment it carried, if any, and takes our fill off the cell.
func clearStaleMark(f *excelize.File, sheet, cell string, c excelize.Comment, text string, restyled map[int]int) error {
	if err := f.DeleteComment(sheet, c.Cell); err != nil {
		return err
	}
	if author, body, ok := carriedComment(text); ok {
		if err := f.AddComment(sheet, excelize.Comment{Cell: cell, Author: author, Text: body}); err != nil {
			return err
		}
	}
	return unfillCell(f, sheet, cell, restyled)
}

// carriedComment is the unit's own comment that our comment text carried after its findings,
// as commentCell wrote it, and its author. commentCell names the author in the heading unless
// it had none or the text opens with it; in the latter case, the one Excel and WPS write, the
// text's first line is the author and a colon.
func carriedComment(text string) (author, body string, ok bool) {
	text = strings.ReplaceAll(text, "\r\n", "\n") // as a program may have saved it
	i := strings.Index(text, "\n\n"+priorHead)
	if i < 0 {
		return "", "", false
	}
	rest := text[i+len("\n\n"+priorHead):]
	switch {
	case strings.HasPrefix(rest, "（"):
		// The heading ends at the first "）：" and line end: the text after it may hold one too.
		j := strings.Index(rest, "）：\n")
		if j < 0 {
			return "", "", false
		}
		author, body = rest[len("（"):j], rest[j+len("）：\n"):]
	case strings.HasPrefix(rest, "：\n"):
		body = rest[len("：\n"):]
		first, _, _ := strings.Cut(body, "\n")
		first = strings.TrimSpace(first)
		for _, colon := range []string{":", "："} {
			if name, found := strings.CutSuffix(first, colon); found && strings.TrimSpace(name) != "" {
				author = strings.TrimSpace(name)
				break
			}
		}
	default:
		return "", "", false
	}
	body = strings.TrimSpace(body)
	return author, body, body != ""
}

// unfillCell takes our fill off the cell, leaving no fill and the rest of its style as it is,
// when the fill is surely ours: one of our two colours, solid, and not on the font colour of the
// Excel cell style (差, 中性) that pairs the same fill with it, which the unit may have used.
func unfillCell(f *excelize.File, sheet, cell string, restyled map[int]int) error {
	old, err := f.GetCellStyle(sheet, cell)
	if err != nil {
		return err
	}
	id, ok := restyled[old]
	if !ok {
		id = old
		if st, err := f.GetStyle(old); err == nil && st != nil && isOwnFill(st) {
			if id, err = refill(f, old, ""); err != nil {
				return err
			}
		}
		restyled[old] = id
	}
	if id == old {
		return nil
	}
	return f.SetCellStyle(sheet, cell, cell, id)
}

// isOwnFill reports whether st has the fill fillCell gives a cell; see unfillCell.
func isOwnFill(st *excelize.Style) bool {
	fl := st.Fill
	if fl.Type != "pattern" || fl.Pattern != 1 || len(fl.Color) != 1 {
		return false
	}
	font := ""
	if st.Font != nil {
		font = st.Font.Color
	}
	switch {
	case strings.EqualFold(fl.Color[0], outErrorFill):
		return !strings.EqualFold(font, outErrorFont)
	case strings.EqualFold(fl.Color[0], outWarnFill):
		return !strings.EqualFold(font, outWarnFont)
	}
	return false
}

// collectMarkedCells groups the findings of results by the cell they mark, in cell order.
func collectMarkedCells(f *excelize.File, results []*scoring.Result, order map[string]int) ([]*markedCell, error) {
	byCell := map[string]*markedCell{}
	var cells []*markedCell
	merges := map[string][]excelize.MergeCell{}
	for _, r := range results {
		if r == nil {
			continue
		}
		for _, fd := range r.Findings {
			if fd.Ref.Cell == "" {
				continue
			}
			if _, ok := order[fd.Ref.Sheet]; !ok {
				continue // a sheet the workbook does not have: the finding is still listed on 审核意见
			}
			col, row, err := excelize.CellNameToCoordinates(strings.ReplaceAll(fd.Ref.Cell, "$", ""))
			if err != nil {
				continue
			}
			if _, ok := merges[fd.Ref.Sheet]; !ok {
				mc, err := f.GetMergeCells(fd.Ref.Sheet, true)
				if err != nil {
					return nil, err
				}
				merges[fd.Ref.Sheet] = mc
			}
			// Inside a merged range only the top-left cell shows a fill or a comment marker.
			col, row = mergeTopLeft(merges[fd.Ref.Sheet], col, row)
			cell := cellRef(col, row)
			key := fd.Ref.Sheet + "\x00" + cell
			mc := byCell[key]
			if mc == nil {
				mc = &markedCell{sheet: fd.Ref.Sheet, cell: cell,
					pos: findingPos{hasCell: true, sheet: order[fd.Ref.Sheet], name: fd.Ref.Sheet, row: row, col: col}}
				byCell[key] = mc
				cells = append(cells, mc)
			}
			mc.findings = append(mc.findings, fd)
		}
	}
	slices.SortStableFunc(cells, func(a, b *markedCell) int { return comparePos(a.pos, b.pos) })
	return cells, nil
}

// sheetComments maps the comments already on sheet by normalised cell name, so a finding's cell
// finds the one it replaces however the file spelt the reference.
func sheetComments(f *excelize.File, sheet string) (map[string]excelize.Comment, error) {
	list, err := f.GetComments(sheet)
	if err != nil {
		return nil, err
	}
	m := map[string]excelize.Comment{}
	for _, c := range list {
		if col, row, err := excelize.CellNameToCoordinates(c.Cell); err == nil {
			m[cellRef(col, row)] = c
		}
	}
	return m, nil
}

func mergeTopLeft(merges []excelize.MergeCell, col, row int) (int, int) {
	for _, m := range merges {
		c1, r1, err1 := excelize.CellNameToCoordinates(m.GetStartAxis())
		c2, r2, err2 := excelize.CellNameToCoordinates(m.GetEndAxis())
		if err1 != nil || err2 != nil {
			continue
		}
		if c1 <= col && col <= c2 && r1 <= row && row <= r2 {
			return c1, r1
		}
	}
	return col, row
}

// fillCell colours the cell by its worst finding, keeping the rest of the unit's formatting:
// the new format is a copy of the old with only its fill changed (see refill).
func fillCell(f *excelize.File, mc *markedCell, restyled map[[2]int]int) error {
	worst := mc.findings[0].Shown()
	var color string
	switch worst {
	case scoring.Error:
		color = outErrorFill
	case scoring.Warning:
		color = outWarnFill
	default:
		return nil // 提示 is a comment only
	}
	old, err := f.GetCellStyle(mc.sheet, mc.cell)
	if err != nil {
		return err
	}
	key := [2]int{old, int(worst)}
	id, ok := restyled[key]
	if !ok {
		if id, err = refill(f, old, color); err != nil {
			return err
		}
		restyled[key] = id
	}
	return f.SetCellStyle(mc.sheet, mc.cell, mc.cell, id)
}

// commentCell replaces the cell's comment by one holding every finding of the cell and, after
// them, the unit's own comment: a cell can hold one comment only. A comment of ours from an
// earlier round is replaced, not quoted as the unit's.
func commentCell(f *excelize.File, mc *markedCell, existing map[string]excelize.Comment) error {
	var lines []string
	for _, fd := range mc.findings {
		lines = append(lines, fmt.Sprintf("[%s %s] %s", fd.Code, fd.Label(), fd.Text()))
	}
	body := strings.Join(lines, "\n")
	if old, ok := existing[mc.cell]; ok {
		if err := f.DeleteComment(mc.sheet, old.Cell); err != nil {
			return err
		}
		delete(existing, mc.cell)
		text := commentText(old)
		if isOwnComment(old, text) {
			// Ours from an earlier round, on a copy sent back: its findings are stale and this
			// round's replace them. The unit's comment it carried along is kept, once.
			text = strings.ReplaceAll(text, "\r\n", "\n") // as a program may have saved it
			if i := strings.Index(text, "\n\n"+priorHead); i >= 0 {
				body += text[i:]
			}
		} else if text != "" {
			head := priorHead
			if author := strings.TrimSpace(old.Author); author != "" && !strings.HasPrefix(text, author) {
				head += "（" + author + "）"
			}
			body += "\n\n" + head + "：\n" + text
		}
	}
	font := &excelize.Font{Family: outFont, Size: 9}
	bold := &excelize.Font{Family: outFont, Size: 9, Bold: true}
	width := 0
	for _, line := range strings.Split(body, "\n") {
		width = max(width, textWidth(line))
	}
	// The box is sized to its text in pixels (about 6 per width unit at 9 pt), so the unit
	// sees the whole message on hover without resizing it.
	w := min(max(width, 30), 70) * 6
	h := (wrappedLines(commentAuthor+"：\n"+body, float64(w)/6) + 1) * 14
	return f.AddComment(mc.sheet, excelize.Comment{
		Cell:   mc.cell,
		Author: commentAuthor,
		Paragraph: []excelize.RichTextRun{
			{Text: commentAuthor + "：\n", Font: bold},
			{Text: body, Font: font},
		},
		Width:  uint(w),
		Height: uint(min(h, 600)),
	})
}

// priorHead opens the part of a comment that holds the unit's own comment, carried along.
const priorHead = "原批注"

// isOwnComment reports whether c, whose whole text is text, was written by Annotate: by its
// author, or, when a program re-signed it on saving, by the signature line that opens its text.
func isOwnComment(c excelize.Comment, text string) bool {
	return c.Author == commentAuthor || strings.HasPrefix(text, commentAuthor+"：")
}

// commentText is the whole text of a comment: excelize splits it into a plain part and runs.
func commentText(c excelize.Comment) string {
	var b strings.Builder
	b.WriteString(c.Text)
	for _, run := range c.Paragraph {
		b.WriteString(run.Text)
	}
	return strings.TrimSpace(b.String())
}

// kindNames are the 计算类型 of an indicator as the bureau says them.
var kindNames = map[string]string{
	scoring.KindQuantitative:  "定量",
	scoring.KindQualitative:   "定性",
	scoring.KindNotApplicable: "不适用",
	scoring.KindUnscorable:    "无法复核",
}

// reviewWriter lays out the 审核意见 sheet row by row.
type reviewWriter struct {
	f     *excelize.File
	sheet string
	st    *outStyles
	row   int
	order map[string]int
	tall  []tallCell // wrapped texts whose row height is set once column widths are known
}

type tallCell struct {
	row, from, to int
	text          string
}

// Column widths of 审核意见: the findings table and the score table share the columns, so the
// widths suit both (说明 is merged over E:H).
var reviewWidths = []float64{12, 20, 30, 16, 11, 11, 10, 12}

const reviewCols = 8

// addReviewSheet creates 审核意见 as the first and active sheet of the copy.
func addReviewSheet(f *excelize.File, results []*scoring.Result, order map[string]int) error {
	name, err := freeReviewSheetName(f)
	if err != nil {
		return err
	}
	if err := checkNewSheetPath(f); err != nil {
		return err
	}
	if err := insertFirstSheet(f, name); err != nil {
		return err
	}
	// Marked only now, after the move: its scope is a sheet position too.
	if err := markReviewSheet(f, name); err != nil {
		return fmt.Errorf("定义名称 %s：%w", reviewMarker, err)
	}
	if idx, err := f.GetSheetIndex(name); err == nil && idx >= 0 {
		f.SetActiveSheet(idx)
	}

	w := &reviewWriter{f: f, sheet: name, st: newOutStyles(f), row: 1, order: order}
	if err := w.write(results); err != nil {
		return err
	}
	for i, width := range reviewWidths {
		col, _ := excelize.ColumnNumberToName(i + 1)
		if err := f.SetColWidth(name, col, col, width); err != nil {
			return err
		}
	}
	if err := w.fitTallRows(); err != nil {
		return err
	}
	return printSetup(f, name, "portrait", 0)
}

// freeReviewSheetName is 审核意见, or 审核意见(n) for the first n that the unit has not used.
func freeReviewSheetName(f *excelize.File) (string, error) {
	name := reviewSheet
	for n := 2; ; n++ {
		idx, err := f.GetSheetIndex(name)
		if err != nil {
			return "", err
		}
		if idx < 0 {
			return name, nil
		}
		name = reviewSheet + "(" + strconv.Itoa(n) + ")"
	}
}

// allWorksheets reports whether every sheet is a worksheet excelize can parse. MoveSheet
// dereferences each sheet's worksheet and crashes on a chart, dialog or macro sheet or a damaged
// worksheet; in such a workbook the review sheet stays last, and opens first as the active sheet.
func allWorksheets(f *excelize.File) bool {
	for _, sheet := range f.GetSheetList() {
		if _, err := f.GetMergeCells(sheet); err != nil {
			return false
		}
	}
	return true
}

// insertFirstSheet adds an empty sheet name before all the others.
//
// MoveSheet renumbers the sheets but not the sheet-scoped defined names (print areas, print
// titles, filters), which hold a sheet position: they are lifted out, and put back after the
// move by sheet name so each still belongs to its own sheet.
func insertFirstSheet(f *excelize.File, name string) error {
	first := f.GetSheetName(0)
	var scoped []excelize.DefinedName
	for _, dn := range f.GetDefinedName() {
		if dn.Scope != "Workbook" && dn.Scope != "" {
			scoped = append(scoped, dn)
		}
	}
	for _, dn := range scoped {
		if err := f.DeleteDefinedName(&excelize.DefinedName{Name: dn.Name, Scope: dn.Scope}); err != nil {
			return fmt.Errorf("定义名称 %s：%w", dn.Name, err)
		}
	}
	if _, err := f.NewSheet(name); err != nil {
		return err
	}
	if first != "" && allWorksheets(f) {
		giveSheetViews(f)
		if err := f.MoveSheet(name, first); err != nil {
			return err
		}
	}
	for _, dn := range scoped {
		if err := f.SetDefinedName(&dn); err != nil {
			return fmt.Errorf("定义名称 %s：%w", dn.Name, err)
		}
	}
	return nil
}

// giveSheetViews gives a default view to every worksheet written without one (the element is
// optional, and LibreOffice and other writers omit it): excelize's MoveSheet deselects the tab of
// every sheet through its view and panics on a sheet that has none.
func giveSheetViews(f *excelize.File) {
	for _, sheet := range f.GetSheetList() {
		// Reading view 0 creates it when missing; a sheet that is no worksheet has no views to
		// deselect and answers with an error, which is nothing to act on.
		_, _ = f.GetSheetView(sheet, 0)
	}
}

// fitTallRows gives each row holding wrapped text the height of its most wrapped cell: done
// last, as a text's line count depends on the column widths.
func (w *reviewWriter) fitTallRows() error {
	lines := map[int]int{}
	var rows []int
	for _, t := range w.tall {
		width := 0.0
		for c := t.from; c <= t.to; c++ {
			width += reviewWidths[c-1]
		}
		if _, ok := lines[t.row]; !ok {
			rows = append(rows, t.row)
		}
		lines[t.row] = max(lines[t.row], wrappedLines(t.text, width))
	}
	for _, row := range rows {
		if n := lines[row]; n > 1 {
			if err := w.f.SetRowHeight(w.sheet, row, linesHeight(n)); err != nil {
				return err
			}
		}
	}
	return nil
}

// checkNewSheetPath refuses a workbook whose part names would make NewSheet overwrite one of
// its sheets: excelize names the new part after the highest sheet ID, and some writers number
// their parts differently from their sheet IDs.
func checkNewSheetPath(f *excelize.File) error {
	maxID := 0
	for id := range f.GetSheetMap() {
		maxID = max(maxID, id)
	}
	path := "xl/worksheets/sheet" + strconv.Itoa(maxID+1) + ".xml"
	_, inPkg := f.Pkg.Load(path)
	_, inSheets := f.Sheet.Load(path)
	if inPkg || inSheets {
		return errors.New("工作簿内部结构特殊，无法插入审核意见表：" + path + " 已被占用")
	}
	return nil
}

// put writes v at (col, w.row) with style o; v may be a string, an int, a decimal or nil.
func (w *reviewWriter) put(col int, v any, o outStyle) error {
	cell := cellRef(col, w.row)
	switch x := v.(type) {
	case nil:
	case string:
		if x != "" {
			if err := w.f.SetCellStr(w.sheet, cell, x); err != nil {
				return err
			}
		}
	case int:
		if err := w.f.SetCellInt(w.sheet, cell, int64(x)); err != nil {
			return err
		}
	case decimal.Decimal:
		if err := setDecimal(w.f, w.sheet, cell, x); err != nil {
			return err
		}
	case *decimal.Decimal:
		if x != nil {
			if err := setDecimal(w.f, w.sheet, cell, *x); err != nil {
				return err
			}
		}
	default:
		return fmt.Errorf("unsupported cell value %T", v)
	}
	id, err := w.st.id(o)
	if err != nil {
		return err
	}
	return w.f.SetCellStyle(w.sheet, cell, cell, id)
}

// span merges (from..to) on the current row, styles the whole range and writes text.
func (w *reviewWriter) span(from, to int, text string, o outStyle) error {
	if err := w.put(from, text, o); err != nil {
		return err
	}
	a, b := cellRef(from, w.row), cellRef(to, w.row)
	if to > from {
		if err := w.f.MergeCell(w.sheet, a, b); err != nil {
			return err
		}
	}
	if o.wrap {
		w.tall = append(w.tall, tallCell{row: w.row, from: from, to: to, text: text})
	}
	id, err := w.st.id(o)
	if err != nil {
		return err
	}
	return w.f.SetCellStyle(w.sheet, a, b, id)
}

// setDecimal writes d as a number: the float is made from d's exact decimal text, so the cell
// holds the nearest double, as if the value had been typed.
func setDecimal(f *excelize.File, sheet, cell string, d decimal.Decimal) error {
	v, err := strconv.ParseFloat(d.String(), 64)
	if err != nil {
		return err
	}
	return f.SetCellFloat(sheet, cell, v, -1, 64)
}

func (w *reviewWriter) write(results []*scoring.Result) error {
	title := outStyle{bold: true, size: 14, hAlign: "center"}
	if err := w.span(1, reviewCols, "审核意见", title); err != nil {
		return err
	}
	w.row++
	pass, revise := 0, 0
	for _, r := range results {
		if r == nil {
			continue
		}
		if r.Status == scoring.StatusRevise {
			revise++
		} else {
			pass++
		}
	}
	summary := fmt.Sprintf("本工作簿共 %d 张绩效自评表：通过 %d 张，需修改 %d 张。", pass+revise, pass, revise)
	if pass+revise == 0 {
		summary = "本工作簿中未找到绩效自评表。"
	}
	if err := w.span(1, reviewCols, summary, outStyle{hAlign: "left"}); err != nil {
		return err
	}
	w.row += 2
	n := 0
	for _, r := range results {
		if r == nil {
			continue
		}
		n++
		if err := w.form(n, r); err != nil {
			return err
		}
		w.row += 2
	}
	return nil
}

// Styles of the 审核意见 tables.
var (
	reviewLabel  = outStyle{bold: true, fill: outBlockFill, border: true, hAlign: "left"}
	reviewValue  = outStyle{border: true, hAlign: "left", wrap: true}
	reviewNum    = outStyle{border: true, numFmt: fmtScore, hAlign: "right"}
	reviewHead   = outStyle{bold: true, fill: outHeaderFill, border: true, hAlign: "center", wrap: true}
	reviewCenter = outStyle{border: true, hAlign: "center"}
	reviewDiff   = outStyle{border: true, numFmt: fmtScore, hAlign: "right", fontColor: outErrorFont}
	reviewTitle  = outStyle{bold: true, hAlign: "left"}
)

// form writes one form's block: who and what, the totals, the findings, the score comparison.
func (w *reviewWriter) form(n int, r *scoring.Result) error {
	fm := r.Form
	if fm == nil {
		fm = &scoring.Form{}
	}
	if err := w.formHeading(n, fm); err != nil {
		return err
	}
	if err := w.formLocation(fm); err != nil {
		return err
	}
	if err := w.totals(r); err != nil {
		return err
	}
	if err := w.findings(r.Findings, fm.Sheet); err != nil {
		return err
	}
	return w.scores(r)
}

// formHeading writes the block's title and the form's project, department and unit.
func (w *reviewWriter) formHeading(n int, fm *scoring.Form) error {
	heading := fmt.Sprintf("第 %d 张表：%s", n, orDash(fm.Project.Text))
	if err := w.span(1, reviewCols, heading, outStyle{bold: true, size: 12, hAlign: "left"}); err != nil {
		return err
	}
	w.row++
	for _, kv := range [][2]string{
		{"项目名称", fm.Project.Text},
		{"主管部门", fm.Department.Text},
		{"实施单位", fm.Unit.Text},
	} {
		if err := w.put(1, kv[0], reviewLabel); err != nil {
			return err
		}
		if err := w.span(2, reviewCols, orDash(kv[1]), reviewValue); err != nil {
			return err
		}
		w.row++
	}
	return nil
}

// formLocation writes the row naming where the form is, linked to it so the reader can jump
// from the opinion to the form.
func (w *reviewWriter) formLocation(fm *scoring.Form) error {
	if err := w.put(1, "工作表", reviewLabel); err != nil {
		return err
	}
	where := fm.Sheet
	if fm.Range != "" {
		where += "!" + fm.Range
	}
	if err := w.span(2, reviewCols, orDash(where), outStyle{border: true, hAlign: "left", fontColor: outLinkColor, underline: fm.Sheet != ""}); err != nil {
		return err
	}
	if fm.Sheet != "" {
		topLeft := "A1"
		if i := strings.IndexByte(fm.Range, ':'); i > 0 {
			topLeft = fm.Range[:i]
		}
		if err := w.f.SetCellHyperLink(w.sheet, cellRef(2, w.row), quoteSheet(fm.Sheet)+"!"+topLeft, "Location"); err != nil {
			return err
		}
	}
	w.row++
	return nil
}

// totalsRow is one row of a form's totals: the unit's figure beside the bureau's.
type totalsRow struct {
	l1 string
	v1 any
	l2 string
	v2 any
}

// totals writes the claimed and recomputed score and grade, the status and the finding counts.
func (w *reviewWriter) totals(r *scoring.Result) error {
	total, grade := recomputedOrText(r)
	for _, p := range []totalsRow{
		{"自评得分", claimedOrText(r.ClaimedTotal), "复核得分", total},
		{"自评等级", orText(r.ClaimedGrade, "（未填写）"), "复核等级", grade},
		{"状态", orDash(r.Status), "错误 / 警告", fmt.Sprintf("%d / %d", r.Errors(), r.Warnings())},
	} {
		if err := w.totalsLine(p, r.Status == scoring.StatusRevise); err != nil {
			return err
		}
		w.row++
	}
	w.row++
	return nil
}

// totalsLine writes p on the current row; revise makes the status stand out, as the one thing
// the unit must act on.
func (w *reviewWriter) totalsLine(p totalsRow, revise bool) error {
	if err := w.put(1, p.l1, reviewLabel); err != nil {
		return err
	}
	o := reviewValue
	if _, ok := p.v1.(*decimal.Decimal); ok {
		o = reviewNum
	}
	if p.l1 == "状态" && revise {
		o = outStyle{border: true, hAlign: "left", bold: true, fill: outErrorFill, fontColor: outErrorFont}
	}
	if err := w.put(2, p.v1, o); err != nil {
		return err
	}
	if err := w.put(3, p.l2, reviewLabel); err != nil {
		return err
	}
	o = reviewValue
	if _, ok := p.v2.(*decimal.Decimal); ok {
		o = reviewNum
	}
	return w.put(4, p.v2, o)
}

// findings writes the 审核发现的问题 table, errors first, so the unit reads what blocks the form
// before what merely deserves a look.
func (w *reviewWriter) findings(all []scoring.Finding, formSheet string) error {
	if err := w.span(1, reviewCols, "审核发现的问题", reviewTitle); err != nil {
		return err
	}
	w.row++
	for i, h := range []string{"序号", "代码", "严重程度", "单元格"} {
		if err := w.put(i+1, h, reviewHead); err != nil {
			return err
		}
	}
	if err := w.span(5, reviewCols, "说明", reviewHead); err != nil {
		return err
	}
	w.row++
	fs := sortedFindings(all, w.order)
	if len(fs) == 0 {
		if err := w.span(1, reviewCols, "未发现问题。", reviewValue); err != nil {
			return err
		}
		w.row++
	}
	for i, fd := range fs {
		if err := w.finding(i+1, fd, formSheet); err != nil {
			return err
		}
		w.row++
	}
	w.row++
	return nil
}

// finding writes one row of the findings table. The cell is shown without its sheet when it is
// on the form's own sheet, so the column stays narrow; the link always names the sheet.
func (w *reviewWriter) finding(n int, fd scoring.Finding, formSheet string) error {
	center := outStyle{border: true, hAlign: "center"}
	sev := center
	switch fd.Shown() {
	case scoring.Error:
		sev = outStyle{border: true, hAlign: "center", fill: outErrorFill, fontColor: outErrorFont}
	case scoring.Warning:
		sev = outStyle{border: true, hAlign: "center", fill: outWarnFill, fontColor: outWarnFont}
	}
	if err := w.put(1, n, center); err != nil {
		return err
	}
	if err := w.put(2, fd.Code, center); err != nil {
		return err
	}
	if err := w.put(3, fd.Label(), sev); err != nil {
		return err
	}
	cell := strings.ReplaceAll(strings.ToUpper(fd.Ref.Cell), "$", "")
	shown := "—"
	if cell != "" {
		shown = cell
		if fd.Ref.Sheet != formSheet {
			shown = fd.Ref.Sheet + "!" + cell
		}
	}
	_, known := w.order[fd.Ref.Sheet]
	if cell != "" && known {
		if err := w.put(4, shown, outStyle{border: true, hAlign: "center", fontColor: outLinkColor, underline: true, wrap: true}); err != nil {
			return err
		}
		if err := w.f.SetCellHyperLink(w.sheet, cellRef(4, w.row), quoteSheet(fd.Ref.Sheet)+"!"+cell, "Location"); err != nil {
			return err
		}
		w.tall = append(w.tall, tallCell{row: w.row, from: 4, to: 4, text: shown})
	} else if err := w.put(4, shown, center); err != nil {
		return err
	}
	return w.span(5, reviewCols, fd.Text(), outStyle{border: true, hAlign: "left", wrap: true})
}

// scores writes the 复核得分对照 table: the unit's scores beside the bureau's, row by row.
func (w *reviewWriter) scores(r *scoring.Result) error {
	if err := w.scoresHead(); err != nil {
		return err
	}
	if err := w.executionScore(r); err != nil {
		return err
	}
	total, err := w.indicatorScores(r)
	if err != nil {
		return err
	}
	return w.totalScore(r, total)
}

// scoresHead writes the table's title and column headers.
func (w *reviewWriter) scoresHead() error {
	if err := w.span(1, reviewCols, "复核得分对照", reviewTitle); err != nil {
		return err
	}
	w.row++
	for i, h := range []string{"一级指标", "二级指标", "三级指标", "分值", "自评得分", "复核得分", "差异", "计算类型"} {
		if err := w.put(i+1, h, reviewHead); err != nil {
			return err
		}
	}
	w.row++
	return nil
}

// scoreLine is one row of the 复核得分对照 table; a nil score is left blank.
type scoreLine struct {
	l1, l2, l3                  string
	points, claimed, recomputed *decimal.Decimal
	kind                        string
}

// executionScore writes the 预算执行率 row, its rate standing in for an indicator name.
func (w *reviewWriter) executionScore(r *scoring.Result) error {
	rate := "执行率无法计算"
	if r.Rate != nil {
		rate = "执行率 " + r.Rate.Mul(decimal.NewFromInt(100)).Round(2).StringFixed(2) + "%"
	}
	ex := r.Execution
	exRe := ex.Recomputed
	exPoints := ex.Points
	return w.scoreRow(scoreLine{"预算执行率", "", rate, &exPoints, ex.Claimed, &exRe, "定量"})
}

// indicatorScores writes one row per indicator and returns the points of the whole form,
// 预算执行率 included, for the 合计 row.
func (w *reviewWriter) indicatorScores(r *scoring.Result) (decimal.Decimal, error) {
	total := r.Execution.Points
	for _, ir := range r.Indicators {
		name := ""
		if ir.Indicator != nil {
			name = ir.Indicator.Name.Text
		}
		kind := kindNames[ir.Kind]
		if kind == "" {
			kind = ir.Kind
		}
		if ir.Points != nil {
			total = total.Add(*ir.Points)
		}
		if err := w.scoreRow(scoreLine{ir.Level1, ir.Level2, name, ir.Points, ir.Claimed, ir.Recomputed, kind}); err != nil {
			return decimal.Decimal{}, err
		}
	}
	return total, nil
}

// totalScore writes the 合计 row, its label merged over the three indicator columns.
func (w *reviewWriter) totalScore(r *scoring.Result, total decimal.Decimal) error {
	if err := w.scoreRow(scoreLine{"总分", "", "", &total, r.ClaimedTotal, r.RecomputedTotal, ""}); err != nil {
		return err
	}
	a, b := cellRef(1, w.row-1), cellRef(3, w.row-1)
	if err := w.f.MergeCell(w.sheet, a, b); err != nil {
		return err
	}
	id, err := w.st.id(outStyle{bold: true, border: true, hAlign: "center"})
	if err != nil {
		return err
	}
	return w.f.SetCellStyle(w.sheet, a, b, id)
}

// scoreRow writes s on the current row and moves to the next.
func (w *reviewWriter) scoreRow(s scoreLine) error {
	for i, t := range []string{s.l1, s.l2, s.l3} {
		if err := w.put(i+1, t, reviewValue); err != nil {
			return err
		}
	}
	for i, d := range []*decimal.Decimal{s.points, s.claimed, s.recomputed} {
		if err := w.put(4+i, d, reviewNum); err != nil {
			return err
		}
	}
	d, o := scoreDiff(s.claimed, s.recomputed)
	if err := w.put(7, d, o); err != nil {
		return err
	}
	if err := w.put(8, s.kind, reviewCenter); err != nil {
		return err
	}
	w.row++
	return nil
}

// scoreDiff is the bureau's score less the unit's, in red when they differ so the reader's eye
// goes to the rows that moved; nil when either is missing.
func scoreDiff(claimed, recomputed *decimal.Decimal) (*decimal.Decimal, outStyle) {
	if claimed == nil || recomputed == nil {
		return nil, reviewNum
	}
	v := recomputed.Sub(*claimed)
	if v.IsZero() {
		return &v, reviewNum
	}
	return &v, reviewDiff
}

func orDash(s string) string {
	return orText(s, "—")
}

func orText(s, empty string) string {
	if strings.TrimSpace(s) == "" {
		return empty
	}
	return s
}

// recomputedOrText is the bureau's total and grade as 审核意见 shows them: 未填写 for an unfilled
// form (S08), which is not scored, rather than a score of 0.
func recomputedOrText(r *scoring.Result) (total, grade any) {
	if r.RecomputedTotal == nil {
		return unfilledText, unfilledText
	}
	return r.RecomputedTotal, orDash(r.RecomputedGrade)
}

func claimedOrText(d *decimal.Decimal) any {
	if d == nil {
		return "（未填写）"
	}
	return d
}
