//go:build unix

package buildcache

import (
	"io/fs"
	"os"

	"golang.org/x/sys/unix"
)

// statComplete: the system gives every file's change time and inode
// number, so stat data tell an edit (see the package comment).
const statComplete = true

// statFile returns the stat data of the file at path, without following a
// symbolic link, and whether it is a regular file.
func statFile(path string) (File, bool, error) {
	var st unix.Stat_t
	for {
		err := unix.Lstat(path, &st)
		if err == unix.EINTR {
			continue
		}
		if err != nil {
			return File{}, false, &fs.PathError{Op: "lstat", Path: path, Err: err}
		}
		return fileOf(&st), st.Mode&unix.S_IFMT == unix.S_IFREG, nil
	}
}

// fileOf returns the stat data of st.
func fileOf(st *unix.Stat_t) File {
	return File{Size: st.Size, ModTime: st.Mtim.Nano(), CTime: st.Ctim.Nano(), Inode: uint64(st.Ino)}
}

// openManifest opens the file at path for reading. Without O_NONBLOCK,
// opening a named pipe put in a manifest's place would wait for a writer,
// for ever; with it, the open returns at once and Load refuses what is
// not a regular file. It changes nothing for a regular file.
func openManifest(path string) (*os.File, error) {
	return os.OpenFile(path, os.O_RDONLY|unix.O_NONBLOCK, 0)
}
