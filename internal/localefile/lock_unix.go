//go:build unix

package localefile

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"time"

	"golang.org/x/sys/unix"
)

// How long an import waits for another to release a locale file, and how
// often it looks. An import holds its files while it lints the knowledge
// base, a matter of seconds for the largest.
var (
	lockWait = 30 * time.Second
	lockPoll = 10 * time.Millisecond
)

// lockFile opens the file at path and takes an exclusive advisory lock on
// it with flock(2), waiting while another import holds it. The lock is
// advisory: another kbc import waits for it, an editor does not (the
// check before the rename is for those). An import that held the lock
// renamed its new file into place, so the lock obtained after waiting may
// be on a file that the name no longer names: then the file is opened and
// locked again. It returns nil when there is no file at path.
func lockFile(path string) (*os.File, error) {
	deadline := time.Now().Add(lockWait)
	for {
		f, err := os.Open(path)
		if errors.Is(err, fs.ErrNotExist) {
			return nil, nil
		}
		if err != nil {
			return nil, err
		}
		if err := flock(f, deadline); err != nil {
			f.Close()
			return nil, err
		}
		held, err := f.Stat()
		if err != nil {
			f.Close()
			return nil, err
		}
		named, err := os.Stat(path)
		if err == nil && os.SameFile(held, named) {
			return f, nil
		}
		f.Close()
		if err != nil && !errors.Is(err, fs.ErrNotExist) {
			return nil, err
		}
	}
}

// flock takes the lock on f, trying until the deadline. It polls rather
// than blocks, so that an import stuck while holding a lock makes the
// others fail, not hang.
func flock(f *os.File, deadline time.Time) error {
	conn, err := f.SyscallConn()
	if err != nil {
		return err
	}
	for {
		var lockErr error
		if err := conn.Control(func(fd uintptr) { lockErr = unix.Flock(int(fd), unix.LOCK_EX|unix.LOCK_NB) }); err != nil {
			return err
		}
		switch {
		case lockErr == nil:
			return nil
		case !errors.Is(lockErr, unix.EWOULDBLOCK) && !errors.Is(lockErr, unix.EINTR):
			return &os.PathError{Op: "flock", Path: f.Name(), Err: lockErr}
		case time.Now().After(deadline):
			return fmt.Errorf("%s: another import has held it for %v; try again when it is done", f.Name(), lockWait)
		}
		time.Sleep(lockPoll)
	}
}
