package excelio

import (
	"context"
	"sync"
)

// Memory budgets shared by every file being read at once, so that a batch's peak memory does not
// grow with --workers: many small files are read side by side, a big one waits until it fits.
// Two budgets taken in one order (the file's bytes, then what excelize will build from them)
// never deadlock, as one shared budget taken twice could.
var (
	// heldBudget is the bytes of the files read into memory (their packages, once converted or
	// decrypted).
	heldBudget = newBudget(256 << 20)
	// parseBudget is the estimated cost of the open excelize files (estimateCost).
	parseBudget = newBudget(512 << 20)
)

// Weights of estimateCost, measured on excelize v2.11.1: a sheet's cell costs 0.6 to 1.1 KB once
// parsed, about 500 bytes an XML element; every inflated part is held in memory once more.
const (
	costPerElement  = 512
	costPerInflated = 2
)

// estimateCost is what excelize is expected to hold for a package of these counts.
func estimateCost(st *packageStats) int64 {
	return costPerInflated*st.inflated + costPerElement*st.elements
}

// streamCost is what the streaming reader is expected to hold for a package of these counts:
// the inflated parts it reads, once, and the grids built from them.
func streamCost(st *packageStats) int64 {
	return costPerInflated * st.inflated
}

// reserve takes from parseBudget what opening the package data with excelize is expected to
// cost, for a caller that opens a package already read (Annotate), and returns the function
// giving it back. The package is counted again, which costs a streaming pass and no memory.
func reserve(ctx context.Context, data []byte) (func(), error) {
	st, err := inspectPackage(data)
	if err != nil {
		return nil, err
	}
	return parseBudget.acquire(ctx, estimateCost(st))
}

// budget is a weighted semaphore granting in arrival order, so a big request is not starved by
// a stream of small ones. A request above the capacity is granted the whole capacity: the file
// then runs alone.
type budget struct {
	mu       sync.Mutex
	capacity int64
	used     int64
	waiting  []*budgetWait
}

// budgetWait is one request waiting for its weight.
type budgetWait struct {
	n     int64
	ready chan struct{}
}

func newBudget(capacity int64) *budget { return &budget{capacity: capacity} }

// acquire waits until n can be taken (or ctx ends) and returns the function that gives it back.
func (b *budget) acquire(ctx context.Context, n int64) (func(), error) {
	n = min(max(n, 0), b.capacity)
	b.mu.Lock()
	if len(b.waiting) == 0 && b.used+n <= b.capacity {
		b.used += n
		b.mu.Unlock()
		return b.releaser(n), nil
	}
	w := &budgetWait{n: n, ready: make(chan struct{})}
	b.waiting = append(b.waiting, w)
	b.mu.Unlock()
	select {
	case <-w.ready:
		return b.releaser(n), nil
	case <-ctx.Done():
		b.mu.Lock()
		defer b.mu.Unlock()
		select {
		case <-w.ready:
			// Granted meanwhile: give it back.
			b.used -= n
		default:
			b.remove(w)
		}
		b.grant()
		return nil, ctx.Err()
	}
}

// releaser returns the function giving n back; calling it more than once gives it back once.
func (b *budget) releaser(n int64) func() {
	var once sync.Once
	return func() {
		once.Do(func() {
			b.mu.Lock()
			defer b.mu.Unlock()
			b.used -= n
			b.grant()
		})
	}
}

// grant wakes the waiting requests, in order, while they fit. The caller holds mu.
func (b *budget) grant() {
	for len(b.waiting) > 0 && b.used+b.waiting[0].n <= b.capacity {
		w := b.waiting[0]
		b.waiting = b.waiting[1:]
		b.used += w.n
		close(w.ready)
	}
}

// remove takes w out of the queue. The caller holds mu.
func (b *budget) remove(w *budgetWait) {
	for i, x := range b.waiting {
		if x == w {
			b.waiting = append(b.waiting[:i], b.waiting[i+1:]...)
			return
		}
	}
}
