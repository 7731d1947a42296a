package excelio

import (
	"strings"

	"github.com/jxzp/jxzp/scoring"
	"github.com/shopspring/decimal"
	"github.com/xuri/excelize/v2"
)

// grid is one sheet's cells as the locator sees them: raw values, and for every cell inside a
// merged range, the range's top-left cell (labels are read through merges, values are not).
// A grid is read by the streaming reader (readStreamGrid), or by excelize for a sheet the
// streaming reader leaves to it (loadExcelizeGrid); the two differ only in where a cell's type,
// style and formula come from.
type grid struct {
	sheet string
	rows  [][]string
	// anchor holds, by 0-based row and column, the top-left of the merge covering a cell (not its
	// top-left) as row*maxScanCols+col+1; 0 where no merge covers it. Dense, rather than a map
	// entry per covered cell: a form is mostly merges.
	anchor [][]int32
	span   map[[2]int][2]int // top-left (row, col) → bottom-right (row, col)
	// formats caches the number format of each style index; date1904 is the workbook's date system.
	formats  map[int]numFormat
	date1904 bool
	keys     [][]string  // rawKey of each cell, by row, folded when a row is first asked for
	keyRoom  []string    // where the rows of keys are carved from
	firsts   []firstCell // by row, once firstOf has worked it out
	// meta holds, beside rows, the type, style and formula flag of each cell the streaming reader
	// read; nil for a grid read by excelize, whose file f answers instead.
	meta [][]cellMeta
	sheetStyles
	formulaCells
	book *streamBook
	// lazy opens the workbook in excelize for a formula without a cached value that the native
	// evaluator declines.
	lazy *lazyExcel
	f    *excelize.File
}

// addMerge records the merged range of 0-based corners (r1, c1)–(r2, c2), unless it lies beyond
// the rows and columns scanned or is too big to be a form's.
func (g *grid) addMerge(r1, c1, r2, c2 int) {
	if !mergeKept(r1, c1, r2, c2) {
		return
	}
	g.span[[2]int{r1, c1}] = [2]int{r2, c2}
	for len(g.anchor) <= r2 {
		g.anchor = append(g.anchor, nil)
	}
	top := int32(r1*maxScanCols + c1 + 1)
	for r := r1; r <= r2; r++ {
		row := g.anchor[r]
		for len(row) <= c2 {
			row = append(row, 0)
		}
		for c := c1; c <= c2; c++ {
			if r != r1 || c != c1 {
				row[c] = top
			}
		}
		g.anchor[r] = row
	}
}

// mergeKept reports whether addMerge records the merge: not beyond the rows and columns scanned,
// nor too big to be a form's.
func mergeKept(r1, c1, r2, c2 int) bool {
	return r2 < maxScanRows && c2 < maxScanCols && (r2-r1+1)*(c2-c1+1) <= 20000
}

// reserveAnchors gives anchor, in one allocation, the rows addMerge grows one merge at a time
// for the merges rects (0-based row1, col1, row2, col2), so that adding them allocates nothing.
func (g *grid) reserveAnchors(rects [][4]int) {
	if g.anchor != nil {
		return
	}
	var width []int // by row, the columns anchor needs
	total := 0
	for _, m := range rects {
		if !mergeKept(m[0], m[1], m[2], m[3]) {
			continue
		}
		for len(width) <= m[2] {
			width = append(width, 0)
		}
		for r := m[0]; r <= m[2]; r++ {
			total += max(0, m[3]+1-width[r])
			width[r] = max(width[r], m[3]+1)
		}
	}
	if len(width) == 0 {
		return
	}
	slab := make([]int32, total)
	g.anchor = make([][]int32, len(width))
	for r, w := range width {
		g.anchor[r], slab = slab[:w:w], slab[w:]
		if w == 0 {
			g.anchor[r] = nil // as addMerge leaves a row no merge reaches
		}
	}
	if len(g.span) == 0 {
		g.span = make(map[[2]int][2]int, len(rects))
	}
}

// anchorOf is the top-left of the merge covering (r, c); ok is false when none does, or (r, c)
// is the merge's top-left.
func (g *grid) anchorOf(r, c int) (tr, tc int, ok bool) {
	if r < 0 || r >= len(g.anchor) || c < 0 || c >= len(g.anchor[r]) || g.anchor[r][c] == 0 {
		return 0, 0, false
	}
	a := int(g.anchor[r][c]) - 1
	return a / maxScanCols, a % maxScanCols, true
}

func (g *grid) height() int { return len(g.rows) }

func (g *grid) width(r int) int {
	if r < 0 || r >= len(g.rows) {
		return 0
	}
	return len(g.rows[r])
}

// raw is the cell's own stored value; a cell covered by a merge (not its top-left) is empty.
func (g *grid) raw(r, c int) string {
	if r < 0 || r >= len(g.rows) || c < 0 || c >= len(g.rows[r]) {
		return ""
	}
	return g.rows[r][c]
}

// label is the text a reader sees at (r, c): through a merge, the top-left's value.
func (g *grid) label(r, c int) string {
	if tr, tc, ok := g.anchorOf(r, c); ok {
		return g.raw(tr, tc)
	}
	return g.raw(r, c)
}

// key is the label at (r, c) folded for comparison with the vocabulary.
func (g *grid) key(r, c int) string { return g.rawKey(g.top(r, c)) }

// rawKey is labelKey of the cell's own value, computed once per cell: the locator folds the same
// labels over and over as it searches.
func (g *grid) rawKey(r, c int) string {
	if r < 0 || r >= len(g.rows) || c < 0 || c >= len(g.rows[r]) {
		return labelKey("")
	}
	if g.keys == nil {
		g.keys = make([][]string, len(g.rows))
	}
	if g.keys[r] == nil {
		keys := carve(&g.keyRoom, len(g.rows[r]))
		for _, s := range g.rows[r] {
			keys = append(keys, labelKey(s))
		}
		g.keys[r] = keys
	}
	return g.keys[r][c]
}

// top returns the top-left of the merge holding (r, c), or (r, c) itself.
func (g *grid) top(r, c int) (int, int) {
	if tr, tc, ok := g.anchorOf(r, c); ok {
		return tr, tc
	}
	return r, c
}

// right returns the last column of the merge that starts at or covers (r, c).
func (g *grid) right(r, c int) int {
	tr, tc := g.top(r, c)
	if s, ok := g.span[[2]int{tr, tc}]; ok {
		return s[1]
	}
	return c
}

// bottom returns the last row of the merge that starts at or covers (r, c).
func (g *grid) bottom(r, c int) int {
	tr, tc := g.top(r, c)
	if s, ok := g.span[[2]int{tr, tc}]; ok {
		return s[0]
	}
	return r
}

func cellName(r, c int) string {
	name, _ := excelize.CoordinatesToCellName(c+1, r+1)
	return name
}

// cell reads (r, c) as a value: the number normalised as Excel shows it, a formula's cached
// value or, when a producer left none, its computed value.
func (g *grid) cell(r, c int) scoring.Cell {
	if r < 0 || c < 0 {
		return scoring.Cell{}
	}
	r, c = g.top(r, c)
	name := cellName(r, c)
	out := scoring.Cell{Ref: scoring.Ref{Sheet: g.sheet, Cell: name}, Text: g.raw(r, c)}
	computed := false
	if strings.TrimSpace(out.Text) == "" && g.mayHaveFormula(r, c) {
		switch v, res := g.computed(r, c, name); res {
		case formulaUncomputable:
			out.Unreadable = true
			return out
		case formulaFailed:
			out.Unreadable, out.Text = true, ""
			return out
		case formulaComputed:
			out.Text, computed = v, true
		}
	}
	typ := g.cellType(r, c)
	if computed && numberType(typ) {
		if shown, ok := g.shownDate(r, c, out.Text); ok {
			out.Text = shown
			return out
		}
	}
	if numberType(typ) {
		if shown, ok := shownNumber(strings.TrimSpace(out.Text)); ok {
			out.Numeric, out.Text = true, shown
		}
	}
	return out
}

// formulaResult is what became of a cell's formula when its value was computed.
type formulaResult int

const (
	formulaNone         formulaResult = iota // the cell holds no formula
	formulaUncomputable                      // its formula is beyond what may safely be computed
	formulaFailed                            // computing it failed, or gave an error value
	formulaComputed
)

// computed is the value of the formula of the cell (r, c) named name: computed from the grid
// when the native evaluator can (formula_eval.go), else as excelize computes it.
func (g *grid) computed(r, c int, name string) (string, formulaResult) {
	if v, res, ok := g.evalNative(r, c); ok {
		return v, res
	}
	f, err := g.excel()
	if err != nil {
		return "", formulaFailed
	}
	if formula, _ := f.GetCellFormula(g.sheet, name); formula == "" {
		return "", formulaNone
	}
	if !computable(f, g.sheet, name) {
		return "", formulaUncomputable
	}
	v, err := f.CalcCellValue(g.sheet, name, excelize.Options{RawCellValue: true})
	if err != nil || strings.HasPrefix(v, "#") {
		return "", formulaFailed
	}
	return v, formulaComputed
}

// rowCell reads (r, c) for table row r alone: a cell covered by a merge that starts on an
// earlier row of the table (below its header row h) holds no value of this row, only the name of
// the merge. A score merged over two indicators is read once, for the top one.
func (g *grid) rowCell(r, h, c int) scoring.Cell {
	if c < 0 {
		return scoring.Cell{}
	}
	tr, tc := g.top(r, c)
	if tr == r || tr <= h {
		return g.cell(r, c)
	}
	end := g.span[[2]int{tr, tc}]
	return scoring.Cell{
		Ref:    scoring.Ref{Sheet: g.sheet, Cell: cellName(r, c)},
		Merged: cellName(tr, tc) + ":" + cellName(end[0], end[1]),
	}
}

// excelNumber prints a stored IEEE double as Excel shows it: 15 significant digits, so that
// 9.779999999999999 reads as 9.78.
func excelNumber(d decimal.Decimal) string {
	if d.IsZero() {
		return "0"
	}
	magnitude := int32(d.NumDigits()) - 1 + d.Exponent()
	return d.Round(14 - magnitude).String()
}
