//go:build unix

package localefile

import (
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// An import waiting for a lock while the one holding it renames its new
// file into place ends up holding the lock of the new file, not of the
// old one, which no name leads to any more.
func TestLockFileFollowsTheFileThatReplacedIt(t *testing.T) {
	p := filepath.Join(t.TempDir(), "fr.yaml")
	if err := os.WriteFile(p, []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	held, err := lockFile(p)
	if err != nil {
		t.Fatal(err)
	}
	got := make(chan string)
	go func() {
		f, err := lockFile(p)
		if err != nil {
			got <- err.Error()
			return
		}
		defer f.Close()
		b, _ := io.ReadAll(f)
		got <- string(b)
	}()
	time.Sleep(50 * time.Millisecond) // for the other to open the old file
	tmp, err := WriteTemp(p, []byte("new"), 0o644)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(tmp, p); err != nil {
		t.Fatal(err)
	}
	held.Close()
	if s := <-got; s != "new" {
		t.Errorf("the waiting import holds a file that reads %q, want the new one", s)
	}
}

// An import does not wait forever for a lock that another holds.
func TestLockFileGivesUp(t *testing.T) {
	defer func(w time.Duration) { lockWait = w }(lockWait)
	lockWait = 50 * time.Millisecond
	p := filepath.Join(t.TempDir(), "fr.yaml")
	if err := os.WriteFile(p, []byte("lang: fr\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	held, err := lockFile(p)
	if err != nil {
		t.Fatal(err)
	}
	defer held.Close()
	if f, err := lockFile(p); err == nil || !strings.Contains(err.Error(), "another import has held it for 50ms") {
		t.Errorf("second lock: %v, %v", f, err)
	}
	if f, err := lockFile(filepath.Join(filepath.Dir(p), "hu.yaml")); f != nil || err != nil {
		t.Errorf("a missing file: %v, %v", f, err)
	}
}
