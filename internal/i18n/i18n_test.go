package i18n_test

import (
	"os"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/kbcdev/kbc/internal/i18n"
	"github.com/kbcdev/kbc/locales"
)

func TestHungarianArticle(t *testing.T) {
	tests := []struct {
		n    int
		want string
	}{
		{0, "a"}, {1, "az"}, {2, "a"}, {3, "a"}, {4, "a"}, {5, "az"}, {6, "a"}, {9, "a"},
		{10, "a"}, {11, "a"}, {15, "a"}, {19, "a"}, {20, "a"}, {21, "a"}, {40, "a"},
		{50, "az"}, {51, "az"}, {55, "az"}, {59, "az"}, {60, "a"}, {99, "a"},
		{100, "a"}, {101, "a"}, {150, "a"}, {500, "az"}, {555, "az"}, {999, "a"},
		{1000, "az"}, {1001, "az"}, {1500, "az"}, {1999, "az"}, {2000, "a"},
		{5000, "az"}, {10000, "a"}, {50000, "az"}, {100000, "a"}, {500000, "az"},
		{1000000, "az"}, {1500000, "az"}, {2000000, "a"}, {5000000, "az"},
	}
	for _, tt := range tests {
		if got := i18n.HungarianArticle(tt.n); got != tt.want {
			t.Errorf("HungarianArticle(%d) = %q, want %q", tt.n, got, tt.want)
		}
	}
}

func TestCatalogFormatsEveryLocale(t *testing.T) {
	cat, err := i18n.LoadCatalog(locales.FS, []string{"en", "fr", "hu", "ja"})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		locale, got, want string
	}{
		{"en", cat.Strings("en").Numbered("figure", 3, nil), "Figure 3"},
		{"fr", cat.Strings("fr").Numbered("figure", 3, nil), "Image 3"},
		{"hu", cat.Strings("hu").Numbered("figure", 3, nil), "3. ábra"},
		{"ja", cat.Strings("ja").Numbered("figure", 3, nil), "図 3"},
		{"hu", cat.Strings("hu").Numbered("proceedTo", 2, nil), "Folytassa a 2. lépéssel."},
		{"hu", cat.Strings("hu").Numbered("proceedTo", 5, nil), "Folytassa az 5. lépéssel."},
		{"hu", cat.Strings("hu").Numbered("stepRef", 1, nil), "az 1. lépés"},
		{"en", cat.Strings("en").Plural("stepCount", 1), "1 step"},
		{"en", cat.Strings("en").Plural("stepCount", 3), "3 steps"},
		{"fr", cat.Strings("fr").Plural("stepCount", 0), "0 étape"},
		{"fr", cat.Strings("fr").Plural("stepCount", 2), "2 étapes"},
		{"fr", cat.Strings("fr").Plural("stepCount", 1000000), "1\u202f000\u202f000 d’étapes"},
		{"ja", cat.Strings("ja").Plural("stepCount", 3), "全3ステップ"},
		// Counts are written with the locale's digit groups.
		{"en", cat.Strings("en").Plural("articleCount", 2000), "2,000 articles"},
		{"hu", cat.Strings("hu").Plural("articleCount", 2000), "2000 cikk"},
		{"hu", cat.Strings("hu").Plural("articleCount", 20000), "20\u00a0000 cikk"},
		{"ja", cat.Strings("ja").Plural("stepCount", 12345), "全12,345ステップ"},
		// Each context is one whole phrase, its article, preposition, case
		// ending or particle included.
		{"fr", cat.Strings("fr").Numbered("stepRef_from", 1, nil), "à partir de l’étape 1"},
		{"fr", cat.Strings("fr").Numbered("stepRef", 3, nil), "l’étape 3"},
		{"hu", cat.Strings("hu").Numbered("stepRef_from", 1, nil), "az 1. lépéstől"},
		{"hu", cat.Strings("hu").Numbered("stepRef_in", 2, nil), "a 2. lépésben"},
		{"hu", cat.Strings("hu").Numbered("stepRef_object", 5, nil), "az 5. lépést"},
		{"hu", cat.Strings("hu").Numbered("goBackTo", 2, nil), "Térjen vissza a 2. lépéshez."},
		{"ja", cat.Strings("ja").Numbered("stepRef_from", 2, nil), "ステップ 2から"},
		{"ja", cat.Strings("ja").Numbered("proceedTo", 2, nil), "ステップ 2に進んでください。"},
		{"ja", cat.Strings("ja").T("labelSeparator"), "\u3000"},
		{"en", cat.Strings("en").T("external"), " (external site)"},
		{"ja", cat.Strings("ja").T("external"), "（外部サイト）"},
		{"en", cat.Strings("en").T("labelSeparator"), " "},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("%s: got %q, want %q", tt.locale, tt.got, tt.want)
		}
	}
	if got := cat.Strings("en").T("no-such-message"); got != "[no-such-message]" {
		t.Errorf("missing message: got %q", got)
	}
}

func TestBundledCatalogsDefineSiteMessages(t *testing.T) {
	for _, l := range []string{"en", "fr", "hu", "ja"} {
		defs, err := i18n.ReadMessageFile(locales.FS, l+".yaml")
		if err != nil {
			t.Fatal(err)
		}
		ids := map[string]*i18n.MessageDef{}
		for _, d := range defs {
			ids[d.ID] = d
		}
		for _, id := range i18n.SiteMessages {
			if ids[id] == nil {
				t.Errorf("%s.yaml: no message %s", l, id)
			}
		}
	}
}

func TestPluralForms(t *testing.T) {
	tests := map[string]string{"en": "one other", "fr": "one many other", "hu": "one other", "ja": "other"}
	for l, want := range tests {
		if got := strings.Join(i18n.PluralForms(l), " "); got != want {
			t.Errorf("PluralForms(%s) = %q, want %q", l, got, want)
		}
	}
}

func TestSortByKeyHungarian(t *testing.T) {
	words := []string{"szél", "cukor", "zsák", "csak", "sakk", "zab", "Ábel", "abc", "őz", "óra", "ölni"}
	i18n.SortByKey("hu", words, func(s string) string { return s })
	want := []string{"abc", "Ábel", "cukor", "csak", "óra", "ölni", "őz", "sakk", "szél", "zab", "zsák"}
	if !slices.Equal(words, want) {
		t.Errorf("got %v\nwant %v", words, want)
	}
}

func TestLanguageTable(t *testing.T) {
	table := i18n.LanguageTable([]string{"en", "fr", "hu", "ja"})
	for tag, want := range map[string]string{"fr-ca": "fr", "fr": "fr", "en-gb": "en", "hu-hu": "hu", "ja-jp": "ja", "ja": "ja"} {
		if got := table[tag]; got != want {
			t.Errorf("table[%s] = %q, want %q", tag, got, want)
		}
	}
	if got, ok := table["pt"]; ok {
		t.Errorf("pt should have no confident match, got %q", got)
	}
}

func TestLanguageNames(t *testing.T) {
	if got := i18n.LanguageName("en", "fr"); got != "anglais" {
		t.Errorf("LanguageName(en, fr) = %q", got)
	}
	if got := i18n.SelfName("hu"); got != "magyar" {
		t.Errorf("SelfName(hu) = %q", got)
	}
}

// TestDate writes the same date in each bundled locale as its readers
// write it.
func TestDate(t *testing.T) {
	c, err := i18n.LoadCatalog(locales.FS, []string{"en", "fr", "hu", "ja"})
	if err != nil {
		t.Fatal(err)
	}
	d := time.Date(2024, time.August, 3, 0, 0, 0, 0, time.UTC)
	for l, want := range map[string]string{"en": "August 3, 2024", "fr": "3 août 2024", "hu": "2024. augusztus 3.", "ja": "2024年8月3日"} {
		if got := c.Strings(l).Date(d); got != want {
			t.Errorf("%s: Date = %q, want %q", l, got, want)
		}
	}
	// French writes the first of the month as an ordinal.
	first := time.Date(2024, time.March, 1, 0, 0, 0, 0, time.UTC)
	for l, want := range map[string]string{"en": "March 1, 2024", "fr": "1er mars 2024", "hu": "2024. március 1.", "ja": "2024年3月1日"} {
		if got := c.Strings(l).Date(first); got != want {
			t.Errorf("%s: Date = %q, want %q", l, got, want)
		}
	}
}

// TestParts cuts a message where a value goes, with the punctuation and
// spacing each language puts around it; a message without the
// placeholder is followed by the separator given.
func TestParts(t *testing.T) {
	c, err := i18n.LoadCatalog(locales.FS, []string{"en", "fr", "hu", "ja"})
	if err != nil {
		t.Fatal(err)
	}
	for l, want := range map[string]i18n.Parts{
		"en": {Before: "Last updated: "}, "fr": {Before: "Dernière mise à jour\u00a0: "},
		"hu": {Before: "Utolsó frissítés: "}, "ja": {Before: "最終更新日："},
	} {
		if got := c.Strings(l).Parts("lastUpdated", "Date", "%m %v"); got != want {
			t.Errorf("%s: Parts = %q, want %q", l, got, want)
		}
	}
	if got, want := c.Strings("en").Parts("helpful", "Date", "%m %v"), (i18n.Parts{Before: "Was this article helpful? "}); got != want {
		t.Errorf("Parts of a message without the placeholder = %q, want %q", got, want)
	}
	if got, want := c.Strings("en").Parts("helpful", "Date", "%v (%m)"), (i18n.Parts{After: " (Was this article helpful?)"}); got != want {
		t.Errorf("Parts of a message without the placeholder = %q, want %q", got, want)
	}
	for l, want := range map[string]i18n.Parts{"en": {After: " (not translated)"}, "ja": {After: "（未翻訳）"}} {
		if got := c.Strings(l).Parts("notTranslated", "Language", "%v %m"); got != want {
			t.Errorf("%s: Parts = %q, want %q", l, got, want)
		}
	}
}

// A catalog may use YAML anchors and aliases, as go-i18n reads them,
// though content files may not.
func TestMessageFileWithAliases(t *testing.T) {
	fsys := fstest.MapFS{"fr.yaml": {Data: []byte("result: &r Résultat\nremedy: *r\nstepCount:\n  one: &one \"{{.Count}} étape\"\n  many: *one\n  other: *one\n")}}
	defs, err := i18n.ReadMessageFile(fsys, "fr.yaml")
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, d := range defs {
		for f, text := range d.Forms {
			got[d.ID+" "+f] = text.Text
		}
	}
	for k, want := range map[string]string{"result other": "Résultat", "remedy other": "Résultat", "stepCount many": "{{.Count}} étape"} {
		if got[k] != want {
			t.Errorf("%s = %q, want %q", k, got[k], want)
		}
	}
}

// The README's table of step reference contexts shows what the catalogs
// write, for step 2 in every locale.
func TestReadmeTableOfContextsIsTheCatalogs(t *testing.T) {
	cat, err := i18n.LoadCatalog(locales.FS, []string{"en", "fr", "hu", "ja"})
	if err != nil {
		t.Fatal(err)
	}
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	header := "| context | en | fr | hu | ja |"
	_, table, ok := strings.Cut(string(readme), header+"\n")
	if !ok {
		t.Fatalf("the README has no table starting %q", header)
	}
	rows := 0
	for _, line := range strings.Split(table, "\n")[1:] {
		if !strings.HasPrefix(line, "|") {
			break
		}
		cells := strings.Split(strings.Trim(line, "| "), " | ")
		id := "stepRef"
		if c := strings.Trim(cells[0], "`"); c != "(none)" {
			id += "_" + c
		}
		for i, l := range []string{"en", "fr", "hu", "ja"} {
			if got := cat.Strings(l).Numbered(id, 2, nil); got != cells[i+1] {
				t.Errorf("%s in %s: the README shows %q, the catalog writes %q", id, l, cells[i+1], got)
			}
		}
		rows++
	}
	if rows == 0 {
		t.Error("the README's table of contexts has no rows")
	}
}

// TestJapaneseSortsInKanaOrder checks the order of Japanese titles: the
// kana's order, whatever long vowel marks (ー) they hold.
func TestJapaneseSortsInKanaOrder(t *testing.T) {
	got := []string{"ポータル", "カメラ", "ユーザー", "アクセス", "カード", "コード", "アプリ", "エラー"}
	i18n.SortByKey("ja", got, func(s string) string { return s })
	want := []string{"アクセス", "アプリ", "エラー", "カード", "カメラ", "コード", "ポータル", "ユーザー"}
	if !slices.Equal(got, want) {
		t.Errorf("sorted %q, want %q", got, want)
	}
	// A long vowel mark reads as the vowel it lengthens: カード is カアド,
	// データ デエタ (after デイリー, デイリイ); hiragana comes before the
	// same katakana.
	got = []string{"カイ", "データ", "カード", "カア", "デイリー", "カ", "かーど"}
	i18n.SortByKey("ja", got, func(s string) string { return s })
	want = []string{"カ", "カア", "かーど", "カード", "カイ", "デイリー", "データ"}
	if !slices.Equal(got, want) {
		t.Errorf("sorted %q, want %q", got, want)
	}
}

// kbc's catalogs and a knowledge base's own folder, both named locales
// when kbc runs beside it, are named once where neither has a locale.
func TestMissingCatalogNamesEachFolderOnce(t *testing.T) {
	ls := i18n.Layers{locales.Embedded, {FS: fstest.MapFS{"de.yaml": {Data: []byte("home: Startseite\n")}}, Dir: "locales"}}
	_, _, err := ls.Messages("pt-BR")
	if err == nil || !strings.HasSuffix(err.Error(), "no pt-BR.yaml in locales: file does not exist") {
		t.Errorf("Messages(pt-BR) = %v, want no pt-BR.yaml in locales", err)
	}
}
