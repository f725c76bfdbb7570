package site_test

import (
	"fmt"
	"html"
	"io/fs"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/kbcdev/kbc/internal/build"
	"github.com/kbcdev/kbc/internal/content"
	"github.com/kbcdev/kbc/internal/site/sitetest"
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
	if _, err := build.Build(kb, build.Options{Out: out}); err != nil {
		t.Fatal(err)
	}
	checkLinks(t, out, 100)
}

// checkLinks checks that every relative href and src of the pages under
// out leads, once percent-decoded as a browser decodes it, to a file of
// the site, and its fragment to an id of that page; a site with fewer
// than min links looks empty.
func checkLinks(t *testing.T, out string, min int) {
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
			file, _, _ = strings.Cut(file, "?")
			file, err1 := url.PathUnescape(file)
			frag, err2 := url.PathUnescape(frag)
			if err1 != nil || err2 != nil {
				t.Errorf("%s: link %q is not validly percent-encoded", rel, link)
				continue
			}
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
	if checked < min {
		t.Errorf("only %d links checked; the site looks empty", checked)
	}
}

func TestFixtureLinks(t *testing.T) {
	checkLinks(t, buildFixture(t), 100)
}

// TestFigureFileNamesInURLs builds an article whose figure files have
// names that mean something in a URL (#, ?, %, a space, ;, &, non-ASCII
// letters) and checks that every image the pages show loads, in the
// source locale and from a locale's variant folder.
func TestFigureFileNamesInURLs(t *testing.T) {
	names := []string{"step#1?.svg", "a%20b.svg", "sp ace.svg", "x;y&z=1.svg", "Ünïcödé.svg", "100%.svg"}
	var archive, figures, refs strings.Builder
	archive.WriteString("-- content/kb.yaml --\nsource_locale: en\nlocales: [en, fr]\n")
	for i, name := range names {
		fmt.Fprintf(&figures, "  f%d: {src: %q, alt: Shot %c}\n", i, "figures/"+name, 'a'+i)
		fmt.Fprintf(&refs, " {{fig:f%d}}", i)
		for _, dir := range []string{"figures/", "figures/fr/"} {
			fmt.Fprintf(&archive, "-- content/kb1/%s%s --\n<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"10\"/>\n", dir, name)
		}
	}
	fmt.Fprintf(&archive, "-- content/kb1/article.yaml --\nid: KB1\ntitle: Figures\nsummary: See%s.\nfigures:\n%s", refs.String(), figures.String())
	archive.WriteString("-- content/kb1/fr.yaml --\nlang: fr\ntitle: {text: Images, source: \"00000000\"}\n")
	r := sitetest.Run(t, archive.String(), build.Options{})
	if r.Err != nil {
		t.Fatalf("build: %v", r.Err)
	}
	for _, d := range r.Findings {
		// A ? in a file name is one Windows refuses, which lint warns of;
		// the web takes it.
		if strings.Contains(d.Message, "Windows refuses") {
			continue
		}
		if d.Rule == "figures" || d.Rule == "syntax" || d.Rule == "schema" {
			t.Errorf("finding: %v", d)
		}
	}
	for _, p := range []string{"en/kb1/index.html", "fr/kb1/index.html"} {
		if n := strings.Count(r.File(p), "<img "); n != len(names) {
			t.Errorf("%s shows %d images, want %d", p, n, len(names))
		}
	}
	r.AssertFile("fr/kb1/index.html", "/figures/fr/")
	checkLinks(t, r.Out, 2*len(names))
}
