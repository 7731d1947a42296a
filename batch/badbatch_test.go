package batch

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"context"
	"encoding/json"
	"flag"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/jxzp/jxzp/internal/fsx"
	"github.com/jxzp/jxzp/internal/ziptest"

	"github.com/jxzp/jxzp/scoring"
	"github.com/xuri/excelize/v2"
)

var writeBadFiles = flag.Bool("write-bad-files", false, "rewrite the crafted files of testdata/bad")

// The public corpus's inbox: copied whole into the bad batch when this checkout sits beside it
// (the workspace layout); otherwise the smaller copy in testdata/inbox stands in.
const (
	badFixtureInbox    = "../../shared/fixtures/inbox"
	badFixtureExpected = "../../shared/fixtures/expected.json"
)

// badDir is the folder of the crafted files inside the test inbox.
const badDir = "问题文件（异常样本）"

// badExpect is the status and code a file of the bad batch must get.
type badExpect struct{ status, code string }

// badWant is what a crafted file must come out as.
type badWant struct {
	code string
}

// badFiles are the crafted files of testdata/bad (see its README.md) and what each must give.
// The 0-byte case is the corpus's own 问题文件/空白文件.xlsx: a second empty file would be a B02
// duplicate of it, as identical bytes are.
var badFiles = map[string]badWant{
	"网页另存为.xlsx":         {code: "B03"},
	"已加密（密码123456）.xlsx": {code: "B03"},
	"下载中断.xlsx":          {code: "B03"},
	"外部实体.xlsx":          {code: "B03"},
	"旧版格式.xls":           {code: "B04"},
	"改名的旧版格式.xlsx":       {code: "B04"},
	"二进制格式.xlsb":         {code: "B04"},
	"开放格式（已损坏）.ods":      {code: "B04"},
	// Made at test time (250 KB of deflate that inflates to 250 MB): see badZipBomb.
	"压缩炸弹.xlsx": {code: "B03"},
}

// TestRunBadBatch runs the whole pipeline on the public corpus plus every kind of bad file a
// bureau receives. The batch must finish, report each bad file as 未处理 with its code in
// results.json and in the summary's 未处理文件 sheet, leave the inbox byte for byte and mtime
// for mtime as it was, and leave no goroutine, temp file or half-written output behind.
func TestRunBadBatch(t *testing.T) {
	// A private temp folder: the check that nothing is left in os.TempDir() must not see the
	// other packages' tests, which go test runs at the same time. LibreOffice, started by the
	// converter, inherits it too.
	tmpRoot := t.TempDir()
	t.Setenv("TMPDIR", tmpRoot)
	tempBefore := badListing(t, tmpRoot)

	work := t.TempDir()
	inbox := filepath.Join(work, "收件箱")
	fixtures := badFixtureInbox
	if _, err := os.Stat(fixtures); err != nil {
		t.Logf("public corpus not found at %s: using testdata/inbox", fixtures)
		fixtures = filepath.Join("testdata", "inbox")
	}
	copyTree(t, fixtures, inbox)
	copyTree(t, filepath.Join("testdata", "bad"), filepath.Join(inbox, badDir))
	os.Remove(filepath.Join(inbox, badDir, "README.md"))
	badZipBomb(t, filepath.Join(inbox, badDir, "压缩炸弹.xlsx"))
	before := treeHashes(t, inbox)

	profile, err := scoring.LoadProfile(scoring.DefaultProfileName())
	if err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(work, "审核结果")
	goroutines := runtime.NumGoroutine()
	start := time.Now()
	rep, err := Run(context.Background(), Config{
		Inbox: inbox, Out: out, Profile: profile, ProfileName: scoring.DefaultProfileName(), Workers: 4,
	})
	if err != nil {
		t.Fatalf("Run: %v", err)
	}
	t.Logf("%d files in %v: %d processed, %d failed, %d skipped, %d duplicates",
		rep.Files, time.Since(start).Round(time.Millisecond), rep.Processed, rep.Failed, rep.Skipped, rep.Duplicates)

	checkNoRare(t)
	// The CLI exits with status 1 exactly when Report.Failed > 0.
	if rep.Failed == 0 {
		t.Error("Report.Failed = 0 for an inbox of bad files")
	}
	var doc Document
	if err := json.Unmarshal(jsonOf(t, rep), &doc); err != nil {
		t.Fatalf("results.json: %v", err)
	}
	byPath := map[string]FileEntry{}
	failed := 0
	for _, f := range doc.Files {
		byPath[f.Path] = f
		if f.Status == StatusFailed {
			failed++
		}
	}
	if failed != rep.Failed {
		t.Errorf("results.json lists %d failed files, Report.Failed = %d", failed, rep.Failed)
	}
	listed := badFailedSheet(t, filepath.Join(out, SummaryName))

	// What each file must give: the crafted ones, and the corpus's own expectations.
	wants := map[string]badExpect{}
	for name, w := range badFiles {
		wants[badDir+"/"+name] = badExpect{StatusFailed, w.code}
	}
	for path, w := range badCorpusExpectations(t, fixtures) {
		wants[path] = w
	}
	if len(byPath) != len(wants) {
		t.Errorf("results.json lists %d files, the inbox holds %d", len(byPath), len(wants))
	}
	paths := make([]string, 0, len(wants))
	for p := range wants {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	for _, path := range paths {
		w := wants[path]
		t.Run(path, func(t *testing.T) {
			got, ok := byPath[path]
			if !ok {
				t.Fatal("missing from results.json")
			}
			if got.Status != w.status {
				t.Fatalf("status %s (%s %s), want %s", got.Status, got.Code, got.Reason, w.status)
			}
			if w.status != StatusFailed && w.status != StatusDuplicate {
				return
			}
			// Every file not read, for whatever reason, is a row of 未处理文件 with its code.
			row, ok := listed[path]
			if !ok {
				t.Errorf("not in the summary's 未处理文件 sheet")
			} else if row.code != got.Code || row.reason != got.Reason {
				t.Errorf("未处理文件 says %s %q, results.json %s %q", row.code, row.reason, got.Code, got.Reason)
			}
			if strings.TrimSpace(got.Reason) == "" {
				t.Error("no reason given")
			}
			if w.code != "" && got.Code != w.code {
				t.Errorf("code %s (%s), want %s", got.Code, got.Reason, w.code)
			}
		})
	}

	// Nothing in the inbox changed: bytes, mode or mtime.
	if after := treeHashes(t, inbox); !equalMaps(before, after) {
		for p, b := range before {
			if after[p] != b {
				t.Errorf("inbox file %s changed: %s → %s", p, b, after[p])
			}
		}
		for p := range after {
			if _, ok := before[p]; !ok {
				t.Errorf("new file in the inbox: %s", p)
			}
		}
	}
	// No half-written output: atomic writes go through *.jxzp-tmp files beside their target.
	filepath.WalkDir(out, func(p string, d fs.DirEntry, err error) error {
		if err == nil && (fsx.IsTempOutput(d.Name()) || strings.HasSuffix(d.Name(), ".tmp")) {
			t.Errorf("temporary file left in OUT: %s", p)
		}
		return nil
	})
	// No worker, converter or progress goroutine outlives Run (a little time to unwind).
	deadline := time.Now().Add(3 * time.Second)
	for runtime.NumGoroutine() > goroutines+2 && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	if n := runtime.NumGoroutine(); n > goroutines+2 {
		buf := make([]byte, 1<<16)
		t.Errorf("%d goroutines after Run, %d before:\n%s", n, goroutines, buf[:runtime.Stack(buf, true)])
	}
	// Nothing of ours (jxzp-*: the converter's folders) or of excelize's (excelize-*: parts it
	// spilled to disk) is left in the temp folder.
	for name := range badListing(t, tmpRoot) {
		if tempBefore[name] {
			continue
		}
		if strings.HasPrefix(name, "jxzp-") || strings.HasPrefix(name, "excelize-") {
			t.Errorf("left in os.TempDir(): %s", name)
		} else {
			t.Logf("left in os.TempDir() by another program: %s", name)
		}
	}
}

// badCorpusExpectations gives the status and code each corpus file must get: from
// expected.json beside the public corpus, or, for testdata/inbox, the ones TestRunEndToEnd
// knows.
func badCorpusExpectations(t *testing.T, fixtures string) map[string]badExpect {
	t.Helper()
	out := map[string]badExpect{}
	if fixtures == badFixtureInbox {
		data, err := os.ReadFile(badFixtureExpected)
		if err != nil {
			t.Fatal(err)
		}
		var exp struct {
			Files []struct {
				Path   string `json:"path"`
				Expect struct {
					Status []string `json:"status"`
					Code   []string `json:"code"`
				} `json:"expect"`
			} `json:"files"`
		}
		if err := json.Unmarshal(data, &exp); err != nil {
			t.Fatal(err)
		}
		for _, f := range exp.Files {
			var w badExpect
			if len(f.Expect.Status) > 0 {
				w.status = f.Expect.Status[0]
			}
			if len(f.Expect.Code) > 0 {
				w.code = f.Expect.Code[0]
			}
			out[f.Path] = w
		}
		return out
	}
	const unit = "临江市卫生健康委员会/"
	for path, sc := range map[string][2]string{
		unit + "2022年度项目绩效自评表.xlsx":           {StatusOK, ""},
		unit + "~$临江市妇幼保健院_家庭医生签约服务补助.xlsx":   {StatusSkipped, "B05"},
		unit + "临江市妇幼保健院_家庭医生签约服务补助.xlsx":     {StatusOK, ""},
		unit + "临江市妇幼保健院_家庭医生签约服务补助（副本）.xlsx": {StatusDuplicate, "B02"},
		unit + "绩效自评表（临江市中心医院）.xlsx":          {StatusOK, ""},
		"问题文件/报送通知.xlsx":                      {StatusFailed, "B03"},
		"问题文件/空白文件.xlsx":                      {StatusFailed, "B03"},
	} {
		out[path] = badExpect{sc[0], sc[1]}
	}
	return out
}

// badRow is one row of the summary's 未处理文件 sheet.
type badRow struct{ code, reason string }

// badFailedSheet reads the 未处理文件 sheet of the summary: file → code and reason.
func badFailedSheet(t *testing.T, path string) map[string]badRow {
	t.Helper()
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatalf("summary: %v", err)
	}
	defer f.Close()
	rows, err := f.GetRows("未处理文件")
	if err != nil {
		t.Fatalf("未处理文件 sheet: %v", err)
	}
	// Columns by header (序号, 文件, 代码, 原因), so a column added later does not break this.
	col := map[string]int{}
	out := map[string]badRow{}
	for _, r := range rows {
		if len(col) == 0 {
			for i, h := range r {
				col[strings.TrimSpace(h)] = i
			}
			if _, ok := col["文件"]; !ok {
				col = map[string]int{}
			}
			continue
		}
		at := func(name string) string {
			if i, ok := col[name]; ok && i < len(r) {
				return r[i]
			}
			return ""
		}
		if file := at("文件"); file != "" {
			out[file] = badRow{at("代码"), at("原因")}
		}
	}
	if len(col) == 0 {
		t.Fatalf("no header row with 文件 in 未处理文件: %q", rows)
	}
	return out
}

func equalMaps(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if w, ok := b[k]; !ok || w != v {
			return false
		}
	}
	return true
}

// badListing is the set of names in dir.
func badListing(t *testing.T, dir string) map[string]bool {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]bool{}
	for _, e := range entries {
		out[e.Name()] = true
	}
	return out
}

// Minimal package parts around the bomb's sheet.
const (
	badContentTypes = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>`
	badRels = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`
	badWorkbook = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>`
	badWorkbookRels = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`
)

// badZipBomb writes a valid one-sheet package whose sheet is a cell with a 250 MB attribute:
// 250 KB on disk, past the 200 MB unzip limit once inflated. It is made here, streamed through
// the compressor, rather than kept in testdata: a quarter of a megabyte of nothing.
func badZipBomb(t *testing.T, path string) {
	t.Helper()
	out, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer out.Close()
	zw := zip.NewWriter(out)
	zw.RegisterCompressor(zip.Deflate, func(w io.Writer) (io.WriteCloser, error) {
		return flate.NewWriter(w, flate.BestCompression)
	})
	for _, p := range [][2]string{
		{"[Content_Types].xml", badContentTypes}, {"_rels/.rels", badRels},
		{"xl/workbook.xml", badWorkbook}, {"xl/_rels/workbook.xml.rels", badWorkbookRels},
	} {
		w, err := zw.Create(p[0])
		if err != nil {
			t.Fatal(err)
		}
		io.WriteString(w, p[1])
	}
	w, err := zw.Create("xl/worksheets/sheet1.xml")
	if err != nil {
		t.Fatal(err)
	}
	io.WriteString(w, `<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t a="`)
	chunk := bytes.Repeat([]byte("A"), 1<<20)
	for range 250 {
		if _, err := w.Write(chunk); err != nil {
			t.Fatal(err)
		}
	}
	io.WriteString(w, `">项目名称</t></is></c></row></sheetData></worksheet>`)
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
}

// TestWriteBadFiles rewrites testdata/bad with -write-bad-files, from the workbooks of
// ../excelio/testdata/read; README.md there says what each file is.
func TestWriteBadFiles(t *testing.T) {
	if !*writeBadFiles {
		t.Skip("run with -write-bad-files to rewrite testdata/bad")
	}
	src := func(name string) string { return filepath.Join("..", "excelio", "testdata", "read", name) }
	dir := filepath.Join("testdata", "bad")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	write := func(name string, data []byte) {
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("网页另存为.xlsx", []byte("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>附件下载失败</title></head>"+
		"<body><p>附件已过期或不存在，请联系发件人重新发送。</p></body></html>\n"))
	// An OLE compound-file header and nothing a spreadsheet reader can use. Two bodies, so the
	// two files are not B02 duplicates of each other.
	ole := []byte("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1")
	write("旧版格式.xls", append(bytes.Clone(ole), bytes.Repeat([]byte{0}, 2048)...))
	write("改名的旧版格式.xlsx", append(bytes.Clone(ole), bytes.Repeat([]byte{0xFF}, 2048)...))

	// An .xlsb is refused whatever it holds: its part names are enough. An .ods whose content is
	// no spreadsheet fails its conversion (or has no converter): B04 either way.
	write("二进制格式.xlsb", badZip(t, [2]string{"[Content_Types].xml", "<Types/>"}, [2]string{"xl/workbook.bin", "\x83\x01\x00"}))
	write("开放格式（已损坏）.ods", badZip(t, [2]string{"mimetype", "application/vnd.oasis.opendocument.spreadsheet"}, [2]string{"content.xml", "<x"}))

	f, err := excelize.OpenFile(src("tiyu_family4.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	enc := filepath.Join(t.TempDir(), "enc.xlsx")
	if err := f.SaveAs(enc, excelize.Options{Password: "123456"}); err != nil {
		t.Fatal(err)
	}
	f.Close()
	data, err := os.ReadFile(enc)
	if err != nil {
		t.Fatal(err)
	}
	write("已加密（密码123456）.xlsx", data)

	// A form cut where a dropped mail connection cuts it: before the central directory.
	good, err := os.ReadFile(src("zhongjiang_family2.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	write("下载中断.xlsx", good[:bytes.Index(good, []byte("PK\x01\x02"))])

	// langfang with 项目名称 (E2) replaced by an external entity on /etc/passwd.
	xxe := filepath.Join(t.TempDir(), "外部实体.xlsx")
	ziptest.Rewrite(t, src("langfang_family1.xlsx"), xxe, func(name string, body []byte) []byte {
		if name != "xl/worksheets/sheet1.xml" {
			return body
		}
		s := string(body)
		i := strings.Index(s, `<c r="E2"`)
		j := i + strings.Index(s[i:], "</c>")
		return []byte(`<!DOCTYPE worksheet [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>` + s[:i] + `<c r="E2" t="inlineStr"><is><t>&xxe;</t></is>` + s[j:])
	})
	data, err = os.ReadFile(xxe)
	if err != nil {
		t.Fatal(err)
	}
	write("外部实体.xlsx", data)
}

// badZip is a zip of the entries (name, body), the first stored, as an .ods's mimetype must be.
func badZip(t *testing.T, entries ...[2]string) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for i, e := range entries {
		method := zip.Deflate
		if i == 0 {
			method = zip.Store
		}
		w, err := zw.CreateHeader(&zip.FileHeader{Name: e[0], Method: method, Modified: time.Date(2022, 3, 1, 0, 0, 0, 0, time.UTC)})
		if err != nil {
			t.Fatal(err)
		}
		io.WriteString(w, e[1])
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}
