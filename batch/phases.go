package batch

import (
	"fmt"
	"os"
	"time"
)

// phaseClock reports how long each step of a run took on standard error when JXZP_PHASES is
// set, for the bench script (bench/run.sh); otherwise it does nothing.
type phaseClock struct {
	on   bool
	last time.Time
}

// newPhaseClock starts the clock.
func newPhaseClock() *phaseClock {
	return &phaseClock{on: os.Getenv("JXZP_PHASES") != "", last: time.Now()}
}

// lap prints the time since the previous lap under name.
func (c *phaseClock) lap(name string) {
	if !c.on {
		return
	}
	now := time.Now()
	fmt.Fprintf(os.Stderr, "phase %s %.3f\n", name, now.Sub(c.last).Seconds())
	c.last = now
}
