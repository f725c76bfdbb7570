package output

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// CacheMarkerFile is written into every cache folder kbc makes. As for a
// site folder, a folder that is not empty and lacks it is not kbc's to
// write into: a build replaces and removes files of the cache folder by
// their names, which are common words.
const CacheMarkerFile = ".kbc-cache"

// ClaimCache checks that dir may be the cache folder of a build of the
// content folder contentRoot into the site folder out, and marks it as
// kbc's. It refuses a folder that overlaps the site folder, which every
// build replaces, or the content folder, and a folder that is not empty
// and has no marker file, unless ours says that every entry of it is a
// file kbc writes into a cache folder: the cache of a kbc from before the
// marker. A command that writes no site, as kbc lint, gives no out.
func ClaimCache(dir, out, contentRoot string, ours func(name string) bool) error {
	abs, err := realPath(dir)
	if err != nil {
		return err
	}
	for _, other := range []struct{ what, path string }{{"site folder", out}, {"content folder", contentRoot}} {
		if other.path == "" {
			continue
		}
		p, err := realPath(other.path)
		if err != nil {
			return err
		}
		if overlap(abs, p) {
			return fmt.Errorf("refusing to use %s as the cache folder: it overlaps the %s %s", dir, other.what, other.path)
		}
	}
	st, err := os.Stat(abs)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		if err := os.MkdirAll(abs, 0o755); err != nil {
			return err
		}
		return writeCacheMarker(abs)
	case err != nil:
		return err
	case !st.IsDir():
		return fmt.Errorf("refusing to use %s as the cache folder: it is not a folder", dir)
	}
	if _, err := os.Lstat(filepath.Join(abs, CacheMarkerFile)); err == nil {
		return nil
	}
	entries, err := os.ReadDir(abs)
	if err != nil {
		return err
	}
	for _, e := range entries {
		if e.Name() == FolderLockFile {
			continue // kbc's, and empty
		}
		if !e.Type().IsRegular() || !ours(filepath.Join(abs, e.Name())) {
			return fmt.Errorf("refusing to use %s as the cache folder: it is not empty and has no %s file, so kbc did not make it", dir, CacheMarkerFile)
		}
	}
	return writeCacheMarker(abs)
}

func writeCacheMarker(dir string) error {
	return os.WriteFile(filepath.Join(dir, CacheMarkerFile), []byte("kbc build cache; kbc replaces and removes the files of this folder\n"), 0o644)
}
