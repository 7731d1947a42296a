package excelio

import (
	"archive/zip"
	"bytes"
	"io"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/jxzp/jxzp/scoring"
)

// sstPart is where the patcher expects the shared strings.
const sstPart = "xl/sharedStrings.xml"

// reviewPart renders the review sheet name for results and updates the styles and shared
// strings it uses. It writes the sheet with excelize into a package holding only the unit's
// styles and strings.
func reviewPart(p *pkgPatch, styles *stylePatch, results []*scoring.Result, order map[string]int, name string) ([]byte, error) {
	stylesXML, err := styles.bytes()
	if err != nil {
		return nil, err
	}
	var sst []byte
	rels, err := p.part(wbRelsPart)
	if err != nil {
		return nil, err
	}
	for _, r := range relsOf(rels, "xl/") {
		if strings.HasSuffix(r.typ, "/sharedStrings") {
			if r.target != sstPart || !p.has(sstPart) {
				return nil, errNoPatch
			}
			if sst, err = p.part(sstPart); err != nil {
				return nil, err
			}
		}
	}
	parts := map[string][]byte{
		ctPart:                     []byte(`<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/></Types>`),
		"_rels/.rels":              []byte(`<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`),
		wbPart:                     []byte(`<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="p" sheetId="1" r:id="rId1"/></sheets></workbook>`),
		"xl/worksheets/sheet1.xml": []byte(`<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData/></worksheet>`),
		stylesPart:                 stylesXML,
	}
	wbRels := `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>`
	if sst != nil {
		parts[sstPart] = sst
		wbRels += `<Relationship Id="rId3" Type="` + relSST + `" Target="sharedStrings.xml"/>`
	}
	parts[wbRelsPart] = []byte(wbRels + `</Relationships>`)
	var zb bytes.Buffer
	zw := zip.NewWriter(&zb)
	for n, b := range parts {
		if err := writePart(zw, zip.FileHeader{Name: n}, b); err != nil {
			return nil, err
		}
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	f, err := openPackage(zb.Bytes())
	if err != nil {
		return nil, err
	}
	defer f.Close()
	if _, err := f.NewSheet(name); err != nil {
		return nil, err
	}
	f.SetActiveSheet(1)
	if err := writeReviewContent(f, name, results, order); err != nil {
		return nil, err
	}
	out, err := f.WriteToBuffer()
	if err != nil {
		return nil, err
	}
	zr, err := zip.NewReader(bytes.NewReader(out.Bytes()), int64(out.Len()))
	if err != nil {
		return nil, err
	}
	got := map[string][]byte{}
	for _, zf := range zr.File {
		rc, err := zf.Open()
		if err != nil {
			return nil, err
		}
		got[zf.Name], err = io.ReadAll(rc)
		rc.Close()
		if err != nil {
			return nil, err
		}
	}
	p.set(stylesPart, got[stylesPart])
	if b, ok := got[sstPart]; ok {
		p.set(sstPart, b)
	}
	return got["xl/worksheets/sheet2.xml"], nil
}

// linkSharedStrings gives a shared strings part the review sheet created its relationship and
// content type, after the review sheet's as excelize added them.
func linkSharedStrings(p *pkgPatch) error {
	if !p.has(sstPart) {
		return nil
	}
	rels, err := p.part(wbRelsPart)
	if err != nil {
		return err
	}
	for _, r := range relsOf(rels, "xl/") {
		if strings.HasSuffix(r.typ, "/sharedStrings") {
			return nil
		}
	}
	if rels, err = addRel(rels, nextRelID(rels), relSST, "sharedStrings.xml"); err != nil {
		return err
	}
	p.set(wbRelsPart, rels)
	return addOverride(p, "/"+sstPart, ctSST)
}

// writeReviewContent writes the review sheet's cells, widths and print setup, as addReviewSheet.
func writeReviewContent(f *excelize.File, name string, results []*scoring.Result, order map[string]int) error {
	w := &reviewWriter{f: f, sheet: name, st: newOutStyles(f), row: 1, order: order}
	if err := w.write(results); err != nil {
		return err
	}
	for i, width := range reviewWidths {
		col, _ := excelize.ColumnNumberToName(i + 1)
		if err := f.SetColWidth(name, col, col, width); err != nil {
			return err
		}
	}
	if err := w.fitTallRows(); err != nil {
		return err
	}
	return printSetup(f, name, "portrait", 0)
}
