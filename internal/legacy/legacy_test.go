package legacy

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/kbcdev/kbc/internal/content"
	"github.com/kbcdev/kbc/internal/diag"
)

func TestDefects(t *testing.T) {
	tests := []struct {
		name string
		src  string
		want []string // "line:col rule message-substring"
	}{
		{"clean", "Reset the router\n1) Unplug the box.\n2) Wait ten seconds (Figure 1).\nFigure 1\n3) Plug it back in.\n", nil},
		{"skipped numbers", "1) Open the lid.\n2) Lift the tray.\n6) Close the lid.\n",
			[]string{"3:1 import-numbering step 6 follows step 2 at line 2: steps 3 to 5 are missing"}},
		{"one skipped number", "1) Open the lid.\n3) Close the lid.\n",
			[]string{"2:1 import-numbering step 3 follows step 1 at line 1: step 2 is missing"}},
		{"repeated number", "1. Open the lid.\n2. Lift the tray.\n2. Press the knob.\n3. Close the lid.\n",
			[]string{"3:1 import-numbering step number 2 is repeated: line 2 has step 2 already"}},
		{"choice without its step", "Set up the pump\nSome words first.\n1.a) If it hums, press stop.\n1.b) If it is silent, press start.\n2) Close the valve.\n",
			[]string{"3:1 import-numbering choice 1.a has no step 1 before it"}},
		{"choice letter skipped", "1) Look at the lamp.\n1.a) If it is red, stop.\n1.c) If it is green, go on.\n2) Leave.\n",
			[]string{"3:1 import-numbering choice 1.c follows 1.a; expected 1.b"}},
		{"cited but never shown", "1) Press the knob (Figure 1).\nFigure 1\n2) Turn the dial (Figure 2).\n",
			[]string{"3:19 import-figures Figure 2 is cited but never shown"}},
		{"cited under another label", "1) Appuyez sur le bouton de la boîte (Figure 1).\nImage 1\n",
			[]string{"1:39 import-figures Figure 1 is cited but never shown: the caption at line 2 reads \"Image 1\""}},
		{"caption never cited", "1) Press the knob (Figure 1).\nFigure 1 Figure 2\n",
			[]string{"2:10 import-figures Figure 2 is shown but never cited"}},
		{"no caption cited at all", "1) Press the knob.\nFigure 1\n2) Turn the dial.\nFigure 2\n",
			[]string{"2:1 import-figures none of the 2 figures shown in this article is cited in its text: Figure 1 (line 2), Figure 2 (line 4)"}},
		{"figure numbers skip", "1) Press the knob (Figure 1).\nFigure 1\n2) Turn the dial (Figure 3).\nFigure 3\n",
			[]string{"4:1 import-figures Figure 3 follows figure 1: figure 2 is missing"}},
		{"figure numbering starts late", "1) Press the knob (Figure 2).\nFigure 2\n",
			[]string{"2:1 import-figures figure numbering starts at Figure 2: figure 1 is missing"}},
		{"proceed beyond the last step", "1) Look at the lamp.\n1.a) If it is red, press stop and proceed with step 5)\n1.b) If it is green, press go.\n2) Leave.\n",
			[]string{"2:48 import-refs leads to step 5, beyond the last step 2"}},
		{"step reference to a missing number", "1) Open the lid.\n3) Repeat step 2 twice.\n",
			[]string{"2:1 import-numbering step 3 follows step 1", "2:11 import-refs refers to step 2, which the procedure does not have"}},
		{"unclassified lines, summarised", "1) Open the lid.\n2) Close it.\nSome closing words.\na) first loose item\nb) second loose item\nPlain words.\n",
			[]string{"4:1 import-unclassified a lettered item without a step number (and 1 more unclassified lines up to line 5)"}},
		{"Hungarian figure", "1. Nyomja meg a gombot (1. ábra).\n1. ábra\n2. Várjon (3. ábra).\n",
			[]string{"3:12 import-figures 3. ábra is cited but never shown"}},
		{"Japanese steps", "１）ボタンを押してください(図 1.)。\n図 1.\n３）待ってください。\n",
			[]string{"3:1 import-numbering step 3 follows step 1"}},
		{"step of another article", "1) Click Export.\n2) Open the e-mail. If you cannot sign in, see step 1 of \"Reset your password\" (KB1234).\n",
			[]string{"2:48 import-refs step 1 of another article is left as written: refer to it as {{kb:KBnnnn#step-id}}, with that article's id and its step's"}},
		{"step of another article, in Japanese", "1) ボタンを押します。\n2) KB1234の手順1を参照してください。\n",
			[]string{"2:11 import-refs step 1 of another article is left as written: refer to it as {{kb:KBnnnn#step-id}}, with that article's id and its step's"}},
		{"step reference without steps", "Reset\n\nIf it fails, repeat step 2.\n",
			[]string{"3:21 import-refs refers to step 2, but no numbered step of this article was found: steps are lines that start with their number, as \"2) Tap OK\" or \"2. Tap OK\""}},
		{"HTML", "\n<h1>Reset</h1>\n<ol><li>Go.</li></ol>\n",
			[]string{"2:1 import-text the file is HTML, which kbc import does not read: it reads the text of the pages; save them as plain text first, as a browser's \"Save as text\" or pandoc -t plain does, and import that"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, diags := Parse("in.txt", []byte(tt.src), Options{})
			got := diags
			if len(got) != len(tt.want) {
				t.Fatalf("got %d findings, want %d:\n%s", len(got), len(tt.want), listString(got))
			}
			for i, w := range tt.want {
				posRule, msg, _ := strings.Cut(w, " import-")
				rule, msg, _ := strings.Cut(msg, " ")
				d := got[i]
				if g := fmt.Sprintf("%d:%d", d.Pos.Line, d.Pos.Column); g != posRule || d.Rule != "import-"+rule || !strings.Contains(d.Message, msg) {
					t.Errorf("finding %d = %s, want %s", i, d, w)
				}
			}
		})
	}
}

func listString(l diag.List) string {
	var b strings.Builder
	diag.PrintText(&b, l, diag.Paths{})
	return b.String()
}

func TestInvalidUTF8(t *testing.T) {
	arts, diags := Parse("bad.txt", []byte("1) Open it.\n2) Clo\xffse it.\n"), Options{})
	if arts != nil || len(diags) != 1 || diags[0].Pos.String() != "bad.txt:2:7" || diags[0].Rule != RuleText {
		t.Fatalf("got %v, %s", arts, listString(diags))
	}
}

func TestConstructs(t *testing.T) {
	src := strings.Join([]string{
		"Restart the gateway",                                                         // 1 title
		"This page explains the restart, see KB1234 first.",                           // 2 intro
		"1) Open the panel on the gateway.",                                           // 3
		"1.a) If the panel is locked, tap Unlock (Figure 1) and proceed with step 2)", // 4
		"1.b) If the panel is open, tap Home and proceed with step 3)",                // 5
		"Figure 1",                          // 6
		"2) Hold the reset key (Figure 2).", // 7
		"Figure 2",                          // 8
		"3) Wait for the lamp, then repeat step 2 if it blinks.", // 9
		"The lamp stays red (Figure 3).",                         // 10
		"Figure 3",                                               // 11
		"Alternatively, unplug the cable.",                       // 12
		"• See KB2000 for cables.",                               // 13
		"1) Ouvrez le couvercle de votre boîte.",                 // 14 a new article
		"2) Appuyez sur le bouton puis passez à l'étape 1.",      // 15
	}, "\n") + "\n"
	arts, diags := Parse("in.txt", []byte(src), Options{})
	if len(diags) != 0 {
		t.Errorf("unexpected findings:\n%s", listString(diags))
	}
	if len(arts) != 2 {
		t.Fatalf("got %d articles, want 2", len(arts))
	}
	a := arts[0]
	check := func(what, got, want string) {
		t.Helper()
		if got != want {
			t.Errorf("%s = %q, want %q", what, got, want)
		}
	}
	check("title", a.Title, "Restart the gateway")
	check("intro", a.Intro, "This page explains the restart, see {{kb:KB1234}} first.")
	check("lang", a.Lang, "en")
	if len(a.Steps) != 3 {
		t.Fatalf("got %d steps", len(a.Steps))
	}
	check("step id", a.Steps[0].ID, "open-panel-gateway")
	check("step id", a.Steps[1].ID, "hold-reset-key")
	c := a.Steps[0].Choices
	if len(c) != 2 {
		t.Fatalf("got %d choices", len(c))
	}
	check("when", c[0].When, "The panel is locked")
	check("choice text", c[0].Text, "Tap Unlock ({{fig:fig1}})")
	check("next", c[0].Next, "hold-reset-key")
	check("next", c[1].Next, "wait-for-lamp-repeat")

	bare, _ := Parse("in.txt", []byte("1) Look at the lamp.\n  • If the lamp is red, jump to step 2)\n2) Leave.\n"), Options{})
	bc := bare[0].Steps[0].Choices
	if len(bc) != 1 || bc[0].When != "The lamp is red" || bc[0].Text != "" || bc[0].Next != "leave" {
		t.Errorf("bullet choice = %+v", bc)
	}
	check("step ref", a.Steps[2].Text, "Wait for the lamp, then repeat {{step:hold-reset-key}} if it blinks.")
	if len(a.Figures) != 3 || a.Figures[2].ID != "fig3" {
		t.Errorf("figures = %v", a.Figures)
	}
	if len(a.Trouble) != 1 {
		t.Fatalf("got %d troubleshooting entries", len(a.Trouble))
	}
	check("remedy", a.Trouble[0].Remedy, "The lamp stays red ({{fig:fig3}}). Alternatively, unplug the cable.")
	check("see also", strings.Join(a.SeeAlso, ","), "KB2000")
	b := arts[1]
	check("lang", b.Lang, "fr")
	// The words the reference's French phrase writes itself are taken
	// off the text: "à l’étape 1" is {{step:…|to}}.
	check("French step ref", b.Steps[1].Text, "Appuyez sur le bouton puis passez {{step:ouvrez-couvercle-boite|to}}.")
	check("folder", b.Folder(), "import-in-2")

	forced, _ := Parse("in.txt", []byte(src), Options{Lang: "hu"})
	if forced[0].Lang != "hu" || forced[1].Lang != "hu" {
		t.Errorf("--lang hu gave %s and %s", forced[0].Lang, forced[1].Lang)
	}
}

func TestSplitting(t *testing.T) {
	tests := []struct {
		name   string
		src    string
		starts []int
	}{
		{"numbering restarts", "1) Open.\n2) Close.\n1) Open again.\n2) Close again.\n", []int{1, 3}},
		{"heading after steps", "First task\n\n1) Open.\n2) Close.\n\nSecond task\n\nSome prose about it.\n", []int{1, 6}},
		{"intro goes with the next article", "1) Open.\n2) Close.\nIt fails (Figure 1).\nFigure 1\nYou can download the tool here.\n1) Start it.\n", []int{1, 5}},
		{"language change", "Read the notes and then sign the form for your bank.\nLisez les notes et signez le formulaire pour votre banque.\n", []int{1, 2}},
		{"Japanese", "The steps below are for your phone and tablet.\nボタンを押してください。\n", []int{1, 2}},
		{"troubleshooting heading stays", "1) Open.\n2) Close.\n\nPossible issues and solutions\n\n• It beeps.\n\nUnplug it.\n", []int{1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			arts, _ := Parse("in.txt", []byte(tt.src), Options{})
			var got []int
			for _, a := range arts {
				got = append(got, a.StartLine)
			}
			if fmt.Sprint(got) != fmt.Sprint(tt.starts) {
				t.Errorf("articles start at %v, want %v", got, tt.starts)
			}
		})
	}
}

// TestSkeletonLoads writes skeletons of every construct and checks that the
// loader reads them without syntax or schema findings.
func TestSkeletonLoads(t *testing.T) {
	src := "Title here\n• Needs a phone.\n1) Open it (Figure 1).\n1.a) If it is locked, tap Unlock and proceed with step 2)\nFigure 1\n2) Close it, see KB2000.\nNo sound: unplug it.\n\n\nOverview\n\nSome prose.\n"
	arts, _ := Parse("in.txt", []byte(src), Options{})
	for _, a := range arts {
		assertLoads(t, a)
	}
}

// A file name that holds a line break, or another control character,
// writes no YAML of its own into the skeleton's comment.
func TestSkeletonOfAFileWithALineBreakInItsName(t *testing.T) {
	arts, _ := Parse("x\nsection: injected\x1b[31m\nfoo.txt", []byte("KB5 Title\n1) Open it.\n"), Options{})
	if len(arts) != 1 {
		t.Fatalf("%d articles", len(arts))
	}
	assertLoads(t, arts[0])
	src, _ := arts[0].Skeleton()
	if strings.Contains(string(src), "\nsection: injected") || strings.ContainsRune(string(src), 0x1b) {
		t.Errorf("the file's name is written as it is:\n%s", src)
	}
}

// A reference the text already writes as kbc does is left as it is.
func TestWrittenReferenceIsKept(t *testing.T) {
	arts, _ := Parse("in.txt", []byte("KB77 Title\n1) See {{kb:KB1}} now, then KB2.\n"), Options{})
	if len(arts) != 1 {
		t.Fatalf("%d articles", len(arts))
	}
	src, err := arts[0].Skeleton()
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(src), "See {{kb:KB1}} now, then {{kb:KB2}}.") {
		t.Errorf("the step's text is not as written with KB2 typed:\n%s", src)
	}
}

// assertLoads writes the article's skeleton into a knowledge base of its
// own and loads it. The placeholder id's folder-name warning is expected.
func assertLoads(t *testing.T, a *Article) {
	t.Helper()
	root := t.TempDir()
	kb := "source_locale: en\nlocales: [en, fr, hu, ja]\nplatforms:\n  android:\n    name: {en: Android, fr: Android, hu: Android, ja: Android}\n"
	if err := os.WriteFile(filepath.Join(root, content.ConfigFile), []byte(kb), 0o644); err != nil {
		t.Fatal(err)
	}
	src, err := a.Skeleton()
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(root, a.Folder())
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, content.SourceFile), src, 0o644); err != nil {
		t.Fatal(err)
	}
	loaded, diags, err := content.Load(root)
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range diags {
		// The placeholders are warned about until the writer replaces them.
		if d.Severity == diag.Warning && strings.Contains(d.Message, "placeholder kbc import wrote") {
			continue
		}
		t.Errorf("%s article %d: %s\n%s", a.File, a.N, d, src)
	}
	if len(loaded.Articles) != 1 {
		t.Errorf("%s article %d: loaded %d articles", a.File, a.N, len(loaded.Articles))
	}
}

// Steps worded alike get ids from their words with the lowest suffix not
// taken, in order, however many there are (a suffix is tried once per
// base, not once per step before).
func TestStepsWordedAlike(t *testing.T) {
	var b strings.Builder
	b.WriteString("Press the buttons\n")
	for i := 1; i <= 90; i++ {
		fmt.Fprintf(&b, "%d) Tap the button.\n", i)
	}
	arts, _ := Parse("in.txt", []byte(b.String()), Options{})
	if len(arts) != 1 || len(arts[0].Steps) != 90 {
		t.Fatalf("got %d articles, %d steps", len(arts), len(arts[0].Steps))
	}
	for i, s := range arts[0].Steps {
		want := "tap-button"
		if i > 0 {
			want = fmt.Sprintf("tap-button-%d", i+1)
		}
		if s.ID != want {
			t.Fatalf("step %d: id %q, want %q", i+1, s.ID, want)
		}
	}
}

// A French step mention loses the words its reference's phrase writes
// itself, whichever apostrophe was typed, and gets the context that
// writes them.
func TestFrenchStepContext(t *testing.T) {
	for _, tc := range []struct{ before, mention, left, context string }{
		{"revenez à l’", "étape 1", "revenez ", "|to"},
		{"Reprenez à partir de l'", "étape 2", "Reprenez ", "|from"},
		{"le résultat de l’", "étape 3", "le résultat ", "|of"},
		{"répétez l'", "étape 4", "répétez ", ""},
		{"À l’", "Étape 5", "", "|to"},
		{"repeat ", "step 2", "repeat ", ""},
		{"voir ", "étape 6", "voir ", ""},
	} {
		left, context := frenchStepContext(tc.before, tc.mention)
		if left != tc.left || context != tc.context {
			t.Errorf("%q + %q: got %q, %q; want %q, %q", tc.before, tc.mention, left, context, tc.left, tc.context)
		}
	}
}

// A title that gives the article's own id keeps only its words: the id
// becomes the article's.
func TestTitleWithoutItsID(t *testing.T) {
	for _, title := range []string{"KB3100 Reset your PIN", "KB3100: Reset your PIN", "KB3100 - Reset your PIN"} {
		arts, _ := Parse("in.txt", []byte(title+"\n\n1) Open the app.\n2) Tap Settings.\n"), Options{})
		if len(arts) != 1 || arts[0].KBID != "KB3100" {
			t.Fatalf("%q: got %+v", title, arts)
		}
		src, err := arts[0].Skeleton()
		if err != nil || !strings.Contains(string(src), "\ntitle: Reset your PIN\n") {
			t.Errorf("%q: skeleton\n%s", title, src)
		}
		// An article whose id went to another keeps the id in its title.
		arts[0].KBID = ""
		if src, _ := arts[0].Skeleton(); !strings.Contains(string(src), "\ntitle: "+title+"\n") && !strings.Contains(string(src), "\ntitle: '"+title+"'\n") {
			t.Errorf("%q without its id: skeleton\n%s", title, src)
		}
	}
}

// A line longer than any paragraph, and an article with more text than a
// content file kbc loads, are findings, not work many times their size.
func TestTooLargeIsAFinding(t *testing.T) {
	arts, diags := Parse("in.txt", []byte("KB1 Title\n1) "+strings.Repeat("x", maxLine)+"\n"), Options{})
	if arts != nil || len(diags) != 1 || diags[0].Pos.Line != 2 || !strings.Contains(diags[0].Message, "nothing is imported from the file") {
		t.Errorf("long line: %d articles, %v", len(arts), diags)
	}
	var b strings.Builder
	b.WriteString("KB1 Title\n1) Open it.\n\nOverview\n\n")
	for i := 1; b.Len() <= maxArticleText+1000; i++ {
		fmt.Fprintf(&b, "The screen shows the code %d, which the app asks for when you sign in again.\n", i)
	}
	arts, diags = Parse("in.txt", []byte("KB2 Small\n1) Tap it.\n\n"+b.String()), Options{})
	for _, a := range arts {
		if len(a.allText()) > maxArticleText {
			t.Errorf("kept the article of lines %d to %d, of %d bytes", a.StartLine, a.EndLine, len(a.allText()))
		}
	}
	if len(arts) == 0 || arts[0].KBID != "KB2" {
		t.Errorf("the small article was not kept")
	}
	if !slices.ContainsFunc(diags, func(d diag.Diagnostic) bool {
		return d.Severity == diag.Error && strings.Contains(d.Message, "it is not imported; split it into articles")
	}) {
		t.Errorf("no finding for the large article: %v", diags)
	}
}

// A step of another article is not this article's step: the text keeps
// it as written, and its article's id becomes a reference.
func TestStepOfAnotherArticleIsLeftAsWritten(t *testing.T) {
	arts, _ := Parse("in.txt", []byte("KB1245 Export\n1) Click Export.\n2) If you cannot sign in, see step 1 of \"Reset your password\" (KB1234).\n"), Options{})
	if len(arts) != 1 || len(arts[0].Steps) != 2 {
		t.Fatalf("articles %+v", arts)
	}
	want := `If you cannot sign in, see step 1 of "Reset your password" ({{kb:KB1234}}).`
	if got := arts[0].Steps[1].Text; got != want {
		t.Errorf("step 2 reads %q, want %q", got, want)
	}
}

// A line of text that starts with a tag's name is text, as in an article
// about pasting a snippet into a page.
func TestTextAboutTagsIsNotHTML(t *testing.T) {
	src := "KB5 Add the snippet\n1) Open the page's source.\n2) Paste the code just before the closing tag of the\n<head> section, then save.\n"
	arts, diags := Parse("in.txt", []byte(src), Options{})
	if len(arts) != 1 || diags.HasErrors() {
		t.Errorf("articles %d, findings %v", len(arts), diags)
	}
	if _, html := markupLine(strings.Split("<!DOCTYPE html>\n<html lang=\"en\">\n<body>\n<p>Hi</p>", "\n")); !html {
		t.Error("a page is not told as HTML")
	}
}

// "# Title" is a heading, as Markdown writes one; a sentence that starts
// with # keeps it.
func TestMarkdownHeadingMarks(t *testing.T) {
	if l := classify(1, "## Export your data"); !l.heading || l.text != "Export your data" || l.textCol != 4 {
		t.Errorf("heading: %+v", l)
	}
	if l := classify(1, "# of seats in use is shown in Admin."); l.heading || l.text != "# of seats in use is shown in Admin." {
		t.Errorf("sentence: %+v", l)
	}
}

// Only a step named with another article's id, or its quoted title and
// id, is another article's; a quoted name alone may be a menu's.
func TestStepOfAnotherArticleIsNamedWithItsArticle(t *testing.T) {
	for _, tc := range []struct {
		lang, text string
		kept       bool
	}{
		{"en", `Repeat step 1 in the "Network" menu.`, false},
		{"en", "If it fails, see step 1 of KB1234.", true},
		{"fr", "Reprenez l’étape 1 dans l’écran « Réseau ».", false},
		{"fr", "Voir l’étape 1 de l’article KB1234.", true},
		{"hu", "Lásd a KB1234 cikk a 1. lépését.", true},
		{"hu", "Ismételje meg a 1. lépést.", false},
		{"ja", "KB1234の手順1を参照してください。", true},
		{"en", "See step 1 of the KB1234 article.", true},
		{"en", "See step 1 in our article KB1234.", true},
		{"en", `See step 1 of the "Reset your password" article (KB1234).`, true},
		{"en", `See step 1 of "Reset your password".`, true},
		{"fr", "Voir l’étape 1 de la fiche KB1234.", true},
	} {
		src := "KB1245 Export\n1) Open the app.\n2) " + tc.text + "\n"
		arts, _ := Parse("in.txt", []byte(src), Options{Lang: tc.lang})
		if len(arts) != 1 || len(arts[0].Steps) != 2 {
			t.Fatalf("%q: articles %+v", tc.text, arts)
		}
		got := arts[0].Steps[1].Text
		if kept := !strings.Contains(got, "{{step:"); kept != tc.kept {
			t.Errorf("%q became %q; want the step mention kept as written: %v", tc.text, got, tc.kept)
		}
	}
}
