package batch

// results.json is streamed: each ok file's entry is encoded as soon as its annotated copy is
// written, in path order, and its full results are let go; the document is never held whole.
// The bytes are those Encode gives for the whole Document (TestStreamedResultsMatchEncode).

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"sync"

	"github.com/jxzp/jxzp/internal/fsx"
)

// resultsWriter writes results.json in path order while pass 3 finishes files in any order: an
// entry that comes early waits in pending until every file before it is written.
type resultsWriter struct {
	mu      sync.Mutex
	f       *fsx.AtomicFile
	staged  staged // commit writes results.json there, place puts it in place
	w       *bufio.Writer
	states  []*fileState
	in      *intake               // adds the message a file came in to its entry
	pending map[*fileState][]byte // entries given before their turn
	next    int                   // index in states of the next entry to write
	n       int                   // entries written
	err     error
	profile string
	done    bool   // committed or aborted
	names   *namer // derives each entry's output
}

// newResultsWriter starts results.json, staged for dst (stage.go), with its head; the files of toWrite give their
// entries through add, every other file's entry is written when its turn comes. in (nil when
// no file came in a message) describes the entries of files that came from .eml or .zip; nm
// names the copies.
func newResultsWriter(dst, profile string, states, toWrite []*fileState, in *intake, nm *namer) (*resultsWriter, error) {
	st := stage(dst)
	f, err := fsx.CreateAtomic(st.tmp)
	if err != nil {
		return nil, err
	}
	rw := &resultsWriter{f: f, staged: st, w: bufio.NewWriterSize(f, 256<<10), states: states, in: in,
		pending: map[*fileState][]byte{}, names: nm}
	for _, s := range toWrite {
		s.late = true
	}
	rw.profile = profile
	head, _, err := rw.frame(nil, nil)
	if err != nil {
		f.Abort()
		return nil, err
	}
	_, rw.err = rw.w.Write(head)
	rw.flushReady()
	return rw, nil
}

// add gives the entry of a file of pass 3, built from its full results, and writes whatever
// has become writable.
func (rw *resultsWriter) add(s *fileState) {
	entry, err := rw.encode(s)
	rw.mu.Lock()
	defer rw.mu.Unlock()
	if err != nil && rw.err == nil {
		rw.err = err
	}
	rw.pending[s] = entry
	rw.flushReady()
}

// flushReady writes the entries, in path order, of every file whose entry is known; mu is held.
func (rw *resultsWriter) flushReady() {
	for rw.next < len(rw.states) {
		s := rw.states[rw.next]
		var entry []byte
		if s.late {
			e, ok := rw.pending[s]
			if !ok {
				return
			}
			entry = e
			delete(rw.pending, s)
		} else {
			e, err := rw.encode(s)
			if err != nil && rw.err == nil {
				rw.err = err
			}
			entry = e
		}
		rw.next++
		rw.write(entry)
	}
}

// write appends one entry to the "files" list.
func (rw *resultsWriter) write(entry []byte) {
	if rw.err != nil {
		return
	}
	sep := ",\n    "
	if rw.n == 0 {
		sep = "[\n    "
	}
	rw.n++
	if _, err := rw.w.WriteString(sep); err != nil {
		rw.err = err
		return
	}
	_, rw.err = rw.w.Write(entry)
}

// commit closes the list, writes what follows "files" ("units" with a roster, then
// "stale_decisions" when there are any) and the end of the document, and flushes results.json
// to disk under its staged name; place then puts it in place.
func (rw *resultsWriter) commit(units []UnitEntry, stale []StaleDecision) error {
	rw.mu.Lock()
	defer rw.mu.Unlock()
	rw.flushReady()
	if rw.err == nil && rw.next < len(rw.states) {
		rw.err = errMissingEntries
	}
	end := "\n  ]"
	if rw.n == 0 {
		end = "[]"
	}
	if rw.err == nil {
		_, rw.err = rw.w.WriteString(end)
	}
	if rw.err == nil {
		var tail []byte
		if _, tail, rw.err = rw.frame(units, stale); rw.err == nil {
			_, rw.err = rw.w.Write(tail)
		}
	}
	if rw.err == nil {
		rw.err = rw.w.Flush()
	}
	if rw.err != nil {
		rw.abortLocked()
		return rw.err
	}
	rw.done = true
	return rw.f.Commit()
}

// place puts the committed results.json in place.
func (rw *resultsWriter) place() error {
	return rw.staged.place()
}

// abort drops the temporary file, and the staged one not yet placed.
func (rw *resultsWriter) abort() {
	if rw == nil {
		return
	}
	rw.mu.Lock()
	defer rw.mu.Unlock()
	rw.abortLocked()
}

func (rw *resultsWriter) abortLocked() {
	if !rw.done {
		rw.done = true
		rw.f.Abort()
	}
	rw.staged.drop()
}

// filesKey is how Encode writes the "files" key and an empty list.
var filesKey = []byte(`"files": []`)

// frame is what Encode writes around the "files" list of a document with these units and stale
// decisions: head ends with the "files" key, tail follows the list to the end of the document.
func (rw *resultsWriter) frame(units []UnitEntry, stale []StaleDecision) (head, tail []byte, err error) {
	doc, err := Encode(&Document{Tool: ToolName, Version: Version, Profile: rw.profile, Summary: SummaryName,
		Files: []FileEntry{}, Units: units, StaleDecisions: stale})
	if err != nil {
		return nil, nil, err
	}
	// The key is found once: the values before it are JSON strings, whose quotes are escaped.
	i := bytes.Index(doc, filesKey)
	if i < 0 {
		return nil, nil, errors.New("results.json: no files list")
	}
	return doc[:i+len(filesKey)-len("[]")], doc[i+len(filesKey):], nil
}

// encode is the entry of one file, with the message it came in.
func (rw *resultsWriter) encode(s *fileState) ([]byte, error) {
	fe := fileEntry(s, rw.names.output(s))
	rw.in.describeEntry(&fe)
	return encodeEntry(fe)
}

// errMissingEntries is a run that commits results.json before every file gave its entry.
var errMissingEntries = errors.New("results.json 缺少部分文件的结果")

// encodeEntry is one element of the "files" list as Encode indents it there: four spaces of
// prefix on every line but the first, no trailing newline.
func encodeEntry(fe FileEntry) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("    ", "  ")
	if err := enc.Encode(fe); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n")), nil
}
