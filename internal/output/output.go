// Package output writes the site folder of a build so that no one, reader
// or writer, ever finds it half written, and guards the folders kbc
// writes to.
//
// A build writes the new site into a staging folder beside the site
// (Staging), full or incremental alike: an incremental build links there
// the files of the site that stay as they are (Keep). Commit swaps the
// staging folder in whole, in one system call where the system can; a
// build failing or killed at any point leaves the previous site or the
// new one, never a mix, and a failed swap never removes the previous site.
// The journal (WriteJournal) spans the swap and the writing of the cache
// that describes the new site, so that a build that finds it knows the
// cache may describe another site.
//
// An incremental build keeps the site it replaced beside the target and
// makes it the next one's staging folder (ReuseStaging): only what changed
// between the two is written, linked or removed, so that an edit costs
// what it changes rather than a link per file of the site.
//
// A site folder that is not kbc's (CheckTarget) and a cache folder that is
// not kbc's (ClaimCache) are refused: each is kbc's when it holds kbc's
// marker file. A lock on each (Lock) keeps two kbc processes from writing
// them at once.
//
// Builds pass named stages (Stage) on the way; tests stop or fail a build
// at one through StageHook, to see what it leaves behind.
package output

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
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
	if overlap(abs, croot) {
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

// SiteFolder returns the folder a build whose output folder is out writes
// the site to: out, or, when out is a symbolic link, the folder the link
// leads to (made where it leads, when it leads nowhere). A build replaces
// the site folder whole, by renaming: done at the link, the swap would
// replace the link by the new site and leave the old one, which the link
// led to, to be removed as the replaced site. The link stays as it is and
// leads to the new site.
//
// The path is cleaned first: with a trailing slash or dot (public/,
// public/.), the system follows a link to a folder, so that the link
// would pass for the folder and be swapped itself.
func SiteFolder(out string) (string, error) {
	out = filepath.Clean(out)
	st, err := os.Lstat(out)
	if err != nil || st.Mode()&os.ModeSymlink == 0 {
		return out, nil
	}
	return realPath(out)
}

// realPath returns the absolute path with symbolic links resolved as far
// as the path exists, a link to nowhere included: what a folder made at p
// would be.
func realPath(p string) (string, error) {
	return realPathDepth(p, 0)
}

// maxLinks is how many links to nowhere realPath follows, as the system
// stops at a loop.
const maxLinks = 40

func realPathDepth(p string, depth int) (string, error) {
	abs, err := filepath.Abs(p)
	if err != nil {
		return "", err
	}
	rest := ""
	for dir := abs; ; dir = filepath.Dir(dir) {
		if r, err := filepath.EvalSymlinks(dir); err == nil {
			return filepath.Join(r, rest), nil
		}
		if target, err := os.Readlink(dir); err == nil && depth < maxLinks {
			if !filepath.IsAbs(target) {
				target = filepath.Join(filepath.Dir(dir), target)
			}
			return realPathDepth(filepath.Join(target, rest), depth+1)
		}
		if filepath.Dir(dir) == dir {
			return abs, nil
		}
		rest = filepath.Join(filepath.Base(dir), rest)
	}
}

// overlap reports whether one of the folders a and b is the other or lies
// inside it: by their names, and by the identity of the folders that
// exist, which a file system that ignores case or Unicode normalization
// (macOS, Windows) lets names hide: there content/Public and Content/public
// are one folder.
func overlap(a, b string) bool {
	return a == b || within(a, b) || within(b, a) || inside(a, b) || inside(b, a)
}

// inside reports whether p, or the nearest of its folders that exists, is
// the folder dir or lies inside it, by the identity of the folders.
func inside(p, dir string) bool {
	d, err := os.Stat(dir)
	if err != nil || !d.IsDir() {
		return false
	}
	for q := p; ; q = filepath.Dir(q) {
		if st, err := os.Stat(q); err == nil && os.SameFile(st, d) {
			return true
		}
		if filepath.Dir(q) == q {
			return false
		}
	}
}

// within reports whether p lies strictly inside dir.
func within(dir, p string) bool {
	rel, err := filepath.Rel(dir, p)
	return err == nil && rel != "." && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) && !filepath.IsAbs(rel)
}

// Staging is a folder beside the target that a build writes into before
// it is swapped in whole.
type Staging struct {
	Dir, target string
	// dirs are the folders made, so that each is made once (MakeDir): a
	// map under a lock, as a sync.Map's nodes take twice the memory, 15
	// against 7 MB for the 120,000 folders of a site of 20,000 articles.
	dirsMu sync.Mutex
	dirs   map[string]struct{}
	// Reused is set when the staging folder is the site an earlier build
	// replaced (ReuseStaging), not an empty folder.
	Reused bool
	// KeepReplaced asks Commit to keep the site it replaces beside the
	// target for the next build to reuse, rather than remove it: an
	// incremental build's staging folder shares most of its files with
	// the site, so keeping the replaced one costs little disk.
	KeepReplaced bool
	// Leftover says what of the sites earlier builds replaced could not be
	// removed, such as a folder its owner made read-only: each build would
	// otherwise leave one more copy of the site beside it in silence.
	// The next build tries again.
	Leftover error
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
	leftover := cleanLeftovers(abs)
	dir, err := os.MkdirTemp(filepath.Dir(abs), "."+filepath.Base(abs)+newSuffix)
	if err != nil {
		return nil, err
	}
	if err := os.Chmod(dir, 0o755); err != nil {
		os.RemoveAll(dir)
		return nil, err
	}
	return &Staging{Dir: dir, target: abs, Leftover: leftover}, nil
}

// Discard removes the staging folder: after a failed build, or after a
// swap, when it holds the previous site, which it notes in Leftover when
// it cannot.
func (s *Staging) Discard() {
	if err := removeTree(s.Dir); err != nil {
		s.Leftover = errors.Join(s.Leftover, fmt.Errorf("%s (%w)", s.Dir, err))
	}
}

// removeTree removes the folder dir and everything in it, a top-level
// entry on each of several goroutines: a site has tens of thousands of
// files, and removing them is waiting on the file system more than work.
// Anything at dir that is not a folder, a symbolic link to one included,
// is removed itself: reading the folder a link leads to would empty it.
func removeTree(dir string) error {
	if st, err := os.Lstat(dir); err != nil || !st.IsDir() {
		return os.RemoveAll(dir)
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return os.RemoveAll(dir)
	}
	var wg sync.WaitGroup
	for _, e := range entries {
		wg.Go(func() { removeAll(filepath.Join(dir, e.Name())) })
	}
	wg.Wait()
	return removeAll(dir)
}

// removeAll is os.RemoveAll; tests replace it to fail as a folder made
// read-only by its owner does, which no test run as root can make.
var removeAll = os.RemoveAll

// errNoExchange is returned by exchange where the system or the file
// system cannot swap two folders in one step.
var errNoExchange = errors.New("the file system cannot exchange two folders")

// exchangeFolders is exchange; tests replace it to take the other way.
var exchangeFolders = exchange

// Commit writes the marker and puts the staged site in the target's
// place, and removes the previous site.
//
// Where the system can (Linux, macOS), the two folders are exchanged in
// one step, so that the target is at every instant one site or the
// other, whole. Elsewhere, or on a file system that cannot exchange, the
// previous site is renamed aside and the new one renamed in: a build
// killed between the two renames leaves no site at the target, and the
// next build (NewStaging) puts the previous one back first. A commit that
// fails never removes the previous site: it is in place, or, when even
// putting it back failed, kept aside for the next build to put back.
func (s *Staging) Commit() error {
	if err := writeMarker(s.Dir); err != nil {
		s.Discard()
		return err
	}
	if err := Reached(StageStaged); err != nil {
		s.Discard()
		return err
	}
	if _, err := os.Lstat(s.target); errors.Is(err, fs.ErrNotExist) {
		if err := os.Rename(s.Dir, s.target); err != nil {
			s.Discard()
			return err
		}
		return nil
	}
	err := exchangeFolders(s.Dir, s.target)
	if errors.Is(err, errNoExchange) {
		return s.renameTwice()
	}
	if err != nil {
		s.Discard()
		return err
	}
	// The staging folder holds the previous site now. The new site is in
	// place: removing or keeping the previous one is tidying up, which the
	// next build does if this one cannot.
	_ = Reached(StageSwap)
	s.keepAside()
	return nil
}

// renameTwice swaps the staged site in where the folders cannot be
// exchanged (see Commit).
func (s *Staging) renameTwice() error {
	aside, err := os.MkdirTemp(filepath.Dir(s.target), "."+filepath.Base(s.target)+oldSuffix)
	if err != nil {
		s.Discard()
		return err
	}
	old := filepath.Join(aside, asideSite)
	if err := os.Rename(s.target, old); err != nil {
		os.Remove(aside)
		s.Discard()
		return err
	}
	err = Reached(StageSwap)
	if err == nil {
		err = os.Rename(s.Dir, s.target)
	}
	if err != nil {
		s.Discard()
		if rerr := os.Rename(old, s.target); rerr != nil {
			return fmt.Errorf("%w; the previous site could not be put back (%v): it is kept in %s, and the next build puts it back", err, rerr, old)
		}
		os.Remove(aside)
		return err
	}
	removeTree(aside)
	return nil
}

// writeMarker writes the marker file into the site folder dir.
func writeMarker(dir string) error {
	// In a reused staging folder the marker is the replaced site's.
	if err := os.Remove(filepath.Join(dir, MarkerFile)); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	return os.WriteFile(filepath.Join(dir, MarkerFile), []byte("built by kbc; this folder is replaced whole on every build\n"), 0o644)
}

// Names of the folders a build makes beside the target: the staging
// folder, and the folder the previous site is set aside in while the
// folders are swapped by renaming twice.
const (
	newSuffix = ".kbc-new-"
	oldSuffix = ".kbc-old-"
	asideSite = "site" // the previous site, inside the set-aside folder
)

// cleanLeftovers tidies what a build killed before it could clean up left
// beside the target: staging folders, and folders a previous site was set
// aside in. When there is no site at the target, a build was killed
// between the two renames of a swap (see Commit): the previous site is
// put back. A set-aside site is removed only once a site is in place.
// Their names are kbc's own, so nothing else is touched; the caller holds
// the target's lock (see Lock), so they are no other build's.
func cleanLeftovers(target string) (notRemoved error) {
	parent := filepath.Dir(target)
	entries, err := os.ReadDir(parent)
	if err != nil {
		return nil
	}
	base := "." + filepath.Base(target)
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), base+oldSuffix) {
			aside := filepath.Join(parent, e.Name())
			if _, err := os.Lstat(target); errors.Is(err, fs.ErrNotExist) {
				os.Rename(filepath.Join(aside, asideSite), target)
			}
			if _, err := os.Lstat(target); err == nil {
				os.RemoveAll(aside)
			}
		}
	}
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), base+newSuffix) {
			dir := filepath.Join(parent, e.Name())
			if err := removeAll(dir); err != nil {
				notRemoved = errors.Join(notRemoved, fmt.Errorf("%s (%w)", dir, err))
			}
		}
	}
	return notRemoved
}

// KeepAll keeps the target's files at the paths rels (see Keep), on
// several goroutines: a site has tens of thousands of files, and linking
// them is waiting on the file system more than work. Each goroutine takes
// a run of paths at a time, so that, with rels sorted, the files of a
// folder are linked one after the other rather than all at once.
func (s *Staging) KeepAll(rels []string) error {
	const run = 32
	errs := make([]error, len(rels))
	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(4*runtime.GOMAXPROCS(0), (len(rels)+run-1)/run) {
		wg.Go(func() {
			for start := int(next.Add(run)) - run; start < len(rels); start = int(next.Add(run)) - run {
				for i := start; i < min(start+run, len(rels)); i++ {
					errs[i] = s.Keep(rels[i])
				}
			}
		})
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

// Keep puts the target's file at rel, a slash-separated path inside it,
// into the staging folder as it is: a hard link, so that an incremental
// build stages the whole site without copying what did not change; a copy
// where the file system has no hard links.
func (s *Staging) Keep(rel string) error {
	to, err := s.path(rel)
	if err != nil {
		return err
	}
	from := filepath.Join(s.target, filepath.FromSlash(rel))
	if err := s.MakeDir(filepath.Dir(to)); err != nil {
		return err
	}
	err = os.Link(from, to)
	if err != nil && !errors.Is(err, fs.ErrNotExist) && !errors.Is(err, fs.ErrExist) {
		err = copyFile(from, to)
	}
	return err
}

// MakeDir makes a folder inside the staging folder and its parents, each
// once per build, with one mkdir call: a page has a folder of its own, and
// asking the file system again about folders already made costs more than
// writing the page. It is safe for use by several goroutines.
func (s *Staging) MakeDir(dir string) error {
	if dir == s.Dir {
		return nil
	}
	s.dirsMu.Lock()
	_, made := s.dirs[dir]
	s.dirsMu.Unlock()
	if made {
		return nil
	}
	if !within(s.Dir, dir) {
		return fmt.Errorf("%s is not inside the staging folder %s", dir, s.Dir)
	}
	if err := s.MakeDir(filepath.Dir(dir)); err != nil {
		return err
	}
	if err := os.Mkdir(dir, 0o755); err != nil && !errors.Is(err, fs.ErrExist) {
		return err
	}
	s.dirsMu.Lock()
	if s.dirs == nil {
		s.dirs = map[string]struct{}{}
	}
	s.dirs[dir] = struct{}{}
	s.dirsMu.Unlock()
	return nil
}

// forgetDir forgets that MakeDir made the folder dir, once removed.
func (s *Staging) forgetDir(dir string) {
	s.dirsMu.Lock()
	delete(s.dirs, dir)
	s.dirsMu.Unlock()
}

// copyFile copies the regular file at from to the new file to.
func copyFile(from, to string) error {
	if st, err := os.Lstat(from); err != nil {
		return err
	} else if !st.Mode().IsRegular() {
		return fmt.Errorf("%s is not a regular file", from)
	}
	src, err := os.Open(from)
	if err != nil {
		return err
	}
	defer src.Close()
	dst, err := os.OpenFile(to, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return err
	}
	if _, err := io.Copy(dst, src); err != nil {
		dst.Close()
		return err
	}
	return dst.Close()
}
