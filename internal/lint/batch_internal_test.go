package lint

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/kbcdev/kbc/internal/content"
	"github.com/kbcdev/kbc/internal/corpus"
)

// TestBatchesDoNotChangeFindings checks a generated knowledge base with
// faults in several articles, some of them references between articles,
// in batches of every size from one article to all: the findings must be
// the same.
func TestBatchesDoNotChangeFindings(t *testing.T) {
	root := filepath.Join(t.TempDir(), "content")
	if err := corpus.Write(root, corpus.Options{Articles: 12, Seed: 5}); err != nil {
		t.Fatal(err)
	}
	spoil := func(id, old, new string) {
		p := filepath.Join(root, strings.ToLower(id), "article.yaml")
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(data), old) {
			t.Fatalf("%s does not hold %q", p, old)
		}
		if err := os.WriteFile(p, []byte(strings.Replace(string(data), old, new, 1)), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	spoil("KB100001", `summary: "`, `summary: "See {{kb:KB100003#nowhere}} and {{kb:KB999999}}. `)
	spoil("KB100004", `summary: "`, `summary: "Go to {{step:missing}}; press OK in 3 seconds. `)
	spoil("KB100008", "id: issue-1", "id: issue-9")
	spoil("KB100010", `summary: "`, `summary: "Read {{kb:KB100008#issue-1}}. `)

	kb, diags, err := content.Load(root)
	if err != nil || diags.HasErrors() {
		t.Fatalf("load: %v %v", err, diags)
	}
	var want []string
	for _, n := range []int{len(kb.Articles), 1, 2, 5, 7} {
		var got []string
		for _, d := range runInBatches(kb, All(), n) {
			got = append(got, d.String())
		}
		if want == nil {
			want = got
			if len(want) < 4 {
				t.Fatalf("the spoiled knowledge base has only %d findings: %v", len(want), want)
			}
			continue
		}
		if !slices.Equal(got, want) {
			t.Errorf("batches of %d: findings\n%s\nwant\n%s", n, strings.Join(got, "\n"), strings.Join(want, "\n"))
		}
	}
}
