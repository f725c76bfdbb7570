package content_test

import (
	"fmt"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/kbcdev/kbc/internal/content"
	"github.com/kbcdev/kbc/internal/diag"
	"github.com/kbcdev/kbc/internal/treetest"
)

// fuzzConfig is the kb.yaml of every fuzzed knowledge base: all four site
// locales, both platforms and one external article, so that references
// and translations in real articles have something to resolve against.
const fuzzConfig = `source_locale: en
locales: [en, fr, hu, ja]
platforms:
  android:
    name: {en: Android, fr: Android, hu: Android, ja: Android}
  ios:
    name: {en: iOS, fr: iOS, hu: iOS, ja: iOS}
external:
  KB900:
    url: https://example.com/kb/900
    title: {en: Elsewhere, fr: Ailleurs, hu: Máshol, ja: 他所}
`

// fuzzSource is the fixed source article that fuzzed translation files
// translate: it has a unit of every kind a translation key can name.
const fuzzSource = `id: KB1
title: Pair a phone
summary: Register the phone as a second factor {{fn:data}}.
requirements:
  - The phone has a data connection.
notes:
  - {id: one-phone, kind: warning, text: One phone per user name.}
sections:
  - id: limits
    title: Limits
    body: |
      A paragraph.

      - a list item
    table:
      caption: Limits by device
      header: [Device, Limit]
      rows:
        - [Phone, Ten a day]
figures:
  login: {src: figures/login.svg, alt: The login screen, caption: Log in first}
procedures:
  - id: pair
    title: Pair the phone
    intro: Keep the phone at hand.
    platforms: [android, ios]
    steps:
      - id: open
        text: Open the app {{fig:login}}.
        choices:
          - when: The login screen shows.
            text: Tap **Log in**.
            next: code
          - when: The home page shows.
            text: Tap **More**.
            next: code
      - id: code
        text: Enter the code.
        result: The phone is paired.
        note: The code is valid for a minute.
troubleshooting:
  - id: expired
    symptom: The code is refused.
    cause: It has expired.
    remedy: Start again at {{step:open}}.
footnotes:
  - {id: data, text: Mobile data or Wi-Fi.}
see_also: [KB900]
`

// loadFuzzKB writes files into a fresh knowledge base beside fuzzConfig,
// loads it twice and checks what every load must guarantee whatever the
// input: no panic, findings that name their file with sane positions,
// sorted without duplicates, and the same findings on both loads.
func loadFuzzKB(t *testing.T, files map[string][]byte) (*content.KB, diag.List) {
	t.Helper()
	defer watchdog(files)()
	root := t.TempDir()
	files[content.ConfigFile] = []byte(fuzzConfig)
	treetest.Write(t, root, files)
	kb, diags, err := content.Load(root)
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	if kb == nil {
		t.Fatal("Load returned no knowledge base and no error")
	}
	checkFindings(t, root, diags)
	_, again, err := content.Load(root)
	if err != nil {
		t.Fatalf("second Load: %v", err)
	}
	if !reflect.DeepEqual(diags, again) {
		t.Fatalf("loading twice gave different findings:\nfirst:  %v\nsecond: %v", diags, again)
	}
	return kb, diags
}

// loadLimit bounds the time two loads of one small knowledge base may
// take. The fuzzing engine has no time limit per input, so without it a
// slow input stalls a run instead of failing it.
const loadLimit = 10 * time.Second

// watchdog crashes the test process, naming the input, when the load
// outlives loadLimit; the fuzzing engine then records the input as a
// failure. The returned function stops it.
func watchdog(files map[string][]byte) (stop func()) {
	timer := time.AfterFunc(loadLimit, func() {
		var b strings.Builder
		for name, data := range files {
			fmt.Fprintf(&b, "\n%s: %q", name, data)
		}
		panic(fmt.Sprintf("loading took longer than %s:%s", loadLimit, b.String()))
	})
	return func() { timer.Stop() }
}

// checkFindings asserts the invariants of a loader's findings.
func checkFindings(t *testing.T, root string, diags diag.List) {
	t.Helper()
	for i, d := range diags {
		checkPosition(t, root, d.Pos, d)
		for _, r := range d.Related {
			checkPosition(t, root, r.Pos, d)
		}
		if d.Rule == "" || d.Message == "" {
			t.Errorf("finding without rule or message: %#v", d)
		}
		if d.Severity != diag.Error && d.Severity != diag.Warning {
			t.Errorf("finding with severity %v: %s", d.Severity, d)
		}
		if i > 0 {
			p := diags[i-1]
			if diags.Less(i, i-1) {
				t.Errorf("findings out of order: %s before %s", p, d)
			}
			if p.Pos == d.Pos && p.Rule == d.Rule && p.Locale == d.Locale && p.Message == d.Message {
				t.Errorf("duplicate finding: %s", d)
			}
		}
	}
}

func checkPosition(t *testing.T, root string, pos diag.Position, d diag.Diagnostic) {
	t.Helper()
	if pos.File == "" {
		t.Errorf("finding without a file: %#v", d)
	} else if rel, err := filepath.Rel(root, pos.File); err != nil || !filepath.IsLocal(rel) {
		t.Errorf("finding names a file outside the knowledge base: %s", d)
	}
	if pos.Line < 0 || pos.Column < 0 || (pos.Line == 0 && pos.Column != 0) {
		t.Errorf("finding with position line %d column %d: %s", pos.Line, pos.Column, d)
	}
}

// FuzzLoadArticle loads a knowledge base whose one article source file is
// the fuzzed input.
func FuzzLoadArticle(f *testing.F) {
	f.Add([]byte(fuzzSource))
	f.Add([]byte("id: KB1\ntitle: Minimal\n"))
	f.Add([]byte("id: KB1\ntitle: &a x\nsummary: *a\n"))
	f.Add([]byte("id: KB1\nid: KB1\ntitle: [\n"))
	f.Fuzz(func(t *testing.T, src []byte) {
		kb, _ := loadFuzzKB(t, map[string][]byte{"kb1/article.yaml": src})
		for _, a := range kb.Articles {
			if a.ID == "" || kb.Article(a.ID) != a {
				t.Errorf("article %q is not reachable by its id", a.ID)
			}
		}
	})
}

// FuzzLoadTranslation loads fuzzSource with the fuzzed input as its
// French translation file.
func FuzzLoadTranslation(f *testing.F) {
	f.Add([]byte("lang: fr\ntitle: {text: Associer un téléphone, source: 0000abcd}\n"))
	f.Add([]byte("lang: fr\nprocedures.pair.steps.open.choices.1.text: {text: Touchez **Plus**., source: 12345678}\n"))
	f.Add([]byte("lang: ja\nsections.limits.table.rows.0.9: {text: x, source: x}\nnosuch: 1\n"))
	f.Fuzz(func(t *testing.T, fr []byte) {
		kb, _ := loadFuzzKB(t, map[string][]byte{
			"kb1/article.yaml":      []byte(fuzzSource),
			"kb1/figures/login.svg": []byte(`<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>`),
			"kb1/fr.yaml":           fr,
		})
		a := kb.Article("KB1")
		if a == nil {
			t.Fatal("the fixed source article did not load")
		}
		// Whatever the translation holds, the source text stays the
		// fallback: a broken translation cannot blank the page.
		if lt, _, _ := a.Localize(a.Title, "fr"); lt.Value == "" {
			t.Errorf("French title is empty")
		}
	})
}

// TestFuzzSourceIsClean keeps fuzzSource a sound article, so that fuzzed
// translations are measured against keys that exist.
func TestFuzzSourceIsClean(t *testing.T) {
	_, diags := loadFuzzKB(t, map[string][]byte{
		"kb1/article.yaml":      []byte(fuzzSource),
		"kb1/figures/login.svg": []byte(`<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>`),
	})
	for _, d := range diags {
		t.Errorf("fuzzSource: %s", d)
	}
}
