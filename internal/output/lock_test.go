package output

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestLockIsExclusive takes a site's lock, and sees another holder of the
// lock file told that it is busy until the first lets go; the lock file
// stays, beside the site.
func TestLockIsExclusive(t *testing.T) {
	target := filepath.Join(t.TempDir(), "public")
	l, err := LockSite(target, func() { t.Error("waited for a lock no one held") })
	if err != nil {
		t.Fatal(err)
	}
	// Another process opens the lock file on its own.
	other, err := os.Open(filepath.Join(filepath.Dir(target), ".public.kbc-lock"))
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	if busy, err := tryLock(other); err != nil || !busy {
		t.Fatalf("tryLock while the lock is held: busy %v, %v", busy, err)
	}
	if err := l.Release(); err != nil {
		t.Fatal(err)
	}
	if busy, err := tryLock(other); err != nil || busy {
		t.Fatalf("tryLock once the lock is released: busy %v, %v", busy, err)
	}
}

// TestLockTwiceInOneProcessFails: a build that asks for a lock its own
// process holds is told, rather than waiting for itself forever.
func TestLockTwiceInOneProcessFails(t *testing.T) {
	dir := t.TempDir()
	l, err := LockFolder(dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := LockFolder(dir, func() { t.Error("waited for itself") }); err == nil {
		t.Fatal("a second lock of the same folder in one process succeeded")
	}
	l.Release()
	again, err := LockFolder(dir, nil)
	if err != nil {
		t.Fatalf("the lock once released: %v", err)
	}
	again.Release()
}

// TestLockFileThatIsALinkIsRefused: lock files linked to one file would
// have a build wait for the lock it holds itself; a link there is refused,
// and the file it leads to is neither locked nor made.
func TestLockFileThatIsALinkIsRefused(t *testing.T) {
	dir := t.TempDir()
	shared := filepath.Join(dir, "shared.lock")
	cache := filepath.Join(dir, "cache")
	if err := os.Mkdir(cache, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(shared, filepath.Join(cache, FolderLockFile)); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(shared, filepath.Join(dir, ".public.kbc-lock")); err != nil {
		t.Fatal(err)
	}
	for what, lock := range map[string]func() (*Lock, error){
		"cache": func() (*Lock, error) { return LockFolder(cache, func() { t.Error("waited") }) },
		"site":  func() (*Lock, error) { return LockSite(filepath.Join(dir, "public"), func() { t.Error("waited") }) },
	} {
		l, err := lock()
		if err == nil {
			l.Release()
			t.Errorf("%s: a lock file that is a link was locked", what)
		} else if want := "is a symbolic link; kbc locks only a file of its own there: remove the link"; !strings.Contains(err.Error(), want) {
			t.Errorf("%s: %v, want it to say %q", what, err, want)
		}
	}
	if _, err := os.Lstat(shared); err == nil {
		t.Error("the file the links lead to was made")
	}
}
