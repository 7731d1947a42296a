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
	widths := colWidths{}
	row := summaryFirstRow
	for i, ff := range s.Failed {
		vals := []struct {
			v any
			o outStyle
		}{
			{i + 1, sCenter},
			{filepath.ToSlash(ff.File), sText},
			{ff.Code, sCenter},
			{ff.Reason, sText},
		}
		for c, v := range vals {
			if err := w.set(sh, c+1, row, v.v, v.o); err != nil {
				return err
			}
			if t, ok := v.v.(string); ok {
				widths.see(c+1, t)
			}
		}
		row++
	}
	lastData := row - 1
	if len(s.Failed) == 0 {
		if err := w.merged(sh, 1, len(failedHeader), row, "所有文件均已处理。", sText); err != nil {
			return err
		}
		row++
	}
	if s.Skipped > 0 {
		if err := w.merged(sh, 1, len(failedHeader), row, fmt.Sprintf("已跳过临时/锁定文件 %d 个", s.Skipped), sNoteL); err != nil {
			return err
		}
	}
	limits := [][2]int{{6, 8}, {16, 50}, {6, 6}, {30, 70}}
	return w.finish(sh, failedHeader, widths, limits, []int{2, 4}, lastData)
}
