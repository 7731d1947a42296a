package excelio

import (
	"archive/zip"
	"bytes"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"testing"

	"github.com/xuri/excelize/v2"
)

// The differential test of the streaming reader: every package any test of this package reads
// through ReadForms is read again by both readers, the streaming one and excelize (the reading
// ReadForms did before, kept as the fallback for irregular packages), and their grids must be the
// same: values as shown (dates too), types, number formats, merges, computed formulas.

var oracle struct {
	sync.Mutex
	dir   string // where the packages read are kept until the tests have run
	count int
}

// maxOracleBytes bounds the packages kept for the differential check: the big ones of the bounds
// tests are refused, or read past their limits, alike by both readers.
const maxOracleBytes = 4 << 20

func TestMain(m *testing.M) {
	flag.Parse()
	if b := flag.Lookup("test.bench"); b != nil && b.Value.String() != "" {
		os.Exit(m.Run()) // a benchmark measures ReadForms alone
	}
	dir, err := os.MkdirTemp("", "jxzp-oracle-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	oracle.dir = dir
	// The packages are compared once the tests are done, so that no test's measure of what
	// ReadForms allocates or how long it takes counts the comparison.
	readObserver = func(data []byte) {
		if len(data) > maxOracleBytes {
			return
		}
		oracle.Lock()
		defer oracle.Unlock()
		oracle.count++
		_ = os.WriteFile(filepath.Join(dir, fmt.Sprintf("%05d.xlsx", oracle.count)), data, 0o600)
	}
	code := m.Run()
	readObserver = nil
	if code == 0 && !compareKept(dir) {
		code = 1
	}
	if code == 0 {
		os.RemoveAll(dir)
	}
	os.Exit(code)
}

// compareKept compares the two readings of every package kept in dir, reporting each difference.
func compareKept(dir string) bool {
	entries, _ := os.ReadDir(dir)
	ok := true
	streamed, total := 0, 0
	for _, e := range entries {
		p := filepath.Join(dir, e.Name())
		data, err := os.ReadFile(p)
		if err != nil {
			continue
		}
		diffs, s, n := compareReaders(data)
		streamed, total = streamed+s, total+n
		for _, d := range diffs {
			fmt.Fprintf(os.Stderr, "streaming reader differs from excelize on %s: %s\n", p, d)
			ok = false
		}
	}
	if len(entries) > 0 {
		fmt.Fprintf(os.Stderr, "differential: %d packages, %d of %d sheets read by the streaming reader\n", len(entries), streamed, total)
	}
	return ok
}

// compareReaders reads every sheet of the package data with both readers and describes each
// difference; it returns how many sheets the streaming reader read itself, and of how many.
func compareReaders(data []byte) (diffs []string, streamed, total int) {
	f, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{RawCellValue: true})
	if err != nil {
		return nil, 0, 0
	}
	defer f.Close()
	book, err := openStreamBook(data)
	if err != nil {
		return nil, 0, 0 // left to excelize as a whole: the readings are one
	}
	var names []string
	for _, s := range book.sheets {
		names = append(names, s.name)
	}
	if want := f.GetSheetList(); !reflect.DeepEqual(names, want) {
		return []string{fmt.Sprintf("sheets %q, excelize %q", names, want)}, 0, 0
	}
	for _, s := range book.sheets {
		total++
		if book.reviews[s.name] != isReviewSheet(f, s.name) {
			diffs = append(diffs, fmt.Sprintf("%s: review marker %v", s.name, book.reviews[s.name]))
		}
		ok, diff := compareSheet(book, s, f)
		if ok {
			streamed++
		}
		if diff != "" {
			diffs = append(diffs, s.name+": "+diff)
		}
	}
	return diffs, streamed, total
}

// compareSheet compares the two readings of one sheet; ok is false when the streaming reader
// left it to excelize.
func compareSheet(book *streamBook, s bookSheet, f *excelize.File) (ok bool, diff string) {
	lazy := &lazyExcel{tried: true, f: f, release: func() {}}
	got, gerr := recovered(func() (*grid, error) { return streamSheetGrid(book, s, lazy) })
	if gerr != nil && errors.Is(gerr, errIrregular) {
		return false, ""
	}
	want, werr := recovered(func() (*grid, error) { return excelizeSheetGrid(f, s.name) })
	if (gerr == nil) != (werr == nil) || errors.Is(gerr, errNotWorksheet) != errors.Is(werr, errNotWorksheet) {
		return true, fmt.Sprintf("error %v, excelize %v", gerr, werr)
	}
	if gerr != nil {
		return true, ""
	}
	if got.meta == nil {
		return false, "" // read by excelize after all
	}
	return true, compareGrids(got, want)
}

// recovered reads a grid as ReadForms does, a panic costing the sheet only.
func recovered(read func() (*grid, error)) (g *grid, err error) {
	defer func() {
		if p := recover(); p != nil {
			g, err = nil, fmt.Errorf("%w: %v", errSheetPanic, p)
		}
	}()
	return read()
}

// compareGrids describes the first difference between two grids of one sheet.
func compareGrids(got, want *grid) string {
	if len(got.rows) != len(want.rows) {
		return fmt.Sprintf("%d rows, excelize %d", len(got.rows), len(want.rows))
	}
	for r := range want.rows {
		if !reflect.DeepEqual(got.rows[r], want.rows[r]) && (len(got.rows[r]) > 0 || len(want.rows[r]) > 0) {
			return fmt.Sprintf("row %d %q, excelize %q", r+1, got.rows[r], want.rows[r])
		}
	}
	if !reflect.DeepEqual(got.anchor, want.anchor) || !reflect.DeepEqual(got.span, want.span) {
		return fmt.Sprintf("merges %v, excelize %v", got.span, want.span)
	}
	if got.date1904 != want.date1904 {
		return "date system"
	}
	for r := range want.rows {
		for c := 0; c <= len(want.rows[r]); c++ {
			name := cellName(r, c)
			if g, w := got.cell(r, c), want.cell(r, c); g != w {
				return fmt.Sprintf("%s: cell %+v, excelize %+v", name, g, w)
			}
			if g, w := got.cellFormat(name), want.cellFormat(name); g != w {
				return fmt.Sprintf("%s: format %+v, excelize %+v", name, g, w)
			}
		}
	}
	return ""
}

// openStreamBook reads the index and the shared parts of the package data.
func openStreamBook(data []byte) (*streamBook, error) {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, err
	}
	return streamBookOf(zipParts(zr))
}

// normalized is the package ReadForms reads from data: inspected and normalised.
func normalized(data []byte) ([]byte, error) {
	sp, err := scanZip(data, nil, limits.partBytes, scanRead)
	if err != nil {
		return nil, err
	}
	out, _, err := sp.normalize(data)
	return out, err
}

// TestStreamReaderReadsRegularWorkbooks: the workbooks of the repository (samples, fixtures,
// test workbooks) are read by the streaming reader itself, never left to excelize, and as
// excelize reads them; the differential check of TestMain then covers every generated one too.
func TestStreamReaderReadsRegularWorkbooks(t *testing.T) {
	var paths []string
	for _, dir := range []string{"../samples", "testdata/read", "testdata/families", "../batch/testdata/fixtures", "../batch/testdata/inbox", "../batch/testdata/mixed"} {
		_ = filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
			if err == nil && !d.IsDir() && strings.EqualFold(filepath.Ext(p), ".xlsx") {
				paths = append(paths, p)
			}
			return nil
		})
	}
	if len(paths) < 20 {
		t.Fatalf("only %d workbooks found", len(paths))
	}
	read := 0
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		if data, err = normalized(data); err != nil {
			continue // a bad file of the tests, refused before any reading
		}
		if _, err := openStreamBook(data); err != nil {
			t.Errorf("%s: left to excelize: %v", p, err)
			continue
		}
		diffs, streamed, total := compareReaders(data)
		for _, d := range diffs {
			t.Errorf("%s: %s", p, d)
		}
		if streamed != total {
			t.Errorf("%s: %d of %d sheets left to excelize", p, total-streamed, total)
		}
		read++
	}
	t.Logf("%d workbooks read by both readers", read)
}
