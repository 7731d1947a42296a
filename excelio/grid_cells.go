package excelio

import (
	"github.com/xuri/excelize/v2"
)

// cellMeta is what the streaming reader keeps of a cell besides its value.
type cellMeta struct {
	style   int32
	typ     excelize.CellType
	formula bool // the cell has a formula element
}

// sheetStyles are the styles a worksheet gives whole rows and columns: a cell without a style of
// its own takes its row's, else its column's, as excelize's GetCellStyle resolves it.
type sheetStyles struct {
	rowStyle map[int]int // 0-based row → style index
	cols     []colStyle
}

// colStyle is the style of the 1-based columns min to max.
type colStyle struct{ min, max, style int }

// metaAt is the cell (r, c) as the streaming reader read it; a cell not in the sheet is zero.
func (g *grid) metaAt(r, c int) cellMeta {
	if r < 0 || r >= len(g.meta) || c < 0 || c >= len(g.meta[r]) {
		return cellMeta{}
	}
	return g.meta[r][c]
}

// mayHaveFormula reports whether (r, c) may hold a formula, which only excelize computes.
func (g *grid) mayHaveFormula(r, c int) bool {
	if g.meta == nil {
		return true
	}
	return g.metaAt(r, c).formula
}

// cellType is the type of the cell (r, c), read through a merge as excelize reads it: a cell a
// merge covers has the type of the merge's top-left cell.
func (g *grid) cellType(r, c int) excelize.CellType {
	if g.meta == nil {
		typ, _ := g.f.GetCellType(g.sheet, cellName(r, c))
		return typ
	}
	tr, tc := g.top(r, c)
	return g.metaAt(tr, tc).typ
}

// styleAt is the style index of the cell (r, c): its own, else its row's, else its column's.
func (g *grid) styleAt(r, c int) int {
	if g.meta == nil {
		idx, err := g.f.GetCellStyle(g.sheet, cellName(r, c))
		if err != nil {
			return 0
		}
		return idx
	}
	if s := g.metaAt(r, c).style; s != 0 {
		return int(s)
	}
	if s := g.rowStyle[r]; s != 0 {
		return s
	}
	for _, col := range g.cols {
		if col.min <= c+1 && c+1 <= col.max && col.style != 0 {
			return col.style
		}
	}
	return 0
}

// formatCode is the number format code of style index idx, "" for General.
func (g *grid) formatCode(idx int) string {
	if g.meta == nil {
		st, err := g.f.GetStyle(idx)
		if err != nil || st == nil {
			return ""
		}
		code := builtinFormats[st.NumFmt]
		if st.CustomNumFmt != nil {
			code = *st.CustomNumFmt
		}
		return code
	}
	return g.book.styles.formatCode(idx)
}

// excel is the workbook opened in excelize, for computing a formula: the grid's own file, or the
// one opened on first use for a grid read by the streaming reader.
func (g *grid) excel() (*excelize.File, error) {
	if g.f != nil {
		return g.f, nil
	}
	if g.lazy == nil {
		return nil, errIrregular
	}
	return g.lazy.open()
}
