package cli_test

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"

	"github.com/kbcdev/kbc/internal/cli"
	"github.com/kbcdev/kbc/internal/content"
	"github.com/kbcdev/kbc/internal/treetest"
)

// The source texts of the knowledge base importKB writes.
const (
	kb1Title   = "Pay an invoice"
	kb1Summary = "Settle an open invoice from your account."
	kb1Pay     = "Pay"
	kb1Open    = "Open the list of invoices."
	kb1Confirm = "Select **Pay**, then check the list again as in {{step:open}}."
	kb1Check   = "Check the receipt.\n\nIts number matches the invoice.\nIts amount matches too.\n"
	kb2Title   = "Print an invoice"
	kb2Summary = "Print an invoice for your records."
)

// importFR is KB1's French file: blank lines, comments at every depth,
// flow, block, quoted and plain units. It lacks three units.
var importFR = `# French text of KB1.
lang: fr

title: {text: Payer une facture, source: ` + content.Fingerprint(kb1Title) + `}   # short units stay flow style
summary:
  # indented comment inside the unit
  text: "Réglez une facture ouverte depuis votre compte."
  source: "` + content.Fingerprint(kb1Summary) + `"

    # a comment indented deeper than the units

# Procedures.
procedures.pay.title:
    text: Payer
    source: '` + content.Fingerprint(kb1Pay) + `'
`

// importKB writes a knowledge base of two articles into a temporary folder
// and returns its content folder. KB1's French file misses the units of
// the steps open, confirm and check; KB2's misses the summary.
func importKB(t *testing.T) string {
	t.Helper()
	root := filepath.Join(t.TempDir(), "content")
	writeFiles(t, root, map[string]string{
		"kb.yaml": "source_locale: en\nlocales: [en, fr]\n",
		"kb1/article.yaml": `id: KB1
title: ` + kb1Title + `
summary: ` + kb1Summary + `
procedures:
  - id: pay
    title: ` + kb1Pay + `
    steps:
      - id: open
        text: ` + kb1Open + `
      - id: confirm
        text: ` + kb1Confirm + `
      - id: check
        text: |
` + indent(kb1Check, "          "),
		"kb1/fr.yaml": importFR,
		"kb2/article.yaml": `id: KB2
title: ` + kb2Title + `
summary: ` + kb2Summary + `
`,
		"kb2/fr.yaml": "lang: fr\ntitle:\n  text: \"Imprimer une facture\"\n  source: \"" + content.Fingerprint(kb2Title) + "\"\n",
	})
	return root
}

func writeFiles(t *testing.T, root string, files map[string]string) {
	t.Helper()
	for name, body := range files {
		p := filepath.Join(root, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func indent(s, prefix string) string {
	var b strings.Builder
	for _, l := range strings.SplitAfter(s, "\n") {
		if strings.TrimSpace(l) != "" {
			b.WriteString(prefix)
		}
		b.WriteString(l)
	}
	return b.String()
}

// xunit is one unit of an XLIFF document that xliffDoc writes.
type xunit struct {
	article, key, source string
	target               string // XLIFF inline content, written as is
	attrs                string // extra attributes of <target>
}

// xliffDoc writes an XLIFF 2.0 document from English into French whose
// units are translated. A source reference is written as the placeholder
// kbc exports; targets are written as given.
func xliffDoc(units ...xunit) []byte {
	var b bytes.Buffer
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n")
	b.WriteString(`<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="en" trgLang="fr">` + "\n")
	for _, u := range units {
		// Bold and references become inline codes numbered in order, as
		// kbc exports them.
		n := 0
		source := regexp.MustCompile(`\{\{[a-z]+:[^}]+\}\}|\*\*[^*]+\*\*`).ReplaceAllStringFunc(u.source, func(code string) string {
			n++
			if strings.HasPrefix(code, "**") {
				return fmt.Sprintf(`<pc id="%d" type="fmt" subType="xlf:b">%s</pc>`, n, strings.Trim(code, "*"))
			}
			return fmt.Sprintf(`<ph id="%d" canCopy="no" canDelete="no" disp="%s" equiv="%s"/>`, n, code, code)
		})
		fmt.Fprintf(&b, `  <file id="%s" original="%s/article.yaml" canResegment="no" xml:space="preserve">
    <unit id="%s">
      <notes><note category="kbc-source">%s</note></notes>
      <segment state="translated">
        <source>%s</source>
        <target%s>%s</target>
      </segment>
    </unit>
  </file>
`, u.article, strings.ToLower(u.article), u.key, content.Fingerprint(u.source), source, u.attrs, u.target)
	}
	b.WriteString("</xliff>\n")
	return b.Bytes()
}

// phOpen is the placeholder of {{step:open}} in kb1Confirm, phOpenIn the
// same placeholder with the reference in the context French needs ("à
// l’étape 1"), and payer its bold text, translated.
const (
	phOpen   = `<ph id="2" canCopy="no" canDelete="no" disp="{{step:open}}" equiv="{{step:open}}"/>`
	phOpenIn = `<ph id="2" canCopy="no" canDelete="no" disp="{{step:open|in}}" equiv="{{step:open|in}}"/>`
	payer    = `<pc id="1" type="fmt" subType="xlf:b">Payer</pc>`
)

var (
	unitOpen    = xunit{article: "KB1", key: "procedures.pay.steps.open.text", source: kb1Open, target: "Ouvrez la liste des factures."}
	unitConfirm = xunit{article: "KB1", key: "procedures.pay.steps.confirm.text", source: kb1Confirm,
		target: "Sélectionnez " + payer + ", puis vérifiez la liste comme " + phOpenIn + "."}
	unitCheck = xunit{article: "KB1", key: "procedures.pay.steps.check.text", source: kb1Check,
		target: "Vérifiez le reçu.\n\nSon numéro est celui de la facture.\nSon montant aussi.\n"}
	unitKB2Summary = xunit{article: "KB2", key: "summary", source: kb2Summary, target: "Imprimez une facture pour vos dossiers."}
)

// runKBC runs kbc with the arguments and returns its exit code and output.
func runKBC(args ...string) (int, string, string) {
	var stdout, stderr bytes.Buffer
	code := cli.Run(args, &stdout, &stderr)
	return code, stdout.String(), stderr.String()
}

// unitText returns the text of a unit of a locale file as kbc loads it,
// and whether the unit is there.
func unitText(t *testing.T, root, id, locale, key string) (string, bool) {
	t.Helper()
	kb, _, err := content.Load(root)
	if err != nil {
		t.Fatal(err)
	}
	a := kb.Article(id)
	if a == nil || a.Translations[locale] == nil {
		t.Fatalf("%s has no %s translation", id, locale)
	}
	u := a.Translations[locale].Units[key]
	if u == nil {
		return "", false
	}
	return u.Text.Value, true
}

func writeDoc(t *testing.T, dir, name string, doc []byte) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, doc, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// Two imports into one locale file at once, each of other units: either
// both sets of units end up in the file, or one import refuses with exit
// status 1 and writes nothing; no unit is ever lost.
func TestImportConcurrentIntoOneFile(t *testing.T) {
	want := [2][]xunit{{unitOpen}, {unitConfirm, unitCheck}}
	refused := 0
	for i := range 20 {
		root := importKB(t)
		dir := filepath.Dir(root)
		var docs [2]string
		for j := range docs {
			docs[j] = writeDoc(t, dir, fmt.Sprintf("%d.xlf", j), xliffDoc(want[j]...))
		}
		var codes [2]int
		var outs [2]string
		var wg sync.WaitGroup
		for j := range docs {
			wg.Go(func() {
				var stdout, stderr string
				codes[j], stdout, stderr = runKBC("i18n", "import", "--content", root, docs[j])
				outs[j] = stdout + stderr
			})
		}
		wg.Wait()
		for j := range docs {
			switch codes[j] {
			case cli.ExitOK:
			case cli.ExitFindings:
				refused++
				if !strings.Contains(outs[j], filepath.Join("kb1", "fr.yaml")) {
					t.Errorf("run %d, import %d: the refusal does not name the file:\n%s", i, j, outs[j])
				}
			default:
				t.Fatalf("run %d, import %d: exit status %d:\n%s", i, j, codes[j], outs[j])
			}
		}
		if codes[0] != cli.ExitOK && codes[1] != cli.ExitOK {
			t.Errorf("run %d: both imports refused:\n%s\n%s", i, outs[0], outs[1])
		}
		for j := range docs {
			for _, u := range want[j] {
				got, ok := unitText(t, root, "KB1", "fr", u.key)
				if codes[j] == cli.ExitOK && !ok {
					t.Errorf("run %d: import %d succeeded, but its unit %s is not in the file:\n%s", i, j, u.key, outs[j])
				}
				if codes[j] != cli.ExitOK && ok {
					t.Errorf("run %d: import %d was refused, but its unit %s was written: %q", i, j, u.key, got)
				}
			}
		}
		for _, key := range []string{"title", "summary", "procedures.pay.title"} {
			if _, ok := unitText(t, root, "KB1", "fr", key); !ok {
				t.Errorf("run %d: unit %s was lost", i, key)
			}
		}
	}
	t.Logf("%d of 20 runs had an import refused", refused)
}

// An import with any unit that lint would reject writes nothing, in any
// file, exits 1 and names the unit and its locale file. The good units of
// the same document (one of them in another article) are not written
// either.
func TestImportRefusesWhatLintRejects(t *testing.T) {
	title := xunit{article: "KB1", key: "procedures.pay.title", source: kb1Pay}
	confirm := unitConfirm
	for _, tc := range []struct {
		name string
		unit xunit
		want string // a regexp the output must match
	}{
		{"escaped script", with(confirm, "Sélectionnez &lt;script&gt;alert(1)&lt;/script&gt; puis l’"+phOpen+"."),
			`error: markup: \[fr\] KB1 procedures.pay.steps.confirm.text, for content/kb1/fr.yaml: raw HTML is not allowed`},
		{"raw HTML", with(title, "&lt;b&gt;Payer&lt;/b&gt;"),
			`error: markup: \[fr\] KB1 procedures.pay.title, for content/kb1/fr.yaml: raw HTML is not allowed`},
		{"right-to-left override", with(title, "Pa\u202eyer"),
			`error: syntax: \[fr\] KB1 procedures.pay.title, for content/kb1/fr.yaml: bidirectional control character U\+202E`},
		{"right-to-left override as a character reference", with(title, "Pa&#x202E;yer"),
			`error: syntax: \[fr\] KB1 procedures.pay.title, for content/kb1/fr.yaml: bidirectional control character U\+202E`},
		{"right-to-left override as a code point", with(title, `Pa<cp hex="202E"/>yer`),
			`error: syntax: \[fr\] KB1 procedures.pay.title, for content/kb1/fr.yaml: bidirectional control character U\+202E`},
		{"left-to-right isolate", with(title, "Pa\u2066yer"),
			`error: syntax: \[fr\] KB1 procedures.pay.title, for content/kb1/fr.yaml: bidirectional control character U\+2066`},
		{"control character", with(title, `Pa<cp hex="7"/>yer`),
			`error: syntax: \[fr\] KB1 procedures.pay.title, for content/kb1/fr.yaml: control character U\+0007`},
		{"typed step number", with(confirm, "Sélectionnez "+payer+", puis revenez à l’étape 1 "+phOpen+"."),
			`error: hardcoded-numbers: \[fr\] KB1 procedures.pay.steps.confirm.text, for content/kb1/fr.yaml: `},
		{"lost reference", with(confirm, "Sélectionnez "+payer+"."),
			`error: xliff: \[fr\] unit "procedures.pay.steps.confirm.text": the target drops placeholder "2"`},
		{"added reference", with(confirm, "Sélectionnez "+payer+", puis l’"+phOpen+" et {{step:check}}."),
			`error: xliff: \[fr\] unit "procedures.pay.steps.confirm.text": the target's references`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			root := importKB(t)
			t.Chdir(filepath.Dir(root))
			before := treetest.Read(t, root)
			doc := writeDoc(t, ".", "fr.xlf", xliffDoc(unitKB2Summary, unitOpen, tc.unit))
			code, stdout, stderr := runKBC("i18n", "import", doc)
			if code != cli.ExitFindings {
				t.Errorf("exit status %d, want %d\nstdout:\n%sstderr:\n%s", code, cli.ExitFindings, stdout, stderr)
			}
			if !regexp.MustCompile(`(?m)^fr\.xlf:\d+:\d+: ` + tc.want).MatchString(stdout) {
				t.Errorf("the output does not name the unit as %q:\n%s", tc.want, stdout)
			}
			for _, l := range strings.SplitAfter(stdout, "\n") {
				if strings.Contains(l, ": error: ") && !strings.Contains(l, `"`+tc.unit.key+`"`) && !strings.Contains(l, " "+tc.unit.key+", ") {
					t.Errorf("an error about another unit: %s", l)
				}
			}
			if !strings.Contains(stdout, "nothing written") {
				t.Errorf("the output does not say that nothing was written:\n%s", stdout)
			}
			if after := treetest.Read(t, root); treetest.Diff(after, before) != nil {
				t.Errorf("files changed:\n%s", diffFiles(before, after))
			}
		})
	}
}

func with(u xunit, target string) xunit {
	u.target = target
	return u
}

func diffFiles(before, after map[string][]byte) string {
	return strings.Join(treetest.Diff(after, before), "\n")
}

// Several offending units are each named, in every file they would go to.
func TestImportNamesEveryOffendingUnit(t *testing.T) {
	root := importKB(t)
	t.Chdir(filepath.Dir(root))
	before := treetest.Read(t, root)
	doc := writeDoc(t, ".", "fr.xlf", xliffDoc(
		with(unitKB2Summary, "Imprimez &lt;i&gt;une&lt;/i&gt; facture."),
		unitOpen,
		with(unitCheck, "Vérifiez le reçu.\n\nSon numéro\u202e.\n"),
	))
	code, stdout, _ := runKBC("i18n", "import", doc)
	if code != cli.ExitFindings {
		t.Errorf("exit status %d, want %d", code, cli.ExitFindings)
	}
	for _, want := range []string{
		`fr.xlf:\d+:\d+: error: markup: \[fr\] KB2 summary, for content/kb2/fr.yaml: raw HTML`,
		`fr.xlf:\d+:\d+: error: syntax: \[fr\] KB1 procedures.pay.steps.check.text, for content/kb1/fr.yaml: bidirectional control character U\+202E`,
	} {
		if !regexp.MustCompile(`(?m)^` + want).MatchString(stdout) {
			t.Errorf("no line matching %q in:\n%s", want, stdout)
		}
	}
	if after := treetest.Read(t, root); treetest.Diff(after, before) != nil {
		t.Errorf("files changed:\n%s", diffFiles(before, after))
	}
}

// prettyPrint does what an XML pretty-printer that ignores xml:space
// does to an XLIFF document: every source and target gets its text on
// lines of its own, indented.
func prettyPrint(doc []byte) []byte {
	re := regexp.MustCompile(`(?s)( *)<(source|target)>(.*?)</(source|target)>`)
	return re.ReplaceAllFunc(doc, func(m []byte) []byte {
		sub := re.FindSubmatch(m)
		ind := string(sub[1])
		text := strings.ReplaceAll(string(sub[3]), "\n", "\n"+ind+"  ")
		return []byte(ind + "<" + string(sub[2]) + ">\n" + ind + "  " + text + "\n" + ind + "</" + string(sub[4]) + ">")
	})
}

// A pretty-printed XLIFF document without xml:space="preserve" imports
// without changing any unit: the whitespace a pretty-printer adds is not
// text, as XLIFF's xml:space="default" allows. With xml:space="preserve",
// whitespace is text and is kept.
func TestImportWhitespaceFollowsXMLSpace(t *testing.T) {
	root := importKB(t)
	t.Chdir(filepath.Dir(root))
	// Complete KB1 first, so that the document covers multi-line texts.
	if code, stdout, stderr := runKBC("i18n", "import", writeDoc(t, ".", "first.xlf", xliffDoc(unitOpen, unitConfirm, unitCheck, unitKB2Summary))); code != cli.ExitOK {
		t.Fatalf("exit status %d:\n%s%s", code, stdout, stderr)
	}
	before := treetest.Read(t, root)
	if code, _, stderr := runKBC("i18n", "export", "--all", "--locale", "fr", "-o", "all.xlf"); code != cli.ExitOK {
		t.Fatalf("export: exit status %d: %s", code, stderr)
	}
	doc, err := os.ReadFile("all.xlf")
	if err != nil {
		t.Fatal(err)
	}
	pretty := prettyPrint(bytes.ReplaceAll(doc, []byte(` xml:space="preserve"`), nil))
	if bytes.Contains(pretty, []byte("preserve")) || !bytes.Contains(pretty, []byte("<target>\n          Vérifiez le reçu.\n          \n          Son")) {
		t.Fatalf("the document is not pretty-printed as the test means:\n%s", pretty)
	}
	code, stdout, stderr := runKBC("i18n", "import", writeDoc(t, ".", "pretty.xlf", pretty))
	if code != cli.ExitOK || stdout != "8 units already imported, unchanged\n8 of 8 units imported, 0 skipped\n" {
		t.Errorf("exit status %d, stdout:\n%s\nstderr:\n%s", code, stdout, stderr)
	}
	if after := treetest.Read(t, root); treetest.Diff(after, before) != nil {
		t.Errorf("files changed:\n%s", diffFiles(before, after))
	}

	// xml:space="preserve" keeps whitespace as text, here on the target.
	doc = xliffDoc(xunit{article: "KB1", key: "procedures.pay.steps.check.text", source: kb1Check, attrs: ` xml:space="preserve"`,
		target: "Vérifiez le reçu.\n\n- Son numéro.\n  - Et sa date.\n- Son montant.\n"})
	doc = bytes.ReplaceAll(doc, []byte(` xml:space="preserve"><unit`), []byte(`><unit`))
	if code, stdout, stderr := runKBC("i18n", "import", writeDoc(t, ".", "preserve.xlf", doc)); code != cli.ExitOK {
		t.Fatalf("exit status %d:\n%s%s", code, stdout, stderr)
	}
	if got, _ := unitText(t, root, "KB1", "fr", "procedures.pay.steps.check.text"); got != "Vérifiez le reçu.\n\n- Son numéro.\n  - Et sa date.\n- Son montant.\n" {
		t.Errorf("imported as %q", got)
	}
}

// An import keeps the locale file as it was written, except for the units
// it writes: its line endings, byte-order mark, blank lines and comments,
// indented or not. A new unit goes after the unit before it in the source.
func TestImportKeepsTheFileFormat(t *testing.T) {
	wantLF := strings.NewReplacer(
		`summary:
  # indented comment inside the unit
  text: "Réglez une facture ouverte depuis votre compte."`,
		`summary:
  # indented comment inside the unit
  text: "Réglez une facture ouverte depuis votre compte bancaire."`,
		`    text: Payer
    source: '`+content.Fingerprint(kb1Pay)+`'
`,
		`    text: Régler
    source: '`+content.Fingerprint(kb1Pay)+`'
procedures.pay.steps.open.text:
  text: "Ouvrez la liste des factures."
  source: "`+content.Fingerprint(kb1Open)+`"
procedures.pay.steps.check.text:
  text: |
    Vérifiez le reçu.

    Son numéro est celui de la facture.
    Son montant aussi.
  source: "`+content.Fingerprint(kb1Check)+`"
`).Replace(importFR)
	for _, variant := range []struct {
		name     string
		old, new func(string) string
	}{
		{"LF", func(s string) string { return s }, func(s string) string { return s }},
		{"CRLF with BOM", crlfBOM, crlfBOM},
	} {
		t.Run(variant.name, func(t *testing.T) {
			root := importKB(t)
			t.Chdir(filepath.Dir(root))
			fr := filepath.Join(root, "kb1", "fr.yaml")
			if err := os.WriteFile(fr, []byte(variant.old(importFR)), 0o644); err != nil {
				t.Fatal(err)
			}
			doc := xliffDoc(
				xunit{article: "KB1", key: "summary", source: kb1Summary, target: "Réglez une facture ouverte depuis votre compte bancaire."},
				xunit{article: "KB1", key: "procedures.pay.title", source: kb1Pay, target: "Régler"},
				unitOpen, unitCheck,
			)
			code, stdout, stderr := runKBC("i18n", "import", writeDoc(t, ".", "fr.xlf", doc))
			if code != cli.ExitOK || stdout != "updated content/kb1/fr.yaml: 2 added, 2 revised\n4 of 4 units imported, 0 skipped\n" {
				t.Errorf("exit status %d, stdout:\n%s\nstderr:\n%s", code, stdout, stderr)
			}
			got, err := os.ReadFile(fr)
			if err != nil {
				t.Fatal(err)
			}
			if want := variant.new(wantLF); string(got) != want {
				t.Errorf("the file reads\n%q\nwant\n%q", got, want)
			}
		})
	}
}

func crlfBOM(s string) string {
	return "\ufeff" + strings.ReplaceAll(s, "\n", "\r\n")
}
