package content

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"

	"github.com/kbcdev/kbc/internal/diag"
)

// TestUnitPairsTakesOnlyWhatNeedsNoFinding: the quick way to a unit's
// text and source takes a mapping of exactly those two keys, in either
// order and however quoted, and leaves every other shape, each of which
// the general way reports, to the general way.
func TestUnitPairsTakesOnlyWhatNeedsNoFinding(t *testing.T) {
	for src, want := range map[string]bool{
		`{text: "Bonjour", source: "0123abcd"}`:   true,
		`{source: "0123abcd", text: "Bonjour"}`:   true,
		`{"text": "Bonjour", 'source': 0123abcd}`: true,
		"text: Bonjour\nsource: 0123abcd\n":       true,
		`{text: "Bonjour"}`:                       false, // source missing
		`{text: "Bonjour", source: "a", note: b}`: false, // a key not known
		`{text: "Bonjour", text: "Salut"}`:        false, // a key twice
		`{text: "Bonjour", texte: "0123abcd"}`:    false,
		`{[text]: "Bonjour", source: "0123abcd"}`: false,
		`[text, source]`:                          false,
		`"Bonjour"`:                               false,
	} {
		var doc yaml.Node
		if err := yaml.Unmarshal([]byte(src), &doc); err != nil {
			t.Fatalf("%s: %v", src, err)
		}
		text, source, ok := unitPairs(doc.Content[0])
		if ok != want {
			t.Errorf("unitPairs(%s) ok = %v, want %v", src, ok, want)
			continue
		}
		if ok && (text.Value != "Bonjour" || source.Value != "0123abcd") {
			t.Errorf("unitPairs(%s) = %q, %q", src, text.Value, source.Value)
		}
	}
}

// A comma in the unquoted text of a one-line unit cuts the text there and
// makes keys of the rest: one finding says so, rather than one unknown
// key for each piece.
func TestTextCutByACommaIsOneFinding(t *testing.T) {
	var diags diag.List
	tr := loadTranslation(filepath.Join("testdata", "schema", "invalid", "translation", "unit-text-cut-by-comma.yaml"), "fr", &diags)
	if len(diags) != 1 || diags[0].Pos.Line != 4 || diags[0].Pos.Column != 46 || !strings.Contains(diags[0].Message, "a comma ends the text of unit summary") {
		t.Errorf("got %v, want one finding at 4:46 that a comma ends the text", diags)
	}
	if u := tr.Units["summary"]; u == nil || u.Source != "a9bd3046" {
		t.Errorf("the unit's source is lost: %+v", u)
	}
	// A key without a value after a quoted text is no piece of it.
	diags = nil
	dir := t.TempDir()
	path := filepath.Join(dir, "fr.yaml")
	if err := os.WriteFile(path, []byte("lang: fr\ntitle: {text: \"Déverrouiller, vite\", source: \"00000000\", note}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	loadTranslation(path, "fr", &diags)
	if len(diags) != 1 || !strings.Contains(diags[0].Message, `unknown key "note"`) {
		t.Errorf("after a quoted text: got %v, want the unknown key", diags)
	}
}
