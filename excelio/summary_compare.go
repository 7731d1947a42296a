package excelio

// 与上年对比 / 与上次对比 (--previous): per unit and project, the earlier run's recomputed total
// and grade beside this run's, the change, the findings fixed and those still there, projects
// new and gone, and a mark on units whose same finding repeats. The rows are matched and built by
// the batch (batch/previous.go); this file only lays them out, as the last sheet, so the other
// sheets keep their part numbers.

import (
	"fmt"
	"strings"

	"github.com/shopspring/decimal"
)

// Comparison is the 与上年对比 (or 与上次对比) sheet of the summary.
type Comparison struct {
	Sheet string // 与上年对比 when the earlier run's year differs, else 与上次对比
	Note  string // what was compared with what, for the note line
	Rows  []CompareRow
}

// CompareRow is one project of either run.
type CompareRow struct {
	Department, Unit, Project string
	// Change is 新增项目 (only this run), 未再报送 (only the earlier one), or empty.
	Change               string
	LastTotal, ThisTotal *decimal.Decimal // recomputed totals; nil when absent or unfilled
	LastGrade, ThisGrade string
	// Fixed and Remaining are the earlier run's findings gone and still there, each as code and
	// indicator ("I09 监测指令稿件数"); New are this run's findings the earlier one did not have.
	Fixed, Remaining, New []string
	// Repeats marks a row of a unit whose same finding is there in both runs.
	Repeats bool
}

// Comparison sheet names.
const (
	SheetCompareYear = "与上年对比"
	SheetCompareRun  = "与上次对比"
)

var compareHeader = []string{"序号", "主管部门", "实施单位", "项目名称", "上次复核得分", "本次复核得分", "变化",
	"上次等级", "本次等级", "已改正的问题", "仍存在的问题", "新出现的问题", "项目变化", "单位重复问题"}

var compareWidths = [][2]int{{6, 8}, {10, 18}, {10, 20}, {12, 22}, {8, 8}, {8, 8}, {8, 8}, {6, 6}, {6, 6},
	{16, 26}, {16, 26}, {16, 26}, {10, 10}, {8, 8}}

// compare writes the comparison sheet.
func (w *summaryWriter) compare(title string, c *Comparison) error {
	sh := c.Sheet
	if err := w.frame(sh, title+"（"+sh+"）", c.Note, compareCounts(c), compareHeader); err != nil {
		return err
	}
	rs, widths, lastData, err := listSheet(w, sh, []int{2, 3, 4, 10, 11, 12}, c.Rows, compareRow)
	if err != nil {
		return err
	}
	if len(c.Rows) == 0 {
		if err := w.merged(sh, 1, len(compareHeader), summaryFirstRow, "两次均无自评表。", sText); err != nil {
			return err
		}
	} else if err := w.condFill(sh, fmt.Sprintf("N%d:N%d", summaryFirstRow, lastData), map[string][2]string{
		"是": {outWarnFill, outWarnFont},
	}); err != nil {
		return err
	}
	if rs.final, err = w.finishCols(sh, compareHeader, widths, compareWidths); err != nil {
		return err
	}
	w.raw = append(w.raw, rs)
	return w.finishView(sh, compareHeader, lastData)
}

// compareRow is row n of the comparison: a project of either run.
func compareRow(n int, r CompareRow, widths colWidths) *rawRow {
	var delta *decimal.Decimal
	if r.LastTotal != nil && r.ThisTotal != nil {
		d := r.ThisTotal.Sub(*r.LastTotal)
		delta = &d
	}
	repeats := ""
	if r.Repeats {
		repeats = "是"
	}
	row := &rawRow{cells: []summaryCell{
		{n, sCenter}, {deptName(r.Department), sText}, {r.Unit, sText}, {r.Project, sText},
		{r.LastTotal, sScore}, {r.ThisTotal, sScore}, {delta, sScore},
		{r.LastGrade, sCenter}, {r.ThisGrade, sCenter},
		{strings.Join(r.Fixed, "\n"), sText}, {strings.Join(r.Remaining, "\n"), sText}, {strings.Join(r.New, "\n"), sText},
		{r.Change, sCenter}, {repeats, sCenter},
	}}
	for c, v := range row.cells {
		// A list of findings is as wide as its widest line.
		if t, ok := v.v.(string); ok {
			widths.see(c+1, t)
		}
	}
	return row
}

// compareCounts is the right half of the note line: projects matched, new and gone, and units
// with a repeated finding.
func compareCounts(c *Comparison) string {
	both, added, gone := 0, 0, 0
	units := map[string]bool{}
	for _, r := range c.Rows {
		switch r.Change {
		case CompareNew:
			added++
		case CompareGone:
			gone++
		default:
			both++
		}
		if r.Repeats {
			units[r.Department+"\x00"+r.Unit] = true
		}
	}
	return fmt.Sprintf("两次都有 %d 个项目，新增 %d 个，未再报送 %d 个；同一问题重复出现的单位 %d 个", both, added, gone, len(units))
}

// Values of CompareRow.Change.
const (
	CompareNew  = "新增项目"
	CompareGone = "未再报送"
)
