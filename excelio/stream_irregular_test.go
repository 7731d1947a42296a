package excelio

import (
	"archive/zip"
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// withSheet is the package src with its first worksheet's XML edited by edit.
func withSheet(t *testing.T, src string, edit func(string) string) []byte {
	t.Helper()
	zr, err := zip.OpenReader(src)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, zf := range zr.File {
		rc, err := zf.Open()
		if err != nil {
			t.Fatal(err)
		}
		body, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		if zf.Name == "xl/worksheets/sheet1.xml" {
			body = []byte(edit(string(body)))
		}
		w, err := zw.Create(zf.Name)
		if err != nil {
			t.Fatal(err)
		}
		w.Write(body)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// firstRef matches a cell's start tag up to its reference.
var firstRef = regexp.MustCompile(`<c r="[A-Z]+[0-9]+"`)

// once is a replacement function for ReplaceAllStringFunc that replaces the first match only.
func once(with string) func(string) string {
	done := false
	return func(m string) string {
		if done {
			return m
		}
		done = true
		return with
	}
}

// TestIrregularSheetsLeftToExcelize: a worksheet the streaming reader does not model exactly is
// left to excelize, and ReadForms reads from it what it read before.
func TestIrregularSheetsLeftToExcelize(t *testing.T) {
	src := filepath.Join("testdata", "read", "langfang_family1.xlsx")
	for _, tc := range []struct {
		name string
		edit func(string) string
	}{
		{"cell without a reference", func(s string) string { return firstRef.ReplaceAllStringFunc(s, once(`<c`)) }},
		{"lower-case reference", func(s string) string { return firstRef.ReplaceAllStringFunc(s, once(`<c r="d1"`)) }},
		{"row without a number", func(s string) string { return strings.Replace(s, `<row r="1"`, `<row`, 1) }},
		{"rows out of order", func(s string) string { return strings.Replace(s, `<row r="2"`, `<row r="1"`, 1) }},
		{"overlapping merges", func(s string) string {
			return strings.Replace(s, `<mergeCells count="17">`, `<mergeCells count="19"><mergeCell ref="A30:C33"/><mergeCell ref="B31:D34"/>`, 1)
		}},
		{"bad merge", func(s string) string { return strings.Replace(s, `<mergeCell ref="`, `<mergeCell ref="!`, 1) }},
		{"style not a number", func(s string) string { return strings.Replace(s, ` s="`, ` s="x`, 1) }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			data := withSheet(t, src, tc.edit)
			book, err := openStreamBook(data)
			if err != nil {
				t.Fatal(err)
			}
			_, err = readStreamGrid(book, book.sheets[0], nil)
			if !errors.Is(err, errIrregular) {
				t.Fatalf("streaming reader: %v, want errIrregular", err)
			}
			path := filepath.Join(t.TempDir(), "book.xlsx")
			if err := os.WriteFile(path, data, 0o600); err != nil {
				t.Fatal(err)
			}
			wb, err := ReadForms(path, ReadOptions{})
			f, ferr := excelize.OpenReader(bytes.NewReader(data), excelize.Options{RawCellValue: true})
			if ferr != nil {
				t.Fatal(ferr)
			}
			defer f.Close()
			name := book.sheets[0].name
			forms, _, rerr := sheetToRead{name: name, grid: func() (*grid, error) { return excelizeSheetGrid(f, name) }}.read()
			switch {
			case err != nil && rerr == nil:
				t.Errorf("ReadForms: %v; excelize alone reads the sheet", err)
			case err == nil && rerr != nil:
				t.Errorf("ReadForms read the sheet; excelize alone: %v", rerr)
			case err == nil && !reflect.DeepEqual(forms, wb.Forms):
				t.Errorf("ReadForms read %d forms, excelize alone %d, or other ones", len(wb.Forms), len(forms))
			}
		})
	}
}
