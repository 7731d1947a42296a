package excelio

import (
	"archive/zip"
	"bytes"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

var writeFuzzSeeds = flag.Bool("write-fuzz-seeds", false,
	"rewrite the generated seeds of testdata/fuzz/FuzzReadForms (found inputs are kept)")

// fuzzWorkbooks are the form workbooks the fuzzer starts from: one of each layout family the
// locator knows, a LibreOffice one (sharedStrings, cached formulas) and one without a form.
var fuzzWorkbooks = []string{
	"langfang_family1.xlsx",
	"tiyu_family4.xlsx",
	"laojiu_libreoffice.xlsx",
	"daoyun_family3_split.xlsx",
	"noform_project_list.xlsx",
}

// FuzzReadForms: whatever the bytes, ReadForms returns a workbook or a *FileError, promptly.
// Its own recover turns a library panic into B03; such inputs are logged, as they point at a
// crash the product only survives. Run it with
//
//	go test ./excelio -run '^$' -fuzz FuzzReadForms -fuzztime 5m -fuzzminimizetime 2s
//
// (the default minimisation, up to a minute per new input, leaves little time for fuzzing at
// ~50 reads a second) and copy small new inputs it finds from $(go env GOCACHE)/fuzz into
// testdata/fuzz/FuzzReadForms. There, the seeds with descriptive names come from
// TestWriteFuzzSeeds; the hex-named ones were found by the fuzzer, one per distinct outcome
// (each reason ReadForms gave), the smallest of each.
func FuzzReadForms(f *testing.F) {
	for _, name := range fuzzWorkbooks {
		data, err := os.ReadFile(hostileSrc(name))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	// A legacy-looking input would start LibreOffice: seconds per input, and a test of
	// LibreOffice rather than of the reader. Conversion has its own tests in hostile_test.go.
	orig := sofficePath
	sofficePath = func() (string, error) { return "", ErrNoConverter }
	f.Cleanup(func() { sofficePath = orig })

	f.Fuzz(func(t *testing.T, data []byte) {
		path := filepath.Join(t.TempDir(), "fuzz.xlsx")
		if err := os.WriteFile(path, data, 0o600); err != nil {
			t.Fatal(err)
		}
		opts := []ReadOptions{{}}
		if bytes.HasPrefix(data, []byte(oleMagic)) {
			// An encrypted container is only parsed when a password is given.
			opts = append(opts, ReadOptions{Password: "123456"})
		}
		for _, o := range opts {
			wb, err := readWithin(t, 10*time.Second, path, o)
			if err == nil {
				if wb == nil {
					t.Fatal("ReadForms returned neither a workbook nor an error")
				}
				continue
			}
			var fe *FileError
			if !errors.As(err, &fe) {
				t.Fatalf("error %v (%T) is not a *FileError", err, err)
			}
			if wb != nil {
				t.Errorf("a workbook came back with the error %q", fe.Reason)
			}
			if fe.Code != "B03" && fe.Code != "B04" {
				t.Errorf("code %q, want B03 or B04 (%s)", fe.Code, fe.Reason)
			}
			if !hasHan(fe.Reason) {
				t.Errorf("reason %q is not Chinese", fe.Reason)
			}
			if strings.HasPrefix(fe.Reason, "文件结构异常") {
				// ReadForms's recover caught a panic: survived, but a library bug.
				t.Logf("recovered panic: %s", fe.Reason)
			}
		}
	})
}

// TestWriteFuzzSeeds regenerates the seed corpus with -write-fuzz-seeds. The seeds are
// structural mutations a byte mutator rarely produces through deflate: cuts at the zip's
// landmarks, parts missing or doubled, stored (uncompressed) parts the fuzzer can then mutate
// as XML, and sheets with absurd attribute values.
func TestWriteFuzzSeeds(t *testing.T) {
	if !*writeFuzzSeeds {
		t.Skip("run with -write-fuzz-seeds to rewrite testdata/fuzz/FuzzReadForms")
	}
	dir := filepath.Join("testdata", "fuzz", "FuzzReadForms")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	total := 0
	for name, data := range fuzzSeeds(t) {
		body := "go test fuzz v1\n[]byte(" + strconv.Quote(string(data)) + ")\n"
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
		total += len(body)
	}
	t.Logf("seeds written: %d KB", total>>10)
}

// seedEntry is one zip entry of a crafted seed.
type seedEntry struct {
	name   string
	body   string
	stored bool // no compression: the fuzzer's byte mutations reach the XML
}

// seedZip builds a package from entries, in order, duplicates allowed.
func seedZip(t *testing.T, entries []seedEntry) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, e := range entries {
		method := zip.Deflate
		if e.stored {
			method = zip.Store
		}
		w, err := zw.CreateHeader(&zip.FileHeader{Name: e.name, Method: method})
		if err != nil {
			t.Fatal(err)
		}
		w.Write([]byte(e.body))
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// zipEntries reads a testdata workbook's entries in order.
func zipEntries(t *testing.T, name string) []seedEntry {
	t.Helper()
	data, err := os.ReadFile(hostileSrc(name))
	if err != nil {
		t.Fatal(err)
	}
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	var out []seedEntry
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		var b bytes.Buffer
		b.ReadFrom(rc)
		rc.Close()
		out = append(out, seedEntry{name: f.Name, body: b.String()})
	}
	return out
}

// edited returns entries with fn applied to each (fn may drop one by returning ok false).
func edited(entries []seedEntry, fn func(e seedEntry) (seedEntry, bool)) []seedEntry {
	var out []seedEntry
	for _, e := range entries {
		if e2, ok := fn(e); ok {
			out = append(out, e2)
		}
	}
	return out
}

// fuzzSeeds are the generated seeds by file name.
func fuzzSeeds(t *testing.T) map[string][]byte {
	seeds := map[string][]byte{}
	good, err := os.ReadFile(hostileSrc("langfang_family1.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	form := zipEntries(t, "langfang_family1.xlsx")
	// The minimal package of hostile_test.go keeps the structural seeds a few hundred bytes.
	minimal := func(sheet1 string) []seedEntry {
		return []seedEntry{
			{name: "[Content_Types].xml", body: pkgContentTypes},
			{name: "_rels/.rels", body: pkgRels},
			{name: "xl/workbook.xml", body: pkgWorkbook},
			{name: "xl/_rels/workbook.xml.rels", body: pkgWorkbookRels},
			{name: "xl/worksheets/sheet1.xml", body: sheet1, stored: true},
			{name: "xl/worksheets/sheet2.xml", body: smallSheet},
		}
	}
	cell := func(attrs, inner string) string {
		return sheetHead + `<row r="2"><c r="B2" ` + attrs + `>` + inner + `</c></row>` + sheetTail
	}

	// Cuts at the zip's landmarks: inside the first entry, before and inside the central
	// directory, inside the end record.
	cdir := bytes.Index(good, []byte("PK\x01\x02"))
	eocd := bytes.LastIndex(good, []byte("PK\x05\x06"))
	seeds["cut-first-entry"] = good[:100]
	seeds["cut-before-central-directory"] = good[:cdir]
	seeds["cut-in-central-directory"] = good[:cdir+(eocd-cdir)/2]
	seeds["cut-in-end-record"] = good[:eocd+12]

	// Flipped bytes: in compressed data, in a local header's sizes, in the central directory's
	// offsets, in the end record's entry count.
	flip := func(at int) []byte {
		b := bytes.Clone(good)
		b[at] ^= 0xFF
		return b
	}
	seeds["flip-compressed-data"] = flip(cdir / 2)
	seeds["flip-local-header-size"] = flip(18 + 2)
	seeds["flip-central-directory-offset"] = flip(cdir + 42 + 1)
	seeds["flip-end-record-count"] = flip(eocd + 10)

	// The form, every part stored: mutations land in the XML of a real form.
	seeds["form-stored"] = seedZip(t, edited(form, func(e seedEntry) (seedEntry, bool) {
		if strings.HasPrefix(e.name, "xl/theme/") {
			return e, false // 10 KB the reader never looks at
		}
		e.stored = true
		return e, true
	}))
	// The form with its sheet replaced by garbage, by an empty document, by another format.
	for name, body := range map[string]string{
		"sheet-garbage":   "\x00\x01garbage <<< &&& ]]>",
		"sheet-empty":     "",
		"sheet-json":      `{"worksheet": []}`,
		"sheet-no-ns":     "<worksheet><sheetData><row r=\"1\"><c r=\"A1\"><v>1</v></c></row></sheetData></worksheet>",
		"sheet-utf16-bom": "\xFF\xFE<\x00w\x00",
	} {
		seeds["form-"+name] = seedZip(t, edited(form, func(e seedEntry) (seedEntry, bool) {
			if e.name == "xl/worksheets/sheet1.xml" {
				e.body = body
			}
			return e, !strings.HasPrefix(e.name, "xl/theme/")
		}))
	}
	// Missing parts.
	for _, part := range []string{"[Content_Types].xml", "xl/workbook.xml", "xl/_rels/workbook.xml.rels", "xl/worksheets/sheet1.xml", "xl/styles.xml"} {
		seeds["form-without-"+strings.NewReplacer("/", "-", "[", "", "]", "").Replace(part)] = seedZip(t, edited(form, func(e seedEntry) (seedEntry, bool) {
			return e, e.name != part && !strings.HasPrefix(e.name, "xl/theme/")
		}))
	}
	// Doubled parts: a reader may take the first or the last.
	seeds["duplicate-sheet-garbage-first"] = seedZip(t, append([]seedEntry{{name: "xl/worksheets/sheet1.xml", body: "garbage"}}, minimal(smallSheet)...))
	seeds["duplicate-sheet-garbage-last"] = seedZip(t, append(minimal(smallSheet), seedEntry{name: "xl/worksheets/sheet1.xml", body: "garbage"}))
	seeds["duplicate-content-types"] = seedZip(t, append(minimal(smallSheet), seedEntry{name: "[Content_Types].xml", body: "<Types/>"}))
	seeds["duplicate-workbook-case"] = seedZip(t, append(minimal(smallSheet), seedEntry{name: "XL/Workbook.xml", body: pkgWorkbook}))

	// Absurd values in a sheet: coordinates, sizes, indexes far out of range.
	for name, sheet := range map[string]string{
		"huge-row-number":     sheetHead + `<row r="99999999999"><c r="A99999999999"><v>1</v></c></row>` + sheetTail,
		"last-cell":           sheetHead + `<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>` + sheetTail,
		"huge-cell-ref":       cell(`r="`+strings.Repeat("Z", 4000)+`1"`, `<v>1</v>`),
		"huge-attribute":      cell(`x="`+strings.Repeat("項", 20000)+`"`, `<v>1</v>`),
		"huge-number":         cell(``, `<v>1e309</v>`),
		"nan-number":          cell(``, `<v>NaN</v>`),
		"long-number":         cell(``, `<v>`+strings.Repeat("9", 5000)+`.5</v>`),
		"shared-string-index": cell(`t="s"`, `<v>99999999</v>`),
		"negative-ss-index":   cell(`t="s"`, `<v>-1</v>`),
		"style-index":         cell(`s="99999999"`, `<v>0.5</v>`),
		"bad-type":            cell(`t="zz"`, `<v>1</v>`),
		"error-cell":          cell(`t="e"`, `<v>#REF!</v>`),
		"formula-only":        cell(``, `<f>SUM(A1:XFD1)</f>`),
		"formula-bad":         cell(``, `<f>SUM((((((</f>`),
		"shared-formula":      sheetHead + `<row r="1"><c r="A1"><f t="shared" ref="A1:A1048576" si="0">B1+1</f></c></row><row r="2"><c r="A2"><f t="shared" si="0"/></c></row>` + sheetTail,
		"merge-whole-sheet":   sheetHead + `<row r="1"><c r="A1" t="inlineStr"><is><t>项目名称</t></is></c></row>` + sheetTail[:len("</sheetData>")] + `<mergeCells count="1"><mergeCell ref="A1:XFD1048576"/></mergeCells></worksheet>`,
		"merge-reversed":      sheetHead + sheetTail[:len("</sheetData>")] + `<mergeCells count="2"><mergeCell ref="C3:A1"/><mergeCell ref="A1:B2"/></mergeCells></worksheet>`,
		"merge-garbage":       sheetHead + sheetTail[:len("</sheetData>")] + `<mergeCells count="1"><mergeCell ref=":::"/></mergeCells></worksheet>`,
		"dimension-huge":      strings.Replace(sheetHead, "<sheetData>", `<dimension ref="A1:XFD1048576"/><cols><col min="1" max="16384" width="1e308"/></cols><sheetData>`, 1) + sheetTail,
		"rows-unsorted":       sheetHead + `<row r="5"><c r="A5"><v>5</v></c></row><row r="1"><c r="A1"><v>1</v></c></row><row r="5"><c r="A5"><v>6</v></c></row>` + sheetTail,
		"cells-unsorted":      sheetHead + `<row r="1"><c r="C1"><v>3</v></c><c r="A1"><v>1</v></c><c r="A1"><v>2</v></c></row>` + sheetTail,
		"cell-in-wrong-row":   sheetHead + `<row r="1"><c r="A7"><v>1</v></c></row>` + sheetTail,
		"deep-nesting":        sheetHead + strings.Repeat("<x>", 5000) + strings.Repeat("</x>", 5000) + sheetTail,
		"inline-rich":         cell(`t="inlineStr"`, `<is><r><t>项目</t></r><r><rPr><b/></rPr><t>名称</t></r></is>`),
		"entity-undefined":    cell(`t="inlineStr"`, `<is><t>&nope;</t></is>`),
		"cdata":               cell(`t="inlineStr"`, `<is><t><![CDATA[项目名称]]></t></is>`),
	} {
		seeds["sheet-"+name] = seedZip(t, minimal(sheet))
	}
	// A relationship pointing out of the package: the reader must look only inside the zip.
	seeds["rels-outside-package"] = seedZip(t, edited(minimal(smallSheet), func(e seedEntry) (seedEntry, bool) {
		if e.name == "xl/_rels/workbook.xml.rels" {
			e.body = strings.Replace(e.body, "worksheets/sheet1.xml", "../../../../../etc/passwd", 1)
		}
		return e, true
	}))
	seeds["workbook-no-sheets"] = seedZip(t, edited(minimal(smallSheet), func(e seedEntry) (seedEntry, bool) {
		if e.name == "xl/workbook.xml" {
			e.body = strings.Replace(pkgWorkbook, `<sheet name="Sheet1" sheetId="1" r:id="rId1"/><sheet name="Sheet2" sheetId="2" r:id="rId2"/>`, "", 1)
		}
		return e, true
	}))
	seeds["workbook-same-sheet-twice"] = seedZip(t, edited(minimal(smallSheet), func(e seedEntry) (seedEntry, bool) {
		if e.name == "xl/workbook.xml" {
			e.body = strings.Replace(pkgWorkbook, `r:id="rId2"`, `r:id="rId1"`, 1)
			e.body = strings.Replace(e.body, `name="Sheet2"`, `name="Sheet1"`, 1)
		}
		return e, true
	}))
	// Legacy-looking and encrypted-looking bytes (the fuzz target has no converter).
	seeds["ole-header-only"] = []byte(oleMagic + "\xA1\xB1\x1A\xE1")
	seeds["ole-encryption-marker"] = append([]byte(oleMagic+"\xA1\xB1\x1A\xE1"), []byte(encryptionMarker+strings.Repeat("\x00", 64))...)
	enc := filepath.Join(t.TempDir(), "enc.xlsx")
	encryptCopy(t, hostileSrc("langfang_family1.xlsx"), enc, "123456")
	if seeds["encrypted-123456"], err = os.ReadFile(enc); err != nil {
		t.Fatal(err)
	}
	for name, data := range seeds {
		if len(data) > 64<<10 {
			t.Errorf("seed %s is %d KB: keep seeds small", name, len(data)>>10)
		}
	}
	return seeds
}
