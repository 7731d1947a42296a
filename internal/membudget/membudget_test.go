package membudget

import (
	"runtime"
	"runtime/debug"
	"testing"
)

func TestDecide(t *testing.T) {
	tests := []struct {
		name     string
		fallback bool
		live     uint64
		want     bool
	}{
		{"small heap stays under the budget", false, 8 << 20, false},
		{"half the goal still under it", false, 25 << 20, false},
		{"past half falls back", false, 25<<20 + 1, true},
		{"fallen back, at a quarter, stays", true, 12<<20 + 512<<10, true},
		{"fallen back, just under half, stays", true, 25<<20 - 1, true},
		{"fallen back, under a quarter, returns", true, 12<<20 + 512<<10 - 1, false},
	}
	const room = 50 << 20
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := decide(tt.fallback, tt.live, room); got != tt.want {
				t.Errorf("decide(%v, %d, %d) = %v, want %v", tt.fallback, tt.live, room, got, tt.want)
			}
		})
	}
}

// TestObserveSwitches follows a run whose live heap grows past half the budget's heap goal and
// shrinks again: the previous settings come back once, and the budget once. The goal under the
// previous settings (twice the live heap) does not move the threshold of the return.
func TestObserveSwitches(t *testing.T) {
	previous := settings{gcPercent: 100, limit: 768 << 20}
	var applied []settings
	m := &monitor{previous: previous, apply: func(s settings) settings {
		applied = append(applied, s)
		return settings{}
	}}
	for _, live := range []uint64{4 << 20, 20 << 20, 40 << 20, 60 << 20, 20 << 20, 10 << 20, 12 << 20, 40 << 20} {
		goal := uint64(50 << 20)
		if m.fallback {
			goal = 2 * live
		}
		m.observe(live, goal)
	}
	want := []settings{previous, budget, previous}
	if len(applied) != len(want) {
		t.Fatalf("applied %v, want %v", applied, want)
	}
	for i := range want {
		if applied[i] != want[i] {
			t.Errorf("switch %d applied %v, want %v", i, applied[i], want[i])
		}
	}
}

// TestStartStop puts the runtime under the budget and takes it out again: the settings before
// Start come back, and the monitor has seen collections in between.
func TestStartStop(t *testing.T) {
	t.Setenv("GOGC", "")
	t.Setenv("GOMEMLIMIT", "")
	before := settings{gcPercent: debug.SetGCPercent(100), limit: debug.SetMemoryLimit(512 << 20)}
	defer apply(before)
	stop := Start()
	if got := debug.SetGCPercent(-1); got != -1 {
		t.Errorf("GOGC under the budget = %d, want off", got)
	}
	if got := debug.SetMemoryLimit(-1); got != Budget {
		t.Errorf("memory limit under the budget = %d, want %d", got, Budget)
	}
	stop()
	stop()
	if got := debug.SetGCPercent(100); got != 100 {
		t.Errorf("GOGC after stop = %d, want 100", got)
	}
	if got := debug.SetMemoryLimit(-1); got != 512<<20 {
		t.Errorf("memory limit after stop = %d, want %d", got, 512<<20)
	}
}

// TestMonitorSeesCollections checks that the monitor is called after collections, so that a
// live heap past half the budget would be noticed.
func TestMonitorSeesCollections(t *testing.T) {
	seen := make(chan struct{}, 16)
	m := &monitor{apply: func(settings) settings { return settings{} }, read: func() (uint64, uint64) {
		select {
		case seen <- struct{}{}:
		default:
		}
		return 0, 0
	}}
	m.arm()
	defer m.stop()
	for range 2 {
		runtime.GC()
	}
	<-seen // a monitor that never runs makes the test time out
}

func TestUserSettingsStand(t *testing.T) {
	for _, env := range []string{"GOGC", "GOMEMLIMIT"} {
		t.Run(env, func(t *testing.T) {
			t.Setenv("GOGC", "")
			t.Setenv("GOMEMLIMIT", "")
			t.Setenv(env, "200")
			gc := debug.SetGCPercent(-1)
			debug.SetGCPercent(gc)
			limit := debug.SetMemoryLimit(-1)
			stop := Start()
			defer stop()
			if got := debug.SetGCPercent(gc); got != gc {
				t.Errorf("GOGC with %s set = %d, want %d", env, got, gc)
			}
			if got := debug.SetMemoryLimit(-1); got != limit {
				t.Errorf("memory limit with %s set = %d, want %d", env, got, limit)
			}
		})
	}
}
