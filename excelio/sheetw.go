package excelio

// The raw worksheet writer: one worksheet part's XML written directly, head, rows in order,
// tail, with no spreadsheet model in between. The parts jxzp adds to a package (审核意见 today)
// are written this way, so that a copy can be saved by patching the unit's package rather than
// by re-marshalling it; the summary's big sheets stream their rows through wsRows into the
// frame excelize wrote for them, as inline strings like 审核意见.

import (
	"bytes"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/shopspring/decimal"
	"github.com/xuri/excelize/v2"
)

// wsKind is what a wsCell holds; the zero kind is no cell at all.
type wsKind uint8

const (
	wsNone   wsKind = iota
	wsBlank         // a style and no value: the covered cells of a merge, an empty bordered cell
	wsText          // an inline string
	wsNumber        // a number, its text ready for <v>
)

// wsCell is one cell of a row; make it with blankCell, textCell, intCell or numberCell.
type wsCell struct {
	col   int // 1-based
	style int // cellXfs index; 0 is the workbook's default format
	kind  wsKind
	text  string
}

// blankCell is a cell with a style and no value.
func blankCell(col, style int) wsCell {
	return wsCell{col: col, style: style, kind: wsBlank}
}

// textCell is a string cell, written inline so the part needs no shared-strings table.
func textCell(col, style int, s string) wsCell {
	return wsCell{col: col, style: style, kind: wsText, text: s}
}

// intCell is a whole-number cell.
func intCell(col, style, n int) wsCell {
	return wsCell{col: col, style: style, kind: wsNumber, text: strconv.Itoa(n)}
}

// numberCell is a number cell holding the double nearest to d, as if d had been typed.
func numberCell(col, style int, d decimal.Decimal) (wsCell, error) {
	v, err := numberText(d)
	if err != nil {
		return wsCell{}, err
	}
	return wsCell{col: col, style: style, kind: wsNumber, text: v}, nil
}

// maxNumberDigits is the precision Excel keeps of a number; digits past it are dropped, as
// excelize drops them, so a value reads the same in every application.
const maxNumberDigits = 15

// numberText is d as a cell's <v>: the shortest text of the double nearest to d's exact decimal
// text, cut (not rounded) to maxNumberDigits significant digits.
func numberText(d decimal.Decimal) (string, error) {
	// Out of a double's range ParseFloat gives ±Inf and an error: no cell can hold it.
	v, err := strconv.ParseFloat(d.String(), 64)
	if err != nil {
		return "", err
	}
	s := strconv.FormatFloat(v, 'f', -1, 64)
	point := len(s)
	if i := strings.IndexByte(s, '.'); i >= 0 {
		point = i
	}
	significant := 0
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' || significant == 0 && s[i] == '0' {
			continue
		}
		if significant++; significant <= maxNumberDigits {
			continue
		}
		if i > point {
			return trimPoint(s[:i]), nil
		}
		// Past the digit limit before the point: the whole part keeps its size, zero-filled.
		b := []byte(s[:point])
		for j := i; j < len(b); j++ {
			b[j] = '0'
		}
		return string(b), nil
	}
	return s, nil
}

func trimPoint(s string) string {
	if s != "" && s[len(s)-1] == '.' {
		return s[:len(s)-1]
	}
	return s
}

// wsHead is what a worksheet says before its cells.
type wsHead struct {
	fitToPage        bool      // print scaled to the fitToWidth/fitToHeight of the page setup
	dimension        string    // the used range, such as "A1:H30"; "" leaves it out
	tabSelected      bool      // the sheet's tab is selected (the active sheet's is)
	defaultRowHeight float64   // points; 0 leaves sheetFormatPr out
	widths           []float64 // column widths from column A; 0 keeps a column's default
	size             int       // about how many bytes the part will be, to allocate them once
	buf              []byte    // an empty buffer to write the part into; nil for a new one
}

// wsLink is a hyperlink to a place in the workbook; such a link needs no relationship.
type wsLink struct {
	ref      string // the cell holding the link
	location string // where it goes, such as 'Sheet 1'!B3
	display  string // "" leaves the attribute out
}

// wsTail is what a worksheet says after its cells.
type wsTail struct {
	merges []string // ranges such as "A1:H1"
	links  []wsLink // in the order they were made
	print  string   // page orientation, "portrait" or "landscape", for printSetup's layout; "" for none
}

// wsWriter writes one worksheet part. Rows go in ascending order; the first error is kept
// and returned by close.
type wsWriter struct {
	b    bytes.Buffer
	rows wsRows
}

// xmlSink is where XML is written: a bytes.Buffer for a part built whole, a bufio.Writer for
// rows streamed into a zip entry.
type xmlSink interface {
	io.Writer
	io.StringWriter
	io.ByteWriter
	WriteRune(r rune) (int, error)
}

// wsRows writes the <row> elements of a sheetData to w, in ascending order; the first error
// is kept in err. Text cells are inline strings.
type wsRows struct {
	w    xmlSink
	last int // the last row number written
	err  error
	buf  []byte // scratch for one cell's start
}

// Namespaces of a worksheet part; r is declared for the relationship ids of links to outside.
const worksheetOpen = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n" +
	`<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"` +
	` xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">`

// newWSWriter starts a worksheet part with h, up to the opening of its cells.
func newWSWriter(h wsHead) *wsWriter {
	s := &wsWriter{b: *bytes.NewBuffer(h.buf)}
	s.rows.w = &s.b
	b := &s.b
	b.Grow(h.size)
	b.WriteString(worksheetOpen)
	if h.fitToPage {
		b.WriteString(`<sheetPr><pageSetUpPr fitToPage="true"/></sheetPr>`)
	}
	if h.dimension != "" {
		b.WriteString(`<dimension ref="`)
		writeEscaped(b, h.dimension, true)
		b.WriteString(`"/>`)
	}
	b.WriteString(`<sheetViews><sheetView`)
	if h.tabSelected {
		b.WriteString(` tabSelected="true"`)
	}
	b.WriteString(` workbookViewId="0"/></sheetViews>`)
	if h.defaultRowHeight > 0 {
		b.WriteString(`<sheetFormatPr defaultRowHeight="` + xmlFloat(h.defaultRowHeight) + `"/>`)
	}
	s.cols(h.widths)
	b.WriteString(`<sheetData>`)
	return s
}

// cols writes one <col> per run of adjacent columns of one width.
func (s *wsWriter) cols(widths []float64) {
	open := false
	for i := 0; i < len(widths); {
		j := i
		for j+1 < len(widths) && widths[j+1] == widths[i] {
			j++
		}
		if widths[i] > 0 {
			if !open {
				s.b.WriteString(`<cols>`)
				open = true
			}
			fmt.Fprintf(&s.b, `<col customWidth="true" max="%d" min="%d" width="%s"/>`, j+1, i+1, xmlFloat(widths[i]))
		}
		i = j + 1
	}
	if open {
		s.b.WriteString(`</cols>`)
	}
}

// row writes row num with cells in ascending column order; height 0 leaves the row's height
// to the application. A row or column out of order or past the sheet's end is an error.
func (s *wsWriter) row(num int, height float64, cells []wsCell) {
	s.rows.row(num, height, cells)
}

// row writes row num as wsWriter.row does.
func (s *wsRows) row(num int, height float64, cells []wsCell) {
	if s.err != nil {
		return
	}
	if num <= s.last || num > excelize.TotalRows {
		s.err = fmt.Errorf("row %d after row %d, or past the sheet's end", num, s.last)
		return
	}
	s.last = num
	b := append(s.buf[:0], `<row r="`...)
	b = strconv.AppendInt(b, int64(num), 10)
	b = append(b, '"')
	if height > 0 {
		b = append(b, ` ht="`...)
		b = strconv.AppendFloat(b, height, 'g', -1, 64)
		b = append(b, `" customHeight="true"`...)
	}
	s.buf = append(b, '>')
	s.w.Write(s.buf)
	col := 0
	for _, c := range cells {
		if c.kind == wsNone {
			continue
		}
		if c.col <= col || c.col > excelize.MaxColumns {
			s.err = fmt.Errorf("row %d: column %d written after column %d", num, c.col, col)
			return
		}
		col = c.col
		s.cell(num, c)
	}
	s.w.WriteString(`</row>`)
}

func (s *wsRows) cell(row int, c wsCell) {
	b := append(s.buf[:0], `<c r="`...)
	b = appendCellRef(b, c.col, row)
	b = append(b, '"')
	if c.style != 0 {
		b = append(b, ` s="`...)
		b = strconv.AppendInt(b, int64(c.style), 10)
		b = append(b, '"')
	}
	switch c.kind {
	case wsBlank:
		b = append(b, `/>`...)
	case wsNumber:
		b = append(b, `><v>`...)
		b = append(b, c.text...)
		b = append(b, `</v></c>`...)
	case wsText:
		s.buf = b
		s.inline(b, c.text)
		return
	}
	s.buf = b
	s.w.Write(b)
}

// inline writes a text cell whose start is b as an inline string.
func (s *wsRows) inline(b []byte, text string) {
	text = cellString(text)
	b = append(b, ` t="inlineStr"><is><t`...)
	if text != "" && (isXMLSpace(text[0]) || isXMLSpace(text[len(text)-1])) {
		b = append(b, ` xml:space="preserve"`...)
	}
	s.w.Write(append(b, '>'))
	escapeLegal(s.w, text, false) // cellString made it legal
	s.w.WriteString(`</t></is></c>`)
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

// close writes t and ends the part, returning its bytes or the first error met.
func (s *wsWriter) close(t wsTail) ([]byte, error) {
	if s.rows.err != nil {
		return nil, s.rows.err
	}
	b := &s.b
	b.WriteString(`</sheetData>`)
	if len(t.merges) > 0 {
		fmt.Fprintf(b, `<mergeCells count="%d">`, len(t.merges))
		for _, m := range t.merges {
			b.WriteString(`<mergeCell ref="`)
			writeEscaped(b, m, true)
			b.WriteString(`"/>`)
		}
		b.WriteString(`</mergeCells>`)
	}
	if len(t.links) > 0 {
		b.WriteString(`<hyperlinks>`)
		for _, l := range t.links {
			s.link(l)
		}
		b.WriteString(`</hyperlinks>`)
	}
	if t.print != "" {
		s.printLayout(t.print)
	}
	b.WriteString(`</worksheet>`)
	return b.Bytes(), nil
}

func (s *wsWriter) link(l wsLink) {
	b := &s.b
	b.WriteString(`<hyperlink ref="`)
	writeEscaped(b, l.ref, true)
	b.WriteString(`" location="`)
	writeEscaped(b, l.location, true)
	b.WriteString(`"`)
	if l.display != "" {
		b.WriteString(` display="`)
		writeEscaped(b, l.display, true)
		b.WriteString(`"`)
	}
	b.WriteString(`/>`)
}

// printLayout writes the page layout printSetup gives a sheet: A4, one page wide, narrow side
// margins, centred, page numbers in the footer.
func (s *wsWriter) printLayout(orientation string) {
	b := &s.b
	b.WriteString(`<printOptions horizontalCentered="true"/>`)
	b.WriteString(`<pageMargins left="0.4" right="0.4" top="0.6" bottom="0.6" header="0.3" footer="0.3"/>`)
	b.WriteString(`<pageSetup fitToHeight="0" fitToWidth="1" orientation="`)
	writeEscaped(b, orientation, true)
	b.WriteString(`" paperSize="9"/>`)
	b.WriteString(`<headerFooter><oddFooter>`)
	writeEscaped(b, pageFooter, false)
	b.WriteString(`</oddFooter></headerFooter>`)
}

// pageFooter is the footer printSetup gives a sheet: 第 n 页，共 m 页, centred.
const pageFooter = "&C第 &P 页，共 &N 页"

// xmlFloat is f as encoding/xml writes a float attribute, and so as excelize wrote it.
func xmlFloat(f float64) string {
	return strconv.FormatFloat(f, 'g', -1, 64)
}

// maxCellChars is the most UTF-16 units a cell holds; Excel repairs a file with a longer one.
const maxCellChars = 32767

// cellString is s as a cell's text may hold it: characters XML 1.0 forbids dropped, a literal
// _xHHHH_ escaped so that no reader decodes it as a character, cut to maxCellChars.
func cellString(s string) string {
	s = escapeXStrings(xmlLegal(s))
	// A UTF-16 unit takes at least one byte of UTF-8: a short text needs no counting.
	if len(s) <= maxCellChars {
		return s
	}
	units := 0
	for i, r := range s {
		if units += utf16.RuneLen(r); units > maxCellChars {
			return s[:i]
		}
	}
	return s
}

// escapeXStrings escapes each _xHHHH_ in s as _x005F_xHHHH_: in a cell's text the form stands
// for the character HHHH.
func escapeXStrings(s string) string {
	if !strings.Contains(s, "_x") {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if i+7 <= len(s) && isXEscape(s[i:i+7]) {
			b.WriteString("_x005F")
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// isXEscape reports whether the seven bytes s are _xHHHH_.
func isXEscape(s string) bool {
	if s[0] != '_' || s[1] != 'x' || s[6] != '_' {
		return false
	}
	for i := 2; i < 6; i++ {
		c := s[i]
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F') {
			return false
		}
	}
	return true
}

// xmlChar reports whether XML 1.0 allows r in a document.
func xmlChar(r rune) bool {
	return r == '\t' || r == '\n' || r == '\r' ||
		r >= 0x20 && r <= 0xD7FF || r >= 0xE000 && r <= 0xFFFD || r >= 0x10000 && r <= 0x10FFFF
}

// xmlLegal is s without the bytes that are no UTF-8 and the characters XML 1.0 forbids.
func xmlLegal(s string) string {
	if plainXML(s) {
		return s
	}
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && n == 1 || !xmlChar(r) {
			return s[:i] + dropIllegal(s[i:])
		}
		i += n
	}
	return s
}

// plainXML reports whether s is valid UTF-8 with none of the characters XML 1.0 forbids, as
// nearly all text is: in UTF-8 those are the control bytes but tab, line feed and carriage
// return, and U+FFFE and U+FFFF (EF BF BE, EF BF BF); surrogates are no valid UTF-8.
func plainXML(s string) bool {
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c < 0x20 && c != '\t' && c != '\n' && c != '\r':
			return false
		case c == 0xEF && i+2 < len(s) && s[i+1] == 0xBF && s[i+2] >= 0xBE:
			return false
		}
	}
	return utf8.ValidString(s)
}

func dropIllegal(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		if (r != utf8.RuneError || n > 1) && xmlChar(r) {
			b.WriteString(s[i : i+n])
		}
		i += n
	}
	return b.String()
}

func isXMLSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r'
}

// writeEscaped writes s as XML text, or as an attribute value when attr: markup characters
// escaped, characters XML 1.0 forbids dropped, and in an attribute the white space a parser
// would normalise written as references. Every character escaped is ASCII, so the runs between
// them are written whole.
func writeEscaped(b xmlSink, s string, attr bool) {
	escapeLegal(b, xmlLegal(s), attr)
}

// escapeLegal is writeEscaped for s that XML 1.0 allows whole (xmlLegal's result).
func escapeLegal(b xmlSink, s string, attr bool) {
	need := &escapesInText
	if attr {
		need = &escapesInAttr
	}
	start := 0
	for i := 0; i < len(s); i++ {
		if !need[s[i]] {
			continue
		}
		b.WriteString(s[start:i])
		b.WriteString(escapeRefs[s[i]])
		start = i + 1
	}
	b.WriteString(s[start:])
}

// escapeRefs are the references escapeLegal writes for the bytes it escapes; escapesInText and
// escapesInAttr mark those bytes in text and in an attribute value, where a parser would also
// normalise the white space written raw.
var escapeRefs, escapesInText, escapesInAttr = func() (refs [256]string, text, attr [256]bool) {
	for c, ref := range map[byte]string{'&': "&amp;", '<': "&lt;", '>': "&gt;", '\r': "&#xD;"} {
		refs[c], text[c], attr[c] = ref, true, true
	}
	for c, ref := range map[byte]string{'"': "&#x22;", '\n': "&#xA;", '\t': "&#x9;"} {
		refs[c], attr[c] = ref, true
	}
	return refs, text, attr
}()
