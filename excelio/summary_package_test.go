package excelio

import (
	"archive/zip"
	"bytes"
	"testing"

	"github.com/xuri/excelize/v2"
)

// TestWritePackage checks that streamed rows, their shared strings and links written after
// saving read back as excelize's own would, after the cells excelize wrote itself; that a
// shared target gets one relationship; and that every other part is copied as it was.
func TestWritePackage(t *testing.T) {
	f := excelize.NewFile()
	if _, err := f.NewSheet("二"); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ sheet, cell, v string }{{"Sheet1", "A1", "标题"}, {"Sheet1", "B3", "表头"}, {"二", "A1", "x"}} {
		if err := f.SetCellValue(c.sheet, c.cell, c.v); err != nil {
			t.Fatal(err)
		}
	}
	sw := &summaryWriter{f: f, st: newOutStyles(f), links: linkSet{}}
	rs := &rawSheet{name: "Sheet1", final: []float64{10, 10, 10}, produce: func(_ colWidths, emit func(*rawRow) error) error {
		rows := []*rawRow{
			{cells: []summaryCell{{"甲&乙 <1>", sText}, {3, sInt}, {dec("0.125"), sRate}}, linkCol: 1, link: "审核结果/甲&乙.xlsx"},
			{cells: []summaryCell{{"标题", sText}, {nil, sText}, {" x\n", sText}}, linkCol: 3, link: "审核结果/甲&乙.xlsx"},
			{cells: []summaryCell{{"合计", sTotal}, {"丙", sText}}, span: 2, linkCol: 3, link: "审核结果/丙.xlsx"},
		}
		for _, r := range rows {
			if err := emit(r); err != nil {
				return err
			}
		}
		return nil
	}}
	if _, _, err := sw.layout(rs, nil, nil); err != nil {
		t.Fatal(err)
	}
	sw.raw = append(sw.raw, rs)
	var pkg bytes.Buffer
	if _, err := f.WriteTo(&pkg); err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	if err := sw.writePackage(pkg.Bytes(), &out); err != nil {
		t.Fatal(err)
	}
	g, err := excelize.OpenReader(bytes.NewReader(out.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	defer g.Close()
	for _, c := range []struct{ sheet, cell, want string }{
		{"Sheet1", "A1", "标题"}, {"Sheet1", "B3", "表头"}, {"Sheet1", "A4", "甲&乙 <1>"}, {"Sheet1", "B4", "3"},
		{"Sheet1", "C4", "0.125"}, {"Sheet1", "A5", "标题"}, {"Sheet1", "C5", " x\n"}, {"Sheet1", "A6", "合计"},
		{"Sheet1", "C6", "丙"}, {"二", "A1", "x"},
	} {
		if got, err := g.GetCellValue(c.sheet, c.cell, excelize.Options{RawCellValue: true}); err != nil || got != c.want {
			t.Errorf("%s!%s = %q %v, want %q", c.sheet, c.cell, got, err, c.want)
		}
	}
	if m, err := g.GetMergeCells("Sheet1"); err != nil || len(m) != 1 || m[0].GetStartAxis() != "A6" || m[0].GetEndAxis() != "B6" {
		t.Errorf("merges = %v %v, want A6:B6", m, err)
	}
	for _, c := range []struct{ sheet, cell, target string }{
		{"Sheet1", "A4", "审核结果/甲&乙.xlsx"}, {"Sheet1", "C5", "审核结果/甲&乙.xlsx"}, {"Sheet1", "C6", "审核结果/丙.xlsx"},
	} {
		ok, target, err := g.GetCellHyperLink(c.sheet, c.cell)
		if err != nil || !ok || target != c.target {
			t.Errorf("%s!%s: link %v %q %v, want %q", c.sheet, c.cell, ok, target, err, c.target)
		}
	}
	in, _ := zip.NewReader(bytes.NewReader(pkg.Bytes()), int64(pkg.Len()))
	got, _ := zip.NewReader(bytes.NewReader(out.Bytes()), int64(out.Len()))
	changed := map[string]bool{"xl/worksheets/sheet1.xml": true, "xl/sharedStrings.xml": true}
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
	if err != nil || bytes.Count(rels, []byte("<Relationship ")) != 2 {
		t.Errorf("sheet1 rels: %s %v, want one relationship per target", rels, err)
	}
}
