package excelio

import (
	"github.com/shopspring/decimal"
	"github.com/xuri/excelize/v2"
)

// The native evaluator computes, from the grid the streaming reader read, the formulas producers
// leave without a cached value: numbers, references and ranges of the same sheet, + - * / ^,
// unary signs, %, parentheses and SUM, exactly, in decimal. Anything else (another sheet, a
// name, text, an error, a cycle, the bounds of formula.go) declines, and the formula is computed
// by excelize as before; so a decline never changes what a cell reads as.

// operandKind is what an operand of a formula holds.
type operandKind int

const (
	numberOperand operandKind = iota
	emptyOperand              // an empty cell, 0 in arithmetic
	refOperand                // a reference, kept as such for a function's argument
)

// operand is a value met while evaluating a formula: a number, or a reference to the 0-based
// cells (r1, c1)–(r2, c2).
type operand struct {
	kind           operandKind
	num            decimal.Decimal
	r1, c1, r2, c2 int
}

// evaluator computes one cell's formula and the formulas it depends on, within the bounds
// computable applies to excelize: maxFormulaDepth, maxFormulaCells, no cycle.
type evaluator struct {
	g      *grid
	path   [][2]int                   // the formula cells being computed, for cycles
	done   map[[2]int]decimal.Decimal // formula cells computed, by (row, col)
	cells  int                        // cells referenced so far
	failed bool
}

// evalNative is the text of the value of the formula of the cell (r, c) as the reader shows it
// (excelNumber), computed from the grid; ok is false when the evaluator declines.
func (g *grid) evalNative(r, c int) (string, bool) {
	if g.meta == nil || g.formulas == nil || !numberType(g.metaAt(r, c).typ) || g.cellFormatAt(r, c).isDate() {
		return "", false
	}
	ev := evaluator{g: g}
	v, ok := ev.formulaValue(r, c, 0)
	if !ok {
		return "", false
	}
	return excelNumber(v), true
}

// formulaValue computes the formula of (r, c), found at the given depth of references.
func (ev *evaluator) formulaValue(r, c, depth int) (decimal.Decimal, bool) {
	key := [2]int{r, c}
	if v, ok := ev.done[key]; ok {
		return v, true
	}
	for _, k := range ev.path {
		if k == key {
			return decimal.Decimal{}, false
		}
	}
	text, dr, dc, ok := ev.g.formulaAt(r, c)
	if !ok || depth > maxFormulaDepth {
		return decimal.Decimal{}, false
	}
	ev.path = append(ev.path, key)
	p := formulaParser{ev: ev, s: text, dr: dr, dc: dc, depth: depth}
	v, ok := p.formula()
	ev.path = ev.path[:len(ev.path)-1]
	if !ok || ev.failed {
		return decimal.Decimal{}, false
	}
	if depth > 0 {
		if ev.done == nil {
			ev.done = map[[2]int]decimal.Decimal{}
		}
		ev.done[key] = v
	}
	return v, true
}

// cellValue is the value of the cell (r, c), referenced by a formula at depth: a number, its
// formula's value, or empty. Text, booleans, errors and dates decline.
func (ev *evaluator) cellValue(r, c, depth int) (operand, bool) {
	g := ev.g
	m := g.metaAt(r, c)
	if m.formula {
		v, ok := ev.formulaValue(r, c, depth+1)
		return operand{num: v}, ok
	}
	if m.typ != excelize.CellTypeUnset && m.typ != excelize.CellTypeNumber {
		return operand{}, false
	}
	raw := g.raw(r, c)
	if raw == "" {
		return operand{kind: emptyOperand}, true
	}
	if g.cellFormatAt(r, c).isDate() {
		return operand{}, false // showDates replaced the serial number with the date shown
	}
	d, err := decimal.NewFromString(raw)
	if err != nil || !saneNumber(d) {
		return operand{}, false
	}
	return operand{num: d}, true
}

// reference counts the cells of a reference found at depth against the bounds, as computable
// walks them: every cell referenced sits one level deeper.
func (ev *evaluator) reference(o operand, depth int) bool {
	ev.cells += (o.r2 - o.r1 + 1) * (o.c2 - o.c1 + 1)
	return ev.cells <= maxFormulaCells && depth+1 <= maxFormulaDepth
}

// number is the operand o as a number in arithmetic: a single cell's value, 0 for an empty one;
// empty reports that it was empty.
func (ev *evaluator) number(o operand, depth int) (d decimal.Decimal, empty, ok bool) {
	switch o.kind {
	case numberOperand:
		return o.num, false, true
	case emptyOperand:
		return decimal.Zero, true, true
	}
	if o.r1 != o.r2 || o.c1 != o.c2 {
		return decimal.Decimal{}, false, false
	}
	v, ok := ev.cellValue(o.r1, o.c1, depth)
	if !ok {
		return decimal.Decimal{}, false, false
	}
	if v.kind == emptyOperand {
		return decimal.Zero, true, true
	}
	return v.num, false, true
}

// filled is the operand o as a number, declining an empty cell: excelize computes -A1, A1% and
// A1+B1 as empty, not 0, when the cells are.
func (ev *evaluator) filled(o operand, depth int) (decimal.Decimal, bool) {
	d, empty, ok := ev.number(o, depth)
	return d, ok && !empty
}

// eachNumber calls fn with every number the operand holds, as SUM reads an argument: a
// reference's empty cells are skipped.
func (ev *evaluator) eachNumber(o operand, depth int, fn func(decimal.Decimal)) bool {
	if o.kind != refOperand {
		d, ok := ev.filled(o, depth)
		if ok {
			fn(d)
		}
		return ok
	}
	for r := o.r1; r <= o.r2; r++ {
		for c := o.c1; c <= o.c2; c++ {
			v, ok := ev.cellValue(r, c, depth)
			if !ok {
				return false
			}
			if v.kind == numberOperand {
				fn(v.num)
			}
		}
	}
	return true
}
