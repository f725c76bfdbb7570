package lint_test

import (
	"fmt"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"github.com/kbcdev/kbc/internal/content"
	"github.com/kbcdev/kbc/internal/diag"
	"github.com/kbcdev/kbc/internal/lint"
	"github.com/kbcdev/kbc/internal/treetest"
)

// The fixed part of every fuzzed knowledge base: a kb.yaml with the four
// site locales, both platforms and an external article, and a second
// article with steps, a section and a figure, so that the fuzzed article's
// cross-references and anchors have targets to resolve against.
var fuzzFixed = map[string]string{
	"kb.yaml": `source_locale: en
locales: [en, fr, hu, ja]
platforms:
  android: {name: {en: Android, fr: Android, hu: Android, ja: Android}}
  ios: {name: {en: iOS, fr: iOS, hu: iOS, ja: iOS}}
external:
  KB900:
    url: https://example.com/kb/900
    title: {en: Elsewhere, fr: Ailleurs, hu: Máshol, ja: 他所}
`,
	"kb2/article.yaml": `id: KB2
title: Install the app
sections:
  - id: about
    title: About
    body: The app runs on {{kb:KB900}}.
procedures:
  - id: install
    title: Install
    steps:
      - id: open-store
        text: Open the store.
      - id: install
        text: Tap **Install** after {{step:open-store}}.
`,
	"kb1/figures/login.svg": `<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>`,
}

// lintLimit bounds loading and linting one small knowledge base twice;
// the fuzzing engine has no time limit per input of its own.
const lintLimit = 10 * time.Second

// FuzzLintArticle runs the whole lint path, the loader and every rule, on
// a knowledge base whose article KB1 is the fuzzed source file, with the
// fuzzed French translation beside it when that input is not empty. Both
// runs over the same files must agree, and every finding must name a file
// of the knowledge base.
func FuzzLintArticle(f *testing.F) {
	f.Add([]byte("id: KB1\ntitle: Minimal\n"), []byte{})
	f.Add([]byte("id: KB1\ntitle: See {{kb:KB2#install}}\nsee_also: [KB2, KB900]\n"), []byte("lang: fr\ntitle: {text: Voir {{kb:KB2#install}}, source: 00000000}\n"))
	// A unit written without a source fingerprint is stale, and the
	// finding must still point into fr.yaml.
	f.Add([]byte("id: KB1\ntitle: Pair a phone\n"), []byte("lang: fr\ntitle: Associer un téléphone\n"))
	f.Add([]byte("id: KB1\ntitle: Pair a phone\n"), []byte("lang: fr\ntitle: {text: Associer un téléphone}\n"))
	// A procedure without steps or platforms is reported at the procedure.
	f.Add([]byte("id: KB1\ntitle: Pair a phone\nprocedures:\n  - id: pair\n    title: Pair\n"), []byte{})
	f.Fuzz(func(t *testing.T, article, fr []byte) {
		timer := time.AfterFunc(lintLimit, func() {
			panic(fmt.Sprintf("linting took longer than %s:\narticle.yaml: %q\nfr.yaml: %q", lintLimit, article, fr))
		})
		defer timer.Stop()
		root := t.TempDir()
		files := map[string][]byte{"kb1/article.yaml": article}
		if len(fr) > 0 {
			files["kb1/fr.yaml"] = fr
		}
		for name, data := range fuzzFixed {
			files[name] = []byte(data)
		}
		treetest.Write(t, root, files)
		first := lintAll(t, root)
		checkLintFindings(t, root, first)
		if again := lintAll(t, root); !reflect.DeepEqual(first, again) {
			t.Fatalf("linting twice gave different findings:\nfirst:  %v\nsecond: %v", first, again)
		}
	})
}

// lintAll loads the knowledge base and runs every rule, as kbc lint does.
func lintAll(t *testing.T, root string) diag.List {
	kb, diags, err := content.Load(root)
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	diags = append(diags, lint.Run(kb, lint.All())...)
	diags.Sort()
	return diags
}

func checkLintFindings(t *testing.T, root string, diags diag.List) {
	t.Helper()
	known := map[string]bool{}
	for _, r := range lint.All() {
		known[r.Name] = true
	}
	for _, d := range diags {
		if !known[d.Rule] {
			t.Errorf("finding of an unlisted rule %q: %s", d.Rule, d)
		}
		if d.Message == "" || (d.Severity != diag.Error && d.Severity != diag.Warning && d.Severity != diag.Info) {
			t.Errorf("finding without message or severity: %#v", d)
		}
		for _, p := range append([]diag.Position{d.Pos}, relatedPositions(d)...) {
			rel, err := filepath.Rel(root, p.File)
			if p.File == "" || err != nil || !filepath.IsLocal(rel) {
				t.Errorf("finding does not name a file of the knowledge base: %s", d)
			}
			if p.Line < 0 || p.Column < 0 || (p.Line == 0 && p.Column != 0) {
				t.Errorf("finding with position line %d column %d: %s", p.Line, p.Column, d)
			}
		}
	}
}

func relatedPositions(d diag.Diagnostic) []diag.Position {
	var ps []diag.Position
	for _, r := range d.Related {
		ps = append(ps, r.Pos)
	}
	return ps
}
