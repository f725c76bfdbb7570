package localefile_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/kbcdev/kbc/internal/content"
	"github.com/kbcdev/kbc/internal/diag"
	"github.com/kbcdev/kbc/internal/localefile"
)

// FuzzRenderLocaleFile writes a title into a fuzzed locale file. Whatever
// the file holds, Render does not panic or hang, and a file it returns
// reads, as the content loader reads it, with the title as imported,
// unless the loader refuses a character of the text (which an import then
// refuses too).
func FuzzRenderLocaleFile(f *testing.F) {
	f.Add([]byte("# Titre.\nlang: fr\ntitle: {text: Payer, source: 00000000} # court\n"), "Régler")
	f.Add([]byte("\ufefflang: fr\r\n\r\nsummary:\r\n  text: |\r\n    Un.\r\n\r\n    Deux.\r\n  source: '00000000'\r\n"), "Un.\n\n- Deux.\n")
	f.Add([]byte("lang: fr\ntitle:\n  # note\n  text: 'L''appli' # court\n  source: \"0\"\n"), "L'appli\tn'a \"rien\" \\ vu")
	f.Add([]byte("lang: fr\ntitle: Payer\nsummary: {text: >\n  a\n  b, source: x}\n"), "  lignes\n\n")
	f.Add([]byte("lang: fr"), "Pa\u202eyer")
	f.Fuzz(func(t *testing.T, old []byte, text string) {
		timer := time.AfterFunc(10*time.Second, func() {
			panic(fmt.Sprintf("Render took longer than 10s on %q with %q", old, text))
		})
		defer timer.Stop()
		a := &content.Article{ID: "KB1", Lang: "en", Title: content.Text{Key: "title", Value: "Pay", Pos: diag.Position{Line: 1}}}
		fp := content.Fingerprint(a.Title.Value)
		e := &localefile.LocaleEdit{Article: a, Locale: "fr", Path: "fr.yaml", Exists: true,
			Units: []localefile.ImportedUnit{{Key: "title", Text: text, Source: fp}}}
		out, _, _, err := e.Render(old)
		if err != nil {
			return
		}
		tr, diags := content.ParseTranslation("fr.yaml", "fr", out)
		if errs, _ := diags.Count(); tr == nil || errs > 0 {
			for _, d := range diags {
				if d.Severity == diag.Error && d.Rule == content.RuleSyntax {
					return // a character the loader refuses, or the old file's own problem
				}
			}
			if tr == nil {
				t.Fatalf("the rendered file does not load:\n%s\n%v", out, diags)
			}
		}
		if u := tr.Units["title"]; u == nil || u.Text.Value != text || u.Source != fp {
			t.Fatalf("the title reads %+v, want %q:\n%s", u, text, out)
		}
	})
}
