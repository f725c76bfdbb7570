package site_test

import (
	"bytes"
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"github.com/kbcdev/kbc/internal/build"
	"github.com/kbcdev/kbc/internal/content"
	"github.com/kbcdev/kbc/internal/site/sitetest"
	"github.com/kbcdev/kbc/internal/treetest"
)

// sitePages returns the HTML pages of the bundled site, built now, and of
// the golden site in testdata, with the writers' anchors of every
// article by its id in lower case.
func sitePages(t *testing.T) (pages map[string][]byte, anchors map[string][]string) {
	t.Helper()
	pages, anchors = map[string][]byte{}, map[string][]string{}
	r := sitetest.RunIn(t, "../..", build.Options{Out: t.TempDir()})
	if r.Err != nil {
		t.Fatal(r.Err)
	}
	for p, data := range treetest.Read(t, r.Out) {
		if strings.HasSuffix(p, ".html") {
			pages["bundled/"+filepath.ToSlash(p)] = data
		}
	}
	addAnchors(t, "../../content", "bundled/", anchors)
	for p, data := range treetest.Read(t, filepath.Join("testdata", "golden", "site")) {
		if strings.HasSuffix(p, ".html") {
			pages["golden/"+filepath.ToSlash(p)] = data
		}
	}
	archive, err := os.ReadFile(filepath.Join("testdata", "golden", "kb.txtar"))
	if err != nil {
		t.Fatal(err)
	}
	root := t.TempDir()
	sitetest.Write(t, root, string(archive))
	addAnchors(t, filepath.Join(root, "content"), "golden/", anchors)
	return pages, anchors
}

func addAnchors(t *testing.T, dir, prefix string, anchors map[string][]string) {
	t.Helper()
	kb, _, err := content.Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range kb.Articles {
		anchors[prefix+strings.ToLower(a.ID)] = a.Anchors()
	}
}

// TestPageIDs checks the ids of every page of the bundled and the golden
// site (see checkIDs).
func TestPageIDs(t *testing.T) {
	pages, anchors := sitePages(t)
	for _, p := range slices.Sorted(maps.Keys(pages)) {
		checkIDs(t, p, pages[p], anchors[articleOf(p)])
	}
}

// TestWriterIDsTakeNoPageID builds an article whose writer chose the ids
// the page would use for its own parts, and the id kbc new gives a first
// procedure: each element keeps an id of its own.
func TestWriterIDsTakeNoPageID(t *testing.T) {
	r := sitetest.Build(t, `-- content/kb.yaml --
source_locale: en
locales: [en]
platforms:
  android: {name: {en: Android}}
  ios: {name: {en: iOS}}
-- content/kb1/article.yaml --
id: KB1
title: Collisions
requirements: [A phone.]
sections:
  - {id: requirements, title: Requirements, body: "Read {{fig:a}}{{fn:a}}."}
  - {id: footnotes, title: Footnotes, body: Text.}
  - {id: fig-a, title: F, body: Text.}
procedures:
  - id: main
    title: Main
    platforms: [android, ios]
    steps:
      - {id: android-one, text: "One {{fig:a}}."}
      - {id: one, text: "Two, then {{step:android-one}}."}
troubleshooting:
  - {id: see-also, symptom: S, remedy: R}
  - {id: troubleshooting, symptom: T, remedy: U}
figures:
  a: {src: a.svg, alt: A}
footnotes:
  - {id: a, text: Note.}
see_also: [KB2]
-- content/kb1/a.svg --
<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>
-- content/kb2/article.yaml --
id: KB2
title: Other
`)
	kb, _, err := content.Load(filepath.Join(r.Root, "content"))
	if err != nil {
		t.Fatal(err)
	}
	checkIDs(t, "en/kb1/index.html", []byte(r.File("en/kb1/index.html")), kb.Article("KB1").Anchors())
}

// checkIDs holds a page to ids that name one element each, links within
// the page that lead to one of them, and ids that are either the
// anchors writers gave the article's parts or the page's own, which
// start with an underscore that no writer's id can hold: a section
// "requirements", a troubleshooting entry "see-also" or a procedure
// "main" can never take another element's place.
func checkIDs(t *testing.T, page string, data []byte, anchors []string) {
	t.Helper()
	doc, err := html.Parse(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("%s: %v", page, err)
	}
	ids := map[string]int{}
	var refs []string
	walk(doc, func(n *html.Node) bool {
		if id, ok := attr(n, "id"); ok {
			ids[id]++
		}
		if href, ok := attr(n, "href"); ok && strings.HasPrefix(href, "#") && n.Data == "a" {
			refs = append(refs, strings.TrimPrefix(href, "#"))
		}
		for _, a := range []string{"aria-controls", "aria-labelledby", "for"} {
			if v, ok := attr(n, a); ok {
				refs = append(refs, strings.Fields(v)...)
			}
		}
		return true
	})
	for _, id := range slices.Sorted(maps.Keys(ids)) {
		if n := ids[id]; n > 1 {
			t.Errorf("%s: %d elements have the id %q", page, n, id)
		}
		if !strings.HasPrefix(id, "_") && !slices.Contains(anchors, id) {
			t.Errorf("%s: id %q is neither an anchor of the article nor one of the page's own", page, id)
		}
	}
	for _, r := range refs {
		if ids[r] == 0 {
			t.Errorf("%s: a link or reference to #%s, which no element has", page, r)
		}
	}
}

// articleOf returns the site and article of a page path, as
// "bundled/kb2262", or "" for a page that is not an article's.
func articleOf(page string) string {
	parts := strings.Split(page, "/")
	if len(parts) != 4 || parts[3] != "index.html" {
		return ""
	}
	return parts[0] + "/" + parts[2]
}

// TestFiguresInReadingOrderOnEveryBranch reads every article page of the
// bundled and the golden site as a reader of each platform branch sees
// it once kbc.js has shown that branch (the tabs of that branch, or the
// first of a procedure without it, and the labels of that branch): the
// figures come numbered 1, 2, 3… in the order the page first shows
// them. A figure shown again, in another procedure, keeps its number.
func TestFiguresInReadingOrderOnEveryBranch(t *testing.T) {
	pages, _ := sitePages(t)
	checked := 0
	for _, p := range slices.Sorted(maps.Keys(pages)) {
		if articleOf(p) == "" {
			continue
		}
		doc, err := html.Parse(bytes.NewReader(pages[p]))
		if err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		views := []string{""}
		walk(doc, func(n *html.Node) bool {
			if v, ok := attr(n, "data-platforms"); ok && n.Data == "article" {
				views = strings.Fields(v)
			}
			return true
		})
		for _, v := range views {
			nums := figureNumbersSeen(doc, v)
			if !inReadingOrder(nums) {
				t.Errorf("%s on %q: figures numbered %v, want 1, 2, 3… in order", p, v, nums)
			}
			checked++
		}
	}
	if checked == 0 {
		t.Fatal("no article page checked")
	}
}

// inReadingOrder reports whether figure numbers met in this order number
// each new figure one more than the last new one, from 1, and each
// figure met again as before.
func inReadingOrder(nums []int) bool {
	last := 0
	for _, n := range nums {
		switch {
		case n == last+1:
			last = n
		case n < 1 || n > last:
			return false
		}
	}
	return true
}

var digits = regexp.MustCompile(`[0-9]+`)

// figureNumbersSeen returns the numbers of the figures a reader of the
// platform branch sees, in the order of the page.
func figureNumbersSeen(doc *html.Node, platform string) []int {
	var nums []int
	walk(doc, func(n *html.Node) bool {
		if choices := branchChoices(n); choices != nil {
			// A group of tabs, or a label per branch: only the chosen
			// one is shown.
			want := choices[0]
			if slices.Contains(choices, platform) {
				want = platform
			}
			for c := n.FirstChild; c != nil; c = c.NextSibling {
				if p, ok := attr(c, "data-platform"); ok && p != want {
					continue
				}
				nums = append(nums, figureNumbersSeen(c, platform)...)
			}
			return false
		}
		if n.Data == "span" && hasClass(n, "figure-label") {
			if m := digits.FindString(text(n, platform)); m != "" {
				k, _ := strconv.Atoi(m)
				nums = append(nums, k)
			}
			return false
		}
		return true
	})
	return nums
}

// branchChoices returns the platforms of the children of a group of
// tabs or of a label per branch, or nil for any other node.
func branchChoices(n *html.Node) []string {
	_, tabs := attr(n, "data-tabs")
	if !tabs && !hasClass(n, "by-platform") {
		return nil
	}
	var ps []string
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if p, ok := attr(c, "data-platform"); ok {
			ps = append(ps, p)
		}
	}
	return ps
}

// text returns the text of a node as the reader of the platform sees it.
func text(n *html.Node, platform string) string {
	if n.Type == html.TextNode {
		return n.Data
	}
	var b strings.Builder
	if choices := branchChoices(n); choices != nil {
		want := choices[0]
		if slices.Contains(choices, platform) {
			want = platform
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if p, _ := attr(c, "data-platform"); p == want {
				b.WriteString(text(c, platform))
			}
		}
		return b.String()
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		b.WriteString(text(c, platform))
	}
	return b.String()
}

// walk calls f on n and, while f returns true, on its descendants, in
// document order.
func walk(n *html.Node, f func(*html.Node) bool) {
	if !f(n) {
		return
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		walk(c, f)
	}
}

func attr(n *html.Node, name string) (string, bool) {
	if n.Type != html.ElementNode {
		return "", false
	}
	for _, a := range n.Attr {
		if a.Key == name {
			return a.Val, true
		}
	}
	return "", false
}

func hasClass(n *html.Node, class string) bool {
	c, _ := attr(n, "class")
	return slices.Contains(strings.Fields(c), class)
}
