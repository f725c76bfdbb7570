package buildcache

import (
	"crypto/sha256"
	"errors"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"time"
)

// racyWindow is how close to the previous scan a modification time must be
// for the file to be hashed again although its size and time match.
const racyWindow = time.Second

// Scan fingerprints every regular file under root, skipping names that
// start with a dot (editor and system files, as the loader does). Other
// entries, which the loader reports rather than reads (a symbolic link, a
// named pipe…), are in the tree too, never opened: their Sum names their
// kind (see Special), so that one added, removed or replaced is a change. prev is
// the tree of the previous scan, taken at prevAt; its hashes are reused
// for files whose stat data are unchanged, unless they changed within
// racyWindow of that scan.
//
// When no file was added, removed or changed, Scan returns prev itself:
// on a large knowledge base, building a second tree of every file and
// comparing the two (Equal knows a tree at once from itself) would cost
// a no-op build as much as reading its cache. So neither prev nor the
// tree returned may be modified afterwards.
func Scan(root string, prev Tree, prevAt time.Time) (Tree, error) {
	return scan(root, prev, prevAt, newWalker)
}

// scan is Scan listing folders with the walkers newWalker returns.
func scan(root string, prev Tree, prevAt time.Time, newWalker func(root string) (walker, error)) (Tree, error) {
	s := newScanner(root, prev, prevAt)
	s.newWalker = newWalker
	parts, err := s.list()
	if err != nil {
		return nil, err
	}
	return s.fingerprint(parts)
}

// A Listing is the files under Root as ListFiles gave them, listed from
// At on.
type Listing struct {
	Root  string
	Files Tree
	At    time.Time
}

// ListAt lists the files under root as ListFiles does, noting when it
// began: a Listing that ScanListing can take in place of a walk.
func ListAt(root string) (*Listing, error) {
	at := time.Now()
	files, err := ListFiles(root)
	if err != nil {
		return nil, err
	}
	return &Listing{Root: root, Files: files, At: at}, nil
}

// ScanListing is Scan with the listing l in place of a walk of l.Root:
// for a caller that has just listed the folder, as kbc serve's watcher
// has before each build, which at 5,000 articles saves a walk of 60,000
// files. The files are those of l, with the stat data it gives; a file
// changed since is seen by the next listing, as one changed during a
// Scan is by the next Scan. The tree returned is to be recorded as
// scanned at l.At.
func ScanListing(l *Listing, prev Tree, prevAt time.Time) (Tree, error) {
	s := newScanner(l.Root, prev, prevAt)
	part := make([]scanned, 0, len(l.Files))
	for rel, f := range l.Files {
		old, ok := prev[rel]
		sc := s.compare(old, ok, f)
		sc.rel = rel
		part = append(part, sc)
	}
	return s.fingerprint([][]scanned{part})
}

// newScanner returns a scanner of the folder root that compares with
// prev, the tree of a scan taken at prevAt.
func newScanner(root string, prev Tree, prevAt time.Time) *scanner {
	s := &scanner{root: root, prev: prev}
	if !prevAt.IsZero() {
		s.racyFrom = prevAt.Add(-racyWindow).UnixNano()
		s.checkRacy = true
	}
	return s
}

// fingerprint returns the tree of the files the scanner found, hashing
// those whose hash is not known: prev itself when nothing changed.
func (s *scanner) fingerprint(parts [][]scanned) (Tree, error) {
	if len(s.prev) > 0 && unchanged(parts, len(s.prev)) {
		return s.prev, nil
	}
	var stale []string
	tree := make(Tree, count(parts))
	for _, part := range parts {
		for _, f := range part {
			tree[f.rel] = f.file
			if f.stale {
				stale = append(stale, f.rel)
			}
		}
	}
	if err := hashFiles(s.root, stale, tree); err != nil {
		return nil, err
	}
	return tree, nil
}

// ListFiles returns the files Scan fingerprints, with their stat data
// and no hash: regular files, and other entries as Scan records them,
// hidden names skipped. It reads nothing, so that a watcher may list a
// large content folder often to tell that something in it changed.
func ListFiles(root string) (Tree, error) {
	return listFiles(root, newWalker)
}

// listFiles is ListFiles listing folders with the walkers newWalker
// returns.
func listFiles(root string, newWalker func(root string) (walker, error)) (Tree, error) {
	s := &scanner{root: root, newWalker: newWalker}
	parts, err := s.list()
	if err != nil {
		return nil, err
	}
	return treeOf(parts), nil
}

// List returns the stat data of every entry under root, without reading
// or hashing anything: files, symbolic links and other entries, hidden or
// not, and folders, whose paths end in a slash and whose stat data are
// left out (what changes in a folder is seen in its entries, and a stat
// of every folder would cost a no-op build a fifth more). It is what a build
// records of the site folder it wrote, so that the next build knows that
// nothing in it changed (see File.sameStat and Tree.SameStat), and which
// files did (Tree.Changed).
func List(root string) (Tree, error) {
	return list(root, newWalker)
}

// ListInodes returns the entries under root as List does, each with its
// inode number alone, which on Linux comes with the folder's listing: a
// file is known to be another's hard link by it, without the stat of
// every file a List costs.
func ListInodes(root string) (Tree, error) {
	return list(root, newInodeWalker)
}

// list is List listing folders with the walkers newWalker returns.
func list(root string, newWalker func(root string) (walker, error)) (Tree, error) {
	s := &scanner{root: root, newWalker: newWalker, all: true}
	parts, err := s.list()
	if err != nil {
		return nil, err
	}
	return treeOf(parts), nil
}

// treeOf returns the tree of the entries a scanner found.
func treeOf(parts [][]scanned) Tree {
	tree := make(Tree, count(parts))
	for _, part := range parts {
		for _, f := range part {
			tree[f.rel] = f.file
		}
	}
	return tree
}

// SameStat reports whether two trees of List hold the same entries with
// the same stat data.
func (t Tree) SameStat(u Tree) bool {
	if len(t) != len(u) {
		return false
	}
	for p, f := range t {
		if g, ok := u[p]; !ok || !g.sameStat(f) {
			return false
		}
	}
	return true
}

// Changed returns the paths of the files (not folders) of t that u, a
// later tree of List, does not hold with the same stat data.
func (t Tree) Changed(u Tree) map[string]bool {
	changed := map[string]bool{}
	for p, f := range t {
		if strings.HasSuffix(p, "/") {
			continue
		}
		if g, ok := u[p]; !ok || !g.sameStat(f) {
			changed[p] = true
		}
	}
	return changed
}

// scanner is one Scan or List: the tree it compares with, and what it
// found.
type scanner struct {
	root      string
	prev      Tree
	newWalker func(root string) (walker, error)
	checkRacy bool
	racyFrom  int64 // nanoseconds; a file modified after is racy
	all       bool  // list every entry, as List does
}

// scanned is a file found by a scanner; stale when its hash is still to
// be computed, and differs when it is an entry that is not a regular file
// and the previous scan had it otherwise.
type scanned struct {
	rel     string
	file    File
	stale   bool
	differs bool
}

// file returns what is known of the file at rel from its stat data f:
// the hash recorded by the previous scan when it may be trusted, else a
// file marked stale. The path is left for the caller to fill in.
func (s *scanner) file(rel []byte, f File) scanned {
	old, ok := s.prev[string(rel)]
	return s.compare(old, ok, f)
}

// compare returns what is known of a file from its stat data f, given
// what the previous scan had at its path (old, if ok), as file does.
func (s *scanner) compare(old File, ok bool, f File) scanned {
	if f.Sum != "" { // an entry that is not a regular file
		return scanned{file: f, differs: !ok || old != f}
	}
	racy := s.checkRacy && (f.ModTime > s.racyFrom || f.CTime > s.racyFrom)
	if ok && statComplete && old.sameStat(f) && !racy {
		f.Sum = old.Sum
		return scanned{file: f}
	}
	return scanned{file: f, stale: true}
}

// list returns every regular file under the root but those whose name, or
// a folder's on the way, starts with a dot. The top-level folders (one
// per article) are listed concurrently: on a large knowledge base the
// listing, one stat per file, is most of a no-op build. There are more
// workers than cores because listing is mostly waiting on the file
// system: on a cold cache, on the disk.
func (s *scanner) list() ([][]scanned, error) {
	top, err := os.ReadDir(s.root)
	if err != nil {
		return nil, err
	}
	if !s.all {
		top = visible(top)
	}
	parts := make([][]scanned, len(top))
	errs := make([]error, len(top))
	work := make(chan int)
	var wg sync.WaitGroup
	for range min(4*runtime.GOMAXPROCS(0), max(len(top), 1)) {
		wg.Go(func() {
			w, err := s.newWalker(s.root)
			if err != nil {
				for i := range work {
					errs[i] = err
				}
				return
			}
			defer w.close()
			var sc scratch
			for i := range work {
				parts[i], errs[i] = s.listTop(w, top[i], &sc)
			}
		})
	}
	for i := range top {
		work <- i
	}
	close(work)
	wg.Wait()
	if err := firstError(errs); err != nil {
		return nil, err
	}
	return parts, nil
}

// listTop lists one entry of the root: a file, or a folder and the files
// under it. The scratch space of the worker is reused from one entry to
// the next, so that an entry costs two allocations: its files, and their
// paths as one string.
func (s *scanner) listTop(w walker, d fs.DirEntry, sc *scratch) ([]scanned, error) {
	sc.files, sc.paths, sc.ends = sc.files[:0], sc.paths[:0], sc.ends[:0]
	emit := func(rel []byte, f File) {
		sc.files = append(sc.files, s.file(rel, f))
		sc.paths = append(sc.paths, rel...)
		sc.ends = append(sc.ends, len(sc.paths))
	}
	switch {
	case d.IsDir():
		if err := w.walk(d.Name(), s.all, emit); err != nil {
			return nil, err
		}
	default:
		f, regular, err := statFile(filepath.Join(s.root, d.Name()))
		if errors.Is(err, fs.ErrNotExist) {
			return nil, nil // removed since the root was read
		}
		if err != nil {
			return nil, err
		}
		switch {
		case regular || s.all:
		case d.Type()&fs.ModeSymlink != 0:
			f = link(os.Readlink(filepath.Join(s.root, d.Name())))
		default:
			f = special(d.Type())
		}
		emit([]byte(d.Name()), f)
	}
	out := slices.Clone(sc.files)
	paths, start := string(sc.paths), 0
	for i, end := range sc.ends {
		out[i].rel = paths[start:end]
		start = end
	}
	return out, nil
}

// scratch is where a worker collects the files of a top-level entry.
type scratch struct {
	files []scanned
	paths []byte
	ends  []int
}

// walker lists the files under one top-level folder of a root, calling
// emit with each file's slash-separated path relative to the root (valid
// only during the call) and stat data. Names that start with a dot are
// skipped; symbolic links and other entries that are not regular files
// are emitted as special gives them, never followed or opened. With all, as
// for List, every entry is listed, hidden or not, folders too (their
// paths end in a slash, their stat data left out), and links and other
// entries as they are.
type walker interface {
	walk(name string, all bool, emit func(rel []byte, f File)) error
	close() error
}

// portableWalker lists folders through package os, and looks each file up
// with statFile.
type portableWalker struct{ root string }

func newPortableWalker(root string) (walker, error) { return portableWalker{root}, nil }

func (portableWalker) close() error { return nil }

func (w portableWalker) walk(name string, all bool, emit func(rel []byte, f File)) error {
	return w.folder(name, all, emit)
}

// folder lists the folder at rel, a slash-separated path inside the root.
func (w portableWalker) folder(rel string, all bool, emit func(rel []byte, f File)) error {
	entries, err := os.ReadDir(filepath.Join(w.root, filepath.FromSlash(rel)))
	if errors.Is(err, fs.ErrNotExist) {
		return nil // removed while the tree was listed
	}
	if err != nil {
		return err
	}
	if all {
		emit([]byte(rel+"/"), File{})
	}
	for _, d := range entries {
		name := d.Name()
		if strings.HasPrefix(name, ".") && !all {
			continue
		}
		p := rel + "/" + name
		switch {
		case d.IsDir():
			if err := w.folder(p, all, emit); err != nil {
				return err
			}
		case d.Type().IsRegular() || all:
			f, regular, err := statFile(filepath.Join(w.root, filepath.FromSlash(p)))
			if errors.Is(err, fs.ErrNotExist) {
				continue // removed since the folder was read
			}
			if err != nil {
				return err
			}
			if !regular && !all {
				f = special(fs.ModeIrregular)
			}
			emit([]byte(p), f)
		case d.Type()&fs.ModeSymlink != 0:
			emit([]byte(p), link(os.Readlink(filepath.Join(w.root, filepath.FromSlash(p)))))
		default:
			emit([]byte(p), special(d.Type()))
		}
	}
	return nil
}

// Sums of the entries of a scanned tree that are not regular files.
const (
	SymbolicLink = "(symbolic link)"
	NotRegular   = "(not a regular file)"
)

// special returns what Scan records of an entry of type typ that is not a
// regular file, a symbolic link or a folder: its kind, and no stat data,
// since the loader reports such an entry whatever it holds.
func special(typ fs.FileMode) File {
	if typ&fs.ModeSymlink != 0 {
		return File{Sum: SymbolicLink}
	}
	return File{Sum: NotRegular}
}

// link returns what Scan records of a symbolic link to target: its kind
// and the hash of where it points, so that a link pointed elsewhere is a
// change. The loader refuses a link where it reads YAML, but a figure may
// be a link to an image inside the content folder, which a build
// publishes: what a link leads to is the business of those that depend
// on it (see File.IsLink).
func link(target string, err error) File {
	if err != nil {
		return File{Sum: SymbolicLink} // removed or replaced while listed
	}
	return File{Sum: SymbolicLink + " " + Sum([]byte(target))}
}

// IsLink reports whether the entry is a symbolic link.
func (f File) IsLink() bool { return strings.HasPrefix(f.Sum, SymbolicLink) }

// AnyLinked reports whether one of the paths is Linked.
func (t Tree) AnyLinked(paths []string) bool {
	return slices.ContainsFunc(paths, t.Linked)
}

// Linked reports whether the path p, slash-separated and relative to the
// scanned root, is a symbolic link or lies behind one: what it leads to
// may change while the tree stays the same.
func (t Tree) Linked(p string) bool {
	for q := path.Clean(p); q != "." && q != "/" && q != ".." && !strings.HasPrefix(q, "../"); q = path.Dir(q) {
		if t[q].IsLink() {
			return true
		}
	}
	return false
}

// visible returns the entries whose name does not start with a dot.
func visible(entries []fs.DirEntry) []fs.DirEntry {
	var out []fs.DirEntry
	for _, d := range entries {
		if !strings.HasPrefix(d.Name(), ".") {
			out = append(out, d)
		}
	}
	return out
}

// firstError returns the first error of errs: one failing folder is
// enough to give up, and every worker may fail alike.
func firstError(errs []error) error {
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

// unchanged reports whether the files found are those of the previous
// tree, of n files, unchanged: as many, each found there with its hash
// kept. Paths found are distinct, so no file of the previous tree is
// missing.
func unchanged(parts [][]scanned, n int) bool {
	if count(parts) != n {
		return false
	}
	for _, part := range parts {
		for _, f := range part {
			if f.stale || f.differs {
				return false
			}
		}
	}
	return true
}

func count(parts [][]scanned) int {
	n := 0
	for _, p := range parts {
		n += len(p)
	}
	return n
}

// hashFiles fills in the sums of the files at the given paths of tree,
// each reader through a buffer of its own. There are more readers than
// cores, as in list: a reader spends most of a small file's time in
// opening, reading and closing it: four per core took a third less
// time than one (BenchmarkScanCold).
func hashFiles(root string, paths []string, tree Tree) error {
	sums := make([]string, len(paths))
	errs := make([]error, len(paths))
	work := make(chan int)
	var wg sync.WaitGroup
	for range min(4*runtime.GOMAXPROCS(0), max(len(paths), 1)) {
		wg.Go(func() {
			h, buf := sha256.New(), make([]byte, hashBuffer)
			for i := range work {
				p := paths[i]
				sums[i], errs[i] = sumFile(filepath.Join(root, filepath.FromSlash(p)), tree[p].Size, h, buf)
			}
		})
	}
	for i := range paths {
		work <- i
	}
	close(work)
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return err
	}
	for i, p := range paths {
		f := tree[p]
		f.Sum = sums[i]
		tree[p] = f
	}
	return nil
}

// hashBuffer is the size of the buffer each core reads files through
// while hashing them: a content file of a few pages in one read.
const hashBuffer = 64 << 10

// Stat returns the stat data of the file at path, as List would give it;
// a link is not followed.
func Stat(path string) (File, error) {
	f, _, err := statFile(path)
	return f, err
}
