package build

import (
	"fmt"
	"strings"

	"github.com/kbcdev/kbc/internal/buildcache"
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
