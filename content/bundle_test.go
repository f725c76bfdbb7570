// Package content_test checks the bundled knowledge base by its
// properties: that it loads and lints clean, that every article is
// complete in every locale kb.yaml requires, and that the structure of
// each seed article matches the support article it was written from,
// branch by branch and step by step. It never counts the articles or the
// locales: a writer who adds an article or a locale keeps these tests
// passing by keeping the knowledge base sound. The compiler's own tests
// use knowledge bases of their own, under testdata.
package content_test

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/kbcdev/kbc/internal/build"
	"github.com/kbcdev/kbc/internal/content"
	"github.com/kbcdev/kbc/internal/contentfmt"
	"github.com/kbcdev/kbc/internal/coverage"
	"github.com/kbcdev/kbc/internal/diag"
	"github.com/kbcdev/kbc/internal/lint"
)

// shape is what a seed article holds: steps per procedure branch ("proc/branch",
// branch empty for a procedure without platforms), figures and
// troubleshooting entries. The step counts follow the source articles,
// with their numbering defects (skipped and repeated numbers, alternatives
// typed as steps) repaired.
type shape struct {
	lang     string
	steps    map[string]int
	figures  int
	troubles int
}

// seeds are the articles the knowledge base started from.
var seeds = map[string]shape{
	"KB975":  {"hu", map[string]int{"return-device/": 3, "replace-device/": 2, "request-dsc/": 3, "order-dsc/": 5}, 2, 0},
	"KB1131": {"hu", nil, 0, 0},
	"KB2260": {"ja", nil, 0, 1},
	"KB2262": {"en", map[string]int{"activate-with-qr/android": 12, "activate-with-qr/ios": 11}, 14, 3},
	"KB2264": {"en", map[string]int{"verify-number/": 6}, 0, 1},
	"KB2269": {"en", nil, 0, 0},
	"KB2277": {"en", map[string]int{"install/": 4, "activate/": 6, "approve-login/": 4, "challenge-response/": 6}, 5, 2},
	"KB2278": {"en", map[string]int{"install/": 4, "activate/": 7, "approve-login/": 4, "challenge-response/": 6}, 5, 2},
	"KB2481": {"en", map[string]int{"share-device/": 6}, 2, 1},
	"KB2545": {"en", map[string]int{"opt-back-in/": 6}, 0, 0},
	"KB2879": {"en", map[string]int{"add-with-qr/android": 8, "add-with-qr/ios": 8, "add-with-session-id/android": 6, "add-with-session-id/ios": 6}, 21, 3},
}

func load(t *testing.T) *content.KB {
	t.Helper()
	kb, diags, err := content.Load(".")
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range diags {
		if d.Severity != diag.Info { // as CI's kbc lint --strict
			t.Errorf("%s", d)
		}
	}
	return kb
}

// emptyParens is a pair of brackets with nothing between them, in
// either script: where the text holds ({{fig:…}}), a reference that
// renders as nothing.
var emptyParens = regexp.MustCompile(`\(\s*\)|（\s*）`)

// TestBundledPagesShowEveryReference renders the bundled site and checks
// that no page shows a reference as nothing, in any locale or part of a
// page: a figure numbered differently on each platform once rendered
// empty in a troubleshooting entry's summary.
func TestBundledPagesShowEveryReference(t *testing.T) {
	kb := load(t)
	pages := 0
	_, err := build.Render(kb, build.Options{}, func(path string, data []byte) error {
		if !strings.HasSuffix(path, ".html") {
			return nil
		}
		pages++
		if loc := emptyParens.FindIndex(data); loc != nil {
			t.Errorf("%s: a reference renders as nothing: …%s…", path, data[max(0, loc[0]-80):loc[1]])
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if pages == 0 {
		t.Fatal("no page rendered")
	}
}

// TestBundledContentIsFormatted checks kb.yaml and the YAML files of
// every folder beside it against kbc fmt, as the README's loop does with
// kbc fmt --check.
func TestBundledContentIsFormatted(t *testing.T) {
	files, err := filepath.Glob("*/*.yaml")
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range append(files, content.ConfigFile) {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		out, diags := contentfmt.Format(f, src)
		if diags.HasErrors() {
			t.Errorf("%s: %v", f, diags)
		} else if !bytes.Equal(out, src) {
			t.Errorf("%s is not in the layout kbc fmt keeps; run kbc fmt", f)
		}
	}
}

func TestBundledContentLintsClean(t *testing.T) {
	kb := load(t)
	for _, d := range lint.Run(kb, lint.All()) {
		if d.Severity != diag.Info { // warnings too: CI lints the content with --strict
			t.Errorf("%s", d)
		}
	}
}

func TestSeedArticlesMatchTheirSources(t *testing.T) {
	kb := load(t)
	for id, w := range seeds {
		a := kb.Article(id)
		if a == nil {
			t.Errorf("%s is missing", id)
			continue
		}
		if a.Lang != w.lang {
			t.Errorf("%s is written in %s, want %s", id, a.Lang, w.lang)
		}
		got := map[string]int{}
		for _, p := range a.Procedures {
			for _, b := range p.Branches() {
				got[fmt.Sprintf("%s/%s", p.ID, b)] = len(p.Branch(b))
			}
		}
		if fmt.Sprint(got) != fmt.Sprint(nonNil(w.steps)) {
			t.Errorf("%s steps per branch = %v, want %v", id, got, w.steps)
		}
		if len(a.Figures) != w.figures {
			t.Errorf("%s has %d figures, want %d", id, len(a.Figures), w.figures)
		}
		if len(a.Troubleshooting) != w.troubles {
			t.Errorf("%s has %d troubleshooting entries, want %d", id, len(a.Troubleshooting), w.troubles)
		}
	}
}

func nonNil(m map[string]int) map[string]int {
	if m == nil {
		return map[string]int{}
	}
	return m
}

func TestBundledArticlesAreCompleteInEveryRequiredLocale(t *testing.T) {
	kb := load(t)
	for _, a := range kb.Articles {
		if a.Status != content.Published {
			continue
		}
		for _, l := range kb.Config.RequiredLocales {
			if l == a.Lang {
				continue
			}
			if a.Translations[l] == nil {
				t.Errorf("%s has no %s translation", a.ID, l)
				continue
			}
			for _, p := range coverage.PendingUnits(a, l) {
				t.Errorf("%s: %s unit %s is %s", a.ID, l, p.Source.Key, p.State)
			}
		}
	}
}
