package excelio

import (
	"archive/zip"
	"bytes"
	"testing"

	"github.com/xuri/excelize/v2"
)

// TestWriteWithLinks checks the links written after saving read back as excelize's own would,
// a shared target gets one relationship, and every other part is copied as it was.
func TestWriteWithLinks(t *testing.T) {
	f := excelize.NewFile()
	if _, err := f.NewSheet("二"); err != nil {
		t.Fatal(err)
	}
	if err := f.SetCellValue("Sheet1", "A1", "x"); err != nil {
		t.Fatal(err)
	}
	var pkg bytes.Buffer
	if _, err := f.WriteTo(&pkg); err != nil {
		t.Fatal(err)
	}
	ls := linkSet{}
	ls.add("Sheet1", "A1", "审核结果/甲&乙.xlsx", "甲")
	ls.add("Sheet1", "A2", "审核结果/甲&乙.xlsx", "")
	ls.add("二", "B3", "审核结果/丙.xlsx", "丙")
	var out bytes.Buffer
	if err := writeWithLinks(pkg.Bytes(), &out, ls); err != nil {
		t.Fatal(err)
	}
	g, err := excelize.OpenReader(bytes.NewReader(out.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	defer g.Close()
	for _, c := range []struct{ sheet, cell, target string }{
		{"Sheet1", "A1", "审核结果/甲&乙.xlsx"}, {"Sheet1", "A2", "审核结果/甲&乙.xlsx"}, {"二", "B3", "审核结果/丙.xlsx"},
	} {
		ok, target, err := g.GetCellHyperLink(c.sheet, c.cell)
		if err != nil || !ok || target != c.target {
			t.Errorf("%s!%s: link %v %q %v, want %q", c.sheet, c.cell, ok, target, err, c.target)
		}
	}
	in, _ := zip.NewReader(bytes.NewReader(pkg.Bytes()), int64(pkg.Len()))
	got, _ := zip.NewReader(bytes.NewReader(out.Bytes()), int64(out.Len()))
	changed := map[string]bool{"xl/worksheets/sheet1.xml": true, "xl/worksheets/sheet2.xml": true}
	parts := map[string]*zip.File{}
	for _, zf := range got.File {
		parts[zf.Name] = zf
	}
	for _, zf := range in.File {
		if changed[zf.Name] {
			continue
		}
		a, _ := unzipPart(zf)
		b, err := unzipPart(parts[zf.Name])
		if err != nil || !bytes.Equal(a, b) {
			t.Errorf("%s not copied as it was", zf.Name)
		}
	}
	rels, err := unzipPart(parts["xl/worksheets/_rels/sheet1.xml.rels"])
	if err != nil || bytes.Count(rels, []byte("<Relationship ")) != 1 {
		t.Errorf("sheet1 rels: %s %v, want one relationship for the shared target", rels, err)
	}
}

// TestLinkSetCap checks a sheet gets no more links than Excel keeps.
func TestLinkSetCap(t *testing.T) {
	ls := linkSet{}
	for range maxSheetLinks + 5 {
		ls.add("s", "A1", "t", "")
	}
	if len(ls["s"]) != maxSheetLinks {
		t.Errorf("%d links, want %d", len(ls["s"]), maxSheetLinks)
	}
}
