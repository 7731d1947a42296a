package batch

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/jxzp/jxzp/excelio"
	"github.com/jxzp/jxzp/internal/ziptest"
	"github.com/jxzp/jxzp/scoring"
)

// stagingSteps are the real steps counting the copies written anew in pass 3 (annotate) and
// staged in pass 1 (writeAnnotated); with stage unset, no copy can be staged, which is the
// batch as it was before copies were staged.
func stagingSteps(stage bool) (st *steps, written, staged *atomic.Int64) {
	written, staged = new(atomic.Int64), new(atomic.Int64)
	st = realSteps()
	annotate, writeAnnotated := st.annotate, st.writeAnnotated
	st.annotate = func(src []byte, dst string, rs []*scoring.Result) error {
		written.Add(1)
		return annotate(src, dst, rs)
	}
	st.writeAnnotated = func(wb *excelio.Workbook, w io.Writer, rs []*scoring.Result) error {
		if !stage {
			return errors.New("staging refused by the test")
		}
		staged.Add(1)
		return writeAnnotated(wb, w, rs)
	}
	return st, written, staged
}

// outputFiles are the files of out by relative path, the cache's aside.
func outputFiles(t *testing.T, out string) map[string][]byte {
	t.Helper()
	files := map[string][]byte{}
	err := filepath.WalkDir(out, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && d.Name() == cacheDir {
			return filepath.SkipDir
		}
		if !d.IsDir() {
			rel, _ := filepath.Rel(out, p)
			files[rel], err = os.ReadFile(p)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

// decisionOn is a decision on the first finding of file rel in the results of out.
func decisionOn(t *testing.T, out, rel string, accept bool, remark string) excelio.Decision {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(out, ResultsName))
	if err != nil {
		t.Fatal(err)
	}
	doc := &Document{}
	if err := json.Unmarshal(data, doc); err != nil {
		t.Fatal(err)
	}
	for _, f := range doc.Files {
		if f.Path != rel || len(f.Forms) == 0 || len(f.Forms[0].Findings) == 0 {
			continue
		}
		fd := f.Forms[0].Findings[0]
		return excelio.Decision{Key: excelio.DecisionKey{File: rel, Form: 1, Sheet: deref(fd.Sheet),
			Cell: strings.ReplaceAll(strings.ToUpper(deref(fd.Cell)), "$", ""), Code: fd.Code, Nth: 1},
			Accept: accept, Remark: remark}
	}
	t.Fatalf("%s: no finding to decide on", rel)
	return excelio.Decision{}
}

// TestStagedCopiesMatchWrittenOnes runs batches with copies staged in pass 1 and with none
// staged (the batch as it was), and compares every output byte for byte; it counts the copies
// put in place from staging and those written anew, so that both paths are taken: anew for a
// file with B01 or a decision that changes what its copy shows, staged for the others.
func TestStagedCopiesMatchWrittenOnes(t *testing.T) {
	samples, _ := filepath.Glob(filepath.Join("..", "samples", "*.xlsx"))
	if len(samples) < 3 {
		t.Fatal("samples missing")
	}
	home := t.TempDir()
	inbox := filepath.Join(home, "inbox")
	for _, s := range samples[:3] {
		copyInto(t, s, filepath.Join(inbox, "a", filepath.Base(s)))
	}
	// The first sample's project again, in other bytes: B01 on both.
	again := filepath.Join(home, "again", "再报.xlsx")
	if err := os.MkdirAll(filepath.Dir(again), 0o755); err != nil {
		t.Fatal(err)
	}
	ziptest.Rewrite(t, samples[0], again, func(name string, body []byte) []byte {
		if name == "docProps/app.xml" || name == "docProps/core.xml" {
			return append(body, ' ')
		}
		return body
	})
	first := "a/" + filepath.Base(samples[1])
	second := "a/" + filepath.Base(samples[2])
	probe := filepath.Join(home, "probe")
	if _, err := Run(context.Background(), Config{Inbox: inbox, Out: probe, Profile: mustProfile(t), Workers: 2}); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name        string
		repeated    bool
		incremental bool
		decisions   []excelio.Decision
		written     int64 // copies written anew in pass 3 when staged
	}{
		{name: "plain", written: 0},
		{name: "repeated project", repeated: true, written: 2},
		{name: "accepted finding", decisions: []excelio.Decision{decisionOn(t, probe, first, true, "")}, written: 1},
		{name: "remark only", decisions: []excelio.Decision{decisionOn(t, probe, second, false, "已电话提醒")}, written: 1},
		{name: "stale decision", decisions: []excelio.Decision{{Key: excelio.DecisionKey{File: first, Form: 1, Code: "Z99", Nth: 1}, Accept: true}}, written: 0},
		{name: "incremental", repeated: true, incremental: true, written: 2},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			in := inbox
			if c.repeated {
				in = filepath.Join(t.TempDir(), "inbox")
				copyTree(t, inbox, in)
				copyInto(t, again, filepath.Join(in, "b", "再报.xlsx"))
			}
			var outs [2]map[string][]byte
			for i, stage := range []bool{false, true} {
				st, written, staged := stagingSteps(stage)
				out := filepath.Join(t.TempDir(), "out")
				cfg := Config{Inbox: in, Out: out, Profile: mustProfile(t), Workers: 2, Decisions: c.decisions, Incremental: c.incremental, steps: st}
				rep, err := Run(context.Background(), cfg)
				if err != nil {
					t.Fatal(err)
				}
				// The second form of a repeated project read is not staged: it will have B01.
				wantStaged := int64(len(rep.Outputs))
				if c.repeated {
					wantStaged--
				}
				if stage && (written.Load() != c.written || staged.Load() != wantStaged) {
					t.Errorf("%d copies written anew and %d staged, want %d and %d", written.Load(), staged.Load(), c.written, wantStaged)
				}
				if c.incremental {
					// The re-run takes every file from the cache and stages nothing.
					written.Store(0)
					staged.Store(0)
					if _, err := Run(context.Background(), cfg); err != nil {
						t.Fatal(err)
					}
					if written.Load()+staged.Load() != 0 {
						t.Errorf("the unchanged re-run wrote %d copies and staged %d", written.Load(), staged.Load())
					}
				}
				outs[i] = outputFiles(t, out)
			}
			if len(outs[0]) == 0 || len(outs[0]) != len(outs[1]) {
				t.Fatalf("%d outputs staged, %d not", len(outs[1]), len(outs[0]))
			}
			for rel, want := range outs[0] {
				if !bytes.Equal(outs[1][rel], want) {
					t.Errorf("%s differs when its copy was staged", rel)
				}
			}
		})
	}
}

// TestStagedCopiesCleaned: a run stopped before pass 3 leaves no staged copy and no copy under
// its final name, and staged copies a killed run left are removed by the next run.
func TestStagedCopiesCleaned(t *testing.T) {
	inbox, out := samplesInbox(t)
	ctx, cancel := context.WithCancel(context.Background())
	st, _, staged := stagingSteps(true)
	read := st.readForms
	st.readForms = func(p string, o excelio.ReadOptions) (*excelio.Workbook, error) {
		defer cancel() // the first file read stops the run: Ctrl-C in pass 1
		return read(p, o)
	}
	if _, err := Run(ctx, Config{Inbox: inbox, Out: out, Profile: mustProfile(t), Workers: 1, steps: st}); !errors.Is(err, context.Canceled) {
		t.Fatalf("the stopped run gave %v", err)
	}
	if staged.Load() == 0 {
		t.Fatal("no copy was staged before the run stopped")
	}
	for rel := range outputFiles(t, out) {
		if strings.HasPrefix(filepath.Base(rel), stagedPrefix) || strings.HasSuffix(rel, ".xlsx") {
			t.Errorf("the stopped run left %s", rel)
		}
	}
	// Copies are staged in their units' folders; the ones made for them go with them.
	if units, _ := os.ReadDir(filepath.Join(out, ReviewDir)); len(units) != 0 {
		t.Errorf("the stopped run left %d unit folders", len(units))
	}

	// A killed run's staged copy, and one of a folder that is no output of ours.
	left := filepath.Join(out, ReviewDir, "某单位", stagedPrefix+"7.jxzp-tmp")
	leftInOut := filepath.Join(out, stagedPrefix+"9.jxzp-tmp") // staged where a folder could not be made
	kept := filepath.Join(out, "备份", stagedPrefix+"8.jxzp-tmp")
	for _, p := range []string{left, leftInOut, kept} {
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte("PK"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	rep, err := Run(context.Background(), Config{Inbox: inbox, Out: out, Profile: mustProfile(t), Workers: 2})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{left, leftInOut} {
		if _, err := os.Stat(p); !os.IsNotExist(err) {
			t.Errorf("a killed run's staged copy %s was not removed (%v)", p, err)
		}
	}
	if _, err := os.Stat(kept); err != nil {
		t.Errorf("a file outside the folders jxzp writes was removed: %v", err)
	}
	for rel := range outputFiles(t, out) {
		if strings.HasPrefix(filepath.Base(rel), stagedPrefix) && !strings.HasPrefix(rel, "备份") {
			t.Errorf("the run left its staged copy %s", rel)
		}
	}
	if inputs, _ := os.ReadDir(inbox); len(rep.Outputs) != len(inputs) {
		t.Errorf("%d copies, want %d", len(rep.Outputs), len(inputs))
	}
}

// mustProfile is the default profile.
func mustProfile(t *testing.T) *scoring.Profile {
	t.Helper()
	p, err := scoring.LoadProfile(scoring.DefaultProfileName())
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// samplesInbox copies the bundled samples into a new inbox and names an output folder beside it.
func samplesInbox(t *testing.T) (inbox, out string) {
	t.Helper()
	samples, _ := filepath.Glob(filepath.Join("..", "samples", "*.xlsx"))
	if len(samples) == 0 {
		t.Fatal("no samples")
	}
	home := t.TempDir()
	inbox, out = filepath.Join(home, "inbox"), filepath.Join(home, "out")
	for _, s := range samples {
		copyInto(t, s, filepath.Join(inbox, filepath.Base(s)))
	}
	return inbox, out
}
