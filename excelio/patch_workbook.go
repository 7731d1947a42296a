package excelio

import (
	"bytes"
	"html"
	"path"
	"strconv"
	"strings"
)

// Relationship and content types the patcher writes.
const (
	relWorksheet   = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet"
	relComments    = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments"
	relVML         = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/vmlDrawing"
	ctWorksheet    = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
	ctComments     = "application/vnd.openxmlformats-officedocument.spreadsheetml.comments+xml"
	ctVML          = "application/vnd.openxmlformats-officedocument.vmlDrawing"
	ctRels         = "application/vnd.openxmlformats-package.relationships+xml"
	ctWorkbookXLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
	ctVBA          = "application/vnd.ms-office.vbaProject"
	wbPart         = "xl/workbook.xml"
	wbRelsPart     = "xl/_rels/workbook.xml.rels"
	ctPart         = "[Content_Types].xml"
)

// wbSheet is one sheet of the unit's workbook as workbook.xml lists it.
type wbSheet struct {
	name string
	id   int
	rid  string
	part string // the worksheet part it resolves to
}

// workbookInfo is what the patcher knows of the unit's workbook part.
type workbookInfo struct {
	sheets []wbSheet
	rPfx   string // the prefix the workbook writes relationship ids with, "r" as a rule
}

// readWorkbook lists the unit's sheets; errNoPatch when one is no worksheet or the workbook is
// not where and how the patcher expects it.
func readWorkbook(p *pkgPatch) (*workbookInfo, error) {
	if p.name(wbPart) != wbPart || p.name(wbRelsPart) != wbRelsPart || p.name(ctPart) != ctPart {
		return nil, errNoPatch
	}
	wb, err := p.part(wbPart)
	if err != nil {
		return nil, err
	}
	rels, err := p.part(wbRelsPart)
	if err != nil {
		return nil, err
	}
	if rootPrefixed(wb) || rootPrefixed(rels) {
		return nil, errNoPatch
	}
	targets := map[string]relationship{}
	for _, r := range relsOf(rels, "xl/") {
		targets[r.id] = r
	}
	info := &workbookInfo{}
	for t, ok := findTag(wb, "sheet", 0); ok; t, ok = findTag(wb, "sheet", t.end) {
		tag := wb[t.start:t.end]
		name, _ := tagAttr(tag, "name")
		id, err := strconv.Atoi(attrOr(tag, "sheetId"))
		pfx, rid := prefixedID(tag)
		r, found := targets[rid]
		if err != nil || !found || !strings.HasSuffix(r.typ, "/worksheet") || !p.has(r.target) {
			return nil, errNoPatch // a chart, dialog or macro sheet, or one the patcher cannot place
		}
		info.rPfx = pfx
		info.sheets = append(info.sheets, wbSheet{name: name, id: id, rid: rid, part: p.name(r.target)})
	}
	if len(info.sheets) == 0 {
		return nil, errNoPatch
	}
	return info, nil
}

// attrOr is the attribute's value, "" when absent.
func attrOr(tag []byte, name string) string {
	v, _ := tagAttr(tag, name)
	return v
}

// attrOf is attrOr of the tag t of the part b, whose text s (string(b)) the value is cut from:
// reading many attributes of a part costs one copy of it, not one each.
func attrOf(b []byte, s string, t tagAt, name string) string {
	i, j, ok := attrSpan(b[t.start:t.end], name)
	if !ok {
		return ""
	}
	return unescapeAttrString(s[t.start+i : t.start+j])
}

// prefixedID is the prefix and value of the tag's relationship id attribute (r:id).
func prefixedID(tag []byte) (string, string) {
	for _, a := range tagAttrs(tag) {
		if pfx, local, ok := strings.Cut(a.name, ":"); ok && local == "id" && pfx != "xmlns" {
			return pfx, a.value
		}
	}
	return "", ""
}

// tagAttribute is one attribute of a start tag, its value unescaped.
type tagAttribute struct{ name, value string }

// tagAttrs lists the attributes of a start tag.
func tagAttrs(tag []byte) []tagAttribute {
	return appendAttrs(nil, string(tag))
}

// appendAttrs appends the attributes of the start tag to out; names and values are substrings
// of tag unless a value holds an escape.
func appendAttrs(out []tagAttribute, tag string) []tagAttribute {
	i := strings.IndexAny(tag, " \t\r\n")
	for i >= 0 && i < len(tag) {
		for i < len(tag) && isSpace(tag[i]) {
			i++
		}
		eq := strings.IndexByte(tag[i:], '=')
		if eq < 0 {
			break
		}
		name := strings.TrimSpace(tag[i : i+eq])
		j := i + eq + 1
		for j < len(tag) && isSpace(tag[j]) {
			j++
		}
		if j >= len(tag) || (tag[j] != '"' && tag[j] != '\'') {
			break
		}
		end := strings.IndexByte(tag[j+1:], tag[j])
		if end < 0 {
			break
		}
		out = append(out, tagAttribute{name, unescapeAttrString(tag[j+1 : j+1+end])})
		i = j + 1 + end + 1
	}
	return out
}

// relsOf lists the relationships of a .rels part, internal targets resolved against dir.
func relsOf(rels []byte, dir string) []relationship {
	var out []relationship
	s := string(rels)
	for t, ok := findTag(rels, "Relationship", 0); ok; t, ok = findTag(rels, "Relationship", t.end) {
		r := relationship{id: attrOf(rels, s, t, "Id"), typ: attrOf(rels, s, t, "Type"), target: attrOf(rels, s, t, "Target")}
		if strings.EqualFold(attrOf(rels, s, t, "TargetMode"), "External") {
			r.target = ""
		} else if strings.HasPrefix(r.target, "/") {
			r.target = strings.TrimPrefix(r.target, "/")
		} else {
			r.target = path.Clean(dir + r.target)
		}
		out = append(out, r)
	}
	return out
}

// nextRelID is the id excelize gives a new relationship: one above the highest rId number.
func nextRelID(rels []byte) int {
	n := 0
	for _, r := range relsOf(rels, "") {
		if id, err := strconv.Atoi(strings.TrimPrefix(r.id, "rId")); err == nil {
			n = max(n, id)
		}
	}
	return n + 1
}

// addRel appends a relationship to the .rels part (an empty one when rels is nil).
func addRel(rels []byte, id int, typ, target string) ([]byte, error) {
	rel := `<Relationship Id="rId` + strconv.Itoa(id) + `" Type="` + typ + `" Target="` + escapeAttr(target) + `"/>`
	if rels == nil {
		return []byte(xmlHeader + `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` + rel + `</Relationships>`), nil
	}
	i := bytes.LastIndex(rels, []byte("</Relationships>"))
	if i < 0 {
		if t, ok := findTag(rels, "Relationships", 0); ok && t.empty {
			return splice(rels, t.start, t.end, []byte(string(rels[t.start:t.end-2])+">"+rel+"</Relationships>")), nil
		}
		return nil, errNoPatch
	}
	return splice(rels, i, i, []byte(rel)), nil
}

// xmlHeader opens every part the patcher creates.
const xmlHeader = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n"

// unescapeAttr undoes the escaping of an attribute value.
func unescapeAttr(b []byte) string {
	return unescapeAttrString(string(b))
}

// unescapeAttrString is unescapeAttr of a string, which it returns as is when it holds no escape.
func unescapeAttrString(s string) string {
	if strings.IndexByte(s, '&') < 0 {
		return s
	}
	return html.UnescapeString(s)
}
