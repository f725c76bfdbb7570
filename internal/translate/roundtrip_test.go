package translate_test

import (
	"bytes"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/kbcdev/kbc/internal/content"
	"github.com/kbcdev/kbc/internal/coverage"
	"github.com/kbcdev/kbc/internal/diag"
	"github.com/kbcdev/kbc/internal/translate"
	"github.com/kbcdev/kbc/internal/xliff"
)

func crlfBOM(b []byte) []byte {
	return append([]byte("\ufeff"), bytes.ReplaceAll(b, []byte("\n"), []byte("\r\n"))...)
}

// Every translation file of the bundled knowledge base, as written and as
// a CRLF copy with a byte-order mark, goes through kbc i18n export --all
// and kbc i18n import byte for byte; and revising the first line of one
// unit of each file changes that line and nothing else. The files are
// found as the loader finds them, not listed here.
func TestRoundTripEveryBundledTranslationFile(t *testing.T) {
	bundled := filepath.Join("..", "..", "content")
	found, err := filepath.Glob(filepath.Join(bundled, "*", "??.yaml"))
	if err != nil || len(found) == 0 {
		t.Fatalf("no translation files: %v", err)
	}
	for _, variant := range []struct {
		name string
		edit func([]byte) []byte
	}{
		{"as written", func(b []byte) []byte { return b }},
		{"CRLF with BOM", crlfBOM},
	} {
		t.Run(variant.name, func(t *testing.T) {
			root := t.TempDir()
			copyDir(t, bundled, root)
			var files []string
			for _, f := range found {
				rel, _ := filepath.Rel(bundled, f)
				files = append(files, filepath.Join(root, rel))
				writeFile(t, files[len(files)-1], variant.edit(readFile(t, f)))
			}
			kb, _, err := content.Load(root)
			if err != nil {
				t.Fatal(err)
			}
			// XLIFF holds one source and one target locale: one document
			// per pair, each with the files of that pair.
			groups := map[[2]string][]string{}
			for _, f := range files {
				a := kb.Article(strings.ToUpper(filepath.Base(filepath.Dir(f))))
				locale := strings.TrimSuffix(filepath.Base(f), ".yaml")
				if a == nil || a.Translations[locale] == nil {
					t.Fatalf("%s is not loaded as a translation", f)
				}
				k := [2]string{locale, a.Lang}
				groups[k] = append(groups[k], f)
			}
			for k, group := range groups {
				roundTrip(t, kb, k[0], k[1], group)
			}
		})
	}
}

// exportAll writes the XLIFF document of kbc i18n export --all for the
// articles written in source, into locale.
func exportAll(t *testing.T, kb *content.KB, locale, source string) []byte {
	t.Helper()
	var files []xliff.File
	for _, a := range kb.Articles {
		if us := coverage.UnitStates(a, locale); a.Lang == source && len(us) > 0 {
			files = append(files, xliff.File{Article: a, Original: strings.ToLower(a.ID) + "/article.yaml", Units: us})
		}
	}
	var b bytes.Buffer
	if err := xliff.Write(&b, source, locale, files); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// importDoc imports a document as kbc i18n import does and returns its
// findings, which must hold no error.
func importDoc(t *testing.T, kb *content.KB, doc []byte) (*translate.Import, diag.List) {
	t.Helper()
	im := translate.NewImport(kb)
	im.Add("doc.xlf", doc)
	p, err := im.Prepare(true, lintAll)
	if err != nil {
		t.Fatal(err)
	}
	defer p.Release()
	d := append(im.Diagnostics(), p.Diagnostics()...)
	if errs, _ := d.Count(); errs > 0 {
		t.Fatalf("import findings:\n%s", listString(d))
	}
	if err := p.Commit(); err != nil {
		t.Fatal(err)
	}
	return im, d
}

// roundTrip exports every unit from the source locale into the locale,
// imports the document unchanged and checks that no file changed, then
// revises the first line of one unit in each file of the pair and checks
// that only that line changed.
func roundTrip(t *testing.T, kb *content.KB, locale, source string, files []string) {
	t.Helper()
	before := map[string][]byte{}
	for _, f := range files {
		before[f] = readFile(t, f)
	}
	doc := exportAll(t, kb, locale, source)
	im, _ := importDoc(t, kb, doc)
	if len(im.Edits()) > 0 || im.Unchanged == 0 {
		t.Errorf("%s from %s: the export imports as %d edits, %d units unchanged", locale, source, len(im.Edits()), im.Unchanged)
	}
	for _, f := range files {
		if got := readFile(t, f); !bytes.Equal(got, before[f]) {
			t.Errorf("%s: changed by the import of its own export:\n%s", f, got)
		}
	}

	// Revise the first line of the longest unit whose first line the file
	// holds as written, by appending to it in the document.
	firsts := map[string]string{}
	for _, f := range files {
		a := kb.Article(strings.ToUpper(filepath.Base(filepath.Dir(f))))
		var u *content.Unit
		for _, c := range a.Translations[locale].Order {
			first, _, _ := strings.Cut(c.Text.Value, "\n")
			if bytes.Contains(before[f], []byte(first)) && (u == nil || len(c.Text.Value) > len(u.Text.Value)) {
				u = c
			}
		}
		if u == nil {
			t.Fatalf("%s: no unit to revise", f)
		}
		firsts[f], _, _ = strings.Cut(u.Text.Value, "\n")
		target := regexp.MustCompile(`(?s)<file id="` + a.ID + `".*?<unit id="` + regexp.QuoteMeta(u.Key) + `">.*?<target>`)
		loc := target.FindIndex(doc)
		if loc == nil {
			t.Fatalf("%s: unit %s not in the export", f, u.Key)
		}
		end := bytes.IndexByte(doc[loc[1]:], '\n')
		if close := bytes.Index(doc[loc[1]:], []byte("</target>")); end < 0 || close < end {
			end = close
		}
		at := loc[1] + end
		doc = slices.Concat(doc[:at], []byte(" (rev)"), doc[at:])
	}
	im, _ = importDoc(t, kb, doc)
	if edits := im.Edits(); len(edits) != len(files) {
		t.Fatalf("%s from %s: %d files edited, want %d", locale, source, len(edits), len(files))
	}
	for _, f := range files {
		after := readFile(t, f)
		oldLines, newLines := strings.SplitAfter(string(before[f]), "\n"), strings.SplitAfter(string(after), "\n")
		if len(oldLines) != len(newLines) {
			t.Errorf("%s: revising a unit changed the number of lines from %d to %d:\n%s", f, len(oldLines), len(newLines), after)
			continue
		}
		var changed []int
		for i := range oldLines {
			if oldLines[i] != newLines[i] {
				changed = append(changed, i)
			}
		}
		if len(changed) != 1 {
			t.Errorf("%s: revising a unit changed lines %v, want one", f, changed)
			continue
		}
		i := changed[0]
		if want := strings.Replace(oldLines[i], firsts[f], firsts[f]+" (rev)", 1); newLines[i] != want {
			t.Errorf("%s: line %d reads\n%q\nwant\n%q", f, i+1, newLines[i], want)
		}
		writeFile(t, f, before[f])
	}
}
