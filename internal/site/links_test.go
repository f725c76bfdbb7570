package site_test

import (
	"html"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/kbcdev/kbc/internal/content"
	"github.com/kbcdev/kbc/internal/site"
)

var (
	linkAttr = regexp.MustCompile(`\s(?:href|src)="([^"]*)"`)
	idAttr   = regexp.MustCompile(`\sid="([^"]*)"`)
)

// TestBundledContentLinks builds the knowledge base in content/ and checks
// that every internal href and src, and every #fragment, resolves in
// every locale.
func TestBundledContentLinks(t *testing.T) {
	kb, _, err := content.Load("../../content")
	if err != nil {
		t.Fatalf("the bundled content/ cannot be loaded: %v", err)
	}
	out := filepath.Join(t.TempDir(), "public")
	if _, err := site.Build(kb, site.Options{Out: out}); err != nil {
		t.Fatal(err)
	}
	checkLinks(t, out)
}

func checkLinks(t *testing.T, out string) {
	t.Helper()
	ids := map[string]map[string]bool{}
	pages := map[string]string{}
	err := filepath.WalkDir(out, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".html") {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(out, p)
		rel = filepath.ToSlash(rel)
		pages[rel] = string(data)
		ids[rel] = map[string]bool{}
		for _, m := range idAttr.FindAllStringSubmatch(string(data), -1) {
			if ids[rel][m[1]] {
				t.Errorf("%s: duplicate id %q", rel, m[1])
			}
			ids[rel][m[1]] = true
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	checked := 0
	for rel, page := range pages {
		for _, m := range linkAttr.FindAllStringSubmatch(page, -1) {
			link := html.UnescapeString(m[1])
			if strings.HasPrefix(link, "https://") || strings.HasPrefix(link, "http://") || strings.HasPrefix(link, "mailto:") {
				continue
			}
			if strings.HasPrefix(link, "/") || strings.Contains(link, ":") {
				t.Errorf("%s: link %q is neither relative nor http(s)", rel, link)
				continue
			}
			file, frag, _ := strings.Cut(link, "#")
			target := rel
			if file != "" {
				target = path.Join(path.Dir(rel), file)
				if _, err := os.Stat(filepath.Join(out, filepath.FromSlash(target))); err != nil {
					t.Errorf("%s: %q leads to a missing file", rel, link)
					continue
				}
			}
			if frag != "" && !ids[target][frag] {
				t.Errorf("%s: %q names a fragment that %s lacks", rel, link, target)
			}
			checked++
		}
	}
	if checked < 100 {
		t.Errorf("only %d links checked; the site looks empty", checked)
	}
}

func TestFixtureLinks(t *testing.T) {
	checkLinks(t, buildFixture(t))
}
