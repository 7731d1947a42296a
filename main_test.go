package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
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
		t.Run(tc.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			got := run(append([]string{"jxzp"}, tc.args...), &stdout, &stderr)
			if got != tc.want {
				t.Fatalf("exit %d, want %d\nstdout: %s\nstderr: %s", got, tc.want, stdout.String(), stderr.String())
			}
			if !strings.Contains(stderr.String(), tc.inStderr) {
				t.Errorf("stderr %q lacks %q", stderr.String(), tc.inStderr)
			}
		})
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
