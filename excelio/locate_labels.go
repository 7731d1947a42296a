// The labelled parts of a form around its indicator table: where rows start and end, and the
// header, goals, title and grade found by their labels.

package excelio

import (
	"strings"
	"unicode/utf8"

	"github.com/jxzp/jxzp/scoring"
)

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
		if isOneOf(g.rawKey(r, c), keys) {
			return true
		}
	}
	return false
}

// firstText is the first non-empty cell of the row, normalised; "" for an empty row.
func firstText(g *grid, r int) string { return g.firstOf(r).text }

// firstOf is the row's first text and its labelKey, worked out once: the locator asks for them
// row after row, for every kind of row it looks for.
func (g *grid) firstOf(r int) firstCell {
	if r < 0 || r >= len(g.rows) {
		return firstCell{}
	}
	if g.firsts == nil {
		g.firsts = make([]firstCell, len(g.rows))
	}
	if f := g.firsts[r]; f.done {
		return f
	}
	f := firstCell{done: true}
	for c := 0; c < g.width(r); c++ {
		if raw := strings.TrimSpace(g.raw(r, c)); raw != "" {
			f.text = scoring.NormalizeLabel(raw)
			f.key = labelKey(f.text)
			break
		}
	}
	g.firsts[r] = f
	return f
}

// firstCell is what firstOf works out of a row.
type firstCell struct {
	text, key string
	done      bool
}

// rowStartsWith reports whether the first non-empty cell of the row is one of keys (or begins
// with one, as footers often carry their text: 项目负责人：张伟).
func rowStartsWith(g *grid, r int, keys []string) bool {
	f := g.firstOf(r)
	if f.text == "" {
		return false
	}
	for _, key := range keys {
		if strings.HasPrefix(f.key, key) && (len(f.key) == len(key) || f.key[len(key)] == ':') {
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
	if !strings.ContainsRune(s, titleMark) {
		return false // no character but 评 itself folds to one, and every title key has it
	}
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
			if isOneOf(g.rawKey(r, c), gradeKeys) {
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
			k := g.rawKey(r, c)
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
		if ac < 0 && isOneOf(g.rawKey(below, tc), goalActuals) {
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
					if y := yearIn(g.raw(rr, cc)); y != 0 && len([]rune(g.rawKey(rr, cc))) <= 12 {
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
