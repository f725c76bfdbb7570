//go:build linux

package buildcache

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"

	"golang.org/x/sys/unix"
)

// newWalker returns a linuxWalker: on a large knowledge base it lists the
// content tree in about half the time package os takes, which stats each
// file by its full path and allocates for every entry.
func newWalker(root string) (walker, error) {
	fd, err := openFolder(unix.AT_FDCWD, root)
	if err != nil {
		return nil, &fs.PathError{Op: "open", Path: root, Err: err}
	}
	return &linuxWalker{root: root, rootFD: fd}, nil
}

// newInodeWalker returns a linuxWalker that, listing every entry, gives
// only the inode number of each, which getdents tells with the name:
// what ListInodes needs, without a stat per file. File systems give a
// file (not a folder) the same number there as in its stat data (so does
// overlayfs, which may not for folders); one that did not would only
// have its files linked again, a number matching no other file's.
func newInodeWalker(root string) (walker, error) {
	w, err := newWalker(root)
	if err != nil {
		return nil, err
	}
	w.(*linuxWalker).inodesOnly = true
	return w, nil
}

// linuxWalker lists folders with one system call per file: the entries of
// a folder come with their type (getdents), so subfolders need no stat,
// and each file is looked up relative to its open folder (fstatat).
type linuxWalker struct {
	root   string
	rootFD int
	all    bool // list every entry (see walker)
	// inodesOnly lists entries with their inode numbers alone (see
	// newInodeWalker).
	inodesOnly bool
	rel        []byte   // path of the entry being listed, relative to the root
	bufs       [][]byte // a getdents buffer for each depth of folder
}

func (w *linuxWalker) close() error { return unix.Close(w.rootFD) }

func (w *linuxWalker) walk(name string, all bool, emit func(rel []byte, f File)) error {
	w.all = all
	w.rel = append(w.rel[:0], name...)
	return w.folder(w.rootFD, name, 0, emit)
}

// folder lists the folder called name in the open folder parent; w.rel is
// its path.
func (w *linuxWalker) folder(parent int, name string, depth int, emit func(rel []byte, f File)) error {
	fd, err := openFolder(parent, name)
	if err == unix.ENOENT {
		return nil // removed while the tree was listed
	}
	if err != nil {
		return w.error("open", err)
	}
	defer unix.Close(fd)
	w.rel = append(w.rel, '/')
	if w.all {
		emit(w.rel, File{})
	}
	buf := w.buffer(depth)
	for {
		n, err := retry(func() (int, error) { return unix.Getdents(fd, buf) })
		if err != nil {
			return w.error("readdirent", err)
		}
		if n <= 0 {
			return nil
		}
		for recs := buf[:n]; len(recs) > 0; {
			name, typ, reclen, ok := parseDirent(recs)
			if !ok {
				return w.error("readdirent", fmt.Errorf("malformed entry"))
			}
			ino := binary.NativeEndian.Uint64(recs[direntIno:])
			recs = recs[reclen:]
			if err := w.entry(fd, name, typ, ino, depth, emit); err != nil {
				return err
			}
		}
	}
}

// entry lists one entry of the open folder dir, of type typ and inode
// number ino as the folder's listing gives them.
func (w *linuxWalker) entry(dir int, name []byte, typ uint8, ino uint64, depth int, emit func(rel []byte, f File)) error {
	if len(name) == 0 || string(name) == "." || string(name) == ".." {
		return nil // the folder itself or its parent
	}
	if name[0] == '.' && !w.all {
		return nil // hidden
	}
	base := len(w.rel)
	w.rel = append(w.rel, name...)
	defer func() { w.rel = w.rel[:base] }()
	if w.inodesOnly && typ != unix.DT_DIR && typ != unix.DT_UNKNOWN {
		emit(w.rel, File{Inode: ino})
		return nil
	}
	switch typ {
	case unix.DT_DIR:
		return w.folder(dir, string(name), depth+1, emit)
	case unix.DT_LNK:
		if !w.all {
			emit(w.rel, link(readlinkat(dir, string(name))))
			return nil
		}
	case unix.DT_REG, unix.DT_UNKNOWN:
	default: // a device, a socket, a named pipe…
		if !w.all {
			emit(w.rel, special(fs.ModeIrregular))
			return nil
		}
	}
	var st unix.Stat_t
	_, err := retry(func() (int, error) { return 0, unix.Fstatat(dir, string(name), &st, unix.AT_SYMLINK_NOFOLLOW) })
	if err == unix.ENOENT {
		return nil // removed since the folder was read
	}
	if err != nil {
		return w.error("lstat", err)
	}
	switch st.Mode & unix.S_IFMT {
	case unix.S_IFREG:
		emit(w.rel, fileOf(&st))
	case unix.S_IFDIR: // a file system that does not tell types
		return w.folder(dir, string(name), depth+1, emit)
	case unix.S_IFLNK:
		if w.all {
			emit(w.rel, fileOf(&st))
		} else {
			emit(w.rel, link(readlinkat(dir, string(name))))
		}
	default:
		if w.all {
			emit(w.rel, fileOf(&st))
		} else {
			emit(w.rel, special(fs.ModeIrregular))
		}
	}
	return nil
}

// buffer returns the getdents buffer of a depth: a folder is listed while
// its parent's entries are still in theirs.
func (w *linuxWalker) buffer(depth int) []byte {
	for len(w.bufs) <= depth {
		w.bufs = append(w.bufs, make([]byte, 8192))
	}
	return w.bufs[depth]
}

func (w *linuxWalker) error(op string, err error) error {
	return &fs.PathError{Op: op, Path: filepath.Join(w.root, filepath.FromSlash(string(w.rel))), Err: err}
}

// openFolder opens the folder called name in the open folder parent,
// without following a symbolic link.
func openFolder(parent int, name string) (int, error) {
	return retry(func() (int, error) {
		return unix.Openat(parent, name, unix.O_RDONLY|unix.O_DIRECTORY|unix.O_NOFOLLOW|unix.O_CLOEXEC, 0)
	})
}

// Layout of a struct linux_dirent64, as getdents writes them one after
// the other: inode (8 bytes), offset (8), record length (2), type (1),
// then the name, NUL-terminated and padded.
const (
	direntIno    = 0
	direntReclen = 16
	direntType   = 18
	direntName   = 19
)

// parseDirent returns the name and type of the first entry of recs, and
// the length of its record; ok is false when recs does not hold one.
func parseDirent(recs []byte) (name []byte, typ uint8, reclen int, ok bool) {
	if len(recs) < direntName {
		return nil, 0, 0, false
	}
	reclen = int(binary.NativeEndian.Uint16(recs[direntReclen:]))
	if reclen < direntName || reclen > len(recs) {
		return nil, 0, 0, false
	}
	name = recs[direntName:reclen]
	for i, c := range name {
		if c == 0 {
			name = name[:i]
			break
		}
	}
	return name, recs[direntType], reclen, true
}

// retry calls f again while a signal interrupts it.
func retry(f func() (int, error)) (int, error) {
	for {
		n, err := f()
		if !errors.Is(err, unix.EINTR) {
			return n, err
		}
	}
}

// maxLink bounds the target of a symbolic link readlinkat reads: the
// system's own bound is a few KiB.
const maxLink = 1 << 16

// readlinkat returns where the symbolic link name in the open folder dir
// points.
func readlinkat(dir int, name string) (string, error) {
	buf := make([]byte, 256)
	for {
		n, err := retry(func() (int, error) { return unix.Readlinkat(dir, name, buf) })
		if err != nil {
			return "", err
		}
		if n < len(buf) {
			return string(buf[:n]), nil
		}
		if len(buf) >= maxLink {
			return "", unix.ENAMETOOLONG
		}
		buf = make([]byte, 2*len(buf))
	}
}
