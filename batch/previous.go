package batch

// This run against an earlier one (--previous OLD/results.json): forms are matched by 项目编码
// (the code prefix of 项目名称) when both have one, else by 主管部门 + 实施单位 + 项目名称 with code
// prefixes, spaces and full/half-width differences normalised away; the summary gets a sheet
// 与上年对比 (the years differ) or 与上次对比 listing, per project, both totals and grades, the
// findings fixed, still there and new, projects new and gone, and units whose finding repeats.

import (
	"cmp"
	"encoding/json"
	"fmt"
	"os"
	"slices"
	"strings"

	"github.com/shopspring/decimal"
	"github.com/xuri/excelize/v2"

	"github.com/jxzp/jxzp/excelio"
	"github.com/jxzp/jxzp/internal/fsx"
	"github.com/jxzp/jxzp/scoring"
)

// ReadPrevious reads the results.json of an earlier run for --previous.
func ReadPrevious(path string) (*Document, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("无法读取 %s：%s", path, fsx.Reason(err))
	}
	var doc Document
	if err := json.Unmarshal(data, &doc); err != nil || doc.Tool != ToolName {
		return nil, fmt.Errorf("%s 不是 jxzp 写出的 results.json", path)
	}
	return &doc, nil
}

// side is one form of either run, reduced to what the comparison needs.
type side struct {
	dept, unit, project string
	total               *decimal.Decimal
	grade               string
	findings            []string // "code indicator", errors and warnings not accepted
	year                int
}

// nameKey normalises a name for matching as B01 does (normName): code prefix, spaces and width
// differences removed.
func nameKey(s string) string { return scoring.NormName(s) }

// codeOf is the 项目编码 written before a project name, as B01 reads it; "" when none.
func codeOf(project string) string {
	return projectCode(&scoring.Form{Project: scoring.Cell{Text: project}})
}

func (s side) key() string {
	return nameKey(s.dept) + "\x00" + nameKey(s.unit) + "\x00" + nameKey(s.project)
}

// entrySide reduces a results.json form.
func entrySide(fe FormEntry) side {
	s := side{dept: strOf(fe.Department), unit: strOf(fe.Unit), project: strOf(fe.Project), grade: strOf(fe.Grade.Recomputed)}
	if fe.Year != nil {
		s.year = *fe.Year
	}
	if fe.Total.Recomputed != nil {
		if d, err := decimal.NewFromString(*fe.Total.Recomputed); err == nil {
			s.total = &d
		}
	}
	names := map[int]string{}
	for _, in := range fe.Indicators {
		names[in.Row] = strOf(in.Name)
	}
	for _, fd := range fe.Findings {
		if fd.Accepted || (fd.Severity != scoring.Error.String() && fd.Severity != scoring.Warning.String()) {
			continue
		}
		s.findings = append(s.findings, findingLabel(fd.Code, strOf(fd.Cell), names))
	}
	return s
}

// findingLabel names a finding across years: its code, and the indicator of its row when it is
// on one (a cell moves when a row is added; the indicator's name does not).
func findingLabel(code, cell string, names map[int]string) string {
	if cell != "" {
		if _, row, err := excelize.SplitCellName(strings.ReplaceAll(cell, "$", "")); err == nil && names[row] != "" {
			return code + " " + names[row]
		}
	}
	return code
}

// formSides are a file's forms as the comparison sees them; they need the full results, whose
// indicator names label the findings on indicator rows.
func formSides(results []*scoring.Result) []side {
	sides := make([]side, 0, len(results))
	for _, r := range results {
		sides = append(sides, entrySide(formEntry(r, nil)))
	}
	return sides
}

// compareRuns builds the comparison sheet; nil when there is no earlier run.
func compareRuns(prev *Document, states []*fileState, year int) *excelio.Comparison {
	if prev == nil {
		return nil
	}
	var last, this []side
	for _, fe := range prev.Files {
		for _, f := range fe.Forms {
			last = append(last, entrySide(f))
		}
	}
	for _, s := range states {
		if s.status() != StatusOK {
			continue
		}
		if s.sides != nil {
			this = append(this, s.sides...)
			continue
		}
		this = append(this, formSides(s.results)...)
	}
	lastYear := modeYear(last)
	c := &excelio.Comparison{Sheet: excelio.SheetCompareRun}
	if lastYear != 0 && year != 0 && lastYear != year {
		c.Sheet = excelio.SheetCompareYear
	}
	c.Note = fmt.Sprintf("上次：%s%d 张表；本次：%s%d 张表", yearText(lastYear), len(last), yearText(year), len(this))
	c.Rows = matchSides(last, this)
	markRepeats(c.Rows)
	return c
}

func yearText(y int) string {
	if y == 0 {
		return ""
	}
	return fmt.Sprintf("%d年度 ", y)
}

// modeYear is the year most forms write, the later on a tie; 0 when none writes one.
func modeYear(sides []side) int {
	n := map[int]int{}
	best := 0
	for _, s := range sides {
		if s.year == 0 {
			continue
		}
		n[s.year]++
		if n[s.year] > n[best] || (n[s.year] == n[best] && s.year > best) {
			best = s.year
		}
	}
	return best
}

// matchSides pairs this run's forms with the earlier run's, by project code first, then by
// names; each earlier form is used once, in order.
func matchSides(last, this []side) []excelio.CompareRow {
	used := make([]bool, len(last))
	byCode, byName := map[string][]int{}, map[string][]int{}
	for i, s := range last {
		if c := codeOf(s.project); c != "" {
			byCode[c] = append(byCode[c], i)
		}
		byName[s.key()] = append(byName[s.key()], i)
	}
	take := func(idx []int) int {
		for _, i := range idx {
			if !used[i] {
				used[i] = true
				return i
			}
		}
		return -1
	}
	var rows []excelio.CompareRow
	for _, t := range this {
		j := -1
		if c := codeOf(t.project); c != "" {
			j = take(byCode[c])
		}
		if j < 0 {
			j = take(byName[t.key()])
		}
		if j < 0 {
			rows = append(rows, excelio.CompareRow{Department: t.dept, Unit: t.unit, Project: t.project,
				Change: excelio.CompareNew, ThisTotal: t.total, ThisGrade: t.grade, New: uniq(t.findings)})
			continue
		}
		l := last[j]
		fixed, remaining, added := diffFindings(l.findings, t.findings)
		rows = append(rows, excelio.CompareRow{Department: t.dept, Unit: t.unit, Project: t.project,
			LastTotal: l.total, ThisTotal: t.total, LastGrade: l.grade, ThisGrade: t.grade,
			Fixed: fixed, Remaining: remaining, New: added})
	}
	for i, l := range last {
		if !used[i] {
			rows = append(rows, excelio.CompareRow{Department: l.dept, Unit: l.unit, Project: l.project,
				Change: excelio.CompareGone, LastTotal: l.total, LastGrade: l.grade})
		}
	}
	slices.SortStableFunc(rows, func(a, b excelio.CompareRow) int {
		return cmp.Or(cmp.Compare(nameKey(a.Department), nameKey(b.Department)),
			cmp.Compare(nameKey(a.Unit), nameKey(b.Unit)), cmp.Compare(nameKey(a.Project), nameKey(b.Project)))
	})
	return rows
}

// diffFindings splits two lists of finding labels, as multisets: gone, in both, only in this.
func diffFindings(last, this []string) (fixed, remaining, added []string) {
	left := map[string]int{}
	for _, f := range this {
		left[f]++
	}
	for _, f := range last {
		if left[f] > 0 {
			left[f]--
			remaining = append(remaining, f)
		} else {
			fixed = append(fixed, f)
		}
	}
	for _, f := range this {
		if left[f] > 0 {
			left[f]--
			added = append(added, f)
		}
	}
	return uniq(fixed), uniq(remaining), uniq(added)
}

// uniq keeps the first of each label, with "×n" after one that occurs n > 1 times.
func uniq(labels []string) []string {
	n := map[string]int{}
	var order []string
	for _, l := range labels {
		if n[l] == 0 {
			order = append(order, l)
		}
		n[l]++
	}
	out := make([]string, 0, len(order))
	for _, l := range order {
		if n[l] > 1 {
			l = fmt.Sprintf("%s ×%d", l, n[l])
		}
		out = append(out, l)
	}
	return out
}

// markRepeats marks every row of a unit that has a finding in both runs on any of its projects.
func markRepeats(rows []excelio.CompareRow) {
	units := map[string]bool{}
	unitOf := func(r excelio.CompareRow) string { return nameKey(r.Department) + "\x00" + nameKey(r.Unit) }
	for _, r := range rows {
		if len(r.Remaining) > 0 {
			units[unitOf(r)] = true
		}
	}
	for i := range rows {
		rows[i].Repeats = units[unitOf(rows[i])]
	}
}
