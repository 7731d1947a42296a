package excelio

// Resource bounds: packages that are small on disk but would cost excelize seconds and
// gigabytes are refused (B03, naming the sheet) while the inspection streams through them, and a
// real form beside a big data sheet is still read. The packages are built by writeBomb
// (hostile_test.go), streamed through the compressor.

import (
	"archive/zip"
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
)

// withLimits lowers the package limits for one test, so a bomb can be small and fast to build.
// Tests that call it must not run in parallel.
func withLimits(t *testing.T, change func(*packageLimits)) {
	t.Helper()
	saved := limits
	change(&limits)
	t.Cleanup(func() { limits = saved })
}

// prefixedSheetHead opens a worksheet whose elements all carry the prefix x: a row counter that
// looks for "<row" sees none of them, excelize reads them all.
const prefixedSheetHead = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><x:sheetData>`

// formulaRow is one row of 1,000 formula cells without cached values.
var formulaRow = "<row>" + strings.Repeat(`<c><f>A1+1</f></c>`, 1000) + "</row>"

// TestReadFormsBounds refuses, within seconds and bounded memory, packages under the size limits
// whose sheets hold far more cells or rows than any form: the reason names the sheet and the limit.
func TestReadFormsBounds(t *testing.T) {
	const mb = 1 << 20
	cells := func(n int) int64 { return int64(n * len(`<c><v>1</v></c>`)) }
	cases := []struct {
		name   string
		parts  []bombPart
		reason string
	}{
		{"a million formula cells", bombPackage(
			bombPart{name: "xl/worksheets/sheet1.xml", head: sheetHead, fill: formulaRow, size: int64(1000 * len(formulaRow)), tail: sheetTail},
			bombPart{name: "xl/worksheets/sheet2.xml", head: smallSheet},
		), "工作表“Sheet1”的单元格超过 200000 个"},
		{"rows with a prefix", bombPackage(
			bombPart{name: "xl/worksheets/sheet1.xml", head: smallSheet},
			bombPart{name: "xl/worksheets/sheet2.xml", head: prefixedSheetHead, fill: `<x:row><x:c><x:v>1</x:v></x:c></x:row>`, size: 30000 * 36, tail: `</x:sheetData></x:worksheet>`},
		), "工作表“Sheet2”超过 20000 行"},
		{"cells with a prefix in one row", bombPackage(
			bombPart{name: "xl/worksheets/sheet1.xml", head: prefixedSheetHead + `<x:row r="1">`, fill: `<x:c><x:v>1</x:v></x:c>`, size: 250000 * 23, tail: `</x:row></x:sheetData></x:worksheet>`},
			bombPart{name: "xl/worksheets/sheet2.xml", head: smallSheet},
		), "工作表“Sheet1”的单元格超过 200000 个"},
		{"two sheets over the workbook's cells", bombPackage(
			bombPart{name: "xl/worksheets/sheet1.xml", head: sheetHead + `<row r="1">`, fill: `<c><v>1</v></c>`, size: cells(160000), tail: `</row>` + sheetTail},
			bombPart{name: "xl/worksheets/sheet2.xml", head: sheetHead + `<row r="1">`, fill: `<c><v>1</v></c>`, size: cells(160000), tail: `</row>` + sheetTail},
		), "单元格合计超过 300000 个"},
		{"a sheet stored under another name", renamedSheetPackage(
			bombPart{head: sheetHead + `<row r="1">`, fill: `<c><v>1</v></c>`, size: cells(250000), tail: `</row>` + sheetTail},
		), "工作表“明细”的单元格超过 200000 个"},
		{"a sheet under another name before the index parts", sheetFirst(renamedSheetPackage(
			bombPart{head: sheetHead + `<row r="1">`, fill: `<c><v>1</v></c>`, size: cells(250000), tail: `</row>` + sheetTail},
		)), "工作表“明细”的单元格超过 200000 个"},
		{"3 million elements in the styles", bombPackage(
			bombPart{name: "xl/worksheets/sheet1.xml", head: smallSheet},
			bombPart{name: "xl/worksheets/sheet2.xml", head: smallSheet},
			bombPart{name: "xl/styles.xml", head: `<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">`, fill: "<a/>", size: 3100000 * 4, tail: "</styleSheet>"},
		), "XML 元素超过 3000000 个"},
	}
	inputs := t.TempDir()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(inputs, strings.ReplaceAll(tc.name, " ", "_")+".xlsx")
			writeBomb(t, path, tc.parts)
			info, _ := os.Stat(path)
			var err error
			start := time.Now()
			alloc := allocated(func() { _, err = readWithin(t, 10*time.Second, path, ReadOptions{}) })
			t.Logf("%d KB file: %v; %d MB allocated in %v", info.Size()>>10, err, alloc/mb, time.Since(start).Round(time.Millisecond))
			if alloc > 20*mb {
				t.Errorf("ReadForms allocated %d MB on a %d KB file", alloc/mb, info.Size()>>10)
			}
			fe := wantFileError(t, err, "B03", ErrTooLarge)
			if !strings.Contains(fe.Reason, tc.reason) || !strings.Contains(fe.Reason, "未审核") {
				t.Errorf("reason %q, want it to say %q and 未审核", fe.Reason, tc.reason)
			}
		})
	}
}

// renamedSheetPackage is a one-sheet package whose sheet 明细 is stored as xl/data/big.xml: the
// package's relationships, not the part's name, make it a sheet, for excelize and the limits.
func renamedSheetPackage(sheet bombPart) []bombPart {
	sheet.name = "xl/data/big.xml"
	return []bombPart{
		{name: "[Content_Types].xml", head: pkgContentTypes},
		{name: "_rels/.rels", head: pkgRels},
		{name: "xl/workbook.xml", head: strings.Replace(strings.Replace(pkgWorkbook, `<sheet name="Sheet2" sheetId="2" r:id="rId2"/>`, "", 1), "Sheet1", "明细", 1)},
		{name: "xl/_rels/workbook.xml.rels", head: strings.Replace(pkgWorkbookRels, "worksheets/sheet1.xml", "data/big.xml", 1)},
		sheet,
	}
}

// sheetFirst moves the last part, the sheet, before the others: the inspection meets it before
// the index parts that make it a sheet.
func sheetFirst(parts []bombPart) []bombPart {
	return append([]bombPart{parts[len(parts)-1]}, parts[:len(parts)-1]...)
}

// TestReadFormsBesideBigDataSheet: a form with a 5,000-row data sheet beside it, as a unit may
// attach its spending details, is read like the form alone.
func TestReadFormsBesideBigDataSheet(t *testing.T) {
	src := hostileSrc("langfang_family1.xlsx")
	want, err := ReadForms(src, ReadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "自评表和明细.xlsx")
	addDataSheet(t, src, path, 5000, 30)
	got, err := readWithin(t, time.Minute, path, ReadOptions{})
	if err != nil {
		t.Fatalf("ReadForms: %v", err)
	}
	sameForms(t, got, want)
	if len(got.Sheets) != len(want.Sheets)+1 {
		t.Errorf("sheets %v, want those of %v and 资金明细", got.Sheets, want.Sheets)
	}
}

// addDataSheet copies src to dst with a sheet 资金明细 of rows × cols numbers after its own.
func addDataSheet(t *testing.T, src, dst string, rows, cols int) {
	t.Helper()
	f, err := excelize.OpenFile(src)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, err := f.NewSheet("资金明细"); err != nil {
		t.Fatal(err)
	}
	sw, err := f.NewStreamWriter("资金明细")
	if err != nil {
		t.Fatal(err)
	}
	row := make([]any, cols)
	for r := 1; r <= rows; r++ {
		for c := range row {
			row[c] = float64(r*cols+c) / 100
		}
		cell, _ := excelize.CoordinatesToCellName(1, r)
		if err := sw.SetRow(cell, row); err != nil {
			t.Fatal(err)
		}
	}
	if err := sw.Flush(); err != nil {
		t.Fatal(err)
	}
	if err := f.SaveAs(dst); err != nil {
		t.Fatal(err)
	}
}

// TestInspectStopsAtTheLimit: a package of many parts, each under the part limit, is refused
// as soon as their sum passes the total, without inflating the rest (the limits are lowered so
// the package is small: 10 parts of 900 KB against a total of 2 MB).
func TestInspectStopsAtTheLimit(t *testing.T) {
	withLimits(t, func(l *packageLimits) { l.totalBytes, l.partBytes = 2<<20, 1<<20 })
	parts := bombPackage(bombPart{name: "xl/worksheets/sheet1.xml", head: smallSheet}, bombPart{name: "xl/worksheets/sheet2.xml", head: smallSheet})
	for i := range 10 {
		parts = append(parts, bombPart{name: fmt.Sprintf("xl/media/image%d.bin", i), fill: " ", size: 900 << 10})
	}
	path := filepath.Join(t.TempDir(), "膨胀.xlsx")
	writeBomb(t, path, parts)
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	st, err := inspectPackage(data)
	fe := wantFileError(t, err, "B03", ErrTooLarge)
	if !strings.Contains(fe.Reason, "解压后超过 2 MB") {
		t.Errorf("reason %q does not name the total limit", fe.Reason)
	}
	if st == nil || st.inflated > limits.totalBytes+32<<10 {
		t.Errorf("inflated %v bytes before refusing, want at most the limit and one buffer", st)
	}
	_, err = readWithin(t, 10*time.Second, path, ReadOptions{})
	wantFileError(t, err, "B03", ErrTooLarge)
}

// TestInspectEntryCount refuses a package of more parts than any workbook holds from its end
// record, before archive/zip allocates its directory: a plain one (with the limit lowered) and
// a zip64 one, whose count only the zip64 end record holds.
func TestInspectEntryCount(t *testing.T) {
	for _, tc := range []struct {
		name    string
		entries int
		lower   bool
	}{
		{"200 parts, limit 100", 200, true},
		{"70000 parts, zip64", 70000, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if tc.lower {
				withLimits(t, func(l *packageLimits) { l.entries = 100 })
			}
			var buf bytes.Buffer
			zw := zip.NewWriter(&buf)
			for i := range tc.entries {
				if _, err := zw.Create(fmt.Sprintf("xl/media/%d.bin", i)); err != nil {
					t.Fatal(err)
				}
			}
			if err := zw.Close(); err != nil {
				t.Fatal(err)
			}
			if n, ok := zipEntryCount(buf.Bytes()); !ok || n != tc.entries {
				t.Errorf("zipEntryCount = %d, %v; want %d", n, ok, tc.entries)
			}
			_, err := inspectPackage(buf.Bytes())
			fe := wantFileError(t, err, "B03", ErrTooLarge)
			if !strings.Contains(fe.Reason, "部件超过") {
				t.Errorf("reason %q does not say there are too many parts", fe.Reason)
			}
		})
	}
}
