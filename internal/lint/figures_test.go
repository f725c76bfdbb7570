package lint_test

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/kbcdev/kbc/internal/diag"

	"github.com/kbcdev/kbc/internal/lint"
	"github.com/kbcdev/kbc/internal/lint/linttest"
	"github.com/kbcdev/kbc/internal/treetest"
)

func TestFigures(t *testing.T) {
	got := linttest.Run(t, "testdata/figures/bad", lint.Figures)
	linttest.Run(t, "testdata/figures/good", lint.Figures)

	// Findings in a translation or a locale's variant concern that locale
	// only; those on the source concern every locale.
	wantLocale := map[string]string{
		"<script> is not allowed":               "fr",
		`unknown figure "connexion"`:            "fr",
		`alt text of figure "login"`:            "fr",
		`unknown figure "logn"`:                 "",
		`alt text of figure "session-id"`:       "",
		"figures/de/login.svg is a variant for": "",
	}
	checkLocales(t, got, wantLocale)
}

// checkLocales asserts the locale of the findings whose message contains
// each key: the locale a finding concerns is not part of its message, so
// the want comments of a fixture cannot state it.
func checkLocales(t *testing.T, got diag.List, want map[string]string) {
	t.Helper()
	for sub, locale := range want {
		found := false
		for _, d := range got {
			if strings.Contains(d.Message, sub) {
				found = true
				if d.Locale != locale {
					t.Errorf("%s: %s: locale %q, want %q", d.Pos, d.Message, d.Locale, locale)
				}
			}
		}
		if !found {
			t.Errorf("no finding contains %q", sub)
		}
	}
}

// TestFiguresHostileCatalogue lints a knowledge base whose figures are the
// hostile SVG files of package svg's catalogue: each thing the allow-list
// refuses must be reported in the SVG file, at the line of its want
// comment, with the figure declaration as related position; a file with
// no want is one the site publishes as Sanitize writes it, which that
// package's browser test opens.
func TestFiguresHostileCatalogue(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("..", "svg", "testdata", "hostile", "*.svg"))
	if err != nil || len(files) < 30 {
		t.Fatalf("the hostile catalogue: %d files, %v", len(files), err)
	}
	dir := t.TempDir()
	article := "id: KB1\ntitle: Hostile figures\nfigures:\n"
	refs := ""
	for i, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		name := filepath.Base(f)
		if err := os.MkdirAll(filepath.Join(dir, "kb1", "figures"), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, "kb1", "figures", name), data, 0o644); err != nil {
			t.Fatal(err)
		}
		article += fmt.Sprintf("  f%d: {src: figures/%s, alt: Hostile figure number %d}\n", i, name, i)
		refs += fmt.Sprintf(" {{fig:f%d}}", i)
	}
	article += "sections:\n  - id: all\n    body: Every one" + refs + "\n"
	for name, data := range map[string]string{"kb.yaml": "source_locale: en\nlocales: [en]\n", "kb1/article.yaml": article} {
		if err := os.WriteFile(filepath.Join(dir, filepath.FromSlash(name)), []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	got := linttest.Run(t, dir, lint.Figures)
	refused := map[string]bool{}
	for _, d := range got {
		if filepath.Ext(d.Pos.File) != ".svg" || d.Pos.Line == 0 || d.Severity != diag.Error {
			t.Errorf("%s: %s: want an error at a line of the SVG file", d.Pos, d.Message)
		}
		if len(d.Related) != 1 || !strings.HasSuffix(d.Related[0].Pos.File, "article.yaml") {
			t.Errorf("%s: %s: want the figure's declaration as related position, got %v", d.Pos, d.Message, d.Related)
		}
		refused[filepath.Base(d.Pos.File)] = true
	}
	if len(refused) < len(files)-2 {
		t.Errorf("%d of %d hostile files refused; only the two that hide markup in text may pass", len(refused), len(files))
	}
}

// A figure of a fragment a procedure includes on one platform branch is
// that branch's: a step shown on another branch that refers to it is an
// error there, and one shown on the fragment's branch alone is not.
func TestFigureOfAFragmentOnAnotherBranch(t *testing.T) {
	dir := t.TempDir()
	svg := `<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>`
	treetest.Write(t, dir, map[string]string{
		"content/kb.yaml": "source_locale: en\nlocales: [en]\nplatforms:\n  android: {name: {en: Android}}\n  ios: {name: {en: iOS}}\n",
		"content/_fragments/store/fragment.yaml": "id: store\nfigures:\n  get: {src: figures/get.svg, alt: The GET button.}\n" +
			"steps:\n  - {id: open-store, text: Open the App Store.}\n  - {id: get, text: \"Tap GET ({{fig:get}}).\"}\n",
		"content/_fragments/store/figures/get.svg": svg,
		"content/kb1/article.yaml": "id: KB1\ntitle: Move the app\nsummary: Move it.\nprocedures:\n  - id: move\n    title: Move\n    platforms: [android, ios]\n    steps:\n" +
			"      - {id: start, text: Start.}\n      - include: store\n        platforms: [ios]\n" +
			"      - {id: confirm, text: \"Confirm the move ({{fig:get}}).\"}\n" +
			"      - {id: again, platforms: [ios], text: \"Tap GET again ({{fig:get}}).\"}\n",
	})
	var got []string
	for _, d := range linttest.Findings(t, filepath.Join(dir, "content")) {
		if d.Rule == lint.Figures.Name {
			got = append(got, fmt.Sprintf("%d: %s", d.Pos.Line, d.Message))
		}
	}
	want := []string{`12: figure "get" is fragment store's, which procedure "move" does not include on the android branch: its readers would see the figure of another platform's steps`}
	if !slices.Equal(got, want) {
		t.Errorf("findings:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// TestFigureNameInAnotherNormalization checks a figure whose file name
// macOS wrote decomposed (NFD) and whose src names it composed (NFC), as
// typed: the two look alike, so the finding says how they differ. The
// file is written here, as version control may compose its name.
func TestFigureNameInAnotherNormalization(t *testing.T) {
	lintFigureFiles(t, "figures/\u00e9cran.png", `figures/écran.png and the file's name on disk encode their accented letters differently \\(Unicode NFC and NFD`,
		"e\u0301cran.png")
}

// TestFigureFilesThatDifferInCaseOnly checks two files of a figure's
// folder whose names differ only in case: a Mac or Windows checkout keeps
// one of them. They are written here, as this repository must check out
// on those systems too.
func TestFigureFilesThatDifferInCaseOnly(t *testing.T) {
	lintFigureFiles(t, "figures/screen.png", `figure \"screen\": figures/screen.png and figures/Screen.png differ only in case`,
		"screen.png", "Screen.png")
}

// lintFigureFiles lints an article with one figure, whose src is src and
// whose want comment is want, beside the named files of its figures
// folder, each a PNG image.
func lintFigureFiles(t *testing.T, src, want string, names ...string) {
	t.Helper()
	files := map[string]string{
		"kb.yaml": "source_locale: en\nlocales: [en]\n",
		"kb1/article.yaml": "id: KB1\ntitle: Figure names\nfigures:\n  screen:\n" +
			"    src: " + src + "  # want \"" + want + "\"\n" +
			"    alt: The first screen\nsummary: See {{fig:screen}}.\n",
	}
	for _, n := range names {
		files["kb1/figures/"+n] = onePixelPNG
	}
	dir := t.TempDir()
	treetest.Write(t, dir, files)
	linttest.Run(t, dir, lint.Figures)
}

// onePixelPNG is a PNG image of one grey pixel.
const onePixelPNG = "\x89\x50\x4e\x47\x0d\x0a\x1a\x0a\x00\x00\x00\x0d\x49\x48\x44\x52\x00\x00\x00\x01\x00\x00\x00\x01\x08\x00\x00\x00\x00\x3a\x7e\x9b\x55\x00\x00\x00\x0a\x49\x44\x41\x54\x78\x9c\x63\x60\x00\x00\x00\x02\x00\x01\x48\xaf\xa4\x71\x00\x00\x00\x00\x49\x45\x4e\x44\xae\x42\x60\x82"
