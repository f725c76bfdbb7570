package output

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/kbcdev/kbc/internal/buildcache"
)

// spareSuffix names the folder beside the target where an incremental
// build keeps the site it replaced (see ReuseStaging).
const spareSuffix = ".kbc-spare"

// spareDir returns the folder the site a build replaced is kept in.
func spareDir(target string) string {
	return filepath.Join(filepath.Dir(target), "."+filepath.Base(target)+spareSuffix)
}

// ReuseStaging is NewStaging, except that the site the last incremental
// build replaced, when it kept one (see Staging.KeepReplaced), becomes the
// staging folder. Most of its files are hard links to the site's, so
// bringing it up to the new site costs what changed; staging the site
// afresh costs a link and a folder for every file of it.
//
// What the kept site holds is not trusted: Reused reports that the
// staging folder has content, and the caller must remove from it what is
// not the site's own (see Staging.Remove) before writing into it.
func ReuseStaging(target string) (*Staging, error) {
	abs, err := filepath.Abs(target)
	if err != nil {
		return nil, err
	}
	s, err := NewStaging(abs)
	if err != nil {
		return nil, err
	}
	spare := spareDir(abs)
	st, err := os.Lstat(spare)
	if err != nil || !st.IsDir() {
		os.Remove(spare) // a file or a link where the folder belongs
		return s, nil
	}
	// The kept site takes the staging folder's name, which is kbc's to
	// clean up after a build that is killed. The lock on the target keeps
	// the name from being taken meanwhile. Where the rename fails, the
	// build stages afresh.
	if err := os.Remove(s.Dir); err != nil {
		return s, nil
	}
	if err := os.Rename(spare, s.Dir); err != nil {
		if err := os.Mkdir(s.Dir, 0o755); err != nil {
			return nil, err
		}
		return s, nil
	}
	if err := os.Chmod(s.Dir, 0o755); err != nil {
		s.Discard()
		return nil, err
	}
	s.Reused = true
	return s, nil
}

// SpareInodes lists by inode (buildcache.ListInodes) the site the last
// incremental build kept beside target, which ReuseStaging makes the
// staging folder, or returns nil when there is none. A build may list it
// while it does other work, before ReuseStaging: the listing names each
// entry by its path inside the folder, which the rename leaves as it is.
// The listing is no more trusted than the folder (see ReuseStaging).
func SpareInodes(target string) (buildcache.Tree, error) {
	abs, err := filepath.Abs(target)
	if err != nil {
		return nil, err
	}
	spare := spareDir(abs)
	if st, err := os.Lstat(spare); err != nil || !st.IsDir() {
		return nil, nil
	}
	return buildcache.ListInodes(spare)
}

// Remove removes the entry at rel, a slash-separated path inside the
// staging folder, and everything under it when it is a folder. A link is
// removed, never followed.
func (s *Staging) Remove(rel string) error {
	p, err := s.path(rel)
	if err != nil {
		return err
	}
	if err := os.RemoveAll(p); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	s.forgetDir(p)
	return nil
}

// RemoveEmptyDir removes the folder at rel inside the staging folder when
// it is empty, and reports whether it did. Anything else at rel is left
// as it is: a build may have written a file where the kept site had a
// folder.
func (s *Staging) RemoveEmptyDir(rel string) bool {
	p, err := s.path(rel)
	if err != nil {
		return false
	}
	if st, err := os.Lstat(p); err != nil || !st.IsDir() {
		return false
	}
	if os.Remove(p) != nil {
		return false
	}
	s.forgetDir(p)
	return true
}

// WriteFile writes data as the file at path inside the staging folder,
// making its folder. In a reused staging folder the path may be a hard
// link to the site's own file: that link is removed first, so that the
// write makes a new file and never changes the site in place.
func (s *Staging) WriteFile(path string, data []byte) error {
	if err := s.MakeDir(filepath.Dir(path)); err != nil {
		return err
	}
	if s.Reused {
		if err := os.RemoveAll(path); err != nil {
			return err
		}
	}
	return writeFile(path, data)
}

// path returns the file path of rel, a slash-separated path inside the
// staging folder.
func (s *Staging) path(rel string) (string, error) {
	if !buildcache.LocalPath(rel) {
		return "", fmt.Errorf("%q is not a path inside the site", rel)
	}
	return filepath.Join(s.Dir, filepath.FromSlash(rel)), nil
}

// keepAside puts the site this commit replaced, now in the staging
// folder, where the next incremental build reuses it (ReuseStaging).
// Where it cannot, the replaced site is removed, as it is when the build
// does not keep it.
func (s *Staging) keepAside() {
	spare := spareDir(s.target)
	removeTree(spare)
	if !s.KeepReplaced || os.Rename(s.Dir, spare) != nil {
		s.Discard()
	}
}
