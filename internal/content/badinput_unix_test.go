//go:build unix

package content

import (
	"net"
	"os"
	"path/filepath"
	"syscall"
	"testing"
)

// makeFIFO makes a named pipe at path. Opening one for reading waits for
// a writer, which never comes.
func makeFIFO(t *testing.T, path string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := syscall.Mkfifo(path, 0o644); err != nil {
		t.Fatal(err)
	}
}

// makeSocket makes a Unix socket at path, which cannot be opened at all.
func makeSocket(t *testing.T, path string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("unix", path)
	if err != nil {
		t.Fatal(err)
	}
	// Closing the listener would remove the socket file.
	ln.(*net.UnixListener).SetUnlinkOnClose(false)
	ln.Close()
}
