package excelio

import (
	"strings"
	"testing"

	"github.com/jxzp/jxzp/scoring"
)

// Forms as bureaus really receive them (issue 8), built on the national form of locate_test.go,
// read back and scored under mof2020 with the batch year 2021.

// readScored reads the one form of a workbook holding l at A1 and scores it.
func readScored(t *testing.T, l *layout) *scoring.Result {
	t.Helper()
	f := readN(t, writeBook(t, sheetSpec{"Sheet1", []placed{{l, 0, 0}}}), 1)[0]
	return scoring.Evaluate(f, famProfile(t, "mof2020"), scoring.Options{Year: 2021})
}

// A 自评表 sent back with no 实际完成值 and no 得分 is S08 and nothing else: no score, no grade.
func TestReadUnfilledForm(t *testing.T) {
	tests := []struct {
		name  string
		blank any // what the unit left in the 实际完成值 and 得分 cells
		codes string
	}{
		{"cells empty", nil, "S08"},
		{"cells slashed", "/", "S08"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			l := nationalForm(defaultText)
			for r := rFirstInd; r <= rLastInd; r++ {
				l.set(r, 5, tc.blank)
				l.set(r, 7, tc.blank)
				l.set(r, 8, nil)
			}
			l.set(rTotal, 7, nil)
			l.set(rGrade, 6, nil)
			res := readScored(t, l)
			if got := findingCodes(res); got != tc.codes {
				t.Fatalf("codes [%s], want [%s]:%s", got, tc.codes, findingList(res))
			}
			if fd := res.Findings[0]; fd.Ref.Cell != "F13" || !strings.Contains(fd.Message, "自评表未填写") {
				t.Errorf("S08 on %s %q, want F13 (the first 实际完成值) saying 自评表未填写", fd.Ref.Cell, fd.Message)
			}
			if res.RecomputedTotal != nil || res.RecomputedGrade != "" || res.Status != scoring.StatusRevise {
				t.Errorf("total %v grade %q status %s: want none, none, %s", res.RecomputedTotal, res.RecomputedGrade, res.Status, scoring.StatusRevise)
			}
		})
	}
}

// Template rows a project has no indicator for (三级指标 and 指标值 both 不适用, /, — or 无, no
// 分值) are placeholders: they are not read as indicators, so they get no I01 and, alike as they
// are, no I15.
func TestReadPlaceholderRows(t *testing.T) {
	clean := findingCodes(readScored(t, nationalForm(defaultText)))
	for _, mark := range [][2]string{{"不适用", "不适用"}, {"/", "/"}, {"—", "—"}, {"-", "-"}, {"无", "无"}, {"不适用", "/"}} {
		t.Run(mark[0]+mark[1], func(t *testing.T) {
			l := nationalForm(defaultText)
			l.insertRows(rLastInd, 2) // two rows under 效益指标, before 满意度指标
			l.set(rLastInd, 2, "经济效益指标", mark[0], mark[1])
			l.set(rLastInd+1, 2, "生态效益指标", mark[0], mark[1])
			res := readScored(t, l)
			var names []string
			for _, ind := range res.Form.Indicators {
				names = append(names, ind.Name.Text)
			}
			if len(names) != 6 {
				t.Errorf("indicators %v: the placeholder rows were read as indicators", names)
			}
			if got := findingCodes(res); got != clean {
				t.Errorf("codes [%s], want the clean form's [%s]:%s", got, clean, findingList(res))
			}
		})
	}
}

// Every finding names the cell that must change; for a missing part, the cell where it belongs:
// the empty text beside its label, the year line, the title when the year has no line of its own,
// the indicator header when no label heads the table.
func TestReadFindingCells(t *testing.T) {
	tests := []struct {
		name       string
		mut        func(l *layout)
		code, cell string
	}{
		{"year line left blank", func(l *layout) { l.set(rYear, 0, "（    年度）") }, "S07", "A2"},
		{"year line XXXX年度", func(l *layout) { l.set(rYear, 0, "XXXX年度") }, "S07", "A2"},
		{"no year line: the title", func(l *layout) {
			l.set(rYear, 0, nil)
			l.merges = removeMerge(l.merges, [4]int{rYear, 0, rYear, 8})
		}, "S07", "A1"},
		{"goal labels one above the other, actual empty", func(l *layout) {
			for r := rGoals; r <= rGoals+1; r++ {
				l.merges = removeMerge(removeMerge(l.merges, [4]int{r, 1, r, 4}), [4]int{r, 5, r, 8})
				l.merge(r, 2, r, 8)
			}
			l.set(rGoals, 1, "预期目标", "全年监测舆情，按时报送舆情报告。", nil, nil, nil, nil, nil, nil)
			l.set(rGoals+1, 1, "实际完成情况", nil, nil, nil, nil, nil, nil, nil)
		}, "S06", "C11"},
		{"no label beside the indicator header", func(l *layout) {
			l.set(rIndHdr, 0, nil)
			l.merges = removeMerge(l.merges, [4]int{rIndHdr, 0, rLastInd, 0})
			l.set(rFirstInd+3, 2, "质量指标") // 产出 without 时效: I14, on the table
		}, "I14", "B12"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			l := nationalForm(defaultText)
			tc.mut(l)
			res := readScored(t, l)
			var on []string
			for _, fd := range res.Findings {
				if fd.Ref.Cell == "" {
					t.Errorf("%s names no cell: %s", fd.Code, fd.Message)
				}
				if fd.Code == tc.code {
					on = append(on, fd.Ref.Cell)
				}
			}
			if strings.Join(on, " ") != tc.cell {
				t.Errorf("%s on [%s], want once on %s:%s", tc.code, strings.Join(on, " "), tc.cell, findingList(res))
			}
		})
	}
}
