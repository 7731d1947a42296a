package excelio

import (
	"bufio"
	"strconv"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/shopspring/decimal"
	"github.com/xuri/excelize/v2"
)

// rowWriter writes the <row> elements of a worksheet's sheetData straight to a stream, in the
// form excelize gives the same cells (shared strings, numbers as the shortest float text, a
// style on every cell), so that a sheet too big to hold as a model reads like any other.
type rowWriter struct {
	w   *bufio.Writer
	sst *sstBuilder
	buf []byte // scratch for one cell
}

// startRow opens row r; a height above zero is written as a custom height in points.
func (rw *rowWriter) startRow(r int, height float64) {
	b := append(rw.buf[:0], `<row r="`...)
	b = strconv.AppendInt(b, int64(r), 10)
	b = append(b, '"')
	if height > 0 {
		b = append(b, ` ht="`...)
		b = strconv.AppendFloat(b, height, 'f', -1, 64)
		b = append(b, `" customHeight="true"`...)
	}
	rw.buf = append(b, '>')
	rw.w.Write(rw.buf)
}

// endRow closes the row startRow opened.
func (rw *rowWriter) endRow() {
	rw.w.WriteString("</row>")
}

// cell writes the cell at col, row holding v in style: v is a string, an int, a decimal, a
// *decimal or nil, as summaryWriter.set takes them; nil, "" and a nil *decimal leave it blank.
// A keptText is a string written even when empty.
func (rw *rowWriter) cell(col, row int, v any, style int) error {
	b := append(rw.buf[:0], `<c r="`...)
	b = appendCellRef(b, col, row)
	b = append(b, `" s="`...)
	b = strconv.AppendInt(b, int64(style), 10)
	b = append(b, '"')
	var err error
	switch x := v.(type) {
	case string:
		if x != "" {
			b = append(b, ` t="s"><v>`...)
			b = strconv.AppendInt(b, int64(rw.sst.index(x)), 10)
			b = append(b, "</v></c>"...)
		} else {
			b = append(b, "/>"...)
		}
	case keptText:
		b = append(b, ` t="s"><v>`...)
		b = strconv.AppendInt(b, int64(rw.sst.index(string(x))), 10)
		b = append(b, "</v></c>"...)
	case int:
		b = append(b, "><v>"...)
		b = strconv.AppendInt(b, int64(x), 10)
		b = append(b, "</v></c>"...)
	case decimal.Decimal:
		b, err = appendDecimalCell(b, x)
	case *decimal.Decimal:
		if x != nil {
			b, err = appendDecimalCell(b, *x)
		} else {
			b = append(b, "/>"...)
		}
	default:
		b = append(b, "/>"...)
	}
	rw.buf = b
	if err != nil {
		return err
	}
	_, err = rw.w.Write(b)
	return err
}

// appendDecimalCell ends a number cell holding d as setDecimal writes it: the float nearest d,
// in its shortest text.
func appendDecimalCell(b []byte, d decimal.Decimal) ([]byte, error) {
	f, err := strconv.ParseFloat(d.String(), 64)
	if err != nil {
		return b, err
	}
	b = append(b, "><v>"...)
	b = strconv.AppendFloat(b, f, 'f', -1, 64)
	return append(b, "</v></c>"...), nil
}

// appendCellRef appends the name of the cell at 1-based col and row, such as "AB12".
func appendCellRef(b []byte, col, row int) []byte {
	var letters [4]byte
	i := len(letters)
	for ; col > 0; col = (col - 1) / 26 {
		i--
		letters[i] = byte('A' + (col-1)%26)
	}
	b = append(b, letters[i:]...)
	return strconv.AppendInt(b, int64(row), 10)
}

// keptText is a text cell written as a shared string even when empty, as excelize's
// SetCellValue writes one (the decisions workbook's rows).
type keptText string

// sstBuilder collects the shared strings of the rows a rowWriter writes, numbered after the
// base strings already in the workbook's table.
type sstBuilder struct {
	base  int
	ids   map[string]int
	items []string
}

func newSSTBuilder(base int) *sstBuilder {
	return &sstBuilder{base: base, ids: map[string]int{}}
}

// index is the shared-string index of s, adding it the first time. Like excelize, a text
// longer than a cell may hold is cut to the limit Excel enforces.
func (t *sstBuilder) index(s string) int {
	if i, ok := t.ids[s]; ok {
		return i
	}
	i := t.base + len(t.items)
	t.ids[s] = i
	t.items = append(t.items, truncateCellText(s))
	return i
}

// writeItems writes the collected strings as <si> elements.
func (t *sstBuilder) writeItems(w *bufio.Writer) error {
	for _, s := range t.items {
		w.WriteString("<si><t")
		if s != "" && (isXMLSpace(s[0]) || isXMLSpace(s[len(s)-1])) {
			w.WriteString(` xml:space="preserve"`)
		}
		w.WriteByte('>')
		escapeText(w, s)
		w.WriteString("</t></si>")
	}
	return w.Flush()
}

// escapeText writes s as XML character data the way encoding/xml escapes it (what excelize's
// own shared strings go through): markup characters and line ends as references, and a
// character XML cannot hold as U+FFFD.
func escapeText(w *bufio.Writer, s string) {
	last := 0
	for i := 0; i < len(s); {
		r, width := utf8.DecodeRuneInString(s[i:])
		var esc string
		switch {
		case r == '&':
			esc = "&amp;"
		case r == '<':
			esc = "&lt;"
		case r == '>':
			esc = "&gt;"
		case r == '"':
			esc = "&#34;"
		case r == '\'':
			esc = "&#39;"
		case r == '\t':
			esc = "&#x9;"
		case r == '\n':
			esc = "&#xA;"
		case r == '\r':
			esc = "&#xD;"
		case !isXMLChar(r) || (r == utf8.RuneError && width == 1):
			esc = "\uFFFD"
		default:
			i += width
			continue
		}
		w.WriteString(s[last:i])
		w.WriteString(esc)
		i += width
		last = i
	}
	w.WriteString(s[last:])
}

// isXMLChar reports whether r may appear in an XML document (the Char production).
func isXMLChar(r rune) bool {
	return r == 0x09 || r == 0x0A || r == 0x0D ||
		r >= 0x20 && r <= 0xD7FF || r >= 0xE000 && r <= 0xFFFD || r >= 0x10000 && r <= 0x10FFFF
}

// truncateCellText cuts s to the most UTF-16 units a cell holds (excelize.TotalCellChars),
// never inside a character.
func truncateCellText(s string) string {
	n := 0
	for i, r := range s {
		n += utf16.RuneLen(r)
		if n > excelize.TotalCellChars {
			return s[:i]
		}
	}
	return s
}
