package site_test

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/rogpeppe/go-internal/txtar"

	"github.com/kbcdev/kbc/internal/build"
	"github.com/kbcdev/kbc/internal/content"
	"github.com/kbcdev/kbc/internal/lint"
)

// fuzzSiteFixed is the fixed part of every fuzzed site: kb.yaml, a second
// article to link to, and the image the fuzzed article may declare.
var fuzzSiteFixed = map[string]string{
	"kb.yaml": `source_locale: en
locales: [en, fr, ja]
platforms:
  android: {name: {en: Android, fr: Android, ja: Android}}
  ios: {name: {en: iOS, fr: iOS, ja: iOS}}
external:
  KB900:
    url: https://example.com/kb/900
    title: {en: Elsewhere, fr: Ailleurs, ja: 他所}
`,
	"kb2/article.yaml": `id: KB2
title: Install the app
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

// buildLimit bounds one fuzzed build; the fuzzing engine has no time
// limit per input of its own.
const buildLimit = 20 * time.Second

// FuzzRenderArticle runs the path of kbc build, load, lint and render,
// over a site whose article KB1 and its French translation are fuzzed.
// The build may refuse the input, but must not panic, and every page it
// renders must pass checkPage. The site is rendered whatever lint finds:
// it promises to render unresolved references as plain text.
//
// Creating a file costs far more than rendering a small site, so the
// fixed files are written once, each input rewrites only the two fuzzed
// files, and the site is rendered into memory (build.Render).
func FuzzRenderArticle(f *testing.F) {
	for _, file := range txtar.Parse([]byte(hostileKB)).Files {
		if file.Name == "content/kb1/article.yaml" {
			f.Add(file.Data, []byte("lang: fr\ntitle: {text: \"<script>alert('fr')</script>\", source: 00000000}\n"))
		}
	}
	f.Add([]byte("id: KB1\ntitle: See {{kb:KB2#install}}\nsee_also: [KB2, KB900]\n"), []byte{})
	root := filepath.Join(f.TempDir(), "content")
	for name, data := range fuzzSiteFixed {
		writeFuzzFile(f, filepath.Join(root, filepath.FromSlash(name)), []byte(data))
	}
	articleFile, frFile := filepath.Join(root, "kb1", "article.yaml"), filepath.Join(root, "kb1", "fr.yaml")
	f.Fuzz(func(t *testing.T, article, fr []byte) {
		timer := time.AfterFunc(buildLimit, func() {
			panic(fmt.Sprintf("building took longer than %s:\narticle.yaml: %q\nfr.yaml: %q", buildLimit, article, fr))
		})
		defer timer.Stop()
		writeFuzzFile(t, articleFile, article)
		if len(fr) > 0 {
			writeFuzzFile(t, frFile, fr)
		} else if err := os.Remove(frFile); err != nil && !errors.Is(err, fs.ErrNotExist) {
			t.Fatal(err)
		}
		kb, _, err := content.Load(root)
		if err != nil {
			t.Fatalf("load: %v", err)
		}
		lint.Run(kb, lint.All())
		pages := map[string]string{}
		_, err = build.Render(kb, build.Options{}, func(p string, data []byte) error {
			if strings.HasSuffix(p, ".html") {
				pages[p] = string(data)
			}
			return nil
		})
		if err != nil {
			return
		}
		for p, page := range pages {
			if err := checkPage(page); err != nil {
				t.Errorf("%s: %v", p, err)
			}
		}
	})
}

func writeFuzzFile(t testing.TB, path string, data []byte) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
}
