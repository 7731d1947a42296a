package batch

import (
	"bytes"
	"context"
	"encoding/gob"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/jxzp/jxzp/excelio"
	"github.com/jxzp/jxzp/internal/fsx"
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

// packSpan returns where the record of kind lies in the pack of out, failing unless the pack
// holds exactly one such record.
func packSpan(t *testing.T, out string, kind recordKind) span {
	t.Helper()
	r := openPack(filepath.Join(out, cacheDir, packName))
	defer r.close()
	var found []span
	for i := range r.entries() {
		if n, s := r.entry(i); n.kind == kind {
			found = append(found, s)
		}
	}
	if len(found) != 1 {
		t.Fatalf("the pack holds %d records of kind %c, want 1", len(found), kind)
	}
	return found[0]
}

// cacheFiles lists the names in the cache folder of out.
func cacheFiles(t *testing.T, out string) []string {
	t.Helper()
	entries, err := os.ReadDir(filepath.Join(out, cacheDir))
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	return names
}

// TestDamagedCacheIgnored: a truncated, tampered or foreign record or pack is never trusted.
func TestDamagedCacheIgnored(t *testing.T) {
	samples, _ := filepath.Glob(filepath.Join("..", "samples", "*.xlsx"))
	home := t.TempDir()
	inbox, out := filepath.Join(home, "inbox"), filepath.Join(home, "out")
	copyInto(t, samples[1], filepath.Join(inbox, filepath.Base(samples[1])))
	incRun(t, nil, inbox, out, false)
	pack := filepath.Join(out, cacheDir, packName)
	good, _ := os.ReadFile(pack)
	rec := packSpan(t, out, kindFile)
	// inRecord applies change to a copy of the pack's file record, in place.
	inRecord := func(change func(r []byte)) []byte {
		d := bytes.Clone(good)
		change(d[rec.off : rec.off+rec.n])
		return d
	}
	damage := map[string][]byte{
		"tampered record": inRecord(func(r []byte) { copy(r[bytes.Index(r, []byte("网络")):], "网路") }),
		"foreign record":  inRecord(func(r []byte) { copy(r, "jxzp-cache-0\n") }),
		"torn record":     inRecord(func(r []byte) { clear(r[len(r)/2:]) }),
		"truncated pack":  good[:len(good)/2],
		"foreign pack":    append(bytes.Clone(good[:len(good)-len(packTail)]), "\njxzp-cache-0 index\n"...),
		"empty pack":      nil,
	}
	rs, reads := countReads()
	for name, data := range damage {
		if err := os.WriteFile(pack, data, 0o644); err != nil {
			t.Fatal(err)
		}
		reads.Store(0)
		rep := incRun(t, rs, inbox, out, false)
		if reads.Load() != 1 {
			t.Errorf("%s: the damaged record was trusted (read %d files)", name, reads.Load())
		}
		if !strings.Contains(string(jsonOf(t, rep)), "88.97") {
			t.Errorf("%s: results lost the seed case's 88.97", name)
		}
	}
	// The last run replaced the damage: the next one reads nothing.
	reads.Store(0)
	incRun(t, rs, inbox, out, false)
	if reads.Load() != 0 {
		t.Errorf("after the damage was replaced, the re-run read %d files, want 0", reads.Load())
	}
	// --full reads everything even with a good cache.
	reads.Store(0)
	incRun(t, rs, inbox, out, true)
	if reads.Load() != 1 {
		t.Errorf("--full read %d files, want 1", reads.Load())
	}
}

// TestCacheFolderCleaned: a complete run leaves only its pack in the cache folder, whatever an
// earlier version (the flat layout, one file per record) or a killed run (its temporary pack)
// left there, and a killed run does not cost the previous pack's records.
func TestCacheFolderCleaned(t *testing.T) {
	samples, _ := filepath.Glob(filepath.Join("..", "samples", "*.xlsx"))
	home := t.TempDir()
	inbox, out := filepath.Join(home, "inbox"), filepath.Join(home, "out")
	for _, s := range samples[:2] {
		copyInto(t, s, filepath.Join(inbox, filepath.Base(s)))
	}
	flat := strings.Repeat("ab", 32)
	tests := []struct {
		name  string
		left  []string // files put in the cache folder before the run
		fresh bool     // the run starts without a pack
		reads int64
	}{
		{"flat layout", []string{flat + ".file", flat + ".copy"}, true, 2},
		{"killed run", []string{packName + ".123456" + fsx.TempSuffix}, false, 0},
		{"killed run of the flat layout", []string{flat + ".file.99" + fsx.TempSuffix}, false, 0},
	}
	rs, reads := countReads()
	for _, tt := range tests {
		if tt.fresh {
			_ = os.RemoveAll(out)
		}
		for _, name := range tt.left {
			copyInto(t, samples[0], filepath.Join(out, cacheDir, name))
		}
		reads.Store(0)
		incRun(t, rs, inbox, out, false)
		if reads.Load() != tt.reads {
			t.Errorf("%s: the run read %d files, want %d", tt.name, reads.Load(), tt.reads)
		}
		if got := cacheFiles(t, out); len(got) != 1 || got[0] != packName {
			t.Errorf("%s: the cache folder holds %v, want only %s", tt.name, got, packName)
		}
	}
}

// TestInterruptedRunKeepsPack: a run cancelled halfway removes its temporary pack and leaves the
// previous pack as it was, and the next run reuses it.
func TestInterruptedRunKeepsPack(t *testing.T) {
	samples, _ := filepath.Glob(filepath.Join("..", "samples", "*.xlsx"))
	home := t.TempDir()
	inbox, out := filepath.Join(home, "inbox"), filepath.Join(home, "out")
	for _, s := range samples[:2] {
		copyInto(t, s, filepath.Join(inbox, filepath.Base(s)))
	}
	incRun(t, nil, inbox, out, false)
	before, _ := os.ReadFile(filepath.Join(out, cacheDir, packName))
	copyInto(t, samples[2], filepath.Join(inbox, "新.xlsx"))
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	st := realSteps()
	read := st.readForms
	st.readForms = func(p string, o excelio.ReadOptions) (*excelio.Workbook, error) {
		cancel()
		return read(p, o)
	}
	p, _ := scoring.LoadProfile("mof2020")
	if _, err := Run(ctx, Config{Inbox: inbox, Out: out, Profile: p, Workers: 2, Incremental: true, steps: st}); err == nil {
		t.Fatal("the cancelled run reported no error")
	}
	after, _ := os.ReadFile(filepath.Join(out, cacheDir, packName))
	if !bytes.Equal(before, after) {
		t.Error("the cancelled run changed the pack")
	}
	if got := cacheFiles(t, out); len(got) != 1 || got[0] != packName {
		t.Errorf("the cancelled run left %v in the cache folder", got)
	}
	rs, reads := countReads()
	incRun(t, rs, inbox, out, false)
	if reads.Load() != 1 {
		t.Errorf("the run after the cancelled one read %d files, want 1", reads.Load())
	}
}

// digestChildEnv makes the test binary print a digest of fixed results instead of testing.
const digestChildEnv = "JXZP_DIGEST_CHILD"

// TestDigestStableAcrossProcesses: the digest of equal results is the same in two processes
// even when one of them gob-encoded other types first: the digest was once of gob's bytes, whose
// type numbers depend on what the process met first, and must never depend on that again.
func TestDigestStableAcrossProcesses(t *testing.T) {
	results := []*scoring.Result{{Status: "通过", Form: &scoring.Form{Sheet: "表", Indicators: make([]scoring.Indicator, 1)}}}
	if mode := os.Getenv(digestChildEnv); mode != "" {
		if mode == "other types first" {
			_ = gob.NewEncoder(io.Discard).Encode(struct {
				A []int64
				B map[string][]string
			}{})
		}
		fmt.Println("digest", resultsDigest(results))
		return
	}
	digest := func(mode string) string {
		cmd := exec.Command(os.Args[0], "-test.run", "^TestDigestStableAcrossProcesses$")
		cmd.Env = append(os.Environ(), digestChildEnv+"="+mode)
		out, err := cmd.Output()
		if err != nil {
			t.Fatal(err)
		}
		_, d, _ := strings.Cut(string(out), "digest ")
		d, _, _ = strings.Cut(d, "\n")
		return d
	}
	a, b := digest("plain"), digest("other types first")
	if a == "" || a != b {
		t.Errorf("digests %q and %q differ", a, b)
	}
}
