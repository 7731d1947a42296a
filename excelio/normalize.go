package excelio

import (
	"archive/zip"
	"bytes"
	"fmt"
	"html"
	"io"
	"path"
	"regexp"
	"strconv"
	"strings"
)

// strictNamespaces maps the namespaces of Strict OOXML (ISO/IEC 29500 Strict, "Strict Open XML
// 电子表格" in Excel's Save As) to their Transitional twins, longest first so that a namespace
// is never cut by a shorter one it starts with. Relationship types are the relationships
// namespace plus a name, which is the same in both but for the two property parts.
var strictNamespaces = strings.NewReplacer(
	"http://purl.oclc.org/ooxml/officeDocument/relationships/extendedProperties", "http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties",
	"http://purl.oclc.org/ooxml/officeDocument/relationships/customProperties", "http://schemas.openxmlformats.org/officeDocument/2006/relationships/custom-properties",
	"http://purl.oclc.org/ooxml/officeDocument/relationships", "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
	"http://purl.oclc.org/ooxml/officeDocument/extendedProperties", "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties",
	"http://purl.oclc.org/ooxml/officeDocument/customProperties", "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties",
	"http://purl.oclc.org/ooxml/officeDocument/docPropsVTypes", "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes",
	"http://purl.oclc.org/ooxml/officeDocument/sharedTypes", "http://schemas.openxmlformats.org/officeDocument/2006/sharedTypes",
	"http://purl.oclc.org/ooxml/officeDocument/math", "http://schemas.openxmlformats.org/officeDocument/2006/math",
	"http://purl.oclc.org/ooxml/spreadsheetml/main", "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
	"http://purl.oclc.org/ooxml/drawingml/main", "http://schemas.openxmlformats.org/drawingml/2006/main",
	"http://purl.oclc.org/ooxml/drawingml/chartDrawing", "http://schemas.openxmlformats.org/drawingml/2006/chartDrawing",
	"http://purl.oclc.org/ooxml/drawingml/chart", "http://schemas.openxmlformats.org/drawingml/2006/chart",
	"http://purl.oclc.org/ooxml/drawingml/diagram", "http://schemas.openxmlformats.org/drawingml/2006/diagram",
	"http://purl.oclc.org/ooxml/drawingml/picture", "http://schemas.openxmlformats.org/drawingml/2006/picture",
	"http://purl.oclc.org/ooxml/drawingml/lockedCanvas", "http://schemas.openxmlformats.org/drawingml/2006/lockedCanvas",
	"http://purl.oclc.org/ooxml/drawingml/spreadsheetDrawing", "http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing",
	"http://purl.oclc.org/ooxml/schemaLibrary/main", "http://schemas.openxmlformats.org/schemaLibrary/2006/main",
	` conformance="strict"`, "",
	` conformance='strict'`, "",
)

// strictMarker is in every Strict package's workbook part and in no Transitional one.
const strictMarker = "http://purl.oclc.org/ooxml/spreadsheetml/main"

// undefinedEntity matches an entity reference XML does not predefine, such as &nbsp; that an
// HTML-minded writer put in a comment: the part is not well-formed, and excelize fails on it.
var undefinedEntity = regexp.MustCompile(`&([A-Za-z_][A-Za-z0-9._-]*);`)

// normalizePackage returns the .xlsx package data as every later step can read and write it:
// a Strict package with Transitional namespaces (excelize reads Strict but writes a workbook part
// mixing the two, which no reader opens), an undefined entity in a part written out as the text
// it shows, and comment shapes numbered as Excel numbers them (see renumberShapes). A package that needs neither is returned as it is, the same slice.
//
// The package is data, opened as zr, whose XML parts (by entry name) are already inflated in
// original; changed reports whether it rewrote the package.
func normalizePackage(data []byte, zr *zip.Reader, original map[string][]byte) (out []byte, changed bool, err error) {
	n := planNormalizing(zr, original)
	if n == nil {
		return data, false, nil
	}
	out, err = n.rewrite(zr)
	return out, err == nil, err
}

// normalizing is what normalizePackage changes in a package.
type normalizing struct {
	strict bool
	fixes  map[string][]byte // the parts rewritten, by entry name
	added  []addedPart
}

// planNormalizing is what normalizing the package zr, whose XML parts are in original, changes;
// nil when nothing.
func planNormalizing(zr *zip.Reader, original map[string][]byte) *normalizing {
	n := &normalizing{fixes: map[string][]byte{}}
	xmlParts := map[string][]byte{}
	var names []string
	for _, zf := range zr.File {
		names = append(names, zf.Name)
		part, ok := original[zf.Name]
		if !ok || !isXMLPart(zf.Name) {
			continue
		}
		xmlParts[zf.Name] = part
		if strings.EqualFold(path.Clean(zf.Name), "xl/workbook.xml") && bytes.Contains(part, []byte(strictMarker)) {
			n.strict = true
		}
		if fixed, ok := fixPart(zf.Name, part); ok {
			n.fixes[zf.Name] = fixed
		}
	}
	content := func(name string) []byte {
		if b, ok := n.fixes[name]; ok {
			return b
		}
		return xmlParts[name]
	}
	relFixes, added := unshareNoteParts(names, content, xmlParts[contentTypesPart])
	for name, body := range relFixes {
		n.fixes[name] = body
	}
	if len(added) > 0 {
		n.fixes[contentTypesPart] = withOverrides(content(contentTypesPart), added)
	}
	n.added = added
	if !n.strict && len(n.fixes) == 0 {
		return nil
	}
	return n
}

// rewrite writes the package zr anew with the changes of n.
func (n *normalizing) rewrite(zr *zip.Reader) ([]byte, error) {
	return rewritePackage(zr, n.edit, n.added)
}

// edit is the part name as n rewrites it.
func (n *normalizing) edit(name string, part []byte) []byte {
	if fixed, ok := n.fixes[name]; ok {
		part = fixed
	}
	if n.strict && isXMLPart(name) {
		part = []byte(strictNamespaces.Replace(string(part)))
	}
	return part
}

// normalize is normalizePackage over the package data scanned as sp. A package to be rewritten
// is first inspected whole (complete): all its parts are then read, and mended as before. A
// package that needs no change in the parts read is left as it is, whatever its unread parts
// hold (see readsPart).
func (sp *scannedPackage) normalize(data []byte) (out []byte, changed bool, err error) {
	if err := sp.readUnkept(); err != nil {
		return nil, false, err
	}
	if len(sp.unread) > 0 {
		if planNormalizing(sp.zr, sp.parts) == nil {
			return data, false, nil
		}
		if err := sp.completeKept(); err != nil {
			return nil, false, err
		}
	}
	return normalizePackage(data, sp.zr, sp.parts)
}

// completeKept completes the scan (see complete) and reads what it did not keep.
func (sp *scannedPackage) completeKept() error {
	if err := sp.complete(); err != nil {
		return err
	}
	return sp.readUnkept()
}

// readUnkept reads the XML parts scanZip inflated but did not keep (over maxKeptBytes), which
// normalising reads all of: only once the package is known to be within its bounds.
func (sp *scannedPackage) readUnkept() error {
	for _, zf := range sp.zr.File {
		if _, ok := sp.parts[zf.Name]; ok || !isXMLPart(zf.Name) || sp.isUnread(zf) {
			continue
		}
		part, err := readPart(zf)
		if err != nil {
			return err
		}
		sp.parts[zf.Name] = part
	}
	return nil
}

// contentTypesPart is the package part naming every part's content type.
const contentTypesPart = "[Content_Types].xml"

// fixPart returns part with its undefined entities and foreign shape ids mended, and whether
// there was anything to mend.
func fixPart(name string, part []byte) ([]byte, bool) {
	fixed, ok := escapeUndefinedEntities(part)
	if !ok {
		fixed = part
	}
	if strings.EqualFold(path.Ext(name), ".vml") {
		var renumbered bool
		if fixed, renumbered = renumberShapes(fixed); renumbered {
			ok = true
		}
	}
	return fixed, ok
}

// escapeUndefinedEntities rewrites every undefined entity reference of part, reporting whether
// there was one: an HTML entity as the character it names (&nbsp; is a no-break space), any other
// as the literal text it spells (&foo; becomes &amp;foo;). Expanding no declared entity also
// keeps one from growing the part.
func escapeUndefinedEntities(part []byte) ([]byte, bool) {
	if !hasUndefinedEntity(part) || bytes.Contains(part, []byte("<!DOCTYPE")) {
		// A part declaring its own entities is crafted, never written by an office program:
		// it is left to fail as it is.
		return nil, false
	}
	changed := false
	out := undefinedEntity.ReplaceAllFunc(part, func(m []byte) []byte {
		switch string(m[1 : len(m)-1]) {
		case "amp", "lt", "gt", "quot", "apos":
			return m
		}
		changed = true
		if text := html.UnescapeString(string(m)); text != string(m) {
			return charRefs(text)
		}
		return append([]byte("&amp;"), m[1:]...)
	})
	return out, changed
}

// hasUndefinedEntity reports whether part holds a match of undefinedEntity that is no predefined
// entity: the scan escapeUndefinedEntities spares the parts without one, which are nearly all.
func hasUndefinedEntity(part []byte) bool {
	for i := bytes.IndexByte(part, '&'); i >= 0; {
		rest := part[i+1:]
		n := 0
		for n < len(rest) && (isNameByte(rest[n]) && (n > 0 || !isDigit(rest[n]) && rest[n] != '.' && rest[n] != '-')) {
			n++
		}
		if n > 0 && n < len(rest) && rest[n] == ';' {
			switch string(rest[:n]) {
			case "amp", "lt", "gt", "quot", "apos":
			default:
				return true
			}
		}
		j := bytes.IndexByte(rest, '&')
		if j < 0 {
			return false
		}
		i += 1 + j
	}
	return false
}

// isNameByte reports the bytes undefinedEntity allows in an entity's name.
func isNameByte(b byte) bool {
	return b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b >= '0' && b <= '9' || b == '_' || b == '.' || b == '-'
}

// vmlShapeID matches the id of a VML shape (not of a shapetype): comment boxes are shapes.
var vmlShapeID = regexp.MustCompile(`(<v:shape\s[^>]*?\bid=")([^"]*)(")`)

// excelShapeID is how Excel names a shape, and the only form excelize can number after.
var excelShapeID = regexp.MustCompile(`^_x0000_s(\d+)$`)

// renumberShapes gives every VML shape whose id is not Excel's _x0000_sN one that is, above the
// part's highest: LibreOffice names the comment boxes of a converted .xls shape_0, and excelize,
// adding our comment beside them, fails on parsing that as a number. Comments find their cell by
// the shape's anchor, not its id, so renaming loses nothing.
func renumberShapes(part []byte) ([]byte, bool) {
	next := 1024
	foreign := false
	for _, m := range vmlShapeID.FindAllSubmatch(part, -1) {
		if n := excelShapeID.FindSubmatch(m[2]); n != nil {
			if v, err := strconv.Atoi(string(n[1])); err == nil {
				next = max(next, v)
			}
		} else {
			foreign = true
		}
	}
	if !foreign {
		return part, false
	}
	return vmlShapeID.ReplaceAllFunc(part, func(m []byte) []byte {
		sub := vmlShapeID.FindSubmatch(m)
		if excelShapeID.Match(sub[2]) {
			return m
		}
		next++
		return fmt.Appendf(nil, "%s_x0000_s%d%s", sub[1], next, sub[3])
	}), true
}

// readPart unpacks one part of a package inspectPackage has passed, so of bounded size; the
// limit holds all the same should the two ever disagree.
func readPart(zf *zip.File) ([]byte, error) {
	rc, err := zf.Open()
	if err != nil {
		return nil, corruptErr()
	}
	defer rc.Close()
	part, err := io.ReadAll(io.LimitReader(rc, unzipXMLLimit+1))
	if err != nil || len(part) > unzipXMLLimit {
		return nil, corruptErr()
	}
	return part, nil
}

// charRefs writes text as XML numeric character references, valid in any part.
func charRefs(text string) []byte {
	var b []byte
	for _, r := range text {
		b = fmt.Appendf(b, "&#%d;", r)
	}
	return b
}

// rewritePackage writes a new package of the parts of zr in their order, each passed through
// edit, with the same names and compression, and then the added parts.
func rewritePackage(zr *zip.Reader, edit func(name string, part []byte) []byte, added []addedPart) ([]byte, error) {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	write := func(hdr *zip.FileHeader, body []byte) error {
		w, err := zw.CreateHeader(hdr)
		if err != nil {
			return err
		}
		_, err = io.Copy(w, bytes.NewReader(body))
		return err
	}
	for _, zf := range zr.File {
		part, err := readPart(zf)
		if err != nil {
			return nil, err
		}
		if err := write(&zip.FileHeader{Name: zf.Name, Method: zf.Method, Modified: zf.Modified}, edit(zf.Name, part)); err != nil {
			return nil, err
		}
	}
	for _, a := range added {
		if err := write(&zip.FileHeader{Name: a.name, Method: zip.Deflate}, edit(a.name, a.body)); err != nil {
			return nil, err
		}
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
