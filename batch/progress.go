package batch

import (
	"os"
	"sync"

	"github.com/vbauerster/mpb/v8"
	"github.com/vbauerster/mpb/v8/decor"
)

// Progress is told how far the batch has got, for a progress bar. Run counts two steps per
// workbook it reads (reading and scoring, then writing its copy), so the bar moves during both
// passes; Done is called once per step with the file's relative path.
type Progress interface {
	// Start is called once, before the first step, with the number of steps to come.
	Start(total int)
	// Done is called after each step, from one goroutine at a time.
	Done(path string)
	// Finish is called once when the run ends, completed or not.
	Finish()
}

// NoProgress is the Progress that shows nothing: for tests, --json runs and redirected stderr.
type NoProgress struct{}

// Start does nothing.
func (NoProgress) Start(int) {}

// Done does nothing.
func (NoProgress) Done(string) {}

// Finish does nothing.
func (NoProgress) Finish() {}

// NewProgress returns a bar drawn on stderr when stderr is a terminal, and NoProgress otherwise,
// so a log file or a pipe never fills with redraw sequences.
func NewProgress() Progress {
	if !isTerminal(os.Stderr) {
		return NoProgress{}
	}
	return &barProgress{}
}

// isTerminal reports whether f is a character device, which on every supported system means a
// console; it avoids a dependency for a single check.
func isTerminal(f *os.File) bool {
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

// barProgress draws one mpb bar on stderr.
type barProgress struct {
	mu  sync.Mutex
	p   *mpb.Progress
	bar *mpb.Bar
}

// Start creates the bar for total steps.
func (b *barProgress) Start(total int) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.p != nil || total <= 0 {
		return
	}
	b.p = mpb.New(mpb.WithOutput(os.Stderr), mpb.WithWidth(40))
	b.bar = b.p.AddBar(int64(total),
		mpb.PrependDecorators(decor.Name("审核进度 "), decor.CountersNoUnit("%d/%d")),
		mpb.AppendDecorators(decor.Percentage(decor.WC{W: 5})),
	)
}

// Done advances the bar by one step.
func (b *barProgress) Done(string) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.bar != nil {
		b.bar.Increment()
	}
}

// Finish removes an unfinished bar (an interrupted run) and waits until the last frame is drawn,
// so the summary printed next does not interleave with it.
func (b *barProgress) Finish() {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.p == nil {
		return
	}
	if !b.bar.Completed() {
		b.bar.Abort(false)
	}
	b.p.Wait()
	b.p, b.bar = nil, nil
}
