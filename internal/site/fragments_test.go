package site_test

import (
	"regexp"
	"strings"
	"testing"

	"github.com/kbcdev/kbc/internal/site/sitetest"
)

const fragmentFiles = `
-- content/kb.yaml --
source_locale: en
locales: [en, fr, hu, ja]
platforms:
  android: {name: {en: Android, fr: Android, hu: Android, ja: Android}}
  ios: {name: {en: iOS, fr: iOS, hu: iOS, ja: iOS}}
-- content/_fragments/install-app/fragment.yaml --
id: install-app
steps:
  - id: open-store
    text: Open the store.
  - id: get-app
    platforms: [android]
    text: Tap **Install**, then go on with {{step:sign-in}}.
-- content/_fragments/install-app/fr.yaml --
lang: fr
steps.open-store.text: {text: Ouvrez la boutique., source: 84adbfd7}
-- content/kb1/article.yaml --
id: KB1
title: Set up
procedures:
  - id: setup
    title: Set up
    platforms: [android, ios]
    steps:
      - id: start
        text: Unlock the phone.
      - include: install-app
      - id: sign-in
        text: Sign in; if the app is missing, repeat {{step:open-store}}.
-- content/kb2/article.yaml --
id: KB2
title: Reinstall
procedures:
  - id: again
    title: Again
    steps:
      - include: install-app
      - id: sign-in
        text: Sign in.
`

// TestIncludedStepsNumberedInPlace shows a fragment's steps in the
// including procedure, numbered in place on each branch, linked across
// the boundary both ways, and translated from the fragment's own files.
func TestIncludedStepsNumberedInPlace(t *testing.T) {
	r := sitetest.Build(t, fragmentFiles)
	r.AssertFile("en/kb1/index.html",
		`id="_step_open-store_android" value="2"`, `id="_step_get-app_android" value="3"`, `id="_step_sign-in_android" value="4"`,
		`id="_step_open-store_ios" value="2"`, `id="_step_sign-in_ios" value="3"`, `! id="_step_get-app_ios"`,
		`Open the store.`, `Tap <strong>Install</strong>, then go on with <a href="#_step_sign-in_android" class="ref ref-step">step 4</a>`,
		`repeat <a href="#_step_open-store_android" class="ref ref-step">step 2</a>`, `repeat <a href="#_step_open-store_ios" class="ref ref-step">step 2</a>`,
		"4 steps", "3 steps")
	r.AssertFile("fr/kb1/index.html", `Ouvrez la boutique.`)
	// A procedure without branches shows every step of the fragment; lint
	// reports the step's platform limit there.
	r.AssertFile("en/kb2/index.html", `id="open-store" value="1"`, `Open the store.`, `id="get-app" value="2"`, `id="sign-in" value="3"`,
		`then go on with <a href="#sign-in" class="ref ref-step">step 3</a>`)
}

const fragmentFigureFiles = `
-- content/kb.yaml --
source_locale: en
locales: [en, fr]
-- content/_fragments/open-menu/fragment.yaml --
id: open-menu
figures:
  menu: {src: figures/menu.svg, alt: The app's menu}
steps:
  - id: open-menu
    text: Tap the menu {{fig:menu}}.
-- content/_fragments/open-menu/fr.yaml --
lang: fr
figures.menu.alt: {text: Le menu de l’appli, source: 00000000}
-- content/_fragments/open-menu/figures/menu.svg --
<svg xmlns="http://www.w3.org/2000/svg" width="320" height="200"><rect width="320" height="200"/></svg>
-- content/kb1/article.yaml --
id: KB1
title: One
procedures:
  - id: one
    title: One
    steps:
      - include: open-menu
-- content/kb2/article.yaml --
id: KB2
title: Two
figures:
  own: {src: own.svg, alt: Its own figure}
procedures:
  - id: two
    title: Two
    steps:
      - {id: start, text: "Start {{fig:own}}."}
      - include: open-menu
-- content/kb2/own.svg --
<svg xmlns="http://www.w3.org/2000/svg" width="320" height="200"><rect width="320" height="200"/></svg>
`

// TestFiguresTravelWithTheFragment: a figure a fragment declares shows
// wherever its steps are included, numbered in the page's reading order,
// with the fragment's own translation of its alt text.
func TestFiguresTravelWithTheFragment(t *testing.T) {
	r := sitetest.Build(t, fragmentFigureFiles)
	r.AssertFile("en/kb1/index.html", `alt="The app&#39;s menu"`, `Figure 1`)
	r.AssertFile("en/kb2/index.html", `alt="The app&#39;s menu"`, `Figure 2`, `alt="Its own figure"`)
	r.AssertFile("fr/kb1/index.html", `alt="Le menu de l’appli"`)
	src := regexp.MustCompile(`<img[^>]* src="\.\./\.\./([^"]+)"`).FindStringSubmatch(r.File("en/kb1/index.html"))
	if src == nil || !r.Exists(src[1]) {
		t.Errorf("the fragment's image is not published: %v", src)
	}
}

const listFragmentFiles = `
-- content/kb.yaml --
source_locale: en
locales: [en, fr, hu, ja]
-- content/_fragments/online/fragment.yaml --
id: online
requirements:
  - A phone with a data connection.
notes:
  - {id: stay-online, kind: warning, text: Keep the phone online.}
troubleshooting:
  - {id: no-push, symptom: No notification arrives., remedy: Connect the phone.}
-- content/_fragments/online/fr.yaml --
lang: fr
requirements.0: {text: Un téléphone connecté., source: "00000000"}
notes.stay-online.text: {text: Gardez le téléphone en ligne., source: "00000000"}
troubleshooting.no-push.symptom: {text: Aucune notification n’arrive., source: "00000000"}
troubleshooting.no-push.remedy: {text: Connectez le téléphone., source: "00000000"}
-- content/_fragments/online/ja.yaml --
lang: ja
notes.stay-online.text: {text: スマートフォンをオンラインにしておきます。, source: "00000000"}
-- content/kb1/article.yaml --
id: KB1
title: Set up
requirements:
  - An account.
  - include: online
notes:
  - {id: own, text: Its own note.}
  - include: online
troubleshooting:
  - include: online
  - {id: slow, symptom: It is slow., remedy: Wait.}
procedures:
  - id: setup
    title: Set up
    steps:
      - {id: start, text: Start.}
`

// TestIncludedListEntriesShownInPlace: the requirements, notes and
// troubleshooting entries of a fragment show where the article's lists
// include them, in every locale from the fragment's own files.
func TestIncludedListEntriesShownInPlace(t *testing.T) {
	r := sitetest.Build(t, listFragmentFiles)
	en := r.File("en/kb1/index.html")
	inOrder(t, en, "An account.", "A phone with a data connection.", "Its own note.", `id="stay-online"`, "Keep the phone online.",
		`id="no-push"`, "No notification arrives.", "Connect the phone.", `id="slow"`)
	r.AssertFile("fr/kb1/index.html", "Un téléphone connecté.", "Gardez le téléphone en ligne.", "Aucune notification n’arrive.", "Connectez le téléphone.")
	r.AssertFile("ja/kb1/index.html", "スマートフォンをオンラインにしておきます。")
	r.AssertFile("hu/kb1/index.html", "Keep the phone online.")
}

// inOrder reports the first of the strings not found in s after the
// one before it.
func inOrder(t *testing.T, s string, want ...string) {
	t.Helper()
	at := 0
	for _, w := range want {
		i := strings.Index(s[at:], w)
		if i < 0 {
			t.Errorf("%q is not on the page after %d", w, at)
			return
		}
		at += i + len(w)
	}
}
