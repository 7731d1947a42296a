package main

// The progress bar of jxzp score: the batch only reports steps through batch.Progress; drawing
// them is the terminal's business, so it lives with the rest of the command line.

import (
	"os"
	"sync"

	"github.com/vbauerster/mpb/v8"
	"github.com/vbauerster/mpb/v8/decor"

	"github.com/jxzp/jxzp/batch"
)

// newProgress returns a bar drawn on stderr when stderr is a terminal, and NoProgress otherwise,
// so a log file or a pipe never fills with redraw sequences.
func newProgress() batch.Progress {
	if !isTerminal(os.Stderr) {
		return batch.NoProgress{}
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
