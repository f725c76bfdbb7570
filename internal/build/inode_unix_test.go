//go:build unix

package build_test

import (
	"os"
	"syscall"
	"testing"
)

// inode returns the inode of the file or folder at p.
func inode(t *testing.T, p string) uint64 {
	t.Helper()
	info, err := os.Lstat(p)
	if err != nil {
		t.Fatal(err)
	}
	return info.Sys().(*syscall.Stat_t).Ino
}
