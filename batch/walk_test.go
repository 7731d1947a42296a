package batch

import (
	"context"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/jxzp/jxzp/scoring"
	"golang.org/x/text/encoding/simplifiedchinese"
)

func TestClassify(t *testing.T) {
	tests := []struct {
		name string
		want Class
	}{
		{"报表.xlsx", Candidate},
		{"报表.XLSX", Candidate},
		{"报表.Xlsm", Candidate},
		{"报表.xls", Candidate},
		{"报表.et", Candidate},
		{"报表.ET", Candidate},
		{"报表.ods", Candidate},
		{"报表.ODS", Candidate},
		{"报表.xlsb", Candidate},
		{"~$报表.xlsx", Skip},
		{"~$x.xls", Skip},
		{".~lock.报表.xlsx#", Skip},
		{".报表.xlsx", Skip},
		{".DS_Store", Skip},
		{"._报表.xlsx", Skip},
		{"报表.xlsx.tmp", Skip},
		{"~WRL0001.tmp", Skip},
		{"ABC123.TMP", Skip},
		{"~报表.xlsx", Candidate}, // a name starting with ~ is only a lock file as ~$
		{"报送通知.docx", Ignore},
		{"报表.pdf", Ignore},
		{"报表.csv", Ignore},
		{"报表.xlsx.bak", Ignore},
		{"报表", Ignore},
		{"邮件.eml", Container}, {"报表.ZIP", Container}, {"报表.rar", Ignore},
		{"Thumbs.db", Ignore},
	}
	for _, tt := range tests {
		if got := Classify(tt.name); got != tt.want {
			t.Errorf("Classify(%q) = %v, want %v", tt.name, got, tt.want)
		}
	}
}

// writeTree creates files (relative path → content) under root.
func writeTree(t *testing.T, root string, files map[string]string) {
	t.Helper()
	for rel, content := range files {
		p := filepath.Join(root, filepath.FromSlash(rel))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func TestWalkInbox(t *testing.T) {
	root := t.TempDir()
	writeTree(t, root, map[string]string{
		"a.xlsx":              "1",
		"a/x.xlsx":            "2",
		"b/~$x.xlsx":          "lock",
		"b/.~lock.x.xlsx#":    "lock",
		"b/说明.docx":           "ignored",
		"b/Y.XLSX":            "3",
		"b/.hidden.xlsx":      "hidden",
		"b/~WRL0001.tmp":      "temp",
		".git/objects/x.xlsx": "not walked",
		"out/审核结果/c（审核）.xlsx": "an earlier run's output",
		"c/旧表.xls":            "4",
		"c/wps.et":            "5",
		"c/开放格式.ods":          "6",
		"c/二进制.xlsb":          "7",
	})
	if err := os.Symlink("/etc/passwd", filepath.Join(root, "c", "link.xlsx")); err != nil {
		t.Fatal(err)
	}
	got, err := walkInbox(root, filepath.Join(root, "out"))
	if err != nil {
		t.Fatal(err)
	}
	type row struct {
		rel     string
		class   Class
		special bool
	}
	var rows []row
	for _, e := range got {
		rows = append(rows, row{e.rel, e.class, e.odd == oddSpecial})
	}
	want := []row{
		{"a.xlsx", Candidate, false},
		{"a/x.xlsx", Candidate, false},
		{"b/.hidden.xlsx", Skip, false},
		{"b/.~lock.x.xlsx#", Skip, false},
		{"b/Y.XLSX", Candidate, false},
		{"b/~$x.xlsx", Skip, false},
		{"b/~WRL0001.tmp", Skip, false},
		{"c/link.xlsx", Candidate, true},
		{"c/wps.et", Candidate, false},
		{"c/二进制.xlsb", Candidate, false},
		{"c/开放格式.ods", Candidate, false},
		{"c/旧表.xls", Candidate, false},
	}
	if !reflect.DeepEqual(rows, want) {
		t.Errorf("walkInbox:\n got %v\nwant %v", rows, want)
	}
}

func TestPrepare(t *testing.T) {
	root := t.TempDir()
	writeTree(t, root, map[string]string{
		"a/1.xlsx":      "same bytes",
		"a/2.xlsx":      "other bytes",
		"b/1.xlsx":      "same bytes",
		"b/~$1.xlsx":    "same bytes", // a lock file is never hashed, so never a duplicate
		"c/copy.XLSX":   "same bytes",
		"c/empty1.xlsx": "",
		"c/empty2.xlsx": "",
	})
	if err := os.Symlink(filepath.Join(root, "a", "1.xlsx"), filepath.Join(root, "c", "link.xlsx")); err != nil {
		t.Fatal(err)
	}
	entries, err := walkInbox(root, "")
	if err != nil {
		t.Fatal(err)
	}
	var states []*fileState
	for _, e := range entries {
		states = append(states, newFileState(e))
	}
	toRead, err := prepare(context.Background(), states, 2)
	if err != nil {
		t.Fatal(err)
	}
	type row struct{ rel, status, code, reason string }
	var got []row
	for _, s := range states {
		got = append(got, row{s.rel, s.status(), s.code, s.reason})
	}
	want := []row{
		{"a/1.xlsx", "", "", ""},
		{"a/2.xlsx", "", "", ""},
		{"b/1.xlsx", StatusDuplicate, "B02", "与 a/1.xlsx 内容完全相同"},
		{"b/~$1.xlsx", StatusSkipped, "B05", "Office/WPS 锁定文件，已跳过"},
		{"c/copy.XLSX", StatusDuplicate, "B02", "与 a/1.xlsx 内容完全相同"},
		{"c/empty1.xlsx", "", "", ""},
		{"c/empty2.xlsx", "", "", ""}, // empty files are each read, to be told 文件为空, not duplicates
		{"c/link.xlsx", StatusFailed, "B03", "不是普通文件（符号链接、设备或管道），为安全起见未读取"},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("prepare:\n got %v\nwant %v", got, want)
	}
	var read []string
	for _, s := range toRead {
		read = append(read, s.rel)
	}
	if want := []string{"a/1.xlsx", "a/2.xlsx", "c/empty1.xlsx", "c/empty2.xlsx"}; !reflect.DeepEqual(read, want) {
		t.Errorf("files to read = %v, want %v", read, want)
	}
	for _, s := range states {
		if s.status() == StatusSkipped && s.sha.set {
			t.Errorf("%s: a skipped file was hashed", s.rel)
		}
		if s.status() == StatusDuplicate && !s.sha.set {
			t.Errorf("%s: a duplicate has no sha256", s.rel)
		}
	}
}

func TestPrepareCancelled(t *testing.T) {
	root := t.TempDir()
	writeTree(t, root, map[string]string{"a.xlsx": "x"})
	entries, err := walkInbox(root, "")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := prepare(ctx, []*fileState{newFileState(entries[0])}, 2); err != context.Canceled {
		t.Errorf("prepare on a cancelled context = %v, want context.Canceled", err)
	}
}

// The output folder of an earlier run, left inside the inbox, is not walked: its summary is no
// form and its copies would be scored twice. A folder whose results.json is not ours, or is no
// regular file (here a folder; a named pipe would block the walk), is walked as any other.
func TestWalkInboxSkipsEarlierOutput(t *testing.T) {
	root := t.TempDir()
	padding := strings.Repeat(" ", outputHeadSize) // "tool" past the head: not recognised
	writeTree(t, root, map[string]string{
		"a.xlsx":            "1",
		"上次结果/results.json": "{\n  \"tool\": \"jxzp\",\n  \"version\": \"1\"\n}\n",
		"上次结果/绩效自评汇总表.xlsx":      "summary",
		"上次结果/审核结果/甲/a（审核）.xlsx": "copy",
		"compact/results.json":   `{"tool":"jxzp"}`,
		"compact/x.xlsx":         "copy",
		"other/results.json":     `{"tool": "other"}`,
		"other/b.xlsx":           "2",
		"late/results.json":      "{" + padding + `"tool": "jxzp"}`,
		"late/c.xlsx":            "3",
		"odd/d.xlsx":             "4",
		"odd/results.json/x.txt": `"tool": "jxzp"`, // results.json is a folder here: never opened
		"unit/上次结果/results.json": `{"tool": "jxzp"}`,
		"unit/上次结果/审核结果/乙/e（审核）.xlsx": "copy",
		"unit/f.xlsx": "5",
	})
	got, err := walkInbox(root, "")
	if err != nil {
		t.Fatal(err)
	}
	var rels []string
	for _, e := range got {
		rels = append(rels, e.rel)
	}
	want := []string{"a.xlsx", "late/c.xlsx", "odd/d.xlsx", "other/b.xlsx", "unit/f.xlsx"}
	if !reflect.DeepEqual(rels, want) {
		t.Errorf("walkInbox:\n got %v\nwant %v", rels, want)
	}
}

// TestWalkInboxGBKNames: names extracted on Linux from a zip made on a Chinese Windows are GBK
// bytes; the listing shows them decoded as GB18030 (never U+FFFD) and still opens the file by its
// own bytes.
func TestWalkInboxGBKNames(t *testing.T) {
	gbk := func(s string) string {
		b, err := simplifiedchinese.GBK.NewEncoder().String(s)
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	root := t.TempDir()
	for _, tc := range []struct{ dir, name string }{
		{gbk("临江市民政局"), gbk("自评表.xlsx")},
		{"utf8目录", gbk("绩效自评（副本）.xlsx")},
		{gbk("财政局"), "已是UTF-8.xlsx"},
	} {
		if err := os.MkdirAll(filepath.Join(root, tc.dir), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(root, tc.dir, tc.name), []byte("x"), 0o644); err != nil {
			t.Skipf("this file system refuses names that are not UTF-8: %v", err)
		}
	}
	got, err := walkInbox(root, "")
	if err != nil {
		t.Fatal(err)
	}
	var rels []string
	for _, e := range got {
		rels = append(rels, e.rel)
		if _, err := os.Stat(e.abs); err != nil {
			t.Errorf("%s cannot be opened by its path: %v", e.rel, err)
		}
	}
	want := []string{"utf8目录/绩效自评（副本）.xlsx", "临江市民政局/自评表.xlsx", "财政局/已是UTF-8.xlsx"}
	if !reflect.DeepEqual(rels, want) {
		t.Errorf("walkInbox:\n got %q\nwant %q", rels, want)
	}
	rep, err := Run(context.Background(), Config{Inbox: root, Out: t.TempDir(), Profile: &scoring.Profile{Name: "test"}})
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range want {
		if !strings.Contains(string(jsonOf(t, rep)), `"path": "`+w+`"`) {
			t.Errorf("results.json does not list %s", w)
		}
	}
	if strings.ContainsRune(string(jsonOf(t, rep)), utf8.RuneError) {
		t.Error("results.json holds U+FFFD")
	}
}
