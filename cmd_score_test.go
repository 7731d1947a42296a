package main

import (
	"path/filepath"
	"runtime/debug"
	"testing"
)

// TestScoreRestoresCollector checks that a run's memory budget ends with the run: the
// collector's settings before `jxzp score` are those after it (`jxzp watch` waits between runs
// with them).
func TestScoreRestoresCollector(t *testing.T) {
	t.Setenv("GOGC", "")
	t.Setenv("GOMEMLIMIT", "")
	gc := debug.SetGCPercent(150)
	defer debug.SetGCPercent(gc)
	limit := debug.SetMemoryLimit(300 << 20)
	defer debug.SetMemoryLimit(limit)
	in := filepath.Join("samples", "三门峡市儿童福利院_孤弃儿童养育经费_自评表.xlsx")
	runCLI(t, []string{"score", in, "-o", t.TempDir()}, exitOK, "", "")
	if got := debug.SetGCPercent(gc); got != 150 {
		t.Errorf("GOGC after the run = %d, want 150", got)
	}
	if got := debug.SetMemoryLimit(limit); got != 300<<20 {
		t.Errorf("memory limit after the run = %d, want %d", got, 300<<20)
	}
}
