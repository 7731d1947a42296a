package excelio

import (
	"math"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/shopspring/decimal"
	"github.com/xuri/excelize/v2"
)

// Fonts and colours shared by the annotated copy and the summary.
const (
	outFont       = "宋体"
	outFontSize   = 11
	outTitleSize  = 16
	outLinkColor  = "0563C1"
	outErrorFill  = "FFC7CE" // Excel's own 差 (bad) fill
	outErrorFont  = "9C0006"
	outWarnFill   = "FFEB9C" // Excel's own 中性 (neutral) fill
	outWarnFont   = "9C5700"
	outGoodFill   = "C6EFCE" // Excel's own 好 (good) fill
	outGoodFont   = "006100"
	outHeaderFill = "D9E1F2"
	outBlockFill  = "EDEDED"
)

// Built-in number formats: their IDs need no custom format entry and every reader knows them.
const (
	fmtScore   = 2     // 0.00
	fmtAmount  = 4     // #,##0.00
	fmtRate    = 10    // 0.00%
	fmtInteger = 1     // 0
	lineHeight = 14.25 // points per line of 11-pt 宋体
)

// outStyle is the handful of choices our own cells vary in; every style is built from one.
type outStyle struct {
	bold      bool
	size      float64
	numFmt    int
	fill      string
	fontColor string
	underline bool
	wrap      bool
	hAlign    string
	border    bool
}

// outStyles creates each distinct outStyle once per workbook and remembers its ID.
type outStyles struct {
	f   *excelize.File
	ids map[outStyle]int
}

func newOutStyles(f *excelize.File) *outStyles {
	return &outStyles{f: f, ids: map[outStyle]int{}}
}

func (s *outStyles) id(o outStyle) (int, error) {
	if id, ok := s.ids[o]; ok {
		return id, nil
	}
	size := o.size
	if size == 0 {
		size = outFontSize
	}
	st := &excelize.Style{
		// The font is named on every style, not only as the workbook default, because the
		// annotated copy keeps the unit's default font for the unit's own sheets.
		Font: &excelize.Font{
			Family:    outFont,
			Size:      size,
			Bold:      o.bold,
			Color:     o.fontColor,
			Underline: map[bool]string{true: "single"}[o.underline],
		},
		NumFmt: o.numFmt,
		Alignment: &excelize.Alignment{
			Horizontal: o.hAlign,
			Vertical:   "center",
			WrapText:   o.wrap,
		},
	}
	if o.fill != "" {
		st.Fill = excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{o.fill}}
	}
	if o.border {
		for _, side := range []string{"left", "right", "top", "bottom"} {
			st.Border = append(st.Border, excelize.Border{Type: side, Color: "808080", Style: 1})
		}
	}
	id, err := s.f.NewStyle(st)
	if err != nil {
		return 0, err
	}
	s.ids[o] = id
	return id, nil
}

// textWidth is the width of s in Excel column units: CJK and full-width characters take two,
// others one; for text over several lines, the widest line counts.
func textWidth(s string) int {
	w, n := 0, 0
	for _, r := range s {
		if r == '\n' {
			w, n = max(w, n), 0
			continue
		}
		n += runeWidth(r)
	}
	return max(w, n)
}

func runeWidth(r rune) int {
	switch {
	case r < utf8.RuneSelf:
		return 1
	case r >= 0x4E00 && r <= 0x9FFF:
		// CJK Unified Ideographs, nearly every character of a Chinese name: Han, without the
		// table search unicode.Is makes.
		return 2
	case unicode.Is(unicode.Han, r),
		unicode.In(r, unicode.Hiragana, unicode.Katakana, unicode.Hangul),
		r >= 0x3000 && r <= 0x303F, // CJK punctuation: 、。（）《》
		r >= 0xFF00 && r <= 0xFF60, // full-width forms: ，：；！
		r >= 0xFFE0 && r <= 0xFFE6,
		r >= 0x2E80 && r <= 0x2FDF:
		return 2
	default:
		return 1
	}
}

// wrappedLines is how many lines s takes in a wrapped cell width units wide, to size rows:
// Excel does not grow a row for wrapped text it did not itself edit, and a printout would clip it.
func wrappedLines(s string, width float64) int {
	usable := max(width-1, 1)
	n, w := 0, 0
	for _, r := range s {
		if r == '\n' {
			n += max(1, int(math.Ceil(float64(w)/usable)))
			w = 0
			continue
		}
		w += runeWidth(r)
	}
	return n + max(1, int(math.Ceil(float64(w)/usable)))
}

// maxRowHeight is the tallest row Excel allows, in points; a taller one is refused on writing.
const maxRowHeight = 409

// linesHeight is the height of a row showing n lines of wrapped text, at most maxRowHeight: a
// text too long for that is clipped on screen and in print, but the cell still holds it whole.
func linesHeight(n int) float64 {
	return min(float64(n)*lineHeight+3, maxRowHeight)
}

// colWidths tracks the widest text written in each column of a sheet.
type colWidths map[int]int

// see counts text in column col; a nil colWidths counts nothing (a pass that only wants values).
func (c colWidths) see(col int, text string) {
	if c == nil {
		return
	}
	c[col] = max(c[col], textWidth(text))
}

// seeValue counts a cell value as its number format shows it: a column too narrow for a
// number prints ##### instead of the amount.
func (c colWidths) seeValue(col int, v any, o outStyle) {
	if c == nil {
		return
	}
	var d *decimal.Decimal
	switch x := v.(type) {
	case string:
		c.see(col, x)
		return
	case int:
		c.see(col, strconv.Itoa(x))
		return
	case decimal.Decimal:
		d = &x
	case *decimal.Decimal:
		d = x
	}
	if d != nil {
		c.see(col, formatNumber(*d, o.numFmt))
	}
}

// formatNumber is d as the built-in number format id shows it.
func formatNumber(d decimal.Decimal, numFmt int) string {
	switch numFmt {
	case fmtAmount:
		text := d.Abs().StringFixed(2)
		whole, frac, _ := strings.Cut(text, ".")
		var b strings.Builder
		for i, r := range whole {
			if i > 0 && (len(whole)-i)%3 == 0 {
				b.WriteByte(',')
			}
			b.WriteRune(r)
		}
		sign := ""
		if d.IsNegative() {
			sign = "-"
		}
		return sign + b.String() + "." + frac
	case fmtRate:
		return d.Shift(2).StringFixed(2) + "%"
	case fmtScore:
		return d.StringFixed(2)
	default:
		return d.String()
	}
}

// middleEllipsis shortens s to at most width units by cutting its middle: the start of a file
// name says whose it is, the end which of theirs.
func middleEllipsis(s string, width int) string {
	if textWidth(s) <= width || width < 8 {
		return s
	}
	runes := []rune(s)
	budget := width - 2 // the ellipsis is one full-width character
	var end []rune
	w := 0
	for i := len(runes) - 1; i >= 0 && w+runeWidth(runes[i]) <= budget/2; i-- {
		w += runeWidth(runes[i])
		end = append([]rune{runes[i]}, end...)
	}
	var start []rune
	for _, r := range runes {
		if w+runeWidth(r) > budget {
			break
		}
		w += runeWidth(r)
		start = append(start, r)
	}
	return string(start) + "…" + string(end)
}

// cellRef names the cell at 1-based column col and row row.
func cellRef(col, row int) string {
	name, _ := excelize.CoordinatesToCellName(col, row)
	return name
}

// quoteSheet writes a sheet name as a formula or link reference does: always quoted, with
// embedded quotes doubled, which is valid whether or not the name needs it.
func quoteSheet(sheet string) string {
	return "'" + strings.ReplaceAll(sheet, "'", "''") + "'"
}

// printSetup makes a sheet print on A4, fitted to one page wide, with rows 1..titleRows
// repeated on every page.
func printSetup(f *excelize.File, sheet, orientation string, titleRows int) error {
	size, one, zero := 9, 1, 0
	if err := f.SetPageLayout(sheet, &excelize.PageLayoutOptions{
		Size: &size, Orientation: &orientation, FitToWidth: &one, FitToHeight: &zero,
	}); err != nil {
		return err
	}
	// FitToWidth is ignored by Excel unless the sheet's fitToPage flag is also set.
	fit := true
	if err := f.SetSheetProps(sheet, &excelize.SheetPropsOptions{FitToPage: &fit}); err != nil {
		return err
	}
	// Narrower side margins than Excel's 0.7 in: a wide table fitted to the page width
	// prints larger, and the page numbers sit in the footer margin.
	side, top, edge, centred := 0.4, 0.6, 0.3, true
	if err := f.SetPageMargins(sheet, &excelize.PageLayoutMarginsOptions{
		Left: &side, Right: &side, Top: &top, Bottom: &top, Header: &edge, Footer: &edge, Horizontally: &centred,
	}); err != nil {
		return err
	}
	if err := f.SetHeaderFooter(sheet, &excelize.HeaderFooterOptions{OddFooter: "&C第 &P 页，共 &N 页"}); err != nil {
		return err
	}
	if titleRows > 0 {
		return f.SetDefinedName(&excelize.DefinedName{
			Name:     "_xlnm.Print_Titles",
			RefersTo: quoteSheet(sheet) + "!$1:$" + strconv.Itoa(titleRows),
			Scope:    sheet,
		})
	}
	return nil
}
