package main

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var updateCheck = flag.Bool("update-check", false, "rewrite testdata/check/*.golden")

// TestCheckGolden holds `jxzp check` on the samples to its golden text: every form, its numbers,
// its findings grouped by cell with errors first, and the closing line. Plain text, because the
// test's stdout is no terminal.
func TestCheckGolden(t *testing.T) {
	files, err := filepath.Glob("samples/*.xlsx")
	if err != nil || len(files) == 0 {
		t.Fatal("no samples", err)
	}
	var stdout, stderr bytes.Buffer
	code := run(append([]string{"jxzp", "check"}, files...), &stdout, &stderr)
	if code != exitFileFailed {
		t.Errorf("exit %d, want %d (samples have forms to correct)\n%s", code, exitFileFailed, stderr.String())
	}
	if strings.Contains(stdout.String(), "\x1b[") {
		t.Error("colour codes in output that is not a terminal")
	}
	golden := filepath.Join("testdata", "check", "samples.golden")
	if *updateCheck {
		if err := os.WriteFile(golden, stdout.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if got := stdout.String(); got != string(want) {
		t.Errorf("output differs from %s (go test -run CheckGolden -update-check rewrites it):\n%s", golden, got)
	}
}

// TestCheckExitStatus: 0 when no form has an error, 1 when some has or a file cannot be read,
// 2 for usage; -o writes the annotated copies.
func TestCheckExitStatus(t *testing.T) {
	clean := "samples/三门峡市农业技术推广中心_农作物病虫害统防统治经费_自评表.xlsx"
	wrong := "samples/三门峡市群众艺术馆_公共文化服务体系建设经费_自评表.xlsx"
	empty := filepath.Join(t.TempDir(), "空白.xlsx")
	if err := os.WriteFile(empty, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	out := t.TempDir()
	tests := []struct {
		name            string
		args            []string
		want            int
		inStdout, inErr string
	}{
		{"clean form", []string{"check", clean}, exitOK, "可以报送", ""},
		{"form with errors", []string{"check", wrong, clean}, exitFileFailed, "需修改 1 张", ""},
		{"unreadable file", []string{"check", empty}, exitFileFailed, "无法检查", ""},
		{"no file", []string{"check"}, exitUsage, "", "缺少要检查的工作簿"},
		{"missing file", []string{"check", "没有这个文件.xlsx"}, exitUsage, "", "不存在"},
		{"a folder", []string{"check", "samples"}, exitUsage, "", "jxzp score samples"},
		{"unknown option", []string{"check", clean, "--bogus"}, exitUsage, "", "没有这个选项"},
		{"copies", []string{"check", wrong, "-o", out}, exitFileFailed, "审核副本：", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) { runCLI(t, tc.args, tc.want, tc.inStdout, tc.inErr) })
	}
	copies, _ := filepath.Glob(filepath.Join(out, "*（审核）.xlsx"))
	if len(copies) != 1 {
		t.Errorf("-o wrote %v, want one annotated copy", copies)
	}
}

// TestScoreSingleFile: `jxzp score FILE` reviews that one workbook, and says so.
func TestScoreSingleFile(t *testing.T) {
	out := filepath.Join(t.TempDir(), "out")
	runCLI(t, []string{"score", "samples/三门峡市群众艺术馆_公共文化服务体系建设经费_自评表.xlsx", "-o", out}, exitOK, "共 1 个", "只审核这一个工作簿")
}

// TestCheckColour: on a terminal, severities and verdicts are coloured.
func TestCheckColour(t *testing.T) {
	var buf bytes.Buffer
	p := newCheckPrinter(&buf, true, 2)
	p.report("mof2020", nil)
	if !strings.Contains(buf.String(), ansiGreen) {
		t.Errorf("no colour in %q", buf.String())
	}
}
