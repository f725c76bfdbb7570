package content_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/kbcdev/kbc/internal/content"
	"github.com/kbcdev/kbc/internal/corpus"
	"github.com/kbcdev/kbc/internal/site/sitetest"
	"github.com/kbcdev/kbc/internal/treetest"
)

const fragmentKB = `
-- kb.yaml --
source_locale: en
locales: [en, fr]
platforms:
  android: {name: {en: Android, fr: Android}}
  ios: {name: {en: iOS, fr: iOS}}
-- _fragments/install-app/fragment.yaml --
id: install-app
steps:
  - id: open-store
    text: Open the store.
  - id: get-app
    platforms: [android]
    text: Tap Install.
  - include: log-in
-- _fragments/install-app/fr.yaml --
lang: fr
steps.open-store.text: {text: Ouvrez la boutique., source: "00000000"}
-- _fragments/log-in/fragment.yaml --
id: log-in
steps:
  - id: log-in
    text: Log in, then go on with {{step:done}}.
    choices:
      - {when: It fails., text: Try again., next: open-store, back: true}
-- _fragments/loop-a/fragment.yaml --
id: loop-a
steps:
  - {id: a, text: A.}
  - include: loop-b
-- _fragments/loop-b/fragment.yaml --
id: loop-b
steps:
  - include: loop-a
  - {id: b, text: B.}
-- kb1/article.yaml --
id: KB1
title: Set up
procedures:
  - id: setup
    title: Set up
    platforms: [android, ios]
    steps:
      - {id: start, text: Start.}
      - include: install-app
      - include: install-ap
      - include: log-in
        platforms: [ios]
      - id: done
        text: Done; see {{step:open-store}}.
`

func stepIDs(steps []*content.Step) string {
	var ids []string
	for _, s := range steps {
		ids = append(ids, s.ID)
	}
	return strings.Join(ids, " ")
}

func TestIncludedStepsTakeTheirPlaceOnEveryBranch(t *testing.T) {
	dir := t.TempDir()
	sitetest.Write(t, dir, fragmentKB)
	kb, diags, err := content.Load(dir)
	if err != nil || len(diags) > 0 {
		t.Fatalf("load: %v %v", err, diags)
	}
	if got := strings.Join(kb.FragmentIDs(), " "); got != "install-app log-in loop-a loop-b" {
		t.Fatalf("fragments %q", got)
	}
	a := kb.Article("KB1")
	p := a.Procedures[0]
	for b, want := range map[string]string{
		"android": "start open-store get-app log-in done",
		"ios":     "start open-store log-in log-in done",
	} {
		if got := stepIDs(p.Branch(b)); got != want {
			t.Errorf("%s branch: %q, want %q", b, got, want)
		}
	}
	install := kb.Fragment("install-app")
	open := p.Branch("ios")[1]
	if open.Proc != p || open.Fragment() != install || open.Origin != install.Steps().Steps[0] {
		t.Errorf("included step: proc %p fragment %v origin %p; want the article's procedure and the fragment's step", open.Proc, open.Fragment(), open.Origin)
	}
	if open.Text.Fragment() != install {
		t.Errorf("the text of an included step belongs to its fragment")
	}
	// The fragment's own files translate its steps, on every page.
	if got, ok, _ := a.Localize(open.Text, "fr"); !ok || got.Value != "Ouvrez la boutique." {
		t.Errorf("fr text of an included step = %q, %v; want the fragment's translation", got.Value, ok)
	}
	for _, txt := range a.Texts() {
		if strings.HasPrefix(txt.Key, "steps.") {
			t.Errorf("article text %q belongs to a fragment", txt.Key)
		}
	}
	var keys []string
	for _, txt := range install.Texts() {
		keys = append(keys, txt.Key)
	}
	if got := strings.Join(keys, " "); got != "steps.open-store.text steps.get-app.text" {
		t.Errorf("fragment keys %q", got)
	}
	var walked []string
	a.Walk(func(txt *content.Text, at content.Place) {
		if txt != nil && at.Role == content.StepText && at.Fragment != nil {
			walked = append(walked, at.Fragment.ID+":"+at.Step.ID)
		}
	})
	if got := strings.Join(walked, " "); got != "install-app:open-store install-app:get-app log-in:log-in log-in:log-in" {
		t.Errorf("walk meets included steps as %q", got)
	}
	if !slices.Contains(a.Anchors(), "open-store") {
		t.Errorf("anchors %v lack an included step", a.Anchors())
	}

	unknown := p.Includes[1]
	if unknown.Target != nil || !strings.Contains(kb.UnknownFragment(unknown), `did you mean "install-app"?`) {
		t.Errorf("include of install-ap: target %v, message %q", unknown.Target, kb.UnknownFragment(unknown))
	}
	cut := kb.Fragment("loop-a").Steps().Includes[0]
	if got := strings.Join(cut.Cycle(), " "); cut.Target != nil || got != "loop-a loop-b loop-a" {
		t.Errorf("loop-a's include: target %v, cycle %q", cut.Target, got)
	}
	if kept := kb.Fragment("loop-b").Steps().Includes[0]; kept.Target == nil {
		t.Errorf("loop-b's include of loop-a was cut too")
	}
}

const listFragmentKB = `
-- kb.yaml --
source_locale: en
locales: [en, fr]
-- _fragments/online/fragment.yaml --
id: online
requirements:
  - A phone with a data connection.
notes:
  - id: stay-online
    kind: tip
    text: Keep the phone online.
troubleshooting:
  - id: no-push
    symptom: No notification arrives.
    remedy: Connect the phone.
-- _fragments/online/fr.yaml --
lang: fr
notes.stay-online.text: {text: Gardez le téléphone en ligne., source: "00000000"}
-- kb1/article.yaml --
id: KB1
title: Set up
requirements:
  - An account.
  - include: online
notes:
  - include: online
  - {id: own, text: Its own note.}
troubleshooting:
  - {id: first, symptom: It fails., remedy: Try again.}
  - include: online
`

// TestIncludedListEntriesTakeTheirPlace: a fragment's requirements, notes
// and troubleshooting entries are shown where an article's list includes
// them, translated from the fragment's files and not the article's.
func TestIncludedListEntriesTakeTheirPlace(t *testing.T) {
	dir := t.TempDir()
	sitetest.Write(t, dir, listFragmentKB)
	kb, diags, err := content.Load(dir)
	if err != nil || len(diags) > 0 {
		t.Fatalf("load: %v %v", err, diags)
	}
	a := kb.Article("KB1")
	var reqs, notes, troubles []string
	for _, r := range a.Requirements {
		reqs = append(reqs, r.Value)
	}
	for _, n := range a.Notes {
		notes = append(notes, n.ID+"/"+n.Kind)
	}
	for _, tr := range a.Troubleshooting {
		troubles = append(troubles, tr.ID)
	}
	if got := strings.Join(reqs, "|"); got != "An account.|A phone with a data connection." {
		t.Errorf("requirements = %q", got)
	}
	if got := strings.Join(notes, " "); got != "stay-online/tip own/note" {
		t.Errorf("notes = %q", got)
	}
	if got := strings.Join(troubles, " "); got != "first no-push" {
		t.Errorf("troubleshooting = %q", got)
	}
	fr, translated, _ := a.Localize(a.Notes[0].Text, "fr")
	if !translated || fr.Value != "Gardez le téléphone en ligne." {
		t.Errorf("fr note = %q, %v", fr.Value, translated)
	}
	for _, tx := range a.Texts() {
		if tx.Fragment() != nil || strings.Contains(tx.Value, "online") || tx.Key == "troubleshooting.no-push.remedy" {
			t.Errorf("the article's own texts hold the fragment's %s", tx.Key)
		}
	}
	var fromFragment []string
	a.Walk(func(tx *content.Text, at content.Place) {
		if tx != nil && at.Fragment != nil {
			fromFragment = append(fromFragment, tx.Key)
		}
	})
	if got := strings.Join(fromFragment, " "); got != "requirements.0 notes.stay-online.text troubleshooting.no-push.symptom troubleshooting.no-push.remedy" {
		t.Errorf("walk meets the fragment's texts %q", got)
	}
	if got := a.IncludedFragments(); !slices.Equal(got, []string{"online"}) {
		t.Errorf("IncludedFragments = %v", got)
	}
	if f := kb.Fragment("online"); len(f.Notes) != 1 || len(f.Texts()) != 4 {
		t.Errorf("the fragment holds %d notes, %d texts", len(f.Notes), len(f.Texts()))
	}
}

// Fragments that each include the next one twice would bring 2^n copies
// of the last one's steps: the expansion stops at MaxShownSteps and
// records the inclusion that went past it, whatever the depth.
func TestFragmentsIncludedOverAndOverStopAtTheBound(t *testing.T) {
	files := corpus.DoubleIncludes(40)
	dir := t.TempDir()
	treetest.Write(t, dir, files)
	kb, _, err := content.Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	p := kb.Article("KB1").Procedures[0]
	if got := len(p.Shown()); got > content.MaxShownSteps || got < content.MaxShownSteps/2 {
		t.Errorf("the procedure shows %d steps, want at most %d, and its included steps up to the bound", got, content.MaxShownSteps)
	}
	if in := p.Overflow(); in == nil || in.Outermost() != p.Includes[0] {
		t.Errorf("overflow %v; want an inclusion through the procedure's include", in)
	}
	if kb.Article("KB1").Procedures[0].Shown()[1].ID != "s0" {
		t.Errorf("the included steps do not start with f0's")
	}
}

// The bound counts the includes gone through as well as the steps, and
// holds for the page, whose procedures share it: fragments that only
// include others, and many procedures each including the deep chain,
// still stop at it.
func TestIncludesAndProceduresShareThePagesBound(t *testing.T) {
	files := corpus.DoubleIncludes(20)
	for i := range 21 {
		// Fragments that bring no step at all.
		files[fmt.Sprintf("_fragments/f%d/fragment.yaml", i)] = strings.Replace(files[fmt.Sprintf("_fragments/f%d/fragment.yaml", i)], fmt.Sprintf("  - {id: s%d, text: S.}\n", i), "", 1)
	}
	var procs strings.Builder
	for i := range 20 {
		fmt.Fprintf(&procs, "  - id: p%d\n    title: P\n    steps:\n      - include: f0\n", i)
	}
	files["kb1/article.yaml"] = "id: KB1\ntitle: Deep\nsummary: Deep.\nprocedures:\n" + procs.String()
	dir := t.TempDir()
	treetest.Write(t, dir, files)
	kb, _, err := content.Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	cut := 0
	for _, p := range kb.Article("KB1").Procedures {
		if p.Overflow() != nil {
			cut++
		}
	}
	// The first procedure spends the bound; each later one is cut at its
	// include.
	if cut != 20 {
		t.Errorf("%d procedures of 20 cut short; want all", cut)
	}
}
