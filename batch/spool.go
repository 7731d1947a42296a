package batch

// The spool keeps what pass 1 gave for each file on disk until pass 3 needs it, so that the
// memory of a run does not grow with the number of files: between the passes a file holds only
// the slim results B01, the output names, the summary and the counts need (slimResults), and the
// full results (every indicator row, the funds block) and any converted package wait in one
// temporary file of OUT. Its name ends in fsx.TempSuffix, so a run killed before it is
// removed leaves a file the next run deletes (removeLeftovers).

import (
	"bytes"
	"encoding/gob"
	"errors"
	"os"
	"sync"

	"github.com/jxzp/jxzp/internal/fsx"
	"github.com/jxzp/jxzp/scoring"
)

// spooled is where one file's record lies in the spool.
type spooled struct {
	off, n int64
}

// spoolRecord is what a file's record holds: the full results and the package bytes kept when
// they are not the file's own (see keepPackage).
type spoolRecord struct {
	Results []*scoring.Result
	Data    []byte
}

// spool is one run's append-only file of records, written by the workers of pass 1 and read by
// those of pass 3. A nil spool (it could not be created) keeps everything in memory, as before.
type spool struct {
	mu  sync.Mutex
	f   *os.File
	end int64
}

// openSpool creates the spool in out; nil when it cannot, which costs memory, not correctness.
func openSpool(out string) *spool {
	f, err := os.CreateTemp(out, ".jxzp-spool-*"+fsx.TempSuffix)
	if err != nil {
		return nil
	}
	return &spool{f: f}
}

// close removes the spool file.
func (sp *spool) close() {
	if sp == nil {
		return
	}
	name := sp.f.Name()
	_ = sp.f.Close()
	_ = os.Remove(name)
}

// put moves an ok file's full results and kept package into the spool and leaves the file with
// its slim results. When writing fails (a full disk) the file keeps everything in memory.
func (sp *spool) put(s *fileState) {
	if sp == nil || s.status != StatusOK || len(s.results) == 0 {
		return
	}
	var buf bytes.Buffer
	if err := gob.NewEncoder(&buf).Encode(spoolRecord{Results: s.results, Data: s.data}); err != nil {
		return
	}
	sp.mu.Lock()
	off := sp.end
	_, err := sp.f.WriteAt(buf.Bytes(), off)
	if err == nil {
		sp.end += int64(buf.Len())
	}
	sp.mu.Unlock()
	if err != nil {
		return
	}
	s.spooled = &spooled{off: off, n: int64(buf.Len())}
	s.results, s.data = slimResults(s.results), nil
}

// errSpool is a record that cannot be read back: the spool file was damaged under the run.
var errSpool = errors.New("spool record unreadable")

// take gives a spooled file its full results back, with the findings and status of its slim
// ones (which B01 may have added to), and its kept package.
func (sp *spool) take(s *fileState) error {
	if s.spooled == nil {
		return nil
	}
	buf := make([]byte, s.spooled.n)
	if _, err := sp.f.ReadAt(buf, s.spooled.off); err != nil {
		return err
	}
	var rec spoolRecord
	if err := gob.NewDecoder(bytes.NewReader(buf)).Decode(&rec); err != nil {
		return err
	}
	if len(rec.Results) != len(s.results) {
		return errSpool
	}
	relink(rec.Results)
	for i, r := range rec.Results {
		if r == nil {
			return errSpool
		}
		r.Findings, r.Status = s.results[i].Findings, s.results[i].Status
	}
	s.results, s.data = rec.Results, rec.Data
	return nil
}

// slimResults are copies of results with only what is needed after pass 1 besides the copy and
// results.json: the form's sheet, range, year and header cells, the amounts, totals, grades,
// status and findings. Indicator rows, the funds block and the goal texts are left out; they are
// the bulk of a result.
func slimResults(results []*scoring.Result) []*scoring.Result {
	slim := make([]*scoring.Result, len(results))
	for i, r := range results {
		c := *r
		c.Indicators = nil
		if r.Form != nil {
			f := *r.Form
			f.Funds, f.Indicators, f.Missing = nil, nil, nil
			f.GoalTarget, f.GoalActual = scoring.Cell{}, scoring.Cell{}
			c.Form = &f
		}
		slim[i] = &c
	}
	return slim
}
