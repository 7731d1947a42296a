package main

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

// TestScoreSamplesMail is the README's e-mail example on the bundled samples: replies for every
// unit with an address, a reminder for the unit that sent nothing, the same bytes on a re-run,
// and a dry run of jxzp send listing them.
func TestScoreSamplesMail(t *testing.T) {
	out := t.TempDir()
	args := []string{"score", "samples", "-o", out, "--units", filepath.Join("samples", "单位名录.csv"), "--mail", "--remind", "--deadline", "2022年4月15日"}
	runCLI(t, args, exitOK, "没有邮箱、未写邮件的单位 1 个：三门峡市环境卫生管理处", "")
	drafts := []string{"三门峡市图书馆.eml", "三门峡市儿童福利院.eml", filepath.Join("催报", "三门峡市博物馆.eml")}
	first := map[string][]byte{}
	for _, d := range drafts {
		data, err := os.ReadFile(filepath.Join(out, "邮件", d))
		if err != nil {
			t.Fatal(err)
		}
		first[d] = data
	}
	if _, err := os.Stat(filepath.Join(out, "邮件", "三门峡市环境卫生管理处.eml")); err == nil {
		t.Error("a draft was written for a unit with no address")
	}
	runCLI(t, args, exitOK, "未报送 1 个", "")
	for _, d := range drafts {
		if again, _ := os.ReadFile(filepath.Join(out, "邮件", d)); !bytes.Equal(again, first[d]) {
			t.Errorf("%s differs on a re-run", d)
		}
	}
	if !bytes.Contains(first["三门峡市图书馆.eml"], []byte("tsg-cw@library.sanmenxia.example.com")) {
		t.Error("the 图书馆 reply does not go to the sender of its message")
	}
	runCLI(t, []string{"send", out, "--dry-run"}, exitOK, "试运行待发送 7 封", "")
	runCLI(t, []string{"send", out, "--smtp", "127.0.0.1:1"}, exitUsage, "", "缺少 --from")
}
