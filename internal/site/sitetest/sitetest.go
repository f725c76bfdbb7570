// Package sitetest builds small help sites from txtar archives and
// asserts on the files they produce, in the manner of Hugo's integration
// tests:
//
//	r := sitetest.Build(t, files)
//	r.AssertFile("fr/kb1/index.html", "Image 1", "! Figure 1")
//
// A leading "! " negates a substring.
package sitetest

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/txtar"

	"github.com/kbcdev/kbc/internal/build"
	"github.com/kbcdev/kbc/internal/content"
	"github.com/kbcdev/kbc/internal/diag"
	"github.com/kbcdev/kbc/internal/lint"
)

// Result is a finished build.
type Result struct {
	T       testing.TB
	Root    string // the folder the archive was written to
	Out     string // the site folder
	Summary *build.Summary
	Err     error
	// Findings are the lint findings of the knowledge base; Build does not
	// stop on them, so that tests can render what lint would refuse.
	Findings diag.List
}

// Build writes the archive's files to a temporary folder, builds the site
// from its content/ folder (or its root when it has none) into public/,
// and fails the test if the build fails.
func Build(t testing.TB, archive string) *Result {
	t.Helper()
	r := Run(t, archive, build.Options{})
	if r.Err != nil {
		t.Fatalf("build: %v", r.Err)
	}
	return r
}

// Run is Build with options and without failing on a build error.
// opts.Out, when relative, is taken inside the temporary folder; empty
// means public/.
func Run(t testing.TB, archive string, opts build.Options) *Result {
	t.Helper()
	root := t.TempDir()
	Write(t, root, archive)
	return RunIn(t, root, opts)
}

// RunIn builds the site of a folder prepared by the test, such as one
// where an earlier build left its site.
func RunIn(t testing.TB, root string, opts build.Options) *Result {
	t.Helper()
	if opts.Out == "" {
		opts.Out = "public"
	}
	if !filepath.IsAbs(opts.Out) {
		opts.Out = filepath.Join(root, opts.Out)
	}
	r := &Result{T: t, Root: root, Out: opts.Out}
	croot, err := content.FindRoot(root)
	if err != nil {
		t.Fatalf("find content: %v", err)
	}
	kb, diags, err := content.Load(croot)
	if err != nil {
		t.Fatalf("load: %v", err)
	}
	r.Findings = append(diags, lint.Run(kb, lint.All())...)
	r.Findings.Sort()
	r.Summary, r.Err = build.Build(kb, opts)
	return r
}

// Write writes the files of a txtar archive under dir.
func Write(t testing.TB, dir, archive string) {
	t.Helper()
	for _, f := range txtar.Parse([]byte(archive)).Files {
		p := filepath.Join(dir, filepath.FromSlash(f.Name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, f.Data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// File returns the content of a file of the site, failing the test if it
// does not exist.
func (r *Result) File(path string) string {
	r.T.Helper()
	data, err := os.ReadFile(filepath.Join(r.Out, filepath.FromSlash(path)))
	if err != nil {
		r.T.Fatalf("%s: %v", path, err)
	}
	return string(data)
}

// Exists reports whether the site has the file.
func (r *Result) Exists(path string) bool {
	_, err := os.Stat(filepath.Join(r.Out, filepath.FromSlash(path)))
	return err == nil
}

// AssertFile checks that the file contains each substring, or, for one
// written "! text", does not contain text.
func (r *Result) AssertFile(path string, subs ...string) {
	r.T.Helper()
	got := r.File(path)
	for _, s := range subs {
		if neg, ok := strings.CutPrefix(s, "! "); ok {
			if strings.Contains(got, neg) {
				r.T.Errorf("%s contains %q but should not", path, neg)
			}
		} else if !strings.Contains(got, s) {
			r.T.Errorf("%s does not contain %q", path, s)
		}
	}
}
