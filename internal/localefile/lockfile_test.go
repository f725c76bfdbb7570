package localefile

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A locale file that is a symbolic link is refused: the file it leads to
// is none of the knowledge base's, and an edit written in the link's
// place would lose what it holds.
func TestReadRefusesASymbolicLink(t *testing.T) {
	dir := t.TempDir()
	outside := filepath.Join(dir, "outside.yaml")
	if err := os.WriteFile(outside, []byte("lang: fr\ntitle: {text: Titre, source: \"7a65318f\"}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(dir, "fr.yaml")
	if err := os.Symlink(outside, link); err != nil {
		t.Fatal(err)
	}
	for _, lock := range []bool{false, true} {
		f, err := Read(link, lock)
		if err == nil || !strings.Contains(err.Error(), "symbolic link") {
			t.Errorf("Read(lock %v) = %+v, %v; want the link refused", lock, f, err)
		}
	}
	folder := filepath.Join(dir, "hu.yaml")
	if err := os.Mkdir(folder, 0o755); err != nil {
		t.Fatal(err)
	}
	if _, err := Read(folder, true); err == nil || !strings.Contains(err.Error(), "not a regular file") {
		t.Errorf("Read of a folder: %v; want it refused", err)
	}
}
