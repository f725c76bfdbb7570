//go:build xliffschema

// This test needs the official XLIFF 2.0 core schema, which no package
// registry kbc installs from carries: .ci/run runs it, with this build
// tag, when shared/xliff-2.0/ beside the repository holds the schema.

package translate_test

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/kbcdev/kbc/internal/coverage"
	"github.com/kbcdev/kbc/internal/translate"
	"github.com/kbcdev/kbc/internal/xliff"
)

// coreSchema finds the official XLIFF 2.0 core schema (OASIS,
// xliff_core_2.0.xsd, with the W3C xml.xsd it imports at
// informativeCopiesOf3rdPartySchemas/w3c/xml.xsd beside it): at
// $KBC_XLIFF_SCHEMA, else in shared/xliff-2.0/ of a folder above the
// repository, where the project's shared files are laid beside it.
func coreSchema(t *testing.T) string {
	t.Helper()
	if p := os.Getenv("KBC_XLIFF_SCHEMA"); p != "" {
		return p
	}
	dir, err := filepath.Abs(".")
	if err != nil {
		t.Fatal(err)
	}
	for ; ; dir = filepath.Dir(dir) {
		p := filepath.Join(dir, "shared", "xliff-2.0", "xliff_core_2.0.xsd")
		if _, err := os.Stat(p); err == nil {
			return p
		}
		if filepath.Dir(dir) == dir {
			t.Fatal("the XLIFF 2.0 core schema is not here: set KBC_XLIFF_SCHEMA to xliff_core_2.0.xsd or lay it in shared/xliff-2.0/")
		}
	}
}

// The export is valid against the official XLIFF 2.0 core schema, as
// xmllint (libxml2) validates it: every kind of unit kbc writes, missing,
// stale with its notes and draft target, and current, with inline codes
// of every kind.
func TestExportValidatesAgainstTheCoreSchema(t *testing.T) {
	xmllint, err := exec.LookPath("xmllint")
	if err != nil {
		t.Fatal("xmllint is not installed (Debian: libxml2-utils, which .ci/run installs)")
	}
	schema := coreSchema(t)
	root := historyKB(t, "Open **Settings**.", "Open **Settings** and tap *Reset*, see [the guide](https://example.com/a_(b)) or `adb shell` <https://example.com> {{step:s}}.")
	kb := loadKB(t, root)
	a := kb.Article("KB1")
	us := coverage.UnitStates(a, "fr")
	var doc bytes.Buffer
	err = xliff.Write(&doc, "en", "fr", []xliff.File{{Article: a, Original: "kb1/article.yaml", Units: us,
		Context:  translate.ContextOf(kb.Config, a, "fr", "https://help.example.org/"),
		Previous: translate.PreviousSources(context.Background(), kb.Config, a, us, translate.HistoryDepth)}})
	if err != nil {
		t.Fatal(err)
	}
	// Current units, as --all exports them, and the fixture's others.
	b := export(t, loadKB(t, "testdata/kb"), true)
	for i, d := range [][]byte{doc.Bytes(), b} {
		if !bytes.Contains(d, []byte("<originalData>")) || !bytes.Contains(d, []byte("<pc ")) || !bytes.Contains(d, []byte("<ph ")) {
			t.Fatalf("document %d lacks inline codes:\n%s", i, d)
		}
		p := filepath.Join(t.TempDir(), "fr.xlf")
		if err := os.WriteFile(p, d, 0o644); err != nil {
			t.Fatal(err)
		}
		out, err := exec.Command(xmllint, "--noout", "--schema", schema, p).CombinedOutput()
		if err != nil {
			t.Errorf("document %d does not validate: %v\n%s\n%s", i, err, out, d)
		}
	}
	if !bytes.Contains(doc.Bytes(), []byte(`<note category="kbc-previous-source" appliesTo="source">Open **Settings**.</note>`)) {
		t.Errorf("the stale unit lacks its previous source:\n%s", doc.Bytes())
	}

	// The validator does refuse what the schema does not allow.
	bad := bytes.Replace(b, []byte("<segment "), []byte("<segment bogus=\"1\" "), 1)
	p := filepath.Join(t.TempDir(), "bad.xlf")
	if err := os.WriteFile(p, bad, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := exec.Command(xmllint, "--noout", "--schema", schema, p).Run(); err == nil {
		t.Error("xmllint accepts an attribute the schema does not have")
	}
}
