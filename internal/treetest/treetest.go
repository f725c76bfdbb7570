// Package treetest reads folder trees for tests that compare what two
// runs wrote: a site built cold and incrementally, a corpus generated
// twice, a knowledge base before and after a refused import.
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
