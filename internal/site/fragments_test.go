package site_test

import (
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
		`id="android-open-store" value="2"`, `id="android-get-app" value="3"`, `id="android-sign-in" value="4"`,
		`id="ios-open-store" value="2"`, `id="ios-sign-in" value="3"`, `! id="ios-get-app"`,
		`Open the store.`, `Tap <strong>Install</strong>, then go on with <a href="#android-sign-in" class="ref ref-step">step 4</a>`,
		`repeat <a href="#android-open-store" class="ref ref-step">step 2</a>`, `repeat <a href="#ios-open-store" class="ref ref-step">step 2</a>`,
		"4 steps", "3 steps")
	r.AssertFile("fr/kb1/index.html", `Ouvrez la boutique.`)
	// A procedure without branches shows every step of the fragment; lint
	// reports the step's platform limit there.
	r.AssertFile("en/kb2/index.html", `id="open-store" value="1"`, `Open the store.`, `id="get-app" value="2"`, `id="sign-in" value="3"`,
		`then go on with <a href="#sign-in" class="ref ref-step">step 3</a>`)
}
