//go:build !unix

package build_test

import "testing"

// inode stops the test where os.FileInfo carries no inode: the test
// follows one folder through renames, which only an inode can.
func inode(t *testing.T, p string) uint64 {
	t.Helper()
	t.Skip("no inodes on this system")
	return 0
}
