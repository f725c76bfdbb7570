package site_test

import (
	"strings"
	"testing"

	"github.com/kbcdev/kbc/internal/build"
	"github.com/kbcdev/kbc/internal/site/sitetest"
)

// lifecycleFiles is a knowledge base in English and French where one
// article is translated, one is not yet, one is a draft and one retired.
const lifecycleFiles = `
-- content/kb.yaml --
source_locale: en
locales: [en, fr]
-- content/kb1/article.yaml --
id: KB1
title: Translated article
summary: See {{kb:KB2}} and {{kb:KB4}}.
-- content/kb1/fr.yaml --
lang: fr
title: {text: "Article traduit", source: a2c3d1e4}
summary: {text: "Voir {{kb:KB2}} et {{kb:KB4}}.", source: 9ad63e17}
-- content/kb2/article.yaml --
id: KB2
title: Not translated yet
summary: Written in English only.
-- content/kb3/article.yaml --
id: KB3
status: draft
title: Work in progress
-- content/kb4/article.yaml --
id: KB4
status: retired
replaced_by: KB1
title: The old article
`

func TestSourceTextFallbackIsNotAnnouncedAsTranslated(t *testing.T) {
	r := sitetest.Run(t, lifecycleFiles, build.Options{BaseURL: "https://help.example.com/"})
	if r.Err != nil {
		t.Fatal(r.Err)
	}
	// The French page of the untranslated article exists, says why it is
	// in English, marks the English text as such, and names the English
	// page as canonical; no page announces a French version of it.
	r.AssertFile("fr/kb2/index.html", `<html lang="fr" dir="ltr">`, "Cet article n’est pas encore traduit", `<span lang="en" dir="ltr">Not translated yet</span>`,
		`<span aria-current="page" lang="en" dir="ltr">Not translated yet</span>`,
		`<link rel="canonical" href="https://help.example.com/en/kb2/">`, `! hreflang="fr" href="https://help.example.com/fr/kb2/"`)
	r.AssertFile("en/kb2/index.html", `! <link rel="alternate" hreflang="fr"`)
	r.AssertFile("sitemap.xml", "<loc>https://help.example.com/en/kb2/</loc>", "! <loc>https://help.example.com/fr/kb2/</loc>",
		"<loc>https://help.example.com/fr/kb1/</loc>")
	// The French home page lists it, in English, and says so.
	r.AssertFile("fr/index.html", `<a href="kb2/index.html" lang="en" dir="ltr">Not translated yet</a><span class="in-language"> (en anglais)</span>`)
	if !strings.Contains(r.File("search/fr/d-0.js"), `"Not translated yet","kb2/index.html","Written in English only.","en"," (en anglais)"`) {
		t.Errorf("the French search index does not mark KB2 as English:\n%s", r.File("search/fr/d-0.js"))
	}
	fb := r.Summary.Fallbacks
	if len(fb) != 1 || fb[0].Locale != "fr" || strings.Join(fb[0].Pages, ",") != "KB2" {
		t.Errorf("fallbacks in the summary: %+v", fb)
	}
}

func TestDraftsArePreviewedNeverBuilt(t *testing.T) {
	r := sitetest.Run(t, lifecycleFiles, build.Options{})
	if r.Err != nil {
		t.Fatal(r.Err)
	}
	for _, p := range []string{"en/kb3/index.html", "fr/kb3/index.html"} {
		if r.Exists(p) {
			t.Errorf("the build wrote %s, the page of a draft", p)
		}
	}
	r.AssertFile("en/index.html", "! Work in progress")
	if strings.Contains(r.File("search/en/d-0.js"), "Work in progress") {
		t.Error("the search index lists a draft")
	}

	preview := sitetest.Run(t, lifecycleFiles, build.Options{Drafts: true})
	if preview.Err != nil {
		t.Fatal(preview.Err)
	}
	preview.AssertFile("en/kb3/index.html", `<p class="notice notice-draft" role="note">Draft: this article is not published.`)
	preview.AssertFile("fr/kb3/index.html", "Brouillon")
}

func TestRetiredArticleSendsReadersOn(t *testing.T) {
	r := sitetest.Run(t, lifecycleFiles, build.Options{BaseURL: "https://help.example.com/"})
	if r.Err != nil {
		t.Fatal(r.Err)
	}
	r.AssertFile("en/kb4/index.html", `<meta http-equiv="refresh" content="0; url=../kb1/index.html">`, "This article has moved",
		`<a href="../kb1/index.html">Translated article</a>`, `<link rel="canonical" href="https://help.example.com/en/kb1/">`)
	r.AssertFile("fr/kb4/index.html", `url=../kb1/index.html`, "Cet article a été déplacé", `<a href="../kb1/index.html">Article traduit</a>`)
	// Links to the retired article lead to its replacement.
	r.AssertFile("fr/kb1/index.html", `<a href="../kb1/index.html" class="ref ref-kb">Article traduit</a>`)
	r.AssertFile("en/index.html", "! The old article")
	r.AssertFile("sitemap.xml", "! kb4")

	// A replacement shown in its source language says so, as every such
	// title does.
	toEnglish := strings.Replace(lifecycleFiles, "replaced_by: KB1\n", "replaced_by: KB2\n", 1)
	r = sitetest.Run(t, toEnglish, build.Options{})
	if r.Err != nil {
		t.Fatal(r.Err)
	}
	r.AssertFile("fr/kb4/index.html", `<a href="../kb2/index.html" lang="en" dir="ltr">Not translated yet</a>`)
	r.AssertFile("en/kb4/index.html", `<a href="../kb2/index.html">Not translated yet</a>`)
}

func TestOmittedLocaleHasNoPage(t *testing.T) {
	omit := strings.Replace(lifecycleFiles, "locales: [en, fr]\n", "locales: [en, fr]\nfallback: omit\n", 1)
	r := sitetest.Run(t, omit, build.Options{})
	if r.Err != nil {
		t.Fatal(r.Err)
	}
	if r.Exists("fr/kb2/index.html") {
		t.Error("fallback: omit, yet the untranslated article has a French page")
	}
	// The French page that links to it sends the reader to the English
	// page, and the switcher of the English page says French is missing.
	r.AssertFile("fr/kb1/index.html", `<a href="../../en/kb2/index.html" lang="en" dir="ltr" class="ref ref-kb">Not translated yet</a>`)
	r.AssertFile("en/kb2/index.html", `<span class="unavailable"><span lang="fr" dir="ltr">français</span> (not translated)</span>`)
	r.AssertFile("fr/index.html", `! <a href="kb2/index.html"`, "1 article")
}

// Two retired articles replaced by the same one, and that one, are one
// article to a reader: see-also lists it once, and the related articles
// of the section do not list it again.
func TestSeeAlsoListsAReplacementOnce(t *testing.T) {
	r := sitetest.Run(t, `
-- content/kb.yaml --
source_locale: en
locales: [en]
categories:
  - id: orders
    name: {en: Orders}
    sections:
      - id: returns
        name: {en: Returns}
-- content/kb1/article.yaml --
id: KB1
section: returns
title: Return an order
summary: Send it back.
see_also: [KB3, KB4]
-- content/kb2/article.yaml --
id: KB2
section: returns
title: Print a return label
summary: Print it.
-- content/kb3/article.yaml --
id: KB3
section: returns
status: retired
replaced_by: KB2
title: The old label page
-- content/kb4/article.yaml --
id: KB4
section: returns
status: retired
replaced_by: KB3
title: The older label page
`, build.Options{})
	if r.Err != nil {
		t.Fatal(r.Err)
	}
	page := r.File("en/kb1/index.html")
	if n := strings.Count(page, `href="../kb2/index.html"`); n != 1 {
		t.Errorf("en/kb1 links to KB2 %d times, want once", n)
	}
}

// A link to a part of a retired article leads to that part in its
// replacement when the replacement has it, and else to the top of the
// replacement's page, not to a fragment it lacks.
func TestLinkToAPartOfARetiredArticle(t *testing.T) {
	r := sitetest.Run(t, `
-- content/kb.yaml --
source_locale: en
locales: [en]
-- content/kb1/article.yaml --
id: KB1
title: Return an order
summary: Send it back.
requirements:
  - Print the label as {{kb:KB3#print}} says, then {{kb:KB3#old}}.
-- content/kb2/article.yaml --
id: KB2
title: Print a return label
summary: Print it.
procedures:
  - id: print
    title: Print
    steps:
      - {id: open, text: Open the order.}
-- content/kb3/article.yaml --
id: KB3
status: retired
replaced_by: KB2
title: The old label page
procedures:
  - id: old
    title: Old
    steps:
      - {id: print, text: Print it the old way.}
`, build.Options{})
	if r.Err != nil {
		t.Fatal(r.Err)
	}
	r.AssertFile("en/kb1/index.html", `href="../kb2/index.html#print"`, `href="../kb2/index.html"`, `! #old"`)
}
