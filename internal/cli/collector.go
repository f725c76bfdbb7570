package cli

import (
	"os"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"sync"
)

// Lint allocates far more than it keeps: each batch of articles is
// parsed, indexed, checked and dropped, while what lives on is the
// stand-ins of the knowledge base and one batch. With Go's default, the
// collector runs each time the heap doubles, which took a quarter of
// lint's CPU time. lintCollector lets the heap triple instead, under a
// soft limit that keeps lint's memory bounded: at 5,000 and 20,000
// articles it cut lint's CPU time by a sixth and a seventh, with peaks
// of 244 MB and 408 MB.
const (
	lintGCPercent = 200
	// lintMemoryFloor is the least the soft limit is: it binds only in
	// knowledge bases large enough for lint's peak to near it.
	lintMemoryFloor = 400 << 20
)

// lintCollector sets the collector for a lint, unless the user set it
// with GOGC or GOMEMLIMIT, and returns what puts it back. fit raises the
// soft limit to twice the heap live at the time, once the knowledge base
// is loaded: a limit under what lint must hold would have the collector
// run without pause. Neither limit exceeds the one in force before, which
// is what the machine allows (see limitMemory).
func lintCollector() (fit, restore func()) {
	if userSetCollector() {
		return func() {}, func() {}
	}
	ceiling := debug.SetMemoryLimit(-1) // what the machine allows (see limitMemory)
	percent := debug.SetGCPercent(lintGCPercent)
	debug.SetMemoryLimit(min(lintMemoryFloor, ceiling))
	fit = func() { debug.SetMemoryLimit(min(lintMemoryLimit(liveHeap()), ceiling)) }
	restore = func() {
		debug.SetGCPercent(percent)
		debug.SetMemoryLimit(ceiling)
	}
	return fit, restore
}

// userSetCollector reports whether the user set the collector with GOGC
// or GOMEMLIMIT, which kbc then leaves as they set it.
func userSetCollector() bool {
	return os.Getenv("GOGC") != "" || os.Getenv("GOMEMLIMIT") != ""
}

// lintMemoryLimit is the soft memory limit of a lint whose live heap is
// live bytes once the knowledge base is loaded.
func lintMemoryLimit(live uint64) int64 {
	return max(lintMemoryFloor, 2*int64(min(live, 1<<61)))
}

// A build, like a lint, allocates far more than it keeps, and with Go's
// default its collector took a quarter of its CPU time. buildMemoryFloor
// is the memory a build may grow to before the collector runs: it runs
// at twice the live heap or at the floor, whichever is more, so a small
// or medium knowledge base is collected a few times rather than
// hundreds, and a large one as often as Go's default would. It cut the
// user time of a cold build by a fifth at 1,000 articles and by a sixth
// at 5,000, for a peak of 420 MB instead of 90 and 280 MB; at 20,000
// articles, whose live heap is larger than half the floor, neither
// changed.
const buildMemoryFloor = 400 << 20

// minHeap is the heap Go's collector never sets its goal under, as if
// that much were live (the runtime's heapMinimum at GOGC=100).
const minHeap = 4 << 20

// buildCollector sets the collector for a build, unless the user set it
// with GOGC or GOMEMLIMIT, and returns what puts it back. After every
// collection it sets GOGC and the soft memory limit from the heap found
// live (see collectorSettings): unlike a lint's, a build's live heap
// keeps growing, with the record of every page written.
func buildCollector() (restore func()) {
	return tuneCollector(buildMemoryFloor)
}

func tuneCollector(floor uint64) (restore func()) {
	if userSetCollector() {
		return func() {}
	}
	t := &collectorTuner{floor: floor, limit: debug.SetMemoryLimit(-1)}
	percent, limit := collectorSettings(liveHeap(), floor, t.limit)
	t.percent = debug.SetGCPercent(percent)
	debug.SetMemoryLimit(limit)
	t.arm()
	return t.stop
}

// collectorSettings returns the GOGC and the soft memory limit that have
// the collector run when the heap reaches floor, or twice live if that
// is more. GOGC alone would let the process grow half as much again
// over its goal while the collector marks; the limit, which counts all
// the memory Go holds, keeps it near floor. It is never under three
// times the live heap, so that it does not bind once a large knowledge
// base has more than half of floor live: a limit near what must stay
// live would have the collector run without pause. Nor is it ever over
// ceiling, what the machine allows (see limitMemory): there the
// collector had better run without pause than the kernel kill kbc.
func collectorSettings(live, floor uint64, ceiling int64) (percent int, limit int64) {
	floor = min(floor, uint64(max(ceiling, 0)))
	percent, limit = 100, int64(max(floor, 3*min(live, 1<<60)))
	if live = max(live, minHeap); floor > 2*live {
		percent = int(floor*100/live - 100)
	}
	return percent, min(limit, ceiling)
}

// collectorTuner sets the collector after each collection, from the
// cleanup of an object that only the collection itself finds
// unreachable.
type collectorTuner struct {
	floor   uint64
	percent int   // GOGC as it was
	limit   int64 // the soft memory limit as it was, which the tuned one never exceeds

	mu      sync.Mutex
	stopped bool
}

// sentinel is large enough to be an object of its own: the cleanup of a
// smaller object without pointers may wait for its neighbours'.
type sentinel [32]byte

func (t *collectorTuner) arm() {
	runtime.AddCleanup(new(sentinel), (*collectorTuner).collected, t)
}

func (t *collectorTuner) collected() {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.stopped {
		return
	}
	percent, limit := collectorSettings(liveHeap(), t.floor, t.limit)
	debug.SetGCPercent(percent)
	debug.SetMemoryLimit(limit)
	t.arm()
}

func (t *collectorTuner) stop() {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.stopped = true
	debug.SetGCPercent(t.percent)
	debug.SetMemoryLimit(t.limit)
}

// liveHeap returns the bytes of heap the last collection found live.
func liveHeap() uint64 {
	s := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	metrics.Read(s)
	if s[0].Value.Kind() != metrics.KindUint64 {
		return 0
	}
	return s[0].Value.Uint64()
}
