// Package ziptest rewrites workbook packages entry by entry, for tests that build damaged or
// hostile .xlsx files from good ones.
package ziptest

import (
	"archive/zip"
	"bytes"
	"io"
	"os"
	"sort"
	"testing"
)

// Rewrite copies the package src to dst, passing every entry through edit; an entry edit
// returns nil for is dropped.
func Rewrite(t testing.TB, src, dst string, edit func(name string, body []byte) []byte) {
	t.Helper()
	RewriteAdding(t, src, dst, edit, nil)
}

// RewriteAdding is Rewrite that also appends the entries of added, by name: a part a test
// needs that excelize does not write (a dialog or macro sheet).
func RewriteAdding(t testing.TB, src, dst string, edit func(name string, body []byte) []byte, added map[string][]byte) {
	t.Helper()
	zr, err := zip.OpenReader(src)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		body, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		if body = edit(f.Name, body); body == nil {
			continue
		}
		w, err := zw.Create(f.Name)
		if err != nil {
			t.Fatal(err)
		}
		w.Write(body)
	}
	names := make([]string, 0, len(added))
	for name := range added {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		w, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		w.Write(added[name])
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(dst, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}
