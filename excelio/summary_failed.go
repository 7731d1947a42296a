package excelio

import (
	"fmt"
	"path/filepath"
)

func (w *summaryWriter) failed(title string, s *Summary) error {
	sh := sheetFailed
	note := fmt.Sprintf("共 %d 个文件未处理", len(s.Failed))
	if err := w.frame(sh, title+"（未处理文件）", note, "", failedHeader); err != nil {
		return err
	}
	rs := &rawSheet{name: sh, wrapCols: []int{2, 4}, produce: func(widths colWidths, emit func(*rawRow) error) error {
		return failedRows(s, widths, emit)
	}}
	widths := colWidths{}
	if _, _, err := w.layout(rs, widths, nil); err != nil {
		return err
	}
	lastData := summaryFirstRow + len(s.Failed) - 1
	limits := [][2]int{{6, 8}, {16, 50}, {6, 6}, {30, 70}}
	final, err := w.finishCols(sh, failedHeader, widths, limits)
	if err != nil {
		return err
	}
	rs.final = final
	w.raw = append(w.raw, rs)
	return w.finishView(sh, failedHeader, lastData)
}

// failedRows emits the rows of 未处理文件: each file, or a line saying there was none, then how
// many temporary or lock files were skipped, when there were any. A bad inbox can hold
// thousands of files this sheet lists.
func failedRows(s *Summary, widths colWidths, emit func(*rawRow) error) error {
	for i, ff := range s.Failed {
		row := &rawRow{cells: []summaryCell{
			{i + 1, sCenter},
			{filepath.ToSlash(ff.File), sText},
			{ff.Code, sCenter},
			{ff.Reason, sText},
		}}
		for c, v := range row.cells {
			if t, ok := v.v.(string); ok {
				widths.see(c+1, t)
			}
		}
		if err := emit(row); err != nil {
			return err
		}
	}
	if len(s.Failed) == 0 {
		if err := emit(&rawRow{cells: []summaryCell{{"所有文件均已处理。", sText}}, span: len(failedHeader), plain: true}); err != nil {
			return err
		}
	}
	if s.Skipped > 0 {
		note := fmt.Sprintf("已跳过临时/锁定文件 %d 个", s.Skipped)
		return emit(&rawRow{cells: []summaryCell{{note, sNoteL}}, span: len(failedHeader), plain: true})
	}
	return nil
}
