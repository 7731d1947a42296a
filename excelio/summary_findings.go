package excelio

import (
	"fmt"
	"path"
	"path/filepath"
	"slices"
	"strings"

	"github.com/jxzp/jxzp/scoring"
)

// findings writes 问题清单: every finding, by department, unit and form as 汇总表 lists them,
// then by cell, each row naming its department, unit and project so a printed page stands alone.
func (w *summaryWriter) findings(title string, s *Summary) error {
	sh := sheetFindings
	if err := w.frame(sh, title+"（问题清单）", findingsNote(w.facts(s)), "", findingsHeader); err != nil {
		return err
	}
	_, nw := w.groups(s)
	rs, widths, rows, err := w.findingsLayout(s)
	if err != nil {
		return err
	}
	lastData := summaryFirstRow + rows - 1
	if lastData >= summaryFirstRow {
		if err := w.condFill(sh, fmt.Sprintf("I%d:I%d", summaryFirstRow, lastData), map[string][2]string{
			scoring.Error.String():   {outErrorFill, outErrorFont},
			scoring.Warning.String(): {outWarnFill, outWarnFont},
		}); err != nil {
			return err
		}
	} else if err := w.merged(sh, 1, len(findingsHeader), summaryFirstRow, "未发现问题。", sText); err != nil {
		return err
	}
	limits := [][2]int{{6, 8}, {nw[0], nw[0]}, {nw[1], nw[1]}, {nw[2], nw[2]}, {12, findingsFileWidth}, {8, 14},
		{8, 8}, {6, 6}, {10, 10}, {30, 50}}
	if rs.final, err = w.finishCols(sh, findingsHeader, widths, limits); err != nil {
		return err
	}
	w.raw = append(w.raw, rs)
	return w.finishView(sh, findingsHeader, lastData)
}

// findingsSheet is 问题清单's streamed sheet.
func findingsSheet(groups []deptGroup, nw [3]int) *rawSheet {
	return &rawSheet{name: sheetFindings, wrapCols: []int{2, 3, 4, 6, 10}, produce: func(widths colWidths, emit func(*rawRow) error) error {
		return findingsRows(groups, nw, widths, emit)
	}}
}

// findingsRows emits the rows of 问题清单: every finding, by department, unit and form as 汇总表
// lists them, then by cell.
func findingsRows(groups []deptGroup, nw [3]int, widths colWidths, emit func(*rawRow) error) error {
	n := 0
	row := &rawRow{} // emit keeps nothing of a row: one is refilled for every finding
	var broken lastBreaks
	for _, g := range groups {
		for _, i := range g.forms {
			sf, r := g.form(i)
			if r == nil || len(r.Findings) == 0 {
				continue
			}
			fm := formOf(r)
			// A form's names are the same on each of its rows: broken and measured once.
			names := [3]string{broken.breakName(0, deptName(fm.Department.Text), nw[0]), broken.breakName(1, fm.Unit.Text, nw[1]),
				broken.breakName(2, fm.Project.Text, nw[2])}
			for i, name := range names {
				widths.see(2+i, name)
			}
			file := fileText(*sf, path.Base(filepath.ToSlash(sf.File)), findingsFileWidth)
			for _, fd := range findingsByPos(r.Findings, fm.Sheet) {
				n++
				if err := emit(findingRow(row, n, *sf, names, file, fd, widths)); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

// findingsNote is the note line of 问题清单: the findings of all forms counted by severity, the
// ones a reviewer accepted counted apart (and only mentioned when there are some).
func findingsNote(f *summaryFacts) string {
	count, accepted := f.severities, f.accepted
	note := fmt.Sprintf("共 %d 条：错误 %d 条，警告 %d 条，提示 %d 条",
		count[scoring.Error]+count[scoring.Warning]+count[scoring.Info]+accepted,
		count[scoring.Error], count[scoring.Warning], count[scoring.Info])
	if accepted > 0 {
		note += fmt.Sprintf("，%s %d 条", scoring.AcceptedLabel, accepted)
	}
	return note
}

// findingsByPos is a copy of one form's findings in cell order, then by code: the form's own
// sheet first, other sheets by name, as the summary has no workbook order.
func findingsByPos(fs []scoring.Finding, formSheet string) []scoring.Finding {
	fs = slices.Clone(fs)
	scoring.SortFindings(fs, scoring.FindingOrder{FormSheet: formSheet, WholeFormFirst: true})
	return fs
}

// findingRow fills row with finding n of 问题清单, found on form sf, whose names and file are
// given as they show, and returns it.
func findingRow(row *rawRow, n int, sf SummaryForm, names [3]string, file string, fd scoring.Finding, widths colWidths) *rawRow {
	*row = rawRow{cells: append(row.cells[:0],
		summaryCell{n, sCenter},
		summaryCell{names[0], sText},
		summaryCell{names[1], sText},
		summaryCell{names[2], sText},
		summaryCell{nil, sText}, // 文件, below
		summaryCell{fd.Ref.Sheet, sText},
		summaryCell{strings.ReplaceAll(strings.ToUpper(fd.Ref.Cell), "$", ""), sCenter},
		summaryCell{fd.Code, sCenter},
		summaryCell{fd.Label(), sCenter},
		summaryCell{fd.Text(), sText},
	)}
	for c := 5; c < len(row.cells); c++ {
		if t, ok := row.cells[c].v.(string); ok {
			widths.see(c+1, t)
		}
	}
	row.fileCellText(5, sf, file, widths)
	return row
}
