package fsx

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

func TestWriteAtomic(t *testing.T) {
	dir := t.TempDir()
	dst := filepath.Join(dir, "a", "b", "结果.json")
	if err := WriteFile(dst, []byte("one")); err != nil {
		t.Fatal(err)
	}
	if err := WriteFile(dst, []byte("two")); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(dst); string(b) != "two" {
		t.Errorf("content = %q", b)
	}
	if st, err := os.Stat(dst); err != nil || runtime.GOOS != "windows" && st.Mode().Perm() != 0o644 {
		t.Errorf("dst's mode = %v (%v), want -rw-r--r--", st.Mode(), err)
	}
	boom := errors.New("boom")
	err := WriteAtomic(dst, func(w io.Writer) error {
		_, _ = w.Write([]byte("half"))
		return boom
	})
	if !errors.Is(err, boom) {
		t.Errorf("err = %v", err)
	}
	if b, _ := os.ReadFile(dst); string(b) != "two" {
		t.Errorf("a failed write changed dst: %q", b)
	}
	entries, _ := os.ReadDir(filepath.Dir(dst))
	if len(entries) != 1 {
		t.Errorf("folder holds %d entries, want 1", len(entries))
	}
	long := filepath.Join(dir, strings.Repeat("长", 70)+".xlsx") // 214 bytes: near the name limit
	if err := WriteFile(long, []byte("x")); err != nil {
		t.Fatal(err)
	}
}
