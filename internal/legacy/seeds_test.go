package legacy

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/kbcdev/kbc/internal/diag"
)

// seedDir finds the shared seed texts: ../shared/seeds beside the
// repository root, found by walking up to go.mod.
func seedDir(t *testing.T) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for !fileExists(filepath.Join(dir, "go.mod")) {
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("no go.mod above the package")
		}
		dir = parent
	}
	return filepath.Join(dir, "..", "shared", "seeds")
}

func fileExists(p string) bool {
	st, err := os.Stat(p)
	return err == nil && !st.IsDir()
}

// TestSeeds imports the real legacy texts and checks that the importer
// finds their known defects and that every skeleton loads.
func TestSeeds(t *testing.T) {
	dir := seedDir(t)
	files, _ := filepath.Glob(filepath.Join(dir, "*.txt"))
	if len(files) == 0 {
		if os.Getenv("CI") != "" {
			t.Fatalf("no seed texts in %s", dir)
		}
		t.Logf("no seed texts in %s; nothing to check outside CI", dir)
		return
	}
	results := map[string]diag.List{}
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		arts, diags := Parse(filepath.Base(f), src, Options{})
		results[filepath.Base(f)] = diags
		byRule := map[string]int{}
		for _, d := range diags {
			byRule[d.Rule]++
		}
		t.Logf("%s: %d articles; findings by kind: %s", filepath.Base(f), len(arts), countString(byRule))
		if len(arts) == 0 {
			t.Errorf("%s: no articles found", f)
		}
		for _, a := range arts {
			assertLoads(t, a)
		}
	}

	// Known defects of the seed texts, by file, line and kind.
	want := []struct {
		file, at, rule, msg string
	}{
		// The iOS session-id variant jumps from step 4 to step 8.
		{"000_1376a6433c1f79db.txt", "30:1", RuleNumbering, "step 8 follows step 4"},
		{"001_c169315cb56791b1.txt", "92:1", RuleNumbering, "step 8 follows step 4"},
		{"003_d0184d0daf0795ce.txt", "284:1", RuleNumbering, "step 8 follows step 4"},
		// The iOS add-user article numbers two steps 3.
		{"000_1376a6433c1f79db.txt", "201:1", RuleNumbering, "step number 3 is repeated: line 199"},
		// The Android articles lost steps 5 and 6, keeping their figures.
		{"003_d0184d0daf0795ce.txt", "572:1", RuleNumbering, "step 7 follows step 4"},
		// A French error paragraph cites a figure its captions call Image.
		{"001_c169315cb56791b1.txt", "31:22", RuleFigures, "Figure 14 is cited but never shown"},
		// The App Store article shows figures 2 to 9 without figure 8.
		{"000_1376a6433c1f79db.txt", "105:1", RuleFigures, "Figure 9 follows figure 7"},
		// The Hungarian device article jumps from figure 1 to figure 4.
		{"003_d0184d0daf0795ce.txt", "25:1", RuleFigures, "4. ábra follows figure 1"},
		// The activation articles start with choices whose step 1 is lost.
		{"004_6110c8dc4ff29321.txt", "34:1", RuleNumbering, "choice 1.a has no step 1"},
		{"004_6110c8dc4ff29321.txt", "161:1", RuleNumbering, "choice 1.a has no step 1"},
	}
	for _, w := range want {
		found := false
		for _, d := range results[w.file] {
			if fmt.Sprintf("%d:%d", d.Pos.Line, d.Pos.Column) == w.at && d.Rule == w.rule && strings.Contains(d.Message, w.msg) {
				found = true
			}
		}
		if !found {
			t.Errorf("%s:%s: missing %s finding %q", w.file, w.at, w.rule, w.msg)
		}
	}
}

func countString(m map[string]int) string {
	var keys []string
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var parts []string
	for _, k := range keys {
		parts = append(parts, fmt.Sprintf("%s %d", k, m[k]))
	}
	return strings.Join(parts, ", ")
}
