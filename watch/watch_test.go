package watch

import (
	"context"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"
)

// runs records the calls of a watch's run.
type runs struct {
	mu   sync.Mutex
	list []Change
}

func (r *runs) run(c Change) error {
	r.mu.Lock()
	r.list = append(r.list, c)
	r.mu.Unlock()
	return nil
}

func (r *runs) count() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return len(r.list)
}

func (r *runs) last() Change {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.list[len(r.list)-1]
}

// settleTime is how long a test waits after a change for a run that must not come: several
// times the quiet period and the stability window, since a loaded machine delays the ticker.
const settleTime = 1500 * time.Millisecond

// waitRuns waits until n runs were made (failing after a generous deadline), then waits for the
// watch to settle and checks no further run came.
func (r *runs) waitRuns(t *testing.T, what string, n int) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for r.count() < n && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	time.Sleep(settleTime)
	if got := r.count(); got != n {
		t.Fatalf("%s: %d runs, want %d (%v)", what, got, n, r.list)
	}
}

func write(t *testing.T, p string, data []byte) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestWatch drops whole files, a half-written one, lock and temporary files, a folder and a
// removal into a watched inbox, and sees exactly one run per settled change.
func TestWatch(t *testing.T) {
	inbox := t.TempDir()
	write(t, filepath.Join(inbox, "已有.xlsx"), []byte("PK old"))
	r := &runs{}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		done <- Watch(ctx, inbox, Options{Quiet: 150 * time.Millisecond, Stable: 500 * time.Millisecond, Poll: 30 * time.Millisecond}, r.run)
	}()
	r.waitRuns(t, "first run", 1)

	// Two files at once: one run.
	write(t, filepath.Join(inbox, "甲.xlsx"), []byte("PK a"))
	write(t, filepath.Join(inbox, "乙.xlsx"), []byte("PK b"))
	r.waitRuns(t, "two new files", 2)
	if c := r.last(); c.New != 2 {
		t.Errorf("two new files counted as %+v", c)
	}

	// A file written in pieces, each within the stability window: one run, once it is whole.
	half := filepath.Join(inbox, "半.xlsx")
	f, err := os.Create(half)
	if err != nil {
		t.Fatal(err)
	}
	for range 5 {
		if _, err := f.Write([]byte("PK part ")); err != nil {
			t.Fatal(err)
		}
		f.Sync()
		time.Sleep(50 * time.Millisecond)
	}
	f.Close()
	r.waitRuns(t, "half-written file", 3)

	// Lock, temporary and hidden files and other documents: no run.
	write(t, filepath.Join(inbox, "~$甲.xlsx"), []byte("lock"))
	write(t, filepath.Join(inbox, ".~lock.乙.xlsx#"), []byte("lock"))
	write(t, filepath.Join(inbox, "~WRL0001.tmp"), []byte("tmp"))
	write(t, filepath.Join(inbox, "通知.pdf"), []byte("%PDF"))
	r.waitRuns(t, "lock and temporary files", 3)

	// A new folder with a workbook in it, then a workbook added to that folder.
	write(t, filepath.Join(inbox, "某局", "丙.xlsx"), []byte("PK c"))
	r.waitRuns(t, "new folder", 4)
	write(t, filepath.Join(inbox, "某局", "丁.xlsx"), []byte("PK d"))
	r.waitRuns(t, "file in the new folder", 5)

	// A file changed, and a file removed.
	write(t, filepath.Join(inbox, "甲.xlsx"), []byte("PK a, second version"))
	r.waitRuns(t, "changed file", 6)
	if c := r.last(); c.Changed != 1 {
		t.Errorf("changed file counted as %+v", c)
	}
	if err := os.Remove(filepath.Join(inbox, "乙.xlsx")); err != nil {
		t.Fatal(err)
	}
	r.waitRuns(t, "removed file", 7)
	if c := r.last(); c.Removed != 1 {
		t.Errorf("removed file counted as %+v", c)
	}

	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Watch did not stop after its context was cancelled")
	}
}
