package excelio

import (
	"encoding/xml"
	"strconv"
)

// formulaCells keeps the formula text of a sheet the streaming reader read, for the native
// evaluator (formula_eval.go): a formula without a cached value is computed from the grid
// instead of opening the whole package in excelize.
type formulaCells struct {
	formulas map[[2]int]cellFormula // 0-based (row, col) → the cell's <f>
	masters  map[int]sharedMaster   // si → the first cell that defines that shared formula
	// unusual is set by a formula the native evaluator does not read as excelize does (an array
	// or data-table formula, which excelize spreads over other cells, or a malformed <f>): the
	// sheet's formulas are then left to excelize.
	unusual bool
}

// cellFormula is one cell's <f> element: its text, or for a cell that shares a formula, the
// shared formula's index.
type cellFormula struct {
	text    string
	si      int
	shared  bool
	defines bool // a shared formula's cell with a ref, which excelize takes the text from
	read    bool // set by readFormula: a second <f> in one cell is unusual
}

// sharedMaster is the cell (0-based) holding the text of a shared formula, which the cells
// sharing it read shifted by their distance from it, as excelize's getSharedFormula does.
type sharedMaster struct {
	r, c int
	text string
}

// readFormula reads the <f> element just started into sr.formula; the cell reader keeps it once
// it knows the cell's position (keepFormula).
func (sr *sheetReader) readFormula(e xml.StartElement) error {
	text, nested, err := elementText(sr.w)
	if err != nil {
		return err
	}
	f := cellFormula{text: text, read: true}
	if sr.formula.read {
		nested = true
	}
	kind, _ := rawAttr(e, "t")
	switch kind {
	case "", "normal":
	case "shared":
		si, ok := rawAttr(e, "si")
		n, err := strconv.Atoi(si)
		if !ok || err != nil || n < 0 {
			nested = true
			break
		}
		ref, _ := rawAttr(e, "ref")
		f.si, f.shared, f.defines = n, true, ref != ""
	default:
		nested = true
	}
	if nested {
		sr.g.unusual = true
	}
	sr.formula = f
	return nil
}

// keepFormula keeps the formula just read for the cell at the 0-based (r, c), if the cell lies
// within the rows and columns scanned; a cell beyond them is never evaluated.
func (sr *sheetReader) keepFormula(r, c int) {
	g, f := sr.g, sr.formula
	sr.formula = cellFormula{}
	if g.unusual {
		return
	}
	// The first cell defining a shared formula defines it, wherever it lies.
	if f.defines {
		if g.masters == nil {
			g.masters = map[int]sharedMaster{}
		}
		if _, ok := g.masters[f.si]; !ok {
			g.masters[f.si] = sharedMaster{r: r, c: c, text: f.text}
		}
	}
	if r >= maxScanRows || c >= maxScanCols {
		return
	}
	if g.formulas == nil {
		g.formulas = map[[2]int]cellFormula{}
	}
	g.formulas[[2]int{r, c}] = f
}

// formulaAt is the text of the formula of the cell (r, c) and the shift (rows, columns) its
// relative references take; ok is false when the cell has none the native evaluator can read.
func (g *grid) formulaAt(r, c int) (text string, dr, dc int, ok bool) {
	f, ok := g.formulas[[2]int{r, c}]
	if !ok || g.unusual {
		return "", 0, 0, false
	}
	if !f.shared {
		return f.text, 0, 0, f.text != ""
	}
	m, ok := g.masters[f.si]
	if !ok || m.text == "" {
		return "", 0, 0, false
	}
	return m.text, r - m.r, c - m.c, true
}
