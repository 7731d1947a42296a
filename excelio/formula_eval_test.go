package excelio

import (
	"bytes"
	"errors"
	"fmt"
	"math/rand"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/shopspring/decimal"
	"github.com/xuri/excelize/v2"
)

// formulaSheet is a worksheet of cells given as "A1:5" (a number), "A1'text" (an inline string)
// or "A1=SUM(B1:B3)" (a formula without a cached value); a spec starting with "<c " is raw XML.
func formulaSheet(cells ...string) string {
	type spec struct {
		col, row int
		xml      string
	}
	var specs []spec
	for _, s := range cells {
		i := strings.IndexAny(s, ":'=")
		ref, body := s[:i], s[i+1:]
		if strings.HasPrefix(s, "<c ") {
			ref = s[len(`<c r="`) : strings.Index(s[len(`<c r="`):], `"`)+len(`<c r="`)]
		}
		col, row, err := excelize.CellNameToCoordinates(ref)
		if err != nil {
			panic(s)
		}
		x := s
		switch {
		case strings.HasPrefix(s, "<c "):
		case s[i] == ':':
			x = fmt.Sprintf(`<c r="%s"><v>%s</v></c>`, ref, body)
		case s[i] == '\'':
			x = fmt.Sprintf(`<c r="%s" t="inlineStr"><is><t>%s</t></is></c>`, ref, body)
		default:
			x = fmt.Sprintf(`<c r="%s"><f>%s</f></c>`, ref, strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;").Replace(body))
		}
		specs = append(specs, spec{col, row, x})
	}
	slices.SortFunc(specs, func(a, b spec) int {
		if a.row != b.row {
			return a.row - b.row
		}
		return a.col - b.col
	})
	var b strings.Builder
	b.WriteString(sheetHead)
	for i, s := range specs {
		if i == 0 || specs[i-1].row != s.row {
			if i > 0 {
				b.WriteString("</row>")
			}
			fmt.Fprintf(&b, `<row r="%d">`, s.row)
		}
		b.WriteString(s.xml)
	}
	if len(specs) > 0 {
		b.WriteString("</row>")
	}
	b.WriteString(sheetTail)
	return b.String()
}

// formulaPackage is the minimal package of hostile_test.go with sheet as Sheet1.
func formulaPackage(t *testing.T, sheet string) []byte {
	return seedZip(t, []seedEntry{
		{name: "[Content_Types].xml", body: pkgContentTypes},
		{name: "_rels/.rels", body: pkgRels},
		{name: "xl/workbook.xml", body: pkgWorkbook},
		{name: "xl/_rels/workbook.xml.rels", body: pkgWorkbookRels},
		{name: "xl/worksheets/sheet1.xml", body: sheet},
		{name: "xl/worksheets/sheet2.xml", body: smallSheet},
	})
}

// bothGrids reads the first sheet of data with the streaming reader (which must read it itself)
// and with excelize.
func bothGrids(t *testing.T, data []byte) (got, want *grid) {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	book, err := openStreamBook(data)
	if err != nil {
		t.Fatal(err)
	}
	lazy := &lazyExcel{tried: true, f: f, release: func() {}}
	if got, err = streamSheetGrid(book, book.sheets[0], lazy); err != nil || got.meta == nil {
		t.Fatalf("not streamed: %v", err)
	}
	if want, err = excelizeSheetGrid(f, book.sheets[0].name); err != nil {
		t.Fatal(err)
	}
	return got, want
}

// checkNative evaluates the formula at ref natively and checks it against excelize: the same
// cell, or a decline; it returns the native text ("#DIV/0!" for the error) and whether it was
// computed.
func checkNative(t *testing.T, got, want *grid, ref string) (string, bool) {
	t.Helper()
	c, r, err := excelize.CellNameToCoordinates(ref)
	if err != nil {
		t.Fatal(err)
	}
	text, res, ok := got.evalNative(r-1, c-1)
	w := want.cell(r-1, c-1)
	if g := got.cell(r-1, c-1); g != w {
		t.Errorf("%s: cell %+v, excelize %+v", ref, g, w)
	}
	switch {
	case ok && res == formulaFailed:
		text = "#DIV/0!"
		if !w.Unreadable || w.Text != "" {
			t.Errorf("%s: native #DIV/0!, excelize %+v", ref, w)
		}
	case ok && text != w.Text:
		t.Errorf("%s: native %q, excelize %q", ref, text, w.Text)
	}
	return text, ok
}

func TestNativeFormulas(t *testing.T) {
	numbers := []string{"A1:3", "A2:4.5", "A3:-1.25", "A4:100", "B1:0.1", "B2:0.2", "C1'文本", "D1:0"}
	for _, tc := range []struct {
		name    string
		formula string
		want    string // "" when the evaluator must decline
		extra   []string
	}{
		{"precedence", "1+2*3", "7", nil},
		{"parentheses", "(1+2)*3", "9", nil},
		{"subtraction-left-to-right", "10-4-3", "3", nil},
		{"division-left-to-right", "100/5/4", "5", nil},
		{"unary-binds-tighter-than-power", "-2^2", "4", nil},
		{"power-left-to-right", "2^3^2", "64", nil},
		{"power-zero", "A4^0", "1", nil},
		{"percent", "50%", "0.5", nil},
		{"percent-of-reference", "A4%*A1", "3", nil},
		{"double-negation", "--A1", "3", nil},
		{"declines-unary-plus", "+A3", "", nil},
		{"declines-exponent", "1E3+1", "", nil},
		{"references", "A1+A2*A3", "-2.625", nil},
		{"absolute-references", "$A$1*A$2-$A3", "14.75", nil},
		{"decimal-sum-exact", "B1+B2", "0.3", nil},
		{"fraction-constant", "1000+.15", "1000.15", nil},
		{"spaces", " A1 + ( A2 ) ", "7.5", nil},
		{"empty-cell-is-zero", "A1+Z9", "3", nil},
		{"third", "1/3", "0.333333333333333", nil},
		{"two-thirds", "2/3", "0.666666666666667", nil},
		{"rate", "A2/A4", "0.045", nil},
		{"sum-range", "SUM(A1:A4)", "106.25", nil},
		{"sum-reversed-range", "SUM(A4:A1)", "106.25", nil},
		{"sum-mixed", "SUM(A1,A2:A3)+A4", "106.25", nil},
		{"sum-over-empty-cells", "SUM(A1:A9)", "106.25", nil},
		{"sum-of-expressions", "SUM(A1*2,1/4)", "6.25", nil},
		{"sum-of-formulas", "SUM(E1:E2)", "20", []string{"E1=A1*2", "E2=E1+8"}},
		{"nested-formula", "E1+1", "7", []string{"E1=A1*2"}},
		{"chain", "E3", "9", []string{"E1=A1", "E2=E1*2", "E3=E2+A1"}},
		{"sheet-total", "SUM(A1:A2)/A4", "0.075", nil},
		{"declines-text", "C1+1", "", nil},
		{"declines-text-in-range", "SUM(A1:C1)", "", nil},
		{"declines-concatenation", "A1&A2", "", nil},
		{"declines-comparison", "A1>A2", "", nil},
		{"declines-other-sheet", "Sheet2!A1+1", "", nil},
		{"declines-quoted-sheet", "'Sheet2'!A1", "", nil},
		{"declines-unknown-function", "ROUND(A2,0)", "", nil},
		{"declines-lower-case-function", "sum(A1)", "", nil},
		{"declines-whole-column", "SUM(A:A)", "", nil},
		{"declines-whole-row", "SUM(1:1)", "", nil},
		{"division-by-zero", "A1/D1", "#DIV/0!", nil},
		{"division-by-empty", "A1/Z9", "#DIV/0!", nil},
		{"zero-by-zero", "D1/D1", "#DIV/0!", nil},
		{"error-in-arithmetic", "(A1/D1)*0+1", "#DIV/0!", nil},
		{"error-negated", "-(A1/D1)", "#DIV/0!", nil},
		{"declines-error-percent", "(A1/D1)%", "", nil},
		{"error-in-sum-argument", "SUM(A1/D1,1)", "#DIV/0!", nil},
		{"error-powered", "(A1/D1)^2", "#DIV/0!", nil},
		{"error-as-exponent", "2^(A1/D1)", "#DIV/0!", nil},
		{"error-subtracted", "1-(A1/D1)", "#DIV/0!", nil},
		{"error-divided-by-zero", "(A1/D1)/0", "#DIV/0!", nil},
		{"error-of-a-referenced-formula", "E1+1", "#DIV/0!", []string{"E1=A1/D1"}},
		{"error-as-the-result", "E1", "#DIV/0!", []string{"E1=A1/D1"}},
		{"declines-error-in-a-range", "SUM(E1:E2)", "", []string{"E1=A1/D1", "E2:5"}},
		{"declines-empty-by-empty", "Z8/Z9", "", nil},
		{"declines-empty-result", "Z9", "", nil},
		{"declines-boolean", "TRUE", "", nil},
		{"declines-string", `"1"+1`, "", nil},
		{"declines-error", "#REF!+1", "", nil},
		{"declines-name", "预算+1", "", nil},
		{"declines-syntax", "A1+", "", nil},
		{"declines-unclosed", "SUM(A1:A3", "", nil},
		{"declines-empty-argument", "SUM(A1,)", "", nil},
		{"declines-intersection", "SUM(A1:A3 A2:B2)", "", nil},
		{"declines-range-in-arithmetic", "A1:A3+1", "", nil},
		{"declines-fraction-power", "A4^0.5", "", nil},
		{"declines-negative-power", "A4^-1", "", nil},
		{"declines-cycle", "E1", "", []string{"E1=E2+1", "E2=E1"}},
		{"declines-self", "F1+1", "", nil},
		{"declines-beyond-columns-read", "SUM(A1:DZ1)", "", nil},
		{"declines-beyond-rows-read", "A9999+1", "", nil},
		{"declines-deep-nesting", strings.Repeat("(", 200) + "1" + strings.Repeat(")", 200), "", nil},
		{"declines-huge-number", "1E400*1", "", nil},
		{"declines-leading-equals", "=A1", "", nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cells := append(append([]string{"F1=" + tc.formula}, numbers...), tc.extra...)
			got, want := bothGrids(t, formulaPackage(t, formulaSheet(cells...)))
			text, ok := checkNative(t, got, want, "F1")
			if tc.want == "" && ok {
				t.Errorf("%s computed %q, want a decline", tc.formula, text)
			}
			if tc.want != "" && text != tc.want {
				t.Errorf("%s = %q (computed %v), want %q", tc.formula, text, ok, tc.want)
			}
		})
	}
}

// TestNativeDivisionAgainstExcelize: quotients of amounts as forms hold them (two places, up to
// ten million), computed natively and by excelize. Where the exact quotient and excelize's
// float64 one round to different 15-digit texts, they differ by one unit of the 15th digit, the
// native one being the exact quotient rounded (docs/decisions.md, "公式的本地计算"); a few in a
// hundred do.
func TestNativeDivisionAgainstExcelize(t *testing.T) {
	rng := rand.New(rand.NewSource(20240601))
	var cells []string
	const n = 400
	for r := 1; r <= n; r++ {
		a, b := rng.Int63n(1e9)+1, rng.Int63n(1e9)+1
		if r%2 == 0 {
			a = b * (rng.Int63n(60) + 40) / 100 // an execution rate of 40 to 99 %
		}
		cells = append(cells, fmt.Sprintf("A%d:%d.%02d", r, a/100, a%100), fmt.Sprintf("B%d:%d.%02d", r, b/100, b%100),
			fmt.Sprintf("C%d=A%d/B%d", r, r, r))
	}
	got, want := bothGrids(t, formulaPackage(t, formulaSheet(cells...)))
	differ := 0
	for r := 1; r <= n; r++ {
		text, res, ok := got.evalNative(r-1, 2)
		if !ok || res != formulaComputed {
			t.Fatalf("C%d declined", r)
		}
		exact := decimal.RequireFromString(got.raw(r-1, 0)).DivRound(decimal.RequireFromString(got.raw(r-1, 1)), 40)
		if text != excelNumber(exact) {
			t.Errorf("C%d: %q, the exact quotient %s", r, text, exact)
		}
		if w := want.cell(r-1, 2).Text; text != w {
			differ++
			if !lastDigitApart(text, w) {
				t.Errorf("C%d: native %q, excelize %q", r, text, w)
			}
		}
	}
	if differ > n/10 {
		t.Errorf("%d of %d quotients differ from excelize's", differ, n)
	}
	t.Logf("%d of %d quotients differ from excelize's in the 15th digit", differ, n)
}

// lastDigitApart reports two numbers that differ by at most one unit of the 15th significant digit.
func lastDigitApart(a, b string) bool {
	x, err1 := decimal.NewFromString(a)
	y, err2 := decimal.NewFromString(b)
	if err1 != nil || err2 != nil {
		return false
	}
	unit := decimal.New(1, int32(magnitude(y)-14))
	return x.Sub(y).Abs().LessThanOrEqual(unit)
}

// TestNativeSharedFormulas: a cell sharing another's formula reads it with its relative
// references moved, as excelize reads it; an array formula leaves the sheet to excelize.
func TestNativeSharedFormulas(t *testing.T) {
	numbers := []string{"A1:3", "A2:4.5", "A3:-1.25", "B1:10", "B2:20", "B3:30"}
	for _, tc := range []struct {
		name  string
		cells []string
		want  map[string]string // "" for a decline
	}{
		{"relative", []string{`<c r="G1"><f t="shared" ref="G1:G3" si="0">A1*2</f></c>`, `<c r="G2"><f t="shared" si="0"/></c>`, `<c r="G3"><f t="shared" si="0"/></c>`},
			map[string]string{"G1": "6", "G2": "9", "G3": "-2.5"}},
		{"absolute-parts", []string{`<c r="G1"><f t="shared" ref="G1:H3" si="3">$A$1+A1+B$1+$B1</f></c>`, `<c r="H2"><f t="shared" si="3"/></c>`, `<c r="G3"><f t="shared" si="3"/></c>`},
			map[string]string{"G1": "26", "H2": "43", "G3": "41.75"}},
		{"ranges", []string{`<c r="G1"><f t="shared" ref="G1:G2" si="1">SUM(A1:B1)</f></c>`, `<c r="G2"><f t="shared" si="1"/></c>`},
			map[string]string{"G1": "13", "G2": "24.5"}},
		{"first-definition-wins", []string{`<c r="G1"><f t="shared" ref="G1:G1" si="0">A1</f></c>`, `<c r="G2"><f t="shared" ref="G2:G3" si="0">B1</f></c>`, `<c r="G3"><f t="shared" si="0"/></c>`},
			map[string]string{"G2": "4.5", "G3": "-1.25"}},
		{"no-definition", []string{`<c r="G2"><f t="shared" si="5"/></c>`}, map[string]string{"G2": ""}},
		{"moved-off-the-sheet", []string{`<c r="G2"><f t="shared" ref="G2:G3" si="0">A1</f></c>`, `<c r="G1"><f t="shared" si="0"/></c>`},
			map[string]string{"G2": "3"}},
		{"array", []string{`<c r="G1"><f t="array" ref="G1:G1">A1*2</f></c>`, `<c r="G2"><f>A1*2</f></c>`},
			map[string]string{"G1": "", "G2": ""}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, want := bothGrids(t, formulaPackage(t, formulaSheet(append(tc.cells, numbers...)...)))
			for ref, w := range tc.want {
				text, ok := checkNative(t, got, want, ref)
				if (w == "") == ok || text != w {
					t.Errorf("%s = %q (computed %v), want %q", ref, text, ok, w)
				}
			}
		})
	}
}

// TestRepositoryFormulasComputedNatively: every formula without a cached value in the samples
// and fixtures is computed by the native evaluator, never by opening excelize (which the
// differential test of TestMain then checks cell by cell against excelize's reading).
func TestRepositoryFormulasComputedNatively(t *testing.T) {
	refused := &lazyExcel{tried: true, err: errors.New("excelize opened"), release: func() {}}
	uncached := 0
	for _, dir := range []string{"../samples", "../batch/testdata/fixtures"} {
		_ = filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
			if err != nil || d.IsDir() || !strings.EqualFold(filepath.Ext(p), ".xlsx") {
				return nil
			}
			data, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			if data, err = normalized(data); err != nil {
				return nil
			}
			book, err := openStreamBook(data)
			if err != nil {
				t.Fatalf("%s: %v", p, err)
			}
			for _, s := range book.sheets {
				g, err := streamSheetGrid(book, s, refused)
				if err != nil || g.meta == nil {
					continue
				}
				for rc := range g.formulas {
					if strings.TrimSpace(g.raw(rc[0], rc[1])) != "" {
						continue
					}
					uncached++
					if _, _, ok := g.evalNative(rc[0], rc[1]); !ok {
						t.Errorf("%s %s!%s: left to excelize", p, s.name, cellName(rc[0], rc[1]))
					}
				}
			}
			return nil
		})
	}
	if uncached == 0 {
		t.Fatal("no formula without a cached value found")
	}
	t.Logf("%d formulas without a cached value computed natively", uncached)
}
