// Package treetest reads folder trees for tests that compare what two
// runs wrote: a site built cold and incrementally, a corpus generated
// twice, a knowledge base before and after a refused import; and writes
// the trees tests start from.
package treetest

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"testing"
)

// Read returns the bytes of every file under root, by slash-separated
// path relative to root.
func Read(t testing.TB, root string) map[string][]byte {
	t.Helper()
	files := map[string][]byte{}
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		rel, _ := filepath.Rel(root, p)
		files[filepath.ToSlash(rel)] = data
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

// Write writes files, by slash-separated path relative to root, making
// the folders they need: the inverse of Read.
func Write[T ~string | ~[]byte](t testing.TB, root string, files map[string]T) {
	t.Helper()
	for name, data := range files {
		p := filepath.Join(root, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// Diff returns, sorted, one line for each path whose file is missing from
// got, differs, or is not in want; none when the trees are equal.
func Diff(got, want map[string][]byte) []string {
	var out []string
	for p, data := range want {
		if g, ok := got[p]; !ok {
			out = append(out, p+": missing")
		} else if !bytes.Equal(g, data) {
			out = append(out, p+": differs")
		}
	}
	for p := range got {
		if _, ok := want[p]; !ok {
			out = append(out, p+": not expected")
		}
	}
	slices.Sort(out)
	return out
}
