package translate_test

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/kbcdev/kbc/internal/build"
	"github.com/kbcdev/kbc/internal/content"
	"github.com/kbcdev/kbc/internal/translate"
)

// Every link a translator is given leads to a page of the built site and
// to an element on it, for every text of every article of the bundled
// knowledge base: the anchors are the ids the site gives each part.
func TestContextLinksLeadToTheSite(t *testing.T) {
	kb, _, err := content.Load(filepath.Join("..", "..", "content"))
	if err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "public")
	if _, err := build.Build(kb, build.Options{Out: out}); err != nil {
		t.Fatal(err)
	}
	pages := map[string]string{}
	links := 0
	if len(kb.Fragments) == 0 {
		t.Fatal("the bundled knowledge base has no fragment; the test needs one")
	}
	for _, a := range kb.Translatable() {
		for _, locale := range kb.Config.Locales {
			if locale == a.Lang {
				continue
			}
			ctx := translate.ContextOf(kb.Config, a, locale, "")
			if f := kb.Fragment(a.ID); a.IsFragment() && f != nil {
				ctx = translate.FragmentContextOf(kb, f, locale, "")
			}
			if len(ctx) != len(a.Texts()) {
				t.Errorf("%s: context for %d of %d texts", a.ID, len(ctx), len(a.Texts()))
			}
			for key, c := range ctx {
				if c.Article == "" || c.Role == "" || strings.Contains(c.Role, "unknown") {
					t.Errorf("%s %s: context %+v", a.ID, key, c)
				}
				file, anchor, _ := strings.Cut(c.Link, "#")
				page, ok := pages[file]
				if !ok {
					b, err := os.ReadFile(filepath.Join(out, filepath.FromSlash(file)))
					if err != nil {
						t.Errorf("%s %s: %s leads to no page: %v", a.ID, key, c.Link, err)
						continue
					}
					page = string(b)
					pages[file] = page
				}
				if anchor != "" && !strings.Contains(page, ` id="`+anchor+`"`) {
					t.Errorf("%s %s: %s leads to no element of the page", a.ID, key, c.Link)
				}
				links++
			}
		}
	}
	if links == 0 {
		t.Fatal("no links checked")
	}
}

// A unit's role names its part as a translator reads the page: steps and
// choices by their number on each platform branch, figures and footnotes
// by their number in reading order.
func TestContextRoles(t *testing.T) {
	root := t.TempDir()
	writeKB(t, root, map[string]string{
		"kb.yaml": "source_locale: en\nlocales: [en, fr]\nplatforms:\n  android: {name: {en: Android, fr: Android}}\n  ios: {name: {en: iOS, fr: iOS}}\n",
		"kb1/article.yaml": `id: KB1
title: Activate **IB Key**
requirements: [A phone.]
notes:
  - {id: one, kind: warning, text: One phone only.}
sections:
  - id: limits
    title: Limits
    body: See the table.
    table:
      caption: Limits by device
      header: [Device, Limit]
      rows:
        - [Phone, One]
figures:
  a: {src: figures/a.svg, alt: Screen A}
  b: {src: figures/b.svg, alt: Screen B, caption: The B screen}
procedures:
  - id: activate
    title: Activate
    platforms: [android, ios]
    steps:
      - id: open
        text: Open the app {{fig:b}}.
      - id: allow
        platforms: [android]
        text: Tap Allow {{fig:a}}.
      - id: scan
        text: Scan the code.
        choices:
          - {when: It works., text: Go on., end: true}
          - {when: It fails., text: Retry, next: open, back: true}
        result: The app is active.
        note: Keep the phone.
troubleshooting:
  - id: err
    symptom: An error appears.
    cause: The code expired.
    remedy: Scan again{{fn:x}}.
footnotes:
  - {id: x, text: A new code each time.}
`,
	})
	for _, f := range []string{"a", "b"} {
		p := filepath.Join(root, "kb1", "figures", f+".svg")
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(`<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>`), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	kb := loadKB(t, root)
	ctx := translate.ContextOf(kb.Config, kb.Article("KB1"), "fr", "https://help.example.org")
	for key, want := range map[string]string{
		"title":                                         "title",
		"requirements.0":                                "requirement 1",
		"notes.one.text":                                "note (warning)",
		"sections.limits.body":                          "section body of 'Limits'",
		"sections.limits.table.rows.0.1":                "table cell, row 1, column 2 of 'Limits'",
		"figures.a.alt":                                 "alt text of figure 2",
		"figures.b.caption":                             "figure caption of figure 1",
		"procedures.activate.steps.open.text":           "step 1 of 'Activate' on Android and iOS",
		"procedures.activate.steps.allow.text":          "step 2 of 'Activate' on Android",
		"procedures.activate.steps.scan.text":           "step 3 of 'Activate' on Android, step 2 on iOS",
		"procedures.activate.steps.scan.choices.1.when": "choice condition 3.b of 'Activate' on Android, choice condition 2.b on iOS",
		"procedures.activate.steps.scan.result":         "step result of step 3 of 'Activate' on Android, step 2 on iOS",
		"troubleshooting.err.cause":                     "troubleshooting: cause, for 'An error appears.'",
		"footnotes.x.text":                              "footnote 1",
	} {
		if got := ctx[key].Role; got != want {
			t.Errorf("%s: role %q, want %q", key, got, want)
		}
	}
	if c := ctx["procedures.activate.steps.allow.text"]; c.Article != "Activate IB Key" || c.Link != "https://help.example.org/fr/kb1/#allow" {
		t.Errorf("context %+v", c)
	}
	if got := ctx["figures.a.alt"].Link; !regexp.MustCompile(`/fr/kb1/#_fig_a$`).MatchString(got) {
		t.Errorf("figure link %q", got)
	}
}

func writeKB(t testing.TB, root string, files map[string]string) {
	t.Helper()
	for name, body := range files {
		p := filepath.Join(root, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}
