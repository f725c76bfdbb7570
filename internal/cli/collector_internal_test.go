package cli

import (
	"math"
	"runtime"
	"runtime/debug"
	"sync"
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
	if got, want := debug.SetMemoryLimit(-1), memoryLimit(lintMemoryFloor, liveHeap()); got != want || got < 2*int64(len(live)) {
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

func TestCollectorsLeaveTheUsersSettings(t *testing.T) {
	collectors := map[string]func() (restore func()){
		"lint": func() func() {
			fit, restore := lintCollector()
			fit()
			return restore
		},
		"build": buildCollector,
	}
	for name, set := range collectors {
		for _, env := range []string{"GOGC", "GOMEMLIMIT"} {
			t.Run(name+"/"+env, func(t *testing.T) {
				t.Setenv(env, "150")
				percent, limit := gcPercent(), debug.SetMemoryLimit(-1)
				restore := set()
				runtime.GC()
				if gcPercent() != percent || debug.SetMemoryLimit(-1) != limit {
					t.Errorf("with %s set, %s changed the collector's settings", env, name)
				}
				restore()
			})
		}
	}
}

func TestMemoryLimit(t *testing.T) {
	const floor = 400 << 20
	for _, c := range []struct {
		live uint64
		want int64
	}{
		{0, floor},
		{floor / 2, floor},
		{floor, 2 * floor},
		{math.MaxUint64, 1 << 62},
	} {
		if got := memoryLimit(floor, c.live); got != c.want {
			t.Errorf("memoryLimit(%d, %d) = %d, want %d", floor, c.live, got, c.want)
		}
	}
}

func TestBuildCollectorFollowsTheLiveHeap(t *testing.T) {
	t.Setenv("GOGC", "")
	t.Setenv("GOMEMLIMIT", "")
	limit := debug.SetMemoryLimit(-1)
	restore := buildCollector()
	if got := debug.SetMemoryLimit(-1); got != buildMemoryFloor {
		t.Errorf("memory limit as the build starts: %d, want %d", got, buildMemoryFloor)
	}
	live := make([]byte, 3*buildMemoryFloor/4)
	// The limit is set again after the collection, on the runtime's
	// cleanup goroutine: a few more collections let it run.
	want := int64(2 * len(live))
	got := int64(0)
	for range 20 {
		runtime.GC()
		runtime.Gosched()
		if got = debug.SetMemoryLimit(-1); got >= want {
			break
		}
	}
	if got < want {
		t.Errorf("memory limit once %d bytes are live: %d, want at least %d", len(live), got, want)
	}
	live[0] = 1 // keeps it live up to here
	restore()
	if got := debug.SetMemoryLimit(-1); got != limit {
		t.Errorf("memory limit after the build: %d, want %d", got, limit)
	}
}

func TestAfterEachCollectionStops(t *testing.T) {
	var mu sync.Mutex
	calls := 0
	stop := afterEachCollection(func() {
		mu.Lock()
		calls++
		mu.Unlock()
	})
	count := func() int {
		mu.Lock()
		defer mu.Unlock()
		return calls
	}
	for i := 0; i < 20 && count() < 3; i++ {
		runtime.GC()
		runtime.Gosched()
	}
	if n := count(); n < 3 {
		t.Fatalf("after 20 collections f was called %d times, want at least 3", n)
	}
	stop()
	n := count()
	for range 5 {
		runtime.GC()
		runtime.Gosched()
	}
	if m := count(); m != n {
		t.Errorf("f was called %d more times after stop", m-n)
	}
}
