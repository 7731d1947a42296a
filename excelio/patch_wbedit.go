package excelio

import (
	"bytes"
	"strconv"
	"strings"
)

// insertReviewSheet adds the review sheet name, whose part is body, before all the unit's
// sheets and makes it the active tab: workbook.xml, its relationships and the content types
// change as excelize's NewSheet, MoveSheet and SetActiveSheet changed them, except that the
// sheet-scoped defined names stay where they are, each moved on by one sheet.
func insertReviewSheet(p *pkgPatch, info *workbookInfo, name string, body []byte) error {
	sheetID := 0
	for _, s := range info.sheets {
		sheetID = max(sheetID, s.id)
	}
	sheetID++
	part := "xl/worksheets/sheet" + strconv.Itoa(sheetID) + ".xml"
	if p.has(part) {
		return errNewSheetPath(part)
	}
	rels, err := p.part(wbRelsPart)
	if err != nil {
		return err
	}
	rid := nextRelID(rels)
	if rels, err = addRel(rels, rid, relWorksheet, "worksheets/sheet"+strconv.Itoa(sheetID)+".xml"); err != nil {
		return err
	}
	wb, err := p.part(wbPart)
	if err != nil {
		return err
	}
	if wb, err = workbookWithReview(wb, info, name, sheetID, rid); err != nil {
		return err
	}
	p.set(wbRelsPart, rels)
	p.set(wbPart, wb)
	p.set(part, body)
	return addOverride(p, "/"+part, ctWorksheet)
}

// workbookWithReview is workbook.xml with the review sheet first and active and its marker.
func workbookWithReview(wb []byte, info *workbookInfo, name string, sheetID, rid int) ([]byte, error) {
	sheets, ok := findTag(wb, "sheets", 0)
	if !ok || sheets.empty {
		return nil, errNoPatch
	}
	ns := ""
	if root, ok := findTag(wb, "workbook", 0); !ok || attrOr(wb[root.start:root.end], "xmlns:"+info.rPfx) != relNS {
		// Some writers declare the prefix on each sheet rather than on the root.
		ns = `xmlns:` + info.rPfx + `="` + relNS + `" `
	}
	sheet := `<sheet ` + ns + `name="` + escapeAttr(name) + `" sheetId="` + strconv.Itoa(sheetID) + `" ` +
		info.rPfx + `:id="rId` + strconv.Itoa(rid) + `"/>`
	wb = splice(wb, sheets.end, sheets.end, []byte(sheet))
	wb, err := activateFirst(wb, sheets.start)
	if err != nil {
		return nil, err
	}
	return withMarker(shiftLocalSheetIDs(wb), name)
}

// activateFirst makes the first sheet the active tab of the first workbook view, creating the
// view when the workbook has none (before the sheets, at sheetsAt).
func activateFirst(wb []byte, sheetsAt int) ([]byte, error) {
	v, ok := findTag(wb, "workbookView", 0)
	if !ok {
		if _, has := findTag(wb, "bookViews", 0); has {
			return nil, errNoPatch
		}
		return splice(wb, sheetsAt, sheetsAt, []byte(`<bookViews><workbookView/></bookViews>`)), nil
	}
	return splice(wb, v.start, v.end, withoutAttr(wb[v.start:v.end], "activeTab")), nil
}

// shiftLocalSheetIDs moves every sheet-scoped defined name on by one sheet, as a sheet is
// inserted before all others.
func shiftLocalSheetIDs(wb []byte) []byte {
	var out []byte
	last := 0
	for t, ok := findTag(wb, "definedName", 0); ok; t, ok = findTag(wb, "definedName", t.end) {
		tag := wb[t.start:t.end]
		v, has := tagAttr(tag, "localSheetId")
		n, err := strconv.Atoi(strings.TrimSpace(v))
		if !has || err != nil {
			continue
		}
		out = append(out, wb[last:t.start]...)
		out = append(out, withAttr(tag, "localSheetId", strconv.Itoa(n+1))...)
		last = t.end
	}
	if out == nil {
		return wb
	}
	return append(out, wb[last:]...)
}

// withMarker adds the defined name marking sheet 0 as our review sheet name.
func withMarker(wb []byte, name string) ([]byte, error) {
	dn := `<definedName name="` + reviewMarker + `" localSheetId="0">` +
		textEscaper.Replace(quoteSheet(name)+"!$A$1") + `</definedName>`
	if i := bytes.LastIndex(wb, []byte("</definedNames>")); i >= 0 {
		return splice(wb, i, i, []byte(dn)), nil
	}
	if t, ok := findTag(wb, "definedNames", 0); ok {
		if !t.empty {
			return nil, errNoPatch
		}
		return splice(wb, t.start, t.end, []byte("<definedNames>"+dn+"</definedNames>")), nil
	}
	// definedNames follows sheets, functionGroups and externalReferences in the schema.
	at := findClose(wb, "sheets", 0)
	if at < 0 {
		return nil, errNoPatch
	}
	at += len("</sheets>")
	if t, ok := findTag(wb, "functionGroups", at); ok {
		at = elementEnd(wb, "functionGroups", t)
	}
	if t, ok := findTag(wb, "externalReferences", at); ok {
		at = elementEnd(wb, "externalReferences", t)
	}
	if at < 0 {
		return nil, errNoPatch
	}
	return splice(wb, at, at, []byte("<definedNames>"+dn+"</definedNames>")), nil
}

// elementEnd is the index after the element whose start tag is t, -1 when it does not close.
func elementEnd(b []byte, name string, t tagAt) int {
	if t.empty {
		return t.end
	}
	i := findClose(b, name, t.end)
	if i < 0 {
		return -1
	}
	return i + len("</"+name+">")
}

// contentTypes are the additions to [Content_Types].xml, written once when the copy is done.
type contentTypes struct {
	defaults, overrides map[string]bool // as the unit's part and the additions have them
	add                 []string
	drop                map[string]bool // overrides of removed parts, by part name
}

// types reads the unit's content types the first time they are needed.
func (p *pkgPatch) types() (*contentTypes, error) {
	if p.ct != nil {
		return p.ct, nil
	}
	ct, err := p.part(ctPart)
	if err != nil {
		return nil, err
	}
	if rootPrefixed(ct) {
		return nil, errNoPatch
	}
	c := &contentTypes{defaults: map[string]bool{}, overrides: map[string]bool{}, drop: map[string]bool{}}
	s := string(ct)
	for t, ok := findTag(ct, "Default", 0); ok; t, ok = findTag(ct, "Default", t.end) {
		c.defaults[attrOf(ct, s, t, "Extension")] = true
	}
	for t, ok := findTag(ct, "Override", 0); ok; t, ok = findTag(ct, "Override", t.end) {
		c.overrides[attrOf(ct, s, t, "PartName")] = true
	}
	p.ct = c
	return c, nil
}

// addOverride gives the part its content type in [Content_Types].xml, unless it has one.
func addOverride(p *pkgPatch, partName, contentType string) error {
	c, err := p.types()
	if err != nil || c.overrides[partName] {
		return err
	}
	c.overrides[partName] = true
	c.add = append(c.add, `<Override PartName="`+escapeAttr(partName)+`" ContentType="`+contentType+`"/>`)
	return nil
}

// addDefault gives the extension ext its content type, unless it has one.
func addDefault(p *pkgPatch, ext, contentType string) error {
	c, err := p.types()
	if err != nil || c.defaults[ext] {
		return err
	}
	c.defaults[ext] = true
	c.add = append(c.add, `<Default Extension="`+ext+`" ContentType="`+contentType+`"/>`)
	return nil
}

// finishContentTypes writes [Content_Types].xml with the additions, the workbook part given the
// content type of an .xlsx as excelize's save under an .xlsx name did: an .xlsm's macro-enabled
// type under an .xlsx name is a file Excel refuses to open. Like excelize it also makes sure the
// bin extension has a content type.
func finishContentTypes(p *pkgPatch) error {
	if err := addDefault(p, "bin", ctVBA); err != nil {
		return err
	}
	ct, err := p.part(ctPart)
	if err != nil {
		return err
	}
	s := string(ct) // ct's text while it is not spliced
	for t, ok := findTag(ct, "Override", 0); ok; t, ok = findTag(ct, "Override", t.end) {
		tag := ct[t.start:t.end]
		switch name := attrOf(ct, s, t, "PartName"); {
		case p.ct.drop[name]:
			end := elementEnd(ct, "Override", t)
			if end < 0 {
				return errNoPatch
			}
			ct = splice(ct, t.start, end, nil)
			t.end = t.start
			s = string(ct)
		case name == "/"+wbPart && attrOf(ct, s, t, "ContentType") != ctWorkbookXLSX:
			ct = splice(ct, t.start, t.end, withAttr(tag, "ContentType", ctWorkbookXLSX))
			t.end = t.start
			s = string(ct)
		}
	}
	i := bytes.LastIndex(ct, []byte("</Types>"))
	if i < 0 {
		return errNoPatch
	}
	size := len(ct)
	for _, a := range p.ct.add {
		size += len(a)
	}
	out := append(p.buffer(size), ct[:i]...)
	for _, a := range p.ct.add {
		out = append(out, a...)
	}
	p.set(ctPart, append(out, ct[i:]...))
	return nil
}
