package serve

import (
	"context"
	"io/fs"
	"maps"
	"path/filepath"
	"strings"
	"time"

	"github.com/kbcdev/kbc/locales"
)

// The content folder is watched by polling: every interval a walk stats
// each file and compares size, modification time and mode with the
// previous walk. A knowledge base is a few hundred small files, so the
// walk costs a fraction of a millisecond, and polling needs no new
// dependency. It also avoids what makes file-system notifications awkward
// here: inotify watches are per folder, so new article folders would have
// to be added as they appear; editors that save by writing a temporary
// file and renaming it replace the watched file; and bind mounts from
// containers and virtual machines often deliver no events at all.

// fileState is what a walk records of one file.
type fileState struct {
	size    int64
	modTime int64 // nanoseconds, so that states compare with ==
	mode    fs.FileMode
}

// snapshot maps each watched path to its state.
type snapshot map[string]fileState

// takeSnapshot walks the content folder and the knowledge base's own UI
// catalogs beside it. Unreadable entries are recorded as absent: the
// loader reports them when the build reads the tree.
func takeSnapshot(root string) snapshot {
	snap := snapshot{}
	walkInto(snap, root)
	walkInto(snap, locales.LocalDir(root))
	return snap
}

func walkInto(snap snapshot, root string) {
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
		info, err := d.Info()
		if err != nil {
			return nil
		}
		st := fileState{mode: info.Mode()}
		// A folder's size and time change with every save an editor makes
		// through a temporary file; its entries say all that matters.
		if !d.IsDir() {
			st.size, st.modTime = info.Size(), info.ModTime().UnixNano()
		}
		snap[p] = st
		return nil
	})
}

// ignored names the files no build reads that editors write beside the
// ones being edited: hidden files (Vim's .swp, Emacs's .#locks, .git) and
// backups ending in a tilde.
func ignored(name string) bool {
	return strings.HasPrefix(name, ".") || strings.HasSuffix(name, "~")
}

// watch polls the content folder until ctx is done and rebuilds after a
// change. A change is built once two walks in a row agree, so that a save
// written in several steps, or several files saved together, leads to one
// build of the finished files rather than a build of a half-written one.
func (s *Server) watch(ctx context.Context) {
	tick := time.NewTicker(s.opts.Poll)
	defer tick.Stop()
	var pending snapshot
	for {
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
		snap := takeSnapshot(s.opts.Root)
		if maps.Equal(snap, s.watched) {
			pending = nil
			continue
		}
		if pending == nil || !maps.Equal(snap, pending) {
			pending = snap
			continue
		}
		s.watched, pending = snap, nil
		s.rebuild()
	}
}
