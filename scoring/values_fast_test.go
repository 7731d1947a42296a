package scoring

import (
	"strings"
	"testing"
)

// TestNumberTextFastPaths checks scanNumber and compactNumberText, which return a slice of their
// input when they can, against the builders they replaced.
func TestNumberTextFastPaths(t *testing.T) {
	for _, in := range []string{
		"", "+", "-", "1", "-12", "+12", "+1,234.5", "-1,234,567.89万元", "1,23", "1234,567",
		"12,345,67", "1.", "1.5.6", "-.5", "0.0010%", "１，２３４", "1 2", " 98.69 ", "12 万",
		"\xff1", "1\xff", "1\u200b2", "≥95%", "1E-05", "１１０", "3\u3000000",
	} {
		num, rest, ok := scanNumber(in)
		wNum, wRest, wOK := builtScanNumber(in)
		if num != wNum || rest != wRest || ok != wOK {
			t.Errorf("scanNumber(%q) = %q, %q, %v; want %q, %q, %v", in, num, rest, ok, wNum, wRest, wOK)
		}
		c, ok := compactNumberText(in)
		wc, wOK := builtCompactNumberText(in)
		if c != wc || ok != wOK {
			t.Errorf("compactNumberText(%q) = %q, %v; want %q, %v", in, c, ok, wc, wOK)
		}
	}
}

// builtScanNumber is scanNumber as it was, building every number.
func builtScanNumber(t string) (num, rest string, ok bool) {
	var b strings.Builder
	i := 0
	if i < len(t) && (t[i] == '-' || t[i] == '+') {
		if t[i] == '-' {
			b.WriteByte('-')
		}
		i++
	}
	run, r := digitRun(t[i:])
	if run == "" {
		return "", t, false
	}
	b.WriteString(run)
	i = len(t) - len(r)
	for len(run) <= 3 && i+4 <= len(t) && t[i] == ',' {
		g, after := digitRun(t[i+1:])
		if len(g) != 3 {
			break
		}
		b.WriteString(g)
		i = len(t) - len(after)
	}
	if i+1 < len(t) && t[i] == '.' && isDigit(rune(t[i+1])) {
		frac, after := digitRun(t[i+1:])
		b.WriteByte('.')
		b.WriteString(frac)
		i = len(t) - len(after)
	}
	return b.String(), t[i:], true
}

// builtCompactNumberText is compactNumberText as it was, building every text.
func builtCompactNumberText(s string) (string, bool) {
	t := foldWidth(s)
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
