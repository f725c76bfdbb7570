package treetest

import (
	"os"
	"path/filepath"
	"slices"
	"testing"
)

func TestReadAndDiff(t *testing.T) {
	a, b := t.TempDir(), t.TempDir()
	for _, d := range []string{a, b} {
		os.MkdirAll(filepath.Join(d, "x"), 0o755)
		os.WriteFile(filepath.Join(d, "x", "same"), []byte("1"), 0o644)
	}
	os.WriteFile(filepath.Join(a, "x", "changed"), []byte("a"), 0o644)
	os.WriteFile(filepath.Join(b, "x", "changed"), []byte("b"), 0o644)
	os.WriteFile(filepath.Join(a, "only-a"), nil, 0o644)
	os.WriteFile(filepath.Join(b, "only-b"), nil, 0o644)
	got := Diff(Read(t, a), Read(t, b))
	want := []string{"only-a: not expected", "only-b: missing", "x/changed: differs"}
	if !slices.Equal(got, want) {
		t.Errorf("Diff = %q, want %q", got, want)
	}
	if d := Diff(Read(t, a), Read(t, a)); d != nil {
		t.Errorf("a tree differs from itself: %q", d)
	}
}
