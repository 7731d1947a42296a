// Command hostilegen writes the hostile inbox of bench/hostile.sh: packages small on disk that
// cost excelize seconds and gigabytes unless they are refused before it opens them, beside the
// bundled samples and two real forms with a big data sheet each, which must still be read.
//
//	go run ./bench/hostilegen -o /tmp/hostile/inbox -samples samples
package main

import (
	"archive/zip"
	"bufio"
	"bytes"
	"compress/flate"
	"flag"
	"fmt"
	"hash/crc32"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/xuri/excelize/v2"
)

// Parts of a minimal one-sheet package.
const (
	contentTypes = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>`
	rootRels = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`
	workbook = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>`
	workbookRels = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`
	mainNS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
)

func main() {
	out := flag.String("o", "hostile-inbox", "folder the inbox is written to")
	samples := flag.String("samples", "samples", "folder of the bundled samples, copied into the inbox")
	flag.Parse()
	if err := run(*out, *samples); err != nil {
		fmt.Fprintln(os.Stderr, "hostilegen:", err)
		os.Exit(1)
	}
}

func run(out, samples string) error {
	if err := os.MkdirAll(filepath.Join(out, "异常文件"), 0o755); err != nil {
		return err
	}
	for i := 1; i <= 6; i++ {
		if err := writeFile(filepath.Join(out, "异常文件", fmt.Sprintf("公式%d.xlsx", i)), formulaSheet(i)); err != nil {
			return err
		}
	}
	if err := writeFile(filepath.Join(out, "异常文件", "前缀行.xlsx"), prefixedRows); err != nil {
		return err
	}
	if err := writeFile(filepath.Join(out, "异常文件", "膨胀.xlsx"), inflating); err != nil {
		return err
	}
	names, err := filepath.Glob(filepath.Join(samples, "*.xlsx"))
	if err != nil || len(names) == 0 {
		return fmt.Errorf("no samples in %s (%v)", samples, err)
	}
	for _, name := range names {
		if err := copyFile(name, filepath.Join(out, "样例", filepath.Base(name))); err != nil {
			return err
		}
	}
	// Two real forms with a 5,000-row data sheet each: big, but what a unit may send.
	for i, name := range names[:2] {
		dst := filepath.Join(out, "带明细", fmt.Sprintf("带明细%d_%s", i+1, filepath.Base(name)))
		if err := withDataSheet(name, dst, 5000, 30); err != nil {
			return err
		}
	}
	return nil
}

// writeFile writes the package body writes to a new zip at path.
func writeFile(path string, body func(*zip.Writer) error) error {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	zw.RegisterCompressor(zip.Deflate, func(w io.Writer) (io.WriteCloser, error) {
		return flate.NewWriter(w, flate.BestCompression)
	})
	for _, p := range [][2]string{{"[Content_Types].xml", contentTypes}, {"_rels/.rels", rootRels}, {"xl/workbook.xml", workbook}, {"xl/_rels/workbook.xml.rels", workbookRels}} {
		w, err := zw.Create(p[0])
		if err != nil {
			return err
		}
		io.WriteString(w, p[1])
	}
	if err := body(zw); err != nil {
		return err
	}
	if err := zw.Close(); err != nil {
		return err
	}
	return os.WriteFile(path, buf.Bytes(), 0o644)
}

// formulaSheet is 1,000 × 1,000 formula cells without cached values (16 MB of XML, under the
// part limit; about 40 KB on disk). n makes each file's bytes its own, so none is a B02 duplicate.
func formulaSheet(n int) func(*zip.Writer) error {
	return func(zw *zip.Writer) error {
		w, err := zw.Create("xl/worksheets/sheet1.xml")
		if err != nil {
			return err
		}
		bw := bufio.NewWriter(w)
		fmt.Fprintf(bw, `<worksheet xmlns="%s"><sheetData>`, mainNS)
		row := "<row>" + strings.Repeat(fmt.Sprintf("<c><f>A%d</f></c>", n), 1000) + "</row>"
		for range 1000 {
			bw.WriteString(row)
		}
		bw.WriteString(`</sheetData></worksheet>`)
		return bw.Flush()
	}
}

// prefixedRows is 100,000 rows written <x:row>, without row numbers: a limit counting "<row" sees
// none, and excelize takes quadratic time over rows without numbers.
func prefixedRows(zw *zip.Writer) error {
	w, err := zw.Create("xl/worksheets/sheet1.xml")
	if err != nil {
		return err
	}
	bw := bufio.NewWriter(w)
	fmt.Fprintf(bw, `<x:worksheet xmlns:x="%s"><x:sheetData>`, mainNS)
	for range 100000 {
		bw.WriteString(`<x:row><x:c><x:v>1</x:v></x:c></x:row>`)
	}
	bw.WriteString(`</x:sheetData></x:worksheet>`)
	return bw.Flush()
}

// inflating is a package of a small sheet and 1,000 more sheet parts of 16 MB of blanks each,
// every one under the part limit: 16 GB once inflated, 16 MB on disk. The blank part is
// compressed once and stored 1,000 times.
func inflating(zw *zip.Writer) error {
	w, err := zw.Create("xl/worksheets/sheet1.xml")
	if err != nil {
		return err
	}
	fmt.Fprintf(w, `<worksheet xmlns="%s"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>项目名称</t></is></c></row></sheetData></worksheet>`, mainNS)
	const size = 16<<20 - 1<<10
	var comp bytes.Buffer
	fw, _ := flate.NewWriter(&comp, flate.BestCompression)
	crc := crc32.NewIEEE()
	blank := bytes.Repeat([]byte(" "), 1<<20)
	for left := size; left > 0; left -= len(blank) {
		chunk := blank[:min(left, len(blank))]
		fw.Write(chunk)
		crc.Write(chunk)
	}
	if err := fw.Close(); err != nil {
		return err
	}
	for i := 2; i <= 1001; i++ {
		w, err := zw.CreateRaw(&zip.FileHeader{
			Name: fmt.Sprintf("xl/worksheets/sheet%d.xml", i), Method: zip.Deflate, CRC32: crc.Sum32(),
			CompressedSize64: uint64(comp.Len()), UncompressedSize64: size,
		})
		if err != nil {
			return err
		}
		if _, err := w.Write(comp.Bytes()); err != nil {
			return err
		}
	}
	return nil
}

// withDataSheet copies the workbook src to dst with a sheet 资金明细 of rows × cols numbers.
func withDataSheet(src, dst string, rows, cols int) error {
	f, err := excelize.OpenFile(src)
	if err != nil {
		return err
	}
	defer f.Close()
	if _, err := f.NewSheet("资金明细"); err != nil {
		return err
	}
	sw, err := f.NewStreamWriter("资金明细")
	if err != nil {
		return err
	}
	row := make([]any, cols)
	for r := 1; r <= rows; r++ {
		for c := range row {
			row[c] = float64(r*cols+c) / 100
		}
		cell, _ := excelize.CoordinatesToCellName(1, r)
		if err := sw.SetRow(cell, row); err != nil {
			return err
		}
	}
	if err := sw.Flush(); err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
		return err
	}
	return f.SaveAs(dst)
}

// copyFile copies src to dst, creating dst's folder.
func copyFile(src, dst string) error {
	data, err := os.ReadFile(src)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
		return err
	}
	return os.WriteFile(dst, data, 0o644)
}
