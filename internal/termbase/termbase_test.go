package termbase_test

import (
	"bytes"
	"encoding/xml"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/kbcdev/kbc/internal/content/schematest"
	"github.com/kbcdev/kbc/internal/termbase"
)

var locales = []string{"en", "fr", "hu", "ja"}

func write(t *testing.T, text string) string {
	t.Helper()
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, termbase.File), []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

const sample = `client-portal:
  note: The website where clients manage their account.
  en: Client Portal
  fr: {term: Portail Client, forbidden: [Portail client]}
register-two-factor:
  label: true
  en: REGISTER TWO-FACTOR
  fr: {term: REGISTER TWO-FACTOR, localized: false}
  ja: {term: ツーファクターを登録する, forbidden: [REGISTER TWO-FACTOR]}
`

func TestLoad(t *testing.T) {
	b, diags := termbase.Load(write(t, sample), locales)
	if len(diags) > 0 {
		t.Fatalf("findings: %v", diags)
	}
	if len(b.Concepts) != 2 {
		t.Fatalf("got %d concepts, want 2", len(b.Concepts))
	}
	portal, label := b.Concepts[0], b.Concepts[1]
	fr := portal.Terms["fr"]
	if fr.Text != "Portail Client" || len(fr.Forbidden) != 1 || fr.Forbidden[0].Text != "Portail client" || fr.Forbidden[0].Pos.Line != 4 {
		t.Errorf("fr term of client-portal: %+v", fr)
	}
	if !label.Label || !label.Terms["fr"].NotLocalized || label.Terms["ja"].NotLocalized {
		t.Errorf("register-two-factor: label %v, fr not localized %v, ja not localized %v",
			label.Label, label.Terms["fr"].NotLocalized, label.Terms["ja"].NotLocalized)
	}
}

func TestLoadWithoutTermBase(t *testing.T) {
	b, diags := termbase.Load(t.TempDir(), locales)
	if b != nil || len(diags) > 0 {
		t.Errorf("got %v, %v; want no term base and no finding", b, diags)
	}
}

func TestLoadReportsBadInputAtItsPlace(t *testing.T) {
	for _, tc := range []struct{ name, text, want string }{
		{"unknown locale", "portal:\n  de: Kundenportal\n", `terms.yaml:2:3: error: schema: concept portal: "de" is neither note, label nor a locale`},
		{"no term", "portal:\n  note: x\n", `terms.yaml:1:1: error: schema: concept portal has no term in any locale`},
		{"forbidden term itself", "portal:\n  en: {term: Portal, forbidden: [Portal]}\n", `terms.yaml:2:34: error: schema: forbidden variant "Portal" of portal is empty or the term itself`},
		{"number", "portal:\n  en: 12\n", `terms.yaml:2:7: error: schema: the en term of portal must be a string`},
		{"unknown key", "portal:\n  en: {term: Portal, forbiden: [x]}\n", `terms.yaml:2:22: error: schema: unknown key "forbiden"`},
		{"list", "- portal\n", `terms.yaml:1:1: error: schema: the term base must be a mapping`},
		{"bad YAML", "portal: [\n", `terms.yaml:`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, diags := termbase.Load(write(t, tc.text), locales)
			var got []string
			for _, d := range diags {
				got = append(got, d.String())
			}
			all := strings.Join(got, "\n")
			if !strings.Contains(all, tc.want) {
				t.Errorf("findings:\n%s\nwant one containing %q", all, tc.want)
			}
		})
	}
}

func TestWriteTBX(t *testing.T) {
	b, diags := termbase.Load(write(t, sample), locales)
	if len(diags) > 0 {
		t.Fatal(diags)
	}
	var out bytes.Buffer
	if err := termbase.WriteTBX(&out, b, "en"); err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Type     string `xml:"type,attr"`
		Concepts []struct {
			ID    string `xml:"id,attr"`
			Note  string `xml:"note"`
			Langs []struct {
				Lang  string `xml:"http://www.w3.org/XML/1998/namespace lang,attr"`
				Terms []struct {
					Term   string `xml:"term"`
					Status string `xml:"termNote"`
					Note   string `xml:"note"`
				} `xml:"termSec"`
			} `xml:"langSec"`
		} `xml:"text>body>conceptEntry"`
	}
	if err := xml.Unmarshal(out.Bytes(), &doc); err != nil {
		t.Fatalf("%v\n%s", err, out.String())
	}
	if doc.Type != "TBX-Basic" || len(doc.Concepts) != 2 {
		t.Fatalf("type %q, %d concepts:\n%s", doc.Type, len(doc.Concepts), out.String())
	}
	portal := doc.Concepts[0]
	if portal.ID != "client-portal" || portal.Note == "" || len(portal.Langs) != 2 || portal.Langs[0].Lang != "en" || portal.Langs[1].Lang != "fr" {
		t.Fatalf("client-portal entry: %+v", portal)
	}
	fr := portal.Langs[1].Terms
	if len(fr) != 2 || fr[0].Term != "Portail Client" || fr[0].Status != "preferredTerm-admn-sts" ||
		fr[1].Term != "Portail client" || fr[1].Status != "deprecatedTerm-admn-sts" {
		t.Errorf("fr terms of client-portal: %+v", fr)
	}
	label := doc.Concepts[1]
	if n := label.Langs[1].Terms[0].Note; label.Langs[1].Lang != "fr" || !strings.Contains(n, "UI label") || !strings.Contains(n, "not localized") {
		t.Errorf("fr term of the label: note %q", n)
	}
	if n := label.Langs[2].Terms[0].Note; strings.Contains(n, "not localized") {
		t.Errorf("ja term of the label says not localized: %q", n)
	}
	if !strings.Contains(out.String(), `xml:lang="fr"`) || !strings.Contains(out.String(), `xmlns="urn:iso:std:iso:30042:ed-2"`) {
		t.Errorf("TBX without xml:lang or namespace:\n%s", out.String())
	}
}

// TestSchemaAgreesWithLoader validates the bundled term base and the
// samples here against schema/terms.schema.json, which editors use: the
// schema accepts what the loader accepts and refuses the shapes it refuses.
func TestSchemaAgreesWithLoader(t *testing.T) {
	c := jsonschema.NewCompiler()
	c.DefaultDraft(jsonschema.Draft2020)
	abs, err := filepath.Abs(filepath.Join("..", "..", "schema", "terms.schema.json"))
	if err != nil {
		t.Fatal(err)
	}
	schema, err := c.Compile(abs)
	if err != nil {
		t.Fatal(err)
	}
	validate := func(src []byte) error {
		v, err := schematest.FromYAML(src)
		if err != nil {
			return err
		}
		return schema.Validate(v)
	}
	bundled, err := os.ReadFile(filepath.Join("..", "..", "content", termbase.File))
	if err != nil {
		t.Fatal(err)
	}
	for name, src := range map[string]string{"bundled": string(bundled), "sample": sample} {
		if _, diags := termbase.Load(write(t, src), locales); len(diags) > 0 {
			t.Errorf("%s: loader: %v", name, diags)
		}
		if err := validate([]byte(src)); err != nil {
			t.Errorf("%s: schema: %v", name, err)
		}
	}
	for _, src := range []string{
		"portal:\n  en: 12\n",
		"portal:\n  en: {term: Portal, forbiden: [x]}\n",
		"portal:\n  en: {forbidden: [x]}\n",
		"portal:\n  en: {term: Portal, localized: no}\n",
		"portal: {}\n",
		"portal:\n  label: yes\n  en: Portal\n",
	} {
		if _, diags := termbase.Load(write(t, src), locales); !diags.HasErrors() {
			t.Errorf("loader accepts %q", src)
		}
		if err := validate([]byte(src)); err == nil {
			t.Errorf("schema accepts %q", src)
		}
	}
}
