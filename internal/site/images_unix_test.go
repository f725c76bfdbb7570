//go:build unix

package site

import (
	"errors"
	"path/filepath"
	"testing"

	"golang.org/x/sys/unix"

	"github.com/kbcdev/kbc/internal/contentfile"
)

// A named pipe where an image file was is refused, not waited on for a
// writer that never comes.
func TestWithFileBytesRefusesANamedPipe(t *testing.T) {
	path := filepath.Join(t.TempDir(), "login.svg")
	if err := unix.Mkfifo(path, 0o644); err != nil {
		t.Fatal(err)
	}
	called := false
	err := withFileBytes(path, func([]byte) error { called = true; return nil })
	if !errors.Is(err, contentfile.ErrNotRegular) || called {
		t.Errorf("error %v, use called %v; want it refused as not a regular file", err, called)
	}
}
