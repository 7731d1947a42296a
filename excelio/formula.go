package excelio

import (
	"regexp"
	"strings"

	"github.com/xuri/excelize/v2"
)

// Bounds on computing a formula that a producer left without a cached value. excelize follows
// references recursively without a depth limit or cycle check, and expands whole-column ranges:
// a crafted chain overflows the stack (which no recover catches) and A:XFD eats gigabytes. A
// form's formulas are sums over a table; these bounds are far above that.
const (
	maxFormulaDepth = 40
	maxFormulaCells = 20000
)

var (
	// cellRefPattern matches A1, $A$1, A1:B9, Sheet2!A1 and 'Sheet 2'!A1:B9.
	cellRefPattern = regexp.MustCompile(`(?:('(?:[^']|'')+'|[^\s'!"(),;:+\-*/^&=<>{}]+)!)?\$?([A-Za-z]{1,3})\$?(\d+)(?::\$?([A-Za-z]{1,3})\$?(\d+))?`)
	// wholeLinePattern matches the whole-column and whole-row ranges A:A and 1:1.
	wholeLinePattern = regexp.MustCompile(`(?:^|[^A-Za-z0-9_$])\$?(?:[A-Za-z]{1,3}:\$?[A-Za-z]{1,3}|\d+:\$?\d+)(?:$|[^A-Za-z0-9_(])`)
	stringLiteral    = regexp.MustCompile(`"(?:[^"]|"")*"`)
)

// formulaWalk checks that the formulas a cell depends on stay within bounds and never loop.
type formulaWalk struct {
	f      *excelize.File
	onPath map[string]bool
	done   map[string]bool
	cells  int
}

// computable reports whether excelize may safely compute the formula at (sheet, cell).
func computable(f *excelize.File, sheet, cell string) bool {
	w := &formulaWalk{f: f, onPath: map[string]bool{}, done: map[string]bool{}}
	return w.visit(sheet, cell, 0)
}

func (w *formulaWalk) visit(sheet, cell string, depth int) bool {
	key := sheet + "!" + strings.ToUpper(cell)
	if w.done[key] {
		return true
	}
	if w.onPath[key] || depth > maxFormulaDepth {
		return false
	}
	formula, err := w.f.GetCellFormula(sheet, cell)
	if err != nil {
		return false
	}
	if formula == "" {
		w.done[key] = true
		return true
	}
	w.onPath[key] = true
	defer delete(w.onPath, key)
	text := stringLiteral.ReplaceAllString(formula, `""`)
	if wholeLinePattern.MatchString(text) {
		return false
	}
	for _, m := range cellRefPattern.FindAllStringSubmatchIndex(text, -1) {
		if m[1] < len(text) && text[m[1]] == '(' {
			continue // a function name such as LOG10(
		}
		if !w.visitRange(sheet, text, m, depth) {
			return false
		}
	}
	w.done[key] = true
	return true
}

// visitRange follows one reference (a cell or a range) found in a formula.
func (w *formulaWalk) visitRange(sheet, text string, m []int, depth int) bool {
	group := func(i int) string {
		if m[2*i] < 0 {
			return ""
		}
		return text[m[2*i]:m[2*i+1]]
	}
	if s := group(1); s != "" {
		sheet = strings.ReplaceAll(strings.Trim(s, "'"), "''", "'")
	}
	c1, r1, err := excelize.CellNameToCoordinates(group(2) + group(3))
	if err != nil {
		return true // not a reference after all (a name such as ABC1234567)
	}
	c2, r2 := c1, r1
	if group(4) != "" {
		if c2, r2, err = excelize.CellNameToCoordinates(group(4) + group(5)); err != nil {
			return false
		}
	}
	c1, c2 = min(c1, c2), max(c1, c2)
	r1, r2 = min(r1, r2), max(r1, r2)
	if w.cells += (c2 - c1 + 1) * (r2 - r1 + 1); w.cells > maxFormulaCells {
		return false
	}
	for r := r1; r <= r2; r++ {
		for c := c1; c <= c2; c++ {
			name, _ := excelize.CoordinatesToCellName(c, r)
			if !w.visit(sheet, name, depth+1) {
				return false
			}
		}
	}
	return true
}
