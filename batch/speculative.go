package batch

// Speculative copies: a file's annotated copy is written in pass 1, right after it is scored,
// from what its reading holds in memory (the package, its zip directory, the parts inflated),
// under a staging name in OUT. Pass 3 puts it in place with a rename when the batch-wide steps
// left what the copy shows unchanged (stagedCopy.shown); otherwise it writes the copy as before
// and the staged one is removed. Most files have no B01 and no decision: they are read from
// disk and inflated once, not twice. See docs/decisions.md, "Speculative copies".

import (
	"crypto/sha256"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
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
	out   string
	steps *steps
	// hash says the copies' sha256 is wanted (the incremental cache records it): taken as they
	// are written, it spares reading each copy back.
	hash bool
	mu   sync.Mutex
	n    uint32 // copies staged so far, which numbers their names
	// staged are the files staged so far; each holds where its copy is (transit.copy) until
	// pass 3 takes it. A file's copy is a number and a shared folder, not a path of its own.
	staged []*fileState
	// keys are the project keys (formHead.key) of the forms read so far in pass 1: a form whose
	// key is there already will have B01, which its staged copy would not show.
	keys map[projectID]struct{}
	// folders names each unit's folder of copies as pass 2 will (namer.unitFolder depends on
	// the unit and OUT alone); made holds the folders created so far, with whether that worked,
	// and dirs each unit's folder, or OUT when it could not be made, one string for its copies.
	folders *namer
	made    map[string]bool
	dirs    map[string]string
}

// stagedAt is the copy of a file staged in pass 1 until pass 3 takes it; its folder is its
// unit's (stager.folder).
type stagedAt struct {
	n   uint32            // the number in its name; 0 when none was staged
	sum [sha256.Size]byte // its sha256 when the stager hashed it
}

// newStager stages copies in out, hashing them when hash is set.
func newStager(out string, st *steps, hash bool) *stager {
	return &stager{out: out, steps: st, hash: hash, keys: map[projectID]struct{}{},
		folders: newNamerWithin(out), made: map[string]bool{}, dirs: map[string]string{}}
}

// folder is where the copy of s is staged: the folder pass 3 puts it in, so that putting it
// there is a rename within one folder, which the system does without the file system's lock on
// renames between folders (two workers renaming into 审核结果's folders took turns on it); OUT
// when that folder cannot be made. mu is held.
func (g *stager) folder(s *fileState) string {
	if dir, ok := g.dirs[s.unit]; ok {
		return dir
	}
	dir := filepath.Join(g.out, ReviewDir, g.folders.unitFolder(strings.TrimSpace(s.unit)))
	ok, tried := g.made[dir]
	if !tried {
		ok = os.MkdirAll(dir, 0o755) == nil
		g.made[dir] = ok
	}
	if !ok {
		dir = g.out
	}
	g.dirs[s.unit] = dir
	return dir
}

// stagedName is the name of the n-th copy staged.
func stagedName(n uint32) string {
	return fmt.Sprintf("%s%d%s", stagedPrefix, n, fsx.TempSuffix)
}

// stagedPath is where the copy staged for s lies; "" when none was. mu is held.
func (g *stager) stagedPath(s *fileState) string {
	if s.copy.n == 0 {
		return ""
	}
	return filepath.Join(g.dirs[s.unit], stagedName(s.copy.n))
}

// stage writes the annotated copy of s, read as wb and scored, under a staging name, once its
// heads are kept (keepHeads). A copy that cannot be staged is no failure: pass 3 writes it as
// if none had been tried. Nor is one not staged because the file will have B01: of the forms of
// one project, every one but the first read is known to in pass 1.
func (g *stager) stage(s *fileState, wb *excelio.Workbook) {
	if s.status() != StatusOK || len(s.results) == 0 || g.repeats(s) || wb == nil {
		return
	}
	g.mu.Lock()
	g.n++
	n := g.n
	path := filepath.Join(g.folder(s), stagedName(n))
	g.mu.Unlock()
	sum, err := g.steps.stageCopy(wb, path, s.results, g.hash)
	if err != nil {
		_ = os.Remove(path)
		return
	}
	s.copy = stagedAt{n: n, sum: sum.sum}
	g.mu.Lock()
	g.staged = append(g.staged, s)
	g.mu.Unlock()
}

// repeats notes the project keys of s's forms and reports whether one was noted before, in
// another file or in s itself.
func (g *stager) repeats(s *fileState) bool {
	g.mu.Lock()
	defer g.mu.Unlock()
	seen := false
	for i := range s.forms {
		if h := &s.forms[i]; h.repeatHead != nil && h.key != (projectID{}) {
			if _, ok := g.keys[h.key]; ok {
				seen = true
			}
			g.keys[h.key] = struct{}{}
		}
	}
	return seen
}

// read says pass 1 is over: the project keys noted are let go.
func (g *stager) read() {
	g.keys = nil
}

// take hands over the staged copy of s, if any, to pass 3, which places or removes it.
func (g *stager) take(s *fileState) stagedCopy {
	g.mu.Lock()
	sc := stagedCopy{path: g.stagedPath(s)}
	g.mu.Unlock()
	if sc.path != "" && g.hash {
		sc.sha = digest{sum: s.copy.sum, set: true}.String()
	}
	s.copy = stagedAt{}
	return sc
}

// drop removes the copies never taken (the run stopped before pass 3 reached their files) and
// lets the stager's index go: emptied, a map keeps its room, which at ten thousand files is
// memory the summary after pass 3 could use.
func (g *stager) drop() {
	g.mu.Lock()
	defer g.mu.Unlock()
	for _, s := range g.staged {
		if s.transit != nil && s.copy.n != 0 {
			_ = os.Remove(g.stagedPath(s))
			s.copy = stagedAt{}
		}
	}
	g.staged = nil
	// A folder made for copies none of which was put in place (a run stopped early, copies that
	// failed) goes too, as it would not have been made without staging; others are not empty.
	for dir, ok := range g.made {
		if ok {
			_ = os.Remove(dir)
		}
	}
	g.made, g.dirs = nil, nil
}

// stagedCopy is a file's copy staged in pass 1, as pass 3 finds it.
type stagedCopy struct {
	path string // "" when none was staged
	sha  string // the copy's sha256 (hex) when the stager hashed it, else ""
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
		if i >= len(s.forms) || r.Status != s.forms[i].status() {
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
// other file has: created here, never renamed over, removed by the caller on failure. With
// hash set, sum is the copy's sha256, when it could be taken as it was written.
func (st *steps) stageCopy(wb *excelio.Workbook, path string, results []*scoring.Result, hash bool) (sum digest, err error) {
	defer func() {
		if r := recover(); r != nil {
			sum, err = digest{}, fmt.Errorf("staging a copy: %v", r)
		}
	}()
	if st.writeAnnotated == nil {
		return digest{}, st.annotate(wb.Data, path, results)
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return digest{}, err
	}
	var w io.Writer = f
	h := sha256.New()
	if hash {
		w = io.MultiWriter(f, h)
	}
	if err = st.writeAnnotated(wb, w, results); err == nil {
		// As fsx writes outputs: an ordinary document, whatever the umask.
		err = f.Chmod(0o644)
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil || !hash {
		return digest{}, err
	}
	sum.set = true
	h.Sum(sum.sum[:0])
	return sum, nil
}

// placeOrWrite puts the copy of s at dst: the staged one, renamed, when it still shows the
// file's findings, else one written as writeCopy writes it (the staged one removed). A staged
// copy that cannot be put in place costs nothing but the time it took: writeCopy then writes
// the copy, or says why it could not, as when none was staged. placed says the staged copy is
// the one at dst.
func (st *steps) placeOrWrite(s *fileState, dst string, sc stagedCopy) (placed bool) {
	if sc.path == "" {
		st.writeCopy(s, dst)
		return false
	}
	// Staged in its unit's folder, the copy's folder is there already (stager.folder).
	dir := filepath.Dir(dst)
	if sc.shown && (filepath.Dir(sc.path) == dir || os.MkdirAll(dir, 0o755) == nil) && os.Rename(sc.path, dst) == nil {
		s.data = nil // kept for a copy written anew, which is not
		return true
	}
	sc.drop()
	st.writeCopy(s, dst)
	return false
}

// drop removes the staged copy, if there is one.
func (sc stagedCopy) drop() {
	if sc.path != "" {
		_ = os.Remove(sc.path)
	}
}
