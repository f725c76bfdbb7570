//go:build linux

package buildcache

import (
	"hash"
	"io/fs"

	"golang.org/x/sys/unix"
)

// sumFile returns the sum of the content of the file at path, as Sum
// gives it, reading it through buf into h. size is the file's size as
// listed: a read that comes short once that much is read ends the file,
// as a regular file's reads come short only at its end, and a file that
// grew since it was listed is read to its end. A scan hashes every file of
// the content folder: os.ReadFile takes ten system calls for a small file
// (five of them to try to register it with the network poller, a stat,
// and the read that finds the end) and a buffer the size of the file;
// sumFile takes three and reuses its buffer.
//
// The file is opened without blocking, so that a named pipe put in a
// file's place since the listing fails the read rather than waits for a
// writer for ever.
func sumFile(path string, size int64, h hash.Hash, buf []byte) (string, error) {
	fd, err := retry(func() (int, error) {
		return unix.Open(path, unix.O_RDONLY|unix.O_CLOEXEC|unix.O_NONBLOCK, 0)
	})
	if err != nil {
		return "", &fs.PathError{Op: "open", Path: path, Err: err}
	}
	defer unix.Close(fd)
	h.Reset()
	var read int64
	for {
		n, err := retry(func() (int, error) { return unix.Read(fd, buf) })
		if err != nil {
			return "", &fs.PathError{Op: "read", Path: path, Err: err}
		}
		if n <= 0 {
			break
		}
		h.Write(buf[:n])
		if read += int64(n); n < len(buf) && read == size {
			break
		}
	}
	return sumOf(h), nil
}
