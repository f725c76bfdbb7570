//go:build !unix

package buildcache

import "os"

// statComplete: the system does not give change times and inode numbers
// through package os, so stat data cannot tell an edit that kept the
// modification time: every file is hashed on every scan.
const statComplete = false

// statFile returns the stat data of the file at path, without following a
// symbolic link, and whether it is a regular file.
func statFile(path string) (File, bool, error) {
	info, err := os.Lstat(path)
	if err != nil {
		return File{}, false, err
	}
	return File{Size: info.Size(), ModTime: info.ModTime().UnixNano()}, info.Mode().IsRegular(), nil
}

// openManifest opens the file at path for reading.
func openManifest(path string) (*os.File, error) { return os.Open(path) }
