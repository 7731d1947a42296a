package excelio

import (
	"archive/zip"
	"bytes"
	"image"
	"image/color"
	"image/png"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/jxzp/jxzp/scoring"
)

// mayChange matches the parts annotating is allowed to change: the package index, the styles
// and strings, the worksheets (fills, sheet views, legacyDrawing) with their relationships, and
// the comments and their VML. Every other part of the unit's package must reach the copy as it
// was stored.
var mayChange = regexp.MustCompile(`^(\[Content_Types\]\.xml|xl/workbook\.xml|xl/_rels/workbook\.xml\.rels|xl/styles\.xml|xl/sharedStrings\.xml|xl/calcChain\.xml|docProps/app\.xml|xl/worksheets/(_rels/)?sheet[0-9]+\.xml(\.rels)?|xl/comments[0-9]*\.xml|xl/drawings/vmlDrawing[0-9]*\.vml)$`)

// TestCopyKeepsUntouchedParts compares, part by part, the unit's package with its annotated
// copy: every part annotating does not change is in the copy byte for byte, stored bytes and
// CRC included (copied, not compressed again), for the bundled samples and a workbook with
// images on two sheets.
func TestCopyKeepsUntouchedParts(t *testing.T) {
	p, err := scoring.LoadProfile("mof2020")
	if err != nil {
		t.Fatal(err)
	}
	paths, _ := filepath.Glob("../samples/*.xlsx")
	paths = append(paths, workbookWithImages(t), repackedOtherwise(t, paths[0]))
	for _, src := range paths {
		wb, err := ReadForms(src, ReadOptions{})
		if err != nil || len(wb.Forms) == 0 {
			t.Fatalf("%s: %v", src, err)
		}
		var rs []*scoring.Result
		for _, f := range wb.Forms {
			rs = append(rs, scoring.Evaluate(f, p, scoring.Options{}))
		}
		dst := filepath.Join(t.TempDir(), "copy.xlsx")
		if err := Annotate(wb.Data, dst, rs); err != nil {
			t.Fatal(err)
		}
		in, out := storedParts(t, wb.Data), storedParts(t, mustRead(t, dst))
		kept := 0
		for name, a := range in {
			if mayChange.MatchString(name) {
				continue
			}
			b, ok := out[name]
			if !ok {
				t.Errorf("%s: part %s missing from the copy", filepath.Base(src), name)
				continue
			}
			if a.CRC32 != b.CRC32 || !bytes.Equal(storedOf(t, a), storedOf(t, b)) {
				t.Errorf("%s: part %s not copied as stored", filepath.Base(src), name)
			}
			kept++
		}
		if kept == 0 {
			t.Errorf("%s: no part compared", filepath.Base(src))
		}
	}
}

// workbookWithImages is the source workbook of the annotate tests with a picture on the form's
// sheet and one on another sheet: media and drawings the copy must carry unchanged.
func workbookWithImages(t *testing.T) string {
	t.Helper()
	src := filepath.Join(t.TempDir(), "images.xlsx")
	writeSourceWorkbook(t, src)
	f, err := excelize.OpenFile(src)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var img bytes.Buffer
	pic := image.NewRGBA(image.Rect(0, 0, 8, 4))
	pic.Set(1, 1, color.RGBA{R: 200, A: 255})
	if err := png.Encode(&img, pic); err != nil {
		t.Fatal(err)
	}
	for _, at := range [][2]string{{"自评表", "K2"}, {"说明", "B3"}} {
		if err := f.AddPictureFromBytes(at[0], at[1], &excelize.Picture{Extension: ".png", File: img.Bytes()}); err != nil {
			t.Fatal(err)
		}
	}
	if err := f.Save(); err != nil {
		t.Fatal(err)
	}
	return src
}

// repackedOtherwise is the workbook at src as another program would have written it: every part
// stored uncompressed, the theme with a comment, the package relationships self-closed. A copy
// that compressed its parts again, or re-marshalled those two, differs from it.
func repackedOtherwise(t *testing.T, src string) string {
	t.Helper()
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	for name, zf := range storedParts(t, mustRead(t, src)) {
		rc, err := zf.Open()
		if err != nil {
			t.Fatal(err)
		}
		data, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		switch {
		case strings.HasPrefix(name, "xl/theme/"):
			data = bytes.Replace(data, []byte("?>"), []byte("?>\n<!-- 本单位的主题 -->"), 1)
		case name == "_rels/.rels":
			data = bytes.ReplaceAll(data, []byte("></Relationship>"), []byte("/>"))
		}
		w, err := zw.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Store})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write(data); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	dst := filepath.Join(t.TempDir(), "repacked.xlsx")
	if err := os.WriteFile(dst, out.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return dst
}

// storedParts indexes a package's entries by name.
func storedParts(t *testing.T, data []byte) map[string]*zip.File {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	m := map[string]*zip.File{}
	for _, zf := range zr.File {
		m[zf.Name] = zf
	}
	return m
}

// storedOf is an entry's bytes as stored in the zip (compressed).
func storedOf(t *testing.T, zf *zip.File) []byte {
	t.Helper()
	r, err := zf.OpenRaw()
	if err != nil {
		t.Fatal(err)
	}
	data, err := io.ReadAll(r)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// TestSameRelationships: the package relationships excelize writes back are the unit's when
// they name the same parts, however spelt; a relationship more or less is a change.
func TestSameRelationships(t *testing.T) {
	a := []byte(`<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Type="t1" Target="xl/workbook.xml" Id="rId1"/><Relationship Type="t2" Target="docProps/core.xml" Id="rId2"/></Relationships>`)
	b := []byte(`<?xml version="1.0" encoding="UTF-8"?>` + "\n" + `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId2" Target="docProps/core.xml" Type="t2"></Relationship><Relationship Id="rId1" Target="xl/workbook.xml" Type="t1"></Relationship></Relationships>`)
	c := []byte(`<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Type="t1" Target="xl/workbook.xml" Id="rId1"/></Relationships>`)
	if !sameRelationships(a, b) {
		t.Error("the same relationships in another spelling differ")
	}
	if sameRelationships(a, c) || sameRelationships(a, []byte("<Relationships")) {
		t.Error("a missing relationship or a broken part compares equal")
	}
}

// TestPatchZipCompressesChangedParts: a part whose content changed, or which the unit's package
// lacks, is written anew; one with the unit's content is copied as stored, even when it was
// stored uncompressed.
func TestPatchZipCompressesChangedParts(t *testing.T) {
	var src bytes.Buffer
	zw := zip.NewWriter(&src)
	for _, e := range []struct {
		name   string
		method uint16
	}{{"a.xml", zip.Deflate}, {"b.xml", zip.Store}, {"c.xml", zip.Deflate}} {
		w, err := zw.CreateHeader(&zip.FileHeader{Name: e.name, Method: e.method})
		if err != nil {
			t.Fatal(err)
		}
		io.WriteString(w, "<x>"+e.name+"</x>")
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	pz := newPatchZip(src.Bytes())(&out)
	for _, e := range [][2]string{{"a.xml", "<x>a.xml</x>"}, {"b.xml", "<x>b.xml</x>"}, {"c.xml", "<x>changed</x>"}, {"d.xml", "<x>new</x>"}} {
		w, err := pz.Create(e[0])
		if err != nil {
			t.Fatal(err)
		}
		io.WriteString(w, e[1])
	}
	if err := pz.Close(); err != nil {
		t.Fatal(err)
	}
	got := storedParts(t, out.Bytes())
	if got["b.xml"].Method != zip.Store || got["a.xml"].Method != zip.Deflate {
		t.Error("unchanged parts not copied as stored")
	}
	for name, want := range map[string]string{"a.xml": "<x>a.xml</x>", "b.xml": "<x>b.xml</x>", "c.xml": "<x>changed</x>", "d.xml": "<x>new</x>"} {
		rc, err := got[name].Open()
		if err != nil {
			t.Fatal(err)
		}
		data, _ := io.ReadAll(rc)
		rc.Close()
		if string(data) != want {
			t.Errorf("%s = %q, want %q", name, data, want)
		}
	}
}
