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
// metadata: about 14 MiB, so a goal of about 50 MiB). With live heap L and that goal G, the
// budget collects every G-L bytes allocated and the default pacing every L bytes, so past
// L = G/2 the budget would collect more often than the default, and near G it would collect
// without end. A monitor looks at the live heap and the goal after every collection; past half
// the goal it restores the settings the run started with (proportional pacing, and the
// process's own limit, 768 MiB for jxzp), and below a quarter of the goal it had under the
// budget it returns to the budget. The gap between the two thresholds keeps it from switching
// back and forth at every collection.
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

// settings are the collector's two knobs.
type settings struct {
	gcPercent int
	limit     int64
}

// monitor switches between the budget and the previous settings after each collection.
type monitor struct {
	mu       sync.Mutex
	previous settings
	fallback bool // the previous settings are in force
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
	m := &monitor{read: heap, apply: apply}
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

// observe switches the settings for a live heap of live bytes and a heap goal of goal; mu is
// held.
func (m *monitor) observe(live, goal uint64) {
	if !m.fallback {
		m.room = goal
	}
	switch fallback := decide(m.fallback, live, m.room); {
	case fallback && !m.fallback:
		m.apply(m.previous)
		m.fallback = true
	case !fallback && m.fallback:
		m.apply(budget)
		m.fallback = false
	}
}

// decide says whether the previous settings should be in force after a collection that found
// live bytes live, given whether they are now and the heap goal room under the budget.
func decide(fallback bool, live, room uint64) bool {
	if fallback {
		return 4*live >= room
	}
	return 2*live > room
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
