//go:build unix

package buildcache

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestScanRecordsWhatIsNotAFile: the loader reports a named pipe or a
// link in the content folder, so one added, removed or put in the place
// of another kind of entry is a change to the tree; a pipe is never
// opened, which would wait for a writer.
func TestScanRecordsWhatIsNotAFile(t *testing.T) {
	for name, walker := range walkers {
		t.Run(name, func(t *testing.T) {
			root := t.TempDir()
			write(t, filepath.Join(root, "kb1", "article.yaml"), "id: KB1\n")
			pipe := filepath.Join(root, "kb1", "fr.yaml")
			if err := syscall.Mkfifo(pipe, 0o644); err != nil {
				t.Fatal(err)
			}
			if err := syscall.Mkfifo(filepath.Join(root, "top.yaml"), 0o644); err != nil {
				t.Fatal(err)
			}
			before, err := scan(root, nil, time.Time{}, walker)
			if err != nil {
				t.Fatal(err)
			}
			for _, p := range []string{"kb1/fr.yaml", "top.yaml"} {
				if f := before[p]; f != (File{Sum: NotRegular}) {
					t.Errorf("%s: %+v", p, f)
				}
			}
			if err := os.Remove(pipe); err != nil {
				t.Fatal(err)
			}
			if err := os.Symlink("article.yaml", pipe); err != nil {
				t.Fatal(err)
			}
			after, err := scan(root, before, time.Now(), walker)
			if err != nil {
				t.Fatal(err)
			}
			if after.Equal(before) || after["kb1/fr.yaml"] != link("article.yaml", nil) {
				t.Errorf("a pipe replaced by a link: %+v", after["kb1/fr.yaml"])
			}
			if err := os.Remove(pipe); err != nil {
				t.Fatal(err)
			}
			gone, err := scan(root, after, time.Now(), walker)
			if err != nil {
				t.Fatal(err)
			}
			if _, ok := gone["kb1/fr.yaml"]; ok || gone.Equal(after) {
				t.Error("a link removed is not a change")
			}
		})
	}
}

// TestListInodesGivesListsInodes: ListInodes lists what List does, every
// file, hard link, symbolic link, pipe, hidden entry and folder, and
// gives each entry that is not a folder the inode number List gives it.
func TestListInodesGivesListsInodes(t *testing.T) {
	root := t.TempDir()
	write(t, filepath.Join(root, "index.html"), "home")
	write(t, filepath.Join(root, "en", "kb1", "index.html"), "page")
	write(t, filepath.Join(root, "en", ".hidden"), "x")
	if err := os.Link(filepath.Join(root, "en", "kb1", "index.html"), filepath.Join(root, "en", "kb1", "copy.html")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("index.html", filepath.Join(root, "en", "kb1", "link.html")); err != nil {
		t.Fatal(err)
	}
	if err := syscall.Mkfifo(filepath.Join(root, "en", "pipe"), 0o644); err != nil {
		t.Fatal(err)
	}
	want, err := List(root)
	if err != nil {
		t.Fatal(err)
	}
	got, err := ListInodes(root)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != len(want) || len(want) != 8 {
		t.Errorf("ListInodes gives %d entries, List %d, want 8: %v", len(got), len(want), got)
	}
	for p, f := range want {
		g, ok := got[p]
		switch {
		case !ok:
			t.Errorf("%s: not listed", p)
		case strings.HasSuffix(p, "/"):
		case g.Inode == 0 || g.Inode != f.Inode:
			t.Errorf("%s: inode %d, List gives %d", p, g.Inode, f.Inode)
		}
	}
	if got["en/kb1/copy.html"].Inode != got["en/kb1/index.html"].Inode {
		t.Error("a hard link has another inode number than its file")
	}
}

// TestLoadRefusesWhatIsNotAFile: a named pipe or a folder in a manifest's
// place is a reason to ignore the cache, at once: opening a pipe to read
// would otherwise wait for a writer for ever.
func TestLoadRefusesWhatIsNotAFile(t *testing.T) {
	dir := t.TempDir()
	pipe, folder := filepath.Join(dir, "state"), filepath.Join(dir, "pages")
	if err := syscall.Mkfifo(pipe, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Mkdir(folder, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{pipe, folder} {
		for _, v := range []any{&Tree{}, &struct{ Key string }{}} {
			done := make(chan error, 1)
			go func() { done <- Load(p, v) }()
			select {
			case err := <-done:
				if err == nil || errors.Is(err, ErrNoCache) {
					t.Errorf("%s: Load = %v, want a reason to ignore it", p, err)
				}
			case <-time.After(10 * time.Second):
				t.Fatalf("%s: Load still waits after 10 s", p)
			}
		}
	}
}
