package main

import (
	"bytes"
	"encoding/json"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/jxzp/jxzp/batch"
	"github.com/jxzp/jxzp/internal/fsx"
	"github.com/jxzp/jxzp/scoring"
)

// TestRunExitStatus holds the command line to outputs.md §5 as a user meets it.
func TestRunExitStatus(t *testing.T) {
	out := t.TempDir()
	bad := t.TempDir()
	if err := os.WriteFile(filepath.Join(bad, "空白.xlsx"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name     string
		args     []string
		want     int
		inStderr string
	}{
		{"no inbox", []string{"score"}, exitUsage, "缺少收件箱"},
		{"unknown profile", []string{"score", "samples", "--profile", "没有这个规则"}, exitUsage, "无法加载评分规则"},
		{"unknown option", []string{"score", "samples", "--bogus"}, exitUsage, "用法错误"},
		{"samples, options after the folder", []string{"score", "samples", "-o", filepath.Join(out, "a")}, exitOK, ""},
		{"a file that cannot be read", []string{"score", bad, "-o", filepath.Join(out, "b")}, exitFileFailed, ""},
		{"profile list", []string{"profile", "list"}, exitOK, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) { runCLI(t, tc.args, tc.want, "", tc.inStderr) })
	}
}

// runCLI runs jxzp with args and checks the exit status and what stdout and stderr contain.
func runCLI(t *testing.T, args []string, want int, inStdout, inStderr string) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	got := run(append([]string{"jxzp"}, args...), &stdout, &stderr)
	if got != want {
		t.Fatalf("exit %d, want %d\nstdout: %s\nstderr: %s", got, want, stdout.String(), stderr.String())
	}
	if !strings.Contains(stdout.String(), inStdout) {
		t.Errorf("stdout %q lacks %q", stdout.String(), inStdout)
	}
	if !strings.Contains(stderr.String(), inStderr) {
		t.Errorf("stderr %q lacks %q", stderr.String(), inStderr)
	}
}

// TestRunJSON checks that --json prints results.json itself on stdout.
func TestRunJSON(t *testing.T) {
	out := t.TempDir()
	var stdout, stderr bytes.Buffer
	if got := run([]string{"jxzp", "score", "--json", "-o", out, "samples"}, &stdout, &stderr); got != exitOK {
		t.Fatalf("exit %d: %s", got, stderr.String())
	}
	written, err := os.ReadFile(filepath.Join(out, "results.json"))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(stdout.Bytes(), written) {
		t.Error("--json output differs from results.json")
	}
	var doc struct{ Files []any }
	if err := json.Unmarshal(stdout.Bytes(), &doc); err != nil || len(doc.Files) == 0 {
		t.Errorf("stdout is not results.json: %v", err)
	}
}

// TestProfileShowOut checks that `profile show -o` writes the embedded TOML byte for byte (the
// reason it exists: `>` in PowerShell re-encodes it), wherever the option is written, and never
// overwrites a file a bureau may have edited.
func TestProfileShowOut(t *testing.T) {
	want, err := scoring.BuiltinProfileTOML("mof2020")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	tests := []struct {
		name string
		args []string
		file string
	}{
		{"-o after the name", []string{"profile", "show", "mof2020", "-o", "{dir}/我的规则.toml"}, "我的规则.toml"},
		{"--out before the name", []string{"profile", "show", "--out", "{dir}/b.toml", "mof2020"}, "b.toml"},
		{"--out=, into a new folder", []string{"profile", "show", "mof2020", "--out={dir}/新建/c.toml"}, filepath.Join("新建", "c.toml")},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			args := []string{"jxzp"}
			for _, a := range tc.args {
				args = append(args, strings.ReplaceAll(a, "{dir}", dir))
			}
			var stdout, stderr bytes.Buffer
			if got := run(args, &stdout, &stderr); got != exitOK {
				t.Fatalf("exit %d: %s", got, stderr.String())
			}
			if stdout.Len() != 0 {
				t.Errorf("stdout not empty with -o: %q", stdout.String())
			}
			got, err := os.ReadFile(filepath.Join(dir, tc.file))
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got, want) {
				t.Error("the file differs from the embedded mof2020.toml")
			}
			if !strings.Contains(stderr.String(), "已写出") || !strings.Contains(stderr.String(), "--profile") {
				t.Errorf("stderr does not say where the file went and how to use it: %q", stderr.String())
			}
		})
	}

	t.Run("an existing file is not overwritten", func(t *testing.T) {
		edited := filepath.Join(dir, "已修改.toml")
		if err := os.WriteFile(edited, []byte("total = 90\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		var stdout, stderr bytes.Buffer
		if got := run([]string{"jxzp", "profile", "show", "mof2020", "-o", edited}, &stdout, &stderr); got != exitUsage {
			t.Fatalf("exit %d, want %d: %s", got, exitUsage, stderr.String())
		}
		if data, _ := os.ReadFile(edited); string(data) != "total = 90\n" {
			t.Errorf("the edited file was overwritten")
		}
		if !strings.Contains(stderr.String(), "已存在") {
			t.Errorf("stderr %q does not say the file exists", stderr.String())
		}
	})

	t.Run("without -o the TOML goes to stdout", func(t *testing.T) {
		var stdout, stderr bytes.Buffer
		if got := run([]string{"jxzp", "profile", "show", "mof2020"}, &stdout, &stderr); got != exitOK || !bytes.Equal(stdout.Bytes(), want) {
			t.Errorf("exit %d, stdout equal: %v", got, bytes.Equal(stdout.Bytes(), want))
		}
	})
}

// TestHelpAndUsageMessages checks the help command and how option errors name the option.
func TestHelpAndUsageMessages(t *testing.T) {
	tests := []struct {
		name     string
		args     []string
		want     int
		inStdout string
		inStderr string
	}{
		{"help", []string{"help"}, exitOK, "命令：", ""},
		{"--help", []string{"--help"}, exitOK, "命令：", ""},
		{"help score", []string{"help", "score"}, exitOK, "jxzp score - ", ""},
		{"help profile", []string{"help", "profile"}, exitOK, "子命令：", ""},
		{"help profile show", []string{"help", "profile", "show"}, exitOK, "--out 值, -o 值", ""},
		{"help of an unknown command", []string{"help", "scroe"}, exitUsage, "", "没有「scroe」这个命令"},
		{"a long option is written with two dashes", []string{"score", "samples", "--year", "abc"}, exitUsage, "", "选项 --year 的取值 \"abc\" 无效"},
		{"an unknown long option", []string{"score", "samples", "--bogus"}, exitUsage, "", "没有这个选项：--bogus"},
		{"a short option with one dash", []string{"score", "samples", "-x"}, exitUsage, "", "没有这个选项：-x"},
		{"an option missing its value at the end", []string{"score", "samples", "-o"}, exitUsage, "", "选项缺少取值：-o"},
		{"subcommand usage names the subcommand", []string{"profile", "show", "mof2020", "-o"}, exitUsage, "", "jxzp profile show --help"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) { runCLI(t, tc.args, tc.want, tc.inStdout, tc.inStderr) })
	}
}

// TestOutputProblems checks that an output folder that cannot be written is a usage error found
// before the batch runs, and that a summary that cannot be written is reported in Chinese.
func TestOutputProblems(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "一个文件")
	if err := os.WriteFile(file, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	blocked := filepath.Join(dir, "汇总表被占")
	// A folder where the summary goes makes the final rename fail, as an open workbook does on Windows.
	if err := os.MkdirAll(filepath.Join(blocked, batch.SummaryName), 0o755); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name     string
		out      string
		want     int
		inStderr string
	}{
		{"the output is a file", file, exitUsage, "无法写入输出文件夹 " + file + "：同名的文件已存在"},
		{"the output is under a file", filepath.Join(file, "结果"), exitUsage, "无法写入输出文件夹 " + filepath.Join(file, "结果") + "："},
		{"the summary cannot be written", blocked, exitFileFailed, "无法写出汇总表 " + filepath.Join(blocked, batch.SummaryName) + "："},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			got := run([]string{"jxzp", "score", "samples", "-o", tc.out}, &stdout, &stderr)
			if got != tc.want {
				t.Fatalf("exit %d, want %d\nstderr: %s", got, tc.want, stderr.String())
			}
			msg := stderr.String()
			if !strings.Contains(msg, tc.inStderr) {
				t.Errorf("stderr %q lacks %q", msg, tc.inStderr)
			}
			for _, english := range []string{"rename", "mkdir", "not a directory", "is a directory", "exists", "permission denied"} {
				if strings.Contains(msg, english) {
					t.Errorf("stderr %q has the OS's English %q", msg, english)
				}
			}
		})
	}
}

// TestWriteFailureReason checks the wording of an output that cannot be replaced: on Windows
// that is the summary open in Excel, denied at the rename.
func TestWriteFailureReason(t *testing.T) {
	summary := filepath.Join("out", batch.SummaryName)
	tests := []struct {
		name string
		err  error
		want string
	}{
		{"rename denied", &os.LinkError{Op: "rename", Old: "out/.tmp", New: summary, Err: syscall.EACCES}, "请关闭已打开的 绩效自评汇总表.xlsx 后重试"},
		{"create denied", &fs.PathError{Op: "open", Path: summary, Err: fs.ErrPermission}, "请关闭已打开的 绩效自评汇总表.xlsx 后重试"},
		{"disk full", &fs.PathError{Op: "write", Path: summary, Err: syscall.ENOSPC}, "磁盘空间不足"},
		{"folder gone", &os.LinkError{Op: "rename", Old: "out/.tmp", New: summary, Err: syscall.ENOENT}, "找不到（文件夹可能已被移走或删除）"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := fsx.WriteFailureReason(tc.err, batch.SummaryName); !strings.Contains(got, tc.want) {
				t.Errorf("got %q, want it to contain %q", got, tc.want)
			}
		})
	}
}

// TestProfileFileMissing checks the message for a --profile file that is not there.
func TestProfileFileMissing(t *testing.T) {
	var stdout, stderr bytes.Buffer
	if got := run([]string{"jxzp", "score", "samples", "--profile", "nosuch.toml"}, &stdout, &stderr); got != exitUsage {
		t.Fatalf("exit %d: %s", got, stderr.String())
	}
	if msg := stderr.String(); !strings.Contains(msg, "找不到规则文件 nosuch.toml") || strings.Contains(msg, "no such file") {
		t.Errorf("stderr %q", msg)
	}
}
