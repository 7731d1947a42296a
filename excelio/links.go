package excelio

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"maps"
	"path"
	"slices"
	"strings"
)

// extLink is a hyperlink from a cell to a file outside the workbook, waiting to be written.
type extLink struct {
	cell, target, tooltip string
}

// linkSet collects the external hyperlinks of a workbook being built, per sheet, so that they
// are written once at the end. excelize's SetCellHyperLink scans every relationship of the
// sheet on each call, which made a summary of 10,000 forms take minutes (quadratic in forms).
type linkSet map[string][]extLink

// maxSheetLinks is the most hyperlinks Excel keeps on one worksheet; it drops the rest when it
// opens the file, with a repair message, so they are not written.
const maxSheetLinks = 65530

// add records a link from sheet!cell to target; past maxSheetLinks on a sheet the cell keeps
// its text (the path of the copy) without a link.
func (ls linkSet) add(sheet, cell, target, tooltip string) {
	if len(ls[sheet]) < maxSheetLinks {
		ls[sheet] = append(ls[sheet], extLink{cell, target, tooltip})
	}
}

// Relationship namespaces and the hyperlink relationship type of Transitional OOXML.
const (
	nsRelationships = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
	nsPackageRels   = "http://schemas.openxmlformats.org/package/2006/relationships"
	relHyperlink    = nsRelationships + "/hyperlink"
)

// writeWithLinks copies the package pkg to w with the links added: each linked sheet's part gets
// a <hyperlinks> element and its relationships part one relationship per distinct target.
// Every other part is copied raw, compressed bytes and header alike, so the output stays
// byte-for-byte reproducible.
func writeWithLinks(pkg []byte, w io.Writer, links linkSet) error {
	zr, err := zip.NewReader(bytes.NewReader(pkg), int64(len(pkg)))
	if err != nil {
		return err
	}
	parts, err := summarySheetParts(zr)
	if err != nil {
		return err
	}
	// part name → the sheet's links; the rels part name → the sheet part it belongs to.
	byPart := map[string][]extLink{}
	relsOf := map[string]string{}
	for sheet, ls := range links {
		p, ok := parts[sheet]
		if !ok {
			return fmt.Errorf("hyperlinks for a missing sheet %q", sheet)
		}
		byPart[p] = ls
		relsOf[path.Join(path.Dir(p), "_rels", path.Base(p)+".rels")] = p
	}
	// Ids are chosen so as not to meet the ones excelize gave: a prefix of our own.
	ids := map[string][]string{} // sheet part → relationship id per link
	newRels := map[string][]byte{}
	for p, ls := range byPart {
		idOf := map[string]string{}
		var rels bytes.Buffer
		for _, l := range ls {
			id, ok := idOf[l.target]
			if !ok {
				id = fmt.Sprintf("rIdLink%d", len(idOf)+1)
				idOf[l.target] = id
				fmt.Fprintf(&rels, `<Relationship Id="%s" Type="%s" Target="%s" TargetMode="External"/>`, id, relHyperlink, attrEscape(l.target))
			}
			ids[p] = append(ids[p], id)
		}
		newRels[p] = rels.Bytes()
	}

	zw := zip.NewWriter(w)
	seenRels := map[string]bool{}
	for _, f := range zr.File {
		sheet, isSheet := byPart[f.Name]
		owner, isRels := relsOf[f.Name]
		switch {
		case isSheet:
			body, err := unzipPart(f)
			if err != nil {
				return err
			}
			if body, err = insertHyperlinks(body, sheet, ids[f.Name]); err != nil {
				return fmt.Errorf("%s: %w", f.Name, err)
			}
			if err := writePart(zw, f.FileHeader, body); err != nil {
				return err
			}
		case isRels:
			seenRels[f.Name] = true
			body, err := unzipPart(f)
			if err != nil {
				return err
			}
			end := bytes.LastIndex(body, []byte("</Relationships>"))
			if end < 0 {
				return fmt.Errorf("%s: no </Relationships>", f.Name)
			}
			body = append(body[:end:end], append(newRels[owner], body[end:]...)...)
			if err := writePart(zw, f.FileHeader, body); err != nil {
				return err
			}
		default:
			if err := copyRaw(zw, f); err != nil {
				return err
			}
		}
	}
	// In name order: map order would give different bytes on every run.
	for _, relsName := range slices.Sorted(maps.Keys(relsOf)) {
		owner := relsOf[relsName]
		if seenRels[relsName] {
			continue
		}
		body := append([]byte(xml.Header[:len(xml.Header)-1]+`<Relationships xmlns="`+nsPackageRels+`">`), newRels[owner]...)
		body = append(body, "</Relationships>"...)
		hdr := zip.FileHeader{Name: relsName, Method: zip.Deflate}
		for _, f := range zr.File {
			if f.Name == owner {
				hdr.Modified = f.Modified
			}
		}
		if err := writePart(zw, hdr, body); err != nil {
			return err
		}
	}
	return zw.Close()
}

// summarySheetParts maps each sheet's name to its part in a workbook excelize wrote (the
// summary), from workbook.xml and its relationships; sheetParts does the reverse for any input.
func summarySheetParts(zr *zip.Reader) (map[string]string, error) {
	var wb struct {
		Sheets []struct {
			Name string `xml:"name,attr"`
			ID   string `xml:"http://schemas.openxmlformats.org/officeDocument/2006/relationships id,attr"`
		} `xml:"sheets>sheet"`
	}
	var rels struct {
		Rels []struct {
			ID     string `xml:"Id,attr"`
			Target string `xml:"Target,attr"`
		} `xml:"Relationship"`
	}
	for name, v := range map[string]any{"xl/workbook.xml": &wb, "xl/_rels/workbook.xml.rels": &rels} {
		f, err := zr.Open(name)
		if err != nil {
			return nil, err
		}
		err = xml.NewDecoder(f).Decode(v)
		f.Close()
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
	}
	target := map[string]string{}
	for _, r := range rels.Rels {
		t := r.Target
		if strings.HasPrefix(t, "/") {
			t = t[1:]
		} else {
			t = path.Join("xl", t)
		}
		target[r.ID] = t
	}
	parts := map[string]string{}
	for _, s := range wb.Sheets {
		parts[s.Name] = target[s.ID]
	}
	return parts, nil
}

// afterHyperlinks are the worksheet elements that follow <hyperlinks> in the schema's order.
var afterHyperlinks = []string{"<printOptions", "<pageMargins", "<pageSetup", "<headerFooter", "<rowBreaks",
	"<colBreaks", "<customProperties", "<cellWatches", "<ignoredErrors", "<smartTags", "<drawing",
	"<legacyDrawing", "<legacyDrawingHF", "<drawingHF", "<picture", "<oleObjects", "<controls",
	"<webPublishItems", "<tableParts", "<extLst", "</worksheet>"}

// insertHyperlinks adds the links to a worksheet part as excelize writes one (no prefixes on
// the main namespace's elements), ids[i] being the relationship of links[i].
func insertHyperlinks(body []byte, links []extLink, ids []string) ([]byte, error) {
	var el bytes.Buffer
	for i, l := range links {
		fmt.Fprintf(&el, `<hyperlink ref="%s" r:id="%s"`, l.cell, ids[i])
		if l.tooltip != "" {
			fmt.Fprintf(&el, ` tooltip="%s"`, attrEscape(l.tooltip))
		}
		el.WriteString("/>")
	}
	data := bytes.Index(body, []byte("</sheetData>"))
	if data < 0 {
		return nil, fmt.Errorf("no sheetData")
	}
	if at := bytes.Index(body[data:], []byte("</hyperlinks>")); at >= 0 {
		at += data
		return concat(body[:at], el.Bytes(), body[at:]), nil
	}
	at := -1
	for _, tag := range afterHyperlinks {
		if i := bytes.Index(body[data:], []byte(tag)); i >= 0 && (at < 0 || data+i < at) {
			at = data + i
		}
	}
	if at < 0 {
		return nil, fmt.Errorf("no end of worksheet")
	}
	wrapped := concat([]byte("<hyperlinks>"), el.Bytes(), []byte("</hyperlinks>"))
	body = concat(body[:at], wrapped, body[at:])
	// The r: prefix must be declared on the root; excelize declares it only when it wrote a
	// relationship itself.
	root := bytes.Index(body, []byte("<worksheet"))
	if root < 0 {
		return nil, fmt.Errorf("no worksheet element")
	}
	end := root + bytes.IndexByte(body[root:], '>')
	if !bytes.Contains(body[root:end], []byte(`xmlns:r="`)) {
		body = concat(body[:root+len("<worksheet")], []byte(` xmlns:r="`+nsRelationships+`"`), body[root+len("<worksheet"):])
	}
	return body, nil
}

// concat joins byte slices into a new one.
func concat(parts ...[]byte) []byte {
	return bytes.Join(parts, nil)
}

// attrEscape is s as an XML attribute value.
func attrEscape(s string) string {
	var b strings.Builder
	_ = xml.EscapeText(&b, []byte(s))
	return b.String()
}

// unzipPart is the uncompressed content of one zip entry.
func unzipPart(f *zip.File) ([]byte, error) {
	rc, err := f.Open()
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	return io.ReadAll(rc)
}

// writePart writes body as a deflated entry with hdr's name and time.
func writePart(zw *zip.Writer, hdr zip.FileHeader, body []byte) error {
	w, err := zw.CreateHeader(&zip.FileHeader{Name: hdr.Name, Method: zip.Deflate, Modified: hdr.Modified})
	if err != nil {
		return err
	}
	_, err = w.Write(body)
	return err
}

// copyRaw copies an entry without decompressing it.
func copyRaw(zw *zip.Writer, f *zip.File) error {
	r, err := f.OpenRaw()
	if err != nil {
		return err
	}
	hdr := f.FileHeader
	w, err := zw.CreateRaw(&hdr)
	if err != nil {
		return err
	}
	_, err = io.Copy(w, r)
	return err
}
