package excelio

import (
	"bytes"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"
)

// cellMark is a cell of a sheet whose format changes: style maps its current format to the new.
type cellMark struct {
	row, col int
	style    func(old int) (int, error)
}

// sheetCols maps a column to the format of its <col> record, as a cell without one of its own
// takes it.
func sheetCols(b []byte, until int) func(col int) int {
	type span struct{ lo, hi, style int }
	var spans []span
	// The search stops at until: a sheet's <col> records all come before its cells, and a
	// search past the last one would read every cell of the sheet.
	head := b[:until]
	for t, ok := findTag(head, "col", 0); ok; t, ok = findTag(head, "col", t.end) {
		tag := b[t.start:t.end]
		lo, e1 := strconv.Atoi(attrOr(tag, "min"))
		hi, e2 := strconv.Atoi(attrOr(tag, "max"))
		st, e3 := strconv.Atoi(attrOr(tag, "style"))
		if e1 == nil && e2 == nil && e3 == nil && st != 0 {
			spans = append(spans, span{lo, hi, st})
		}
	}
	return func(col int) int {
		for _, s := range spans {
			if s.lo <= col && col <= s.hi {
				return s.style
			}
		}
		return 0
	}
}

// sheetSpare is the room withCellStyles leaves after a marked sheet for what withNotes adds in
// place: the legacyDrawing element and the relationships namespace.
const sheetSpare = 160

// withCellStyles sets the format of each marked cell (sorted by row, then column), creating the
// cells and rows the sheet does not have, in order. The sheet is written into dst's memory when
// it is large enough (nil for new memory).
func withCellStyles(b []byte, marks []cellMark, dst []byte) ([]byte, error) {
	sd, ok := findTag(b, "sheetData", 0)
	if !ok {
		return nil, errNoPatch
	}
	if sd.empty {
		b = splice(b, sd.start, sd.end, []byte("<sheetData></sheetData>"))
		sd.end = sd.start + len("<sheetData>")
		sd.empty = false
	}
	colStyle := sheetCols(b, sd.start)
	out := bytes.NewBuffer(dst[:0])
	out.Grow(len(b) + 64*len(marks) + sheetSpare)
	pos, rowNum := sd.end, 0
	out.Write(b[:pos])
	close := sheetDataEnd(b)
	if close < pos {
		return nil, errNoPatch
	}
	for i := 0; i < len(marks); {
		j := i
		for j < len(marks) && marks[j].row == marks[i].row {
			j++
		}
		var err error
		if pos, rowNum, err = writeGroupRow(out, b, pos, close, rowNum, marks[i:j], colStyle); err != nil {
			return nil, err
		}
		i = j
	}
	out.Write(b[pos:])
	return out.Bytes(), nil
}

// writeGroupRow copies the rows of b from pos (before the end of sheetData at close) up to the
// row of the marks of group, one row's, which it writes with their formats, creating the row
// when the sheet has none. rowNum is the number of the row before pos; it returns where it
// stopped and the row number there.
func writeGroupRow(out *bytes.Buffer, b []byte, pos, close, rowNum int, group []cellMark, colStyle func(int) int) (int, int, error) {
	for {
		t, ok := findTag(b, "row", pos)
		if !ok || t.start > close {
			return pos, rowNum, writeNewRow(out, group, colStyle)
		}
		n := rowNum + 1
		if i, j, has := attrSpan(b[t.start:t.end], "r"); has {
			var err error
			if n, err = attrInt(b[t.start+i : t.start+j]); err != nil {
				return 0, 0, errNoPatch
			}
		}
		if n > group[0].row {
			return pos, rowNum, writeNewRow(out, group, colStyle)
		}
		end := elementEnd(b, "row", t)
		if end < 0 {
			return 0, 0, errNoPatch
		}
		out.Write(b[pos:t.start])
		if n < group[0].row {
			out.Write(b[t.start:end])
			pos, rowNum = end, n
			continue
		}
		return end, n, writeMarkedRow(out, b[t.start:end], t, group, colStyle)
	}
}

// writeNewRow writes a row holding only the marked cells.
func writeNewRow(out *bytes.Buffer, group []cellMark, colStyle func(int) int) error {
	out.WriteString(`<row r="` + strconv.Itoa(group[0].row) + `">`)
	for _, m := range group {
		if err := writeNewCell(out, m, colStyle(m.col)); err != nil {
			return err
		}
	}
	out.WriteString("</row>")
	return nil
}

// writeNewCell writes an empty cell with the marked format, from old.
func writeNewCell(out *bytes.Buffer, m cellMark, old int) error {
	s, err := m.style(old)
	if err != nil {
		return err
	}
	out.WriteString(`<c r="` + cellRef(m.col, m.row) + `" s="` + strconv.Itoa(s) + `"></c>`)
	return nil
}

// writeMarkedRow writes the row element row (start tag t, offsets within the part) with the
// marked cells' formats set.
func writeMarkedRow(out *bytes.Buffer, row []byte, t tagAt, group []cellMark, colStyle func(int) int) error {
	tagLen := t.end - t.start
	rowStyle := 0
	if v, ok := tagAttr(row[:tagLen], "s"); ok {
		rowStyle, _ = strconv.Atoi(v)
	}
	fallback := func(col int) int {
		if rowStyle != 0 {
			return rowStyle
		}
		return colStyle(col)
	}
	if t.empty {
		out.Write(row[:tagLen-2])
		out.WriteString(">")
		for _, m := range group {
			if err := writeNewCell(out, m, fallback(m.col)); err != nil {
				return err
			}
		}
		out.WriteString("</row>")
		return nil
	}
	out.Write(row[:tagLen])
	pos, col := tagLen, 0
	for _, m := range group {
		var err error
		if pos, col, err = writeMarkedCell(out, row, pos, col, m, fallback); err != nil {
			return err
		}
	}
	out.Write(row[pos:])
	return nil
}

// writeMarkedCell copies the cells of row from pos up to the marked one, which it writes with
// its new format, creating it when the row has none; col is the column of the cell before pos.
// It returns where it stopped and the column there.
func writeMarkedCell(out *bytes.Buffer, row []byte, pos, col int, m cellMark, fallback func(int) int) (int, int, error) {
	for {
		c, ok := findTag(row, "c", pos)
		if !ok {
			c = tagAt{start: len(row) - len("</row>")}
		}
		n := col + 1
		if ok {
			if v, has := tagAttr(row[c.start:c.end], "r"); has {
				cc, _, err := excelize.CellNameToCoordinates(strings.ToUpper(v))
				if err != nil {
					return 0, 0, errNoPatch
				}
				n = cc
			}
		}
		if !ok || n > m.col {
			out.Write(row[pos:c.start])
			return c.start, col, writeNewCell(out, m, fallback(m.col))
		}
		out.Write(row[pos:c.start])
		tag := row[c.start:c.end]
		if n < m.col {
			out.Write(tag)
			pos, col = c.end, n
			continue
		}
		old, _ := strconv.Atoi(attrOr(tag, "s"))
		if old == 0 {
			old = fallback(n)
		}
		s, err := m.style(old)
		if err != nil {
			return 0, 0, err
		}
		out.Write(withAttr(tag, "s", strconv.Itoa(s)))
		return c.end, n, nil
	}
}

// withoutTabSelected deselects the sheet's tab, giving a sheet without views the default view
// excelize gave it: the review sheet is the selected one. changed is false when the sheet
// already is as it should be. owned says b is the caller's to change: the attribute then goes
// in place, sparing a marked sheet's third copy.
func withoutTabSelected(b []byte, owned bool) ([]byte, bool, error) {
	v, ok := findTag(b, "sheetView", 0)
	if !ok {
		at := -1
		for _, name := range []string{"sheetFormatPr", "cols", "sheetData"} {
			if t, found := findTag(b, name, 0); found && (at < 0 || t.start < at) {
				at = t.start
			}
		}
		if at < 0 || bytes.Contains(b[:at], []byte("<sheetViews")) {
			return nil, false, errNoPatch
		}
		return splice(b, at, at, []byte(`<sheetViews><sheetView workbookViewId="0"></sheetView></sheetViews>`)), true, nil
	}
	tag := b[v.start:v.end]
	if _, has := tagAttr(tag, "tabSelected"); !has {
		return b, false, nil
	}
	repl := withoutAttr(tag, "tabSelected")
	if !owned {
		return splice(b, v.start, v.end, repl), true, nil
	}
	n := copy(b[v.start:], repl) // repl is shorter than the tag it replaces
	n += copy(b[v.start+n:], b[v.end:])
	return b[:v.start+n], true, nil
}
