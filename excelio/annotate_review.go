package excelio

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/shopspring/decimal"
	"github.com/xuri/excelize/v2"

	"github.com/jxzp/jxzp/scoring"
)

// kindNames are the 计算类型 of an indicator as the bureau says them.
var kindNames = map[string]string{
	scoring.KindQuantitative:  "定量",
	scoring.KindQualitative:   "定性",
	scoring.KindNotApplicable: "不适用",
	scoring.KindUnscorable:    "无法复核",
}

// reviewXML renders the 审核意见 worksheet part for results: a complete worksheet XML document,
// written into a buffer of buffer(size) (nil: a new one). xf gives the cellXfs index, in the
// copy's styles.xml, of each outStyle the sheet uses.
func reviewXML(results []*scoring.Result, order map[string]int, xf func(outStyle) (int, error), buffer func(int) []byte) ([]byte, error) {
	w := &reviewWriter{xf: xf, xfs: make([]styleXf, 0, 24), row: 1, order: order} // the sheet uses about 20 styles
	select {
	case w.cells = <-reviewRows:
	default:
	}
	defer func() {
		clear(w.cells)
		select {
		case reviewRows <- w.cells[:0]:
		default:
		}
	}()
	if err := w.write(results); err != nil {
		return nil, err
	}
	return w.xml(buffer)
}

// reviewRows keeps the row grids of laid-out sheets for the next copies: a grid is a few dozen
// rows of 320 bytes, grown row by row.
var reviewRows = make(chan [][reviewCols]wsCell, 8)

// reviewWriter lays out the 审核意见 sheet row by row. The sheet is small, so it is held whole
// and written once laid out: a merge or a style may still change a row already passed.
type reviewWriter struct {
	xf     func(outStyle) (int, error)
	xfs    []styleXf // the styles asked of xf
	row    int
	order  map[string]int
	cells  [][reviewCols]wsCell // by row and column, from 1; a cell of kind wsNone is absent
	merges []string
	links  []wsLink
	tall   []tallCell // wrapped texts whose row height is set once column widths are known
}

// styleXf is a style of the sheet with its cellXfs index.
type styleXf struct {
	style outStyle
	id    int
}

type tallCell struct {
	row, from, to int
	text          string
}

// Column widths of 审核意见: the findings table and the score table share the columns, so the
// widths suit both (说明 is merged over E:H).
var reviewWidths = []float64{12, 20, 30, 16, 11, 11, 10, 12}

const reviewCols = 8

// xml writes the laid-out sheet as a worksheet part: first and active, printed on A4 upright.
func (w *reviewWriter) xml(buffer func(int) []byte) ([]byte, error) {
	heights := w.rowHeights()
	maxCol, size := 1, 1024
	for _, r := range w.cells {
		for _, c := range r {
			maxCol = max(maxCol, c.col)
			size += len(c.text)
		}
		size += 300 // eight cells' markup and the row's
	}
	size += 60*len(w.merges) + 100*len(w.links)
	var buf []byte
	if buffer != nil {
		buf = buffer(size)
	}
	sw := newWSWriter(wsHead{
		size:             size,
		buf:              buf,
		fitToPage:        true,
		dimension:        "A1:" + cellRef(maxCol, max(len(w.cells), 1)),
		tabSelected:      true,
		defaultRowHeight: 15,
		widths:           reviewWidths,
	})
	for i, r := range w.cells {
		if !emptyRow(r[:]) {
			sw.row(i+1, heights[i+1], r[:])
		}
	}
	return sw.close(wsTail{merges: w.merges, links: w.links, print: "portrait"})
}

func emptyRow(cells []wsCell) bool {
	for _, c := range cells {
		if c.kind != wsNone {
			return false
		}
	}
	return true
}

// rowHeights gives each row holding wrapped text the height of its most wrapped cell: done
// last, as a text's line count depends on the column widths.
func (w *reviewWriter) rowHeights() []float64 {
	lines := make([]int, len(w.cells)+1) // by row, from 1
	for _, t := range w.tall {
		width := 0.0
		for c := t.from; c <= t.to; c++ {
			width += reviewWidths[c-1]
		}
		lines[t.row] = max(lines[t.row], wrappedLines(t.text, width))
	}
	heights := make([]float64, len(lines))
	for row, n := range lines {
		if n > 1 {
			heights[row] = linesHeight(n)
		}
	}
	return heights
}

// style is the cellXfs index of o, asked of xf once per style.
func (w *reviewWriter) style(o outStyle) (int, error) {
	// A look through the few styles the sheet uses costs less than hashing o for a map.
	for _, s := range w.xfs {
		if s.style == o {
			return s.id, nil
		}
	}
	id, err := w.xf(o)
	if err != nil {
		return 0, err
	}
	w.xfs = append(w.xfs, styleXf{o, id})
	return id, nil
}

// at is the cell at col on the current row, the row made if it is new.
func (w *reviewWriter) at(col int) *wsCell {
	for len(w.cells) < w.row {
		w.cells = append(w.cells, [reviewCols]wsCell{})
	}
	return &w.cells[w.row-1][col-1]
}

// put writes v at (col, w.row) with style o; v may be a string, an int, a decimal or nil.
func (w *reviewWriter) put(col int, v any, o outStyle) error {
	switch x := v.(type) {
	case nil:
		return w.putText(col, "", o)
	case string:
		return w.putText(col, x, o)
	case int:
		id, err := w.style(o)
		if err != nil {
			return err
		}
		*w.at(col) = intCell(col, id, x)
		return nil
	case decimal.Decimal:
		return w.putDecimal(col, &x, o)
	case *decimal.Decimal:
		return w.putDecimal(col, x, o)
	}
	return fmt.Errorf("unsupported cell value %T", v)
}

// putText is put of a string, with no interface to allocate: most cells are texts.
func (w *reviewWriter) putText(col int, text string, o outStyle) error {
	id, err := w.style(o)
	if err != nil {
		return err
	}
	c := blankCell(col, id)
	if text != "" {
		c = textCell(col, id, text)
	}
	*w.at(col) = c
	return nil
}

// putDecimal is put of a decimal, nil for none.
func (w *reviewWriter) putDecimal(col int, d *decimal.Decimal, o outStyle) error {
	id, err := w.style(o)
	if err != nil {
		return err
	}
	c := blankCell(col, id)
	if d != nil {
		if c, err = numberCell(col, id, *d); err != nil {
			return err
		}
	}
	*w.at(col) = c
	return nil
}

// span merges (from..to) on the current row, styles the whole range and writes text.
func (w *reviewWriter) span(from, to int, text string, o outStyle) error {
	if err := w.putText(from, text, o); err != nil {
		return err
	}
	w.merge(from, to)
	if o.wrap {
		w.tall = append(w.tall, tallCell{row: w.row, from: from, to: to, text: text})
	}
	return w.restyle(from, to, o)
}

// merge merges (from..to) on the current row; the cells it covers keep their style, not their
// value, as a spreadsheet application keeps them.
func (w *reviewWriter) merge(from, to int) {
	if to <= from {
		return
	}
	var buf [24]byte
	ref := append(appendCellRef(buf[:0], from, w.row), ':')
	w.merges = append(w.merges, string(appendCellRef(ref, to, w.row)))
	for col := from + 1; col <= to; col++ {
		c := w.at(col)
		*c = blankCell(col, c.style)
	}
}

// restyle gives (from..to) on the current row style o, making the cells that are missing.
func (w *reviewWriter) restyle(from, to int, o outStyle) error {
	id, err := w.style(o)
	if err != nil {
		return err
	}
	for col := from; col <= to; col++ {
		c := w.at(col)
		if c.kind == wsNone {
			*c = blankCell(col, id)
		}
		c.style = id
	}
	return nil
}

// link makes the cell at col on the current row a link to location in the workbook.
func (w *reviewWriter) link(col int, location string) {
	w.links = append(w.links, wsLink{ref: cellRef(col, w.row), location: location})
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
		if err := w.putText(1, kv[0], reviewLabel); err != nil {
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
	if err := w.putText(1, "工作表", reviewLabel); err != nil {
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
		w.link(2, quoteSheet(fm.Sheet)+"!"+topLeft)
	}
	w.row++
	return nil
}
