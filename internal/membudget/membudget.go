// Package membudget runs a batch under a fixed memory budget instead of the Go runtime's
// proportional pacing, so the garbage collector runs far less often and small and large batches
// share one heap ceiling.
//
// By default (GOGC=100) the collector runs each time the heap has grown by as much as was live
// after the last collection. A batch holds little live (a few MiB at 1,000 workbooks, 10-20 MiB
// at 10,000) but allocates about 1 MB per workbook, so it collected every few MiB: about 150
// collections per 1,000 workbooks, which cost about a tenth of the run's CPU, and the peak heap
// followed the live heap, so the peak memory grew with the batch (33 MiB of RSS at 1,000
// workbooks, 61 at 10,000). Under the budget the collector is off (GOGC=off) until the runtime's
// memory reaches Budget (GOMEMLIMIT), then it collects back to the live heap: about ten
// collections per 1,000 workbooks, and every batch large enough to reach the budget peaks at it.
//
// The budget is only cheaper while the live heap stays well below it. Under the limit the heap
// may grow to a goal the runtime works out: the budget less the runtime's own memory (stacks,
// metadata: about 7-14 MiB, so a goal of 50-57 MiB). With live heap L and that goal G the
// budget collects every G-L bytes allocated, so as L nears G it would collect without end. A
// monitor looks at the live heap after every collection, and once L + Headroom passes G it
// turns to proportional pacing at the percentage that leaves Headroom above the live heap
// (GOGC = 100 * Headroom / L, at least minPercent, under the process's own limit, 768 MiB for
// jxzp); it returns to the budget once L + 3/2 Headroom fits G again, the gap keeping it from
// switching back and forth. It used to fall back to GOGC=100 instead, which lets the heap grow to twice the live
// heap: at 50,000 workbooks the heap peaked near 150 MiB and the process at 170-180 MiB. The
// limit is not raised with the live heap instead: a limit is on all of the runtime's memory, so
// lowering it again when the live heap shrinks leaves the runtime above it until the scavenger
// has given pages back, collecting all the while (twice as often at 50,000 workbooks), and
// never lowering it keeps the heap at its highest goal.
//
// A user who set GOGC or GOMEMLIMIT chose a policy of their own: Start then changes nothing.
package membudget

import (
	"os"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"sync"
)

// Budget is the memory the runtime works to stay under during a batch: about what a batch of
// 10,000 workbooks used with the default pacing (61-66 MiB of RSS with 2 workers), and a fifth
// of the 300 MiB a province batch may use at most. Its heap goal (about 50 MiB) is more than
// twice the live heap of a 10,000-workbook batch, so such a batch stays under it.
const Budget = 64 << 20

// Headroom is what a batch may allocate between two collections once its live heap is too
// large for the budget: the heap then peaks at the live heap and Headroom. At 50,000 workbooks
// (live heap 35-45 MiB) it collects twice as often as GOGC=100 did, over a live heap a third
// smaller than it was then, for about the same marking; 32 MiB cost ~8 MiB more RSS for
// ~2 s less of the collector's CPU out of ~75 (docs/decisions.md).
const Headroom = 24 << 20

// settings are the collector's two knobs.
type settings struct {
	gcPercent int
	limit     int64
}

// monitor switches between the budget and pacing at Headroom after each collection.
type monitor struct {
	mu       sync.Mutex
	previous settings
	current  settings
	stopped  bool
	// room is the heap goal under the budget at its last collection there.
	room  uint64
	read  func() (live, goal uint64) // the heap after the last collection
	apply func(settings) settings
}

// Start puts the runtime under the budget until stop is called, which restores the settings in
// force before; nothing is changed when the environment sets GOGC or GOMEMLIMIT.
func Start() (stop func()) {
	if os.Getenv("GOGC") != "" || os.Getenv("GOMEMLIMIT") != "" {
		return func() {}
	}
	m := &monitor{read: heap, apply: apply, current: budget}
	m.previous = m.apply(budget)
	m.arm()
	return m.stop
}

// budget are the settings under the budget: no proportional pacing, the limit alone.
var budget = settings{gcPercent: -1, limit: Budget}

// apply sets s and gives the settings it replaced.
func apply(s settings) settings {
	return settings{gcPercent: debug.SetGCPercent(s.gcPercent), limit: debug.SetMemoryLimit(s.limit)}
}

// heap is the heap the last collection found live, and the goal the runtime set for the next.
func heap() (live, goal uint64) {
	s := []metrics.Sample{{Name: "/gc/heap/live:bytes"}, {Name: "/gc/heap/goal:bytes"}}
	metrics.Read(s)
	if s[0].Value.Kind() != metrics.KindUint64 || s[1].Value.Kind() != metrics.KindUint64 {
		return 0, 0
	}
	return s[0].Value.Uint64(), s[1].Value.Uint64()
}

// sentinel is an object nothing refers to, so the next collection frees it and runs the
// monitor's cleanup: one call per collection, and none between them. It is larger than the
// runtime's tiny objects, whose cleanups may wait for their neighbours.
type sentinel struct {
	_ [32]byte
	_ *byte
}

// arm has the monitor called after the next collection.
func (m *monitor) arm() {
	runtime.AddCleanup(&sentinel{}, (*monitor).collected, m)
}

// collected looks at the live heap after a collection, and waits for the next one.
func (m *monitor) collected() {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.stopped {
		return
	}
	m.observe(m.read())
	m.arm()
}

// observe sets the settings for a live heap of live bytes after a collection whose heap goal
// is goal; mu is held.
func (m *monitor) observe(live, goal uint64) {
	if m.current == budget {
		m.room = goal
	}
	if next := settingsFor(m.current != budget, live, m.room, m.previous.limit); next != m.current {
		m.apply(next)
		m.current = next
	}
}

// minPercent is the least GOGC pacing sets: past a live heap of twice Headroom (a workbook far
// larger than a province's are, read while the batch's state is held), the heap may grow by
// half of it between collections rather than by Headroom alone, so such a read collects at
// most twice as often as GOGC=100 would have it.
const minPercent = 50

// settingsFor are the settings for a live heap of live bytes, given whether pacing is in force,
// the heap goal room under the budget and the process's own limit.
func settingsFor(paced bool, live, room uint64, limit int64) settings {
	need := live + Headroom
	if paced {
		need += Headroom / 2
	}
	if need <= room {
		return budget
	}
	pct := (100*uint64(Headroom) + live - 1) / max(live, 1)
	return settings{gcPercent: int(max(pct, minPercent)), limit: limit}
}

// stop restores the settings in force before Start, once.
func (m *monitor) stop() {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.stopped {
		return
	}
	m.stopped = true
	m.apply(m.previous)
}
