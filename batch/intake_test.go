package batch

import (
	"archive/zip"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"maps"
	"mime"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/simplifiedchinese"

	"github.com/jxzp/jxzp/mail"
	"github.com/jxzp/jxzp/scoring"
)

// Two sample workbooks of different units, the inputs every message below carries.
var (
	intakeWB1 = filepath.Join("..", "samples", "三门峡市儿童福利院_孤弃儿童养育经费_自评表.xlsx")
	intakeWB2 = filepath.Join("..", "samples", "三门峡市群众艺术馆_公共文化服务体系建设经费_自评表.xlsx")
)

// gbk encodes s in GBK.
func gbk(t *testing.T, s string) string {
	t.Helper()
	b, err := simplifiedchinese.GBK.NewEncoder().String(s)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// b64 is base64 folded at 76 columns, as mail programs write it.
func b64(data []byte) string {
	s := base64.StdEncoding.EncodeToString(data)
	var b strings.Builder
	for len(s) > 76 {
		b.WriteString(s[:76] + "\r\n")
		s = s[76:]
	}
	return b.String() + s + "\r\n"
}

// outlookMessage is a message as Outlook writes one: multipart/alternative body, RFC 2231 UTF-8
// attachment name, an RFC 2047 name in the Content-Type.
func outlookMessage(name string, data []byte) []byte {
	var b strings.Builder
	b.WriteString("From: =?gb2312?B?" + base64.StdEncoding.EncodeToString([]byte(mustGBK(("儿童福利院财务科")))) + "?= <cw@fly.example.cn>\r\n")
	b.WriteString("To: <jxzp@czj.example.cn>\r\nSubject: =?utf-8?B?" + base64.StdEncoding.EncodeToString([]byte("报送自评表")) + "?=\r\n")
	b.WriteString("Date: Mon, 14 Mar 2022 16:05:00 +0800\r\nMIME-Version: 1.0\r\n")
	b.WriteString("Content-Type: multipart/mixed; boundary=\"_004_OL\"\r\n\r\n--_004_OL\r\n")
	b.WriteString("Content-Type: multipart/alternative; boundary=\"_000_OL\"\r\n\r\n--_000_OL\r\n")
	b.WriteString("Content-Type: text/plain; charset=\"utf-8\"\r\nContent-Transfer-Encoding: base64\r\n\r\n" + b64([]byte("请审核。")) + "\r\n--_000_OL--\r\n\r\n--_004_OL\r\n")
	b.WriteString("Content-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet;\r\n\tname=\"" + mime.BEncoding.Encode("utf-8", name) + "\"\r\n")
	b.WriteString("Content-Disposition: attachment;\r\n\tfilename*=utf-8''" + strings.ReplaceAll(pathEscape(name), "+", "%20") + "\r\n")
	b.WriteString("Content-Transfer-Encoding: base64\r\n\r\n" + b64(data) + "\r\n--_004_OL--\r\n")
	return []byte(b.String())
}

// mustGBK encodes s in GBK, for builders that have no *testing.T.
func mustGBK(s string) string {
	b, _ := simplifiedchinese.GBK.NewEncoder().String(s)
	return b
}

// pathEscape percent-encodes every byte outside the unreserved set.
func pathEscape(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < 0x80 && (c == '.' || c == '_' || c == '-' || ('a' <= c && c <= 'z') || ('A' <= c && c <= 'Z') || ('0' <= c && c <= '9')) {
			b.WriteByte(c)
		} else {
			fmt.Fprintf(&b, "%%%02X", c)
		}
	}
	return b.String()
}

// zipOf builds a zip archive; a name written with gbk set carries no UTF-8 flag, as Chinese
// Windows archivers write it.
func zipOf(t *testing.T, files map[string][]byte, gbkNames bool) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, name := range slices.Sorted(maps.Keys(files)) {
		h := &zip.FileHeader{Name: name, Method: zip.Deflate}
		if gbkNames {
			h.Name, h.NonUTF8 = gbk(t, name), true
		}
		w, err := zw.CreateHeader(h)
		if err != nil {
			t.Fatal(err)
		}
		w.Write(files[name])
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// sha is the hex sha256 of data.
func sha(data []byte) string {
	s := sha256.Sum256(data)
	return hex.EncodeToString(s[:])
}

// runIntake scores inbox into a temporary folder.
func runIntake(t *testing.T, inbox string, ro *mail.Roster) *Report {
	t.Helper()
	p, err := scoring.LoadProfile(scoring.DefaultProfileName())
	if err != nil {
		t.Fatal(err)
	}
	rep, err := Run(context.Background(), Config{Inbox: inbox, Out: t.TempDir(), Profile: p, Progress: NoProgress{}, Roster: ro})
	if err != nil {
		t.Fatal(err)
	}
	return rep
}

// filesByPath indexes results.json's files.
func filesByPath(doc *Document) map[string]FileEntry {
	m := map[string]FileEntry{}
	for _, f := range doc.Files {
		m[f.Path] = f
	}
	return m
}

func TestIntakeMessagesAndArchives(t *testing.T) {
	wb1, _ := os.ReadFile(intakeWB1)
	wb2, _ := os.ReadFile(intakeWB2)
	inbox := t.TempDir()
	write := func(name string, data []byte) {
		if err := os.WriteFile(filepath.Join(inbox, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("outlook.eml", outlookMessage("福利院_自评表.xlsx", wb1))
	write("报送.zip", zipOf(t, map[string][]byte{"自评/群艺馆.xlsx": wb2, "说明.txt": []byte("x")}, true))
	write("crafted.zip", zipOf(t, map[string][]byte{"../../evil.xlsx": wb1}, false))
	inner := zipOf(t, map[string][]byte{"深.zip": zipOf(t, map[string][]byte{"c.xlsx": wb1}, false)}, false)
	write("nested.zip", zipOf(t, map[string][]byte{"中.zip": inner}, false))
	rep := runIntake(t, inbox, nil)
	got := filesByPath(docOf(t, rep))
	want := map[string]string{
		"outlook.eml/福利院_自评表.xlsx": StatusOK,
		"报送.zip/自评/群艺馆.xlsx":       StatusOK,
		"crafted.zip":              StatusFailed,
		"nested.zip/中.zip/深.zip":   StatusFailed,
	}
	for p, st := range want {
		if got[p].Status != st {
			t.Errorf("%s: status %q, want %q (files: %v)", p, got[p].Status, st, paths(docOf(t, rep)))
		}
	}
	o := got["outlook.eml/福利院_自评表.xlsx"]
	if o.SHA256 != sha(wb1) || o.From == nil || o.From.Address != "cw@fly.example.cn" || o.From.Name != "儿童福利院财务科" ||
		o.Date != "2022-03-14T16:05:00+08:00" || o.Subject != "报送自评表" {
		t.Errorf("message file: %+v from %+v", o, o.From)
	}
	if !strings.Contains(got["crafted.zip"].Reason, "压缩包以外") || !strings.Contains(got["nested.zip/中.zip/深.zip"].Reason, "超过一层") {
		t.Errorf("reasons: %q / %q", got["crafted.zip"].Reason, got["nested.zip/中.zip/深.zip"].Reason)
	}
	if got["报送.zip/自评/群艺馆.xlsx"].SHA256 != sha(wb2) {
		t.Error("sha256 of a zip member is not that of its bytes")
	}
}

func TestIntakePythonMessages(t *testing.T) {
	py, err := exec.LookPath("python3")
	if err != nil {
		t.Skip("python3 不在 PATH 中：跳过用 Python email 包生成的 .eml 测试")
	}
	inbox := t.TempDir()
	cmd := exec.Command(py, filepath.Join("..", "mail", "testdata", "make_eml.py"), inbox, intakeWB1, intakeWB2)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("make_eml.py: %v\n%s", err, out)
	}
	rep := runIntake(t, inbox, nil)
	got := filesByPath(docOf(t, rep))
	const name = "三门峡市儿童福利院_自评表.xlsx"
	want := map[string]string{
		"py_gbk_2231.eml/" + name:       StatusOK,
		"py_raw8bit.eml/" + name:        StatusDuplicate,
		"py_inline.eml/" + name:         StatusDuplicate,
		"py_zip.eml/自评表.zip/自评表/甲.xlsx": StatusDuplicate,
		"py_zip.eml/自评表.zip/乙.xlsx":     StatusOK,
		"py_none.eml":                   StatusSkipped,
	}
	for p, st := range want {
		if got[p].Status != st {
			t.Errorf("%s: status %q, want %q (files: %v)", p, got[p].Status, st, paths(docOf(t, rep)))
		}
	}
	f := got["py_gbk_2231.eml/"+name]
	if f.Subject != "报送2021年度绩效自评表" || f.From == nil || f.From.Name != "张三" || f.Date != "2022-03-15T10:20:30+08:00" {
		t.Errorf("message fields: %+v", f)
	}
	if n := got["py_none.eml"]; n.Subject != "材料说明" || !strings.Contains(n.Reason, "没有 Excel") {
		t.Errorf("message without workbook: %+v", n)
	}
}

// paths lists results.json's file paths, for failure messages.
func paths(doc *Document) []string {
	var ps []string
	for _, f := range doc.Files {
		ps = append(ps, f.Path+"="+f.Status)
	}
	return ps
}

func TestUnitsWithRoster(t *testing.T) {
	wb1, _ := os.ReadFile(intakeWB1)
	wb2, _ := os.ReadFile(intakeWB2)
	inbox := t.TempDir()
	os.WriteFile(filepath.Join(inbox, "outlook.eml"), outlookMessage("福利院.xlsx", wb1), 0o644)
	os.WriteFile(filepath.Join(inbox, "群艺馆.xlsx"), wb2, 0o644)
	roster := filepath.Join(t.TempDir(), "名录.csv")
	csv := "主管部门,单位名称 ,电子邮箱,单位编码\r\n" +
		"三门峡市民政局,ＳＭＸ001-三门峡市 儿童福利院,roster@fly.example.cn,SMX001\r\n" +
		"三门峡市财政局,三门峡市未报单位,,\r\n"
	os.WriteFile(roster, []byte(gbk(t, csv)), 0o644)
	ro, err := mail.ReadRoster(roster)
	if err != nil {
		t.Fatal(err)
	}
	rep := runIntake(t, inbox, ro)
	var got []string
	for _, u := range docOf(t, rep).Units {
		got = append(got, fmt.Sprintf("%s/%s/%d/%s", u.Name, u.Status, u.Forms, strOf(u.Address)))
	}
	want := "ＳＭＸ001-三门峡市 儿童福利院/已报送/1/cw@fly.example.cn 三门峡市未报单位/未报送/0/ 三门峡市群众艺术馆/名录外/1/"
	if strings.Join(got, " ") != want {
		t.Errorf("units\n got %s\nwant %s", strings.Join(got, " "), want)
	}
	f, err := excelize.OpenFile(rep.SummaryPath)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := f.GetRows("上报情况")
	if err != nil || len(rows) != 6 || rows[4][3] != "未报送" || rows[4][9] != "无邮箱，无法发送回复" || rows[5][3] != "名录外" {
		t.Errorf("上报情况 rows %q (%v)", rows, err)
	}
}
