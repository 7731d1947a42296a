package excelio

import (
	"archive/zip"
	"bytes"
	"io"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/jxzp/jxzp/internal/ziptest"
	"github.com/jxzp/jxzp/scoring"
)

// toStrict rewrites a Transitional part with the namespaces Excel's "Strict Open XML" writes.
var toStrict = strings.NewReplacer(
	"http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties", "http://purl.oclc.org/ooxml/officeDocument/relationships/extendedProperties",
	"http://schemas.openxmlformats.org/officeDocument/2006/relationships", "http://purl.oclc.org/ooxml/officeDocument/relationships",
	"http://schemas.openxmlformats.org/officeDocument/2006/extended-properties", "http://purl.oclc.org/ooxml/officeDocument/extendedProperties",
	"http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes", "http://purl.oclc.org/ooxml/officeDocument/docPropsVTypes",
	"http://schemas.openxmlformats.org/spreadsheetml/2006/main", "http://purl.oclc.org/ooxml/spreadsheetml/main",
	"http://schemas.openxmlformats.org/drawingml/2006/main", "http://purl.oclc.org/ooxml/drawingml/main",
)

// packageParts returns every part of the package at path, by name.
func packageParts(t *testing.T, data []byte) map[string]string {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	parts := map[string]string{}
	for _, zf := range zr.File {
		rc, err := zf.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		parts[zf.Name] = string(b)
	}
	return parts
}

// readAndAnnotate reads the workbook at src as the batch does and writes its annotated copy,
// marking the form's findings; it returns the copy's parts.
func readAndAnnotate(t *testing.T, src string) (*Workbook, map[string]string) {
	t.Helper()
	wb, err := ReadForms(src, ReadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(wb.Forms) != 1 {
		t.Fatalf("%d forms read, want 1", len(wb.Forms))
	}
	dst := filepath.Join(t.TempDir(), "copy.xlsx")
	if err := Annotate(wb.Data, dst, []*scoring.Result{sampleResult("自评表")}); err != nil {
		t.Fatalf("annotate: %v", err)
	}
	return wb, packageParts(t, mustRead(t, dst))
}

// TestReadStrictPackage: a workbook saved as Strict OOXML is read, and its copy is a Transitional
// package whose every prefix is bound (excelize alone writes a workbook part using r: unbound).
func TestReadStrictPackage(t *testing.T) {
	dir := t.TempDir()
	plain, strict := filepath.Join(dir, "plain.xlsx"), filepath.Join(dir, "strict.xlsx")
	writeSourceWorkbook(t, plain)
	writeStrictCopy(t, plain, strict)
	wb, parts := readAndAnnotate(t, strict)
	if wb.Forms[0].Project.Text != "网络宣传管理和文化建设经费" {
		t.Errorf("project %q", wb.Forms[0].Project.Text)
	}
	for name, body := range parts {
		if strings.Contains(body, "purl.oclc.org") || strings.Contains(body, "conformance") {
			t.Errorf("%s still holds Strict namespaces", name)
		}
	}
	book := parts["xl/workbook.xml"]
	if strings.Contains(book, " r:id=") && !strings.Contains(book, "xmlns:r=") {
		t.Errorf("workbook.xml uses r: without binding it:\n%.400s", book)
	}
}

// TestEscapeUndefinedEntities: an entity XML does not define becomes the character an HTML
// writer meant, or its literal text; a part declaring its own entities is left as it is.
func TestEscapeUndefinedEntities(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"<t>a&amp;b&lt;c&#160;d</t>", ""},
		{"<t>执行率&nbsp;按实际</t>", "<t>执行率&#160;按实际</t>"},
		{"<t>a&nope;b&amp;nope;</t>", "<t>a&amp;nope;b&amp;nope;</t>"},
		{"<t>&ldquo;好&rdquo;</t>", "<t>&#8220;好&#8221;</t>"},
		{`<!DOCTYPE t [<!ENTITY x "y">]><t>&x;</t>`, ""},
	} {
		got, changed := escapeUndefinedEntities([]byte(tc.in))
		if changed != (tc.want != "") || (changed && string(got) != tc.want) {
			t.Errorf("%s: %q (changed %v), want %q", tc.in, got, changed, tc.want)
		}
		if changed && wellFormed(bytes.NewReader(got)) != nil {
			t.Errorf("%s: %q is not well-formed", tc.in, got)
		}
	}
}

// TestAnnotateCommentWithEntity: a unit's 批注 holding &nbsp; (written by an HTML-minded tool)
// once cost the copy with the raw XML error; it is now carried into our comment as it reads.
func TestAnnotateCommentWithEntity(t *testing.T) {
	dir := t.TempDir()
	plain, src := filepath.Join(dir, "plain.xlsx"), filepath.Join(dir, "entity.xlsx")
	writeSourceWorkbook(t, plain)
	found := false
	ziptest.Rewrite(t, plain, src, func(name string, body []byte) []byte {
		if strings.HasPrefix(name, "xl/comments") && bytes.Contains(body, []byte("执行率按实际填写")) {
			found = true
			return bytes.Replace(body, []byte("执行率按实际填写"), []byte("执行率&nbsp;按实际&nope;填写"), 1)
		}
		return body
	})
	if !found {
		t.Fatal("the source has no comment on H6 to patch")
	}
	_, parts := readAndAnnotate(t, src)
	for name, body := range parts {
		if strings.HasPrefix(name, "xl/comments") && strings.Contains(body, "执行率") {
			if !strings.Contains(body, "执行率\u00a0按实际&amp;nope;填写") && !strings.Contains(body, "执行率&#xA0;按实际&amp;nope;填写") {
				t.Errorf("the unit's comment is not carried as it reads:\n%s", regexp.MustCompile(`执行率[^<]*`).FindString(body))
			}
			return
		}
	}
	t.Error("no comment part carries the unit's comment")
}

// TestAnnotateWithoutSheetViews: <sheetViews> is optional, and LibreOffice and other writers
// omit it; excelize's MoveSheet panicked on such a sheet that was not the active one.
func TestAnnotateWithoutSheetViews(t *testing.T) {
	dir := t.TempDir()
	plain, src := filepath.Join(dir, "plain.xlsx"), filepath.Join(dir, "noviews.xlsx")
	writeSourceWorkbook(t, plain, "附表")
	views := regexp.MustCompile(`(?s)<sheetViews>.*?</sheetViews>|<sheetViews/>`)
	ziptest.Rewrite(t, plain, src, func(name string, body []byte) []byte {
		if strings.HasPrefix(name, "xl/worksheets/sheet") {
			return views.ReplaceAll(body, nil)
		}
		return body
	})
	if parts := packageParts(t, mustRead(t, src)); strings.Contains(parts["xl/worksheets/sheet2.xml"], "sheetView") {
		t.Fatal("the source still has sheet views")
	}
	readAndAnnotate(t, src)
}

// TestRenumberShapes: comment shapes named as LibreOffice names them get Excel's ids above the
// part's highest; a part already numbered by Excel is left as it is.
func TestRenumberShapes(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{`<v:shapetype id="_x0000_t202"/><v:shape id="_x0000_s1025" type="#_x0000_t202"/>`, ""},
		{`<v:shapetype id="_x0000_t202"/><v:shape id="shape_0" type="#_x0000_t202"/><v:shape id="shape_0"/>`,
			`<v:shapetype id="_x0000_t202"/><v:shape id="_x0000_s1025" type="#_x0000_t202"/><v:shape id="_x0000_s1026"/>`},
		{`<v:shape id="_x0000_s2040"/><v:shape fillcolor="#fbfe82" id="shape_1"/>`,
			`<v:shape id="_x0000_s2040"/><v:shape fillcolor="#fbfe82" id="_x0000_s2041"/>`},
	} {
		got, changed := renumberShapes([]byte(tc.in))
		if changed != (tc.want != "") || (changed && string(got) != tc.want) {
			t.Errorf("%s:\n got %s (changed %v)\nwant %s", tc.in, got, changed, tc.want)
		}
	}
}

// TestAnnotateLibreOfficeShapes: a workbook whose comment shapes carry LibreOffice's ids (every
// .xls converted for reading has them) is annotated, with the unit's comments kept on their cells.
func TestAnnotateLibreOfficeShapes(t *testing.T) {
	dir := t.TempDir()
	plain, src := filepath.Join(dir, "plain.xlsx"), filepath.Join(dir, "lo.xlsx")
	writeSourceWorkbook(t, plain)
	renamed := false
	ziptest.Rewrite(t, plain, src, func(name string, body []byte) []byte {
		if strings.HasSuffix(name, ".vml") {
			renamed = true
			return vmlShapeID.ReplaceAll(body, []byte(`${1}shape_0${3}`))
		}
		return body
	})
	if !renamed {
		t.Fatal("the source has no VML part")
	}
	_, parts := readAndAnnotate(t, src)
	var comments string
	for name, body := range parts {
		if strings.HasPrefix(name, "xl/comments") {
			comments += body
		}
	}
	for _, want := range []string{`ref="H6"`, "执行率按实际填写", `ref="A13"`, "等级按总分填写", commentAuthor} {
		if !strings.Contains(comments, want) {
			t.Errorf("the copy's comments lack %s", want)
		}
	}
}

// TestAnnotateSharedCommentsPart: system exports point several sheets at one comments part. Each
// sheet gets its own copy, so our comment on the second sheet lands in a part that sheet
// references, and the unit's comments stay where they were shown.
func TestAnnotateSharedCommentsPart(t *testing.T) {
	dir := t.TempDir()
	plain, src := filepath.Join(dir, "plain.xlsx"), filepath.Join(dir, "shared.xlsx")
	writeSourceWorkbook(t, plain)
	in := packageParts(t, mustRead(t, plain))
	rels := in["xl/worksheets/_rels/sheet1.xml.rels"]
	if !strings.Contains(rels, "comments") || in["xl/worksheets/_rels/sheet2.xml.rels"] != "" {
		t.Fatal("the source is not as the case needs: comments on sheet 1 only")
	}
	legacy := regexp.MustCompile(`<legacyDrawing r:id="[^"]+"\s*(/>|></legacyDrawing>)`).FindString(in["xl/worksheets/sheet1.xml"])
	if legacy == "" {
		t.Fatal("sheet 1 has no legacyDrawing")
	}
	ziptest.Rewrite(t, plain, src, func(name string, body []byte) []byte {
		if name == "xl/worksheets/sheet2.xml" {
			s := string(body)
			if !strings.Contains(s, "xmlns:r=") {
				s = strings.Replace(s, "<worksheet ", `<worksheet xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" `, 1)
			}
			return []byte(strings.Replace(s, "</worksheet>", legacy+"</worksheet>", 1))
		}
		return body
	})
	// The shared relationships part is added as a new entry of the package.
	shared := filepath.Join(dir, "shared2.xlsx")
	addPart(t, src, shared, "xl/worksheets/_rels/sheet2.xml.rels", rels)

	_, out := readAndAnnotate(t, shared)
	target := func(relsName, kind string) string {
		m := regexp.MustCompile(`Target="([^"]+)"[^>]*Type="[^"]*/` + kind + `"|Type="[^"]*/` + kind + `"[^>]*Target="([^"]+)"`).FindStringSubmatch(out[relsName])
		if m == nil {
			t.Fatalf("%s has no %s relationship:\n%s", relsName, kind, out[relsName])
		}
		return path.Clean(path.Join("xl/worksheets", m[1]+m[2]))
	}
	c1, c2 := target("xl/worksheets/_rels/sheet1.xml.rels", "comments"), target("xl/worksheets/_rels/sheet2.xml.rels", "comments")
	if c1 == c2 {
		t.Fatalf("both sheets still share %s", c1)
	}
	// sampleResult marks 说明!A1 (S07), on the second sheet, and 自评表!H6 (F04).
	if !strings.Contains(out[c2], `ref="A1"`) || !strings.Contains(out[c2], commentAuthor) {
		t.Errorf("our comment on 说明!A1 is not in %s, the part 说明 references:\n%.600s", c2, out[c2])
	}
	if !strings.Contains(out[c1], "执行率按实际填写") || !strings.Contains(out[c1], commentAuthor) {
		t.Errorf("%s lacks the unit's or our comment on H6", c1)
	}
	if !strings.Contains(out[c2], "执行率按实际填写") {
		t.Errorf("the unit's comments the second sheet showed are gone from %s", c2)
	}
}

// addPart copies the package src to dst with one more part.
func addPart(t *testing.T, src, dst, name, body string) {
	t.Helper()
	parts := packageParts(t, mustRead(t, src))
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	names := make([]string, 0, len(parts)+1)
	for n := range parts {
		names = append(names, n)
	}
	names = append(names, name)
	parts[name] = body
	for _, n := range names {
		w, err := zw.Create(n)
		if err != nil {
			t.Fatal(err)
		}
		w.Write([]byte(parts[n]))
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(dst, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}

// writeStrictCopy writes to strict the workbook at plain as Strict Open XML: its namespaces
// replaced by the strict ones (toStrict) and its workbook part marked conformance="strict".
func writeStrictCopy(t *testing.T, plain, strict string) {
	t.Helper()
	ziptest.Rewrite(t, plain, strict, func(name string, body []byte) []byte {
		if !isXMLPart(name) {
			return body
		}
		s := toStrict.Replace(string(body))
		if name == "xl/workbook.xml" {
			s = strings.Replace(s, "<workbook ", `<workbook conformance="strict" `, 1)
		}
		return []byte(s)
	})
}
