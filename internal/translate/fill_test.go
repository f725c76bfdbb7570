package translate_test

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kbcdev/kbc/internal/coverage"
	"github.com/kbcdev/kbc/internal/diag"
	"github.com/kbcdev/kbc/internal/lint"
	"github.com/kbcdev/kbc/internal/translate"
)

// Filling a locale file adds every unit it lacks, empty, with the current
// fingerprint and the source text as a comment, and leaves every byte of
// the units already there, translated or stale, as it was. The file
// loads, lints without errors, and its empty units count as missing until
// an import fills them.
func TestFillLocaleFile(t *testing.T) {
	root := copyKB(t)
	kb := loadKB(t, root)
	a := kb.Article("KB1")
	fr := filepath.Join(root, "kb1", "fr.yaml")
	before, err := os.ReadFile(fr)
	if err != nil {
		t.Fatal(err)
	}
	missing := coverage.CoverageOf(a, "fr")
	path, added, err := translate.FillLocaleFile(a, "fr")
	if err != nil || path != fr || added != missing.Missing {
		t.Fatalf("FillLocaleFile = %s, %d, %v; want %s, %d", path, added, err, fr, missing.Missing)
	}
	after, err := os.ReadFile(fr)
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.SplitAfter(string(before), "\n") {
		if !bytes.Contains(after, []byte(line)) {
			t.Errorf("the file lost %q:\n%s", line, after)
		}
	}
	for _, want := range []string{
		"# en: Reset\nprocedures.reset.title:\n  text: \"\"\n  source: \"daee7606\"\n",
		"# en: Start the app again.\n# en:\n# en: It asks for your user name{{fn:signin}}.\n",
	} {
		if !bytes.Contains(after, []byte(want)) {
			t.Errorf("the file lacks %q:\n%s", want, after)
		}
	}
	kb = loadKB(t, root)
	a = kb.Article("KB1")
	if got := coverage.CoverageOf(a, "fr"); got != missing {
		t.Errorf("coverage after filling %+v, before %+v", got, missing)
	}
	if errs, _ := lint.Run(kb, lint.All()).Count(); errs > 0 {
		t.Errorf("lint finds errors:\n%s", listString(lint.Run(kb, lint.All())))
	}

	// Again: nothing to add, nothing written.
	if _, added, err := translate.FillLocaleFile(a, "fr"); err != nil || added != 0 {
		t.Errorf("second fill: %d added, %v", added, err)
	}
	if again, _ := os.ReadFile(fr); !bytes.Equal(again, after) {
		t.Errorf("a second fill changed the file:\n%s", again)
	}

	// The empty units are what an export hands over, and an import fills
	// them in place.
	im := runImport(t, kb, fill(export(t, kb, false)))
	if d := im.Diagnostics(); len(d) > 0 {
		t.Fatalf("import findings:\n%s", listString(d))
	}
	apply(t, im)
	kb = loadKB(t, root)
	if c := coverage.CoverageOf(kb.Article("KB1"), "fr"); c.Current != c.Units {
		t.Errorf("after the import: %+v", c)
	}
}

// Without a locale file, filling creates it, with its lang key.
func TestFillLocaleFileCreates(t *testing.T) {
	root := copyKB(t)
	fr := filepath.Join(root, "kb1", "fr.yaml")
	if err := os.Remove(fr); err != nil {
		t.Fatal(err)
	}
	kb := loadKB(t, root)
	if _, added, err := translate.FillLocaleFile(kb.Article("KB1"), "fr"); err != nil || added != 8 {
		t.Fatalf("%d added, %v", added, err)
	}
	b, _ := os.ReadFile(fr)
	if !bytes.Contains(b, []byte("\nlang: fr\n")) {
		t.Errorf("no lang key:\n%s", b)
	}
	kb = loadKB(t, root)
	var errs int
	for _, d := range lint.Run(kb, lint.All()) {
		if d.Severity == diag.Error {
			errs++
		}
	}
	if errs > 0 || coverage.CoverageOf(kb.Article("KB1"), "fr").Missing != 8 {
		t.Errorf("%d lint errors, coverage %+v", errs, coverage.CoverageOf(kb.Article("KB1"), "fr"))
	}
}
