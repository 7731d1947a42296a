package excelio

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// irregularSheet is a sheet the streaming reader leaves to excelize (its root has no
// namespace), so that reading the package it is in opens excelize.
const irregularSheet = `<worksheet><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>项目名称</t></is></c></row></sheetData></worksheet>`

// themeHead opens a theme part as Excel writes it.
const themeHead = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<a:theme xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" name="Office">`

// TestReadFormsUnreadParts: the parts reading never reads (theme, document properties, media)
// are not inflated, yet cannot carry a package past a bound: one declaring more than the limits
// is refused by what it declares; one lying about its size, or holding too many elements, is
// inflated and refused before excelize opens the package or the package is rewritten, and is
// never inflated otherwise. The limits are lowered so the packages are small.
func TestReadFormsUnreadParts(t *testing.T) {
	const mb = 1 << 20
	withLimits(t, func(l *packageLimits) { l.totalBytes, l.partBytes, l.elements = 8*mb, 4*mb, 100000 })
	regular := bombPart{name: "xl/worksheets/sheet2.xml", head: smallSheet}
	irregular := bombPart{name: "xl/worksheets/sheet2.xml", head: irregularSheet}
	// mended needs normalising (an undefined entity), which rewrites the package.
	mended := bombPart{name: "xl/worksheets/sheet2.xml", head: strings.Replace(smallSheet, "项目名称", "项目&nbsp;名称", 1)}
	sheet1 := bombPart{name: "xl/worksheets/sheet1.xml", head: smallSheet}
	bigTheme := bombPart{name: "xl/theme/theme1.xml", head: themeHead, fill: "<a:x/>", size: 64 * mb, tail: "</a:theme>"}
	lyingTheme := bigTheme
	lyingTheme.declared = 1 << 10
	manyElements := bombPart{name: "docProps/custom.xml", head: `<Properties>`, fill: "<p/>", size: 200000 * 4, tail: "</Properties>"}
	media := func(name string) bombPart { return bombPart{name: name, fill: "\x00", size: 3 * mb} }
	for _, tc := range []struct {
		name   string
		parts  []bombPart
		reason string // the refusal's reason; empty: the workbook is read
	}{
		{"a theme declaring 64 MB", bombPackage(sheet1, regular, bigTheme), "“theme1.xml”部分解压后超过 4 MB"},
		{"media declaring 9 MB together", bombPackage(sheet1, regular, media("xl/media/image1.png"), media("xl/media/image2.png"), media("xl/media/image3.png")), "工作簿解压后超过 8 MB"},
		{"a lying theme, never inflated", bombPackage(sheet1, regular, lyingTheme), ""},
		// archive/zip stops a part past the size it declares: the package is damaged.
		{"a lying theme before excelize opens", bombPackage(sheet1, irregular, lyingTheme), "文件已损坏"},
		{"a lying theme before the package is rewritten", bombPackage(sheet1, mended, lyingTheme), "文件已损坏"},
		{"too many elements in the properties, never counted", bombPackage(sheet1, regular, manyElements), ""},
		{"too many elements in the properties before excelize opens", bombPackage(sheet1, irregular, manyElements), "XML 元素超过 100000 个"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "unread.xlsx")
			writeBomb(t, path, tc.parts)
			var wb *Workbook
			var err error
			alloc := allocated(func() { wb, err = readWithin(t, 10*time.Second, path, ReadOptions{}) })
			if alloc > 4*mb {
				t.Errorf("ReadForms allocated %d MB: the unread part was held", alloc/mb)
			}
			if tc.reason == "" {
				if err != nil {
					t.Fatalf("refused: %v", err)
				}
				if len(wb.Sheets) != 2 {
					t.Errorf("sheets %v", wb.Sheets)
				}
				return
			}
			fe := wantFileError(t, err, "B03", ErrTooLarge, ErrCorrupt)
			if !strings.Contains(fe.Reason, tc.reason) {
				t.Errorf("reason %q, want it to say %q", fe.Reason, tc.reason)
			}
			if wb != nil {
				t.Error("a workbook came back with the refusal")
			}
		})
	}
}

// TestScanReadSkipsUnreadParts: a scan for reading keeps the parts the reader and the copy read
// (sheets, shared strings, styles, workbook, relationships, content types, comments, VML) and
// leaves the others uninflated, counted by their declared sizes; complete inflates them.
func TestScanReadSkipsUnreadParts(t *testing.T) {
	parts := bombPackage(bombPart{name: "xl/worksheets/sheet1.xml", head: smallSheet}, bombPart{name: "xl/worksheets/sheet2.xml", head: smallSheet})
	for name, body := range map[string]string{
		"xl/sharedStrings.xml":                `<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"/>`,
		"xl/styles.xml":                       `<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"/>`,
		"xl/comments1.xml":                    `<comments xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"/>`,
		"xl/drawings/vmlDrawing1.vml":         `<xml/>`,
		"xl/worksheets/_rels/sheet1.xml.rels": `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"/>`,
		"xl/drawings/drawing1.xml":            `<xdr:wsDr xmlns:xdr="x"/>`,
		"xl/media/image1.png":                 "\x89PNG",
		"docProps/core.xml":                   `<cp:coreProperties xmlns:cp="x"/>`,
		"xl/theme/theme1.xml":                 themeHead + `</a:theme>`,
		"xl/printerSettings/ps1.bin":          "\x00\x01",
	} {
		parts = append(parts, bombPart{name: name, head: body})
	}
	path := filepath.Join(t.TempDir(), "parts.xlsx")
	writeBomb(t, path, parts)
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	sp, err := scanZip(data, nil, limits.partBytes, scanRead)
	if err != nil {
		t.Fatal(err)
	}
	var declared int64
	for _, zf := range sp.zr.File {
		key := partKey(zf.Name)
		_, kept := sp.parts[zf.Name]
		unread := sp.isUnread(zf)
		wantUnread := strings.HasPrefix(key, "docprops/") || strings.HasPrefix(key, "xl/theme/") ||
			key == "xl/drawings/drawing1.xml" || key == "xl/media/image1.png" || key == "xl/printersettings/ps1.bin"
		if unread != wantUnread || kept == unread {
			t.Errorf("%s: unread %v, kept %v", zf.Name, unread, kept)
		}
		if unread {
			declared += int64(zf.UncompressedSize64)
		}
	}
	before := sp.st.inflated
	if err := sp.complete(); err != nil {
		t.Fatal(err)
	}
	if sp.st.inflated != before || len(sp.unread) != 0 {
		t.Errorf("inflated %d after completing, %d before (%d declared unread); %d left unread", sp.st.inflated, before, declared, len(sp.unread))
	}
	for _, zf := range sp.zr.File {
		if _, kept := sp.parts[zf.Name]; kept != isXMLPart(partKey(zf.Name)) {
			t.Errorf("%s: kept %v after completing", zf.Name, kept)
		}
	}
}

// TestReadFormsMendsUnreadPartsForExcelize: an undefined entity in the theme, which excelize
// decodes, is mended when excelize opens the package, as before; a package read without excelize
// keeps its unread parts as stored.
func TestReadFormsMendsUnreadPartsForExcelize(t *testing.T) {
	theme := bombPart{name: "xl/theme/theme1.xml", head: themeHead + `<a:x name="a&nbsp;b"/></a:theme>`}
	for _, tc := range []struct {
		name   string
		sheet  bombPart
		mended bool
	}{
		{"read by excelize", bombPart{name: "xl/worksheets/sheet2.xml", head: irregularSheet}, true},
		{"streamed", bombPart{name: "xl/worksheets/sheet2.xml", head: smallSheet}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "entity.xlsx")
			writeBomb(t, path, bombPackage(bombPart{name: "xl/worksheets/sheet1.xml", head: smallSheet}, tc.sheet, theme))
			wb, err := ReadForms(path, ReadOptions{})
			if err != nil {
				t.Fatal(err)
			}
			out := filepath.Join(t.TempDir(), "read.xlsx")
			if err := os.WriteFile(out, wb.Data, 0o600); err != nil {
				t.Fatal(err)
			}
			got := zipPart(t, out, "xl/theme/theme1.xml")
			if mended := strings.Contains(got, "a&#160;b"); mended != tc.mended || !mended && !strings.Contains(got, "a&nbsp;b") {
				t.Errorf("theme %q, want mended %v", got, tc.mended)
			}
			// A mended package's copy is made from wb.Data, not from the parts the reading kept.
			if kept := wb.kept != nil; kept == tc.mended {
				t.Errorf("parts kept for the copy: %v, want %v", kept, !tc.mended)
			}
		})
	}
}
