package membudget

import (
	"runtime"
	"runtime/debug"
	"testing"
)

func TestSettingsFor(t *testing.T) {
	const mb = 1 << 20
	const room, limit = 50 * mb, 768 * mb
	paced := func(pct int) settings { return settings{gcPercent: pct, limit: limit} }
	tests := []struct {
		name  string
		paced bool
		live  uint64
		want  settings
	}{
		{"small heap stays under the budget", false, 8 * mb, budget},
		{"headroom left under the budget", false, room - Headroom, budget},
		{"past it, pacing at headroom", false, room - Headroom + 1, paced(93)},
		{"a province batch", false, 40 * mb, paced(60)},
		{"a live heap of twice the headroom", false, 2 * Headroom, paced(50)},
		{"paced, back under the budget's headroom, stays", true, room - Headroom, paced(93)},
		{"paced, with half again the headroom left, returns", true, room - Headroom - Headroom/2, budget},
		{"a huge live heap is paced at the least percentage", false, 200 * mb, paced(minPercent)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := settingsFor(tt.paced, tt.live, room, limit); got != tt.want {
				t.Errorf("settingsFor(%v, %d) = %v, want %v", tt.paced, tt.live, got, tt.want)
			}
		})
	}
}

// TestObserveFollowsLiveHeap follows a run whose live heap grows past what the budget leaves
// Headroom for and shrinks again: pacing follows the live heap, and the budget comes back once
// the live heap leaves half again Headroom under its goal.
// The goal under pacing does not move the budget's room.
func TestObserveFollowsLiveHeap(t *testing.T) {
	const mb = 1 << 20
	previous := settings{gcPercent: 100, limit: 768 * mb}
	var applied []settings
	m := &monitor{previous: previous, current: budget, apply: func(s settings) settings {
		applied = append(applied, s)
		return settings{}
	}}
	for _, live := range []uint64{4 * mb, 10 * mb, 32 * mb, 32 * mb, 40 * mb, 16 * mb, 12 * mb} {
		goal := uint64(50 * mb)
		if m.current != budget {
			goal = live + live*uint64(m.current.gcPercent)/100
		}
		m.observe(live, goal)
	}
	paced := func(pct int) settings { return settings{gcPercent: pct, limit: previous.limit} }
	want := []settings{paced(75), paced(60), paced(150), budget}
	if len(applied) != len(want) {
		t.Fatalf("applied %v, want %v", applied, want)
	}
	for i := range want {
		if applied[i] != want[i] {
			t.Errorf("change %d applied %v, want %v", i, applied[i], want[i])
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
