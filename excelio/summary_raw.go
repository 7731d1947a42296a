package excelio

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"strconv"
	"sync"

	"github.com/shopspring/decimal"
)

// rawRow is one data row of a streamed sheet: cells[0] spans columns 1..span when span > 1
// (a merged label), and each further cell takes the next column.
type rawRow struct {
	cells []summaryCell
	span  int
	// linkCol, when above zero, is the column linked to the copy at link (relative to the
	// output folder).
	linkCol int
	link    string
	// plain rows keep the default height whatever their text (the 合计 row under the data).
	plain bool
}

// rawSheet is a sheet whose rows grow with the batch (汇总表, 问题清单): excelize writes its
// frame (the title rows, widths, view, filter, print setup), and its data rows are produced
// twice, never held: once to lay the sheet out (styles, widths, links, page breaks) before the
// package is written, once to stream them into the sheet's part as the package is written.
type rawSheet struct {
	name string
	// produce emits the data rows from row summaryFirstRow on; widths is nil when only the
	// values are wanted (the second time).
	produce  func(widths colWidths, emit func(*rawRow) error) error
	wrapCols []int
	final    []float64 // the columns' final widths, which the row heights are measured in
}

// rowHeight is the height a data row of rs needs for its wrapped text, 0 for the default.
func (rs *rawSheet) rowHeight(r *rawRow, widthOf func(col int) float64) float64 {
	if r.plain {
		return 0
	}
	lines := 1
	for _, c := range rs.wrapCols {
		v := r.at(c).v
		if c <= r.span {
			// A merged label is measured in every column it spans, as readers give each of
			// them the label's value.
			v = r.cells[0].v
		}
		if t, ok := v.(string); ok && t != "" {
			lines = max(lines, wrappedLines(t, widthOf(c)))
		}
	}
	if lines == 1 {
		return 0
	}
	return linesHeight(lines)
}

// at is the cell shown in column col: a spanned column shows the label's style and no value.
func (r *rawRow) at(col int) summaryCell {
	span := max(r.span, 1)
	switch {
	case col <= span && col > 1:
		return summaryCell{nil, r.cells[0].o}
	case col <= span:
		return r.cells[0]
	case col-span < len(r.cells):
		return r.cells[col-span]
	}
	return summaryCell{}
}

// width is how many columns the row covers.
func (r *rawRow) width() int {
	return max(r.span, 1) + len(r.cells) - 1
}

// columnStyles finds the style ids of a sheet's cells, remembering each column's last style:
// down a column the style rarely changes, and comparing it is cheaper than hashing it.
type columnStyles struct {
	st *outStyles
	// mu guards st when sheets are streamed at once (summary_ahead.go).
	mu   *sync.Mutex
	last []outStyle
	ids  []int
}

func (cs *columnStyles) id(col int, o outStyle) (int, error) {
	if col < len(cs.last) && cs.ids[col] >= 0 && cs.last[col] == o {
		return cs.ids[col], nil
	}
	cs.mu.Lock()
	id, err := cs.st.id(o)
	cs.mu.Unlock()
	if err != nil {
		return 0, err
	}
	for len(cs.last) <= col {
		cs.last, cs.ids = append(cs.last, outStyle{}), append(cs.ids, -1)
	}
	cs.last[col], cs.ids[col] = o, id
	return id, nil
}

// listSheet is the streamed sheet sh of one row per item, numbered from 1, laid out once: it
// returns the sheet, the text widths its rows need and its last data row.
func listSheet[T any](w *summaryWriter, sh string, wrapCols []int, items []T, row func(n int, it T, widths colWidths) *rawRow) (*rawSheet, colWidths, int, error) {
	rs := &rawSheet{name: sh, wrapCols: wrapCols, produce: func(widths colWidths, emit func(*rawRow) error) error {
		for i, it := range items {
			if err := emit(row(i+1, it, widths)); err != nil {
				return err
			}
		}
		return nil
	}}
	widths := colWidths{}
	rows, _, err := w.layout(rs, widths, nil)
	return rs, widths, summaryFirstRow + rows - 1, err
}

// layout runs the first pass over rs's rows: every style is created in the order the rows use
// it, the links are recorded, widths collects the text widths; when widthOf already knows the
// wrapped columns' widths, the rows' heights come back too (from row summaryFirstRow on).
func (w *summaryWriter) layout(rs *rawSheet, widths colWidths, widthOf func(col int) float64) (rows int, heights []float64, err error) {
	styles := &columnStyles{st: w.st, mu: &w.stMu}
	return layoutInto(rs, widths, widthOf, func(col int, o outStyle) error {
		_, err := styles.id(col, o)
		return err
	}, w.links)
}

// layoutInto is layout giving each cell's style to style, in the order the rows use them,
// and the links to links.
func layoutInto(rs *rawSheet, widths colWidths, widthOf func(col int) float64, style func(col int, o outStyle) error, links linkSet) (rows int, heights []float64, err error) {
	row := summaryFirstRow
	err = rs.produce(widths, func(r *rawRow) error {
		for c := 1; c <= r.width(); c++ {
			if err := style(c, r.at(c).o); err != nil {
				return err
			}
		}
		if r.linkCol > 0 {
			links.add(rs.name, r.linkCol, row, r.link)
		}
		if widthOf != nil {
			h := rs.rowHeight(r, widthOf)
			if h == 0 {
				h = defaultRowHeight
			}
			heights = append(heights, h)
		}
		row++
		return nil
	})
	return row - summaryFirstRow, heights, err
}

// defaultRowHeight is the height of a row with none of its own, in points (excelize's default).
const defaultRowHeight = 15

// streamRows runs the second pass over rs's rows, writing them to rows; it returns the merges
// of the data rows.
func (w *summaryWriter) streamRows(rs *rawSheet, rows *wsRows) ([]string, error) {
	var merges []string
	var cells []wsCell
	row := summaryFirstRow
	widthOf := func(col int) float64 { return rs.final[col-1] }
	styles := &columnStyles{st: w.st, mu: &w.stMu}
	err := rs.produce(nil, func(r *rawRow) error {
		cells = cells[:0]
		for c := 1; c <= r.width(); c++ {
			cell := r.at(c)
			id, err := styles.id(c, cell.o)
			if err != nil {
				return err
			}
			wc, err := wsCellOf(c, id, cell.v)
			if err != nil {
				return err
			}
			cells = append(cells, wc)
		}
		rows.row(row, rs.rowHeight(r, widthOf), cells)
		if r.span > 1 {
			merges = append(merges, cellRef(1, row)+":"+cellRef(r.span, row))
		}
		row++
		return rows.err
	})
	return merges, err
}

// wsCellOf is the cell at col holding v in style: v is a string, an int, a decimal, a *decimal
// or nil, as summaryWriter.set takes them; nil, "" and a nil *decimal leave it blank. A
// keptText is a text even when empty.
func wsCellOf(col, style int, v any) (wsCell, error) {
	switch x := v.(type) {
	case string:
		if x != "" {
			return textCell(col, style, x), nil
		}
	case keptText:
		return textCell(col, style, string(x)), nil
	case int:
		return intCell(col, style, x), nil
	case decimal.Decimal:
		return numberCell(col, style, x)
	case *decimal.Decimal:
		if x != nil {
			return numberCell(col, style, *x)
		}
	case nil:
	default:
		return wsCell{}, fmt.Errorf("unsupported cell value %T", v)
	}
	return blankCell(col, style), nil
}

// afterMergeCells are the worksheet elements that follow <mergeCells> in the schema's order.
var afterMergeCells = append([]string{"<phoneticPr", "<conditionalFormatting", "<dataValidations", "<hyperlinks"}, afterHyperlinks...)

// writeRawSheet writes the part of rs to out: excelize's frame (body) with the data rows
// streamed in at the end of its sheetData, their merges added to its mergeCells and the links
// as its hyperlinks.
func (w *summaryWriter) writeRawSheet(out io.Writer, body []byte, rs *rawSheet, links *sheetLinks) error {
	end := bytes.Index(body, []byte("</sheetData>"))
	if end < 0 {
		return fmt.Errorf("%s: no </sheetData>", rs.name)
	}
	head, tail := body[:end], body[end:]
	if links != nil {
		var err error
		if head, err = declareRelNS(head); err != nil {
			return err
		}
	}
	bw := bufio.NewWriterSize(out, 64<<10)
	bw.Write(head)
	merges, err := w.streamRows(rs, &wsRows{w: bw})
	if err != nil {
		return err
	}
	tail, err = addMerges(tail, merges)
	if err != nil {
		return fmt.Errorf("%s: %w", rs.name, err)
	}
	if links != nil {
		at := firstTag(tail, afterHyperlinks)
		if at < 0 {
			return fmt.Errorf("%s: no end of worksheet", rs.name)
		}
		bw.Write(tail[:at])
		links.writeHyperlinks(bw)
		tail = tail[at:]
	}
	bw.Write(tail)
	return bw.Flush()
}

// addMerges adds merged ranges to the <mergeCells> of a worksheet's tail (after sheetData),
// or gives it one.
func addMerges(tail []byte, merges []string) ([]byte, error) {
	if len(merges) == 0 {
		return tail, nil
	}
	var el bytes.Buffer
	for _, m := range merges {
		el.WriteString(`<mergeCell ref="` + m + `"/>`)
	}
	open := bytes.Index(tail, []byte(`<mergeCells count="`))
	if open < 0 {
		at := firstTag(tail, afterMergeCells)
		if at < 0 {
			return nil, fmt.Errorf("no end of worksheet")
		}
		el.WriteString("</mergeCells>")
		return concat(tail[:at], []byte(`<mergeCells count="`+strconv.Itoa(len(merges))+`">`), el.Bytes(), tail[at:]), nil
	}
	numAt := open + len(`<mergeCells count="`)
	numEnd := numAt + bytes.IndexByte(tail[numAt:], '"')
	n, err := strconv.Atoi(string(tail[numAt:numEnd]))
	if err != nil {
		return nil, fmt.Errorf("mergeCells count: %w", err)
	}
	close := bytes.Index(tail, []byte("</mergeCells>"))
	if close < 0 {
		return nil, fmt.Errorf("no </mergeCells>")
	}
	return concat(tail[:numAt], []byte(strconv.Itoa(n+len(merges))), tail[numEnd:close], el.Bytes(), tail[close:]), nil
}

// firstTag is the offset of the first of tags in b, -1 if none is there.
func firstTag(b []byte, tags []string) int {
	at := -1
	for _, tag := range tags {
		if i := bytes.Index(b, []byte(tag)); i >= 0 && (at < 0 || i < at) {
			at = i
		}
	}
	return at
}
