package cli

import (
	"math"
	"runtime"
	"runtime/debug"
	"testing"
)

// gcPercent returns the collector's GOGC setting, leaving it as it is.
func gcPercent() int {
	p := debug.SetGCPercent(100)
	debug.SetGCPercent(p)
	return p
}

func TestLintCollectorIsPutBack(t *testing.T) {
	t.Setenv("GOGC", "")
	t.Setenv("GOMEMLIMIT", "")
	percent, limit := gcPercent(), debug.SetMemoryLimit(-1)
	fit, restore := lintCollector()
	if got := gcPercent(); got != lintGCPercent {
		t.Errorf("GOGC during a lint: %d, want %d", got, lintGCPercent)
	}
	if got := debug.SetMemoryLimit(-1); got != lintMemoryFloor {
		t.Errorf("memory limit before the load: %d, want %d", got, lintMemoryFloor)
	}
	live := make([]byte, 3*lintMemoryFloor/4)
	runtime.GC() // as the load's collections did
	fit()
	if got, want := debug.SetMemoryLimit(-1), lintMemoryLimit(liveHeap()); got != want || got < 2*int64(len(live)) {
		t.Errorf("memory limit once %d bytes are live: %d, want %d", len(live), got, want)
	}
	live[0] = 1 // keeps it live up to here
	restore()
	if got := gcPercent(); got != percent {
		t.Errorf("GOGC after the lint: %d, want %d", got, percent)
	}
	if got := debug.SetMemoryLimit(-1); got != limit {
		t.Errorf("memory limit after the lint: %d, want %d", got, limit)
	}
}

func TestLintCollectorLeavesTheUsersSettings(t *testing.T) {
	for _, env := range []string{"GOGC", "GOMEMLIMIT"} {
		t.Run(env, func(t *testing.T) {
			t.Setenv(env, "150")
			percent, limit := gcPercent(), debug.SetMemoryLimit(-1)
			fit, restore := lintCollector()
			fit()
			if gcPercent() != percent || debug.SetMemoryLimit(-1) != limit {
				t.Errorf("with %s set, lint changed the collector's settings", env)
			}
			restore()
		})
	}
}

func TestLintMemoryLimit(t *testing.T) {
	for _, c := range []struct {
		live uint64
		want int64
	}{
		{0, lintMemoryFloor},
		{lintMemoryFloor / 2, lintMemoryFloor},
		{lintMemoryFloor, 2 * lintMemoryFloor},
		{math.MaxUint64, 1 << 62},
	} {
		if got := lintMemoryLimit(c.live); got != c.want {
			t.Errorf("lintMemoryLimit(%d) = %d, want %d", c.live, got, c.want)
		}
	}
}
