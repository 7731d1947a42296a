package scoring

import (
	"errors"
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzParseQuantity checks that reading values never panics, that a quantity reads back from its
// own String, and that no text is both a quantity and a date. Seeds live in testdata/fuzz.
func FuzzParseQuantity(f *testing.F) {
	f.Fuzz(func(t *testing.T, s string) {
		q, ok := ParseQuantity(s)
		_, isDate := ParseDeadline(s)
		// The other readers share the scanners: they must not panic on the same text.
		ParseNumber(s)
		ParseRate(s, false)
		ParseRate(s, true)
		pointsIn(s)
		StripBrackets(NormalizeLabel(s))
		StripCodePrefix(s)
		isPlaceholder(s)
		ClassOf(s)
		if !ok {
			return
		}
		if isDate {
			t.Fatalf("%q is both a quantity (%v) and a date", s, q)
		}
		if strings.ContainsAny(q.Unit, "0123456789") {
			t.Fatalf("ParseQuantity(%q) kept a number in its unit %q", s, q.Unit)
		}
		back, ok := ParseQuantity(q.String())
		if !ok || back.Cmp != q.Cmp || !back.Num.Equal(q.Num) || back.Unit != q.Unit {
			t.Fatalf("ParseQuantity(%q) = %q, which reads back as %q (ok=%v)", s, q.String(), back.String(), ok)
		}
		if n, ok := InUnit(q, q.Unit); !ok || !n.Equal(q.Num) {
			t.Fatalf("InUnit(%q, own unit) = %s %v", q.String(), n, ok)
		}
	})
}

// negations are phrases whose presence must keep an actual out of the 达成 band.
var negations = []string{"未达成", "未完成", "没有达成", "无法完成"}

// FuzzBandOf checks that bandOf never panics and that no negated phrase lands in 达成, wherever
// it stands in the text.
func FuzzBandOf(f *testing.F) {
	f.Fuzz(func(t *testing.T, s string) {
		bandOf(s)
		isNotApplicable(s)
		saysNothing(s)
		for _, n := range negations {
			if strings.Contains(s, n) && bandOf(s) == BandAchieved {
				t.Fatalf("bandOf(%q) = 达成 though it says %s", s, n)
			}
			mid := len(s) / 2
			for mid > 0 && !utf8.RuneStart(s[mid]) {
				mid--
			}
			for _, v := range []string{n + s, s + n, s[:mid] + n + s[mid:]} {
				if b := bandOf(v); b == BandAchieved {
					t.Fatalf("bandOf(%q) = 达成 though it says %s", v, n)
				}
			}
		}
	})
}

// FuzzParseAmount checks that a funds cell is either blank, a number that reads back the same
// in 万元, or ErrNotNumber, and that ParseRate's precision stays in bounds.
func FuzzParseAmount(f *testing.F) {
	f.Fuzz(func(t *testing.T, s string, yuan bool) {
		a, err := ParseAmount(s, yuan)
		if err != nil {
			if !errors.Is(err, ErrNotNumber) || a.Filled {
				t.Fatalf("ParseAmount(%q) = %v, %v", s, a, err)
			}
		} else if !a.Filled {
			if !IsBlank(s) {
				t.Fatalf("ParseAmount(%q) is not filled but the text is not blank", s)
			}
		} else {
			back, err := ParseAmount(a.Value.String()+"万元", !yuan)
			if err != nil || !back.Value.Equal(a.Value) {
				t.Fatalf("ParseAmount(%q) = %s, which reads back as %v %v", s, a.Value, back, err)
			}
		}
		for _, pf := range []bool{false, true} {
			if r, ok := ParseRate(s, pf); ok && (r.Places < 0 || r.Places > maxRatePlaces) {
				t.Fatalf("ParseRate(%q, %v).Places = %d", s, pf, r.Places)
			}
		}
	})
}
