package scoring

import (
	"strings"
	"unicode/utf8"

	"github.com/shopspring/decimal"
	"golang.org/x/text/unicode/norm"
)

// NormalizeLabel folds a label for comparison: NFKC (full-width → half-width), no white space or
// line breaks, no trailing colon; brackets and their content stay (see StripBrackets).
func NormalizeLabel(s string) string {
	t := strings.Map(dropSpace, nfkc(s))
	return strings.TrimRight(t, ":")
}

// nfkc is norm.NFKC.String(s). The text of a form (ASCII, CJK ideographs, full-width forms and
// common CJK punctuation) is folded here without norm's table lookups, the reader's hottest
// path: each such character is its own NFKC decomposition (a full-width form its ASCII one, the
// ideographic space a space) and none combines with its neighbours. Any other character leaves
// the whole string to norm.
func nfkc(s string) string {
	fold := false
	for i := 0; i < len(s); {
		if s[i] < utf8.RuneSelf {
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case stableRune(r):
		case r == ideographicSpace || (r >= fullWidthFirst && r <= fullWidthLast):
			fold = true
		default:
			return norm.NFKC.String(s)
		}
		i += size
	}
	if !fold {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		switch {
		case r == ideographicSpace:
			b.WriteByte(' ')
		case r >= fullWidthFirst && r <= fullWidthLast:
			b.WriteByte(byte(r - fullWidthFirst + '!'))
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// The characters nfkc folds itself: U+FF01–U+FF5E are the full-width forms of '!'–'~'.
const (
	ideographicSpace = '\u3000'
	fullWidthFirst   = '\uff01'
	fullWidthLast    = '\uff5e'
)

// stableRune reports a non-ASCII character NFKC leaves as it is, beside any neighbour nfkc lets
// through: a CJK unified ideograph, or punctuation forms write (、。《》【】“” …).
func stableRune(r rune) bool {
	switch {
	case r >= 0x4e00 && r <= 0x9fff, r >= 0x3001 && r <= 0x3002, r >= 0x3008 && r <= 0x3017:
		return true
	}
	switch r {
	case '\u00b7', '\u00d7', '\u00f7', '\u2014', '\u2018', '\u2019', '\u201c', '\u201d', '\u2264', '\u2265':
		return true
	}
	return false
}

// Bracket pairs seen in labels; NFKC already folds （） and ［］, but labels are not always
// normalised before they get here.
const (
	openBrackets  = "(（[［【〔"
	closeBrackets = ")）]］】〕"
)

// StripBrackets removes every bracketed part of s: "全年预算数(A)" → "全年预算数".
// Pairs may mix widths ("（50分)"), and an unclosed bracket runs to the end of the label.
func StripBrackets(s string) string {
	if !mayHaveBracket(s) && utf8.ValidString(s) {
		return strings.TrimSpace(s) // most labels: the loop below would copy them unchanged
	}
	var b strings.Builder
	b.Grow(len(s))
	depth := 0
	for _, r := range s {
		switch {
		case strings.ContainsRune(openBrackets, r):
			depth++
		case strings.ContainsRune(closeBrackets, r):
			if depth > 0 {
				depth--
			}
		case depth == 0:
			b.WriteRune(r)
		}
	}
	return strings.TrimSpace(b.String())
}

// mayHaveBracket reports whether s may hold one of the brackets: it holds an ASCII one, or a
// character of the blocks of the others (U+3000–U+3FFF and U+F000–U+FFFF, led by 0xE3 and 0xEF
// in UTF-8), which CJK ideographs are not.
func mayHaveBracket(s string) bool {
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '(', ')', '[', ']', 0xe3, 0xef:
			return true
		}
	}
	return false
}

// pointsIn finds the points written in a label, such as the 50 of "产出指标(50分)" or the 20 of
// "得分(20分*执行率)"; ok is false when the label writes none.
func pointsIn(s string) (decimal.Decimal, bool) {
	t := strings.Map(dropSpace, nfkc(s))
	for i := 0; i < len(t); {
		if isDigit(rune(t[i])) && (i == 0 || !isDigit(rune(t[i-1])) && t[i-1] != '.') {
			num, rest, _ := scanNumber(t[i:])
			after, ok := strings.CutPrefix(rest, "分")
			// 分钟 is minutes and 3分之1 a fraction: neither is points.
			if ok && !strings.HasPrefix(after, "钟") && !strings.HasPrefix(after, "之") {
				if d, err := decimal.NewFromString(num); err == nil {
					return d, true
				}
			}
			i = len(t) - len(rest)
			continue
		}
		_, size := utf8.DecodeRuneInString(t[i:])
		i += size
	}
	return decimal.Zero, false
}

// StripCodePrefix removes a system code prefix from a name ("219-池州市贵池区棠溪镇人民政府" →
// "池州市贵池区棠溪镇人民政府"): a run of ASCII letters and digits with at least 3 digits,
// then "-", "－" or "_". A name without one comes back unchanged.
func StripCodePrefix(s string) string {
	t := strings.TrimSpace(s)
	i, digits := 0, 0
	for i < len(t) && isASCIIAlnum(t[i]) {
		if t[i] >= '0' && t[i] <= '9' {
			digits++
		}
		i++
	}
	if digits < 3 {
		return s
	}
	code := t[:i]
	rest := strings.TrimLeft(t[i:], " ")
	cut := false
	for _, sep := range []string{"-", "－", "_", "＿"} {
		if after, ok := strings.CutPrefix(rest, sep); ok {
			rest, cut = strings.TrimSpace(after), true
			break
		}
	}
	if !cut || rest == "" {
		return s
	}
	// "2021-2023年高标准农田建设" starts with a range of years, not a code.
	if len(code) == 4 && digits == 4 && isDigit(firstRune(rest)) {
		return s
	}
	return rest
}

func isASCIIAlnum(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z'
}
