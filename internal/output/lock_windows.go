package output

import (
	"errors"
	"os"

	"golang.org/x/sys/windows"
)

// Locks says whether this system has file locks (see Lock).
const Locks = true

// noFollow is not a flag of this system's open: openLockFile looks
// before it opens.
const noFollow = 0

// tryLock takes f's lock if no other process holds it, and reports
// whether one does.
func tryLock(f *os.File) (busy bool, err error) {
	err = lockFileEx(f, windows.LOCKFILE_EXCLUSIVE_LOCK|windows.LOCKFILE_FAIL_IMMEDIATELY)
	if errors.Is(err, windows.ERROR_LOCK_VIOLATION) {
		return true, nil
	}
	return false, err
}

// waitLock takes f's lock once the process that holds it lets go.
func waitLock(f *os.File) error { return lockFileEx(f, windows.LOCKFILE_EXCLUSIVE_LOCK) }

// lockFileEx locks the file's first byte, which stands for the folder.
func lockFileEx(f *os.File, flags uint32) error {
	return windows.LockFileEx(windows.Handle(f.Fd()), flags, 0, 1, 0, new(windows.Overlapped))
}
