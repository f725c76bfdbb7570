package contentfile_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kbcdev/kbc/internal/contentfile"
	"github.com/kbcdev/kbc/internal/corpus"
)

// TestParseFastTakesContentFiles: the fast path is not a path nothing
// takes: it takes every content file of a generated knowledge base,
// and gives what yaml.v3 gives for every file of one and of the bundled
// knowledge base.
func TestParseFastTakesContentFiles(t *testing.T) {
	root := filepath.Join(t.TempDir(), "content")
	if err := corpus.Write(root, corpus.Options{Articles: 20, Seed: 1}); err != nil {
		t.Fatal(err)
	}
	files, _ := filepath.Glob(filepath.Join(root, "*", "*.yaml"))
	bundled, _ := filepath.Glob(filepath.Join("..", "..", "content", "*", "*.yaml"))
	if len(files) == 0 || len(bundled) == 0 {
		t.Fatal("no content files")
	}
	for _, f := range append(files, bundled...) {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		took := contentfile.CheckFast(t, string(src))
		if !took && strings.HasPrefix(f, root) {
			t.Errorf("%s: the fast path did not take a generated content file", f)
		}
	}
}
