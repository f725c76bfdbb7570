package site_test

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/rogpeppe/go-internal/txtar"

	"github.com/kbcdev/kbc/internal/site"
	"github.com/kbcdev/kbc/internal/site/sitetest"
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
// writes must pass checkPage. Build is run whatever lint finds: it
// promises to render unresolved references as plain text.
func FuzzRenderArticle(f *testing.F) {
	for _, file := range txtar.Parse([]byte(hostileKB)).Files {
		if file.Name == "content/kb1/article.yaml" {
			f.Add(file.Data, []byte("lang: fr\ntitle: {text: \"<script>alert('fr')</script>\", source: 00000000}\n"))
		}
	}
	f.Add([]byte("id: KB1\ntitle: See {{kb:KB2#install}}\nsee_also: [KB2, KB900]\n"), []byte{})
	f.Fuzz(func(t *testing.T, article, fr []byte) {
		timer := time.AfterFunc(buildLimit, func() {
			panic(fmt.Sprintf("building took longer than %s:\narticle.yaml: %q\nfr.yaml: %q", buildLimit, article, fr))
		})
		defer timer.Stop()
		root := t.TempDir()
		files := map[string][]byte{"content/kb1/article.yaml": article}
		if len(fr) > 0 {
			files["content/kb1/fr.yaml"] = fr
		}
		for name, data := range fuzzSiteFixed {
			files["content/"+name] = []byte(data)
		}
		for name, data := range files {
			p := filepath.Join(root, filepath.FromSlash(name))
			if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(p, data, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		r := sitetest.RunIn(t, root, site.Options{})
		if r.Err != nil {
			return
		}
		checkSitePages(t, r.Out)
	})
}
