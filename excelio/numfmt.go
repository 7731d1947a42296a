package excelio

import (
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/shopspring/decimal"
	"github.com/xuri/excelize/v2"
)

// numFormat is what a cell's number format shows of the number stored in it.
type numFormat struct {
	year, month, day bool // the parts of a date the format shows; all false when it is no date
	percent          bool // the number is shown ×100 with a % sign
	places           int  // decimal places shown; -1 for General, which shows the number as stored
}

func (nf numFormat) isDate() bool { return nf.year || nf.month || nf.day }

// builtinFormats are the codes of the built-in number formats as a Chinese Excel shows them
// (ids 27–58 depend on the locale; 14 shows 2021/12/31 in a Chinese Excel). An id not listed
// reads as General: the number as stored.
var builtinFormats = map[int]string{
	1: "0", 2: "0.00", 3: "#,##0", 4: "#,##0.00", 9: "0%", 10: "0.00%", 11: "0.00E+00",
	14: "yyyy/m/d", 15: "d-mmm-yy", 16: "d-mmm", 17: "mmm-yy", 18: "h:mm AM/PM", 19: "h:mm:ss AM/PM",
	20: "h:mm", 21: "h:mm:ss", 22: "yyyy/m/d h:mm",
	27: `yyyy"年"m"月"`, 28: `m"月"d"日"`, 29: `m"月"d"日"`, 30: "m-d-yy", 31: `yyyy"年"m"月"d"日"`,
	36: `yyyy"年"m"月"`, 37: "#,##0 ;(#,##0)", 38: "#,##0 ;(#,##0)", 39: "#,##0.00;(#,##0.00)",
	40: "#,##0.00;(#,##0.00)", 43: "#,##0.00", 45: "mm:ss", 46: "[h]:mm:ss", 47: "mm:ss.0",
	50: `yyyy"年"m"月"`, 51: `m"月"d"日"`, 52: `yyyy"年"m"月"`, 53: `m"月"d"日"`, 54: `m"月"d"日"`,
	57: `yyyy"年"m"月"`, 58: `m"月"d"日"`,
}

// formatOf reads the number format of style index idx, caching it by index: a sheet holds
// thousands of numbers and a handful of styles.
func (g *grid) formatOf(idx int) numFormat {
	if nf, ok := g.formats[idx]; ok {
		return nf
	}
	nf := parseNumFormat(g.formatCode(idx))
	g.formats[idx] = nf
	return nf
}

// cellFormat is the number format of the cell named name.
func (g *grid) cellFormat(name string) numFormat {
	c, r, err := excelize.CellNameToCoordinates(name)
	if err != nil {
		return numFormat{places: -1}
	}
	return g.cellFormatAt(r-1, c-1)
}

// cellFormatAt is the number format of the cell (r, c).
func (g *grid) cellFormatAt(r, c int) numFormat {
	idx := g.styleAt(r, c)
	if idx == 0 {
		return numFormat{places: -1}
	}
	return g.formatOf(idx)
}

// parseNumFormat reads a format code: its first section, without quoted text, escaped
// characters and bracketed locale or colour codes, which show nothing of the number.
func parseNumFormat(code string) numFormat {
	nf := numFormat{places: -1}
	tokens := formatTokens(code)
	if tokens == "" || tokens == "general" {
		return nf
	}
	nf.year, nf.month, nf.day = dateTokens(tokens)
	if nf.isDate() {
		return nf
	}
	nf.percent = strings.Contains(tokens, "%")
	nf.places = 0
	if i := strings.IndexByte(tokens, '.'); i >= 0 {
		for _, ch := range tokens[i+1:] {
			if ch != '0' && ch != '#' && ch != '?' {
				break
			}
			nf.places++
		}
	}
	return nf
}

// formatTokens is the first section of code, lower-cased, with what shows nothing of the number
// taken out: "quoted text", \escaped characters, [brackets], and the AM/PM markers.
func formatTokens(code string) string {
	var b strings.Builder
	quoted, bracket, escaped := false, false, false
	for _, ch := range code {
		switch {
		case escaped:
			escaped = false
		case quoted:
			quoted = ch != '"'
		case bracket:
			bracket = ch != ']'
		case ch == '"':
			quoted = true
		case ch == '[':
			bracket = true
		case ch == '\\' || ch == '_' || ch == '*':
			escaped = true // \x shows x; _x pads and *x fills with x
		case ch == ';':
			return strings.ToLower(b.String())
		default:
			b.WriteRune(ch)
		}
	}
	s := strings.ToLower(b.String())
	for _, marker := range []string{"am/pm", "a/p", "上午/下午"} {
		s = strings.ReplaceAll(s, marker, "")
	}
	return s
}

// dateTokens finds the year, month and day codes of a date format; an m next to an h or an s is
// minutes, not a month.
func dateTokens(s string) (year, month, day bool) {
	runes := []rune(s)
	prev := rune(0) // the last date or time letter seen
	for i := 0; i < len(runes); i++ {
		ch := runes[i]
		switch ch {
		case 'y':
			year = true
		case 'd':
			day = true
		case 'm':
			j := i
			for j+1 < len(runes) && runes[j+1] == 'm' {
				j++
			}
			if prev != 'h' && !nextIs(runes[j+1:], 's') {
				month = true
			}
			i = j
		}
		if strings.ContainsRune("ymdhs", ch) {
			prev = ch
		}
	}
	return year, month, day
}

// nextIs reports whether the next letter of rs (past separators such as ':') is ch.
func nextIs(rs []rune, ch rune) bool {
	for _, r := range rs {
		if r >= 'a' && r <= 'z' {
			return r == ch
		}
	}
	return false
}

// maxSerial is 9999-12-31, the last date Excel shows.
const maxSerial = 2958465

// dateText writes the date a serial number shows under nf (see showDate); ok is false for a
// number no date can be.
func dateText(serial string, nf numFormat, date1904 bool) (string, bool) {
	d, err := decimal.NewFromString(strings.TrimSpace(serial))
	if err != nil || d.IsNegative() || d.GreaterThan(decimal.NewFromInt(maxSerial)) {
		return "", false
	}
	return showDate(serialDate(d.Floor().IntPart(), date1904), nf), true
}

// showDate writes t in Chinese with the parts nf shows: 2021年12月31日, or 2021年12月 when the
// format shows no day, 2021年 for a year alone. This is the date the cell shows whatever the
// format's separators (a built-in date format shows 2021/12/31 in a Chinese Excel, 12/31/2021 in
// an English one), and a text values.md reads as a date.
func showDate(t time.Time, nf numFormat) string {
	if !nf.isDate() {
		nf.year, nf.month, nf.day = true, true, true
	}
	var b strings.Builder
	if nf.year {
		fmt.Fprintf(&b, "%d年", t.Year())
	}
	if nf.month || (nf.year && nf.day) {
		fmt.Fprintf(&b, "%d月", int(t.Month()))
	}
	if nf.day {
		fmt.Fprintf(&b, "%d日", t.Day())
	}
	return b.String()
}

// serialDate is the day a serial number counts to. In the 1900 system Excel counts a 29 February
// 1900 that never was, so the days from 1 March 1900 on count from 30 December 1899.
func serialDate(days int64, date1904 bool) time.Time {
	switch {
	case date1904:
		return time.Date(1904, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, int(days))
	case days >= 61:
		return time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC).AddDate(0, 0, int(days))
	default:
		return time.Date(1899, 12, 31, 0, 0, 0, 0, time.UTC).AddDate(0, 0, int(days))
	}
}

// isoDate reads the value of a cell of type d (an ISO 8601 date, which a few producers write).
func isoDate(s string) (time.Time, bool) {
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05", "2006-01-02"} {
		if t, err := time.Parse(layout, strings.TrimSpace(s)); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}

// numberType reports a cell type whose value may be a stored number.
func numberType(typ excelize.CellType) bool {
	return typ == excelize.CellTypeUnset || typ == excelize.CellTypeNumber || typ == excelize.CellTypeFormula
}

// showDates replaces the serial number of every date cell of the sheet with the date it shows,
// so that labels, the year and every value read from the grid see the date, never the number.
func (g *grid) showDates() {
	for r, row := range g.rows {
		for c, raw := range row {
			if raw == "" || (!isDigit(raw[0]) && raw[0] != '.') {
				continue
			}
			typ := g.cellType(r, c)
			if typ == excelize.CellTypeDate {
				if t, ok := isoDate(raw); ok {
					g.rows[r][c] = showDate(t, g.cellFormatAt(r, c))
				}
				continue
			}
			if !numberType(typ) {
				continue
			}
			if shown, ok := g.shownDate(r, c, raw); ok {
				g.rows[r][c] = shown
			}
		}
	}
}

// shownDate is the date a numeric cell shows when its number format is a date format.
func (g *grid) shownDate(r, c int, raw string) (string, bool) {
	nf := g.cellFormatAt(r, c)
	if !nf.isDate() {
		return "", false
	}
	return dateText(raw, nf, g.date1904)
}

func isDigit(b byte) bool { return b >= '0' && b <= '9' }

// shownNumber is the number text s as Excel shows it (excelNumber); ok is false when s is no
// number. A plain decimal of at most 15 digits, nearly every number of a form, is shown without
// decimal's arithmetic: Excel's rounding keeps all its digits, and only its leading and trailing
// zeros go.
func shownNumber(s string) (string, bool) {
	if shown, ok := plainNumber(s); ok {
		return shown, true
	}
	if !mayBeDecimal(s) {
		return "", false
	}
	d, err := decimal.NewFromString(s)
	if err != nil {
		return "", false
	}
	return excelNumber(d), true
}

// mayBeDecimal reports whether decimal.NewFromString may read s: it reads digits, signs, points
// and exponents only (a Unicode minus as a sign), and a number has a digit. An empty cell or any
// text of a form fails here without the error value decimal would build to say so.
func mayBeDecimal(s string) bool {
	digit := false
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c >= '0' && c <= '9':
			digit = true
		case c == '.', c == '-', c == '+', c == 'e', c == 'E':
		case c >= utf8.RuneSelf:
			return strings.Contains(s, "\u2212") && strings.ContainsAny(s, "0123456789")
		default:
			return false
		}
	}
	return digit
}

// plainNumber is shownNumber for s written -?digits(.digits)? with at most 15 significant
// digits; ok is false for any other s.
func plainNumber(s string) (string, bool) {
	body, neg := strings.CutPrefix(s, "-")
	whole, frac, dot := strings.Cut(body, ".")
	if whole == "" || (dot && frac == "") || !allDigits(whole) || !allDigits(frac) {
		return "", false
	}
	if len(strings.TrimLeft(whole+frac, "0")) > 15 {
		return "", false
	}
	w, f := strings.TrimLeft(whole, "0"), strings.TrimRight(frac, "0")
	switch {
	case w == "" && f == "":
		return "0", true
	case w == "":
		w = "0"
	}
	if w == whole && f == frac && (f != "" || !dot) {
		return s, true // already as shown
	}
	shown := w
	if f != "" {
		shown += "." + f
	}
	if neg {
		shown = "-" + shown
	}
	return shown, true
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}
