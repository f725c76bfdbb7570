package lintcache

import (
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/kbcdev/kbc/internal/buildcache"
	"github.com/kbcdev/kbc/internal/diag"
)

var embedded = fstest.MapFS{"en.yaml": {Data: []byte("siteTitle: Help\n")}}

// knowledgeBase writes a small content folder under a temporary folder
// and returns the content folder and a cache folder beside it.
func knowledgeBase(t *testing.T) (root, cache string) {
	t.Helper()
	dir := t.TempDir()
	root = filepath.Join(dir, "content")
	for name, text := range map[string]string{
		"kb.yaml":          "source_locale: en\nlocales: [en]\n",
		"kb1/article.yaml": "id: KB1\ntitle: One\n",
		"kb2/article.yaml": "id: KB2\ntitle: Two\n",
	} {
		p := filepath.Join(root, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return root, filepath.Join(dir, "cache")
}

// findings are as the loader and the rules give them: file names under
// the content folder as named on the command line, a finding about a
// catalog beside it, positions related and findings folded.
func findings(root string) diag.List {
	file := filepath.Join(root, "kb1", "article.yaml")
	return diag.List{
		{
			Pos: diag.Position{File: file, Line: 2, Column: 8}, Rule: "schema", Severity: diag.Error, Message: "cause",
			Related: []diag.Related{{Pos: diag.Position{File: filepath.Join(root, "kb2", "article.yaml"), Line: 1}, Message: "here"}},
			Folded:  diag.List{{Pos: diag.Position{File: file, Line: 1, Column: 1}, Rule: "step-graph", Severity: diag.Error, Message: "effect"}},
			Fix:     &diag.Fix{Message: "rename", Edits: []diag.Edit{{Line: 2, Column: 8, EndLine: 2, EndColumn: 11, Old: "One", New: "Uno"}}},
		},
		{Pos: diag.Position{File: filepath.Join(root, "..", "locales", "en.yaml"), Line: 1, Column: 1}, Rule: "ui-strings", Severity: diag.Warning, Message: "catalog"},
		{Rule: "config", Severity: diag.Info, Message: "no file"},
	}
}

func open(t *testing.T, cache, root string, query ...string) *Cache {
	t.Helper()
	c, err := Open(cache, root, nil, query...)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestFindingsAreReportedAgainWhileNothingChanges(t *testing.T) {
	for _, relative := range []bool{false, true} {
		t.Run(map[bool]string{false: "absolute", true: "relative"}[relative], func(t *testing.T) {
			root, cache := knowledgeBase(t)
			if relative {
				t.Chdir(filepath.Dir(root))
				root, cache = "content", "cache"
			}
			want := findings(root)
			c := open(t, cache, root, "paths")
			if _, ok := c.Findings(); ok || c.Why != "no cache yet" {
				t.Fatalf("first lint: reused findings (why %q)", c.Why)
			}
			if err := c.Save(want); err != nil {
				t.Fatal(err)
			}
			got, ok := open(t, cache, root, "paths").Findings()
			if !ok {
				t.Fatal("second lint, nothing changed: findings not reused")
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("findings read back:\n%v\nwant\n%v", got, want)
			}
		})
	}
}

func TestAChangeIsLintedAnew(t *testing.T) {
	root, cache := knowledgeBase(t)
	if err := open(t, cache, root, "paths").Save(findings(root)); err != nil {
		t.Fatal(err)
	}
	for name, change := range map[string]func() error{
		"edited": func() error {
			return os.WriteFile(filepath.Join(root, "kb2", "article.yaml"), []byte("id: KB2\ntitle: 2wo\n"), 0o644)
		},
		"added": func() error {
			return os.WriteFile(filepath.Join(root, "kb2", "fr.yaml"), []byte("title: Deux\n"), 0o644)
		},
		"removed": func() error { return os.Remove(filepath.Join(root, "kb1", "article.yaml")) },
	} {
		t.Run(name, func(t *testing.T) {
			c := open(t, cache, root, "paths")
			if _, ok := c.Findings(); !ok {
				t.Fatalf("nothing changed yet, findings not reused: %s", c.Why)
			}
			if err := change(); err != nil {
				t.Fatal(err)
			}
			c = open(t, cache, root, "paths")
			if _, ok := c.Findings(); ok {
				t.Fatal("findings reused after a change")
			}
			if err := c.Save(findings(root)); err != nil {
				t.Fatal(err)
			}
		})
	}
}

func TestAnotherQueryOrToolIsLintedAnew(t *testing.T) {
	root, cache := knowledgeBase(t)
	if err := open(t, cache, root, "paths").Save(findings(root)); err != nil {
		t.Fatal(err)
	}
	if c := open(t, cache, root, "paths", "kb1"); c.last != nil {
		t.Error("findings for the whole knowledge base taken for a path")
	}
	c, err := Open(cache, root, []fs.FS{embedded}, "paths")
	if err != nil {
		t.Fatal(err)
	}
	if c.last != nil {
		t.Error("findings taken by a kbc carrying other files")
	}
}

// TestTamperedRecordIsIgnored writes records whose checksum is right but
// whose names lead outside the knowledge base: none is trusted.
func TestTamperedRecordIsIgnored(t *testing.T) {
	root, cache := knowledgeBase(t)
	c := open(t, cache, root, "paths")
	if err := c.Save(findings(root)); err != nil {
		t.Fatal(err)
	}
	var good record
	if err := buildcache.Load(filepath.Join(cache, File), &good); err != nil {
		t.Fatal(err)
	}
	for name, tamper := range map[string]func(r *record){
		"finding outside":     func(r *record) { r.Findings[0].Pos.File = "../../etc/passwd" },
		"absolute finding":    func(r *record) { r.Findings[0].Pos.File = "/etc/passwd" },
		"related outside":     func(r *record) { r.Findings[0].Related[0].Pos.File = "../x.yaml" },
		"folded outside":      func(r *record) { r.Findings[0].Folded[0].Pos.File = "a/../../x.yaml" },
		"catalog subfolder":   func(r *record) { r.Findings[1].Pos.File = "../locales/a/../../x.yaml" },
		"tree outside":        func(r *record) { r.Tree["../outside.yaml"] = buildcache.File{} },
		"other key":           func(r *record) { r.Key = "0000" },
		"findings of another": func(r *record) { r.Findings[0].Message = "forged" },
	} {
		t.Run(name, func(t *testing.T) {
			r := good
			r.Findings = findings(root)
			r.Findings, _ = r.Findings.WithFiles(func(f string) (string, error) { return relName(root, f) })
			r.Tree = buildcache.Tree{}
			for p, f := range good.Tree {
				r.Tree[p] = f
			}
			tamper(&r)
			if err := buildcache.Save(filepath.Join(cache, File), r); err != nil {
				t.Fatal(err)
			}
			got, ok := open(t, cache, root, "paths").Findings()
			if name == "findings of another" {
				// Findings are not signed: a record of the right shape
				// is taken, as a build takes its own.
				if !ok || got[0].Message != "forged" {
					t.Fatal("a record of the right shape was not read")
				}
				return
			}
			if ok {
				t.Fatalf("tampered record trusted: %v", got)
			}
		})
	}
}

func TestFindingsOutsideTheKnowledgeBaseAreNotRecorded(t *testing.T) {
	root, cache := knowledgeBase(t)
	c := open(t, cache, root, "paths")
	if err := c.Save(findings(root)); err != nil {
		t.Fatal(err)
	}
	outside := append(findings(root), diag.Diagnostic{Pos: diag.Position{File: filepath.Join(t.TempDir(), "x.yaml"), Line: 1}, Message: "elsewhere"})
	if err := open(t, cache, root, "paths").Save(outside); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(cache, File)); !os.IsNotExist(err) {
		t.Fatalf("a record of findings outside the knowledge base is left: %v", err)
	}
	if c := open(t, cache, root, "paths"); c.last != nil || !strings.Contains(c.Why, "no cache") {
		t.Errorf("after findings outside: why %q", c.Why)
	}
}

// TestAnEditInTheSecondOfTheLintIsSeen: a file written in the clock tick
// of the scan, with its size and times as they were, is hashed again.
func TestAnEditInTheSecondOfTheLintIsSeen(t *testing.T) {
	root, cache := knowledgeBase(t)
	file := filepath.Join(root, "kb1", "article.yaml")
	st, err := os.Stat(file)
	if err != nil {
		t.Fatal(err)
	}
	if err := open(t, cache, root, "paths").Save(findings(root)); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(file, []byte("id: KB1\ntitle: Uno\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Chtimes(file, time.Time{}, st.ModTime()); err != nil {
		t.Fatal(err)
	}
	if _, ok := open(t, cache, root, "paths").Findings(); ok {
		t.Fatal("an edit with the file's size and time restored was not seen")
	}
}
