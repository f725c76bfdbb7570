package cli

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kbcdev/kbc/internal/content"
)

// An editor saves the locale file while kbc i18n import is running,
// after the import read it and before it renames its own: the import
// exits 1, names the file and writes nothing; the editor's file stays.
func TestImportRefusesAFileSavedDuringTheImport(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	const title = "Pay an invoice"
	for name, body := range map[string]string{
		"content/kb.yaml":          "source_locale: en\nlocales: [en, fr]\n",
		"content/kb1/article.yaml": "id: KB1\ntitle: " + title + "\n",
		"content/kb1/fr.yaml":      "lang: fr\n",
		"fr.xlf": `<?xml version="1.0" encoding="UTF-8"?>
<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="en" trgLang="fr">
  <file id="KB1" original="kb1/article.yaml" canResegment="no" xml:space="preserve">
    <unit id="title">
      <notes><note category="kbc-source">` + content.Fingerprint(title) + `</note></notes>
      <segment state="translated"><source>` + title + `</source><target>Payer une facture</target></segment>
    </unit>
  </file>
</xliff>
`,
	} {
		if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(name, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	fr := filepath.Join("content", "kb1", "fr.yaml")
	saved := []byte("lang: fr\n# saved in an editor\n")
	testHookBeforeCommit = func() {
		if err := os.WriteFile(fr, saved, 0o644); err != nil {
			t.Error(err)
		}
	}
	defer func() { testHookBeforeCommit = nil }()
	var stdout, stderr bytes.Buffer
	if code := Run([]string{"i18n", "import", "fr.xlf"}, &stdout, &stderr); code != ExitFindings {
		t.Errorf("exit status %d, want %d", code, ExitFindings)
	}
	if want := "kbc i18n import: content/kb1/fr.yaml changed after the import read it; nothing written, import again\n"; stderr.String() != want || stdout.Len() > 0 {
		t.Errorf("stdout %q, stderr %q; want stderr %q", stdout.String(), stderr.String(), want)
	}
	if got, _ := os.ReadFile(fr); !bytes.Equal(got, saved) {
		t.Errorf("the editor's file was replaced:\n%s", got)
	}
	entries, _ := os.ReadDir(filepath.Dir(fr))
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), ".tmp") {
			t.Errorf("temporary file left: %s", e.Name())
		}
	}
}
