package translate_test

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/kbcdev/kbc/internal/content"
	"github.com/kbcdev/kbc/internal/diag"
	"github.com/kbcdev/kbc/internal/lint"
	"github.com/kbcdev/kbc/internal/localefile"
	"github.com/kbcdev/kbc/internal/translate"
)

func lintAll(kb *content.KB) diag.List { return lint.Run(kb, lint.All()) }

var unitPattern = regexp.MustCompile(`(?s)\n *<unit id="([^"]+)">.*?</unit>`)

// only keeps the units of an XLIFF document that keep says to.
func only(doc []byte, keep func(id string) bool) []byte {
	return unitPattern.ReplaceAllFunc(doc, func(m []byte) []byte {
		if keep(string(unitPattern.FindSubmatch(m)[1])) {
			return m
		}
		return nil
	})
}

// prepare imports the documents into the knowledge base at root and
// returns the plan, with its locks, checked to have no findings.
func prepare(t *testing.T, root string, docs ...[]byte) *translate.Plan {
	t.Helper()
	im := runImport(t, loadKB(t, root), docs...)
	p, err := im.Prepare(true, lintAll)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(p.Release)
	if d := append(im.Diagnostics(), p.Diagnostics()...); len(d) > 0 {
		t.Fatalf("findings:\n%s", listString(d))
	}
	return p
}

func readFile(t *testing.T, p string) []byte {
	t.Helper()
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func writeFile(t *testing.T, p string, b []byte) {
	t.Helper()
	if err := os.WriteFile(p, b, 0o644); err != nil {
		t.Fatal(err)
	}
}

// noTemporaryFiles checks that a commit left nothing behind.
func noTemporaryFiles(t *testing.T, dir string) {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), ".tmp") {
			t.Errorf("temporary file left: %s", e.Name())
		}
	}
}

func wantChanged(t *testing.T, err error, path string) {
	t.Helper()
	var changed *localefile.ChangedError
	if !errors.As(err, &changed) || changed.Path != path {
		t.Fatalf("commit: %v; want a refusal naming %s", err, path)
	}
	if !strings.Contains(err.Error(), path) || !strings.Contains(err.Error(), "nothing written") {
		t.Errorf("message %q", err)
	}
}

// An editor saves the locale file after the import read it and before it
// renames its own: the import refuses and the editor's file stays.
func TestCommitRefusesAFileChangedAfterItWasRead(t *testing.T) {
	root := copyKB(t)
	fr := filepath.Join(root, "kb1", "fr.yaml")
	p := prepare(t, root, fill(export(t, loadKB(t, root), false)))
	saved := append(readFile(t, fr), "# saved in an editor\n"...)
	writeFile(t, fr, saved)
	wantChanged(t, p.Commit(), fr)
	if got := readFile(t, fr); !bytes.Equal(got, saved) {
		t.Errorf("the editor's file was replaced:\n%s", got)
	}
	noTemporaryFiles(t, filepath.Dir(fr))
}

// When one of the files an import writes changed, none is written.
func TestCommitWritesNoFileWhenOneChanged(t *testing.T) {
	root := copyKB(t)
	if err := os.MkdirAll(filepath.Join(root, "kb2"), 0o755); err != nil {
		t.Fatal(err)
	}
	writeFile(t, filepath.Join(root, "kb2", "article.yaml"), []byte("id: KB2\ntitle: Print an invoice\n"))
	writeFile(t, filepath.Join(root, "kb2", "fr.yaml"), []byte("lang: fr\n"))
	p := prepare(t, root, fill(export(t, loadKB(t, root), false)))
	if len(p.Files) != 2 {
		t.Fatalf("%d files planned, want 2", len(p.Files))
	}
	fr1, fr2 := filepath.Join(root, "kb1", "fr.yaml"), filepath.Join(root, "kb2", "fr.yaml")
	before := readFile(t, fr1)
	writeFile(t, fr2, []byte("lang: fr\n# saved in an editor\n"))
	wantChanged(t, p.Commit(), fr2)
	if got := readFile(t, fr1); !bytes.Equal(got, before) {
		t.Errorf("%s was written:\n%s", fr1, got)
	}
	noTemporaryFiles(t, filepath.Dir(fr1))
	noTemporaryFiles(t, filepath.Dir(fr2))
}

// A locale file the import creates is not put over one that another
// program created meanwhile.
func TestCommitDoesNotReplaceAFileCreatedMeanwhile(t *testing.T) {
	root := copyKB(t)
	fr := filepath.Join(root, "kb1", "fr.yaml")
	if err := os.Remove(fr); err != nil {
		t.Fatal(err)
	}
	p := prepare(t, root, fill(export(t, loadKB(t, root), false)))
	if !p.Files[0].Created {
		t.Fatal("the plan does not create the file")
	}
	other := []byte("lang: fr\n# written by someone else\n")
	writeFile(t, fr, other)
	wantChanged(t, p.Commit(), fr)
	if got := readFile(t, fr); !bytes.Equal(got, other) {
		t.Errorf("the other file was replaced:\n%s", got)
	}
	noTemporaryFiles(t, filepath.Dir(fr))
}

// A unit whose text the loader or lint rejects is reported at the unit in
// the XLIFF document, with its article, key and locale file; so is an
// edit that would break the file as a whole, here by making it too large.
func TestPrepareReportsWhatLintWouldFind(t *testing.T) {
	root := copyKB(t)
	kb := loadKB(t, root)
	fr := filepath.Join(root, "kb1", "fr.yaml")
	doc := fill(export(t, kb, false))
	doc = bytes.Replace(doc, []byte("<target>Traduit Reset</target>"), []byte("<target>Traduit &lt;b&gt;Reset&lt;/b&gt; \u202e</target>"), 1)
	im := runImport(t, kb, doc)
	p, err := im.Prepare(false, lintAll)
	if err != nil {
		t.Fatal(err)
	}
	d := p.Diagnostics()
	at := position(t, doc, `<target>Traduit &lt;b&gt;Reset`, 0) // the unit's target, whose text it is
	if len(d) != 1 || d[0].Pos != at || d[0].Rule != "syntax" || d[0].Severity != diag.Error ||
		d[0].Message != "KB1 procedures.reset.title, for "+fr+": bidirectional control character U+202E can make text read differently from how it is stored" {
		t.Errorf("want the bidi character reported at %s, got:\n%s", at, listString(d))
	}

	// Without the bidi character the file loads, and lint finds the HTML.
	doc = bytes.Replace(doc, []byte(" \u202e"), nil, 1)
	p, err = runImport(t, kb, doc).Prepare(false, lintAll)
	if err != nil {
		t.Fatal(err)
	}
	if d := p.Diagnostics(); len(d) != 2 || d[0].Pos != at || d[0].Rule != "markup" || !strings.HasPrefix(d[0].Message, "KB1 procedures.reset.title, for "+fr+": raw HTML is not allowed") {
		t.Errorf("want the raw HTML reported at %s, got:\n%s", at, listString(d))
	}

	big := bytes.Replace(fill(export(t, kb, false)), []byte("<target>Traduit Reset</target>"), []byte("<target>Traduit "+strings.Repeat("Reset ", content.MaxFileSize/6)+"</target>"), 1)
	p, err = runImport(t, kb, big).Prepare(false, lintAll)
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, f := range p.Diagnostics() {
		if f.Pos == (diag.Position{File: fr}) && f.Severity == diag.Error && strings.Contains(f.Message, "the import would leave the file with this error at line 1: file is larger than 1024 KiB") {
			found = true
		}
	}
	if !found {
		t.Errorf("no finding about the file's size:\n%s", listString(p.Diagnostics()))
	}
}
