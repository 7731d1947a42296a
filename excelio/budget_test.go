package excelio

import (
	"context"
	"testing"
	"time"
)

// granted reports whether a request was granted within d: a moment when it should still be
// waiting, long enough for a loaded machine when it should not.
func granted(ch <-chan func(), d time.Duration) (func(), bool) {
	select {
	case release := <-ch:
		return release, true
	case <-time.After(d):
		return nil, false
	}
}

const (
	moment = 50 * time.Millisecond
	ample  = 10 * time.Second
)

// request acquires n in the background and delivers the release function once granted.
func request(b *budget, ctx context.Context, n int64) <-chan func() {
	ch := make(chan func(), 1)
	go func() {
		if release, err := b.acquire(ctx, n); err == nil {
			ch <- release
		}
	}()
	return ch
}

// waitQueued waits until n requests wait in b: a request made in the background is in the queue
// before the test goes on, however loaded the machine.
func waitQueued(t *testing.T, b *budget, n int) {
	t.Helper()
	for deadline := time.Now().Add(ample); time.Now().Before(deadline); time.Sleep(time.Millisecond) {
		b.mu.Lock()
		queued := len(b.waiting)
		b.mu.Unlock()
		if queued == n {
			return
		}
	}
	t.Fatalf("%d requests never came to wait", n)
}

// TestBudget: requests fit side by side up to the capacity, wait in arrival order beyond it, a
// request above the capacity runs alone, and a cancelled wait takes nothing.
func TestBudget(t *testing.T) {
	ctx := context.Background()
	b := newBudget(100)
	r60, _ := b.acquire(ctx, 60)
	r40, _ := b.acquire(ctx, 40)
	big := request(b, ctx, 500) // clamped to 100: waits for both
	waitQueued(t, b, 1)
	small := request(b, ctx, 10) // arrives after big: must not overtake it
	if _, ok := granted(big, moment); ok {
		t.Fatal("a request was granted beyond the capacity")
	}
	r60()
	r60() // a second release gives nothing back twice
	if _, ok := granted(small, moment); ok {
		t.Fatal("a small request overtook the big one waiting before it")
	}
	r40()
	releaseBig, ok := granted(big, ample)
	if !ok {
		t.Fatal("the big request was not granted once the budget was free")
	}
	releaseBig()
	releaseSmall, ok := granted(small, ample)
	if !ok {
		t.Fatal("the small request was not granted after the big one")
	}

	cctx, cancel := context.WithCancel(ctx)
	waiting := make(chan error, 1)
	go func() {
		_, err := b.acquire(cctx, 95)
		waiting <- err
	}()
	waitQueued(t, b, 1)
	cancel()
	if err := <-waiting; err != context.Canceled {
		t.Errorf("cancelled wait = %v, want context.Canceled", err)
	}
	releaseSmall()
	if b.used != 0 || len(b.waiting) != 0 {
		t.Errorf("budget left with %d used and %d waiting", b.used, len(b.waiting))
	}
}
