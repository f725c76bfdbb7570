package output

import (
	"os"
	"path/filepath"
	"testing"
)

// TestOverlapByIdentity checks folders that one name does not show to be
// one folder, as a file system that ignores case names content/ also
// Content/: here a second name made by a link, which overlap is given
// unresolved.
func TestOverlapByIdentity(t *testing.T) {
	dir := t.TempDir()
	content := filepath.Join(dir, "kb")
	if err := os.Mkdir(content, 0o755); err != nil {
		t.Fatal(err)
	}
	alias := filepath.Join(dir, "KB")
	if err := os.Symlink(content, alias); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		a, b string
		want bool
	}{
		{filepath.Join(alias, "public"), content, true},
		{alias, content, true},
		{content, filepath.Join(alias, "public"), true},
		{filepath.Join(dir, "public"), content, false},
		{filepath.Join(dir, "kbx", "public"), content, false},
	} {
		if got := overlap(c.a, c.b); got != c.want {
			t.Errorf("overlap(%s, %s) = %v, want %v", c.a, c.b, got, c.want)
		}
	}
}
