package excelio

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"io"
	"os"
	"strings"
	"testing"
)

// BenchmarkDecodeFloor is bench/floor's decode floor on the seed case of BenchmarkReadForms: the
// file read, the zip opened and encoding/xml's tokenizer run over the worksheets, the shared
// strings and the workbook part, building nothing. ReadForms is measured against it.
func BenchmarkDecodeFloor(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		data, err := os.ReadFile(benchSample)
		if err != nil {
			b.Fatal(err)
		}
		zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
		if err != nil {
			b.Fatal(err)
		}
		for _, f := range zr.File {
			if !strings.HasPrefix(f.Name, "xl/worksheets/sheet") && f.Name != "xl/sharedStrings.xml" && f.Name != "xl/workbook.xml" {
				continue
			}
			rc, err := f.Open()
			if err != nil {
				b.Fatal(err)
			}
			d := xml.NewDecoder(rc)
			for {
				if _, err := d.Token(); err == io.EOF {
					break
				} else if err != nil {
					b.Fatal(err)
				}
			}
			rc.Close()
		}
	}
}
