package translate_test

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/kbcdev/kbc/internal/diag"
	"github.com/kbcdev/kbc/internal/translate"
)

// importedTexts returns the texts an import would write, by key.
func importedTexts(im *translate.Import) map[string]string {
	out := map[string]string{}
	for _, e := range im.Edits() {
		for _, u := range e.Units {
			out[u.Key] = u.Text
		}
	}
	return out
}

// Documents as other tools write them, by hand from the XLIFF 2.0 core
// specification (testdata/tools), import as kbc's own do: attributes in
// any order, pretty-printed under xml:space="default", notes with and
// without categories, module metadata, groups, reviewed and final states,
// paired codes as <pc> or <sc>/<ec>, copies, <mrk>, <sm>/<em> and <cp>.
func TestImportToolDocuments(t *testing.T) {
	kb := loadKB(t, "testdata/kb")
	for _, tc := range []struct {
		file    string
		want    map[string]string
		skipped []string
	}{
		{
			file: "pretty.xlf",
			want: map[string]string{
				"procedures.reset.title":              "Réinitialiser",
				"procedures.reset.steps.clear.text":   "Touchez **Effacer les données**, puis revenez à l’{{step:open}} si l’appli est encore ouverte.",
				"procedures.reset.steps.clear.note":   "Effacer les données vous déconnecte{{fn:signin}}.",
				"procedures.reset.steps.restart.text": "Relancez l’appli.\n\nElle demande votre nom d’utilisateur{{fn:signin}}.\nElle ne garde aucun réglage, voir l’{{step:open}}.\n",
			},
			skipped: []string{"footnotes.signin.text"},
		},
		{
			file: "copies.xlf",
			want: map[string]string{
				"procedures.reset.steps.clear.text": "Touchez **Effacer** ou **Vider**, puis revenez à l’{{step:open}}\u202f!",
			},
		},
	} {
		t.Run(tc.file, func(t *testing.T) {
			src, err := os.ReadFile(filepath.Join("testdata", "tools", tc.file))
			if err != nil {
				t.Fatal(err)
			}
			im := translate.NewImport(kb)
			im.Add(tc.file, src)
			if d := im.Diagnostics(); len(d) > 0 {
				t.Fatalf("findings:\n%s", listString(d))
			}
			got := importedTexts(im)
			for k, want := range tc.want {
				if got[k] != want {
					t.Errorf("%s imported as\n%q\nwant\n%q", k, got[k], want)
				}
			}
			if len(got) != len(tc.want) {
				t.Errorf("imported %d units, want %d: %q", len(got), len(tc.want), got)
			}
			var skipped []string
			for _, s := range im.Skipped {
				skipped = append(skipped, s.Unit)
			}
			if strings.Join(skipped, ",") != strings.Join(tc.skipped, ",") {
				t.Errorf("skipped %q, want %q", skipped, tc.skipped)
			}
			plan, err := im.Prepare(false, nil)
			if err != nil {
				t.Fatal(err)
			}
			if errs, _ := plan.Diagnostics().Count(); errs > 0 {
				t.Errorf("the locale file would not load:\n%s", listString(plan.Diagnostics()))
			}
		})
	}
}

// What XLIFF 2.0 does not allow, or a one-segment Markdown text cannot
// hold, is refused with an error at its place that names the unit, and
// the unit is not imported.
func TestImportRefusesWhatTheSpecOrMarkdownDoesNot(t *testing.T) {
	kb := loadKB(t, "testdata/kb")
	const source = `Tap <pc id="1">Clear data</pc>, then go back to <ph id="2"/> if the app is still open.`
	for _, tc := range []struct {
		name, segment, target string
		marker                string // where the finding points
		message               string
	}{
		{"isolated code", "", `Touchez <sc id="1" isolated="yes"/>Effacer, puis l’<ph id="2"/>.`, `<sc id="1" isolated`, `an isolated <sc>`},
		{"codes that overlap", "", `<sc id="1"/>Touchez <sc id="3" copyOf="1"/>Effacer<ec startRef="1"/>, puis<ec startRef="3"/> l’<ph id="2"/>.`, `<ec startRef="1"/>`, `<ec> closes code "1", which is not the one open`},
		{"code never closed", "", `Touchez <sc id="1"/>Effacer, puis l’<ph id="2"/>.`, `<sc id="1"/>`, `<sc id="1"> is never closed`},
		{"element of another namespace", "", `Touchez <x:b xmlns:x="urn:x">Effacer</x:b>, puis l’<ph id="2"/>.`, `<x:b`, `element <b> in namespace "urn:x" is not allowed`},
		{"element XLIFF does not have", "", `Touchez <b>Effacer</b>, puis l’<ph id="2"/>.`, `<b>`, `unexpected <b> in the text`},
		{"placeholder for a paired code", "", `Touchez <ph id="1"/>, puis l’<ph id="2"/>.`, `<ph id="1"/>`, `<ph id="1"> stands for bold, which is not a standalone code`},
		{"reference copied", "", `Touchez <pc id="1">Effacer</pc>, puis l’<ph id="2"/> et <ph id="4" copyOf="2"/>.`, `<ph id="4"`, `placeholder "2" \({{step:open}}\) appears twice`},
		{"Markdown typed as text", "", `Touchez <pc id="1">Effacer</pc>, puis *vite* l’<ph id="2"/>.`, `<target>`, `the target would read as \[bold \*\*, end of bold \*\*, emphasis \*, end of emphasis \*, reference {{step:open}}\], not as its inline codes \[bold \*\*, end of bold \*\*, reference {{step:open}}\]`},
		{"bold that Markdown does not close", "", `<pc id="1">「消去」</pc>をタップし、<ph id="2"/>に戻ります。`, `<target>`, `the target would read as \[reference {{step:open}}\], not as its inline codes \[bold \*\*, end of bold \*\*, reference {{step:open}}\]`},
		{"state XLIFF does not have", ` state="done"`, `Touchez <pc id="1">Effacer</pc>, puis l’<ph id="2"/>.`, `<segment`, `state "done" is not one of XLIFF 2.0's initial, translated, reviewed, final`},
		{"character XML cannot hold", "", `Touchez <pc id="1">Effacer</pc><cp hex="0"/>, puis l’<ph id="2"/>.`, `<cp hex="0"/>`, `<cp> with invalid hex "0"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			segment := ` state="translated"`
			if tc.segment != "" {
				segment = tc.segment
			}
			doc := `<?xml version="1.0" encoding="UTF-8"?>
<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="en" trgLang="fr">
  <file id="KB1" xml:space="preserve">
    <unit id="procedures.reset.steps.clear.text">
      <segment` + segment + `>
        <source>` + source + `</source>
        <target>` + tc.target + `</target>
      </segment>
    </unit>
  </file>
</xliff>
`
			im := translate.NewImport(kb)
			im.Add(filepath.Join("xlf", "a.xlf"), []byte(doc))
			d := im.Diagnostics()
			if len(d) != 1 || d[0].Severity != diag.Error || !strings.Contains(d[0].Message, `unit "procedures.reset.steps.clear.text"`) ||
				!regexp.MustCompile(tc.message).MatchString(d[0].Message) {
				t.Fatalf("want one error naming the unit and matching %q, got:\n%s", tc.message, listString(d))
			}
			if want := position(t, []byte(doc), tc.marker, 0); d[0].Pos != want {
				t.Errorf("finding at %s, want %s", d[0].Pos, want)
			}
			if len(im.Edits()) > 0 || len(im.Skipped) != 1 || im.Skipped[0].Unit != "procedures.reset.steps.clear.text" {
				t.Errorf("imported %q, skipped %+v", importedKeys(im), im.Skipped)
			}
		})
	}
}
