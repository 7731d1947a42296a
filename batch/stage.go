package batch

// The run's last outputs (the summary, the decisions workbook, results.json) are written while
// the system flushes the copies to disk, and results.json is committed beside the two workbooks,
// rather than all one after the other: with two workers that tail was a tenth of the run. Each is written under a temporary name of OUT and
// put in place afterwards, in the order that keeps the run's promises: nothing before the
// copies are on disk, results.json only after the summary and the decisions workbook, and
// nothing at all when an output before it failed.

import (
	"os"
	"path/filepath"

	"github.com/jxzp/jxzp/internal/fsx"
)

// staged is an output written at tmp and put at dst by place.
type staged struct {
	tmp, dst string
}

// stage is where dst is written before it is put in place. The name ends in fsx.TempSuffix, so a
// run killed in between leaves a file the next one removes (removeLeftovers).
func stage(dst string) staged {
	return staged{tmp: filepath.Join(filepath.Dir(dst), "."+filepath.Base(dst)+".staged"+fsx.TempSuffix), dst: dst}
}

// place renames the output over dst and makes the rename durable.
func (s staged) place() error {
	if err := os.Rename(s.tmp, s.dst); err != nil {
		return err
	}
	if d, err := os.Open(filepath.Dir(s.dst)); err == nil {
		_ = d.Sync()
		_ = d.Close()
	}
	return nil
}

// drop removes the output if it is still waiting; nothing once placed.
func (s staged) drop() {
	_ = os.Remove(s.tmp)
}

// flushInBackground flushes the copies written to disk, closing the channel when done.
func flushInBackground() <-chan struct{} {
	done := make(chan struct{})
	go func() {
		defer close(done)
		fsx.FlushWrites()
	}()
	return done
}
