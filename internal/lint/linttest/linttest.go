// Package linttest runs lint rules over fixture knowledge bases whose files
// carry the expected findings as comments on the offending lines:
//
//	next: nosuch   # want "unknown step \"nosuch\""
//
// In an SVG file a want is an XML comment on the offending line, and in
// a theme's template a template comment:
//
//	<script>alert(1)</script> <!-- want "<script> is not allowed" -->
//	<p>{{.Site.Name</p> {{/* want "bad character" */}}
//
// Every finding must be matched by a want on its line and every want by a
// finding, as in golang.org/x/tools/go/analysis/analysistest. A finding
// that names a whole file (no line) is matched on line 1.
package linttest

import (
	"bufio"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/kbcdev/kbc/internal/content"
	"github.com/kbcdev/kbc/internal/diag"
	"github.com/kbcdev/kbc/internal/lint"
)

// Run loads the knowledge base at dir, runs the rules, and checks their
// findings, and the loader's findings that carry one of the rules' names,
// against the want comments. Loader findings of other rules fail the test:
// a fixture must be sound except where it means not to be.
func Run(t *testing.T, dir string, rules ...*lint.Rule) diag.List {
	t.Helper()
	kb, loadDiags, err := content.Load(dir)
	if err != nil {
		t.Fatalf("load %s: %v", dir, err)
	}
	names := map[string]bool{}
	for _, r := range rules {
		names[r.Name] = true
	}
	var got diag.List
	for _, d := range loadDiags {
		if !names[d.Rule] {
			t.Errorf("%s: fixture has a finding of another rule: %s", d.Pos, d)
			continue
		}
		got = append(got, d)
	}
	got = append(got, lint.Run(kb, rules)...)
	got.Sort()
	Check(t, dir, got)
	return got
}

// Findings loads every folder of the knowledge base at dir whole and
// returns the loader's findings and those of every rule, sorted: what a
// check of every folder finds, which a check of what changed must find
// too.
func Findings(t testing.TB, dir string) diag.List {
	t.Helper()
	kb, diags, err := content.Load(dir)
	if err != nil {
		t.Fatalf("load %s: %v", dir, err)
	}
	diags = append(diags, lint.Run(kb, lint.All())...)
	diags.Sort()
	return diags
}

// OnlyIn fails the test unless findings holds an error and every finding
// is about file: a file that fails to load is the one cause of what lint
// reports, not also of findings in the files that refer to it.
func OnlyIn(t testing.TB, findings diag.List, file string) {
	t.Helper()
	if !findings.HasErrors() {
		t.Errorf("no error about %s", file)
	}
	for _, d := range findings {
		if d.Pos.File != file {
			t.Errorf("finding outside %s: %s", file, d)
		}
	}
}

// want is one expectation read from a fixture.
type want struct {
	file    string
	line    int
	re      *regexp.Regexp
	matched bool
}

var (
	wantComment    = regexp.MustCompile(`#\s*want\s+(.*)$`)
	svgWantComment = regexp.MustCompile(`<!--\s*want\s+(.*?)\s*-->`)
	// A theme's template says what it wants in a template comment.
	htmlWantComment = regexp.MustCompile(`\{\{/\*\s*want\s+(.*?)\s*\*/\}\}`)
	quoted          = regexp.MustCompile("\"(?:[^\"\\\\]|\\\\.)*\"|`[^`]*`")
)

// Check matches findings against the want comments of the files under dir.
func Check(t *testing.T, dir string, got diag.List) {
	t.Helper()
	wants := readWants(t, dir)
	for _, d := range got {
		line := max(d.Pos.Line, 1)
		found := false
		for _, w := range wants {
			if !w.matched && w.line == line && sameFile(w.file, d.Pos.File) && w.re.MatchString(d.Message) {
				w.matched, found = true, true
				break
			}
		}
		if !found {
			t.Errorf("%s: unexpected finding: %s: %s", d.Pos, d.Rule, d.Message)
		}
	}
	for _, w := range wants {
		if !w.matched {
			t.Errorf("%s:%d: no finding matched %q", w.file, w.line, w.re)
		}
	}
}

func sameFile(a, b string) bool { return filepath.Clean(a) == filepath.Clean(b) }

func readWants(t *testing.T, dir string) []*want {
	t.Helper()
	var wants []*want
	err := filepath.WalkDir(dir, func(path string, e fs.DirEntry, err error) error {
		comment := wantComment
		switch {
		case err != nil || e.IsDir():
			return err
		case strings.HasSuffix(path, ".svg"):
			comment = svgWantComment
		case strings.HasSuffix(path, ".html"):
			comment = htmlWantComment
		case !strings.HasSuffix(path, ".yaml") && !strings.HasSuffix(path, ".yml"):
			return nil
		}
		f, err := os.Open(path)
		if err != nil {
			// An unreadable file is a fixture in its own right; it has no wants.
			return nil
		}
		defer f.Close()
		sc := bufio.NewScanner(f)
		sc.Buffer(nil, 4<<20)
		for n := 1; sc.Scan(); n++ {
			m := comment.FindStringSubmatch(sc.Text())
			if m == nil {
				continue
			}
			for _, q := range quoted.FindAllString(m[1], -1) {
				s, err := strconv.Unquote(q)
				if err != nil {
					t.Fatalf("%s:%d: bad want %s: %v", path, n, q, err)
				}
				re, err := regexp.Compile(s)
				if err != nil {
					t.Fatalf("%s:%d: bad want regexp %q: %v", path, n, s, err)
				}
				wants = append(wants, &want{file: path, line: n, re: re})
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return wants
}
