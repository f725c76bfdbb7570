package output

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestClaimCache(t *testing.T) {
	dir := t.TempDir()
	out, content := filepath.Join(dir, "public"), filepath.Join(dir, "content")
	for _, p := range []string{"public/index.html", "content/kb.yaml", "notes/state", "file", "old/state", "old/pages"} {
		if err := os.MkdirAll(filepath.Join(dir, filepath.Dir(p)), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, p), []byte("x"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Symlink("public/cache", filepath.Join(dir, "link")); err != nil {
		t.Fatal(err)
	}
	// ours stands for a check of the file's content: here, the files of
	// old/ are kbc's and those of notes/ are not.
	ours := func(p string) bool { return filepath.Base(filepath.Dir(p)) == "old" }
	for _, tc := range []struct {
		cache, refusal string
	}{
		{"public", "overlaps the site folder"},
		{"public/cache", "overlaps the site folder"},
		{"link", "overlaps the site folder"},
		{".", "overlaps the site folder"},
		{"content/cache", "overlaps the content folder"},
		{"file", "is not a folder"},
		{"notes", "has no .kbc-cache file"},
		{"new/cache", ""},
		{"old", ""},
	} {
		err := ClaimCache(filepath.Join(dir, tc.cache), out, content, ours)
		switch {
		case tc.refusal == "" && err != nil:
			t.Errorf("%s: %v", tc.cache, err)
		case tc.refusal != "" && (err == nil || !strings.Contains(err.Error(), tc.refusal)):
			t.Errorf("%s: %v, want a refusal: %s", tc.cache, err, tc.refusal)
		case tc.refusal == "":
			if _, err := os.Stat(filepath.Join(dir, tc.cache, CacheMarkerFile)); err != nil {
				t.Errorf("%s: no marker: %v", tc.cache, err)
			}
		}
	}
	if _, err := os.Lstat(filepath.Join(dir, "public", "cache")); !os.IsNotExist(err) {
		t.Errorf("a refused cache folder was made: %v", err)
	}
	if data, _ := os.ReadFile(filepath.Join(dir, "notes", "state")); string(data) != "x" {
		t.Errorf("a refused folder was written to")
	}
}
