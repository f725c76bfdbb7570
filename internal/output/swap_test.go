//go:build linux || darwin

package output

import (
	"path/filepath"
	"testing"
)

// TestSwapIsOneStep kills a commit right after the swap: where the system
// can exchange two folders, the new site is then in place, whole, and the
// next build removes the previous one.
func TestSwapIsOneStep(t *testing.T) {
	parent := t.TempDir()
	target := filepath.Join(parent, "public")
	if err := stage(t, target, "previous").Commit(); err != nil {
		t.Fatal(err)
	}
	commitKilledAt(t, stage(t, target, "new"), StageSwap)
	if got := readPage(t, target); got != "new" {
		t.Fatalf("the site after a swap killed: %q, want the new one", got)
	}
	st, err := NewStaging(target)
	if err != nil {
		t.Fatal(err)
	}
	st.Discard()
	if found := findPage(t, parent, "previous"); len(found) != 0 {
		t.Errorf("the previous site is still in %v after the next build started", found)
	}
}
