package output

import (
	"fmt"
	"os"
	"path/filepath"
	"sync"
)

// Lock keeps other kbc processes from writing a folder while one does:
// two builds into one site would remove each other's staging folder and
// interleave their swaps, and two builds with one cache would overwrite
// each other's records. The lock is held on a file that stays: a lock
// file removed while another process waits on it would let a third
// process lock a new file of the same name, and two hold the lock.
//
// On Unix the lock is flock(2), which the system releases when the
// process ends, however it ends; on Windows it is LockFileEx, likewise.
// Elsewhere (Plan 9, WebAssembly) there is no lock, and builds into one
// folder must not be run at the same time.
//
// A Lock is not for use by more than one goroutine.
type Lock struct{ f *os.File }

// LockSite takes the lock of the site folder target, held on a file
// beside it (the folder itself is replaced by every build). If another
// process holds it, waiting is called, and LockSite waits for it.
func LockSite(target string, waiting func()) (*Lock, error) {
	abs, err := filepath.Abs(target)
	if err != nil {
		return nil, err
	}
	if err := os.MkdirAll(filepath.Dir(abs), 0o755); err != nil {
		return nil, err
	}
	return lockFile(filepath.Join(filepath.Dir(abs), "."+filepath.Base(abs)+".kbc-lock"), waiting)
}

// LockFolder takes the lock of a folder kbc keeps as it is, such as the
// cache folder, held on a file inside it.
func LockFolder(dir string, waiting func()) (*Lock, error) {
	return lockFile(filepath.Join(dir, FolderLockFile), waiting)
}

// FolderLockFile is the lock file inside a folder LockFolder locks.
const FolderLockFile = ".kbc-lock"

// held lists the lock files this process holds. A process that asks
// again for a lock it holds would wait for itself forever; it is told
// instead.
var held = struct {
	sync.Mutex
	names map[string]bool
}{names: map[string]bool{}}

func lockFile(name string, waiting func()) (*Lock, error) {
	held.Lock()
	if held.names[name] {
		held.Unlock()
		return nil, fmt.Errorf("%s is locked by this process already: a build of it was not closed", name)
	}
	held.names[name] = true
	held.Unlock()
	f, err := openLockFile(name)
	if err == nil {
		var busy bool
		if busy, err = tryLock(f); err == nil && busy {
			if waiting != nil {
				waiting()
			}
			err = waitLock(f)
		}
		if err != nil {
			f.Close()
		}
	}
	if err != nil {
		held.Lock()
		delete(held.names, name)
		held.Unlock()
		return nil, err
	}
	return &Lock{f: f}, nil
}

// openLockFile opens the lock file, or creates it. A symbolic link there
// is refused, not followed: two lock files linked to one file would have
// a build wait on the lock it holds itself, as if another process held
// it, and a link could have kbc create a file anywhere.
func openLockFile(name string) (*os.File, error) {
	linked := fmt.Errorf("%s is a symbolic link; kbc locks only a file of its own there: remove the link", name)
	if isLink(name) {
		return nil, linked
	}
	f, err := os.OpenFile(name, os.O_RDWR|os.O_CREATE|noFollow, 0o644)
	if err != nil && isLink(name) { // made a link since it was looked at
		return nil, linked
	}
	return f, err
}

// isLink reports whether name is a symbolic link.
func isLink(name string) bool {
	st, err := os.Lstat(name)
	return err == nil && st.Mode()&os.ModeSymlink != 0
}

// TryLockFolder takes the lock of a folder LockFolder locks, if no
// process holds it: ok is false when one does, or when the folder has no
// lock file, as one no kbc process ever locked has not.
func TryLockFolder(dir string) (l *Lock, ok bool, err error) {
	name := filepath.Join(dir, FolderLockFile)
	if isLink(name) {
		return nil, false, nil
	}
	f, err := os.OpenFile(name, os.O_RDWR|noFollow, 0)
	if err != nil {
		return nil, false, nil
	}
	busy, err := tryLock(f)
	if err != nil || busy {
		f.Close()
		return nil, false, err
	}
	return &Lock{f: f}, true, nil
}

// Release lets the next process in; a nil lock is released already.
func (l *Lock) Release() error {
	if l == nil || l.f == nil {
		return nil
	}
	err := l.f.Close() // closing the file releases the lock
	held.Lock()
	delete(held.names, l.f.Name())
	held.Unlock()
	l.f = nil
	return err
}
