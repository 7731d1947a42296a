package batch

// Speculative copies: a file's annotated copy is written in pass 1, right after it is scored,
// from what its reading holds in memory (the package, its zip directory, the parts inflated),
// under a staging name in OUT. Pass 3 puts it in place with a rename when the batch-wide steps
// left what the copy shows unchanged (stagedCopy.shown); otherwise it writes the copy as before
// and the staged one is removed. Most files have no B01 and no decision: they are read from
// disk and inflated once, not twice. See docs/decisions.md, "Speculative copies".

import (
	"fmt"
	"os"
	"path/filepath"
	"sync"

	"github.com/jxzp/jxzp/excelio"
	"github.com/jxzp/jxzp/internal/fsx"
	"github.com/jxzp/jxzp/scoring"
)

// stagedPrefix starts the name of every staged copy; the name ends in fsx.TempSuffix, so the
// copies a killed run left are removed by the next (removeLeftovers).
const stagedPrefix = ".jxzp-copy-"

// stager holds the copies staged in pass 1 until pass 3 places or drops them.
type stager struct {
	out    string
	steps  *steps
	mu     sync.Mutex
	n      int                   // copies staged so far, which numbers their names
	copies map[*fileState]string // the staged copy of each file that has one
}

// newStager stages copies in out.
func newStager(out string, st *steps) *stager {
	return &stager{out: out, steps: st, copies: map[*fileState]string{}}
}

// stage writes the annotated copy of s, read as wb and scored, under a staging name. A copy
// that cannot be staged is no failure: pass 3 writes it as if none had been tried.
func (g *stager) stage(s *fileState, wb *excelio.Workbook) {
	if wb == nil || s.status != StatusOK || len(s.results) == 0 {
		return
	}
	g.mu.Lock()
	g.n++
	path := filepath.Join(g.out, fmt.Sprintf("%s%d%s", stagedPrefix, g.n, fsx.TempSuffix))
	g.mu.Unlock()
	if err := g.steps.stageCopy(wb, path, s.results); err != nil {
		_ = os.Remove(path)
		return
	}
	g.mu.Lock()
	g.copies[s] = path
	g.mu.Unlock()
}

// take hands over the staged copy of s, if any, to pass 3, which places or removes it.
func (g *stager) take(s *fileState) stagedCopy {
	g.mu.Lock()
	defer g.mu.Unlock()
	path, ok := g.copies[s]
	if ok {
		delete(g.copies, s)
	}
	return stagedCopy{path: path}
}

// drop removes the copies never taken: the run stopped before pass 3 reached their files.
func (g *stager) drop() {
	g.mu.Lock()
	defer g.mu.Unlock()
	for s, path := range g.copies {
		_ = os.Remove(path)
		delete(g.copies, s)
	}
}

// stagedCopy is a file's copy staged in pass 1, as pass 3 finds it.
type stagedCopy struct {
	path string // "" when none was staged
	// shown says the file's results, once B01 and the decisions are applied, show in the copy
	// exactly as pass 1's results did (see stillShown).
	shown bool
}

// repeated reports whether pass 2 gave any form of s a B01 finding, which pass 3 adds.
func (s *fileState) repeated() bool {
	for i := range s.forms {
		if s.forms[i].repeatHead != nil && len(s.forms[i].repeats) > 0 {
			return true
		}
	}
	return false
}

// stillShown reports whether the decisions applied left s's results as pass 1 scored them in
// all that a copy shows. Applying decisions changes a finding's acceptance and remark and a
// form's status only, and a copy shows all three: acceptance in the severity, the fill and the
// counts, the remark after the message (scoring.Finding.Text), the status in 审核意见. Pass 1's
// results had no finding accepted or remarked (a scored form has none), and their statuses are
// those kept in the forms' heads until keepRecords.
func (s *fileState) stillShown() bool {
	for i, r := range s.results {
		if i >= len(s.forms) || r.Status != s.forms[i].status {
			return false
		}
		for j := range r.Findings {
			if fd := &r.Findings[j]; fd.Accepted || fd.Remark != "" {
				return false
			}
		}
	}
	return true
}

// stageCopy writes the annotated copy of the workbook wb read with results to path, which no
// other file has: created here, never renamed over, removed by the caller on failure.
func (st *steps) stageCopy(wb *excelio.Workbook, path string, results []*scoring.Result) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("staging a copy: %v", r)
		}
	}()
	if st.writeAnnotated == nil {
		return st.annotate(wb.Data, path, results)
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return err
	}
	if err = st.writeAnnotated(wb, f, results); err == nil {
		// As fsx writes outputs: an ordinary document, whatever the umask.
		err = f.Chmod(0o644)
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}

// placeOrWrite puts the copy of s at dst: the staged one, renamed, when it still shows the
// file's findings, else one written as writeCopy writes it (the staged one removed). A staged
// copy that cannot be put in place costs nothing but the time it took: writeCopy then writes
// the copy, or says why it could not, as when none was staged.
func (st *steps) placeOrWrite(s *fileState, dst string, sc stagedCopy) {
	if sc.path == "" {
		st.writeCopy(s, dst)
		return
	}
	if sc.shown && os.MkdirAll(filepath.Dir(dst), 0o755) == nil && os.Rename(sc.path, dst) == nil {
		s.data = nil // kept for a copy written anew, which is not
		return
	}
	sc.drop()
	st.writeCopy(s, dst)
}

// drop removes the staged copy, if there is one.
func (sc stagedCopy) drop() {
	if sc.path != "" {
		_ = os.Remove(sc.path)
	}
}
