package localefile_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kbcdev/kbc/internal/content"
	"github.com/kbcdev/kbc/internal/localefile"
)

// loadKB loads the knowledge base at root, which must load without errors.
func loadKB(t *testing.T, root string) *content.KB {
	t.Helper()
	kb, diags, err := content.Load(root)
	if errs, _ := diags.Count(); err != nil || errs > 0 {
		t.Fatalf("%s does not load cleanly: %v %v", root, err, diags)
	}
	return kb
}

// The edits an import makes touch the bytes of the values it changes and
// nothing else, whatever style the file is written in.
func TestRenderEditsInPlace(t *testing.T) {
	kb := loadKB(t, "testdata/kb")
	a := kb.Article("KB1")
	fp := func(key string) string {
		for _, s := range a.Texts() {
			if s.Key == key {
				return content.Fingerprint(s.Value)
			}
		}
		t.Fatalf("no text %s", key)
		return ""
	}
	title, summary, restart := fp("title"), fp("summary"), fp("procedures.reset.steps.restart.text")
	for _, tc := range []struct {
		name      string
		old, want string // old is nil when empty
		units     map[string]string
	}{
		{
			name:  "single-quoted stays single-quoted",
			old:   "lang: fr\ntitle: {text: 'L''appli', source: '00000000'}\n",
			units: map[string]string{"title": "Réinitialiser l'appli"},
			want:  "lang: fr\ntitle: {text: 'Réinitialiser l''appli', source: '" + title + "'}\n",
		},
		{
			name:  "plain stays plain, comment kept",
			old:   "lang: fr\ntitle:\n  text: Payer   # court\n  source: 00000000\n",
			units: map[string]string{"title": "Régler"},
			want:  "lang: fr\ntitle:\n  text: Régler   # court\n  source: " + title + "\n",
		},
		{
			name:  "plain that would not read back is quoted",
			old:   "lang: fr\ntitle:\n  text: Payer\n  source: \"00000000\"\n",
			units: map[string]string{"title": "Oui: non #1 \"a\\b\""},
			want:  "lang: fr\ntitle:\n  text: \"Oui: non #1 \\\"a\\\\b\\\"\"\n  source: \"" + title + "\"\n",
		},
		{
			name:  "a plain text on two lines",
			old:   "lang: fr\ntitle:\n  text: Effacez\n    les données\n  source: \"00000000\"\n",
			units: map[string]string{"title": "Effacez tout"},
			want:  "lang: fr\ntitle:\n  text: Effacez tout\n  source: \"" + title + "\"\n",
		},
		{
			name:  "literal keeps its indentation and header comment",
			old:   "lang: fr\nprocedures.reset.steps.restart.text:\n  text: |  # liste\n      Un.\n\n      - Deux.\n\n  source: \"00000000\"\n",
			units: map[string]string{"procedures.reset.steps.restart.text": "Un.\n\n- Deux.\n- Trois.\n"},
			want:  "lang: fr\nprocedures.reset.steps.restart.text:\n  text: |  # liste\n      Un.\n\n      - Deux.\n      - Trois.\n\n  source: \"" + restart + "\"\n",
		},
		{
			name:  "a literal turned single line",
			old:   "lang: fr\ntitle:\n  text: |- # bloc\n    Un\n    deux\n  source: \"00000000\"\n",
			units: map[string]string{"title": "Un deux"},
			want:  "lang: fr\ntitle:\n  text: \"Un deux\" # bloc\n  source: \"" + title + "\"\n",
		},
		{
			name:  "a single line turned literal, its comment on the header",
			old:   "lang: fr\nsummary:\n  text: \"Un.\" # note\n  source: \"00000000\"\n",
			units: map[string]string{"summary": "Un.\n\nDeux."},
			want:  "lang: fr\nsummary:\n  text: |- # note\n    Un.\n\n    Deux.\n  source: \"" + summary + "\"\n",
		},
		{
			name:  "folded becomes literal",
			old:   "lang: fr\nsummary:\n  text: >\n    Un\n    deux\n  source: \"00000000\"\n",
			units: map[string]string{"summary": "Un\ndeux\n"},
			want:  "lang: fr\nsummary:\n  text: |\n    Un\n    deux\n  source: \"" + summary + "\"\n",
		},
		{
			name:  "lines in a flow mapping are escaped",
			old:   "lang: fr\nsummary: {text: Un, source: 00000000}\n",
			units: map[string]string{"summary": "Un\ndeux\n"},
			want:  "lang: fr\nsummary: {text: \"Un\\ndeux\\n\", source: " + summary + "}\n",
		},
		{
			name:  "a text a block cannot hold is double-quoted",
			old:   "lang: fr\nsummary:\n  text: Un\n  source: \"00000000\"\n",
			units: map[string]string{"summary": "  Un\n\tdeux\n\n"},
			want:  "lang: fr\nsummary:\n  text: \"  Un\\n\\tdeux\\n\\n\"\n  source: \"" + summary + "\"\n",
		},
		{
			name:  "a missing fingerprint is added, flow",
			old:   "lang: fr\ntitle: {text: Payer }\n",
			units: map[string]string{"title": "Régler"},
			want:  "lang: fr\ntitle: {text: Régler , source: \"" + title + "\"}\n",
		},
		{
			name:  "a missing fingerprint is added, block, at the end of a file without a final line break",
			old:   "lang: fr\ntitle:\n    text: Payer",
			units: map[string]string{"title": "Régler"},
			want:  "lang: fr\ntitle:\n    text: Régler\n    source: \"" + title + "\"",
		},
		{
			name:  "a unit added at the end of a file without a final line break",
			old:   "lang: fr",
			units: map[string]string{"title": "Régler"},
			want:  "lang: fr\ntitle:\n  text: \"Régler\"\n  source: \"" + title + "\"",
		},
		{
			name:  "units added in source order, comments kept with the unit they precede",
			old:   "# Fichier.\nlang: fr\n\n# Le résumé.\nsummary: {text: Un, source: 00000000}\n",
			units: map[string]string{"title": "Régler", "procedures.reset.steps.restart.text": "Un.\n- Deux.\n"},
			want: "# Fichier.\nlang: fr\ntitle:\n  text: \"Régler\"\n  source: \"" + title + "\"\n\n# Le résumé.\nsummary: {text: Un, source: 00000000}\n" +
				"procedures.reset.steps.restart.text:\n  text: |\n    Un.\n    - Deux.\n  source: \"" + restart + "\"\n",
		},
		{
			name:  "a file in an order of its own gets new units at the end",
			old:   "lang: fr\nsummary: {text: Un, source: 00000000}\nfootnotes.signin.text: {text: Un, source: 00000000}\nprocedures.reset.title: {text: Un, source: 00000000}\n",
			units: map[string]string{"title": "Régler"},
			want:  "lang: fr\nsummary: {text: Un, source: 00000000}\nfootnotes.signin.text: {text: Un, source: 00000000}\nprocedures.reset.title: {text: Un, source: 00000000}\ntitle:\n  text: \"Régler\"\n  source: \"" + title + "\"\n",
		},
		{
			name:  "CRLF and a byte-order mark",
			old:   "\ufeff# Fichier.\r\nlang: fr\r\n\r\nsummary:\r\n  text: \"Un.\"\r\n  source: \"00000000\"\r\n",
			units: map[string]string{"summary": "Un.\n\nDeux.\n", "title": "Régler"},
			want: "\ufeff# Fichier.\r\nlang: fr\r\ntitle:\r\n  text: \"Régler\"\r\n  source: \"" + title + "\"\r\n\r\n" +
				"summary:\r\n  text: |\r\n    Un.\r\n\r\n    Deux.\r\n  source: \"" + summary + "\"\r\n",
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := &localefile.LocaleEdit{Article: a, Locale: "fr", Path: "fr.yaml", Exists: true}
			for _, s := range a.Texts() {
				if text, ok := tc.units[s.Key]; ok {
					e.Units = append(e.Units, localefile.ImportedUnit{Key: s.Key, Text: text, Source: content.Fingerprint(s.Value)})
				}
			}
			got, _, _, err := e.Render([]byte(tc.old))
			if err != nil {
				t.Fatal(err)
			}
			if string(got) != tc.want {
				t.Errorf("got\n%s\nwant\n%s\n%q\n%q", got, tc.want, got, tc.want)
			}
		})
	}
}

// A unit written as something else than a mapping of text and source
// (which the loader reports) becomes one.
func TestRenderRewritesAUnitThatIsNotAMapping(t *testing.T) {
	kb := loadKB(t, "testdata/kb")
	a := kb.Article("KB1")
	fp := content.Fingerprint(a.Title.Value)
	e := &localefile.LocaleEdit{Article: a, Locale: "fr", Path: "fr.yaml", Exists: true,
		Units: []localefile.ImportedUnit{{Key: "title", Text: "Régler", Source: fp}}}
	unit := "\n  text: \"Régler\"\n  source: \"" + fp + "\""
	for old, want := range map[string]string{
		"lang: fr\ntitle: Payer # court\nsummary: {}\n": "lang: fr\ntitle:" + unit + " # court\nsummary: {}\n",
		"lang: fr\ntitle:\nsummary: {}\n":               "lang: fr\ntitle:" + unit + "\nsummary: {}\n",
		"lang: fr\n\"title\" : {}\n":                    "lang: fr\n\"title\" :" + unit + "\n",
		"lang: fr\ntitle:\n  - Payer\n  - Régler\n":     "lang: fr\ntitle:" + unit + "\n",
		"lang: fr\r\ntitle: [Payer]\r\nsummary: {}\r\n": "lang: fr\r\ntitle:" + strings.ReplaceAll(unit, "\n", "\r\n") + "\r\nsummary: {}\r\n",
	} {
		got, _, _, err := e.Render([]byte(old))
		if err != nil || string(got) != want {
			t.Errorf("%q: got %q, %v; want %q", old, got, err, want)
		}
	}
}

// Revising every unit of a bundled translation file changes the first line
// of each unit's text and nothing else.
func TestRenderRevisesEveryBundledUnitInPlace(t *testing.T) {
	bundled := filepath.Join("..", "..", "content")
	kb, _, err := content.Load(bundled)
	if err != nil {
		t.Fatal(err)
	}
	files, err := filepath.Glob(filepath.Join(bundled, "*", "??.yaml"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no translation files: %v", err)
	}
	for _, f := range files {
		a := kb.Article(strings.ToUpper(filepath.Base(filepath.Dir(f))))
		locale := strings.TrimSuffix(filepath.Base(f), ".yaml")
		tr := a.Translations[locale]
		e := &localefile.LocaleEdit{Article: a, Locale: locale, Path: f, Exists: true}
		want := map[int]bool{} // the lines that change
		for _, u := range tr.Order {
			e.Units = append(e.Units, localefile.ImportedUnit{Key: u.Key, Text: "Révisé. " + u.Text.Value, Source: u.Source})
			line := u.Text.Pos.Line
			if strings.Contains(u.Text.Value, "\n") {
				line++ // a literal block starts on the line after its header
			}
			want[line] = true
		}
		old, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		out, _, updated, err := e.Render(old)
		if err != nil || updated != len(tr.Order) {
			t.Errorf("%s: %d units updated, err %v", f, updated, err)
			continue
		}
		oldLines, newLines := strings.Split(string(old), "\n"), strings.Split(string(out), "\n")
		if len(oldLines) != len(newLines) {
			t.Errorf("%s: %d lines, want %d", f, len(newLines), len(oldLines))
			continue
		}
		for i := range oldLines {
			if changed := oldLines[i] != newLines[i]; changed != want[i+1] {
				t.Errorf("%s:%d: changed %v:\n%s\n%s", f, i+1, changed, oldLines[i], newLines[i])
			}
		}
	}
}
