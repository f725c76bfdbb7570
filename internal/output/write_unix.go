//go:build unix

package output

import (
	"errors"
	"io"
	"io/fs"

	"golang.org/x/sys/unix"
)

// writeFile writes data as the file at path, as os.WriteFile does with
// mode 0o644, through plain system calls: an os.File first tries to
// register each file with the network poller, which costs five more
// system calls per file, and a site is tens of thousands of files.
func writeFile(path string, data []byte) error {
	fd, err := retry(func() (int, error) {
		return unix.Open(path, unix.O_WRONLY|unix.O_CREAT|unix.O_TRUNC|unix.O_CLOEXEC, 0o644)
	})
	if err != nil {
		return &fs.PathError{Op: "open", Path: path, Err: err}
	}
	for len(data) > 0 {
		n, err := retry(func() (int, error) { return unix.Write(fd, data[:min(len(data), maxRW)]) })
		if err == nil && n == 0 {
			err = io.ErrShortWrite
		}
		if err != nil {
			unix.Close(fd)
			return &fs.PathError{Op: "write", Path: path, Err: err}
		}
		data = data[n:]
	}
	if err := unix.Close(fd); err != nil {
		return &fs.PathError{Op: "close", Path: path, Err: err}
	}
	return nil
}

// maxRW bounds the bytes of one write: some systems, such as macOS,
// refuse a write of 2 GiB or more, which package os splits as this does.
var maxRW = 1 << 30 // a variable, for tests to split writes

// retry calls f again while a signal interrupts it.
func retry(f func() (int, error)) (int, error) {
	for {
		n, err := f()
		if !errors.Is(err, unix.EINTR) {
			return n, err
		}
	}
}
