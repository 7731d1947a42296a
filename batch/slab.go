package batch

// A run keeps a little state for every file from the walk to the summary, allocated while the
// passes allocate and free a thousand times as much. Allocated one by one, the states that stay
// are scattered over the heap's spans among the garbage of the files read beside them, and a
// span with one object left in it stays in use: at 50,000 workbooks the heap in use was ~23 MiB
// above the live heap, as much again. What stays to the end is therefore allocated in blocks:
// the files' states in two arrays, their forms' heads and their paths in blocks of many; the
// paths of their copies are derived (namer.output), held only while the summary is written.

import (
	"strings"
	"sync"
	"unsafe"
)

// newFileStates are the states of the listed files before any pass, each file's state and
// transit an element of one array each: the transits go together once every file has arrived.
func newFileStates(entries []entry) []*fileState {
	states := make([]*fileState, len(entries))
	files := make([]fileState, len(entries))
	transits := make([]transit, len(entries))
	for i, e := range entries {
		files[i] = fileState{entry: e, transit: &transits[i], fileRare: noRare}
		states[i] = &files[i]
	}
	return states
}

// headBlock is how many forms' heads a block of headSlab holds (40 KiB).
const headBlock = 1024

// headSlab hands out the forms' heads of a run's files from blocks, for the workers of pass 1
// at once; a nil headSlab allocates each file's alone.
type headSlab struct {
	mu   sync.Mutex
	free []formHead
}

// take gives n heads.
func (hs *headSlab) take(n int) []formHead {
	if hs == nil || n > headBlock/4 {
		return make([]formHead, n)
	}
	hs.mu.Lock()
	defer hs.mu.Unlock()
	if n > len(hs.free) {
		hs.free = make([]formHead, headBlock)
	}
	h := hs.free[:n:n]
	hs.free = hs.free[n:]
	return h
}

// stringBlock is the size of a block of stringArena.
const stringBlock = 64 << 10

// stringArena copies the strings a run keeps to the end into blocks. Not safe for use by more
// than one goroutine at once.
type stringArena struct {
	block []byte
}

// clone is a copy of s in the arena; a long s is copied alone.
func (a *stringArena) clone(s string) string {
	if len(s) == 0 || len(s) > stringBlock/8 {
		return strings.Clone(s)
	}
	if len(s) > cap(a.block)-len(a.block) {
		a.block = make([]byte, 0, stringBlock)
	}
	// Bytes appended to a block are never written again, so the string stays as it was.
	a.block = append(a.block, s...)
	b := a.block[len(a.block)-len(s):]
	return unsafe.String(unsafe.SliceData(b), len(b))
}
