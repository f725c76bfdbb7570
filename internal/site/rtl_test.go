package site_test

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/kbcdev/kbc/internal/diag"
	"github.com/kbcdev/kbc/internal/site/sitetest"
	"github.com/kbcdev/kbc/internal/treetest"
)

// TestRightToLeft builds a site in English and Arabic: every Arabic page
// is laid out right to left, and every element in a language other than
// its surroundings' is marked with that language's direction, English
// in an Arabic page as Arabic in an English one.
func TestRightToLeft(t *testing.T) {
	archive, err := os.ReadFile(filepath.Join("testdata", "rtl.txtar"))
	if err != nil {
		t.Fatal(err)
	}
	r := sitetest.Build(t, string(archive))
	// The knowledge base lints clean: its Arabic catalog has every
	// message, in every form, and CLDR joins Arabic lists.
	for _, d := range r.Findings {
		if d.Severity > diag.Info {
			t.Errorf("finding: %v", d)
		}
	}

	// An Arabic article: the page, the English note left untranslated,
	// each language of the menu in its own direction, the title of an
	// article shown in English, which says so, and choices lettered as its catalog
	// letters them, in the abjad order, where the English page has a, b.
	r.AssertFile("en/kb1/index.html", `<span class="choice-label">1.a</span>`, `<span class="choice-label">1.b</span>`)
	r.AssertFile("ar/kb1/index.html",
		`<span class="choice-label">1.أ</span>`,
		`<span class="choice-label">1.ب</span>`,
		`<html lang="ar" dir="rtl">`,
		`<h1>تفعيل المفتاح</h1>`,
		`<strong class="note-label">ملاحظة</strong> <span lang="en" dir="ltr">The menu is at the top.</span>`,
		`hreflang="en" lang="en" dir="ltr" data-locale="en">English</a>`,
		`hreflang="ar" lang="ar" dir="rtl" data-locale="ar" aria-current="page">العربية</a>`,
		`<li><a href="../kb2/index.html" lang="en" dir="ltr">Change your PIN</a><span class="in-language"> (باللغة الإنجليزية)</span></li>`,
		`<li><a href="#limits">الحدود</a></li>`,
		// and says so of a link in its text, as of the list.
		`أو انظر <a href="../kb2/index.html" lang="en" dir="ltr" class="ref ref-kb">Change your PIN</a><span class="in-language"> (باللغة الإنجليزية)</span>.`)
	// An article in English for want of an Arabic translation: its texts
	// and its crumb are English, left to right; inside them, the title of
	// the article it links to is Arabic, right to left.
	r.AssertFile("ar/kb2/index.html",
		`<html lang="ar" dir="rtl">`,
		`<span aria-current="page" lang="en" dir="ltr">Change your PIN</span>`,
		`<h1><span lang="en" dir="ltr">Change your PIN</span></h1>`,
		`<p class="step-text"><span lang="en" dir="ltr">Open the settings, as in <a href="../kb1/index.html" lang="ar" dir="rtl" class="ref ref-kb">تفعيل المفتاح</a>.</span></p>`)
	r.AssertFile("ar/index.html",
		`<html lang="ar" dir="rtl">`,
		`<a href="kb2/index.html" lang="en" dir="ltr">Change your PIN</a><span class="in-language"> (باللغة الإنجليزية)</span><p lang="en" dir="ltr">Choose a new PIN.</p>`)
	// English pages stay left to right, and name Arabic as it is written.
	r.AssertFile("en/kb1/index.html",
		`<html lang="en" dir="ltr">`,
		`hreflang="ar" lang="ar" dir="rtl" data-locale="ar">العربية</a>`)
	// The pages in every language give each its own.
	r.AssertFile("index.html",
		`<p class="prompt" lang="en" dir="ltr">Choose your language</p>`,
		`<p class="prompt" lang="ar" dir="rtl">اختر لغتك</p>`,
		`hreflang="ar" lang="ar" dir="rtl" data-locale="ar">العربية</a>`)
	r.AssertFile("404.html",
		`<html lang="en" dir="ltr">`,
		`<section class="not-found" lang="en" dir="ltr">`,
		`<section class="not-found" lang="ar" dir="rtl">`)

	// And nowhere is an element in another language than the page's
	// without that language's direction.
	dirs := map[string]string{"en": "ltr", "ar": "rtl"}
	for p, data := range treetest.Read(t, r.Out) {
		if !strings.HasSuffix(p, ".html") {
			continue
		}
		page := htmlLang.FindStringSubmatch(string(data))
		if page == nil || dirs[page[1]] == "" || page[2] != dirs[page[1]] {
			t.Errorf("%s: html element %q, want lang with the dir of its language", p, page)
			continue
		}
		for _, m := range langAttr.FindAllStringSubmatch(string(data), -1) {
			tag, lang := m[0], m[2]
			if lang != page[1] && !strings.Contains(tag, ` dir="`+dirs[lang]+`"`) {
				t.Errorf("%s: %s in a page in %s, without dir=%q", p, tag, page[1], dirs[lang])
			}
		}
	}
}

var (
	htmlLang = regexp.MustCompile(`<html lang="([^"]*)" dir="([^"]*)">`)
	langAttr = regexp.MustCompile(`<(\w+)[^>]* lang="([^"]*)"[^>]*>`)
)
