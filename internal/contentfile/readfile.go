package contentfile

import (
	"bytes"
	"errors"
	"io"
	"os"
)

// ErrNotRegular is the error ReadLimited returns for a named pipe, a
// socket or a device: reading one could wait for ever or never end, and
// none is a file of the content tree. A folder gives the error reading it
// gives, "is a directory".
var ErrNotRegular = errors.New("not a regular file")

// ReadLimited appends at most limit bytes of the regular file at path to
// buf. Errors are *fs.PathError, as package os returns them, with Op
// "open" or "read"; a file that is neither a regular one nor a folder is
// refused with ErrNotRegular before anything is read.
//
// A content tree is tens of thousands of small files, read once each. On
// Unix the file is read with plain system calls: an os.File costs more
// than such a read, as it tries to register each file with the network
// poller and sets a finalizer on it.
func ReadLimited(path string, limit int64, buf *bytes.Buffer) error {
	return readLimited(path, limit, buf)
}

// readLimitedPortable is ReadLimited through an os.File.
func readLimitedPortable(path string, limit int64, buf *bytes.Buffer) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return err
	}
	if !st.Mode().IsRegular() && !st.IsDir() {
		// A folder fails to read, with the error the system gives.
		return &os.PathError{Op: "open", Path: path, Err: ErrNotRegular}
	}
	buf.Grow(int(min(st.Size(), limit)) + bytes.MinRead)
	_, err = buf.ReadFrom(io.LimitReader(f, limit))
	return err
}
