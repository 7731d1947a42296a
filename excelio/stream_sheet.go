package excelio

import (
	"encoding/xml"
	"slices"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"
)

// cellTypes maps a cell's t attribute to its type, as excelize's GetCellType reads it.
var cellTypes = map[string]excelize.CellType{
	"b": excelize.CellTypeBool, "d": excelize.CellTypeDate, "n": excelize.CellTypeNumber,
	"e": excelize.CellTypeError, "s": excelize.CellTypeSharedString, "str": excelize.CellTypeFormula,
	"inlineStr": excelize.CellTypeInlineString,
}

// sheetReader fills a grid from one worksheet part in a single pass of its tokens. It reads a
// regular worksheet (rows and cells in order, each with its reference, merges apart) exactly as
// excelize reads it; anything else is errIrregular, and the sheet is read by excelize.
type sheetReader struct {
	w        tokenSource
	b        *streamBook
	g        *grid
	lastRow  int  // the 1-based number of the last row element read
	seenData bool // the sheetData element has been read
	merges   []string
	formula  cellFormula // the <f> of the cell being read, kept by keepFormula
	width    int         // the widest row placed so far: a new row's room, rows being alike
	// The room the rows' values and metas are carved from (see carve).
	rowSlab  []string
	metaSlab []cellMeta
}

// carve takes an empty slice of room n from slab, refilled for sixteen such rows when short: the
// rows of a sheet share a few allocations rather than one each.
func carve[T any](slab *[]T, n int) []T {
	if len(*slab) < n {
		*slab = make([]T, 16*n)
	}
	row := (*slab)[:0:n]
	*slab = (*slab)[n:]
	return row
}

// gridRowRoom is the rows a streamed grid has room for from the start: a form's forty or so.
const gridRowRoom = 64

// readStreamGrid reads the worksheet s of b into a grid: with fastXML, or when the part is not
// plain enough for it, with xmlWalker.
func readStreamGrid(b *streamBook, s bookSheet, lazy *lazyExcel) (*grid, error) {
	return readTokens(b.part(s.part), func(ts tokenSource) (*grid, error) { return readGridFrom(ts, b, s, lazy) })
}

// readGridFrom reads the worksheet s of b from its tokens ts.
func readGridFrom(ts tokenSource, b *streamBook, s bookSheet, lazy *lazyExcel) (*grid, error) {
	// Room for the rows of a form, which grew one row at a time.
	g := &grid{sheet: s.name, span: map[[2]int][2]int{},
		formats: map[int]numFormat{}, date1904: b.date1904, book: b, lazy: lazy,
		rows: make([][]string, 0, gridRowRoom), meta: make([][]cellMeta, 0, gridRowRoom),
		sheetStyles: sheetStyles{rowStyle: map[int]int{}}}
	sr := &sheetReader{w: ts, b: b, g: g}
	if err := sr.read(); err != nil {
		return nil, err
	}
	if err := sr.applyMerges(); err != nil {
		return nil, err
	}
	g.showDates()
	return g, nil
}

// read reads the part's elements: the root, the rows, the column styles and the merges.
func (sr *sheetReader) read() error {
	w := sr.w
	return eachStart(w, "worksheet", nsMain, func(e xml.StartElement, parent string) error {
		switch {
		case e.Name.Local == "sheetData":
			// A second one is read otherwise by excelize's two readers of a sheet.
			if w.depth() != 2 || sr.seenData {
				return errIrregular
			}
			sr.seenData = true
		case e.Name.Local == "row":
			if w.depth() != 3 || parent != "sheetData" {
				return errIrregular
			}
			return sr.row(e)
		case e.Name.Local == "c":
			return errIrregular
		case w.depth() == 3 && parent == "cols" && e.Name.Local == "col":
			return sr.col(e)
		case w.depth() == 3 && parent == "mergeCells" && e.Name.Local == "mergeCell":
			ref, _ := rawAttr(e, "ref")
			sr.merges = append(sr.merges, ref)
		}
		return nil
	})
}

// col records a column range's style.
func (sr *sheetReader) col(e xml.StartElement) error {
	var c colStyle
	for _, a := range e.Attr {
		var dst *int
		switch a.Name.Local {
		case "min":
			dst = &c.min
		case "max":
			dst = &c.max
		case "style":
			dst = &c.style
		default:
			continue
		}
		n, err := intAttr(a.Value)
		if err != nil || a.Name.Space != "" {
			return errIrregular
		}
		*dst = n
	}
	sr.g.cols = append(sr.g.cols, c)
	return nil
}

// row reads one row element and its cells.
func (sr *sheetReader) row(e xml.StartElement) error {
	num, style := 0, 0
	for _, a := range e.Attr {
		switch a.Name.Local {
		case "r":
			n, err := strconv.Atoi(a.Value)
			if err != nil || a.Name.Space != "" {
				return errIrregular
			}
			num = n
		case "s":
			n, err := intAttr(a.Value)
			if err != nil || a.Name.Space != "" {
				return errIrregular
			}
			style = n
		}
	}
	if num <= sr.lastRow || num > excelize.TotalRows {
		return errIrregular
	}
	sr.lastRow = num
	r := num - 1
	if style != 0 {
		sr.g.rowStyle[r] = style
	}
	d := sr.w.depth()
	lastCol := 0
	for {
		kind, err := sr.w.step()
		if err != nil {
			return err
		}
		if sr.w.depth() < d {
			return nil
		}
		if kind != tokStart {
			continue
		}
		c := sr.w.start()
		if sr.w.depth() != d+1 || c.Name.Local != "c" {
			if c.Name.Local == "c" || c.Name.Local == "row" {
				return errIrregular
			}
			if err := skipElement(sr.w); err != nil {
				return err
			}
			continue
		}
		if lastCol, err = sr.cell(c, num, lastCol); err != nil {
			return err
		}
	}
}

// cell reads one cell of the row num (1-based) after the column lastCol, returning its column.
func (sr *sheetReader) cell(e xml.StartElement, num, lastCol int) (int, error) {
	var ref, typ string
	var style int
	for _, a := range e.Attr {
		switch a.Name.Local {
		case "r", "s", "t":
			if a.Name.Space != "" {
				return 0, errIrregular
			}
		}
		switch a.Name.Local {
		case "r":
			ref = a.Value
		case "t":
			typ = a.Value
		case "s":
			n, err := strconv.ParseInt(a.Value, 10, 32)
			if err != nil {
				return 0, errIrregular
			}
			style = int(n)
		}
	}
	col, row, ok := canonicalRef(ref)
	if !ok || row != num || col <= lastCol {
		return 0, errIrregular
	}
	v, is, formula, err := sr.cellContent(typ == "s")
	if err != nil {
		return 0, err
	}
	val := v
	switch typ {
	case "inlineStr":
		if is != nil {
			val = *is
		}
	}
	sr.place(row-1, col-1, val, cellMeta{style: int32(style), typ: cellTypes[typ], formula: formula})
	if formula {
		sr.keepFormula(row-1, col-1)
	}
	return col, nil
}

// cellContent reads a cell's children: its value, its inline string and whether it has a formula.
// The value of a shared-string cell is the string it indexes, read without building the index's
// text.
func (sr *sheetReader) cellContent(shared bool) (v string, is *string, formula bool, err error) {
	d := sr.w.depth()
	seenV := false
	for {
		kind, err := sr.w.step()
		if err != nil {
			return "", nil, false, err
		}
		if sr.w.depth() < d {
			return v, is, formula, nil
		}
		if kind != tokStart || sr.w.depth() != d+1 {
			continue
		}
		e := sr.w.start()
		switch e.Name.Local {
		case "v":
			var room [64]byte
			b, nested, err := elementBytes(sr.w, room[:0])
			if err != nil {
				return "", nil, false, err
			}
			if shared {
				v = sr.sharedString(b)
			} else {
				v = string(b)
			}
			if nested || seenV {
				return "", nil, false, errIrregular
			}
			seenV = true
		case "is":
			if is != nil {
				return "", nil, false, errIrregular
			}
			s, err := readStringItem(sr.w)
			if err != nil {
				return "", nil, false, err
			}
			is = &s
		case "f":
			formula = true
			err = sr.readFormula(e)
		default:
			err = skipElement(sr.w)
		}
		if err != nil {
			return "", nil, false, err
		}
	}
}

// sharedString is the shared string the index text b names: none when b is empty or names
// no string, the first when b is not a number, as strconv.Atoi reads it.
func (sr *sheetReader) sharedString(b []byte) string {
	if len(b) == 0 {
		return ""
	}
	// The index's text does not outlive the call: a short one is converted on the stack.
	i, _ := strconv.Atoi(strings.TrimSpace(string(b)))
	if i >= 0 && i < len(sr.b.sst) {
		return sr.b.sst[i]
	}
	return ""
}

// place puts a cell's value and meta at the 0-based (r, c), within the rows and columns scanned.
// A value counts, as in excelize's GetRows, when it is not empty or the cell has a formula.
func (sr *sheetReader) place(r, c int, val string, m cellMeta) {
	g := sr.g
	if r >= maxScanRows {
		// Beyond the rows scanned, a value still makes every row scanned part of the grid.
		if val != "" || m.formula {
			for len(g.rows) < maxScanRows {
				g.rows = append(g.rows, nil)
			}
		}
		return
	}
	if c < maxScanCols {
		for len(g.meta) <= r {
			g.meta = append(g.meta, nil)
		}
		if g.meta[r] == nil {
			g.meta[r] = carve(&sr.metaSlab, max(sr.width, c+1))
		}
		for len(g.meta[r]) < c {
			g.meta[r] = append(g.meta[r], cellMeta{})
		}
		g.meta[r] = append(g.meta[r], m)
	}
	if val == "" && !m.formula {
		return
	}
	for len(g.rows) <= r {
		g.rows = append(g.rows, nil)
	}
	end := min(c+1, maxScanCols)
	sr.width = max(sr.width, end)
	if g.rows[r] == nil {
		g.rows[r] = carve(&sr.rowSlab, sr.width)
	}
	for len(g.rows[r]) < end-1 {
		g.rows[r] = append(g.rows[r], "")
	}
	if c < maxScanCols {
		g.rows[r] = append(g.rows[r], val)
	} else if len(g.rows[r]) < end {
		g.rows[r] = append(g.rows[r], "")
	}
}

// canonicalRef reads a cell reference as Excel writes it (column letters in upper case, then the
// row, nothing else) into 1-based coordinates; ok is false for any other form.
func canonicalRef(ref string) (col, row int, ok bool) {
	i := 0
	for i < len(ref) && i < 3 && ref[i] >= 'A' && ref[i] <= 'Z' {
		col = col*26 + int(ref[i]-'A'+1)
		i++
	}
	if i == 0 || i == len(ref) || ref[i] == '0' || col > excelize.MaxColumns {
		return 0, 0, false
	}
	for _, ch := range []byte(ref[i:]) {
		if ch < '0' || ch > '9' {
			return 0, 0, false
		}
		row = row*10 + int(ch-'0')
		if row > excelize.TotalRows {
			return 0, 0, false
		}
	}
	return col, row, true
}

// applyMerges records the sheet's merges as excelize's GetMergeCells gives them; merges that
// overlap, or any excelize would read otherwise, leave the sheet to excelize.
func (sr *sheetReader) applyMerges() error {
	rects := make([][4]int, 0, len(sr.merges))
	for _, ref := range sr.merges {
		if !strings.Contains(ref, ":") {
			ref += ":" + ref
		}
		// The first two of its colon-separated parts, as strings.Split would give them.
		first, rest, _ := strings.Cut(strings.ReplaceAll(ref, "$", ""), ":")
		second, _, _ := strings.Cut(rest, ":")
		c1, r1, err1 := excelize.CellNameToCoordinates(first)
		c2, r2, err2 := excelize.CellNameToCoordinates(second)
		if err1 != nil || err2 != nil || c1 > c2 || r1 > r2 {
			return errIrregular
		}
		rects = append(rects, [4]int{c1, r1, c2, r2})
	}
	if overlapping(rects) {
		return errIrregular
	}
	for i, m := range rects {
		rects[i] = [4]int{m[1] - 1, m[0] - 1, m[3] - 1, m[2] - 1}
	}
	sr.g.reserveAnchors(rects)
	for _, m := range rects {
		sr.g.addMerge(m[0], m[1], m[2], m[3])
	}
	return nil
}

// overlapping reports whether two of the ranges (col1, row1, col2, row2) share a cell: excelize
// joins such ranges into one, in a way of its own.
func overlapping(rects [][4]int) bool {
	byRow := slices.Clone(rects)
	slices.SortFunc(byRow, func(a, b [4]int) int { return a[1] - b[1] })
	for i, a := range byRow {
		for _, b := range byRow[i+1:] {
			if b[1] > a[3] {
				break
			}
			if a[0] <= b[2] && b[0] <= a[2] {
				return true
			}
		}
	}
	return false
}
