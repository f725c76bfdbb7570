package cli

import (
	"math"
	"runtime"
	"runtime/debug"
	"testing"
	"time"
)

// currentGCPercent returns the collector's GOGC setting, leaving it as
// it is.
func currentGCPercent() int {
	p := debug.SetGCPercent(100)
	debug.SetGCPercent(p)
	return p
}

// settings returns the collector's GOGC and soft memory limit, leaving
// them as they are.
func settings() (int, int64) {
	return currentGCPercent(), debug.SetMemoryLimit(-1)
}

func TestTunedCollectorFollowsTheLiveHeap(t *testing.T) {
	t.Setenv("GOGC", "")
	t.Setenv("GOMEMLIMIT", "")
	const floor = 256 << 20
	beforePercent, beforeLimit := settings()
	restore := tuneCollector(floor)
	defer restore()
	percent, limit := settings()
	if wantPercent, wantLimit := collectorSettings(liveHeap(), floor, beforeLimit); percent != wantPercent || limit != wantLimit {
		t.Errorf("once tuned: GOGC %d and limit %d, want %d and %d", percent, limit, wantPercent, wantLimit)
	}

	live := make([]byte, 96<<20)
	runtime.GC()
	wantPercent, wantLimit := collectorSettings(liveHeap(), floor, beforeLimit)
	if p, _ := collectorSettings(0, floor, beforeLimit); p == wantPercent {
		t.Fatalf("collectorSettings does not depend on the live heap (GOGC %d)", p)
	}
	// The tuner sets the collector from a cleanup, which runs after the
	// collection returns.
	deadline := time.Now().Add(10 * time.Second)
	for percent != wantPercent && time.Now().Before(deadline) {
		time.Sleep(time.Millisecond)
		percent, limit = settings()
	}
	if percent != wantPercent || limit != wantLimit {
		t.Errorf("after a collection found %d bytes live: GOGC %d and limit %d, want %d and %d", liveHeap(), percent, limit, wantPercent, wantLimit)
	}
	live[0] = 1 // keeps it live up to here

	restore()
	if percent, limit := settings(); percent != beforePercent || limit != beforeLimit {
		t.Errorf("once put back: GOGC %d and limit %d, want %d and %d", percent, limit, beforePercent, beforeLimit)
	}
	runtime.GC()
	time.Sleep(10 * time.Millisecond)
	if percent, limit := settings(); percent != beforePercent || limit != beforeLimit {
		t.Errorf("after a collection once put back: GOGC %d and limit %d, want %d and %d", percent, limit, beforePercent, beforeLimit)
	}
}

func TestTunedCollectorLeavesTheUsersSettings(t *testing.T) {
	for _, env := range []string{"GOGC", "GOMEMLIMIT"} {
		t.Run(env, func(t *testing.T) {
			t.Setenv(env, "150")
			percent, limit := settings()
			restore := buildCollector()
			runtime.GC()
			if p, l := settings(); p != percent || l != limit {
				t.Errorf("with %s set, the collector's settings changed", env)
			}
			restore()
		})
	}
}

func TestCollectorSettings(t *testing.T) {
	const floor = 400 << 20
	const none = math.MaxInt64 // no ceiling
	for _, c := range []struct {
		live    uint64
		ceiling int64
		percent int
		limit   int64
	}{
		{0, none, 9900, floor},                // as if the least heap Go collects at were live
		{minHeap, none, 9900, floor},          // the first goal is the floor
		{100 << 20, none, 300, floor},         // 4 × live
		{floor / 2, none, 100, 3 * floor / 2}, // twice the live heap is the floor
		{floor, none, 100, 3 * floor},         // Go's default above it
		{math.MaxUint64, none, 100, 3 << 60},
		{1<<64/3 + 1, none, 100, 3 << 60},
		// Under a ceiling lower than the floor, the ceiling is the floor.
		{100 << 20, 300 << 20, 200, 300 << 20},
		// A ceiling binds where three times the live heap would exceed it,
		{300 << 20, 600 << 20, 100, 600 << 20},
		// even under the live heap: the collector runs without pause.
		{700 << 20, 600 << 20, 100, 600 << 20},
		{0, 0, 100, 0},
	} {
		percent, limit := collectorSettings(c.live, floor, c.ceiling)
		if percent != c.percent || limit != c.limit {
			t.Errorf("collectorSettings(%d, %d, %d) = %d, %d, want %d, %d", c.live, floor, c.ceiling, percent, limit, c.percent, c.limit)
		}
	}
}

func TestTunedCollectorKeepsUnderTheLimitInForce(t *testing.T) {
	t.Setenv("GOGC", "")
	t.Setenv("GOMEMLIMIT", "")
	const ceiling = 300 << 20 // under the floor of a build
	defer debug.SetMemoryLimit(debug.SetMemoryLimit(ceiling))
	restore := buildCollector()
	defer restore()
	if _, limit := settings(); limit != ceiling {
		t.Errorf("a build's memory limit under a limit of %d: %d", ceiling, limit)
	}
	live := make([]byte, 2*ceiling/3)
	runtime.GC()
	// The tuner sets the collector again from a cleanup, which runs after
	// the collection returns: its GOGC tells when it has.
	wantPercent, _ := collectorSettings(liveHeap(), buildMemoryFloor, ceiling)
	if p, _ := collectorSettings(0, buildMemoryFloor, ceiling); p == wantPercent {
		t.Fatalf("GOGC does not tell the tuner ran again (%d either way)", p)
	}
	deadline := time.Now().Add(10 * time.Second)
	for currentGCPercent() != wantPercent && time.Now().Before(deadline) {
		time.Sleep(time.Millisecond)
	}
	if p := currentGCPercent(); p != wantPercent {
		t.Fatalf("GOGC %d after a collection found %d bytes live, want %d", p, liveHeap(), wantPercent)
	}
	if _, limit := settings(); limit != ceiling {
		t.Errorf("a build's memory limit with %d bytes live, under a limit of %d: %d", len(live), ceiling, limit)
	}
	live[0] = 1
	restore()
	if _, limit := settings(); limit != ceiling {
		t.Errorf("once put back: limit %d, want %d", limit, ceiling)
	}
}

func TestLintCollectorKeepsUnderTheLimitInForce(t *testing.T) {
	t.Setenv("GOGC", "")
	t.Setenv("GOMEMLIMIT", "")
	const ceiling = lintMemoryFloor / 2
	defer debug.SetMemoryLimit(debug.SetMemoryLimit(ceiling))
	fit, restore := lintCollector()
	defer restore()
	if got := debug.SetMemoryLimit(-1); got != ceiling {
		t.Errorf("memory limit before the load, under a limit of %d: %d", ceiling, got)
	}
	live := make([]byte, ceiling/2)
	runtime.GC()
	fit()
	if got := debug.SetMemoryLimit(-1); got != ceiling {
		t.Errorf("memory limit once %d bytes are live, under a limit of %d: %d", len(live), ceiling, got)
	}
	live[0] = 1
}

func TestLintCollectorIsPutBack(t *testing.T) {
	t.Setenv("GOGC", "")
	t.Setenv("GOMEMLIMIT", "")
	percent, limit := currentGCPercent(), debug.SetMemoryLimit(-1)
	fit, restore := lintCollector()
	if got := currentGCPercent(); got != lintGCPercent {
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
	if got := currentGCPercent(); got != percent {
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
			percent, limit := currentGCPercent(), debug.SetMemoryLimit(-1)
			fit, restore := lintCollector()
			fit()
			if currentGCPercent() != percent || debug.SetMemoryLimit(-1) != limit {
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
