package buildcache

import (
	"crypto/sha256"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"golang.org/x/sys/unix"
)

// Some file systems do not tell the type of an entry with its name: the
// walker then looks the entry up, and lists it as a file, a folder or a
// link.
func TestLinuxWalkerLooksUpEntriesOfUnknownType(t *testing.T) {
	root := t.TempDir()
	write(t, filepath.Join(root, "kb1", "article.yaml"), "id: KB1\n")
	write(t, filepath.Join(root, "kb1", "figures", "a.svg"), "<svg/>")
	if err := os.Symlink("article.yaml", filepath.Join(root, "kb1", "link.yaml")); err != nil {
		t.Fatal(err)
	}
	w, err := newWalker(root)
	if err != nil {
		t.Fatal(err)
	}
	defer w.close()
	lw := w.(*linuxWalker)
	dir, err := openFolder(lw.rootFD, "kb1")
	if err != nil {
		t.Fatal(err)
	}
	defer unix.Close(dir)
	var got []string
	emit := func(rel []byte, f File) { got = append(got, string(rel)+" "+f.Sum) }
	for _, name := range []string{"article.yaml", "figures", "link.yaml", "missing.yaml"} {
		lw.rel = append(lw.rel[:0], "kb1/"...)
		if err := lw.entry(dir, []byte(name), unix.DT_UNKNOWN, 0, 0, emit); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
	}
	if want := []string{"kb1/article.yaml ", "kb1/figures/a.svg ", "kb1/link.yaml " + link("article.yaml", nil).Sum}; !slices.Equal(got, want) {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestParseDirentRejectsTruncatedRecords(t *testing.T) {
	rec := make([]byte, 24)
	rec[direntReclen] = 24
	rec[direntType] = unix.DT_REG
	copy(rec[direntName:], "a.svg")
	name, typ, n, ok := parseDirent(rec)
	if !ok || string(name) != "a.svg" || typ != unix.DT_REG || n != 24 {
		t.Fatalf("parseDirent = %q, %d, %d, %v", name, typ, n, ok)
	}
	for _, bad := range [][]byte{rec[:10], rec[:20], append([]byte{}, rec[:direntReclen]...)} {
		if _, _, _, ok := parseDirent(bad); ok {
			t.Errorf("parseDirent accepted %d bytes", len(bad))
		}
	}
	short := slices.Clone(rec)
	short[direntReclen] = direntName - 1
	if _, _, _, ok := parseDirent(short); ok {
		t.Errorf("parseDirent accepted a record shorter than its header")
	}
}

// A named pipe put where a file was listed is hashed as what it holds,
// without waiting for a writer.
func TestSumFileDoesNotWaitOnANamedPipe(t *testing.T) {
	path := filepath.Join(t.TempDir(), "article.yaml")
	if err := unix.Mkfifo(path, 0o644); err != nil {
		t.Fatal(err)
	}
	if got, err := sumFile(path, 100, sha256.New(), make([]byte, 16)); err != nil || got != Sum(nil) {
		t.Errorf("sum %q, error %v; want the sum of nothing", got, err)
	}
}
