package cli

import (
	"os"
	"runtime/debug"
	"runtime/metrics"
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
	fit = func() { debug.SetMemoryLimit(lintMemoryLimit(liveHeap())) }
	restore = func() {
		debug.SetGCPercent(percent)
		debug.SetMemoryLimit(limit)
	}
	return fit, restore
}

// lintMemoryLimit is the soft memory limit of a lint whose live heap is
// live bytes once the knowledge base is loaded.
func lintMemoryLimit(live uint64) int64 {
	return max(lintMemoryFloor, 2*int64(min(live, 1<<61)))
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
