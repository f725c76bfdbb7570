package site_test

import (
	"testing"

	"github.com/kbcdev/kbc/internal/diag"
	"github.com/kbcdev/kbc/internal/site/sitetest"
)

// contextKB refers to its steps in every grammatical context, from the
// start of a sentence and inside one, in each locale, with a choice that
// goes on and one that goes back.
const contextKB = `-- content/kb.yaml --
source_locale: en
locales: [en, fr, hu, ja]
platforms:
  android: {name: {en: Android, fr: Android, hu: Android, ja: Android}}
  ios: {name: {en: iOS, fr: iOS, hu: iOS, ja: iOS}}
-- content/kb1/article.yaml --
id: KB1
title: Contexts
procedures:
  - id: setup
    title: Set up
    steps:
      - id: one
        text: Open the app.
      - id: two
        text: Note the code.
        choices:
          - {when: The code shows., text: Tap OK., next: three}
          - {when: Nothing shows., text: Wait., next: two, back: true}
      - id: three
        text: "{{step:one|from}} on, the app keeps the code noted {{step:two|in}}."
  - id: branched
    title: On each phone
    platforms: [android, ios]
    steps:
      - id: first
        text: Open the settings.
      - {id: android-only, platforms: [android], text: Tap Apps.}
      - id: last
        text: Tap the app.
troubleshooting:
  - id: error
    symptom: The code is refused.
    remedy: Start again {{step:one|from}}. {{step:last}} shows it, as {{step:two}} does.
-- content/kb1/fr.yaml --
lang: fr
procedures.setup.steps.three.text: {text: "{{step:one|from}}, l’appli garde le code noté {{step:two|in}}.", source: 3918cb2f}
troubleshooting.error.remedy: {text: "Recommencez {{step:one|from}}. {{step:last}} l’affiche, comme {{step:two}}.", source: ef3e64e8}
-- content/kb1/hu.yaml --
lang: hu
procedures.setup.steps.three.text: {text: "{{step:one|from}} kezdve az alkalmazás megőrzi {{step:two|in}} feljegyzett kódot.", source: 3918cb2f}
troubleshooting.error.remedy: {text: "Kezdje újra {{step:one|from}}. {{step:last}} mutatja, ahogy {{step:two}} is.", source: ef3e64e8}
-- content/kb1/ja.yaml --
lang: ja
procedures.setup.steps.three.text: {text: "{{step:one|from}}先は、{{step:two|in}}書き留めたコードをアプリが保持します。", source: 3918cb2f}
troubleshooting.error.remedy: {text: "{{step:one|from}}やり直してください。{{step:last|in}}も、{{step:two|in}}と同じように表示されます。", source: ef3e64e8}
`

// TestReferencesInContext renders step references in their context, at
// the start of a sentence and inside one, and the choices that go on and
// back, as a native reader of each locale expects them.
func TestReferencesInContext(t *testing.T) {
	r := sitetest.Build(t, contextKB)
	for _, d := range r.Findings {
		if d.Severity != diag.Info {
			t.Errorf("finding: %s", d)
		}
	}
	r.AssertFile("en/kb1/index.html",
		`>From step 1</a> on, the app keeps the code noted <a href="#two" class="ref ref-step">in step 2</a>.`,
		`Start again <a href="#one" class="ref ref-step">from step 1</a>. <a href="#_step_last_android" class="ref ref-step">Step 3 (Android)</a> or <a href="#_step_last_ios" class="ref ref-step">step 2 (iOS)</a> shows it, as <a href="#two" class="ref ref-step">step 2</a> does.`,
		`>Go on with step 3.</a>`, `>Go back to step 2.</a>`)
	r.AssertFile("fr/kb1/index.html",
		`>À partir de l’étape 1</a>, l’appli garde le code noté <a href="#two" class="ref ref-step">à l’étape 2</a>.`,
		`Recommencez <a href="#one" class="ref ref-step">à partir de l’étape 1</a>. <a href="#_step_last_android" class="ref ref-step">L’étape 3 (Android)</a> ou <a href="#_step_last_ios" class="ref ref-step">l’étape 2 (iOS)</a> l’affiche, comme <a href="#two" class="ref ref-step">l’étape 2</a>.`,
		`>Passez à l’étape 3.</a>`, `>Revenez à l’étape 2.</a>`)
	r.AssertFile("hu/kb1/index.html",
		`>Az 1. lépéstől</a> kezdve az alkalmazás megőrzi <a href="#two" class="ref ref-step">a 2. lépésben</a> feljegyzett kódot.`,
		`Kezdje újra <a href="#one" class="ref ref-step">az 1. lépéstől</a>. <a href="#_step_last_android" class="ref ref-step">A 3. lépés (Android)</a> vagy <a href="#_step_last_ios" class="ref ref-step">a 2. lépés (iOS)</a> mutatja`,
		`>Folytassa a 3. lépéssel.</a>`, `>Térjen vissza a 2. lépéshez.</a>`)
	r.AssertFile("ja/kb1/index.html",
		`>ステップ 1から</a>先は、<a href="#two" class="ref ref-step">ステップ 2で</a>書き留めたコード`,
		// A particle follows a list of branches once, after the last.
		`<a href="#one" class="ref ref-step">ステップ 1から</a>やり直してください。<a href="#_step_last_android" class="ref ref-step">ステップ 3（Android）</a>または<a href="#_step_last_ios" class="ref ref-step">ステップ 2（iOS）</a>でも、<a href="#two" class="ref ref-step">ステップ 2で</a>と同じように表示されます。`,
		`>ステップ 3に進んでください。</a>`, `>ステップ 2に戻ってください。</a>`)
}

// TestReferenceOfAStep renders the "of" context, what belongs to a step,
// in each locale: the French preposition with its elision and the
// Japanese particle inside the link.
func TestReferenceOfAStep(t *testing.T) {
	r := sitetest.Build(t, `-- content/kb.yaml --
source_locale: en
locales: [en, fr, hu, ja]
-- content/kb1/article.yaml --
id: KB1
title: Of a step
procedures:
  - id: setup
    title: Set up
    steps:
      - {id: one, text: Note the code.}
      - {id: two, text: "Enter the code {{step:one|of}}."}
-- content/kb1/fr.yaml --
lang: fr
procedures.setup.steps.two.text: {text: "Saisissez le code {{step:one|of}}.", source: "00000000"}
-- content/kb1/hu.yaml --
lang: hu
procedures.setup.steps.two.text: {text: "Írja be {{step:one|of}} kódját.", source: "00000000"}
-- content/kb1/ja.yaml --
lang: ja
procedures.setup.steps.two.text: {text: "{{step:one|of}}コードを入力してください。", source: "00000000"}
`)
	for _, d := range r.Findings {
		if d.Severity != diag.Info {
			t.Errorf("finding: %s", d)
		}
	}
	r.AssertFile("en/kb1/index.html", `Enter the code <a href="#one" class="ref ref-step">of step 1</a>.`)
	r.AssertFile("fr/kb1/index.html", `Saisissez le code <a href="#one" class="ref ref-step">de l’étape 1</a>.`)
	r.AssertFile("hu/kb1/index.html", `Írja be <a href="#one" class="ref ref-step">az 1. lépés</a> kódját.`)
	r.AssertFile("ja/kb1/index.html", `<a href="#one" class="ref ref-step">ステップ 1の</a>コードを入力してください。`)
}
