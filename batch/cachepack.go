package batch

// The cache's one file, OUT/.jxzp-cache/cache.pack: the records of the last complete run one
// after the other, each in its own envelope (cache.go), then an index of where each lies, then a
// fixed-size tail that locates and checksums the index.
//
// Why one file: two small files per workbook, each through a temporary file and a rename, made
// the batch spend most of its system time allocating inodes, and two workers spun on the
// file system's locks instead of running side by side. A run now appends to one temporary pack
// and renames it over cache.pack once, after it completed; until then the previous pack is
// what the next run trusts, and a killed run's temporary pack is removed like any other
// leftover.

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"os"
	"path/filepath"
	"sort"
	"sync"

	"github.com/jxzp/jxzp/internal/fsx"
)

// packName is the pack's name in the cache folder.
const packName = "cache.pack"

// packTail ends a complete pack, after the index's offset and checksum.
const packTail = "\n" + cacheFormat + " index\n"

// tailSize is the size of what follows the index: its offset, its sha256 and packTail.
const tailSize = 8 + sha256.Size + int64(len(packTail))

// indexEntrySize is one index entry on disk: kind, key, offset, length.
const indexEntrySize = 1 + sha256.Size + 8 + 8

// recordKind tells a file's two records apart.
type recordKind byte

const (
	kindFile recordKind = 'f' // what reading and scoring gave (fileRecord)
	kindCopy recordKind = 'c' // the annotated copy written (copyRecord)
)

// entryName names a record: the file's key and which of its records.
type entryName struct {
	key  [sha256.Size]byte
	kind recordKind
}

// span is where a record lies in a pack.
type span struct{ off, n int64 }

// packReader is the previous complete run's pack, open read-only. A missing or damaged pack
// (its index does not check) reads as an empty one.
type packReader struct {
	f *os.File
	// index is the pack's index entries sorted by name, searched in place: a map of twenty
	// thousand names held two megabytes for the whole of a re-run.
	index []byte
}

// openPack opens the pack at p and loads its index.
func openPack(p string) *packReader {
	r := &packReader{}
	f, err := os.Open(p)
	if err != nil {
		return r
	}
	if index, ok := readIndex(f); ok {
		r.f, r.index = f, index
		return r
	}
	_ = f.Close()
	return r
}

// readIndex reads and checks the index at the end of f, and sorts its entries by name.
func readIndex(f *os.File) ([]byte, bool) {
	st, err := f.Stat()
	if err != nil || st.Size() < tailSize {
		return nil, false
	}
	size := st.Size()
	tail := make([]byte, tailSize)
	if _, err := f.ReadAt(tail, size-tailSize); err != nil || string(tail[8+sha256.Size:]) != packTail {
		return nil, false
	}
	at := int64(binary.BigEndian.Uint64(tail))
	end := size - tailSize
	if at < 0 || at > end || (end-at)%indexEntrySize != 0 {
		return nil, false
	}
	raw := make([]byte, end-at)
	if _, err := f.ReadAt(raw, at); err != nil {
		return nil, false
	}
	if sum := sha256.Sum256(raw); !bytes.Equal(sum[:], tail[8:8+sha256.Size]) {
		return nil, false
	}
	for e := raw; len(e) > 0; e = e[indexEntrySize:] {
		if s := entrySpan(e); s.off < 0 || s.n < 0 || s.off > at || s.n > at-s.off {
			return nil, false
		}
	}
	sort.Sort(byName(raw))
	return raw, true
}

// byName sorts index entries by name (kind, then key).
type byName []byte

func (b byName) Len() int { return len(b) / indexEntrySize }
func (b byName) Less(i, j int) bool {
	return bytes.Compare(b[i*indexEntrySize:i*indexEntrySize+1+sha256.Size], b[j*indexEntrySize:j*indexEntrySize+1+sha256.Size]) < 0
}
func (b byName) Swap(i, j int) {
	var t [indexEntrySize]byte
	x, y := b[i*indexEntrySize:(i+1)*indexEntrySize], b[j*indexEntrySize:(j+1)*indexEntrySize]
	copy(t[:], x)
	copy(x, y)
	copy(y, t[:])
}

// entrySpan is where the record of an index entry lies.
func entrySpan(e []byte) span {
	return span{int64(binary.BigEndian.Uint64(e[1+sha256.Size:])), int64(binary.BigEndian.Uint64(e[9+sha256.Size:]))}
}

// entries is how many records the pack indexes.
func (r *packReader) entries() int { return len(r.index) / indexEntrySize }

// entry is the name and place of the i-th record by name.
func (r *packReader) entry(i int) (entryName, span) {
	e := r.index[i*indexEntrySize:]
	return entryNameOf(e), entrySpan(e)
}

// find is the position by name of the record named n, or false when the pack has none.
func (r *packReader) find(n entryName) (int, bool) {
	want := append([]byte{byte(n.kind)}, n.key[:]...)
	i := sort.Search(r.entries(), func(i int) bool {
		return bytes.Compare(r.index[i*indexEntrySize:i*indexEntrySize+1+sha256.Size], want) >= 0
	})
	if i < r.entries() && bytes.Equal(r.index[i*indexEntrySize:i*indexEntrySize+1+sha256.Size], want) {
		return i, true
	}
	return 0, false
}

// record returns the raw bytes of a record, envelope included, or false when the pack has none.
func (r *packReader) record(n entryName) ([]byte, bool) {
	i, ok := r.find(n)
	if !ok || r.f == nil {
		return nil, false
	}
	_, s := r.entry(i)
	data := make([]byte, s.n)
	if _, err := r.f.ReadAt(data, s.off); err != nil {
		return nil, false
	}
	return data, true
}

// close closes the pack; it must be closed before a new pack is renamed over it (Windows).
func (r *packReader) close() {
	if r.f != nil {
		_ = r.f.Close()
		r.f = nil
	}
}

// errPackFailed is a pack that could not be written whole: the previous one is kept.
var errPackFailed = errors.New("cache pack not written")

// packWriter is the pack a run writes under a temporary name, created at its first record.
type packWriter struct {
	dst string
	mu  sync.Mutex
	f   *fsx.AtomicFile
	end int64
	// index holds the latest index entries of the records put, as commit writes them and in
	// the order of the records; the earlier ones wait in spill, a temporary file beside the
	// pack, spilled bytes of them. A map of ten thousand files' names held two megabytes for
	// the whole run.
	index   []byte
	spill   *os.File
	spilled int64
	failed  bool // a write failed: the pack is dropped and the previous one kept
	done    bool // committed or aborted
}

// indexChunk is how many index entries packWriter.index holds before they are spilled.
const indexChunk = 1024

// newPackWriter returns the writer of the pack at dst.
func newPackWriter(dst string) *packWriter {
	return &packWriter{dst: dst}
}

// put appends a record; a name put twice is the later record's. Several workers put at once:
// the offset is taken under the lock, the bytes are written outside it.
func (w *packWriter) put(n entryName, data []byte) {
	w.mu.Lock()
	if w.failed || w.done || !w.create() {
		w.mu.Unlock()
		return
	}
	s := span{w.end, int64(len(data))}
	w.end += s.n
	w.addEntry(n, s)
	w.mu.Unlock()
	if _, err := w.f.WriteAt(data, s.off); err != nil {
		w.mu.Lock()
		w.failed = true
		w.mu.Unlock()
	}
}

// addEntry appends the index entry of a record; mu is held.
func (w *packWriter) addEntry(n entryName, s span) {
	if w.index == nil {
		w.index = make([]byte, 0, indexChunk*indexEntrySize)
	}
	w.index = append(w.index, byte(n.kind))
	w.index = append(w.index, n.key[:]...)
	w.index = binary.BigEndian.AppendUint64(w.index, uint64(s.off))
	w.index = binary.BigEndian.AppendUint64(w.index, uint64(s.n))
	if len(w.index) == cap(w.index) {
		w.spillIndex()
	}
}

// spillIndex moves the index entries held to the spill file; mu is held. A spill that cannot
// be written costs this run's pack, as a record that cannot be.
func (w *packWriter) spillIndex() {
	if w.spill == nil {
		f, err := os.CreateTemp(filepath.Dir(w.dst), "cache.index.*"+fsx.TempSuffix)
		if err != nil {
			w.failed = true
			return
		}
		w.spill = f
	}
	if _, err := w.spill.WriteAt(w.index, w.spilled); err != nil {
		w.failed = true
		return
	}
	w.spilled += int64(len(w.index))
	w.index = w.index[:0]
}

// entries are every index entry, in the order of the records; mu is held.
func (w *packWriter) entries() ([]byte, error) {
	all := make([]byte, w.spilled, w.spilled+int64(len(w.index)))
	if w.spilled > 0 {
		if _, err := w.spill.ReadAt(all, 0); err != nil {
			return nil, err
		}
	}
	return append(all, w.index...), nil
}

// dropSpill removes the spill file; mu is held.
func (w *packWriter) dropSpill() {
	if w.spill != nil {
		name := w.spill.Name()
		_ = w.spill.Close()
		_ = os.Remove(name)
		w.spill = nil
	}
}

// names are the names of the records put so far.
func (w *packWriter) names() map[entryName]bool {
	w.mu.Lock()
	defer w.mu.Unlock()
	names := map[entryName]bool{}
	all, err := w.entries()
	if err != nil {
		w.failed = true
		return names
	}
	for e := all; len(e) > 0; e = e[indexEntrySize:] {
		names[entryNameOf(e)] = true
	}
	return names
}

// entryNameOf is the name an index entry names.
func entryNameOf(e []byte) entryName {
	n := entryName{kind: recordKind(e[0])}
	copy(n.key[:], e[1:])
	return n
}

// create creates the temporary file at the first record; false when it cannot be.
func (w *packWriter) create() bool {
	if w.f != nil {
		return true
	}
	f, err := fsx.CreateAtomic(w.dst)
	if err != nil {
		w.failed = true
		return false
	}
	w.f = f
	return true
}

// commit writes the index and the tail, flushes the pack to disk and renames it over dst. Called
// once every worker has finished.
func (w *packWriter) commit() error {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.done || !w.create() || w.failed {
		w.abortLocked()
		return errPackFailed
	}
	w.done = true
	all, err := w.entries()
	w.dropSpill()
	if err != nil {
		w.f.Abort()
		return err
	}
	raw := lastOfEachName(all)
	sum := sha256.Sum256(raw)
	raw = binary.BigEndian.AppendUint64(raw, uint64(w.end))
	raw = append(raw, sum[:]...)
	raw = append(raw, packTail...)
	if _, err := w.f.WriteAt(raw, w.end); err != nil {
		w.f.Abort()
		return err
	}
	return w.f.Commit()
}

// abort removes the temporary pack of a run that did not complete; dst is left as it was.
func (w *packWriter) abort() {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.abortLocked()
}

// abortLocked is abort with w.mu held.
func (w *packWriter) abortLocked() {
	w.dropSpill()
	if w.done {
		return
	}
	w.done = true
	if w.f != nil {
		w.f.Abort()
	}
}

// lastOfEachName is the index entries of all, in their order, but for a name given more than
// once only the last, the record put last; with room for the pack's tail after them.
func lastOfEachName(all []byte) []byte {
	last := map[entryName]int{}
	for i := 0; i < len(all); i += indexEntrySize {
		last[entryNameOf(all[i:])] = i
	}
	raw := make([]byte, 0, len(last)*indexEntrySize+int(tailSize))
	for i := 0; i < len(all); i += indexEntrySize {
		if last[entryNameOf(all[i:])] == i {
			raw = append(raw, all[i:i+indexEntrySize]...)
		}
	}
	return raw
}

// removeStale removes every file of the cache folder but the pack: the entries of the flat
// layout of earlier versions (<key>.file, <key>.copy) and anything else left there.
func removeStale(dir string) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	for _, e := range entries {
		if e.Type().IsRegular() && e.Name() != packName {
			_ = os.Remove(filepath.Join(dir, e.Name()))
		}
	}
}
