package excelio

import (
	"fmt"
	"slices"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/jxzp/jxzp/scoring"
)

// clearStaleMarks takes the marks of an earlier round off the cells of a copy sent back that
// this round found nothing on (marked): the problems they described were fixed. Each comment of
// ours there goes, or gives way to the unit's own comment it carried; our fill goes too where
// it is surely ours.
//
// Reading a sheet's comments makes excelize write them anew, so a sheet this round did not mark
// is first looked at in a second, read-only copy of src and read here only if it holds a
// comment of ours: a workbook with none comes out byte for byte as it did before.
func clearStaleMarks(f *excelize.File, src []byte, marked map[string]map[string]bool) error {
	var probe *excelize.File
	defer func() {
		if probe != nil {
			probe.Close()
		}
	}()
	restyled := map[int]int{} // old style → the same without our fill
	for _, sheet := range f.GetSheetList() {
		if _, ok := marked[sheet]; !ok {
			if probe == nil {
				p, err := openPackage(src)
				if err != nil {
					return err
				}
				probe = p
			}
			// Comments that cannot be read were left alone before: still are.
			list, err := probe.GetComments(sheet)
			if err != nil || !slices.ContainsFunc(list, func(c excelize.Comment) bool {
				return isOwnComment(c, commentText(c))
			}) {
				continue
			}
		}
		list, err := f.GetComments(sheet)
		if err != nil {
			return fmt.Errorf("读取 %s 的批注：%w", sheet, err)
		}
		for _, c := range list {
			col, row, err := excelize.CellNameToCoordinates(c.Cell)
			if err != nil {
				continue
			}
			cell := cellRef(col, row)
			text := commentText(c)
			if marked[sheet][cell] || !isOwnComment(c, text) {
				continue
			}
			if err := clearStaleMark(f, sheet, cell, c, text, restyled); err != nil {
				return fmt.Errorf("清除 %s!%s 的旧标注：%w", sheet, cell, err)
			}
		}
	}
	return nil
}

// clearStaleMark deletes our comment c (whole text text) from cell, puts back the unit's own
// comment it carried, if any, and takes our fill off the cell.
func clearStaleMark(f *excelize.File, sheet, cell string, c excelize.Comment, text string, restyled map[int]int) error {
	if err := f.DeleteComment(sheet, c.Cell); err != nil {
		return err
	}
	if author, body, ok := carriedComment(text); ok {
		if err := f.AddComment(sheet, excelize.Comment{Cell: cell, Author: author, Text: body}); err != nil {
			return err
		}
	}
	return unfillCell(f, sheet, cell, restyled)
}

// carriedComment is the unit's own comment that our comment text carried after its findings,
// as commentCell wrote it, and its author. commentCell names the author in the heading unless
// it had none or the text opens with it; in the latter case, the one Excel and WPS write, the
// text's first line is the author and a colon.
func carriedComment(text string) (author, body string, ok bool) {
	text = strings.ReplaceAll(text, "\r\n", "\n") // as a program may have saved it
	i := strings.Index(text, "\n\n"+priorHead)
	if i < 0 {
		return "", "", false
	}
	rest := text[i+len("\n\n"+priorHead):]
	switch {
	case strings.HasPrefix(rest, "（"):
		// The heading ends at the first "）：" and line end: the text after it may hold one too.
		j := strings.Index(rest, "）：\n")
		if j < 0 {
			return "", "", false
		}
		author, body = rest[len("（"):j], rest[j+len("）：\n"):]
	case strings.HasPrefix(rest, "：\n"):
		body = rest[len("：\n"):]
		first, _, _ := strings.Cut(body, "\n")
		first = strings.TrimSpace(first)
		for _, colon := range []string{":", "："} {
			if name, found := strings.CutSuffix(first, colon); found && strings.TrimSpace(name) != "" {
				author = strings.TrimSpace(name)
				break
			}
		}
	default:
		return "", "", false
	}
	body = strings.TrimSpace(body)
	return author, body, body != ""
}

// unfillCell takes our fill off the cell, leaving no fill and the rest of its style as it is,
// when the fill is surely ours: one of our two colours, solid, and not on the font colour of the
// Excel cell style (差, 中性) that pairs the same fill with it, which the unit may have used.
func unfillCell(f *excelize.File, sheet, cell string, restyled map[int]int) error {
	old, err := f.GetCellStyle(sheet, cell)
	if err != nil {
		return err
	}
	id, ok := restyled[old]
	if !ok {
		id = old
		if st, err := f.GetStyle(old); err == nil && st != nil && isOwnFill(st) {
			if id, err = refill(f, old, ""); err != nil {
				return err
			}
		}
		restyled[old] = id
	}
	if id == old {
		return nil
	}
	return f.SetCellStyle(sheet, cell, cell, id)
}

// isOwnFill reports whether st has the fill fillCell gives a cell; see unfillCell.
func isOwnFill(st *excelize.Style) bool {
	fl := st.Fill
	if fl.Type != "pattern" || fl.Pattern != 1 || len(fl.Color) != 1 {
		return false
	}
	font := ""
	if st.Font != nil {
		font = st.Font.Color
	}
	switch {
	case strings.EqualFold(fl.Color[0], outErrorFill):
		return !strings.EqualFold(font, outErrorFont)
	case strings.EqualFold(fl.Color[0], outWarnFill):
		return !strings.EqualFold(font, outWarnFont)
	}
	return false
}

// collectMarkedCells groups the findings of results by the cell they mark, in cell order.
func collectMarkedCells(mergesOf func(sheet string) ([]mergeRect, error), results []*scoring.Result, order map[string]int) ([]*markedCell, error) {
	type cellKey struct {
		sheet    string
		col, row int
	}
	byCell := map[cellKey]*markedCell{}
	var cells []*markedCell
	merges := map[string][]mergeRect{}
	for _, r := range results {
		if r == nil {
			continue
		}
		for _, fd := range r.Findings {
			if fd.Ref.Cell == "" {
				continue
			}
			if _, ok := order[fd.Ref.Sheet]; !ok {
				continue // a sheet the workbook does not have: the finding is still listed on 审核意见
			}
			col, row, err := excelize.CellNameToCoordinates(strings.ReplaceAll(fd.Ref.Cell, "$", ""))
			if err != nil {
				continue
			}
			if _, ok := merges[fd.Ref.Sheet]; !ok {
				mc, err := mergesOf(fd.Ref.Sheet)
				if err != nil {
					return nil, err
				}
				merges[fd.Ref.Sheet] = mc
			}
			// Inside a merged range only the top-left cell shows a fill or a comment marker.
			col, row = mergeTopLeft(merges[fd.Ref.Sheet], col, row)
			key := cellKey{fd.Ref.Sheet, col, row}
			mc := byCell[key]
			if mc == nil {
				mc = &markedCell{sheet: fd.Ref.Sheet, cell: cellRef(col, row),
					pos: findingPos{hasCell: true, sheet: order[fd.Ref.Sheet], name: fd.Ref.Sheet, row: row, col: col}}
				byCell[key] = mc
				cells = append(cells, mc)
			}
			mc.findings = append(mc.findings, fd)
		}
	}
	slices.SortStableFunc(cells, func(a, b *markedCell) int { return comparePos(a.pos, b.pos) })
	return cells, nil
}
