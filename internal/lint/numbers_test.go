package lint_test

import (
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/kbcdev/kbc/internal/diag"
	"github.com/kbcdev/kbc/internal/lint"
	"github.com/kbcdev/kbc/internal/lint/linttest"
	"github.com/kbcdev/kbc/internal/treetest"
)

func TestHardcodedNumbers(t *testing.T) {
	got := linttest.Run(t, "testdata/hardcoded-numbers/bad", lint.HardcodedNumbers)
	linttest.Run(t, "testdata/hardcoded-numbers/good", lint.HardcodedNumbers)
	// Each finding quotes what was typed; it must sit exactly where that
	// text starts in the file.
	quotedMatch := regexp.MustCompile(`^"([^"]+)"`)
	for _, d := range got {
		m := quotedMatch.FindStringSubmatch(d.Message)
		if m == nil {
			t.Errorf("%s: message does not start with the quoted match: %s", d.Pos, d.Message)
			continue
		}
		if at := textAt(t, d.Pos); !strings.HasPrefix(at, m[1]) {
			t.Errorf("%s: finding for %q points at %q", d.Pos, m[1], at)
		}
	}
}

// textAt returns the rest of the line from a position; columns count code
// points.
func textAt(t *testing.T, pos diag.Position) string {
	t.Helper()
	src, err := os.ReadFile(pos.File)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(string(src), "\n")
	if pos.Line < 1 || pos.Line > len(lines) || pos.Column < 1 {
		t.Fatalf("%s: position outside the file", pos)
	}
	line := []rune(lines[pos.Line-1])
	if pos.Column-1 > len(line) {
		t.Fatalf("%s: column past the end of the line", pos)
	}
	return string(line[pos.Column-1:])
}

// A step number typed in a fragment's text is one finding, not one for
// each article that includes the fragment, and names no step: the
// fragment's steps are numbered differently in each.
func TestTypedNumberInAFragmentIsOneFinding(t *testing.T) {
	dir := t.TempDir()
	treetest.Write(t, dir, map[string]string{
		"content/kb.yaml":                       "source_locale: en\nlocales: [en]\n",
		"content/_fragments/wake/fragment.yaml": "id: wake\nsteps:\n  - {id: wake, text: Wake the phone.}\n  - {id: look, text: Look at the code from step 2.}\n",
		"content/kb1/article.yaml":              "id: KB1\ntitle: One\nsummary: One.\nprocedures:\n  - id: p\n    title: P\n    steps:\n      - {id: a, text: Start.}\n      - include: wake\n",
		"content/kb2/article.yaml":              "id: KB2\ntitle: Two\nsummary: Two.\nprocedures:\n  - id: p\n    title: P\n    steps:\n      - include: wake\n      - {id: b, text: End.}\n",
	})
	var got []string
	for _, d := range linttest.Findings(t, filepath.Join(dir, "content")) {
		if d.Rule == lint.HardcodedNumbers.Name {
			got = append(got, d.Message)
		}
	}
	if len(got) != 1 || got[0] != `"step 2" is a typed number; refer to the step with {{step:ID}}` {
		t.Errorf("findings: %q, want one that names no step", got)
	}
}

// A locale kbc has no patterns for is read with its catalog's own words
// for a step and a figure, in any digits: German's, Arabic's.
func TestTypedNumbersInTheWordsOfALocalesCatalog(t *testing.T) {
	dir := t.TempDir()
	treetest.Write(t, dir, map[string]string{
		"content/kb.yaml":          "source_locale: en\nlocales: [en, de, ar]\n",
		"content/kb1/article.yaml": "id: KB1\ntitle: Turn it on\nsummary: Follow the steps.\n",
		"content/kb1/de.yaml":      "lang: de\nsummary: {text: \"Siehe Schritt 3 und Abbildung 2.\", source: \"0\"}\n",
		"content/kb1/ar.yaml":      "lang: ar\nsummary: {text: \"انظر الخطوة ٣ أو خطوات أخرى.\", source: \"0\"}\n",
		"locales/de.yaml":          "step: \"Schritt {{.N}}\"\nfigure: \"Abbildung {{.N}}\"\n",
		"locales/ar.yaml":          "step: \"الخطوة {{.N}}\"\nfigure: \"الشكل {{.N}}\"\n",
	})
	var got []string
	for _, d := range linttest.Findings(t, filepath.Join(dir, "content")) {
		if d.Rule == "hardcoded-numbers" {
			got = append(got, filepath.Base(d.Pos.File)+": "+strings.SplitN(d.Message, ";", 2)[0])
		}
	}
	want := []string{`ar.yaml: "الخطوة ٣" is a typed number`, `de.yaml: "Abbildung 2" is a typed number`, `de.yaml: "Schritt 3" is a typed number`}
	slices.Sort(got)
	if !slices.Equal(got, want) {
		t.Errorf("typed numbers found %q, want %q", got, want)
	}
}
