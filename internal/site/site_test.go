package site_test

import (
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/kbcdev/kbc/internal/build"
	"github.com/kbcdev/kbc/internal/site/sitetest"
	"github.com/kbcdev/kbc/internal/treetest"
)

const kbFiles = `
-- content/kb.yaml --
source_locale: en
locales: [en, fr, hu, ja]
platforms:
  android: {name: {en: Android, fr: Android, hu: Android, ja: Android}}
  ios: {name: {en: iOS, fr: iOS, hu: iOS, ja: iOS}}
external:
  KB69:
    url: https://example.com/article/69
    title: {en: Temporary passwords, fr: Mots de passe temporaires, hu: Ideiglenes jelszavak, ja: 一時パスワード}
-- content/kb1/article.yaml --
id: KB1
title: Activate the <script>alert(1)</script> key
summary: Set up the **key** on your phone.
requirements:
  - A phone with [a link](javascript:alert(1)) and [docs](https://example.com/docs).
notes:
  - {id: careful, kind: warning, text: "One phone per user."}
figures:
  login: {src: figures/login.svg, alt: The login screen, caption: Tap Services here.}
  more: {src: figures/more.svg, alt: The More menu}
procedures:
  - id: activate
    title: Activate
    platforms: [android, ios]
    steps:
      - id: open-app
        text: Open the app {{fig:login}}.
        choices:
          - when: The login screen shows.
            text: Tap **Services**.
            next: session-id
          - when: The home page shows.
            text: Tap **More** {{fig:more}}.
      - id: register
        platforms: [android]
        text: Tap **Register**.
      - id: session-id
        text: Tap **Session ID**{{fn:data}}.
troubleshooting:
  - id: error
    symptom: An error shows.
    remedy: Repeat {{step:session-id}} and {{step:open-app}}.
footnotes:
  - {id: data, text: Needs a data connection.}
see_also: [KB2, KB69]
-- content/kb1/figures/login.svg --
<svg xmlns="http://www.w3.org/2000/svg" width="320" height="200"><rect width="320" height="200"/></svg>
-- content/kb1/figures/ja/login.svg --
<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 300 180"><rect width="300" height="180"/></svg>
-- content/kb1/figures/more.svg --
<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 50.4"><rect width="100" height="50"/></svg>
-- content/kb1/fr.yaml --
lang: fr
title: {text: "Activer la clé", source: be70e15d}
procedures.activate.steps.session-id.text: {text: "Touchez **Session ID**{{fn:data}}.", source: 00000000}
-- content/kb1/hu.yaml --
lang: hu
title: {text: "A kulcs aktiválása", source: be70e15d}
procedures.activate.steps.session-id.text: {text: "Koppintson a **Session ID** gombra{{fn:data}}.", source: d1cf76be}
troubleshooting.error.remedy: {text: "Ismételje meg: {{step:session-id}}, majd {{step:open-app}}.", source: 8370ea45}
-- content/kb1/ja.yaml --
lang: ja
title: {text: "キーの認証を有効にする", source: be70e15d}
-- content/kb2/article.yaml --
id: KB2
title: Second article
summary: The second one.
sections:
  - id: limits
    title: Limits
    body: |
      Paragraph with {{kb:KB1#session-id}}.

      - one
      - two
    table:
      header: [Device, Limit]
      rows:
        - [Key, "USD 1,000"]
-- content/kb2/hu.yaml --
lang: hu
title: {text: "Csak egy cikk", source: f20edd97}
-- content/kb3/article.yaml --
id: KB3
title: Third article
-- content/kb3/hu.yaml --
lang: hu
title: {text: "Cukor", source: f5e08e7f}
-- content/kb4/article.yaml --
id: KB4
title: Fourth article
-- content/kb4/hu.yaml --
lang: hu
title: {text: "Szél", source: ff14224d}
-- content/kb5/article.yaml --
id: KB5
title: Fifth article
-- content/kb5/hu.yaml --
lang: hu
title: {text: "Sakk", source: ecf17dfe}
`

func TestNumberingAndChoices(t *testing.T) {
	r := sitetest.Build(t, kbFiles)
	r.AssertFile("en/kb1/index.html",
		`data-platform="android"`, `data-platform="ios"`, `role="tablist"`,
		`id="_step_open-app_android"`, `id="_step_open-app_ios"`, `<span class="anchor" id="open-app"></span>`,
		`id="_step_session-id_android" value="3"`, `id="_step_session-id_ios" value="2"`,
		`<span class="step-label">Step 3</span>`,
		`<span class="choice-label">1.a</span>`, `<span class="choice-label">1.b</span>`,
		`<a class="ref ref-step" href="#_step_session-id_android">Go on with step 3.</a>`,
		`<a class="ref ref-step" href="#_step_session-id_ios">Go on with step 2.</a>`,
		`step 3 (Android)</a> or <a href="#_step_session-id_ios" class="ref ref-step">step 2 (iOS)</a>`,
		// A step every branch shares is linked by its own id, which
		// kbc.js resolves to the copy in the reader's branch.
		`<a href="#open-app" class="ref ref-step">step 1</a>`, `! <a href="#_step_open-app_android" class="ref ref-step">step 1</a>`,
		"3 steps", "2 steps",
	)
	r.AssertFile("hu/kb1/index.html",
		`Folytassa a 3. lépéssel.`, `Folytassa a 2. lépéssel.`, `az 1. lépés</a>`, `<span class="step-label">1. lépés</span>`,
	)
	r.AssertFile("ja/kb1/index.html", `ステップ 3に進んでください。`)
}

func TestPlatformBuildsOneBranch(t *testing.T) {
	r := sitetest.Run(t, kbFiles, build.Options{Platform: "ios"})
	if r.Err != nil {
		t.Fatal(r.Err)
	}
	r.AssertFile("en/kb1/index.html", `data-platform="ios"`, `! data-platform="android"`, `! role="tablist"`,
		`id="session-id" value="2"`, `<a href="#session-id" class="ref ref-step">step 2</a>`, `! Register`)
}

// A reference outside the procedures to a figure each branch shows in
// its own place leads a reader to the figure as their branch shows it,
// with its number there, even when the numbers are the same.
func TestFigureReferenceLeadsToTheReadersBranch(t *testing.T) {
	r := sitetest.Build(t, `
-- content/kb.yaml --
source_locale: en
locales: [en]
platforms:
  android: {name: {en: Android}}
  ios: {name: {en: iOS}}
-- content/kb1/article.yaml --
id: KB1
title: Probe
summary: Probe.
figures:
  a: {src: figures/a.svg, alt: Screen A.}
  b: {src: figures/b.svg, alt: Screen B.}
  c: {src: figures/a.svg, alt: Screen C.}
procedures:
  - id: proc
    title: First
    platforms: [android, ios]
    steps:
      - {id: one, text: "Open the app ({{fig:c}})."}
      - {id: droid, platforms: [android], text: "Tap **Menu** ({{fig:a}})."}
      - {id: apple, platforms: [ios], text: "Tap **More** ({{fig:b}})."}
      - {id: two, text: "Tap **Settings** ({{fig:b}})."}
troubleshooting:
  - {id: t1, symptom: Nothing happens., remedy: "See {{fig:b}}, then {{fig:c}}."}
-- content/kb1/figures/a.svg --
<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>
-- content/kb1/figures/b.svg --
<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>
`)
	r.AssertFile("en/kb1/index.html",
		`id="_fig_b"`, `id="_fig_b_proc_ios"`, `id="_fig_c"`, `id="_fig_c_proc_ios"`,
		`<span data-platform="android"><a href="#_fig_b" class="ref ref-fig">Figure 3</a></span><span data-platform="ios" hidden=""><a href="#_fig_b_proc_ios" class="ref ref-fig">Figure 2</a></span>`,
		`<span data-platform="android"><a href="#_fig_c" class="ref ref-fig">Figure 1</a></span><span data-platform="ios" hidden=""><a href="#_fig_c_proc_ios" class="ref ref-fig">Figure 1</a></span>`,
	)
}

func TestFigures(t *testing.T) {
	r := sitetest.Build(t, kbFiles)
	r.AssertFile("en/kb1/index.html",
		`<figure class="figure" id="_fig_login">`, `src="../../media/kb1/figures/login.svg" alt="The login screen" width="320" height="200"`,
		`<span class="figure-label">Figure 1</span> Tap Services here.`, `<a href="#_fig_login" class="ref ref-fig">Figure 1</a>`,
		`id="_fig_login_activate_ios"`, `<a href="#_fig_login_activate_ios" class="ref ref-fig">Figure 1</a>`,
		`width="100" height="50"`, "Figure 2",
	)
	// Captions are labelled in the page's language; a reference in a text
	// shown in the source language for want of a translation is phrased
	// in that language, as the sentence around it.
	r.AssertFile("fr/kb1/index.html", `<span class="figure-label">Image 1</span>`, `! <span class="figure-label">Figure`,
		`<span lang="en" dir="ltr">Open the app <a href="#_fig_login" class="ref ref-fig">Figure 1</a>.</span>`,
		`src="../../media/kb1/figures/login.svg"`)
	r.AssertFile("hu/kb1/index.html", `<span class="figure-label">1. ábra</span>`, `<span class="figure-label">2. ábra</span>`)
	r.AssertFile("ja/kb1/index.html", "図 1", `src="../../media/kb1/figures/ja/login.svg"`, `width="300" height="180"`)
	if !r.Exists("media/kb1/figures/ja/login.svg") || !r.Exists("media/kb1/figures/more.svg") {
		t.Error("referenced images were not copied")
	}
	figures := map[string][]string{}
	for _, f := range r.Summary.Fallbacks {
		figures[f.Locale] = f.Figures
	}
	if got := strings.Join(figures["fr"], ", "); got != "KB1 figures/login.svg, KB1 figures/more.svg" || len(figures["ja"]) != 1 {
		t.Errorf("figures shown with the source image: %v", figures)
	}
}

func TestNotices(t *testing.T) {
	r := sitetest.Build(t, kbFiles)
	r.AssertFile("fr/kb1/index.html", "notice-stale", "Une partie de cette traduction n’est plus à jour", "s’affiche en anglais", `<span lang="en" dir="ltr">`)
	r.AssertFile("hu/kb1/index.html", "! notice-stale", "angol nyelven jelennek meg")
	r.AssertFile("ja/kb1/index.html", "英語で表示", "! notice-stale")
	r.AssertFile("en/kb1/index.html", "! notice-stale", "! notice-fallback")
}

func TestSeeAlsoAndCrossReferences(t *testing.T) {
	r := sitetest.Build(t, kbFiles)
	r.AssertFile("hu/kb1/index.html",
		`<a href="../kb2/index.html">Csak egy cikk</a>`,
		`<a href="https://example.com/article/69" rel="external">Ideiglenes jelszavak</a>`)
	r.AssertFile("en/kb2/index.html",
		`<a href="../kb1/index.html#session-id" class="ref ref-kb">Activate the &lt;script&gt;alert(1)&lt;/script&gt; key</a>`,
		"<li>one</li>", "<th scope=\"col\">Device</th>", "<td>USD 1,000</td>",
		// A table that scrolls on a narrow screen is reached by the
		// keyboard, and named: by its section's title without a caption.
		`<div class="table-wrap" tabindex="0" role="region" aria-label="Limits">`)
	r.AssertFile("en/kb1/index.html", `<sup class="fn-mark"><a href="#_fn_data" id="_fnref_data" aria-label="Note 1" class="ref ref-fn">1</a></sup>`,
		`<li id="_fn_data" value="1">Needs a data connection. <a class="back" href="#_fnref_data"`)
}

func TestEscapingHostileText(t *testing.T) {
	r := sitetest.Build(t, kbFiles)
	page := r.File("en/kb1/index.html")
	r.AssertFile("en/kb1/index.html", "! <script>alert", "&lt;script&gt;alert(1)&lt;/script&gt;", "! javascript:",
		`<a href="https://example.com/docs">docs</a>`)
	if n := strings.Count(page, "<script"); n != 2 {
		t.Errorf("page has %d script elements, want the 2 external ones", n)
	}
	for _, m := range regexp.MustCompile(`<script[^>]*>`).FindAllString(page, -1) {
		if !strings.Contains(m, "src=") {
			t.Errorf("inline script: %s", m)
		}
	}
	if strings.Contains(page, "style=") || strings.Contains(page, "<style") {
		t.Error("inline style on the page")
	}
}

func TestHreflangSitemapAnd404(t *testing.T) {
	r := sitetest.Run(t, kbFiles, build.Options{BaseURL: "https://help.example.com/kb"})
	if r.Err != nil {
		t.Fatal(r.Err)
	}
	r.AssertFile("fr/kb1/index.html", `<html lang="fr" dir="ltr">`,
		`<link rel="canonical" href="https://help.example.com/kb/fr/kb1/">`,
		`<link rel="alternate" hreflang="ja" href="https://help.example.com/kb/ja/kb1/">`,
		`<link rel="alternate" hreflang="x-default" href="https://help.example.com/kb/en/kb1/">`,
		`<a href="../../hu/kb1/index.html" hreflang="hu" lang="hu" dir="ltr" data-locale="hu">magyar</a>`,
		`class="lang-switch"`, `id="_search-input"`, `id="_search-results"`)
	r.AssertFile("sitemap.xml", `xmlns:xhtml="http://www.w3.org/1999/xhtml"`,
		`<loc>https://help.example.com/kb/hu/kb2/</loc>`,
		// KB2 is translated into Hungarian alone: its French page, in the
		// source text, is not announced.
		`<xhtml:link rel="alternate" hreflang="hu" href="https://help.example.com/kb/hu/kb2/"></xhtml:link>`,
		`! <xhtml:link rel="alternate" hreflang="fr" href="https://help.example.com/kb/fr/kb2/"></xhtml:link>`)
	r.AssertFile("404.html", `<html lang="en" dir="ltr">`, "Page not found", "Page introuvable", `href="https://help.example.com/kb/ja/index.html"`)
	r.AssertFile("ja/index.html", `<html lang="ja" dir="ltr">`, `<link rel="alternate" hreflang="x-default" href="https://help.example.com/kb/">`)

	plain := sitetest.Build(t, kbFiles)
	if plain.Exists("sitemap.xml") {
		t.Error("sitemap written without a base URL")
	}
	plain.AssertFile("fr/kb1/index.html", "! rel=\"canonical\"", `<link rel="alternate" hreflang="en" href="../../en/kb1/index.html">`)
	plain.AssertFile("404.html", `href="fr/index.html"`)
	if !strings.Contains(strings.Join(plain.Summary.Notes, "\n"), "no --base-url") {
		t.Error("summary does not say the sitemap was left out")
	}
}

func TestRootChooser(t *testing.T) {
	r := sitetest.Build(t, kbFiles)
	r.AssertFile("index.html", `<a href="hu/index.html" hreflang="hu" lang="hu" dir="ltr" data-locale="hu">magyar</a>`,
		`src="assets/root.js"`, `data-langs="{`, `&#34;fr-ca&#34;:&#34;fr&#34;`)
}

func TestHungarianHomeCollation(t *testing.T) {
	r := sitetest.Build(t, kbFiles)
	home := r.File("hu/index.html")
	order := []string{"Cukor", "Csak egy cikk", "Sakk", "Szél"}
	last := -1
	for _, title := range order {
		i := strings.Index(home, ">"+title+"</a>")
		if i < 0 {
			t.Fatalf("hu home lacks %q", title)
		}
		if i < last {
			t.Errorf("%q is listed out of Hungarian order", title)
		}
		last = i
	}
	r.AssertFile("hu/index.html", "5 cikk", `id="_search-input"`)
}

func TestSearchIndex(t *testing.T) {
	r := sitetest.Build(t, kbFiles)
	r.AssertFile("search/ja/manifest.js", `kbcSearchLoaded("manifest.js",`, `"docs":5`)
	// A small knowledge base has a few shards: one of words and one of
	// Han and Kana terms per locale, beside the manifest and documents.
	shards := func(locale string) []string {
		files, _ := filepath.Glob(filepath.Join(r.Out, "search", locale, "t-*.js"))
		return files
	}
	if n := len(shards("ja")); n > 2 {
		t.Errorf("the Japanese index of 5 articles has %d shards", n)
	}
	holds := func(locale, term string) bool {
		for _, s := range shards(locale) {
			data, _ := os.ReadFile(s)
			if strings.Contains(string(data), `"`+term+`":`) {
				return true
			}
		}
		return false
	}
	if !holds("fr", "activer") {
		t.Error("no French shard holds the word activer")
	}
	// 認証 of the Japanese title is indexed as a bigram.
	if !holds("ja", "認証") {
		t.Error("no Japanese shard holds the bigram 認証")
	}
}

func TestDeterministic(t *testing.T) {
	a := sitetest.Build(t, kbFiles)
	b := sitetest.Build(t, kbFiles)
	fa, fb := treetest.Read(t, a.Out), treetest.Read(t, b.Out)
	if len(fa) != len(fb) {
		t.Fatalf("builds differ in file count: %d and %d", len(fa), len(fb))
	}
	for p, data := range fa {
		if !bytes.Equal(data, fb[p]) {
			t.Errorf("%s differs between two builds", p)
		}
	}
}

func TestAtomicSwapKeepsOldSiteOnFailure(t *testing.T) {
	r := sitetest.Build(t, kbFiles)
	if !r.Exists(build.MarkerFile) {
		t.Fatal("no marker file")
	}
	// Break the build: an image that cannot be read.
	bad := filepath.Join(r.Root, "content/kb1/figures/more.svg")
	if err := os.Remove(bad); err != nil {
		t.Fatal(err)
	}
	if err := os.Mkdir(bad, 0o755); err != nil {
		t.Fatal(err)
	}
	r2 := sitetest.RunIn(t, r.Root, build.Options{})
	if r2.Err == nil {
		t.Fatal("build with an unreadable image succeeded")
	}
	r.AssertFile("en/kb1/index.html", "Figure 2")
	entries, _ := os.ReadDir(r.Root)
	for _, e := range entries {
		if strings.Contains(e.Name(), ".kbc-new-") || strings.Contains(e.Name(), ".kbc-old-") {
			t.Errorf("leftover staging folder %s", e.Name())
		}
	}
	// A good build replaces the site whole.
	os.Remove(bad)
	os.WriteFile(bad, []byte(`<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>`), 0o644)
	os.WriteFile(filepath.Join(r.Out, "stray.txt"), []byte("x"), 0o644)
	r3 := sitetest.RunIn(t, r.Root, build.Options{})
	if r3.Err != nil {
		t.Fatal(r3.Err)
	}
	if r3.Exists("stray.txt") {
		t.Error("the old site was not replaced whole")
	}
	r3.AssertFile("en/kb1/index.html", `width="10" height="10"`)
}

func TestRefusesUnsafeTargets(t *testing.T) {
	root := t.TempDir()
	sitetest.Write(t, root, kbFiles+"\n-- notes/keep.txt --\nmine\n-- repo/go.mod --\nmodule x\n")
	home, _ := os.UserHomeDir()
	for _, out := range []string{
		filepath.Join(root, "notes"),   // not empty, no marker
		filepath.Join(root, "content"), // the content folder
		filepath.Join(root, "content", "public"),
		root,                        // holds the content folder
		filepath.Join(root, "repo"), // a repository root
		"/",
		home,
	} {
		r := sitetest.RunIn(t, root, build.Options{Out: out})
		var ue *build.UsageError
		if r.Err == nil || !errorsAs(r.Err, &ue) {
			t.Errorf("-o %s: got %v, want a refusal", out, r.Err)
		}
	}
	if data, _ := os.ReadFile(filepath.Join(root, "notes/keep.txt")); string(data) != "mine\n" {
		t.Error("refused folder was touched")
	}
}

func errorsAs(err error, target **build.UsageError) bool {
	ue, ok := err.(*build.UsageError)
	if ok {
		*target = ue
	}
	return ok
}

func buildFixture(t *testing.T) string {
	return sitetest.Build(t, kbFiles).Out
}
