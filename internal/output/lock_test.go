package output

import (
	"os"
	"path/filepath"
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
