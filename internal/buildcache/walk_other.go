//go:build !linux

package buildcache

// newWalker returns the walker of package os elsewhere than on Linux.
func newWalker(root string) (walker, error) { return newPortableWalker(root) }
