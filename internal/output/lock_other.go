//go:build !unix && !windows

package output

import "os"

// Locks says whether this system has file locks (see Lock).
const Locks = false

// noFollow is not a flag of this system's open: openLockFile looks
// before it opens.
const noFollow = 0

// tryLock does not lock: the system has no file locks (see Lock).
func tryLock(f *os.File) (busy bool, err error) { return false, nil }

func waitLock(f *os.File) error { return nil }
