package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// TestScoreBureauFromConfig: 制表单位 comes from --bureau, else from [summary] bureau of the
// jxzp.toml beside the inbox; a key the file may not hold is a usage error naming it.
func TestScoreBureauFromConfig(t *testing.T) {
	dir := t.TempDir()
	inbox := filepath.Join(dir, "收件箱")
	if err := os.MkdirAll(inbox, 0o755); err != nil {
		t.Fatal(err)
	}
	sample := "三门峡市互联网舆情研究和应急保障中心_网络宣传管理和文化建设经费_自评表.xlsx"
	data, err := os.ReadFile(filepath.Join("samples", sample))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(inbox, sample), data, 0o644); err != nil {
		t.Fatal(err)
	}
	config := filepath.Join(dir, configName)
	write := func(text string) {
		t.Helper()
		if err := os.WriteFile(config, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	note := func(out string) string {
		t.Helper()
		f, err := excelize.OpenFile(filepath.Join(out, "绩效自评汇总表.xlsx"))
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		v, err := f.GetCellValue("汇总表", "A2")
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	write("[summary]\nbureau = \"临江市财政局\"\n")
	out := filepath.Join(dir, "out1")
	runCLI(t, []string{"score", inbox, "-o", out}, exitOK, "审核完成", "")
	if got := note(out); !strings.Contains(got, "临江市财政局") {
		t.Errorf("the note under the title %q lacks the bureau of jxzp.toml", got)
	}
	out = filepath.Join(dir, "out2")
	runCLI(t, []string{"score", inbox, "-o", out, "--bureau", "临江市财政局预算绩效科"}, exitOK, "审核完成", "")
	if got := note(out); !strings.Contains(got, "临江市财政局预算绩效科") {
		t.Errorf("--bureau did not win over the file: %q", got)
	}
	write("[summary]\nbureu = \"错字\"\n")
	runCLI(t, []string{"score", inbox, "-o", filepath.Join(dir, "out3")}, exitUsage, "", "未知的键「bureu」")
}
