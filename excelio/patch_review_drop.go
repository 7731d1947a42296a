package excelio

import (
	"path"
	"strconv"
	"strings"
)

// dropReviewParts takes the 审核意见 sheets of an earlier round out of a copy sent back, as
// dropReviewSheets does through excelize: their sheets, relationships, parts and content types
// go, and so do the defined names scoped to them (their markers among them), the other
// sheet-scoped names moving back by as many sheets as went before theirs. It returns the
// workbook as it is then.
func dropReviewParts(p *pkgPatch, info *workbookInfo) (*workbookInfo, error) {
	wb, err := p.part(wbPart)
	if err != nil {
		return nil, err
	}
	stale := map[int]bool{}
	for t, ok := findTag(wb, "definedName", 0); ok; t, ok = findTag(wb, "definedName", t.end) {
		tag := wb[t.start:t.end]
		if !strings.EqualFold(attrOr(tag, "name"), reviewMarker) {
			continue
		}
		if i, err := strconv.Atoi(strings.TrimSpace(attrOr(tag, "localSheetId"))); err == nil && i >= 0 && i < len(info.sheets) {
			stale[i] = true
		}
	}
	if len(stale) == 0 {
		return info, nil
	}
	if len(stale) == len(info.sheets) {
		return nil, errOnlyReview
	}
	if wb, err = withoutSheets(wb, stale); err != nil {
		return nil, err
	}
	rels, err := p.part(wbRelsPart)
	if err != nil {
		return nil, err
	}
	c, err := p.types()
	if err != nil {
		return nil, err
	}
	for i := range stale {
		s := info.sheets[i]
		if rels, err = withoutRel(rels, s.rid); err != nil {
			return nil, err
		}
		dir, base := path.Split(s.part)
		p.remove(s.part)
		p.remove(dir + "_rels/" + base + ".rels")
		c.drop["/"+s.part] = true
		delete(c.overrides, "/"+s.part)
	}
	p.set(wbPart, wb)
	p.set(wbRelsPart, rels)
	return readWorkbook(p)
}

// withoutSheets is workbook.xml without the sheets at the positions stale and the names scoped
// to them; the other scoped names are renumbered.
func withoutSheets(wb []byte, stale map[int]bool) ([]byte, error) {
	var out []byte
	last, i := 0, 0
	for t, ok := findTag(wb, "sheet", 0); ok; t, ok = findTag(wb, "sheet", t.end) {
		end := elementEnd(wb, "sheet", t)
		if end < 0 {
			return nil, errNoPatch
		}
		if stale[i] {
			out = append(out, wb[last:t.start]...)
			last = end
		}
		i++
		t.end = end
	}
	wb = append(out, wb[last:]...)
	out, last = nil, 0
	for t, ok := findTag(wb, "definedName", 0); ok; t, ok = findTag(wb, "definedName", t.end) {
		tag := wb[t.start:t.end]
		v, has := tagAttr(tag, "localSheetId")
		n, err := strconv.Atoi(strings.TrimSpace(v))
		if !has || err != nil {
			continue
		}
		end := elementEnd(wb, "definedName", t)
		if end < 0 {
			return nil, errNoPatch
		}
		out = append(out, wb[last:t.start]...)
		if !stale[n] {
			before := 0
			for j := range stale {
				if j < n {
					before++
				}
			}
			out = append(out, withAttr(tag, "localSheetId", strconv.Itoa(n-before))...)
			out = append(out, wb[t.end:end]...)
		}
		last = end
		t.end = end
	}
	return append(out, wb[last:]...), nil
}

// withoutRel is a .rels part without the relationship id.
func withoutRel(rels []byte, id string) ([]byte, error) {
	for t, ok := findTag(rels, "Relationship", 0); ok; t, ok = findTag(rels, "Relationship", t.end) {
		if attrOr(rels[t.start:t.end], "Id") != id {
			continue
		}
		end := elementEnd(rels, "Relationship", t)
		if end < 0 {
			return nil, errNoPatch
		}
		return splice(rels, t.start, end, nil), nil
	}
	return rels, nil
}
