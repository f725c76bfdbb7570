package serve

import (
	"context"
	"errors"
	"io/fs"
	"maps"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"strings"
	"time"

	"github.com/fsnotify/fsnotify"

	"github.com/kbcdev/kbc/internal/buildcache"
	"github.com/kbcdev/kbc/locales"
)

// The content folder is watched by polling: a walk stats each file and
// compares its stat data with the previous walk's. It needs nothing of
// the file system, where notifications are awkward: inotify watches are
// per folder, so new article folders must be added as they appear;
// editors that save by writing a temporary file and renaming it replace
// the watched file; and bind mounts from containers and virtual machines
// often deliver no events at all. A walk of a few hundred articles costs
// milliseconds, but one of thousands a tenth of a second or more (60,000
// files in 10,000 folders: 0.13 s): walking every 300 ms kept a core busy
// while the preview sat idle. So the wait between walks grows with the
// walk (see idlePoll), and notifications, where the system gives them
// (see notify), only call the walks early: a change they miss is still
// seen by a walk.

// fileState is what a walk records of one entry: the stat data of a
// file, and the kind of an entry that is not a regular file, or a folder.
type fileState struct {
	file buildcache.File
	dir  bool
}

// snapshot maps each watched path to its state.
type snapshot map[string]fileState

// takeSnapshot walks the content folder and the knowledge base's own UI
// catalogs beside it. Unreadable entries are recorded as absent: the
// loader reports them when the build reads the tree.
func takeSnapshot(root string) snapshot {
	snap, _ := walk(root)
	return snap
}

// walk takes a snapshot as takeSnapshot does, and returns as well the
// content folder's files as the build's scan lists them, for the build
// that follows the walk to take rather than list them again; nil when
// they could not be listed so.
func walk(root string) (snapshot, *buildcache.Listing) {
	snap := snapshot{}
	listing := walkInto(snap, root)
	walkInto(snap, locales.LocalDir(root))
	return snap, listing
}

// walkInto records the files under root, and the folders that hold them,
// as the build's scan lists them (buildcache.ListAt), which takes less
// than half the time of a walk through package os: 60,000 files in
// 10,000 folders in 0.12 to 0.14 s, against 0.28 s. It returns that
// listing. A folder that cannot be listed fails the listing whole; the
// walk through package os then records what it can, and walkInto returns
// no listing.
func walkInto(snap snapshot, root string) *buildcache.Listing {
	listing, err := buildcache.ListAt(root)
	if err != nil {
		walkEachInto(snap, root)
		return nil
	}
	tree := listing.Files
	// Every path the listing gives is clean: joining it to the clean root
	// needs no filepath.Join, which would clean it again, file by file.
	root = filepath.Clean(root)
	prefix := root
	if !strings.HasSuffix(prefix, string(filepath.Separator)) {
		prefix += string(filepath.Separator)
	}
	abs := func(rel string) string { return prefix + filepath.FromSlash(rel) }
	snap[root] = fileState{dir: true}
	dirs := map[string]bool{}
	for rel, f := range tree {
		if ignoredPath(rel) {
			continue
		}
		snap[abs(rel)] = fileState{file: f}
		// A folder seen has its parents recorded already.
		for dir := path.Dir(rel); dir != "." && !dirs[dir]; dir = path.Dir(dir) {
			dirs[dir] = true
			snap[abs(dir)] = fileState{dir: true}
		}
	}
	return listing
}

// ignoredPath reports whether a slash-separated path names an ignored
// file or lies in an ignored folder.
func ignoredPath(rel string) bool {
	for name := range strings.SplitSeq(rel, "/") {
		if ignored(name) {
			return true
		}
	}
	return false
}

// walkEachInto records what walkInto does, through package os, skipping
// the entries that cannot be read.
func walkEachInto(snap snapshot, root string) {
	filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return nil
		}
		if p != root && ignored(d.Name()) {
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		if d.IsDir() {
			snap[p] = fileState{dir: true}
			return nil
		}
		info, err := d.Info()
		if err != nil {
			return nil
		}
		f := buildcache.File{Size: info.Size(), ModTime: info.ModTime().UnixNano()}
		if !info.Mode().IsRegular() {
			f.Sum = info.Mode().Type().String()
		}
		snap[p] = fileState{file: f}
		return nil
	})
}

// ignored names the files no build reads that editors write beside the
// ones being edited: hidden files (Vim's .swp, Emacs's .#locks, .git),
// backups ending in a tilde, Emacs's auto-saves (#article.yaml#),
// JetBrains' safe-write copies (article.yaml___jb_tmp___) and the file
// Vim writes to learn whether it may write in a folder (4913).
func ignored(name string) bool {
	return strings.HasPrefix(name, ".") || strings.HasSuffix(name, "~") ||
		len(name) > 1 && strings.HasPrefix(name, "#") && strings.HasSuffix(name, "#") ||
		strings.HasSuffix(name, "___jb_tmp___") || strings.HasSuffix(name, "___jb_old___") ||
		name == "4913"
}

// watch polls the content folder until ctx is done and rebuilds after a
// change. A change is built once two walks in a row agree, so that a save
// written in several steps, or several files saved together, leads to one
// build of the finished files rather than a build of a half-written one.
func (s *Server) watch(ctx context.Context) {
	wake := make(chan struct{}, 1)
	go notify(ctx, s.watched, wake)
	timer := time.NewTimer(s.opts.Poll)
	defer timer.Stop()
	due := time.Now().Add(s.opts.Poll)
	quiet := min(settle, s.opts.Poll)
	var pending snapshot
	notified := false // since the last walk
	for {
		select {
		case <-ctx.Done():
			return
		case <-wake:
			// Something changed: walk in a moment, which leaves a save in
			// progress the time to finish.
			notified = true
			if time.Until(due) > quiet {
				timer.Reset(quiet)
				due = time.Now().Add(quiet)
			}
			continue
		case <-timer.C:
		}
		start := time.Now()
		snap, listing := walk(s.opts.Root)
		took := time.Since(start)
		switch {
		case maps.Equal(snap, s.watched):
			pending = nil
		case pending == nil || !maps.Equal(snap, pending):
			pending = snap
		default:
			s.watched, pending = snap, nil
			s.rebuild(listing)
		}
		// The walk that may confirm a change comes soon, sooner when the
		// system told of it; else the wait follows the walk.
		wait := s.opts.Poll
		switch {
		case pending == nil:
			wait = max(idlePoll(s.opts.Poll, took, runtime.GOMAXPROCS(0)), s.idleWait)
		case notified:
			wait = quiet
		}
		notified = false
		timer.Reset(wait)
		due = time.Now().Add(wait)
	}
}

// settle is how long after a change the system reports the watcher
// walks, and then walks again to confirm it: a save in several steps
// (a temporary file written, then renamed over the saved one; files
// saved together) makes them within milliseconds of each other, and one
// still going on by then is seen by the second walk, which then does not
// agree with the first. Without notifications, changes wait for the
// polls, Options.Poll apart.
const settle = 100 * time.Millisecond

// idleWaitPerWalk is how many times as long as the CPU time of the last
// walk the wait for the next one is at least, while nothing changes:
// walks then take less than a tenth of a core. A walk lists folders on
// every core, so its CPU time is up to its wall time times the cores: a
// walk of 1,000 generated articles (14,000 files) takes about 50 ms on
// two, so that a change the system does not notify waits 1 s at most for
// the walk that sees it.
const idleWaitPerWalk = 10

// idlePoll returns how long to wait for the next walk while nothing
// changes, given the shortest interval, how long the last walk took and
// the cores it could walk on.
func idlePoll(poll, walk time.Duration, cores int) time.Duration {
	return max(poll, idleWaitPerWalk*walk*time.Duration(max(cores, 1)))
}

// notify sends on wake, without blocking, whenever the file system
// reports a change in one of the folders of the walk, until ctx is done.
// It watches the folders of snap, a walk's snapshot, and each new folder
// as it appears. It does what the system allows and gives up quietly on
// the rest: a folder it cannot watch is still walked.
func notify(ctx context.Context, snap snapshot, wake chan<- struct{}) {
	if !systemNotifies {
		return
	}
	w, err := fsnotify.NewWatcher()
	if err != nil {
		return
	}
	defer w.Close()
	watchFolders(w, snap)
	for {
		select {
		case <-ctx.Done():
			return
		case ev, ok := <-w.Events:
			if !ok {
				return
			}
			if ev.Has(fsnotify.Create) && !ignored(filepath.Base(ev.Name)) {
				if st, err := os.Lstat(ev.Name); err == nil && st.IsDir() {
					sub := snapshot{}
					walkInto(sub, ev.Name)
					watchFolders(w, sub)
				}
			}
		case _, ok := <-w.Errors:
			// An overflow loses events: the next walk finds the changes.
			if !ok {
				return
			}
		}
		select {
		case wake <- struct{}{}:
		default:
		}
	}
}

// watchFolders watches every folder of snap. A folder gone since the walk
// is passed over; any other refusal is the system out of watches, most
// likely, and the walks cover the folders left.
func watchFolders(w *fsnotify.Watcher, snap snapshot) {
	for p, st := range snap {
		if !st.dir {
			continue
		}
		if err := w.Add(p); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return
		}
	}
}
