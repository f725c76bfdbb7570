package build

import (
	"fmt"
	"strings"

	"github.com/kbcdev/kbc/internal/buildcache"
	"github.com/kbcdev/kbc/internal/content"
	"github.com/kbcdev/kbc/internal/diag"
)

// What a build reads from its cache folder is checked before it is used,
// as anything else read from disk: the checksum of a cache file proves
// only that the file is whole, not that kbc wrote it. A path it names that
// leads outside the folder it belongs to would have a build link, write or
// remove files elsewhere, so a cache that names one is discarded whole.

// errOutside is why a cache is discarded: it names a path outside the
// folder it belongs to.
func errOutside(what, p string) error {
	return fmt.Errorf("it names %q as %s, which is not a path inside that folder", p, what)
}

// check reports a path of the state that is not inside its folder.
func (st *state) check() error {
	for p := range st.Tree {
		if !buildcache.InsidePath(p) {
			return errOutside("a file of the content folder", p)
		}
	}
	for p := range st.Output {
		// Folders of the site end in a slash (see buildcache.List).
		if !buildcache.InsidePath(strings.TrimSuffix(p, "/")) {
			return errOutside("an entry of the site folder", p)
		}
	}
	return nil
}

// check reports a path of the pages that is not inside the site folder.
func (pg *pages) check() error {
	for p, r := range pg.Records {
		if !buildcache.InsidePath(p) {
			return errOutside("a page of the site folder", p)
		}
		for _, img := range r.Images {
			if !buildcache.InsidePath(img) {
				return errOutside("an image of the site folder", img)
			}
		}
	}
	for p := range pg.Files {
		if !buildcache.InsidePath(p) {
			return errOutside("a file of the site folder", p)
		}
	}
	return nil
}

// check reports an entry of the folders that is not what a build
// records: a folder that is not a top-level folder of the content folder,
// a path outside the content folder, an article file outside its folder,
// or an article id that is not one.
func (f *folders) check() error {
	for dir, e := range f.Folders {
		if !buildcache.InsidePath(dir) || strings.Contains(dir, "/") {
			return errOutside("an article folder of the content folder", dir)
		}
		for _, p := range e.Outside {
			if !buildcache.InsidePath(p) {
				return errOutside("a figure file of the content folder", p)
			}
		}
		if d := e.Digest; d != nil {
			switch {
			case !content.IsArticleID(d.ID):
				return fmt.Errorf("it names %q as an article id", d.ID)
			case d.Dir != dir:
				return errOutside("the folder of the article in "+dir, d.Dir)
			case !buildcache.InsidePath(d.File) || !strings.HasPrefix(d.File, dir+"/"):
				return errOutside("the file of the article in "+dir, d.File)
			case !insideOrNone(d.Pos.File):
				return errOutside("a file of the content folder", d.Pos.File)
			}
		}
		for _, d := range e.Findings {
			if err := checkFinding(d); err != nil {
				return err
			}
		}
	}
	return nil
}

// checkFinding reports a file of a recorded finding, or of a position it
// relates to, that is not inside the content folder.
func checkFinding(d diag.Diagnostic) error {
	if !insideOrNone(d.Pos.File) {
		return errOutside("the file of a finding", d.Pos.File)
	}
	for _, r := range d.Related {
		if !insideOrNone(r.Pos.File) {
			return errOutside("the file of a finding", r.Pos.File)
		}
	}
	return nil
}

func insideOrNone(p string) bool { return p == "" || buildcache.InsidePath(p) }
