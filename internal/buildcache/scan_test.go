package buildcache

import (
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

// writeMixedTree writes a content tree with what a scan must list and what
// it must skip, and returns the paths of the regular files it must list
// with their hashes, and those of the links, which it lists as such.
func writeMixedTree(t testing.TB, root string) (files, links []string) {
	t.Helper()
	want := []string{
		"kb.yaml",
		"kb1/article.yaml",
		"kb1/fr.yaml",
		"kb1/figures/a.svg",
		"kb1/figures/deep/b.svg",
		"kb2/article.yaml",
		"kb2/ünïcode name.yaml",
	}
	for _, p := range want {
		write(t, filepath.Join(root, p), "content of "+p)
	}
	for _, p := range []string{
		".hidden-top",
		".git/config",
		"kb1/.#article.yaml",
		"kb1/.cache/x.svg",
		"kb1/figures/.DS_Store",
	} {
		write(t, filepath.Join(root, p), "skipped")
	}
	if err := os.MkdirAll(filepath.Join(root, "empty", "nested"), 0o755); err != nil {
		t.Fatal(err)
	}
	// Links are not followed, to a file or a folder.
	links = []string{"kb1/link.yaml", "kb1/linkdir", "kb2/dangling", "kb2/figures-ln", "toplink"}
	for link, target := range map[string]string{
		"kb1/link.yaml":  "article.yaml",
		"kb1/linkdir":    "figures",
		"toplink":        "kb1",
		"kb2/dangling":   "nowhere",
		"kb2/figures-ln": "../kb1/figures",
	} {
		if err := os.Symlink(target, filepath.Join(root, link)); err != nil {
			t.Skipf("no symbolic links here: %v", err)
		}
	}
	slices.Sort(want)
	return want, links
}

func TestScanListsVisibleEntriesAndReadsRegularFilesOnly(t *testing.T) {
	root := t.TempDir()
	files, links := writeMixedTree(t, root)
	want := slices.Sorted(slices.Values(append(slices.Clone(files), links...)))
	for name, walker := range walkers {
		t.Run(name, func(t *testing.T) {
			tree, err := scan(root, nil, time.Time{}, walker)
			if err != nil {
				t.Fatal(err)
			}
			if got := slices.Sorted(maps.Keys(tree)); !slices.Equal(got, want) {
				t.Fatalf("paths:\n got %q\nwant %q", got, want)
			}
			for _, p := range links {
				target, err := os.Readlink(filepath.Join(root, p))
				if err != nil {
					t.Fatal(err)
				}
				if f := tree[p]; f != link(target, nil) || !f.IsLink() {
					t.Errorf("link %s: %+v", p, f)
				}
			}
			for _, p := range files {
				f := tree[p]
				data := "content of " + p
				info, err := os.Stat(filepath.Join(root, p))
				if err != nil {
					t.Fatal(err)
				}
				if f.Sum != Sum([]byte(data)) || f.Size != int64(len(data)) || f.ModTime != info.ModTime().UnixNano() {
					t.Errorf("%s: %+v", p, f)
				}
			}
		})
	}
}

// TestListFilesGivesScansTreeWithoutSums: ListFiles lists the entries
// Scan does, with the same stat data, and reads no file.
func TestListFilesGivesScansTreeWithoutSums(t *testing.T) {
	root := t.TempDir()
	files, _ := writeMixedTree(t, root)
	for name, walker := range walkers {
		t.Run(name, func(t *testing.T) {
			scanned, err := scan(root, nil, time.Time{}, walker)
			if err != nil {
				t.Fatal(err)
			}
			listed, err := listFiles(root, walker)
			if err != nil {
				t.Fatal(err)
			}
			for _, p := range files {
				f := scanned[p]
				f.Sum = ""
				if listed[p] != f {
					t.Errorf("%s: listed %+v, scanned %+v", p, listed[p], scanned[p])
				}
				delete(listed, p)
				delete(scanned, p)
			}
			if !maps.Equal(listed, scanned) {
				t.Errorf("other entries: listed %v, scanned %v", listed, scanned)
			}
		})
	}
}

// TestScanListingIsScan: a scan of a fresh listing gives what Scan gives,
// with no tree before, with one and nothing changed (the tree before
// itself), and after an edit.
func TestScanListingIsScan(t *testing.T) {
	root := t.TempDir()
	writeMixedTree(t, root)
	scanBoth := func(prev Tree, prevAt time.Time) (scanned, listed Tree) {
		t.Helper()
		l, err := ListAt(root)
		if err != nil {
			t.Fatal(err)
		}
		if listed, err = ScanListing(l, prev, prevAt); err != nil {
			t.Fatal(err)
		}
		if scanned, err = Scan(root, prev, prevAt); err != nil {
			t.Fatal(err)
		}
		return scanned, listed
	}
	scanned, listed := scanBoth(nil, time.Time{})
	if !maps.Equal(scanned, listed) {
		t.Fatalf("with no tree before:\n scanned %v\n listed %v", scanned, listed)
	}
	prev, at := scanned, time.Now().Add(time.Minute) // no file is racy
	if _, listed := scanBoth(prev, at); !listed.Equal(prev) {
		t.Errorf("nothing changed, and the listing's scan is not the tree before: %v", listed)
	}
	write(t, filepath.Join(root, "kb1", "article.yaml"), "edited")
	scanned, listed = scanBoth(prev, at)
	if !maps.Equal(scanned, listed) || listed["kb1/article.yaml"].Sum != Sum([]byte("edited")) {
		t.Errorf("after an edit:\n scanned %v\n listed %v", scanned, listed)
	}
}

func TestScanOfAMissingRootFails(t *testing.T) {
	if _, err := Scan(filepath.Join(t.TempDir(), "missing"), nil, time.Time{}); err == nil {
		t.Fatal("no error")
	}
}

// writeArticles writes n article folders as kbcgen lays them out.
func writeArticles(b testing.TB, root string, n int) {
	b.Helper()
	write(b, filepath.Join(root, "kb.yaml"), "locales: [en, fr, hu, ja]\n")
	for i := range n {
		dir := filepath.Join(root, fmt.Sprintf("kb%06d", i))
		for _, name := range []string{"article.yaml", "fr.yaml", "hu.yaml", "ja.yaml"} {
			write(b, filepath.Join(dir, name), name)
		}
		for j := range 8 {
			write(b, filepath.Join(dir, "figures", fmt.Sprintf("screen-%d.svg", j)), "<svg/>")
		}
	}
}

// BenchmarkScanUnchanged fingerprints a tree of 1,000 article folders in
// which no file changed, as a no-op build does.
func BenchmarkScanUnchanged(b *testing.B) {
	root := b.TempDir()
	writeArticles(b, root, 1000)
	prev, err := Scan(root, nil, time.Time{})
	if err != nil {
		b.Fatal(err)
	}
	at := time.Now().Add(time.Minute)
	for b.Loop() {
		tree, err := Scan(root, prev, at)
		if err != nil || !tree.Equal(prev) {
			b.Fatal("changed", err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(len(prev)), "ns/file")
}

// BenchmarkScanCold fingerprints a tree of 1,000 article folders with
// no previous tree, as a cold build does: every file is read and hashed.
func BenchmarkScanCold(b *testing.B) {
	root := b.TempDir()
	writeArticles(b, root, 1000)
	var files int
	for b.Loop() {
		tree, err := Scan(root, nil, time.Time{})
		if err != nil {
			b.Fatal(err)
		}
		files = len(tree)
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(files), "ns/file")
}

func TestScanReturnsThePreviousTreeOnlyWhenNothingChanged(t *testing.T) {
	root := t.TempDir()
	writeArticles(t, root, 3)
	old := time.Now().Add(-time.Hour)
	setTimes := func() {
		t.Helper()
		err := filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
			if err == nil && !d.IsDir() {
				err = os.Chtimes(p, old, old)
			}
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	setTimes()
	prev, err := Scan(root, nil, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	// Setting the times changed the files just now: the scan to compare
	// with is one taken later than racyWindow after.
	same, err := Scan(root, prev, time.Now().Add(2*racyWindow))
	if err != nil {
		t.Fatal(err)
	}
	if !sameMap(same, prev) || !same.Equal(prev) {
		t.Fatalf("an unchanged tree was built again")
	}
	for name, change := range map[string]func(){
		"added":   func() { write(t, filepath.Join(root, "kb000001", "de.yaml"), "de") },
		"removed": func() { os.Remove(filepath.Join(root, "kb000001", "fr.yaml")) },
		"changed": func() { write(t, filepath.Join(root, "kb000002", "figures", "screen-0.svg"), "<svg>changed</svg>") },
	} {
		t.Run(name, func(t *testing.T) {
			change()
			setTimes()
			tree, err := Scan(root, prev, time.Now())
			if err != nil {
				t.Fatal(err)
			}
			if sameMap(tree, prev) || tree.Equal(prev) {
				t.Fatalf("a tree with a file %s is the previous one", name)
			}
			prev = tree
		})
	}
	// A file modified just before the previous scan is hashed again,
	// though nothing changed: the tree is a new one, equal to the last.
	racy, err := Scan(root, prev, old)
	if err != nil {
		t.Fatal(err)
	}
	if sameMap(racy, prev) || !racy.Equal(prev) {
		t.Errorf("racy files: same map %v, equal %v", sameMap(racy, prev), racy.Equal(prev))
	}
}

// TestScanSeesAnEditWithRestoredTimes edits a file as rsync -t, cp -p,
// tar x and touch -r leave it: the same size and the modification time it
// had. The edit is seen, whether the scan trusts the file's stat data (a
// later scan) or not (the edit came within the clock tick of the scan).
func TestScanSeesAnEditWithRestoredTimes(t *testing.T) {
	old := time.Now().Add(-time.Hour).Truncate(time.Second)
	edits := map[string]func(t *testing.T, p string){
		"rewritten in place (cp -p, touch -r)": func(t *testing.T, p string) {
			write(t, p, "id: KB2\n")
			setTimes(t, p, old)
		},
		"replaced by another file (rsync -t, tar x)": func(t *testing.T, p string) {
			tmp := filepath.Join(filepath.Dir(p), "new.tmp")
			write(t, tmp, "id: KB2\n")
			setTimes(t, tmp, old)
			if err := os.Rename(tmp, p); err != nil {
				t.Fatal(err)
			}
		},
	}
	for name, edit := range edits {
		for _, racy := range []bool{false, true} {
			t.Run(fmt.Sprintf("%s, racy %v", name, racy), func(t *testing.T) {
				root := t.TempDir()
				p := filepath.Join(root, "kb1", "article.yaml")
				write(t, p, "id: KB1\n")
				setTimes(t, p, old)
				written := probeTime(t)
				first, err := Scan(root, nil, time.Time{})
				if err != nil {
					t.Fatal(err)
				}
				scannedAt := time.Now()
				prevAt := scannedAt
				if !racy {
					// A later scan: the file system's clock has moved
					// on, and the scan trusts what stat data says.
					waitForTick(t, written)
					prevAt = time.Time{}
				}
				edit(t, p)
				if info, err := os.Stat(p); err != nil || info.Size() != int64(len("id: KB1\n")) || !info.ModTime().Equal(old) {
					t.Fatalf("the edit did not keep size and time: %v %v", info, err)
				}
				tree, err := Scan(root, first, prevAt)
				if err != nil {
					t.Fatal(err)
				}
				if got := tree["kb1/article.yaml"].Sum; got != Sum([]byte("id: KB2\n")) {
					t.Errorf("the edited file kept its old hash")
				}
				if tree.Equal(first) {
					t.Errorf("the tree after the edit equals the one before")
				}
			})
		}
	}
}

func setTimes(t *testing.T, p string, at time.Time) {
	t.Helper()
	if err := os.Chtimes(p, at, at); err != nil {
		t.Fatal(err)
	}
}

// probeTime writes a file and returns its modification time: the file
// system's clock, which may be coarser than the system's.
func probeTime(t *testing.T) time.Time {
	t.Helper()
	p := filepath.Join(t.TempDir(), "probe")
	write(t, p, "probe")
	info, err := os.Stat(p)
	if err != nil {
		t.Fatal(err)
	}
	return info.ModTime()
}

// waitForTick returns once the file system's clock is past at, so that a
// file changed from now on has a change time after at.
func waitForTick(t *testing.T, at time.Time) {
	t.Helper()
	for !probeTime(t).After(at) {
	}
}

// TestListSeesEveryEntry lists a tree with what Scan skips: every entry is
// listed, folders with a slash at the end.
func TestListSeesEveryEntry(t *testing.T) {
	root := t.TempDir()
	files, links := writeMixedTree(t, root)
	want := slices.Concat(files, links, []string{
		".hidden-top", ".git/", ".git/config", "kb1/.#article.yaml", "kb1/.cache/", "kb1/.cache/x.svg", "kb1/figures/.DS_Store",
		"kb1/", "kb1/figures/", "kb1/figures/deep/", "kb2/", "empty/", "empty/nested/",
	})
	slices.Sort(want)
	for name, walker := range walkers {
		t.Run(name, func(t *testing.T) {
			tree, err := list(root, walker)
			if err != nil {
				t.Fatal(err)
			}
			if got := slices.Sorted(maps.Keys(tree)); !slices.Equal(got, want) {
				t.Fatalf("paths:\n got %q\nwant %q", got, want)
			}
			for p, f := range tree {
				folder := strings.HasSuffix(p, "/")
				if f.Sum != "" || folder != (f.Inode == 0) || folder != (f.CTime == 0) {
					t.Errorf("%s: %+v", p, f)
				}
			}
		})
	}
}

// TestListTellsWhatChanged changes a listed tree and compares the lists.
func TestListTellsWhatChanged(t *testing.T) {
	old := time.Now().Add(-time.Hour).Truncate(time.Second)
	for name, tc := range map[string]struct {
		change  func(t *testing.T, root string)
		changed []string
	}{
		"nothing": {func(*testing.T, string) {}, nil},
		"a file rewritten with its size and times": {func(t *testing.T, root string) {
			p := filepath.Join(root, "kb1", "article.yaml")
			write(t, p, "content of kb1/article.yamX")
			setTimes(t, p, old)
		}, []string{"kb1/article.yaml"}},
		"a file removed": {func(t *testing.T, root string) {
			os.Remove(filepath.Join(root, "kb1", "fr.yaml"))
		}, []string{"kb1/fr.yaml"}},
		"a file replaced by a link": {func(t *testing.T, root string) {
			os.Remove(filepath.Join(root, "kb2", "article.yaml"))
			os.Symlink("../kb1/article.yaml", filepath.Join(root, "kb2", "article.yaml"))
		}, []string{"kb2/article.yaml"}},
		"a hidden file added": {func(t *testing.T, root string) {
			write(t, filepath.Join(root, "kb1", "figures", ".added"), "x")
		}, nil},
		"an empty folder added": {func(t *testing.T, root string) {
			os.Mkdir(filepath.Join(root, "kb2", "new"), 0o755)
		}, nil},
	} {
		t.Run(name, func(t *testing.T) {
			root := t.TempDir()
			writeMixedTree(t, root)
			p := filepath.Join(root, "kb1", "article.yaml")
			setTimes(t, p, old)
			written := probeTime(t)
			before, err := List(root)
			if err != nil {
				t.Fatal(err)
			}
			waitForTick(t, written)
			tc.change(t, root)
			after, err := List(root)
			if err != nil {
				t.Fatal(err)
			}
			if same := before.SameStat(after); same != (name == "nothing") {
				t.Errorf("SameStat = %v", same)
			}
			if got := slices.Sorted(maps.Keys(before.Changed(after))); !slices.Equal(got, tc.changed) {
				t.Errorf("Changed = %q, want %q", got, tc.changed)
			}
		})
	}
}

// TestALinkPointedElsewhereIsAChange points a figure's link at another
// image, with the same name and length: a build publishes what the link
// leads to, so the tree must change; pointed back, it is as before.
func TestALinkPointedElsewhereIsAChange(t *testing.T) {
	for name, walker := range walkers {
		t.Run(name, func(t *testing.T) {
			root := t.TempDir()
			figures := filepath.Join(root, "kb1", "figures")
			for _, n := range []string{"a.svg", "b.svg"} {
				write(t, filepath.Join(figures, n), "<svg/>")
			}
			point := func(target string) Tree {
				t.Helper()
				l := filepath.Join(figures, "shown.svg")
				os.Remove(l)
				if err := os.Symlink(target, l); err != nil {
					t.Skipf("no symbolic links here: %v", err)
				}
				tree, err := scan(root, nil, time.Time{}, walker)
				if err != nil {
					t.Fatal(err)
				}
				return tree
			}
			toA := point("a.svg")
			toB := point("b.svg")
			if toA.Equal(toB) {
				t.Errorf("a link pointed elsewhere left the tree as it was: %+v", toB["kb1/figures/shown.svg"])
			}
			if again := point("a.svg"); !again.Equal(toA) {
				t.Errorf("a link pointed back: %+v, want %+v", again["kb1/figures/shown.svg"], toA["kb1/figures/shown.svg"])
			}
		})
	}
}

// TestAFileReplacedByALinkIsAChange replaces a figure by a link, which
// leaves the number of entries as it was and is never hashed: the tree
// must still change, and change back when the file returns.
func TestAFileReplacedByALinkIsAChange(t *testing.T) {
	for name, walker := range walkers {
		t.Run(name, func(t *testing.T) {
			root := t.TempDir()
			figures := filepath.Join(root, "kb1", "figures")
			shown := filepath.Join(figures, "shown.svg")
			for _, p := range []string{shown, filepath.Join(figures, "other.svg")} {
				write(t, p, "<svg/>")
			}
			file, err := scan(root, nil, time.Time{}, walker)
			if err != nil {
				t.Fatal(err)
			}
			if err := os.Remove(shown); err != nil {
				t.Fatal(err)
			}
			if err := os.Symlink("other.svg", shown); err != nil {
				t.Skipf("no symbolic links here: %v", err)
			}
			linked, err := scan(root, file, time.Now().Add(time.Hour), walker)
			if err != nil {
				t.Fatal(err)
			}
			// Scanned as if long after the files were written, so that
			// none is hashed again for being recent.
			if linked.Equal(file) || !linked["kb1/figures/shown.svg"].IsLink() {
				t.Fatalf("a file replaced by a link: %+v", linked["kb1/figures/shown.svg"])
			}
			again, err := scan(root, linked, time.Now().Add(time.Hour), walker)
			if err != nil {
				t.Fatal(err)
			}
			if !again.Equal(linked) {
				t.Errorf("nothing changed, but the tree did: %+v", again["kb1/figures/shown.svg"])
			}
		})
	}
}

// walkers are the two ways a scan lists folders, each test run with both.
var walkers = map[string]func(string) (walker, error){
	"system":   newWalker,
	"portable": newPortableWalker,
}
