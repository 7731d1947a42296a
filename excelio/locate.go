package excelio

import (
	"slices"
	"strings"

	"github.com/jxzp/jxzp/scoring"
)

// columns maps each role found in a header row to its (first) column.
type columns struct {
	at  [roleCount]int
	set uint32 // bit r: the column of role r was found
}

func (cols columns) has(r role) bool { return cols.set&(1<<r) != 0 }

// col returns the column of r, or -1 so that reads of a missing column give an empty Cell.
func (cols columns) col(r role) int {
	if cols.has(r) {
		return cols.at[r]
	}
	return -1
}

// locateForms finds every form on the sheet. A form is anchored on its indicator header row
// (一级指标 / 二级指标 / 三级指标): that is the one part every layout family has. Everything
// else is searched for by label in the rows above (header, funds, goals) and below (total,
// grade) the anchor, within the rows that belong to this form and not to its neighbours.
// Indicator tables that are not a 自评表 (otherTable) are not forms: they are returned by kind.
func locateForms(g *grid) ([]*scoring.Form, []string) {
	headers := indicatorHeaders(g)
	var forms []*scoring.Form
	var others []string
	top := 0
	for i, h := range headers {
		limit := g.height()
		if i+1 < len(headers) {
			limit = headers[i+1]
		}
		if what := otherTable(g, top, h); what != "" {
			others = append(others, what)
			top = h + 1
			continue
		}
		f, bottom := locateForm(g, top, h, limit)
		forms = append(forms, f)
		top = bottom + 1
	}
	return forms, others
}

// indicatorHeaders returns the rows that hold an indicator table header.
func indicatorHeaders(g *grid) []int {
	var rows []int
	for r := 0; r < g.height(); r++ {
		cols := headerColumns(g, r, indicatorRole)
		if cols.has(roleLevel3) && (cols.has(roleLevel1) || cols.has(roleLevel2)) &&
			(cols.has(roleTarget) || cols.has(roleActual) || cols.has(roleScore)) {
			rows = append(rows, r)
		}
	}
	return rows
}

func headerColumns(g *grid, r int, roleOf func(string) role) columns {
	var cols columns
	for c := 0; c < g.width(r); c++ {
		if strings.TrimSpace(g.raw(r, c)) == "" {
			continue
		}
		if ro := roleOf(g.rawKey(r, c)); ro != roleNone && !cols.has(ro) {
			cols.at[ro], cols.set = c, cols.set|1<<ro
		}
	}
	return cols
}

func fundRole(key string) role { return fundColumns[key] }

// locateForm reads the form whose indicator header is row h, with its upper part searched
// from row top and its lower part ending before row limit. It returns the form's last row.
func locateForm(g *grid, top, h, limit int) (*scoring.Form, int) {
	f := &scoring.Form{Sheet: g.sheet}
	cols := headerColumns(g, h, indicatorRole)
	tableEnd := readIndicators(g, f, h, limit, cols)
	bottom := formBottom(g, tableEnd, limit)
	readLower(g, f, cols, tableEnd, bottom)

	fundsRow := -1
	for r := h - 1; r >= top; r-- {
		fc := headerColumns(g, r, fundRole)
		if fc.has(roleBudget) && fc.has(roleExecuted) {
			fundsRow = r
			f.Funds = readFunds(g, r, h, fc)
			f.Funds.Yuan = f.Funds.Yuan || yuanNote(g, top, r)
			break
		}
	}
	upperEnd := h
	if fundsRow >= 0 {
		upperEnd = fundsRow
	}
	readHeader(g, f, top, upperEnd)
	readGoals(g, f, top, h)
	first := readTitle(g, f, top, h)
	blankYear(g, f, top, h)
	f.Range = formRange(g, first, bottom)
	f.Family = family(cols)
	if f.Family == 1 && systemExport(f) {
		f.Family = 6
	}
	f.Missing = append(f.Missing, missingColumns(cols)...)
	if !f.TotalScore.Found() {
		f.Missing = append(f.Missing, "总分")
	}
	return f, bottom
}

// missingColumns names the indicator columns every layout has but this table lacks.
func missingColumns(cols columns) []string {
	var missing []string
	for _, c := range []struct {
		r    role
		name string
	}{{roleTarget, "年度指标值"}, {roleActual, "实际完成值"}, {roleScore, "得分"}} {
		if !cols.has(c.r) {
			missing = append(missing, c.name)
		}
	}
	return missing
}

func family(cols columns) int {
	switch {
	case cols.has(roleNature):
		return 3
	case !cols.has(rolePoints):
		return 4
	case cols.has(roleMethod):
		return 5
	case cols.col(rolePoints) < cols.col(roleTarget):
		return 2
	default:
		return 1
	}
}

// systemExport recognises a 预算一体化 export (layout family 6) by what only the system writes:
// codes prefixed to names, or the 2021 tree with 成本指标 at level 1.
func systemExport(f *scoring.Form) bool {
	for _, c := range []scoring.Cell{f.Project, f.Department, f.Unit} {
		if t := strings.TrimSpace(c.Text); t != "" && scoring.StripCodePrefix(t) != t {
			return true
		}
	}
	for _, ind := range f.Indicators {
		if scoring.TreeName(ind.Level1.Text) == "成本指标" {
			return true
		}
	}
	return false
}

// yuanNote finds a "金额单位：元" line above the funds block (rows [top, end)): the whole block
// is then in 元, though its own label says nothing.
func yuanNote(g *grid, top, end int) bool {
	for r := top; r < end; r++ {
		for c := 0; c < g.width(r); c++ {
			n := scoring.NormalizeLabel(g.raw(r, c))
			if strings.HasSuffix(n, "单位:元") || strings.HasSuffix(n, "单位:人民币元") {
				return true
			}
		}
	}
	return false
}

// readIndicators reads the rows under the header up to the total row (or the end of the table)
// and returns the last row of the table.
func readIndicators(g *grid, f *scoring.Form, h, limit int, cols columns) int {
	f.HasPointsColumn = cols.has(rolePoints)
	for c := 0; c < cols.col(roleLevel1) || (c < cols.col(roleLevel2) && !cols.has(roleLevel1)); c++ {
		if strings.TrimSpace(g.label(h, c)) != "" {
			f.IndicatorLabel = g.cell(h, c)
			break
		}
	}
	if !f.IndicatorLabel.Found() {
		f.IndicatorLabel = headerStart(g, h, cols)
	}
	// The rows are gathered in room, on the stack for a form's few dozen, and the form gets a
	// slice of their number: appending to the form's own grew it five or six times.
	var room [32]scoring.Indicator
	inds := room[:0]
	defer func() {
		if len(inds) > 0 {
			f.Indicators = slices.Clone(inds)
		}
	}()
	var level1, level2 scoring.Cell
	blank := 0
	last := h
	for r := h + 1; r < limit; r++ {
		if rowHasKey(g, r, totalKeys, cols.col(roleLevel3)+1) {
			f.TotalPoints = g.cell(r, cols.col(rolePoints))
			f.TotalScore = g.cell(r, cols.col(roleScore))
			return r
		}
		if rowStartsWith(g, r, footerKeys) || rowStartsWith(g, r, gradeKeys) || startsNext(g, r) {
			return last
		}
		if rowEmpty(g, r) {
			if blank++; blank >= 3 {
				return last
			}
			continue
		}
		blank = 0
		last = r
		if l1 := g.cell(r, cols.col(roleLevel1)); strings.TrimSpace(l1.Text) != "" {
			if l1.Ref != level1.Ref {
				level2 = scoring.Cell{}
			}
			level1 = l1
		}
		if l2 := g.cell(r, cols.col(roleLevel2)); strings.TrimSpace(l2.Text) != "" {
			level2 = l2
		}
		ind := scoring.Indicator{
			Row:    r + 1,
			Level1: level1,
			Level2: level2,
			Name:   g.cell(r, cols.col(roleLevel3)),
			Target: target(g, r, cols),
			Actual: g.cell(r, cols.col(roleActual)),
			Points: g.rowCell(r, h, cols.col(rolePoints)),
			Score:  g.rowCell(r, h, cols.col(roleScore)),
			Reason: g.cell(r, cols.col(roleReason)),
		}
		if scoring.IsPlaceholderRow(ind) {
			continue
		}
		inds = append(inds, ind)
	}
	return last
}

// headerStart is the first label of the indicator header (一级指标, or 二级指标 when the table
// has no 一级 column): it stands for the table when no label such as 绩效指标 heads it, so that a
// finding about the whole table (S04, I14) has a cell.
func headerStart(g *grid, h int, cols columns) scoring.Cell {
	if cols.has(roleLevel1) {
		return g.cell(h, cols.col(roleLevel1))
	}
	return g.cell(h, cols.col(roleLevel2))
}

// target joins a split target (指标性质 ≥, 指标值 95, 度量单位 %) into one value as units write
// it in one cell ("≥95%"); a 定性 nature leaves the value as written.
func target(g *grid, r int, cols columns) scoring.Cell {
	t := g.cell(r, cols.col(roleTarget))
	if !cols.has(roleNature) {
		return t
	}
	nature := strings.TrimSpace(scoring.NormalizeLabel(g.label(r, cols.col(roleNature))))
	unit := strings.TrimSpace(g.label(r, cols.col(roleUnit)))
	if scoring.IsBlank(unit) {
		unit = ""
	}
	value := strings.TrimSpace(t.Text)
	if value == "" {
		return t
	}
	if strings.ContainsAny(nature, "≥≤><=≧≦＞＜＝") || nature == ">=" || nature == "<=" {
		t.Text = nature + value + unit
	} else if _, ok := scoring.ParseNumber(value); ok {
		t.Text = value + unit
	}
	t.Numeric = false
	return t
}
