package content

import (
	"bytes"
	"io"
	"os"
)

// ReadLimited appends at most limit bytes of the file at path to buf.
// Errors are *fs.PathError, as package os returns them, with Op "open"
// or "read".
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
	if st, err := f.Stat(); err == nil {
		buf.Grow(int(min(st.Size(), limit)) + bytes.MinRead)
	}
	_, err = buf.ReadFrom(io.LimitReader(f, limit))
	return err
}
