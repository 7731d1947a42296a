package batch

import (
	"bytes"
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/jxzp/jxzp/excelio"
	"github.com/jxzp/jxzp/scoring"
)

// countReads returns the real steps with a reader that counts the workbooks it reads.
func countReads() (*steps, *atomic.Int64) {
	var n atomic.Int64
	st := realSteps()
	read := st.readForms
	st.readForms = func(p string, o excelio.ReadOptions) (*excelio.Workbook, error) {
		n.Add(1)
		return read(p, o)
	}
	return st, &n
}

// incRun runs the batch incrementally (full = --full) with the steps st (nil for the real ones)
// and fails the test on error.
func incRun(t testing.TB, st *steps, inbox, out string, full bool) *Report {
	t.Helper()
	p, err := scoring.LoadProfile("mof2020")
	if err != nil {
		t.Fatal(err)
	}
	rep, err := Run(context.Background(), Config{Inbox: inbox, Out: out, Profile: p, Workers: 2, Incremental: true, Full: full, steps: st})
	if err != nil {
		t.Fatal(err)
	}
	return rep
}

// sameOutputs fails unless every file of fresh (a full run into an empty folder) is in inc with
// the same bytes. inc may hold more: copies of files since removed stay, as they always have.
func sameOutputs(t *testing.T, inc, fresh string) {
	t.Helper()
	n := 0
	err := filepath.WalkDir(fresh, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			if d != nil && d.IsDir() && d.Name() == cacheDir {
				return filepath.SkipDir
			}
			return err
		}
		rel, _ := filepath.Rel(fresh, p)
		want, _ := os.ReadFile(p)
		got, err := os.ReadFile(filepath.Join(inc, rel))
		if err != nil || !bytes.Equal(got, want) {
			t.Errorf("%s: the incremental run's output differs from a full run's (%v)", rel, err)
		}
		n++
		return nil
	})
	if err != nil || n == 0 {
		t.Fatalf("no outputs compared (%v)", err)
	}
}

// copyInto copies src to dst, creating its folder.
func copyInto(t *testing.T, src, dst string) {
	t.Helper()
	data, err := os.ReadFile(src)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(dst, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestIncrementalMatchesFull changes an inbox step by step (add, change, remove, rename, a
// second copy of a project for B01) and after each step compares an incremental re-run with a
// fresh full run, byte for byte, and counts the workbooks read.
func TestIncrementalMatchesFull(t *testing.T) {
	samples, _ := filepath.Glob(filepath.Join("..", "samples", "*.xlsx"))
	if len(samples) < 4 {
		t.Fatal("samples missing")
	}
	home := t.TempDir()
	inbox, out := filepath.Join(home, "inbox"), filepath.Join(home, "out")
	for _, s := range samples[:3] {
		copyInto(t, s, filepath.Join(inbox, "a", filepath.Base(s)))
	}
	rs, reads := countReads()
	incRun(t, rs, inbox, out, false)
	if got := reads.Load(); got != 3 {
		t.Fatalf("first run read %d files, want 3", got)
	}
	steps := []struct {
		name  string
		do    func()
		reads int64
	}{
		{"unchanged", func() {}, 0},
		{"added", func() { copyInto(t, samples[3], filepath.Join(inbox, "b", "新.xlsx")) }, 1},
		{"changed", func() { copyInto(t, samples[4], filepath.Join(inbox, "b", "新.xlsx")) }, 1},
		// Its forms come from the cache; its copy has a new name, so its bytes are read again.
		{"renamed", func() {
			if err := os.Rename(filepath.Join(inbox, "b", "新.xlsx"), filepath.Join(inbox, "b", "改名.xlsx")); err != nil {
				t.Fatal(err)
			}
		}, 1},
		// The same project sent again: both files get B01, so the unchanged one's copy is
		// rewritten (read again for its bytes) and the new one is read.
		{"repeated project", func() { copyInto(t, samples[0], filepath.Join(inbox, "c", "再报.xlsx")) }, -1},
		{"removed", func() {
			if err := os.Remove(filepath.Join(inbox, "a", filepath.Base(samples[1]))); err != nil {
				t.Fatal(err)
			}
		}, 0},
	}
	for _, st := range steps {
		st.do()
		reads.Store(0)
		incRun(t, rs, inbox, out, false)
		got := reads.Load()
		if st.reads >= 0 && got != st.reads {
			t.Errorf("%s: the re-run read %d files, want %d", st.name, got, st.reads)
		}
		fresh := filepath.Join(home, "fresh-"+st.name)
		incRun(t, rs, inbox, fresh, true)
		sameOutputs(t, out, fresh)
	}
}

// TestDamagedCacheIgnored: a truncated, tampered or foreign entry is never trusted.
func TestDamagedCacheIgnored(t *testing.T) {
	samples, _ := filepath.Glob(filepath.Join("..", "samples", "*.xlsx"))
	home := t.TempDir()
	inbox, out := filepath.Join(home, "inbox"), filepath.Join(home, "out")
	copyInto(t, samples[1], filepath.Join(inbox, filepath.Base(samples[1])))
	incRun(t, nil, inbox, out, false)
	entries, _ := filepath.Glob(filepath.Join(out, cacheDir, "*.file"))
	if len(entries) != 1 {
		t.Fatalf("cache entries %v, want 1", entries)
	}
	good, _ := os.ReadFile(entries[0])
	damage := map[string][]byte{
		"truncated": good[:len(good)/2],
		"tampered":  bytes.Replace(good, []byte("网络"), []byte("网路"), 1),
		"foreign":   append([]byte("jxzp-cache-0\n"), good[len(cacheMagic):]...),
		"empty":     nil,
	}
	rs, reads := countReads()
	for name, data := range damage {
		if err := os.WriteFile(entries[0], data, 0o644); err != nil {
			t.Fatal(err)
		}
		reads.Store(0)
		rep := incRun(t, rs, inbox, out, false)
		if reads.Load() != 1 {
			t.Errorf("%s: the damaged entry was trusted (read %d files)", name, reads.Load())
		}
		if !strings.Contains(string(jsonOf(t, rep)), "88.97") {
			t.Errorf("%s: results lost the seed case's 88.97", name)
		}
	}
	// --full reads everything even with a good cache.
	reads.Store(0)
	incRun(t, rs, inbox, out, true)
	if reads.Load() != 1 {
		t.Errorf("--full read %d files, want 1", reads.Load())
	}
}
