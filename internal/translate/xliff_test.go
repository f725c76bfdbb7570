package translate_test

import (
	"bytes"
	"encoding/xml"
	"flag"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/kbcdev/kbc/internal/content"
	"github.com/kbcdev/kbc/internal/coverage"
	"github.com/kbcdev/kbc/internal/diag"
	"github.com/kbcdev/kbc/internal/lint"
	"github.com/kbcdev/kbc/internal/translate"
	"github.com/kbcdev/kbc/internal/xliff"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// copyKB copies the fixture knowledge base into a temporary folder, so that
// a test may change it.
func copyKB(t *testing.T) string {
	t.Helper()
	dst := t.TempDir()
	copyDir(t, "testdata/kb", dst)
	return dst
}

// copyDir copies the folder src into dst.
func copyDir(t *testing.T, src, dst string) {
	t.Helper()
	err := filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		if d.IsDir() {
			return os.MkdirAll(filepath.Join(dst, rel), 0o755)
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dst, rel), b, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
}

func loadKB(t *testing.T, root string) *content.KB {
	t.Helper()
	kb, diags, err := content.Load(root)
	if err != nil {
		t.Fatal(err)
	}
	if errs, _ := diags.Count(); errs > 0 {
		t.Fatalf("the fixture does not load cleanly:\n%s", listString(diags))
	}
	return kb
}

func listString(l diag.List) string {
	var b bytes.Buffer
	diag.PrintText(&b, l, diag.Paths{})
	return b.String()
}

// export writes the XLIFF document kbc i18n export writes for the English
// articles of kb: the pending units, or all of them.
func export(t *testing.T, kb *content.KB, all bool) []byte {
	t.Helper()
	var files []xliff.File
	for _, a := range kb.Articles {
		us := coverage.PendingUnits(a, "fr")
		if all {
			us = coverage.UnitStates(a, "fr")
		}
		if a.Lang == "en" && len(us) > 0 {
			files = append(files, xliff.File{Article: a, Original: strings.ToLower(a.ID) + "/article.yaml", Units: us})
		}
	}
	var b bytes.Buffer
	if err := xliff.Write(&b, "en", "fr", files); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

var segmentPattern = regexp.MustCompile(`(?s)<segment state="initial">(\s*)<source>(.*?)</source>(\s*<target>.*?</target>)?`)

// fill does a translator's work: every segment gets a target made from
// its source, placeholders included, and the state translated. Quotes
// and apostrophes become French ones, as the typography rule wants.
func fill(doc []byte) []byte {
	return segmentPattern.ReplaceAllFunc(doc, func(m []byte) []byte {
		sub := segmentPattern.FindSubmatch(m)
		space, source := string(sub[1]), string(sub[2])
		target := strings.ReplaceAll(strings.ReplaceAll(source, `"clean"`, "«\u202fclean\u202f»"), "app's", "app’s")
		return []byte(`<segment state="translated">` + space + "<source>" + source + "</source>" + space + "<target>Traduit " + target + "</target>")
	})
}

func runImport(t *testing.T, kb *content.KB, docs ...[]byte) *translate.Import {
	t.Helper()
	im := translate.NewImport(kb)
	for i, d := range docs {
		im.Add(filepath.Join("xlf", string(rune('a'+i))+".xlf"), d)
	}
	return im
}

// apply writes the edits of an import, as kbc i18n import does.
func apply(t *testing.T, im *translate.Import) {
	t.Helper()
	for _, e := range im.Edits() {
		var old []byte
		if e.Exists {
			var err error
			if old, err = os.ReadFile(e.Path); err != nil {
				t.Fatal(err)
			}
		}
		out, _, _, err := e.Render(old)
		if err != nil {
			t.Fatal(err)
		}
		if err := translate.WriteFileAtomic(e.Path, out); err != nil {
			t.Fatal(err)
		}
	}
}

func TestExportGolden(t *testing.T) {
	got := export(t, loadKB(t, "testdata/kb"), false)
	golden := filepath.Join("testdata", "export.golden.xlf")
	if *update {
		if err := os.WriteFile(golden, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("export differs from %s (run go test -update to accept):\n%s", golden, got)
	}
}

// The XLIFF structure as XLIFF 2.0 core defines it, for the test to
// check what the writer produced.
type xliffRoot struct {
	XMLName xml.Name    `xml:"urn:oasis:names:tc:xliff:document:2.0 xliff"`
	Version string      `xml:"version,attr"`
	SrcLang string      `xml:"srcLang,attr"`
	TrgLang string      `xml:"trgLang,attr"`
	Files   []xliffFile `xml:"file"`
}

type xliffFile struct {
	ID       string      `xml:"id,attr"`
	Original string      `xml:"original,attr"`
	Space    string      `xml:"http://www.w3.org/XML/1998/namespace space,attr"`
	Units    []xliffUnit `xml:"unit"`
}

type xliffUnit struct {
	ID    string `xml:"id,attr"`
	Notes []struct {
		Category string `xml:"category,attr"`
		Text     string `xml:",chardata"`
	} `xml:"notes>note"`
	Segments []struct {
		State  string        `xml:"state,attr"`
		Source xliffContent  `xml:"source"`
		Target *xliffContent `xml:"target"`
	} `xml:"segment"`
}

type xliffContent struct {
	Text string `xml:",chardata"`
	PH   []struct {
		ID        string `xml:"id,attr"`
		Disp      string `xml:"disp,attr"`
		Equiv     string `xml:"equiv,attr"`
		CanCopy   string `xml:"canCopy,attr"`
		CanDelete string `xml:"canDelete,attr"`
	} `xml:"ph"`
}

// The export is well-formed XLIFF 2.0 with every attribute the core
// requires, and says of each unit what the knowledge base says.
func TestExportStructure(t *testing.T) {
	kb := loadKB(t, "testdata/kb")
	doc := export(t, kb, false)
	var x xliffRoot
	if err := xml.Unmarshal(doc, &x); err != nil {
		t.Fatalf("not well-formed XLIFF: %v", err)
	}
	if x.Version != "2.0" || x.SrcLang != "en" || x.TrgLang != "fr" {
		t.Errorf("root: version %q srcLang %q trgLang %q", x.Version, x.SrcLang, x.TrgLang)
	}
	if len(x.Files) != 1 || x.Files[0].ID != "KB1" || x.Files[0].Original != "kb1/article.yaml" || x.Files[0].Space != "preserve" {
		t.Fatalf("files: %+v", x.Files)
	}
	a := kb.Article("KB1")
	pending := coverage.PendingUnits(a, "fr")
	units := x.Files[0].Units
	if len(units) != len(pending) {
		t.Fatalf("%d units exported, %d pending", len(units), len(pending))
	}
	for i, u := range units {
		p := pending[i]
		if u.ID != p.Source.Key {
			t.Errorf("unit %d is %q, want %q", i, u.ID, p.Source.Key)
		}
		if len(u.Segments) != 1 || u.Segments[0].State != "initial" {
			t.Errorf("unit %s: want one segment in state initial, got %+v", u.ID, u.Segments)
			continue
		}
		notes := map[string]string{}
		for _, n := range u.Notes {
			notes[n.Category] = n.Text
		}
		if notes["kbc-source"] != content.Fingerprint(p.Source.Value) || notes["kbc-state"] != p.State.String() {
			t.Errorf("unit %s: notes %v", u.ID, notes)
		}
		seg := u.Segments[0]
		if (seg.Target != nil) != (p.State == coverage.Stale) {
			t.Errorf("unit %s (%s): target %v", u.ID, p.State, seg.Target)
		}
		refs := content.ParseRefs(p.Source.Value)
		if len(seg.Source.PH) != len(refs) {
			t.Errorf("unit %s: %d placeholders for %d references", u.ID, len(seg.Source.PH), len(refs))
			continue
		}
		ids := map[string]bool{}
		for j, ph := range seg.Source.PH {
			ref := p.Source.Value[refs[j].Start:refs[j].End]
			if ph.ID == "" || ids[ph.ID] || ph.Disp != ref || ph.Equiv != ref || ph.CanCopy != "no" || ph.CanDelete != "no" {
				t.Errorf("unit %s: placeholder %+v for %s", u.ID, ph, ref)
			}
			ids[ph.ID] = true
		}
		if strings.Contains(seg.Source.Text, "{{") {
			t.Errorf("unit %s: a reference is left as text: %q", u.ID, seg.Source.Text)
		}
	}
}

// Export, translate every unit, import: nothing is left to translate, lint
// finds nothing, and the locale file keeps its comments and order.
func TestRoundTrip(t *testing.T) {
	root := copyKB(t)
	kb := loadKB(t, root)
	im := runImport(t, kb, fill(export(t, kb, false)))
	if d := im.Diagnostics(); len(d) > 0 {
		t.Fatalf("import findings:\n%s", listString(d))
	}
	apply(t, im)

	kb = loadKB(t, root)
	a := kb.Article("KB1")
	if p := coverage.PendingUnits(a, "fr"); len(p) > 0 {
		t.Errorf("%d units still pending after import, first %s", len(p), p[0].Source.Key)
	}
	if d := lint.Run(kb, lint.All()); len(d) > 0 {
		t.Errorf("lint after import:\n%s", listString(d))
	}
	tr := a.Translations["fr"]
	var keys, want []string
	for _, u := range tr.Order {
		keys = append(keys, u.Key)
	}
	for _, s := range a.Texts() {
		want = append(want, s.Key)
	}
	if !slices.Equal(keys, want) {
		t.Errorf("units in the file: %q\nwant source order %q", keys, want)
	}
	if got := tr.Units["summary"].Text.Value; got != "Traduit Clear the app’s data & start again with a «\u202fclean\u202f» slate (data <-> settings)." {
		t.Errorf("summary imported as %q", got)
	}
	if got := tr.Units["procedures.reset.steps.restart.text"].Text.Value; !strings.Contains(got, "\nIt asks for your user name{{fn:signin}}.\n") {
		t.Errorf("a multi-line text lost its lines or references: %q", got)
	}
	b, err := os.ReadFile(tr.File)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{
		"# French text of KB1; units follow the source order.\n",
		"# Translated from an older summary.\n",
		"procedures.reset.steps.open.text: {text: Ouvrez **Réglages**., source: 2866161c} # short units stay flow style\n",
		"procedures.reset.steps.restart.text:\n  text: |\n    Traduit Start the app again.\n",
	} {
		if !bytes.Contains(b, []byte(s)) {
			t.Errorf("the locale file lost %q:\n%s", s, b)
		}
	}

	// Importing the same document again changes nothing.
	again := runImport(t, kb, fill(export(t, loadKB(t, "testdata/kb"), false)))
	if len(again.Diagnostics()) > 0 || len(again.Edits()) > 0 || again.Unchanged != 6 {
		t.Errorf("second import: %d edits, %d unchanged, findings:\n%s", len(again.Edits()), again.Unchanged, listString(again.Diagnostics()))
	}
}

// position returns the place of the nth occurrence of marker in doc, as a
// finding names it.
func position(t *testing.T, doc []byte, marker string, nth int) diag.Position {
	t.Helper()
	off := -1
	for range nth + 1 {
		i := bytes.Index(doc[off+1:], []byte(marker))
		if i < 0 {
			t.Fatalf("marker %q not found %d times", marker, nth+1)
		}
		off += 1 + i
	}
	before := doc[:off]
	line := bytes.Count(before, []byte("\n")) + 1
	col := len([]rune(string(before[bytes.LastIndexByte(before, '\n')+1:]))) + 1
	return diag.Position{File: filepath.Join("xlf", "a.xlf"), Line: line, Column: col}
}

// Each broken document or unit is reported where it is broken, and what
// is broken is not imported.
func TestImportFindings(t *testing.T) {
	kb := loadKB(t, "testdata/kb")
	filled := fill(export(t, kb, false))
	const clearPH = `<ph id="2" dataRef="d2" canCopy="no" canDelete="no" disp="{{step:open}}" equiv="{{step:open}}"/>`
	for _, tc := range []struct {
		name    string
		edit    func(string) string
		marker  string // where the finding points, in the edited document
		nth     int
		message string
		skipped string // the unit left out, or "*" for the whole document
	}{
		{
			name: "placeholder changed",
			edit: func(s string) string {
				return replaceNth(s, clearPH, strings.ReplaceAll(clearPH, "equiv=\"{{step:open}}", "equiv=\"{{step:other}}"), 1)
			},
			marker:  `<ph id="2" dataRef="d2" canCopy="no" canDelete="no" disp="{{step:open}}" equiv="{{step:other}}"/>`,
			message: `unit "procedures.reset.steps.clear.text": placeholder "2" was changed to "{{step:other}}"; the source has {{step:open}}`,
			skipped: "procedures.reset.steps.clear.text",
		},
		{
			name:    "placeholder dropped",
			edit:    func(s string) string { return replaceNth(s, clearPH, "", 1) },
			marker:  "<target>Traduit Tap",
			message: `the target drops placeholder "2" \({{step:open}}\)`,
			skipped: "procedures.reset.steps.clear.text",
		},
		{
			name:    "placeholder copied",
			edit:    func(s string) string { return replaceNth(s, clearPH, clearPH+clearPH, 1) },
			marker:  clearPH,
			nth:     2,
			message: `placeholder "2" \({{step:open}}\) appears twice`,
			skipped: "procedures.reset.steps.clear.text",
		},
		{
			name:    "placeholder unknown",
			edit:    func(s string) string { return replaceNth(s, clearPH, clearPH+`<ph id="7"/>`, 1) },
			marker:  `<ph id="7"/>`,
			message: `placeholder id "7" is not in the source`,
			skipped: "procedures.reset.steps.clear.text",
		},
		{
			name: "reference typed as text",
			edit: func(s string) string {
				return strings.Replace(s, "<target>Traduit Reset</target>", "<target>Traduit Reset {{step:open}}</target>", 1)
			},
			marker:  "<target>Traduit Reset",
			message: `the target's references \[{{step:open}}\] differ from the source's \[\]`,
			skipped: "procedures.reset.title",
		},
		{
			name: "unknown unit",
			edit: func(s string) string {
				return strings.Replace(s, `<unit id="procedures.reset.title">`, `<unit id="procedures.reset.titel">`, 1)
			},
			marker:  `<unit id="procedures.reset.titel">`,
			message: `KB1 has no text with key "procedures.reset.titel"; did you mean "procedures.reset.title"\?`,
			skipped: "procedures.reset.title",
		},
		{
			name:    "unknown article",
			edit:    func(s string) string { return strings.Replace(s, `<file id="KB1"`, `<file id="KB9"`, 1) },
			marker:  `<file id="KB9"`,
			message: `no article "KB9" in the knowledge base`,
			skipped: "*",
		},
		{
			name: "source language of another article",
			edit: func(s string) string {
				return strings.Replace(s, `srcLang="en" trgLang="fr"`, `srcLang="fr" trgLang="en"`, 1)
			},
			marker:  `<file id="KB1"`,
			message: `KB1 is written in en, but the document's srcLang is fr`,
			skipped: "*",
		},
		{
			name:    "locale not configured",
			edit:    func(s string) string { return strings.Replace(s, `trgLang="fr"`, `trgLang="de"`, 1) },
			marker:  "<xliff ",
			message: `trgLang "de" is not one of the configured locales en, fr`,
			skipped: "*",
		},
		{
			name: "not XLIFF 2",
			edit: func(s string) string {
				return strings.Replace(s, "urn:oasis:names:tc:xliff:document:2.0", "urn:oasis:names:tc:xliff:document:1.2", 1)
			},
			marker:  "<xliff ",
			message: `an XLIFF 1.2 document \(namespace "urn:oasis:names:tc:xliff:document:1.2"\): kbc reads XLIFF 2.0 and 2.1, which kbc i18n export writes; have the translation tool save the document as XLIFF 2`,
			skipped: "*",
		},
		{
			name:    "version",
			edit:    func(s string) string { return strings.Replace(s, `version="2.0"`, `version="3.0"`, 1) },
			marker:  "<xliff ",
			message: `XLIFF version "3.0"`,
			skipped: "*",
		},
		{
			name:    "not well-formed",
			edit:    func(s string) string { return strings.Replace(s, "</source>", "</sourc>", 1) },
			marker:  "</sourc>",
			message: `not well-formed XML: element <source> closed by </sourc>`,
			skipped: "*",
		},
		{
			name:    "no source",
			edit:    func(s string) string { return strings.Replace(s, `<source>Reset</source>`, "", 1) },
			marker:  `<unit id="procedures.reset.title">`,
			message: `unit "procedures.reset.title" has no <source>`,
			skipped: "procedures.reset.title",
		},
		{
			name: "paired code",
			edit: func(s string) string {
				return strings.Replace(s, "<target>Traduit Reset</target>", `<target>Traduit <pc id="9">Reset</pc></target>`, 1)
			},
			marker:  `<pc id="9">`,
			message: `unit "procedures.reset.title": paired code id "9" is not in the source`,
			skipped: "procedures.reset.title",
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			doc := []byte(tc.edit(string(filled)))
			if bytes.Equal(doc, filled) {
				t.Fatal("the edit changed nothing")
			}
			im := runImport(t, kb, doc)
			d := im.Diagnostics()
			if len(d) != 1 || d[0].Severity != diag.Error || d[0].Rule != xliff.Rule || !regexp.MustCompile(tc.message).MatchString(d[0].Message) {
				t.Fatalf("want one error matching %q, got:\n%s", tc.message, listString(d))
			}
			if want := position(t, doc, tc.marker, tc.nth); d[0].Pos != want {
				t.Errorf("finding at %s, want %s", d[0].Pos, want)
			}
			imported := importedKeys(im)
			switch {
			case tc.skipped == "*" && len(imported) > 0:
				t.Errorf("a rejected document imported %q", imported)
			case tc.skipped != "*" && (slices.Contains(imported, tc.skipped) || len(imported) != 5):
				t.Errorf("imported %q; want every unit but %s", imported, tc.skipped)
			}
		})
	}
}

func replaceNth(s, old, new string, nth int) string {
	off := 0
	for range nth {
		off += strings.Index(s[off:], old) + len(old)
	}
	i := off + strings.Index(s[off:], old)
	return s[:i] + new + s[i+len(old):]
}

func importedKeys(im *translate.Import) []string {
	var keys []string
	for _, e := range im.Edits() {
		for _, u := range e.Units {
			keys = append(keys, u.Key)
		}
	}
	return keys
}

// A unit whose source text changed after the export is skipped, and
// named with why at its place; the others are imported.
func TestImportSkipsUnitWhoseSourceChanged(t *testing.T) {
	root := copyKB(t)
	doc := fill(export(t, loadKB(t, root), false))
	src := filepath.Join(root, "kb1", "article.yaml")
	b, err := os.ReadFile(src)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(src, bytes.Replace(b, []byte("title: Reset\n"), []byte("title: Reset everything\n"), 1), 0o644); err != nil {
		t.Fatal(err)
	}
	im := runImport(t, loadKB(t, root), doc)
	if d := im.Diagnostics(); len(d) > 0 {
		t.Errorf("findings:\n%s", listString(d))
	}
	want := position(t, doc, `<unit id="procedures.reset.title">`, 0)
	if len(im.Skipped) != 1 || im.Skipped[0].Pos != want || im.Skipped[0].Unit != "procedures.reset.title" ||
		!strings.HasPrefix(im.Skipped[0].Reason, "stale on arrival: the source text changed since the export (fingerprint daee7606, now ") {
		t.Fatalf("want the unit skipped at %s, got %+v", want, im.Skipped)
	}
	if keys := importedKeys(im); slices.Contains(keys, "procedures.reset.title") || len(keys) != 5 || im.Units != 6 {
		t.Errorf("imported %q of %d", keys, im.Units)
	}

	// Without the fingerprint, the returned source is what tells.
	noNote := bytes.Replace(doc, []byte(`<note category="kbc-source">daee7606</note>`), nil, 1)
	im = runImport(t, loadKB(t, root), noNote)
	if len(im.Skipped) != 1 || !strings.HasPrefix(im.Skipped[0].Reason, "stale on arrival: its <source> is not the current source text of KB1 procedures.reset.title") {
		t.Fatalf("without a fingerprint: %+v", im.Skipped)
	}
}

// A segment left in state initial is not imported: its target is a draft.
// Each such unit is named as skipped.
func TestImportLeavesInitialSegments(t *testing.T) {
	kb := loadKB(t, "testdata/kb")
	doc := export(t, kb, false)
	untouched := runImport(t, kb, doc)
	if len(untouched.Diagnostics()) > 0 || len(untouched.Edits()) > 0 {
		t.Errorf("an untouched export imports %q, findings:\n%s", importedKeys(untouched), listString(untouched.Diagnostics()))
	}
	if len(untouched.Skipped) != 6 || untouched.Units != 6 {
		t.Fatalf("%d of %d units skipped: %+v", len(untouched.Skipped), untouched.Units, untouched.Skipped)
	}
	s := untouched.Skipped[0]
	if s.Unit != "summary" || s.Pos != position(t, doc, `<unit id="summary">`, 0) || !strings.Contains(s.Reason, `state is "initial"`) {
		t.Errorf("skipped %+v", s)
	}
}

// Two documents translating the same unit: the first one wins.
func TestImportSameUnitTwice(t *testing.T) {
	kb := loadKB(t, "testdata/kb")
	doc := fill(export(t, kb, false))
	im := runImport(t, kb, doc, doc)
	d := im.Diagnostics()
	if len(d) != 6 || !strings.Contains(d[0].Message, "is translated twice; the first is at xlf/a.xlf:") || d[0].Pos.File != filepath.Join("xlf", "b.xlf") {
		t.Fatalf("want a finding per unit of the second document, got:\n%s", listString(d))
	}
	if n := len(importedKeys(im)); n != 6 {
		t.Errorf("%d units imported, want 6", n)
	}
}

// An article without a locale file gets one, which loads and lints clean.
func TestImportCreatesLocaleFile(t *testing.T) {
	root := copyKB(t)
	if err := os.Remove(filepath.Join(root, "kb1", "fr.yaml")); err != nil {
		t.Fatal(err)
	}
	kb := loadKB(t, root)
	im := runImport(t, kb, fill(export(t, kb, false)))
	if d := im.Diagnostics(); len(d) > 0 {
		t.Fatalf("findings:\n%s", listString(d))
	}
	edits := im.Edits()
	if len(edits) != 1 || edits[0].Exists || edits[0].Path != filepath.Join(root, "kb1", "fr.yaml") {
		t.Fatalf("edits: %+v", edits)
	}
	apply(t, im)
	kb = loadKB(t, root)
	if p := coverage.PendingUnits(kb.Article("KB1"), "fr"); len(p) > 0 {
		t.Errorf("%d units pending", len(p))
	}
	if d := lint.Run(kb, lint.All()); len(d) > 0 {
		t.Errorf("lint:\n%s", listString(d))
	}
}

// A locale file that does not parse is not overwritten.
func TestRenderRefusesBrokenLocaleFile(t *testing.T) {
	root := copyKB(t)
	kb := loadKB(t, root)
	im := runImport(t, kb, fill(export(t, kb, false)))
	e := im.Edits()[0]
	if _, _, _, err := e.Render([]byte("lang: fr\ntitle: [unclosed\n")); err == nil {
		t.Error("a broken locale file rendered")
	}
	if _, _, _, err := e.Render([]byte("- a list\n")); err == nil {
		t.Error("a locale file that is not a mapping rendered")
	}
}

func TestWriteFileAtomic(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "fr.yaml")
	if err := os.WriteFile(p, []byte("old"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := translate.WriteFileAtomic(p, []byte("new")); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(p)
	st, _ := os.Stat(p)
	if err != nil || string(b) != "new" || st.Mode().Perm() != 0o600 {
		t.Errorf("content %q, mode %v, err %v", b, st.Mode(), err)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("temporary files left: %v", entries)
	}
	if err := translate.WriteFileAtomic(filepath.Join(dir, "no", "such", "dir"), []byte("x")); err == nil {
		t.Error("writing into a missing folder succeeded")
	}
}

// A document whose languages carry a region the locales do not have, as
// CAT tools write them, imports into the locales of those languages.
func TestImportTakesARegionForItsLanguage(t *testing.T) {
	kb := loadKB(t, "testdata/kb")
	doc := fill(export(t, kb, false))
	regional := bytes.Replace(doc, []byte(`srcLang="en" trgLang="fr"`), []byte(`srcLang="en-US" trgLang="fr-FR"`), 1)
	if bytes.Equal(regional, doc) {
		t.Fatal("the export has no srcLang and trgLang to change")
	}
	im := runImport(t, kb, regional)
	if d := im.Diagnostics(); len(d) > 0 {
		t.Fatalf("findings:\n%s", listString(d))
	}
	if got, want := importedKeys(im), importedKeys(runImport(t, kb, doc)); len(got) == 0 || !slices.Equal(got, want) {
		t.Errorf("imported %q, want %q", got, want)
	}
}

// A <source> whose white space a CAT tool changed, its fingerprint noted
// and current, is still the current source: the unit imports.
func TestImportTakesASourceWithOtherWhiteSpace(t *testing.T) {
	kb := loadKB(t, "testdata/kb")
	doc := fill(export(t, kb, false))
	i := bytes.Index(doc, []byte("<source>"))
	j := i + bytes.Index(doc[i:], []byte("</source>"))
	sp := i + bytes.IndexByte(doc[i:j], ' ')
	if i < 0 || sp <= i {
		t.Fatal("the export has no <source> with a space")
	}
	spaced := append(append(append([]byte{}, doc[:sp]...), "  \n  "...), doc[sp+1:]...)
	im := runImport(t, kb, spaced)
	if d := im.Diagnostics(); len(d) > 0 || len(im.Skipped) > 0 {
		t.Fatalf("findings:\n%s\nskipped: %+v", listString(d), im.Skipped)
	}
	if got, want := importedKeys(im), importedKeys(runImport(t, kb, doc)); !slices.Equal(got, want) {
		t.Errorf("imported %q, want %q", got, want)
	}
}

// A translation changed in the locale file after the export (a reviewer's
// fix) is not undone by a unit the translator left as exported, and a
// unit the translator changed too is an error that names the file's text.
func TestImportKeepsATranslationChangedSinceTheExport(t *testing.T) {
	root := copyKB(t)
	doc := export(t, loadKB(t, root), true)
	fr := filepath.Join(root, "kb1", "fr.yaml")
	b, err := os.ReadFile(fr)
	if err != nil {
		t.Fatal(err)
	}
	fixed := bytes.Replace(b, []byte(`text: "Réinitialiser l’appli"`), []byte(`text: "Réinitialiser l’application"`), 1)
	if bytes.Equal(fixed, b) {
		t.Fatal("the fixture's title translation is not as the test expects")
	}
	if err := os.WriteFile(fr, fixed, 0o644); err != nil {
		t.Fatal(err)
	}

	im := runImport(t, loadKB(t, root), doc)
	if d := im.Diagnostics(); len(d) > 0 {
		t.Errorf("findings:\n%s", listString(d))
	}
	if slices.Contains(importedKeys(im), "title") {
		t.Errorf("the title exported before the fix is imported over it")
	}
	want := position(t, doc, `<unit id="title">`, 0)
	if !slices.ContainsFunc(im.Skipped, func(s translate.Skipped) bool {
		return s.Unit == "title" && s.Pos == want && strings.HasPrefix(s.Reason, "kept "+fr+" as it is: its translation changed since the export")
	}) {
		t.Errorf("want the title skipped at %s as kept, got %+v", want, im.Skipped)
	}

	changed := bytes.Replace(doc, []byte("<target>Réinitialiser l’appli</target>"), []byte("<target>Remettre l’appli à zéro</target>"), 1)
	if bytes.Equal(changed, doc) {
		t.Fatal("the export has no title target as the test expects")
	}
	im = runImport(t, loadKB(t, root), changed)
	d := im.Diagnostics()
	if len(d) != 1 || d[0].Pos != position(t, changed, "<target>Remettre", 0) ||
		!strings.Contains(d[0].Message, `unit "title": its target and `+fr+` both changed the translation exported; `+fr+` now says "Réinitialiser l’application"`) {
		t.Errorf("want the conflict at the target, got:\n%s", listString(d))
	}
}

// White space around a target, and a line break in the target of a
// one-line source, are imported as they are, with a warning each.
func TestImportWarnsOfWhiteSpaceTheSourceHasNot(t *testing.T) {
	kb := loadKB(t, "testdata/kb")
	doc := fill(export(t, kb, false))
	spaced := bytes.Replace(doc, []byte("<target>Traduit Reset</target>"), []byte("<target>  Traduit\nReset  </target>"), 1)
	if bytes.Equal(spaced, doc) {
		t.Fatal("the export has no title target as the test expects")
	}
	im := runImport(t, kb, spaced)
	var got []string
	for _, d := range im.Diagnostics() {
		got = append(got, d.Severity.String()+": "+d.Message)
	}
	want := []string{
		`warning: unit "procedures.reset.title": the target starts or ends with white space, which the source does not, and holds a line break where the source is one line, which the page shows as a space; it is imported as it is`,
	}
	if !slices.Equal(got, want) {
		t.Errorf("findings:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if !slices.Contains(importedKeys(im), "procedures.reset.title") {
		t.Error("the unit was not imported")
	}
}

// A reference the translation writes in a context of its own has a
// <data> of its own: a CAT tool that rewrites the placeholder with its id
// and dataRef alone, dropping equiv and disp, keeps the context.
func TestImportKeepsAReferencesContextByItsData(t *testing.T) {
	kb := loadKB(t, copyKB(t))
	doc := string(export(t, kb, true))
	const exported = `puis revenez <ph id="2" dataRef="d3" canCopy="no" canDelete="no" disp="{{step:open|to}}" equiv="{{step:open|to}}"/>.</target>`
	if !strings.Contains(doc, exported) || !strings.Contains(doc, `<data id="d3">{{step:open|to}}</data>`) {
		t.Fatalf("the export lacks the target's own data for {{step:open|to}}:\n%s", doc)
	}
	doc = strings.Replace(doc, exported, `puis retournez <ph id="2" dataRef="d3"/>.</target>`, 1)
	unit := strings.Index(doc, `<unit id="procedures.reset.steps.clear.text">`)
	doc = doc[:unit] + strings.Replace(doc[unit:], `<segment state="initial">`, `<segment state="translated">`, 1)
	importDoc(t, kb, []byte(doc))
	got := readFile(t, filepath.Join(kb.Root, "kb1", "fr.yaml"))
	if !bytes.Contains(got, []byte(`puis retournez {{step:open|to}}.`)) {
		t.Errorf("fr.yaml after the import:\n%s\nwant the reference in its own context, {{step:open|to}}", got)
	}
}

// A unit exported stale, with the translation of the older source as its
// target, whose target comes back unrevised in state "translated" (a CAT
// tool's "confirm all"), stays stale and is named as skipped; in state
// "reviewed" or "final" it is confirmed for the current source.
func TestImportLeavesAStaleUnitConfirmedUnrevised(t *testing.T) {
	root := copyKB(t)
	doc := string(export(t, loadKB(t, root), false))
	const key = "summary"
	unit := strings.Index(doc, `<unit id="`+key+`">`)
	if unit < 0 || !strings.Contains(doc[unit:], `<note category="kbc-state">stale</note>`) {
		t.Fatalf("the fixture's %s is not exported stale:\n%s", key, doc)
	}
	for _, tc := range []struct {
		state    string
		imported bool
	}{{"translated", false}, {"final", true}} {
		edited := doc[:unit] + strings.Replace(doc[unit:], `<segment state="initial">`, `<segment state="`+tc.state+`">`, 1)
		im := runImport(t, loadKB(t, root), []byte(edited))
		imported := slices.Contains(importedKeys(im), key)
		if imported != tc.imported {
			t.Errorf("state %s: imported %v, want %v (skipped %+v)", tc.state, imported, tc.imported, im.Skipped)
		}
		if !tc.imported && !slices.ContainsFunc(im.Skipped, func(s translate.Skipped) bool {
			return s.Unit == key && strings.HasPrefix(s.Reason, "left stale: its target is the translation of the older source")
		}) {
			t.Errorf("state %s: skipped %+v, want the unit named as left stale", tc.state, im.Skipped)
		}
	}
}
