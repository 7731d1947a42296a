package excelio

import (
	"cmp"
	"slices"
	"strconv"
	"strings"

	"github.com/jxzp/jxzp/scoring"
)

// stylesPart is where the patcher expects the workbook's styles.
const stylesPart = "xl/styles.xml"

// annotatePatched makes p the annotated copy by patching the parts that change: the workbook
// and its relationships, the content types, the styles, the marked sheets with their comments
// and VML drawings, the sheets whose tab was selected, and in a copy sent back the review sheets
// and marks of the earlier round. errNoPatch says the package holds something the patcher leaves
// to annotateModel: a sheet that is no worksheet, or parts written in a way it does not edit
// (TestPatchLeavesToModel).
func annotatePatched(p *pkgPatch, results []*scoring.Result) error {
	info, err := readWorkbook(p)
	if err != nil {
		return err
	}
	// A copy the unit sent back still holds the 审核意见 of the earlier round: it goes first,
	// so that the sheet positions below are those of the unit's sheets.
	if info, err = dropReviewParts(p, info); err != nil {
		return err
	}
	order := map[string]int{}
	for i, s := range info.sheets {
		if _, dup := order[s.name]; !dup {
			order[s.name] = i
		}
	}
	sheetXML := map[string][]byte{}
	part := func(s wbSheet) ([]byte, error) {
		if b, ok := sheetXML[s.part]; ok {
			return b, nil
		}
		b, err := p.part(s.part)
		if err == nil && rootPrefixed(b) {
			err = errNoPatch
		}
		sheetXML[s.part] = b
		return b, err
	}
	cells, err := collectMarkedCells(func(sheet string) ([]mergeRect, error) {
		b, err := part(info.sheets[order[sheet]])
		if err != nil {
			return nil, err
		}
		return sheetMerges(b), nil
	}, results, order)
	if err != nil {
		return err
	}
	styles, err := patchStyles(p)
	if err != nil {
		return err
	}
	if err := markSheets(p, info, cells, part, styles); err != nil {
		return err
	}
	body, err := reviewXML(results, order, styles.outStyleID, p.buffer)
	if err != nil {
		return err
	}
	stylesXML, err := styles.bytes(p.buffer)
	if err != nil {
		return err
	}
	p.set(stylesPart, stylesXML)
	if err := insertReviewSheet(p, info, freeSheetName(info), body); err != nil {
		return err
	}
	return finishContentTypes(p)
}

// patchStyles reads the unit's styles for patching.
func patchStyles(p *pkgPatch) (*stylePatch, error) {
	rels, err := p.part(wbRelsPart)
	if err != nil {
		return nil, err
	}
	found := false
	for _, r := range relsOf(rels, "xl/") {
		if strings.HasSuffix(r.typ, "/styles") {
			found = r.target == stylesPart
		}
	}
	if !found || p.name(stylesPart) != stylesPart {
		return nil, errNoPatch
	}
	raw, err := p.part(stylesPart)
	if err != nil {
		return nil, err
	}
	return readStylePatch(raw)
}

// markSheets fills and comments the marked cells, sheet by sheet in workbook order, and
// deselects every sheet's tab; cells are in cell order.
func markSheets(p *pkgPatch, info *workbookInfo, cells []*markedCell, part func(wbSheet) ([]byte, error), styles *stylePatch) error {
	bySheet := map[string][]*markedCell{}
	for _, mc := range cells {
		scoring.SortFindings(mc.findings, scoring.FindingOrder{SameCell: true, ErrorsFirst: true, ByMessage: true})
		bySheet[mc.sheet] = append(bySheet[mc.sheet], mc)
	}
	restyled := map[[2]int]int{} // (old style, severity) → new style, as fillCell keeps it
	unfilled := map[int]int{}    // old style → the same without our fill, as unfillCell keeps it
	themed := p.has("xl/theme/theme1.xml")
	done := map[string]bool{}
	for _, s := range info.sheets {
		if done[s.part] {
			return errNoPatch // two sheets on one part
		}
		done[s.part] = true
		b, err := part(s)
		if err != nil {
			return err
		}
		mcs := bySheet[s.name]
		stale, err := staleComments(p, s, mcs)
		if err != nil {
			return err
		}
		changed := len(mcs) > 0 || len(stale) > 0
		if changed { // b becomes withCellStyles' own copy
			marks := append(fillMarks(mcs, styles, restyled), unfillMarks(stale, styles, themed, unfilled)...)
			slices.SortStableFunc(marks, func(a, b cellMark) int { return cmp.Or(cmp.Compare(a.row, b.row), cmp.Compare(a.col, b.col)) })
			if b, err = withCellStyles(b, marks, p.buffer(len(b)+64*len(marks)+sheetSpare)); err != nil {
				return err
			}
			if b, err = withNotes(p, s, b, mcs, stale); err != nil {
				return err
			}
		}
		b, deselected, err := withoutTabSelected(b, changed)
		if err != nil {
			return err
		}
		if changed || deselected {
			p.set(s.part, b)
		}
	}
	return nil
}

// fillMarks are the cells of mcs to fill, with the format each gets: a copy of its own with our
// fill for its worst finding (提示 is a comment only).
func fillMarks(mcs []*markedCell, styles *stylePatch, restyled map[[2]int]int) []cellMark {
	var marks []cellMark
	for _, mc := range mcs {
		color, ok := mc.fill()
		if !ok {
			continue
		}
		marks = append(marks, cellMark{row: mc.pos.row, col: mc.pos.col, style: func(old int) (int, error) {
			key := [2]int{old, int(mc.findings[0].Shown())}
			if id, ok := restyled[key]; ok {
				return id, nil
			}
			id, err := styles.refill(old, color)
			restyled[key] = id
			return id, err
		}})
	}
	return marks
}

// sheetMerges lists the merged ranges of a sheet part.
func sheetMerges(b []byte) []mergeRect {
	var refs []string
	// mergeCells follows sheetData, as legacyDrawing does (sheetNoteParts).
	for t, ok := findTag(b, "mergeCell", max(sheetDataEnd(b), 0)); ok; t, ok = findTag(b, "mergeCell", t.end) {
		if ref, has := tagAttr(b[t.start:t.end], "ref"); has {
			refs = append(refs, strings.ToUpper(ref))
		}
	}
	return mergeRects(refs)
}

// freeSheetName is freeReviewSheetName over the unit's sheets.
func freeSheetName(info *workbookInfo) string {
	name := reviewSheet
	for n := 2; ; n++ {
		taken := false
		for _, s := range info.sheets {
			taken = taken || strings.EqualFold(s.name, name)
		}
		if !taken {
			return name
		}
		name = reviewSheet + "(" + strconv.Itoa(n) + ")"
	}
}
