package buildcache

import (
	"crypto/sha256"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"
)

func write(t testing.TB, p, data string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestScanReusesHashesOnlyForUnchangedFiles(t *testing.T) {
	root := t.TempDir()
	write(t, filepath.Join(root, "kb.yaml"), "locales: [en]\n")
	write(t, filepath.Join(root, "kb1", "article.yaml"), "id: KB1\n")
	write(t, filepath.Join(root, "kb1", ".#article.yaml"), "editor lock\n")
	old := time.Now().Add(-time.Hour)
	for _, p := range []string{"kb.yaml", "kb1/article.yaml"} {
		if err := os.Chtimes(filepath.Join(root, p), old, old); err != nil {
			t.Fatal(err)
		}
	}
	first, err := Scan(root, nil, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	if len(first) != 2 || first["kb1/article.yaml"].Sum != Sum([]byte("id: KB1\n")) {
		t.Fatalf("first scan: %v", first)
	}

	// A recorded hash is trusted while the stat data match: plant a wrong
	// one and see it kept, then see it replaced once the time differs.
	// Setting the times changed the files just now: the scan to compare
	// with is one taken later than racyWindow after.
	planted := Tree{}
	for p, f := range first {
		f.Sum = "planted"
		planted[p] = f
	}
	again, err := Scan(root, planted, time.Now().Add(2*racyWindow))
	if err != nil {
		t.Fatal(err)
	}
	if again["kb.yaml"].Sum != "planted" {
		t.Errorf("an unchanged file was hashed again")
	}
	write(t, filepath.Join(root, "kb1", "article.yaml"), "id: KB2\n")
	changed, err := Scan(root, planted, time.Now().Add(-time.Minute))
	if err != nil {
		t.Fatal(err)
	}
	if changed["kb1/article.yaml"].Sum != Sum([]byte("id: KB2\n")) {
		t.Errorf("a changed file kept its old hash")
	}
	if changed.Equal(first) || !changed.Equal(changed) {
		t.Errorf("Equal does not tell the trees apart")
	}

	// A file written within the clock tick of the previous scan is
	// hashed again even though its size and time match.
	racy, err := Scan(root, changed, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	planted = Tree{}
	for p, f := range racy {
		f.Sum = "planted"
		planted[p] = f
	}
	st, err := os.Stat(filepath.Join(root, "kb1", "article.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	racy, err = Scan(root, planted, st.ModTime())
	if err != nil {
		t.Fatal(err)
	}
	if racy["kb1/article.yaml"].Sum == "planted" {
		t.Errorf("a file modified just before the previous scan kept its recorded hash")
	}
}

// TestLoadRejectsAnythingButASavedManifest: a gob payload, and one with
// a layout of its own (a Tree), read back as saved, and every damaged
// manifest is a reason to ignore the cache.
func TestLoadRejectsAnythingButASavedManifest(t *testing.T) {
	type payload struct{ Key string }
	tree := Tree{"kb1/article.yaml": {Size: 8, ModTime: 1, CTime: 2, Inode: 3, Sum: Sum([]byte("id: KB1\n"))}, "kb1/": {}}
	for _, c := range []struct {
		name  string
		saved any
		fresh func() any
		same  func(got any) bool
	}{
		{"gob", payload{Key: "kb1"}, func() any { return &payload{} }, func(got any) bool { return got.(*payload).Key == "kb1" }},
		{"layout", tree, func() any { return &Tree{} }, func(got any) bool { return maps.Equal(*got.(*Tree), tree) }},
	} {
		t.Run(c.name, func(t *testing.T) {
			p := filepath.Join(t.TempDir(), "state")
			if err := Load(p, c.fresh()); !errors.Is(err, ErrNoCache) {
				t.Fatalf("missing file: %v, want ErrNoCache", err)
			}
			saved, err := SaveSum(p, c.saved)
			if err != nil {
				t.Fatal(err)
			}
			got := c.fresh()
			if loaded, err := LoadSum(p, got); err != nil || !c.same(got) || loaded != saved || len(saved) != 64 {
				t.Fatalf("round trip: %v, %+v, checksum %q saved, %q loaded", err, got, saved, loaded)
			}
			good, _ := os.ReadFile(p)
			for name, data := range map[string]string{
				"empty":         "",
				"garbage":       "not a cache at all",
				"truncated":     string(good[:len(good)-3]),
				"a byte added":  string(good) + "x",
				"other format":  strings.Replace(string(good), fmt.Sprintf("format %d", Format), fmt.Sprintf("format %d", Format+1), 1),
				"no checksum":   header,
				"no payload":    string(good[:len(header)+sha256.Size*2+1]),
				"flipped byte":  string(good[:len(good)-1]) + string(good[len(good)-1]^1),
				"other payload": strings.Replace(string(good), "kb1", "kb2", 1),
			} {
				write(t, p, data)
				if err := Load(p, c.fresh()); err == nil || errors.Is(err, ErrNoCache) {
					t.Errorf("%s: Load = %v, want a reason to ignore it", name, err)
				}
			}
		})
	}
}

// TestLoadRefusesADamagedLayoutBeforeAllocatingIt: a manifest of a
// layout of its own is read whole into memory, but only once its
// checksum matches: a damaged file of any size costs no more than its
// stream.
func TestLoadRefusesADamagedLayoutBeforeAllocatingIt(t *testing.T) {
	p := filepath.Join(t.TempDir(), "pages")
	if err := Save(p, Tree{"a": {Sum: Sum(nil)}}); err != nil {
		t.Fatal(err)
	}
	const size = 256 << 20
	if err := os.Truncate(p, size); err != nil { // a sparse tail of zeros
		t.Fatal(err)
	}
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	err := Load(p, &Tree{})
	runtime.ReadMemStats(&after)
	if err == nil || !strings.Contains(err.Error(), "checksum") {
		t.Fatalf("Load = %v, want a checksum that does not match", err)
	}
	if got := after.TotalAlloc - before.TotalAlloc; got > size/16 {
		t.Errorf("Load allocated %d MB for a damaged manifest of %d MB", got>>20, size>>20)
	}
}

// TestInsideAndLocalPaths: LocalPath takes any name that stays inside
// its folder; InsidePath, for paths read from a cache, those that are
// also UTF-8, as fs.ValidPath does.
func TestInsideAndLocalPaths(t *testing.T) {
	for _, c := range []struct {
		p             string
		inside, local bool
	}{
		{"kb1/article.yaml", true, true},
		{"en/kb1/", false, false},
		{"notes-\xe9.txt", false, true},
		{"", false, false},
		{".", false, false},
		{"a/./b", false, false},
		{"a/../b", false, false},
		{"../a", false, false},
		{"/etc/passwd", false, false},
		{"a//b", false, false},
		{".hidden", true, true},
	} {
		if got := InsidePath(c.p); got != c.inside || got != (fs.ValidPath(c.p) && c.p != ".") {
			t.Errorf("InsidePath(%q) = %v, want %v", c.p, got, c.inside)
		}
		if got := LocalPath(c.p); got != c.local {
			t.Errorf("LocalPath(%q) = %v, want %v", c.p, got, c.local)
		}
	}
}

// TestHasherLayout: a key is the SHA-256 of each part written as the
// label, NUL, the number of parts, then NUL, length, colon and the part
// for each, and a newline; parts of any length, none, or empty.
func TestHasherLayout(t *testing.T) {
	adds := [][]string{{"key", "abc"}, {"none"}, {"empty", "", "x"}, {"page", strings.Repeat("é", 300), "a:b", "\x00"}}
	k := NewHasher()
	var want strings.Builder
	for _, a := range adds {
		k.Add(a[0], a[1:]...)
		fmt.Fprintf(&want, "%s\x00%d", a[0], len(a)-1)
		for _, p := range a[1:] {
			fmt.Fprintf(&want, "\x00%d:%s", len(p), p)
		}
		want.WriteString("\n")
	}
	if got, want := k.Sum(), fmt.Sprintf("%x", sha256.Sum256([]byte(want.String()))); got != want {
		t.Errorf("key %s, want %s", got, want)
	}
}

// TestHasherAddCopiesNoPart: once its buffer has grown, a Hasher takes
// parts of any length, a page's terms or a file's hash, without
// allocating; and a part longer than its buffer's chunk is hashed whole.
func TestHasherAddCopiesNoPart(t *testing.T) {
	long := strings.Repeat("terms ", 3*hasherChunk/5)
	k := NewHasher()
	k.Add("page", "en/kb1/index.html", long)
	if n := testing.AllocsPerRun(100, func() { k.Add("page", "en/kb1/index.html", "a title", long, "") }); n != 0 {
		t.Errorf("Add allocated %v times for a page", n)
	}
	var want strings.Builder
	fmt.Fprintf(&want, "page\x002\x00%d:%s\x00%d:%s\n", len("x"), "x", len(long), long)
	k = NewHasher()
	k.Add("page", "x", long)
	if got, want := k.Sum(), fmt.Sprintf("%x", sha256.Sum256([]byte(want.String()))); got != want {
		t.Errorf("key of a part of %d bytes %s, want %s", len(long), got, want)
	}
}

// A prepared manifest is nowhere to be read until it is installed, reads
// back as SaveSum's would, and leaves nothing behind when discarded or
// when a killed process leaves it and RemovePrepared runs.
func TestPreparedManifests(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "pages")
	type payload struct{ Pages []string }
	want := payload{Pages: []string{"en/kb1/index.html"}}

	m, err := Prepare(path, want)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(path); !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("a prepared manifest is at its path before it is installed (stat: %v)", err)
	}
	if err := m.Install(); err != nil {
		t.Fatal(err)
	}
	var got payload
	sum, err := LoadSum(path, &got)
	if err != nil || sum != m.Sum || !slices.Equal(got.Pages, want.Pages) {
		t.Fatalf("installed manifest read back as %v, sum %s (%v); want %v, sum %s", got, sum, err, want, m.Sum)
	}

	discarded, err := Prepare(path, payload{})
	if err != nil {
		t.Fatal(err)
	}
	discarded.Discard()
	if _, err := Prepare(path, payload{}); err != nil { // left as a killed process leaves it
		t.Fatal(err)
	}
	if err := RemovePrepared(dir); err != nil {
		t.Fatal(err)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 || entries[0].Name() != "pages" {
		t.Errorf("the folder holds %v, want the installed manifest alone", entries)
	}
	if err := RemovePrepared(filepath.Join(dir, "absent")); err != nil {
		t.Errorf("RemovePrepared of a folder that is not there: %v", err)
	}
}

// TestLoadRefusesAManifestTooLargeToBeOneUnread: a manifest grown past
// the largest kbc writes, by a tail of zeros, is refused for its size
// before it is read, in either encoding.
func TestLoadRefusesAManifestTooLargeToBeOneUnread(t *testing.T) {
	type payload struct{ Key string }
	for name, v := range map[string]any{"gob": payload{Key: "kb1"}, "layout": Tree{"a": {Sum: Sum(nil)}}} {
		p := filepath.Join(t.TempDir(), "folders")
		if err := Save(p, v); err != nil {
			t.Fatal(err)
		}
		if err := os.Truncate(p, maxManifest+1); err != nil { // sparse: no disk taken
			t.Fatal(err)
		}
		if err := Load(p, &payload{}); err == nil || !strings.Contains(err.Error(), "of a size kbc writes") {
			t.Errorf("%s: Load = %v, want it refused for its size", name, err)
		}
	}
}
