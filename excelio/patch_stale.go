package excelio

import (
	"bytes"
	"path"
	"strings"

	"github.com/xuri/excelize/v2"
)

// staleMark is a comment of ours from an earlier round, in a copy sent back, on a cell this
// round found nothing on: clearStaleMarks's work, done by the patcher.
type staleMark struct {
	cell     string
	col, row int
	comment  excelize.Comment
	text     string
}

// staleComments lists the comments of ours on the sheet's cells that mcs does not mark.
func staleComments(p *pkgPatch, s wbSheet, mcs []*markedCell) ([]staleMark, error) {
	dir, base := path.Split(s.part)
	relsName := dir + "_rels/" + base + ".rels"
	if !p.has(relsName) {
		return nil, nil
	}
	rels, err := p.part(relsName)
	if err != nil {
		return nil, err
	}
	var target string
	for _, r := range relsOf(rels, dir) {
		if strings.HasSuffix(r.typ, "/comments") {
			target = r.target
		}
	}
	if target == "" || !p.has(target) {
		return nil, nil
	}
	b, err := p.part(target)
	if err != nil {
		return nil, err
	}
	if !bytes.Contains(b, []byte(commentAuthor)) {
		return nil, nil
	}
	_, existing, err := parseComments(b)
	if err != nil {
		return nil, err
	}
	marked := map[string]bool{}
	for _, mc := range mcs {
		marked[mc.cell] = true
	}
	var out []staleMark
	for _, c := range existing {
		text := commentText(c.comment)
		if c.cell == "" || marked[c.cell] || !isOwnComment(c.comment, text) {
			continue
		}
		col, row, err := excelize.CellNameToCoordinates(c.cell)
		if err != nil {
			continue
		}
		marked[c.cell] = true // a second comment on the cell goes with the first
		out = append(out, staleMark{cell: c.cell, col: col, row: row, comment: c.comment, text: text})
	}
	return out, nil
}

// unfillMarks take our fill off the cells of stale comments, where it is surely ours (ownFill).
func unfillMarks(stale []staleMark, styles *stylePatch, themed bool, unfilled map[int]int) []cellMark {
	var marks []cellMark
	for _, sm := range stale {
		marks = append(marks, cellMark{row: sm.row, col: sm.col, style: func(old int) (int, error) {
			if id, ok := unfilled[old]; ok {
				return id, nil
			}
			id := old
			if styles.ownFill(old, themed) {
				var err error
				if id, err = styles.refill(old, ""); err != nil {
					return 0, err
				}
			}
			unfilled[old] = id
			return id, nil
		}})
	}
	return marks
}

// ownFill is isOwnFill over the patched styles, reading format old as excelize's GetStyle reads
// it: our solid fill in one of our two colours, not on the font colour of the Excel cell style
// that pairs it. Without a theme part excelize reads no fill colour at all, so neither does this.
func (s *stylePatch) ownFill(old int, themed bool) bool {
	if !themed || old < 0 || old >= len(s.xfs.items) {
		return false
	}
	xf := s.xfs.items[old]
	applies := func(apply *bool, id *int, n int) bool {
		return (apply == nil || *apply) && id != nil && 0 <= *id && *id < n
	}
	if !applies(xf.ApplyFill, xf.FillID, len(s.fills.items)) {
		return false
	}
	pf := s.fills.items[*xf.FillID].PatternFill
	if pf == nil || !strings.EqualFold(pf.PatternType, "solid") {
		return false
	}
	var fill string
	for _, c := range []*sColor{pf.BgColor, pf.FgColor} {
		if c != nil && !c.Auto {
			fill = plainRGB(c)
		}
	}
	font := ""
	if applies(xf.ApplyFont, xf.FontID, len(s.fonts.items)) {
		if c := s.fonts.items[*xf.FontID].Color; c != nil {
			font = strings.TrimPrefix(c.RGB, "FF")
		}
	}
	switch {
	case strings.EqualFold(fill, outErrorFill):
		return !strings.EqualFold(font, outErrorFont)
	case strings.EqualFold(fill, outWarnFill):
		return !strings.EqualFold(font, outWarnFont)
	}
	return false
}

// plainRGB is an RGB colour as excelize reads it without the alpha, "" for a theme or indexed
// colour or one with a tint: never one of ours.
func plainRGB(c *sColor) string {
	if c.Theme != nil || c.Tint != 0 {
		return ""
	}
	switch len(c.RGB) {
	case 6:
		return c.RGB
	case 8:
		return strings.TrimPrefix(c.RGB, "FF")
	}
	return ""
}
