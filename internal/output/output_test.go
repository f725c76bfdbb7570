package output

import (
	"maps"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kbcdev/kbc/internal/buildcache"
)

// site writes a small site into a staging folder for target and returns it.
func stage(t *testing.T, target, page string) *Staging {
	t.Helper()
	st, err := NewStaging(target)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(st.Dir, "index.html"), []byte(page), 0o644); err != nil {
		t.Fatal(err)
	}
	return st
}

func readPage(t *testing.T, site string) string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(site, "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

// findPage returns the folders beside target, target included, whose
// index.html holds page.
func findPage(t *testing.T, parent, page string) []string {
	t.Helper()
	var found []string
	filepath.WalkDir(parent, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && d.Name() == "index.html" {
			if data, _ := os.ReadFile(p); string(data) == page {
				found = append(found, filepath.Dir(p))
			}
		}
		return nil
	})
	return found
}

// renameTwice makes commits swap by renaming twice, as where the system
// cannot exchange two folders.
func renameTwice(t *testing.T) {
	exchangeFolders = func(a, b string) error { return errNoExchange }
	t.Cleanup(func() { exchangeFolders = exchange })
}

func setHook(t *testing.T, hook func(Stage) error) {
	t.Helper()
	StageHook = hook
	t.Cleanup(func() { StageHook = nil })
}

// TestFailedSwapKeepsThePreviousSite makes both the swap and its rollback
// fail: something takes the site's place while it is set aside. The
// commit fails, and the previous site must still be on disk, where the
// next build puts it back once the place is free.
func TestFailedSwapKeepsThePreviousSite(t *testing.T) {
	renameTwice(t)
	parent := t.TempDir()
	target := filepath.Join(parent, "public")
	if err := stage(t, target, "previous").Commit(); err != nil {
		t.Fatal(err)
	}
	setHook(t, func(s Stage) error {
		if s != StageSwap {
			return nil
		}
		// Something else now sits at the target, so neither the new
		// site nor the previous one can be renamed there.
		os.RemoveAll(target)
		os.MkdirAll(filepath.Join(target, "other"), 0o755)
		return nil
	})
	if err := stage(t, target, "new").Commit(); err == nil {
		t.Fatal("the commit succeeded with the site's place taken")
	}
	StageHook = nil
	if found := findPage(t, parent, "previous"); len(found) != 1 {
		t.Fatalf("the previous site is in %v after the failed commit, want one copy", found)
	}
	if err := os.RemoveAll(target); err != nil {
		t.Fatal(err)
	}
	// The next build finds the previous site set aside and the place
	// free: it puts the site back before anything else.
	st, err := NewStaging(target)
	if err != nil {
		t.Fatal(err)
	}
	st.Discard()
	if got := readPage(t, target); got != "previous" {
		t.Fatalf("the site after the next build started: %q, want the previous one", got)
	}
	entries, _ := os.ReadDir(parent)
	for _, e := range entries {
		if strings.Contains(e.Name(), ".kbc-") {
			t.Errorf("leftover %s", e.Name())
		}
	}
}

// killed stands for SIGKILL in a stage hook: the commit stops there, with
// nothing cleaned up.
type killed struct{}

// commitKilledAt commits st and stops it at the stage as a kill would.
func commitKilledAt(t *testing.T, st *Staging, stage Stage) {
	t.Helper()
	setHook(t, func(s Stage) error {
		if s == stage {
			panic(killed{})
		}
		return nil
	})
	defer func() {
		StageHook = nil
		if r := recover(); r != (killed{}) {
			t.Fatalf("the commit did not reach %s: %v", stage, r)
		}
	}()
	st.Commit()
}

// TestKilledRenameTwiceIsPutBack kills a swap by two renames between
// them: no site is at the target then, and the next build puts the
// previous one back before anything else.
func TestKilledRenameTwiceIsPutBack(t *testing.T) {
	renameTwice(t)
	target := filepath.Join(t.TempDir(), "public")
	if err := stage(t, target, "previous").Commit(); err != nil {
		t.Fatal(err)
	}
	commitKilledAt(t, stage(t, target, "new"), StageSwap)
	if _, err := os.Lstat(target); !os.IsNotExist(err) {
		t.Fatalf("a site is at the target between the two renames: %v", err)
	}
	st, err := NewStaging(target)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Discard()
	if got := readPage(t, target); got != "previous" {
		t.Fatalf("the site after the next build started: %q, want the previous one", got)
	}
}

// SpareInodes lists the site a commit kept aside as ReuseStaging then
// finds it, under the staging folder's name: the same paths and inodes.
func TestSpareInodesListsTheKeptSiteAsItIsReused(t *testing.T) {
	target := filepath.Join(t.TempDir(), "public")
	if tree, err := SpareInodes(target); tree != nil || err != nil {
		t.Fatalf("SpareInodes with no site kept = %v, %v; want nil, nil", tree, err)
	}
	for _, page := range []string{"first", "second"} {
		st := stage(t, target, page)
		if err := os.MkdirAll(filepath.Join(st.Dir, "en", "kb1"), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(st.Dir, "en", "kb1", "index.html"), []byte(page), 0o644); err != nil {
			t.Fatal(err)
		}
		st.KeepReplaced = true
		if err := st.Commit(); err != nil {
			t.Fatal(err)
		}
	}
	listed, err := SpareInodes(target)
	if err != nil {
		t.Fatal(err)
	}
	st, err := ReuseStaging(target)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Discard()
	if !st.Reused {
		t.Fatal("the kept site was not reused")
	}
	want, err := buildcache.ListInodes(st.Dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(listed) == 0 || !maps.Equal(listed, want) {
		t.Errorf("SpareInodes listed %v; the staging folder holds %v", listed, want)
	}
}

// A link where the kept site belongs is replaced, and the folder it
// leads to, which is not the build's, keeps everything in it.
func TestKeepingTheReplacedSiteLeavesWhatALinkLeadsTo(t *testing.T) {
	dir := t.TempDir()
	target := filepath.Join(dir, "public")
	victim := filepath.Join(dir, "notes")
	if err := os.MkdirAll(filepath.Join(victim, "sub"), 0o755); err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{"notes.txt", "sub/b.txt"} {
		if err := os.WriteFile(filepath.Join(victim, f), []byte("precious"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := stage(t, target, "first").Commit(); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(victim, spareDir(target)); err != nil {
		t.Fatal(err)
	}
	st := stage(t, target, "second")
	st.KeepReplaced = true
	if err := st.Commit(); err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{"notes.txt", "sub/b.txt"} {
		if _, err := os.Stat(filepath.Join(victim, f)); err != nil {
			t.Errorf("%s: %v", f, err)
		}
	}
	if got := readPage(t, spareDir(target)); got != "first" {
		t.Errorf("the kept site holds %q, want the replaced one", got)
	}
}

// TestSiteThatCannotBeRemovedIsSaid: the site a commit replaces, which
// its owner made read-only, cannot be removed; the staging says so, as
// does the next one, which tries again and removes it once it can.
func TestSiteThatCannotBeRemovedIsSaid(t *testing.T) {
	target := filepath.Join(t.TempDir(), "public")
	if err := stage(t, target, "one").Commit(); err != nil {
		t.Fatal(err)
	}
	stuck := true
	removeAll = func(p string) error {
		if stuck && strings.Contains(p, string(filepath.Separator)+".public"+newSuffix) {
			return &os.PathError{Op: "unlinkat", Path: filepath.Join(p, "index.html"), Err: os.ErrPermission}
		}
		return os.RemoveAll(p)
	}
	t.Cleanup(func() { removeAll = os.RemoveAll })

	st := stage(t, target, "two")
	if err := st.Commit(); err != nil {
		t.Fatal(err)
	}
	if st.Leftover == nil || !strings.Contains(st.Leftover.Error(), "permission denied") {
		t.Fatalf("Leftover after a commit whose replaced site stays: %v", st.Leftover)
	}
	left := findPage(t, filepath.Dir(target), "one")
	if len(left) != 1 {
		t.Fatalf("the replaced site is at %q, want one folder beside the site", left)
	}
	next := stage(t, target, "three")
	if next.Leftover == nil || !strings.Contains(next.Leftover.Error(), left[0]) {
		t.Errorf("Leftover of the next staging: %v, want it to name %s", next.Leftover, left[0])
	}
	next.Discard()
	stuck = false
	again := stage(t, target, "four")
	if again.Leftover != nil || len(findPage(t, filepath.Dir(target), "one")) != 0 {
		t.Errorf("once it can be removed: Leftover %v, the old site at %q", again.Leftover, findPage(t, filepath.Dir(target), "one"))
	}
	again.Discard()
}
