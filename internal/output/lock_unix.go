//go:build unix

package output

import (
	"errors"
	"os"

	"golang.org/x/sys/unix"
)

// Locks says whether this system has file locks (see Lock).
const Locks = true

// noFollow has a lock file opened only if it is no symbolic link.
const noFollow = unix.O_NOFOLLOW

// tryLock takes f's lock if no other process holds it, and reports
// whether one does.
func tryLock(f *os.File) (busy bool, err error) {
	err = flock(f, unix.LOCK_EX|unix.LOCK_NB)
	if errors.Is(err, unix.EWOULDBLOCK) {
		return true, nil
	}
	return false, err
}

// waitLock takes f's lock once the process that holds it lets go.
func waitLock(f *os.File) error { return flock(f, unix.LOCK_EX) }

func flock(f *os.File, how int) error {
	for {
		err := unix.Flock(int(f.Fd()), how)
		if !errors.Is(err, unix.EINTR) {
			return err
		}
	}
}
