// Package output writes the site folder of a build so that no one, reader
// or writer, ever finds it half written: a build writes into a staging
// folder beside the site, and the staging folder is swapped in whole. It
// also guards the folders kbc writes to: a folder that is not kbc's to
// replace is refused.
package output

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// MarkerFile is written at the top of every site kbc builds. A folder that
// is not empty and lacks it is not kbc's to replace.
const MarkerFile = ".kbc-site"

// CheckTarget refuses output folders that replacing whole would destroy
// something that is not a kbc site: the root, the home folder, a
// repository root, the content folder or anything holding or inside it,
// and any non-empty folder without the marker file.
func CheckTarget(out, contentRoot string) error {
	abs, err := realPath(out)
	if err != nil {
		return err
	}
	croot, err := realPath(contentRoot)
	if err != nil {
		return err
	}
	if abs == filepath.Dir(abs) {
		return fmt.Errorf("refusing to write the site to %s: it is the file system root", out)
	}
	if home, err := os.UserHomeDir(); err == nil {
		if h, err := realPath(home); err == nil && h == abs {
			return fmt.Errorf("refusing to write the site to %s: it is the home folder", out)
		}
	}
	if abs == croot || Within(croot, abs) || Within(abs, croot) {
		return fmt.Errorf("refusing to write the site to %s: it overlaps the content folder %s", out, contentRoot)
	}
	for _, name := range []string{"go.mod", ".git"} {
		if _, err := os.Lstat(filepath.Join(abs, name)); err == nil {
			return fmt.Errorf("refusing to write the site to %s: it holds %s, so it looks like a repository root", out, name)
		}
	}
	st, err := os.Lstat(abs)
	switch {
	case errors.Is(err, os.ErrNotExist):
		return nil
	case err != nil:
		return err
	case !st.IsDir():
		return fmt.Errorf("refusing to write the site to %s: it is not a folder", out)
	}
	entries, err := os.ReadDir(abs)
	if err != nil {
		return err
	}
	if len(entries) == 0 {
		return nil
	}
	if _, err := os.Stat(filepath.Join(abs, MarkerFile)); err != nil {
		return fmt.Errorf("refusing to replace %s: it is not empty and has no %s file, so kbc did not build it", out, MarkerFile)
	}
	return nil
}

// realPath returns the absolute path with symbolic links resolved as far
// as the path exists.
func realPath(p string) (string, error) {
	abs, err := filepath.Abs(p)
	if err != nil {
		return "", err
	}
	rest := ""
	for dir := abs; ; dir = filepath.Dir(dir) {
		if r, err := filepath.EvalSymlinks(dir); err == nil {
			return filepath.Join(r, rest), nil
		}
		if filepath.Dir(dir) == dir {
			return abs, nil
		}
		rest = filepath.Join(filepath.Base(dir), rest)
	}
}

// Within reports whether p lies strictly inside dir.
func Within(dir, p string) bool {
	rel, err := filepath.Rel(dir, p)
	return err == nil && rel != "." && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) && !filepath.IsAbs(rel)
}

// Staging is a folder beside the target that a build writes into before
// it is swapped in whole.
type Staging struct {
	Dir, target string
}

// NewStaging makes a staging folder beside target.
func NewStaging(target string) (*Staging, error) {
	abs, err := filepath.Abs(target)
	if err != nil {
		return nil, err
	}
	if err := os.MkdirAll(filepath.Dir(abs), 0o755); err != nil {
		return nil, err
	}
	removeLeftovers(abs)
	dir, err := os.MkdirTemp(filepath.Dir(abs), "."+filepath.Base(abs)+".kbc-new-")
	if err != nil {
		return nil, err
	}
	if err := os.Chmod(dir, 0o755); err != nil {
		os.RemoveAll(dir)
		return nil, err
	}
	return &Staging{Dir: dir, target: abs}, nil
}

// Discard removes the staging folder after a failed build.
func (s *Staging) Discard() { os.RemoveAll(s.Dir) }

// Commit writes the marker and swaps the staged site into place: the old
// site is renamed aside, the new one renamed in, the old one removed. If
// the second rename fails the old site is put back.
func (s *Staging) Commit() error {
	if err := WriteMarker(s.Dir); err != nil {
		s.Discard()
		return err
	}
	var old string
	if _, err := os.Lstat(s.target); err == nil {
		aside, err := os.MkdirTemp(filepath.Dir(s.target), "."+filepath.Base(s.target)+".kbc-old-")
		if err != nil {
			s.Discard()
			return err
		}
		old = filepath.Join(aside, "site")
		if err := os.Rename(s.target, old); err != nil {
			os.Remove(aside)
			s.Discard()
			return err
		}
		defer os.RemoveAll(aside)
	}
	if err := os.Rename(s.Dir, s.target); err != nil {
		if old != "" {
			_ = os.Rename(old, s.target)
		}
		s.Discard()
		return err
	}
	return nil
}

// WriteMarker writes the marker file into the site folder dir.
func WriteMarker(dir string) error {
	return os.WriteFile(filepath.Join(dir, MarkerFile), []byte("built by kbc; this folder is replaced whole on every build\n"), 0o644)
}

// removeLeftovers removes the staging and set-aside folders that a build
// killed before it could clean up left beside the target. Their names are
// kbc's own, so nothing else is touched; builds into one folder are not
// meant to run at the same time.
func removeLeftovers(target string) {
	entries, err := os.ReadDir(filepath.Dir(target))
	if err != nil {
		return
	}
	base := "." + filepath.Base(target)
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), base+".kbc-new-") || strings.HasPrefix(e.Name(), base+".kbc-old-") {
			os.RemoveAll(filepath.Join(filepath.Dir(target), e.Name()))
		}
	}
}
