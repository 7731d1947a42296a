package excelio

import (
	"strings"
	"unicode/utf8"

	"github.com/jxzp/jxzp/scoring"
)

// columns maps each role found in a header row to its (first) column.
type columns map[role]int

func (cols columns) has(r role) bool { _, ok := cols[r]; return ok }

// col returns the column of r, or -1 so that reads of a missing column give an empty Cell.
func (cols columns) col(r role) int {
	if c, ok := cols[r]; ok {
		return c
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
	cols := columns{}
	for c := 0; c < g.width(r); c++ {
		if strings.TrimSpace(g.raw(r, c)) == "" {
			continue
		}
		if ro := roleOf(labelKey(g.raw(r, c))); ro != roleNone {
			if _, seen := cols[ro]; !seen {
				cols[ro] = c
			}
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
		f.Indicators = append(f.Indicators, ind)
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

func rowEmpty(g *grid, r int) bool {
	for c := 0; c < g.width(r); c++ {
		if strings.TrimSpace(g.raw(r, c)) != "" {
			return false
		}
	}
	return true
}

// rowHasKey reports whether a cell before column before (or anywhere when before ≤ 0) holds one
// of keys.
func rowHasKey(g *grid, r int, keys []string, before int) bool {
	for c := 0; c < g.width(r); c++ {
		if before > 0 && c >= before {
			break
		}
		if isOneOf(labelKey(g.raw(r, c)), keys) {
			return true
		}
	}
	return false
}

// firstText is the first non-empty cell of the row, normalised; "" for an empty row.
func firstText(g *grid, r int) string {
	for c := 0; c < g.width(r); c++ {
		if raw := strings.TrimSpace(g.raw(r, c)); raw != "" {
			return scoring.NormalizeLabel(raw)
		}
	}
	return ""
}

// rowStartsWith reports whether the first non-empty cell of the row is one of keys (or begins
// with one, as footers often carry their text: 项目负责人：张伟).
func rowStartsWith(g *grid, r int, keys []string) bool {
	first := firstText(g, r)
	if first == "" {
		return false
	}
	k := labelKey(first)
	for _, key := range keys {
		if k == key || strings.HasPrefix(k, key+":") {
			return true
		}
	}
	return false
}

// formBottom extends the form past its table over the grade and footer rows, stopping where
// a next form's title or header begins.
func formBottom(g *grid, tableEnd, limit int) int {
	bottom := tableEnd
	for r := tableEnd + 1; r < limit; r++ {
		if startsNext(g, r) || footnote(g, r) {
			break
		}
		if !rowEmpty(g, r) {
			bottom = r
		}
	}
	return bottom
}

// startsNext reports a row where the next form begins: its title or its 项目名称.
func startsNext(g *grid, r int) bool {
	return rowIsTitle(g, r) || rowHasKey(g, r, projectKeys, 0)
}

// footnote reports a 注：… or 说明 line under the form: printed with it, but not part of it.
func footnote(g *grid, r int) bool {
	return hasAnyPrefix(firstText(g, r), "注", "备注", "填表说明")
}

func hasAnyPrefix(s string, prefixes ...string) bool {
	for _, p := range prefixes {
		if strings.HasPrefix(s, p) {
			return true
		}
	}
	return false
}

func rowIsTitle(g *grid, r int) bool {
	for c := 0; c < g.width(r); c++ {
		if isTitle(g.raw(r, c)) {
			return true
		}
	}
	return false
}

func isTitle(s string) bool {
	k := scoring.NormalizeLabel(s)
	if len([]rune(k)) > 40 {
		return false
	}
	for _, t := range titleKeys {
		if strings.Contains(k, t) {
			return true
		}
	}
	return false
}

// readLower reads the grade below the table.
func readLower(g *grid, f *scoring.Form, cols columns, tableEnd, bottom int) {
	for r := tableEnd; r <= bottom; r++ {
		for c := 0; c < g.width(r); c++ {
			if isOneOf(labelKey(g.raw(r, c)), gradeKeys) {
				f.Grade = valueRight(g, r, c)
				return
			}
		}
	}
}

// valueRight is the value written to the right of the label at (r, c): the first non-empty
// cell after the label's merge, unless that is another label (then the value is empty and its
// cell is the one just right of the label, where the unit should have written it).
func valueRight(g *grid, r, c int) scoring.Cell {
	start := g.right(r, c) + 1
	empty := g.cell(r, start)
	empty.Text = ""
	for cc := start; cc < g.width(r) && cc < start+16; cc++ {
		text := strings.TrimSpace(g.label(r, cc))
		if text == "" {
			continue
		}
		if tr, tc := g.top(r, cc); tr != r && tc < start {
			continue
		}
		if knownLabel(labelKey(text)) {
			return empty
		}
		return g.cell(r, cc)
	}
	return empty
}

// readHeader finds 项目名称, 主管部门 and 实施单位 in rows [top, end).
func readHeader(g *grid, f *scoring.Form, top, end int) {
	found := map[string]bool{}
	for r := top; r < end; r++ {
		for c := 0; c < g.width(r); c++ {
			raw := strings.TrimSpace(g.raw(r, c))
			if raw == "" {
				continue
			}
			k := labelKey(raw)
			for _, field := range []struct {
				name string
				keys []string
				dst  *scoring.Cell
			}{{"项目名称", projectKeys, &f.Project}, {"主管部门", deptKeys, &f.Department}, {"实施单位", unitKeys, &f.Unit}} {
				if found[field.name] {
					continue
				}
				if isOneOf(k, field.keys) {
					*field.dst = valueRight(g, r, c)
					found[field.name] = true
				} else if v, ok := inlineValue(raw, field.keys); ok {
					*field.dst = g.cell(r, c)
					field.dst.Text = v
					found[field.name] = true
				}
			}
		}
	}
	for _, name := range []string{"项目名称", "主管部门", "实施单位"} {
		if !found[name] {
			f.Missing = append(f.Missing, name)
		}
	}
}

// inlineValue reads "项目名称：XXX" written in one cell; the value is kept as written.
func inlineValue(raw string, keys []string) (string, bool) {
	n := scoring.NormalizeLabel(raw)
	for _, k := range keys {
		if !strings.HasPrefix(n, k+":") {
			continue
		}
		i := strings.IndexAny(raw, ":：")
		_, size := utf8.DecodeRuneInString(raw[i:])
		rest := strings.TrimSpace(raw[i+size:])
		return rest, rest != ""
	}
	return "", false
}

// readGoals finds 年度总体目标: the 预期目标 and 实际完成情况 labels and the texts under them, or
// beside them when the labels stand one above the other; an empty text is its empty cell.
func readGoals(g *grid, f *scoring.Form, top, h int) {
	for r := top; r < h; r++ {
		tc, ac := -1, -1
		for c := 0; c < g.width(r); c++ {
			k := labelKey(g.raw(r, c))
			switch {
			case tc < 0 && isOneOf(k, goalTargets):
				tc = c
			case tc >= 0 && ac < 0 && isOneOf(k, goalActuals):
				ac = c
			}
		}
		if tc < 0 {
			continue
		}
		below := g.bottom(r, tc) + 1
		if ac < 0 && isOneOf(labelKey(g.raw(below, tc)), goalActuals) {
			// The two labels stand one above the other: each text is beside its label.
			f.GoalTarget, f.GoalActual = valueRight(g, r, tc), valueRight(g, below, tc)
			return
		}
		f.GoalTarget = g.cell(below, tc)
		if ac >= 0 {
			f.GoalActual = g.cell(g.bottom(r, ac)+1, ac)
		}
		return
	}
}

// readTitle finds the title and year nearest above the header and returns the form's first row.
func readTitle(g *grid, f *scoring.Form, top, h int) int {
	first := -1
	for r := top; r < h; r++ {
		if !rowEmpty(g, r) && first < 0 && !noteRow(g, r) {
			first = r
		}
		for c := 0; c < g.width(r); c++ {
			raw := g.raw(r, c)
			if !isTitle(raw) {
				continue
			}
			f.Title = g.cell(r, c)
			first = r
			f.Year, f.YearAt = yearIn(raw), f.Title.Ref
			for rr := r + 1; f.Year == 0 && rr < h && rr <= r+2; rr++ {
				for cc := 0; cc < g.width(rr); cc++ {
					if y := yearIn(g.raw(rr, cc)); y != 0 && len([]rune(labelKey(g.raw(rr, cc)))) <= 12 {
						f.Year, f.YearAt = y, scoring.Ref{Sheet: g.sheet, Cell: cellName(rr, cc)}
						break
					}
				}
			}
		}
	}
	if first < 0 {
		first = top
	}
	return first
}

// blankYear points YearAt, on a form that writes no year, at a year line left blank above the
// header ("（    年度）", "XXXX年度"): that is where the year belongs (S07), rather than the title.
func blankYear(g *grid, f *scoring.Form, top, h int) {
	if f.Year != 0 {
		return
	}
	for r := top; r < h; r++ {
		for c := 0; c < g.width(r); c++ {
			k := strings.Trim(scoring.NormalizeLabel(g.raw(r, c)), "()（）")
			if strings.TrimLeft(k, "Xx×*_＿") == "年度" {
				f.YearAt = scoring.Ref{Sheet: g.sheet, Cell: cellName(r, c)}
				return
			}
		}
	}
}

// noteRow is a line above the form such as 附件3, 填报单位（盖章）：… or 金额单位：万元.
func noteRow(g *grid, r int) bool {
	return hasAnyPrefix(firstText(g, r), "附件", "附表", "表", "填报单位", "金额单位", "单位:")
}

func formRange(g *grid, first, last int) string {
	minC, maxC := -1, -1
	for r := first; r <= last; r++ {
		for c := 0; c < g.width(r); c++ {
			if strings.TrimSpace(g.raw(r, c)) == "" {
				continue
			}
			if minC < 0 || c < minC {
				minC = c
			}
			if e := g.right(r, c); e > maxC {
				maxC = e
			}
		}
	}
	if minC < 0 {
		return ""
	}
	return cellName(first, minC) + ":" + cellName(last, maxC)
}
