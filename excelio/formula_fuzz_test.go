package excelio

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzFormula: no formula text makes the native evaluator panic, loop or blow up, and whatever it
// computes excelize computes too, to the 15th digit (docs/decisions.md, "公式的本地计算").
// Seeds: testdata/fuzz/FuzzFormula and the formulas below.
func FuzzFormula(f *testing.F) {
	for _, s := range []string{"1+2*3", "-2^2", "SUM(A1:A4)/A4", "E1+1", "SUM(A1,A2:A3)+A4", "A2/A4%",
		"$A$1*A$2-$A3", "((A1))", "SUM(A1:B2)", "1/3*3", "A1^32", "A1/D1", "SUM(E1,A1/(D1))%"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, formula string) {
		if len(formula) > 2000 || !utf8.ValidString(formula) || strings.IndexFunc(formula, notXMLText) >= 0 {
			return // not a formula a worksheet can hold
		}
		cells := []string{"F1=" + formula, "A1:3", "A2:4.5", "A3:-1.25", "A4:100", "B1:0.1", "B2:0.2",
			"C1'文本", "D1:0", "E1=A1*2", "E2=E1+E3", "E3=E2"}
		data := formulaPackage(t, formulaSheet(cells...))
		got, want := bothGrids(t, data)
		text, res, ok := got.evalNative(0, 5)
		if !ok {
			return
		}
		w := want.cell(0, 5)
		if res == formulaFailed && (!w.Unreadable || w.Text != "") {
			t.Errorf("%q: native #DIV/0!, excelize %+v", formula, w)
		}
		if res == formulaComputed && (!w.Numeric || (text != w.Text && !lastDigitApart(text, w.Text))) {
			t.Errorf("%q: native %q, excelize %+v", formula, text, w)
		}
	})
}

// notXMLText reports a character XML 1.0 text cannot hold (or holds only as a line break).
func notXMLText(r rune) bool {
	return r < 0x20 || r == 0xFFFE || r == 0xFFFF || (r >= 0xD800 && r <= 0xDFFF)
}
