package excelio

import (
	"strings"

	"github.com/jxzp/jxzp/scoring"
	"github.com/shopspring/decimal"
	"github.com/xuri/excelize/v2"
)

// grid is one sheet's cells as the locator sees them: raw values, and for every cell inside a
// merged range, the range's top-left cell (labels are read through merges, values are not).
type grid struct {
	f      *excelize.File
	sheet  string
	rows   [][]string
	anchor map[[2]int][2]int // (row, col) inside a merge → its top-left (row, col), 0-based
	span   map[[2]int][2]int // top-left (row, col) → bottom-right (row, col)
	// formats caches the number format of each style index; date1904 is the workbook's date system.
	formats  map[int]numFormat
	date1904 bool
}

func loadGrid(f *excelize.File, sheet string) (*grid, error) {
	rows, err := f.GetRows(sheet, excelize.Options{RawCellValue: true})
	if err != nil {
		return nil, err
	}
	if len(rows) > maxScanRows {
		rows = rows[:maxScanRows]
	}
	for i, r := range rows {
		if len(r) > maxScanCols {
			rows[i] = r[:maxScanCols]
		}
	}
	g := &grid{f: f, sheet: sheet, rows: rows, anchor: map[[2]int][2]int{}, span: map[[2]int][2]int{},
		formats: map[int]numFormat{}, date1904: date1904(f)}
	g.showDates()
	merges, err := f.GetMergeCells(sheet, true)
	if err != nil {
		return nil, err
	}
	for _, m := range merges {
		c1, r1, err1 := excelize.CellNameToCoordinates(m.GetStartAxis())
		c2, r2, err2 := excelize.CellNameToCoordinates(m.GetEndAxis())
		if err1 != nil || err2 != nil || r2 > maxScanRows || c2 > maxScanCols || (r2-r1+1)*(c2-c1+1) > 20000 {
			continue
		}
		top := [2]int{r1 - 1, c1 - 1}
		g.span[top] = [2]int{r2 - 1, c2 - 1}
		for r := r1 - 1; r < r2; r++ {
			for c := c1 - 1; c < c2; c++ {
				if r != r1-1 || c != c1-1 {
					g.anchor[[2]int{r, c}] = top
				}
			}
		}
	}
	return g, nil
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
	if a, ok := g.anchor[[2]int{r, c}]; ok {
		return g.raw(a[0], a[1])
	}
	return g.raw(r, c)
}

// key is the label at (r, c) folded for comparison with the vocabulary.
func (g *grid) key(r, c int) string { return labelKey(g.label(r, c)) }

// top returns the top-left of the merge holding (r, c), or (r, c) itself.
func (g *grid) top(r, c int) (int, int) {
	if a, ok := g.anchor[[2]int{r, c}]; ok {
		return a[0], a[1]
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
	if strings.TrimSpace(out.Text) == "" {
		if formula, _ := g.f.GetCellFormula(g.sheet, name); formula != "" {
			if !computable(g.f, g.sheet, name) {
				out.Unreadable = true
				return out
			}
			v, err := g.f.CalcCellValue(g.sheet, name, excelize.Options{RawCellValue: true})
			if err != nil || strings.HasPrefix(v, "#") {
				out.Unreadable = true
				out.Text = ""
				return out
			}
			out.Text, computed = v, true
		}
	}
	typ, _ := g.f.GetCellType(g.sheet, name)
	if computed && numberType(typ) {
		if shown, ok := g.shownDate(name, out.Text); ok {
			out.Text = shown
			return out
		}
	}
	if numberType(typ) {
		if d, err := decimal.NewFromString(strings.TrimSpace(out.Text)); err == nil {
			out.Numeric = true
			out.Text = excelNumber(d)
		}
	}
	return out
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
