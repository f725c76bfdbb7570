package build

import (
	"maps"
	"slices"
)

// Memory keeps what a build with a cache leaves for the next build in the
// same process: the state, the pages and the folders, which a build
// without one writes into the cache folder for the next to read back.
// After an edit to a knowledge base of 5,000 articles, encoding, reading
// and decoding them took about a third of the build. A process that
// builds the same site again and again, as kbc serve does, keeps them in
// a Memory instead (Options.Memory).
//
// A Memory is the process's own, so nothing in it is checked as what is
// read from disk is; everything else is as with the cache folder: the
// site is listed and compared with the state, and the journal, which
// stays a file of the cache folder, makes the next build ignore the
// Memory when a build stopped between swapping the site in and
// remembering it. Builds using one Memory must run one at a time, as
// the lock of their cache folder makes them.
type Memory struct {
	state   *state
	pages   *pages
	folders *folders
}

// lastState returns the state the last build remembered, if it was a
// build under key; else it says why not.
func (m *Memory) lastState(key string) (*state, string) {
	switch {
	case m.state == nil:
		return nil, noCache
	case m.state.Key != key:
		return nil, otherKey
	}
	st := *m.state
	return &st, ""
}

// lastPages returns the pages the last build remembered with its state.
func (m *Memory) lastPages() (pages, bool) {
	if m.pages == nil {
		return pages{}, false
	}
	return *m.pages, true
}

// lastFolders returns the folders the last build remembered with its
// state, as a map of the caller's own to change.
func (m *Memory) lastFolders() (folders, bool) {
	if m.folders == nil {
		return folders{}, false
	}
	f := *m.folders
	f.Folders = maps.Clone(f.Folders)
	return f, true
}

// forget drops what the Memory holds, for a build that changes the site
// and may not get as far as remembering it.
func (m *Memory) forget() { m.state, m.pages, m.folders = nil, nil, nil }

// remember keeps what a build leaves for the next. The next build makes
// its vocabulary from the terms and adds to it, so the list of terms is
// clipped: an addition then copies it rather than writing past its end,
// in an array a later build might be given again.
func (m *Memory) remember(st state, pg pages, f *folders) {
	pg.Terms = slices.Clip(pg.Terms)
	m.state, m.pages, m.folders = &st, &pg, f
}
