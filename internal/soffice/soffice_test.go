package soffice

import (
	"context"
	"os/exec"
	"runtime"
	"testing"
	"time"
)

// TestFileURL checks the LibreOffice profile URL has three slashes on both systems:
// file://C:/x (a host named "C:") is what the old string concatenation gave on Windows.
func TestFileURL(t *testing.T) {
	for _, c := range []struct{ slash, want string }{
		{"/tmp/x", "file:///tmp/x"},
		{"C:/x", "file:///C:/x"},
		{"C:/Users/张 三/AppData/Local/Temp/p", "file:///C:/Users/%E5%BC%A0%20%E4%B8%89/AppData/Local/Temp/p"},
	} {
		if got := fileURLFromSlash(c.slash); got != c.want {
			t.Errorf("fileURLFromSlash(%q) = %q, want %q", c.slash, got, c.want)
		}
	}
	if got := FileURL("/tmp/x"); got != "file:///tmp/x" {
		t.Errorf("FileURL(/tmp/x) = %q", got)
	}
	if runtime.GOOS == "windows" {
		if got := FileURL(`C:\x`); got != "file:///C:/x" {
			t.Errorf(`FileURL(C:\x) = %q`, got)
		}
	}
}

// TestProcStartGroupKillsChildren cancels a shell whose child holds the output pipe: only a
// kill of the whole group lets the command return before the child's sleep ends.
func TestProcStartGroupKillsChildren(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("uses sh")
	}
	sh, err := exec.LookPath("sh")
	if err != nil {
		t.Skip("no sh")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	cmd := exec.CommandContext(ctx, sh, "-c", "sleep 30 & wait")
	startGroup(cmd)
	start := time.Now()
	_, _ = cmd.CombinedOutput()
	if d := time.Since(start); d > 10*time.Second {
		t.Fatalf("cancelled command took %v: its child survived", d)
	}
}
