// Package ziptest rewrites workbook packages entry by entry, for tests and generators that build
// damaged, hostile or varied .xlsx files from good ones.
package ziptest

import (
	"archive/zip"
	"bytes"
	"io"
	"os"
	"slices"
	"testing"
	"time"
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
	data, err := os.ReadFile(src)
	if err != nil {
		t.Fatal(err)
	}
	out, err := Edit(data, edit, added, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(dst, out, 0o644); err != nil {
		t.Fatal(err)
	}
}

// Edit returns the package data rebuilt in the same entry order, every entry passed through
// edit (nil drops it), then the entries of added in name order; every entry is deflated and
// stamped with modified (the zero time leaves the stamp empty, for reproducible output).
func Edit(data []byte, edit func(name string, body []byte) []byte, added map[string][]byte, modified time.Time) ([]byte, error) {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	put := func(name string, body []byte) error {
		w, err := zw.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Deflate, Modified: modified})
		if err != nil {
			return err
		}
		_, err = w.Write(body)
		return err
	}
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			return nil, err
		}
		body, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			return nil, err
		}
		if body = edit(f.Name, body); body == nil {
			continue
		}
		if err := put(f.Name, body); err != nil {
			return nil, err
		}
	}
	names := make([]string, 0, len(added))
	for name := range added {
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range names {
		if err := put(name, added[name]); err != nil {
			return nil, err
		}
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
