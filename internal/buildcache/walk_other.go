//go:build !linux

package buildcache

// newWalker returns the walker of package os elsewhere than on Linux.
func newWalker(root string) (walker, error) { return newPortableWalker(root) }

// newInodeWalker lists every entry with all its stat data elsewhere than
// on Linux: the inode numbers ListInodes gives among them.
func newInodeWalker(root string) (walker, error) { return newPortableWalker(root) }
