// Numbers as units type them, and the two kinds of number a form holds besides quantities:
// amounts (万元 or 元) and rates.

package scoring

import (
	"errors"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/shopspring/decimal"
)

// ParseNumber reads a plain number as units type it: "1,100.5", "１１０", " 98.69 ", "-3", "1E-05".
func ParseNumber(s string) (decimal.Decimal, bool) {
	t := strings.TrimFunc(foldWidth(s), isSpace)
	numText, rest, ok := scanNumber(t)
	if !ok {
		return decimal.Zero, false
	}
	if rest != "" && (rest[0] == 'e' || rest[0] == 'E') {
		// Excel prints very large and very small numeric cells in scientific notation.
		exp := rest[1:]
		sign := ""
		if exp != "" && (exp[0] == '+' || exp[0] == '-') {
			sign, exp = exp[:1], exp[1:]
		}
		digits, r := digitRun(exp)
		if digits == "" || len(digits) > 2 || r != "" {
			return decimal.Zero, false
		}
		numText += "e" + sign + digits
		rest = ""
	}
	if rest != "" {
		return decimal.Zero, false
	}
	d, err := decimal.NewFromString(numText)
	if err != nil {
		return decimal.Zero, false
	}
	return d, true
}

// scanNumber reads a leading number with an optional sign and thousands separators; the text
// returned has no separators (nor a plus sign). A number written without separators is returned
// as a slice of t, the common case, which costs no copy.
func scanNumber(t string) (num, rest string, ok bool) {
	i, start := 0, 0
	if i < len(t) && (t[i] == '-' || t[i] == '+') {
		if t[i] == '+' {
			start = 1
		}
		i++
	}
	run, r := digitRun(t[i:])
	if run == "" {
		return "", t, false
	}
	i = len(t) - len(r)
	var b []byte // the number so far once a separator was dropped; nil while t[start:i] is it
	for len(run) <= 3 && i+4 <= len(t) && t[i] == ',' {
		g, after := digitRun(t[i+1:])
		if len(g) != 3 {
			break
		}
		if b == nil {
			b = append(make([]byte, 0, len(t)), t[start:i]...)
		}
		b = append(b, g...)
		i = len(t) - len(after)
	}
	if i+1 < len(t) && t[i] == '.' && isDigit(rune(t[i+1])) {
		frac, after := digitRun(t[i+1:])
		if b != nil {
			b = append(append(b, '.'), frac...)
		}
		i = len(t) - len(after)
	}
	if b == nil {
		return t[start:i], t[i:], true
	}
	return string(b), t[i:], true
}

// digitRun splits the leading ASCII digits off t.
func digitRun(t string) (string, string) {
	i := 0
	for i < len(t) && t[i] >= '0' && t[i] <= '9' {
		i++
	}
	return t[:i], t[i:]
}

// atoi reads a short run of digits already known to be digits; callers bound the length.
func atoi(s string) int {
	n := 0
	for _, c := range s {
		n = n*10 + int(c-'0')
		if n > 1e6 {
			return n
		}
	}
	return n
}

func isDigit(r rune) bool { return r >= '0' && r <= '9' }

func firstRune(s string) rune {
	r, _ := utf8.DecodeRuneInString(s)
	return r
}

// isSpace also catches the zero-width characters Word leaves in copied text.
func isSpace(r rune) bool {
	return unicode.IsSpace(r) || r == '\u200b' || r == '\ufeff' || r == '\u200c' || r == '\u200d'
}

func dropSpace(r rune) rune {
	if isSpace(r) {
		return -1
	}
	return r
}

// foldWidth turns full-width ASCII into half-width without NFKC's other rewrites, so that
// "m²" stays one unit instead of becoming "m2", a second number.
func foldWidth(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r >= 0xFF01 && r <= 0xFF5E:
			return r - 0xFEE0
		case r == 0x3000:
			return ' '
		case r == '\u2212' || r == '\uFE63':
			return '-'
		case r == '\uFE6A':
			return '%'
		case r == '\uFFE5':
			return '¥'
		}
		return r
	}, s)
}

// compactNumberText folds widths and drops spaces; a space between two digits means two numbers.
func compactNumberText(s string) (string, bool) {
	t := foldWidth(s)
	if keptAsIs(t) {
		return t, true
	}
	var b strings.Builder
	prev := rune(0)
	pendingSpace := false
	for _, r := range t {
		if isSpace(r) {
			pendingSpace = true
			continue
		}
		if pendingSpace && isDigit(prev) && isDigit(r) {
			return "", false
		}
		pendingSpace = false
		b.WriteRune(r)
		prev = r
	}
	return b.String(), true
}

// Amount is one money cell of the funds block, in 万元.
type Amount struct {
	Value  decimal.Decimal
	Filled bool
}

// ErrNotNumber marks text written where a number belongs.
var ErrNotNumber = errors.New("不是数字")

// ParseAmount reads a funds cell into 万元; blank marks are not filled, other text is ErrNotNumber.
// yuanBlock says the block's label puts bare numbers in 元.
func ParseAmount(s string, yuanBlock bool) (Amount, error) {
	if IsBlank(s) {
		return Amount{}, nil
	}
	t, ok := compactNumberText(s)
	if !ok {
		return Amount{}, fmt.Errorf("“%s”%w", strings.TrimSpace(s), ErrNotNumber)
	}
	t = strings.TrimPrefix(t, "¥")
	var shift int32
	switch {
	case strings.HasSuffix(t, "万元"):
		t = strings.TrimSuffix(t, "万元")
	case strings.HasSuffix(t, "亿元"):
		t, shift = strings.TrimSuffix(t, "亿元"), 4
	case strings.HasSuffix(t, "元"):
		t, shift = strings.TrimSuffix(t, "元"), -4
	case strings.HasSuffix(t, "万"):
		t = strings.TrimSuffix(t, "万")
	case strings.HasSuffix(t, "亿"):
		t, shift = strings.TrimSuffix(t, "亿"), 4
	case yuanBlock:
		shift = -4
	}
	d, ok := ParseNumber(t)
	if !ok {
		return Amount{}, fmt.Errorf("“%s”%w", strings.TrimSpace(s), ErrNotNumber)
	}
	return Amount{Value: d.Shift(shift), Filled: true}, nil
}

// Rate is an execution rate as written.
type Rate struct {
	Value decimal.Decimal // the rate as a fraction: 0.8972
	// Places is how many decimal places of the fraction were written ("89.72%" → 4), at most
	// maxRatePlaces, so a written rate is compared at the precision it was written with.
	Places int
}

// maxRatePlaces bounds Places for numeric cells printed with 15 significant digits.
const maxRatePlaces = 6

// ParseRate reads an execution rate: "89.72%", "0.8972", or a bare number above 1 taken as a
// percentage ("108.67"). percentFormat says the cell is formatted as a percentage, so its number
// is always the fraction itself, even above 1 (an execution above budget).
func ParseRate(s string, percentFormat bool) (Rate, bool) {
	if IsBlank(s) {
		return Rate{}, false
	}
	t, ok := compactNumberText(s)
	if !ok {
		return Rate{}, false
	}
	percent := false
	if p, ok := strings.CutSuffix(t, "%"); ok {
		t, percent = p, true
	}
	d, ok := ParseNumber(t)
	if !ok {
		return Rate{}, false
	}
	if !percent && !percentFormat && d.Abs().GreaterThan(decimal.NewFromInt(1)) {
		percent = true
	}
	places := 0
	if e := d.Exponent(); e < 0 {
		places = int(-e)
	}
	if percent {
		d = d.Shift(-2)
		places += 2
	}
	if places > maxRatePlaces {
		places = maxRatePlaces
	}
	return Rate{Value: d, Places: places}, true
}

// keptAsIs reports whether t holds no space and no invalid UTF-8, which compactNumberText would
// write back as U+FFFD: it is then its own compact text.
func keptAsIs(t string) bool {
	for i := 0; i < len(t); {
		r, size := utf8.DecodeRuneInString(t[i:])
		if isSpace(r) || (r == utf8.RuneError && size == 1) {
			return false
		}
		i += size
	}
	return true
}
