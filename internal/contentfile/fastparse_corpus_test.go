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
	root, files := generatedFiles(t, 20)
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

// generatedFiles writes a generated knowledge base of n articles into a
// temporary folder, and returns that folder and its articles' files.
func generatedFiles(tb testing.TB, n int) (root string, files []string) {
	tb.Helper()
	root = filepath.Join(tb.TempDir(), "content")
	if err := corpus.Write(root, corpus.Options{Articles: n, Seed: 1}); err != nil {
		tb.Fatal(err)
	}
	files, _ = filepath.Glob(filepath.Join(root, "*", "*.yaml"))
	return root, files
}
