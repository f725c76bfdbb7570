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
// run without pause.
func lintCollector() (fit, restore func()) {
	if os.Getenv("GOGC") != "" || os.Getenv("GOMEMLIMIT") != "" {
		return func() {}, func() {}
	}
	percent := debug.SetGCPercent(lintGCPercent)
	limit := debug.SetMemoryLimit(lintMemoryFloor)
	fit = func() { debug.SetMemoryLimit(memoryLimit(lintMemoryFloor, liveHeap())) }
	restore = func() {
		debug.SetGCPercent(percent)
		debug.SetMemoryLimit(limit)
	}
	return fit, restore
}

// memoryLimit returns the soft memory limit for a heap with live bytes
// live: twice that, or floor, whichever is more.
func memoryLimit(floor int64, live uint64) int64 {
	return max(floor, 2*int64(min(live, 1<<61)))
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

// A build holds more and more as it renders: the records of the pages it
// wrote, from which the search indexes, the listing pages and the cache
// are made at the end. Go's default lets the heap grow to twice what the
// last collection found live, and the runtime's own memory comes on top:
// at 20,000 articles a cold build whose live heap reached 490 to 580 MB
// peaked at 1.4 to 1.6 GB resident. buildCollector makes twice the live
// heap a soft limit on all the memory the runtime holds, once that is
// more than buildMemoryFloor. At 20,000 articles that brought the peak
// to 1.06 to 1.11 GB for 2 to 7 % more CPU time (a limit of one and a
// half times the live heap: 0.91 GB for 13 % more). Under the floor the
// default stands, so the collector works as before for a knowledge base
// of a few thousand articles.
const buildMemoryFloor = 512 << 20

// buildCollector sets the collector for a build, unless the user set it
// with GOGC or GOMEMLIMIT, and returns what puts it back. The soft limit
// follows the live heap, which grows while pages render: it is set again
// after each collection.
func buildCollector() (restore func()) {
	if os.Getenv("GOGC") != "" || os.Getenv("GOMEMLIMIT") != "" {
		return func() {}
	}
	limit := debug.SetMemoryLimit(buildMemoryFloor)
	stop := afterEachCollection(func() { debug.SetMemoryLimit(memoryLimit(buildMemoryFloor, liveHeap())) })
	return func() {
		stop()
		debug.SetMemoryLimit(limit)
	}
}

// afterEachCollection calls f after each garbage collection until stop is
// called. The runtime has no such hook: a cleanup attached to an object
// nothing refers to runs once a collection has found it unreachable, and
// each run attaches the next.
func afterEachCollection(f func()) (stop func()) {
	var mu sync.Mutex // stop waits for a call of f under way
	stopped := false
	var arm func()
	arm = func() {
		// A pointer keeps it out of the allocator's tiny blocks, whose
		// objects may never be found unreachable one by one.
		sentinel := &struct{ _ *byte }{}
		runtime.AddCleanup(sentinel, func(struct{}) {
			mu.Lock()
			defer mu.Unlock()
			if !stopped {
				f()
				arm()
			}
		}, struct{}{})
	}
	arm()
	return func() {
		mu.Lock()
		defer mu.Unlock()
		stopped = true
	}
}
