//go:build unix

package contentfile

import (
	"bytes"
	"io/fs"
	"syscall"
)

func readLimited(path string, limit int64, buf *bytes.Buffer) error {
	var fd int
	// Without O_NONBLOCK, opening a named pipe waits for a writer, for
	// ever; with it, the open returns at once and the check below refuses
	// the pipe. It changes nothing for a regular file.
	err := retryInterrupted(func() (err error) {
		fd, err = syscall.Open(path, syscall.O_RDONLY|syscall.O_CLOEXEC|syscall.O_NONBLOCK, 0)
		return err
	})
	if err == syscall.ENXIO {
		// What opening a socket file returns.
		err = ErrNotRegular
	}
	if err != nil {
		return &fs.PathError{Op: "open", Path: path, Err: err}
	}
	defer syscall.Close(fd)
	var st syscall.Stat_t
	if err := syscall.Fstat(fd, &st); err != nil {
		return &fs.PathError{Op: "read", Path: path, Err: err}
	}
	// A folder is left to fail at the read, as through an os.File.
	if m := st.Mode & syscall.S_IFMT; m != syscall.S_IFREG && m != syscall.S_IFDIR {
		return &fs.PathError{Op: "open", Path: path, Err: ErrNotRegular}
	}
	// Room for the whole file and the read that finds its end.
	buf.Grow(int(min(st.Size, limit)) + bytes.MinRead)
	for left := limit; left > 0; {
		buf.Grow(bytes.MinRead)
		space := buf.AvailableBuffer()
		space = space[:min(int64(cap(space)), left, maxRead)]
		var n int
		err := retryInterrupted(func() (err error) {
			n, err = syscall.Read(fd, space)
			return err
		})
		if err != nil {
			return &fs.PathError{Op: "read", Path: path, Err: err}
		}
		if n == 0 {
			return nil
		}
		buf.Write(space[:n])
		left -= int64(n)
		if n < len(space) && limit-left == st.Size {
			// A regular file's reads come short only at its end: the
			// read that would find it is spared. A file that grew since
			// its stat is read on.
			return nil
		}
	}
	return nil
}

// maxRead bounds the bytes of one read: some systems, such as macOS,
// refuse a read of 2 GiB or more, which package os splits as this does.
var maxRead int64 = 1 << 30 // a variable, for tests to split reads

// retryInterrupted calls f again for as long as a signal interrupts it,
// as package os does.
func retryInterrupted(f func() error) error {
	for {
		if err := f(); err != syscall.EINTR {
			return err
		}
	}
}
