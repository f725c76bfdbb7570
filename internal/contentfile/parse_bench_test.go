package contentfile_test

import (
	"os"
	"testing"

	"github.com/kbcdev/kbc/internal/contentfile"
	"github.com/kbcdev/kbc/internal/diag"
)

// BenchmarkParse parses every content file of a generated knowledge base,
// in all four locales, as a load does: the check of the text, then the
// fast path.
func BenchmarkParse(b *testing.B) {
	_, names := generatedFiles(b, 50)
	var files [][]byte
	var size int64
	for _, name := range names {
		src, err := os.ReadFile(name)
		if err != nil {
			b.Fatal(err)
		}
		files = append(files, src)
		size += int64(len(src))
	}
	b.SetBytes(size)
	b.ReportAllocs()
	for b.Loop() {
		for i, src := range files {
			var diags diag.List
			if root, _ := contentfile.Parse(names[i], src, &diags); root == nil || len(diags) > 0 {
				b.Fatalf("%s: %v", names[i], diags)
			}
		}
	}
}
