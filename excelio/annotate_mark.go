package excelio

import (
	"fmt"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/jxzp/jxzp/scoring"
)

// markedCell gathers the findings of one cell of the unit's workbook.
type markedCell struct {
	sheet    string
	cell     string // normalised: no $, upper case
	pos      findingPos
	findings []scoring.Finding
}

// markFindings fills and comments every cell named by a finding. A cell named by several
// findings, of one form or of several, gets one fill (the worst severity) and one comment.
// It returns the cells it marked, by sheet.
func markFindings(f *excelize.File, results []*scoring.Result, order map[string]int) (map[string]map[string]bool, error) {
	cells, err := collectMarkedCells(func(sheet string) ([]mergeRect, error) {
		return excelizeMerges(f, sheet)
	}, results, order)
	if err != nil {
		return nil, err
	}
	marked := map[string]map[string]bool{}
	for _, mc := range cells {
		if marked[mc.sheet] == nil {
			marked[mc.sheet] = map[string]bool{}
		}
		marked[mc.sheet][mc.cell] = true
	}
	comments := map[string]map[string]excelize.Comment{}
	restyled := map[[2]int]int{} // (old style, severity) → new style
	for _, mc := range cells {
		scoring.SortFindings(mc.findings, scoring.FindingOrder{SameCell: true, ErrorsFirst: true, ByMessage: true})
		if err := fillCell(f, mc, restyled); err != nil {
			return nil, fmt.Errorf("标注 %s!%s：%w", mc.sheet, mc.cell, err)
		}
		if _, ok := comments[mc.sheet]; !ok {
			m, err := sheetComments(f, mc.sheet)
			if err != nil {
				return nil, fmt.Errorf("读取 %s 的批注：%w", mc.sheet, err)
			}
			comments[mc.sheet] = m
		}
		if err := commentCell(f, mc, comments[mc.sheet]); err != nil {
			return nil, fmt.Errorf("批注 %s!%s：%w", mc.sheet, mc.cell, err)
		}
	}
	return marked, nil
}

// sheetComments maps the comments already on sheet by normalised cell name, so a finding's cell
// finds the one it replaces however the file spelt the reference.
func sheetComments(f *excelize.File, sheet string) (map[string]excelize.Comment, error) {
	list, err := f.GetComments(sheet)
	if err != nil {
		return nil, err
	}
	m := map[string]excelize.Comment{}
	for _, c := range list {
		if col, row, err := excelize.CellNameToCoordinates(c.Cell); err == nil {
			m[cellRef(col, row)] = c
		}
	}
	return m, nil
}

// mergeRect is a merged range by its corner coordinates.
type mergeRect struct{ c1, r1, c2, r2 int }

// mergeRects parses merged ranges ("A1:B2"); one that does not parse is left out.
func mergeRects(refs []string) []mergeRect {
	var out []mergeRect
	for _, ref := range refs {
		a, b, ok := strings.Cut(ref, ":")
		if !ok {
			continue
		}
		c1, r1, err1 := excelize.CellNameToCoordinates(a)
		c2, r2, err2 := excelize.CellNameToCoordinates(b)
		if err1 == nil && err2 == nil {
			out = append(out, mergeRect{c1, r1, c2, r2})
		}
	}
	return out
}

// excelizeMerges are the merged ranges of sheet in f.
func excelizeMerges(f *excelize.File, sheet string) ([]mergeRect, error) {
	list, err := f.GetMergeCells(sheet, true)
	if err != nil {
		return nil, err
	}
	refs := make([]string, 0, len(list))
	for _, m := range list {
		refs = append(refs, m.GetStartAxis()+":"+m.GetEndAxis())
	}
	return mergeRects(refs), nil
}

func mergeTopLeft(merges []mergeRect, col, row int) (int, int) {
	for _, m := range merges {
		if m.c1 <= col && col <= m.c2 && m.r1 <= row && row <= m.r2 {
			return m.c1, m.r1
		}
	}
	return col, row
}

// fill is the colour the cell gets for its worst finding; none for 提示, which is a comment only.
func (mc *markedCell) fill() (string, bool) {
	switch mc.findings[0].Shown() {
	case scoring.Error:
		return outErrorFill, true
	case scoring.Warning:
		return outWarnFill, true
	}
	return "", false
}

// fillCell colours the cell by its worst finding, keeping the rest of the unit's formatting:
// the new format is a copy of the old with only its fill changed (see refill).
func fillCell(f *excelize.File, mc *markedCell, restyled map[[2]int]int) error {
	color, ok := mc.fill()
	if !ok {
		return nil
	}
	old, err := f.GetCellStyle(mc.sheet, mc.cell)
	if err != nil {
		return err
	}
	key := [2]int{old, int(mc.findings[0].Shown())}
	id, ok := restyled[key]
	if !ok {
		if id, err = refill(f, old, color); err != nil {
			return err
		}
		restyled[key] = id
	}
	return f.SetCellStyle(mc.sheet, mc.cell, mc.cell, id)
}

// commentCell replaces the cell's comment by one holding every finding of the cell and, after
// them, the unit's own comment: a cell can hold one comment only. A comment of ours from an
// earlier round is replaced, not quoted as the unit's.
func commentCell(f *excelize.File, mc *markedCell, existing map[string]excelize.Comment) error {
	var lines []string
	for _, fd := range mc.findings {
		lines = append(lines, fmt.Sprintf("[%s %s] %s", fd.Code, fd.Label(), fd.Text()))
	}
	body := strings.Join(lines, "\n")
	if old, ok := existing[mc.cell]; ok {
		if err := f.DeleteComment(mc.sheet, old.Cell); err != nil {
			return err
		}
		delete(existing, mc.cell)
		text := commentText(old)
		if isOwnComment(old, text) {
			// Ours from an earlier round, on a copy sent back: its findings are stale and this
			// round's replace them. The unit's comment it carried along is kept, once.
			text = strings.ReplaceAll(text, "\r\n", "\n") // as a program may have saved it
			if i := strings.Index(text, "\n\n"+priorHead); i >= 0 {
				body += text[i:]
			}
		} else if text != "" {
			head := priorHead
			if author := strings.TrimSpace(old.Author); author != "" && !strings.HasPrefix(text, author) {
				head += "（" + author + "）"
			}
			body += "\n\n" + head + "：\n" + text
		}
	}
	font := &excelize.Font{Family: outFont, Size: 9}
	bold := &excelize.Font{Family: outFont, Size: 9, Bold: true}
	width := 0
	for _, line := range strings.Split(body, "\n") {
		width = max(width, textWidth(line))
	}
	// The box is sized to its text in pixels (about 6 per width unit at 9 pt), so the unit
	// sees the whole message on hover without resizing it.
	w := min(max(width, 30), 70) * 6
	h := (wrappedLines(commentAuthor+"：\n"+body, float64(w)/6) + 1) * 14
	return f.AddComment(mc.sheet, excelize.Comment{
		Cell:   mc.cell,
		Author: commentAuthor,
		Paragraph: []excelize.RichTextRun{
			{Text: commentAuthor + "：\n", Font: bold},
			{Text: body, Font: font},
		},
		Width:  uint(w),
		Height: uint(min(h, 600)),
	})
}

// priorHead opens the part of a comment that holds the unit's own comment, carried along.
const priorHead = "原批注"

// isOwnComment reports whether c, whose whole text is text, was written by Annotate: by its
// author, or, when a program re-signed it on saving, by the signature line that opens its text.
func isOwnComment(c excelize.Comment, text string) bool {
	return c.Author == commentAuthor || strings.HasPrefix(text, commentAuthor+"：")
}

// commentText is the whole text of a comment: excelize splits it into a plain part and runs.
func commentText(c excelize.Comment) string {
	var b strings.Builder
	b.WriteString(c.Text)
	for _, run := range c.Paragraph {
		b.WriteString(run.Text)
	}
	return strings.TrimSpace(b.String())
}
