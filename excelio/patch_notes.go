package excelio

import (
	"bytes"
	"path"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"
)

// withNotes puts the comments of the marked cells of sheet s (sheet XML b) into its comments
// part and VML drawing, new or the unit's, replacing the comment already on a marked cell by ours
// carrying the unit's text. The stale comments of ours give way to the unit's comment they
// carried, if any. It returns the sheet XML, with its legacyDrawing when new; b is the caller's
// own copy, which may be changed in place.
func withNotes(p *pkgPatch, s wbSheet, b []byte, cells []*markedCell, stale []staleMark) ([]byte, error) {
	dir, base := path.Split(s.part)
	if dir != "xl/worksheets/" {
		return nil, errNoPatch
	}
	relsName := dir + "_rels/" + base + ".rels"
	var rels []byte
	if p.has(relsName) {
		var err error
		if rels, err = p.part(relsName); err != nil {
			return nil, err
		}
	}
	np, b, rels, err := sheetNoteParts(p, s, b, rels)
	if err != nil {
		return nil, err
	}
	n := &noteWriter{drop: map[string]bool{}, byCell: map[string]*unitComment{}, shapeID: maxShapeID(np.vmlXML, s.id*1024)}
	if np.commentsXML != nil {
		if n.authors, n.existing, err = parseComments(np.commentsXML); err != nil {
			return nil, err
		}
	}
	n.known = len(n.authors)
	for i := range n.existing {
		if c := &n.existing[i]; c.cell != "" && n.byCell[c.cell] == nil {
			n.byCell[c.cell] = c
		}
	}
	notes := len(cells) + len(stale)
	n.comments = p.buffer(notes * 512) // a comment's XML is about 300 bytes and its text
	n.shapes = p.buffer(notes * 700)   // a shape's is about 650
	n.ours(cells)
	n.carried(stale)
	comments, err := commentsWith(p, np.commentsXML, n.existing, n.drop, n.authors[n.known:], n.comments)
	if err != nil {
		return nil, err
	}
	var vml []byte
	if np.vmlXML == nil {
		vml = appendNewVML(p.buffer(len(vmlHead)+len(vmlShapeType)+len(n.shapes)+32), s.id, n.shapes)
	} else {
		vml = withoutNoteShapes(np.vmlXML, n.drop)
		i := bytes.LastIndex(vml, []byte("</xml>"))
		vml = append(append(append(p.buffer(len(vml)+len(n.shapes)), vml[:i]...), n.shapes...), vml[i:]...)
	}
	p.set(np.comments, comments)
	p.set(np.vml, vml)
	if rels != nil {
		p.set(relsName, rels)
	}
	return b, nil
}

// noteWriter gathers the comments and note shapes a sheet gets, and the unit's comments that go.
type noteWriter struct {
	authors          []string
	known            int // the authors the part already has
	existing         []unitComment
	byCell           map[string]*unitComment
	drop             map[string]bool
	comments, shapes []byte
	shapeID          int
}

// author is the index of the author name, added when new (compared without case, as excelize).
func (n *noteWriter) author(name string) int {
	for i, a := range n.authors {
		if strings.EqualFold(a, name) {
			return i
		}
	}
	n.authors = append(n.authors, name)
	return len(n.authors) - 1
}

// ours writes our comment on each marked cell, replacing the one there.
func (n *noteWriter) ours(cells []*markedCell) {
	for _, mc := range cells {
		var old *excelize.Comment
		if uc := n.byCell[mc.cell]; uc != nil {
			old = &uc.comment
			n.drop[mc.cell] = true
		}
		body := commentBody(mc, old)
		n.comments = appendComment(n.comments, mc.cell, n.author(commentAuthor), body)
		n.shapeID++
		w, h := commentBox(body)
		n.shapes = appendVMLShape(n.shapes, n.shapeID, mc.pos.col, mc.pos.row, w, h)
	}
}

// carried drops each stale comment of ours and puts back the unit's comment it carried, as
// clearStaleMark does through excelize's AddComment.
func (n *noteWriter) carried(stale []staleMark) {
	for _, sm := range stale {
		n.drop[sm.cell] = true
		author, body, ok := carriedComment(sm.text)
		if !ok {
			continue
		}
		if author == "" {
			author = "Author" // as excelize's AddComment names an author left empty
		}
		n.comments = appendPlainComment(n.comments, sm.cell, n.author(author), body)
		n.shapeID++
		n.shapes = appendVMLShape(n.shapes, n.shapeID, sm.col, sm.row, 140, 60)
	}
}

// sheetNoteParts finds the sheet's comments and VML parts, as excelize's AddComment names them,
// or names new ones and links them to the sheet (its relationships and legacyDrawing).
func sheetNoteParts(p *pkgPatch, s wbSheet, b, rels []byte) (noteParts, []byte, []byte, error) {
	var vmlRel, cmtRel *relationship
	all := relsOf(rels, "xl/worksheets/")
	for i, r := range all {
		switch {
		case strings.HasSuffix(r.typ, "/vmlDrawing"):
			vmlRel = &all[i]
		case strings.HasSuffix(r.typ, "/comments"):
			cmtRel = &all[i]
		}
	}
	ld, hasLD := findTag(b, "legacyDrawing", max(sheetDataEnd(b), 0))
	if !hasLD && vmlRel == nil && cmtRel == nil {
		return newNoteParts(p, s, b, rels)
	}
	if !hasLD || vmlRel == nil || cmtRel == nil {
		return noteParts{}, nil, nil, errNoPatch
	}
	if _, rid := prefixedID(b[ld.start:ld.end]); rid != vmlRel.id {
		return noteParts{}, nil, nil, errNoPatch
	}
	// excelize took the comments part's number from the VML drawing's name; where the two
	// disagree it wrote elsewhere, and the patcher leaves such a sheet to it.
	num := strings.TrimSuffix(strings.TrimPrefix(vmlRel.target, "xl/drawings/vmlDrawing"), ".vml")
	if _, err := strconv.Atoi(num); err != nil || cmtRel.target != "xl/comments"+num+".xml" ||
		!p.has(vmlRel.target) || !p.has(cmtRel.target) {
		return noteParts{}, nil, nil, errNoPatch
	}
	np := noteParts{comments: p.name(cmtRel.target), vml: p.name(vmlRel.target)}
	var err error
	if np.commentsXML, err = p.part(np.comments); err != nil {
		return np, nil, nil, err
	}
	if np.vmlXML, err = p.part(np.vml); err != nil {
		return np, nil, nil, err
	}
	if rootPrefixed(np.commentsXML) || !vmlFits(np.vmlXML) {
		return np, nil, nil, errNoPatch
	}
	return np, b, nil, nil
}

// newNoteParts names the comments and VML parts of a sheet that has none, numbered after the
// package's comments parts as excelize numbers them, and links them to the sheet.
func newNoteParts(p *pkgPatch, s wbSheet, b, rels []byte) (noteParts, []byte, []byte, error) {
	n := 1
	for name := range p.files {
		if strings.Contains(name, "xl/comments") {
			n++
		}
	}
	for _, name := range p.added {
		if strings.Contains(name, "xl/comments") {
			n++
		}
	}
	num := strconv.Itoa(n)
	np := noteParts{comments: "xl/comments" + num + ".xml", vml: "xl/drawings/vmlDrawing" + num + ".vml"}
	if p.has(np.comments) || p.has(np.vml) {
		return np, nil, nil, errNoPatch
	}
	vmlID := nextRelID(rels)
	rels, err := addRel(rels, vmlID, relVML, "../drawings/vmlDrawing"+num+".vml")
	if err != nil {
		return np, nil, nil, err
	}
	if rels, err = addRel(rels, vmlID+1, relComments, "../comments"+num+".xml"); err != nil {
		return np, nil, nil, err
	}
	if b, err = withLegacyDrawing(b, "rId"+strconv.Itoa(vmlID)); err != nil {
		return np, nil, nil, err
	}
	for _, err := range []error{addDefault(p, "vml", ctVML), addOverride(p, "/"+np.comments, ctComments), addDefault(p, "rels", ctRels)} {
		if err != nil {
			return np, nil, nil, err
		}
	}
	return np, b, rels, nil
}

// afterLegacyDrawing are the worksheet elements that follow legacyDrawing in the schema.
var afterLegacyDrawing = []string{"legacyDrawingHF", "drawingHF", "picture", "oleObjects", "controls",
	"webPublishItems", "tableParts", "extLst"}

// withLegacyDrawing links the sheet to its VML drawing by the relationship rid, declaring the
// relationships namespace on the root when it is not. b is the caller's to change (see
// withNotes).
func withLegacyDrawing(b []byte, rid string) ([]byte, error) {
	root, ok := findTag(b, "worksheet", 0)
	if !ok {
		return nil, errNoPatch
	}
	pfx := ""
	for _, a := range tagAttrs(b[root.start:root.end]) {
		if p, ok := strings.CutPrefix(a.name, "xmlns:"); ok && a.value == relNS {
			pfx = p
		}
	}
	if pfx == "" {
		pfx = "r"
		if _, taken := tagAttr(b[root.start:root.end], "xmlns:r"); taken {
			return nil, errNoPatch
		}
		tag := withAttr(b[root.start:root.end], "xmlns:r", relNS)
		b = spliceOwned(b, root.start, root.end, tag)
	}
	// The root closes after sheetData: looking from there spares a scan of the whole sheet.
	sd := sheetDataEnd(b)
	if sd < 0 {
		return nil, errNoPatch
	}
	at := findClose(b, "worksheet", sd)
	if at < 0 {
		return nil, errNoPatch
	}
	for _, name := range afterLegacyDrawing {
		if t, ok := findTag(b, name, sd); ok && t.start < at {
			at = t.start
		}
	}
	return spliceOwned(b, at, at, []byte(`<legacyDrawing `+pfx+`:id="`+rid+`"/>`)), nil
}

// spliceOwned is splice of a part the caller owns (the sheet withCellStyles wrote, with room
// to spare): the edit is made in place when it fits, sparing the sheet's copy; the legacy
// drawing goes near the end, so little moves.
func spliceOwned(b []byte, i, j int, repl []byte) []byte {
	n := len(b) + len(repl) - (j - i)
	if n > cap(b) {
		return splice(b, i, j, repl)
	}
	tail := b[j:]
	b = b[:n]
	copy(b[i+len(repl):], tail)
	copy(b[i:], repl)
	return b
}

// relNS is the namespace of relationship ids.
const relNS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

// commentsWith is the comments part: the unit's (nil for none) without the comments on dropped
// cells, with the authors added, and the comments ours after the unit's.
func commentsWith(p *pkgPatch, b []byte, existing []unitComment, drop map[string]bool, added []string, ours []byte) ([]byte, error) {
	var names strings.Builder
	for _, a := range added {
		names.WriteString(`<author>` + textEscaper.Replace(a) + `</author>`)
	}
	if b == nil {
		out := append(p.buffer(len(commentsHead)+names.Len()+len(ours)+64), commentsHead...)
		out = append(append(out, names.String()...), `</authors><commentList>`...)
		return append(append(out, ours...), `</commentList></comments>`...), nil
	}
	var out []byte
	last := 0
	for _, c := range existing {
		if drop[c.cell] {
			out = append(out, b[last:c.start]...)
			last = c.end
		}
	}
	b = append(out, b[last:]...)
	if names.Len() > 0 {
		i := bytes.LastIndex(b, []byte("</authors>"))
		if i < 0 {
			return nil, errNoPatch
		}
		b = splice(b, i, i, []byte(names.String()))
	}
	i := bytes.LastIndex(b, []byte("</commentList>"))
	if i < 0 {
		if t, ok := findTag(b, "commentList", 0); ok && t.empty {
			return splice(b, t.start, t.end, []byte("<commentList>"+string(ours)+"</commentList>")), nil
		}
		return nil, errNoPatch
	}
	return splice(b, i, i, ours), nil
}

// commentsHead opens a comments part the patcher makes, up to its authors.
const commentsHead = xmlHeader + `<comments xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><authors>`

// withoutNoteShapes removes the note shapes of the cells dropped from the VML drawing b, as
// excelize's DeleteComment removed them.
func withoutNoteShapes(b []byte, drop map[string]bool) []byte {
	if len(drop) == 0 {
		return b
	}
	var out []byte
	last := 0
	for t, ok := findTag(b, "v:shape", 0); ok; t, ok = findTag(b, "v:shape", t.end) {
		end := elementEnd(b, "v:shape", t)
		if end < 0 {
			break
		}
		shape := b[t.start:end]
		row, rok := between(shape, "<x:Row>", "</x:Row>")
		col, cok := between(shape, "<x:Column>", "</x:Column>")
		r, e1 := strconv.Atoi(strings.TrimSpace(row))
		c, e2 := strconv.Atoi(strings.TrimSpace(col))
		if rok && cok && e1 == nil && e2 == nil && bytes.Contains(shape, []byte(`ObjectType="Note"`)) && drop[cellRef(c+1, r+1)] {
			out = append(out, b[last:t.start]...)
			last = end
		}
		t.end = end
	}
	if out == nil {
		return b
	}
	return append(out, b[last:]...)
}

// between is the text of b between the first open and the close after it.
func between(b []byte, open, close string) (string, bool) {
	i := bytes.Index(b, []byte(open))
	if i < 0 {
		return "", false
	}
	i += len(open)
	j := bytes.Index(b[i:], []byte(close))
	if j < 0 {
		return "", false
	}
	return string(b[i : i+j]), true
}
