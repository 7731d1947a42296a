package batch

// The spool keeps what pass 1 gave for each file on disk until pass 3 needs it, so that the
// memory of a run does not grow with the number of files: between the passes a file holds only
// its heads (what B01, the output names, the units and the counts need), and the full results
// (every indicator row, the funds block) and any converted package wait in one temporary file
// of OUT. After pass 3 each form's summary record (summaryrec.go) waits there too. Its name ends
// in fsx.TempSuffix, so a run killed before it is removed leaves a file the next run deletes
// (removeLeftovers).

import (
	"encoding/binary"
	"errors"
	"os"
	"sync"

	"github.com/jxzp/jxzp/internal/fsx"
	"github.com/jxzp/jxzp/scoring"
)

// spooled is where one file's record lies in the spool; a record is never empty, so n is 0 for
// none.
type spooled struct {
	off, n int64
}

// spool is one run's append-only file of records, written by the workers of pass 1 and read by
// those of pass 3. A nil spool (it could not be created) keeps everything in memory, as before.
type spool struct {
	mu  sync.Mutex
	f   *os.File
	end int64
	// err is the first write that failed: a full disk, which pass 1 stops at (failed).
	err error
}

// openSpool creates the spool in out with create, os.CreateTemp when nil; nil when it cannot,
// which costs memory, not correctness.
func openSpool(out string, create func(dir, pattern string) (*os.File, error)) *spool {
	if create == nil {
		create = os.CreateTemp
	}
	f, err := create(out, ".jxzp-spool-*"+fsx.TempSuffix)
	if err != nil {
		return nil
	}
	return &spool{f: f}
}

// failed is the first write to the spool that failed, nil while none has. Pass 1 stops at it:
// a file that cannot be spooled keeps its results and package in memory, and on a full disk
// every file after it would, so fifty thousand files would take gigabytes, only for the
// summary to fail for the same full disk at the end.
func (sp *spool) failed() error {
	if sp == nil {
		return nil
	}
	sp.mu.Lock()
	defer sp.mu.Unlock()
	return sp.err
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
// its heads only (filestate.go). When writing fails (a full disk) the file keeps everything in
// memory, and pass 1 stops (failed).
func (sp *spool) put(s *fileState) {
	results := s.encoded
	s.encoded = nil
	if sp == nil || s.status() != StatusOK || len(s.results) == 0 {
		return
	}
	// The record: the package bytes kept when they are not the file's own (see keepPackage),
	// with their length before them, then the sheet names, then the full results
	// (resultcodec.go), as the cache encoded them when it did.
	if results == nil {
		var err error
		if results, err = appendResults(nil, s.results); err != nil {
			return
		}
	}
	e := &resultsEncoder{b: make([]byte, 0, 2*binary.MaxVarintLen64+len(s.data)+len(results))}
	e.uvarint(len(s.data))
	e.b = append(e.b, s.data...)
	e.uvarint(len(s.sheets))
	e.strings(s.sheets...)
	at, ok := sp.write(append(e.b, results...))
	if !ok {
		return
	}
	s.spooled = at
	s.results, s.data, s.sheets = nil, nil, nil
}

// write appends one record; ok is false when it could not be written.
func (sp *spool) write(rec []byte) (at spooled, ok bool) {
	if sp == nil {
		return spooled{}, false
	}
	sp.mu.Lock()
	defer sp.mu.Unlock()
	off := sp.end
	if _, err := sp.f.WriteAt(rec, off); err != nil {
		if sp.err == nil {
			sp.err = err
		}
		return spooled{}, false
	}
	sp.end += int64(len(rec))
	return spooled{off: off, n: int64(len(rec))}, true
}

// read gives back the record at at.
func (sp *spool) read(at *spooled) ([]byte, error) {
	buf := make([]byte, at.n)
	if _, err := sp.f.ReadAt(buf, at.off); err != nil {
		return nil, err
	}
	return buf, nil
}

// errSpool is a record that cannot be read back: the spool file was damaged under the run.
var errSpool = errors.New("spool record unreadable")

// take gives a spooled file its full results and sheet names back, as pass 1 left them, and its
// kept package.
func (sp *spool) take(s *fileState) error {
	if s.spooled.n == 0 {
		return nil
	}
	buf, err := sp.read(&s.spooled)
	if err != nil {
		return err
	}
	n, w := binary.Uvarint(buf)
	if w <= 0 || n > uint64(len(buf)-w) {
		return errSpool
	}
	var data []byte
	if n > 0 {
		data = buf[w : w+int(n)]
	}
	d := newResultsDecoder(buf[w+int(n):])
	var sheets []string
	if k := d.count(); k > 0 {
		sheets = make([]string, k)
	}
	for i := range sheets {
		sheets[i] = d.string()
	}
	if d.bad {
		return errSpool
	}
	results, err := decodeResults(d.b)
	if err != nil || len(results) != len(s.forms) {
		return errSpool
	}
	relink(results)
	s.results, s.data, s.sheets, s.spooled = results, data, sheets, spooled{}
	return nil
}

// slimResult is a copy of r with only what the summary and the decisions workbook need: the
// form's sheet and names, the amounts, totals, grades, status and findings. It stands in for
// the form's summary record when that could not be spooled.
func slimResult(r *scoring.Result) *scoring.Result {
	c := *r
	c.Indicators = nil
	if r.Form != nil {
		c.Form = &scoring.Form{Sheet: r.Form.Sheet, Year: r.Form.Year, Project: scoring.Cell{Text: r.Form.Project.Text},
			Department: scoring.Cell{Text: r.Form.Department.Text}, Unit: scoring.Cell{Text: r.Form.Unit.Text}}
	}
	return &c
}
