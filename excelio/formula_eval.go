package excelio

import (
	"github.com/shopspring/decimal"
	"github.com/xuri/excelize/v2"
)

// The native evaluator computes, from the grid the streaming reader read, the formulas producers
// leave without a cached value: numbers, references and ranges of the same sheet, + - * / ^,
// unary minus, %, parentheses and SUM, exactly, in decimal, with #DIV/0! for a division by zero.
// Anything else (another sheet, a name, text, an error value, a cycle, the bounds of formula.go)
// declines, and the formula is computed by excelize as before; so a decline never changes what a
// cell reads as.

// operandKind is what an operand of a formula holds.
type operandKind int

const (
	numberOperand operandKind = iota
	emptyOperand              // an empty cell, 0 in arithmetic
	refOperand                // a reference, kept as such for a function's argument
	errorOperand              // #DIV/0!, the one error the evaluator computes
)

// operand is a value met while evaluating a formula: a number, or a reference to the 0-based
// cells (r1, c1)–(r2, c2).
type operand struct {
	kind           operandKind
	num            decimal.Decimal
	r1, c1, r2, c2 int
}

// divByZero is the error of a division by zero or by an empty cell.
var divByZero = operand{kind: errorOperand}

// evaluator computes one cell's formula and the formulas it depends on, within the bounds
// computable applies to excelize: maxFormulaDepth, maxFormulaCells, no cycle.
type evaluator struct {
	g     *grid
	path  [][2]int           // the formula cells being computed, for cycles
	done  map[[2]int]operand // formula cells computed, by (row, col)
	cells int                // cells referenced so far
}

// evalNative is the value of the formula of the cell (r, c) computed from the grid: its text as
// the reader shows it (excelNumber), or formulaFailed for a division by zero, as excelize's
// #DIV/0! reads; ok is false when the evaluator declines.
func (g *grid) evalNative(r, c int) (string, formulaResult, bool) {
	if g.meta == nil || g.formulas == nil || !numberType(g.metaAt(r, c).typ) || g.cellFormatAt(r, c).isDate() {
		return "", formulaNone, false
	}
	ev := evaluator{g: g}
	v, ok := ev.formulaValue(r, c, 0)
	switch {
	case !ok:
		return "", formulaNone, false
	case v.kind == errorOperand:
		return "", formulaFailed, true
	}
	return excelNumber(v.num), formulaComputed, true
}

// formulaValue computes the formula of (r, c), found at the given depth of references: a number
// or an error.
func (ev *evaluator) formulaValue(r, c, depth int) (operand, bool) {
	key := [2]int{r, c}
	if v, ok := ev.done[key]; ok {
		return v, true
	}
	for _, k := range ev.path {
		if k == key {
			return operand{}, false
		}
	}
	text, dr, dc, ok := ev.g.formulaAt(r, c)
	if !ok || depth > maxFormulaDepth {
		return operand{}, false
	}
	ev.path = append(ev.path, key)
	p := formulaParser{ev: ev, s: text, dr: dr, dc: dc, depth: depth}
	v, ok := p.formula()
	ev.path = ev.path[:len(ev.path)-1]
	if !ok {
		return operand{}, false
	}
	if depth > 0 {
		if ev.done == nil {
			ev.done = map[[2]int]operand{}
		}
		ev.done[key] = v
	}
	return v, true
}

// cellValue is the value of the cell (r, c), referenced by a formula at depth: a number, empty,
// or its formula's value (which may be an error). Text, booleans, error values and dates decline.
func (ev *evaluator) cellValue(r, c, depth int) (operand, bool) {
	g := ev.g
	m := g.metaAt(r, c)
	if m.formula {
		return ev.formulaValue(r, c, depth+1)
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

// value is the operand o as a value: a single cell's value for a reference (a range declines).
func (ev *evaluator) value(o operand, depth int) (operand, bool) {
	if o.kind != refOperand {
		return o, true
	}
	if o.r1 != o.r2 || o.c1 != o.c2 {
		return operand{}, false
	}
	return ev.cellValue(o.r1, o.c1, depth)
}

// filled is the operand o as a number or an error, declining an empty cell: excelize computes
// -A1 and A1% as empty, not 0, when A1 is.
func (ev *evaluator) filled(o operand, depth int) (operand, bool) {
	v, ok := ev.value(o, depth)
	return v, ok && v.kind != emptyOperand
}

// eachNumber calls fn with every number the operand holds, as SUM reads an argument: a
// reference's empty cells are skipped. An error in a reference declines (excelize's SUM skips
// it where Excel's gives the error); an error given directly is returned, SUM's result.
func (ev *evaluator) eachNumber(o operand, depth int, fn func(decimal.Decimal)) (errored, ok bool) {
	if o.kind != refOperand {
		v, ok := ev.filled(o, depth)
		if ok && v.kind == numberOperand {
			fn(v.num)
		}
		return v.kind == errorOperand, ok
	}
	for r := o.r1; r <= o.r2; r++ {
		for c := o.c1; c <= o.c2; c++ {
			v, ok := ev.cellValue(r, c, depth)
			if !ok || v.kind == errorOperand {
				return false, false
			}
			if v.kind == numberOperand {
				fn(v.num)
			}
		}
	}
	return false, true
}
