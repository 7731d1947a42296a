package main

import (
	"os"
	"runtime/debug"
)

// softMemoryLimit is the heap the garbage collector works to stay under. The reader's budgets
// bound what files hold at once (excelio/budget.go), but the collector by default lets garbage
// grow to as much again before it runs: a workbook heavy with images then peaks well above a
// gigabyte, where this limit keeps it under 800 MB for a few percent of time.
const softMemoryLimit = 768 << 20

// limitMemory sets softMemoryLimit, unless the user set GOMEMLIMIT, which then stands.
func limitMemory() {
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(softMemoryLimit)
	}
}
