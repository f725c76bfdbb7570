package nav_test

import (
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/kbcdev/kbc/internal/content"
	"github.com/kbcdev/kbc/internal/i18n"
	"github.com/kbcdev/kbc/internal/nav"
	"github.com/kbcdev/kbc/locales"
)

const kbYAML = `source_locale: en
locales: [en, fr]
site:
  feedback: "mailto:docs@example.com?subject={id}%20{locale}"
categories:
  - id: orders
    name: {en: Orders, fr: Commandes}
    sections:
      - id: returns
        name: {en: Returns, fr: Retours}
      - id: payment
        name: {en: Payment, fr: Paiement}
  - id: account
    name: {en: Your account, fr: Votre compte}
    sections:
      - id: login
        name: {en: Logging in, fr: Connexion}
`

func setup(t *testing.T, locale string) (*content.Config, *i18n.Strings) {
	t.Helper()
	root := t.TempDir()
	if err := os.WriteFile(filepath.Join(root, content.ConfigFile), []byte(kbYAML), 0o644); err != nil {
		t.Fatal(err)
	}
	kb, diags, err := content.Load(root)
	if err != nil || diags.HasErrors() {
		t.Fatalf("loading kb.yaml: %v %v", err, diags)
	}
	cat, err := i18n.LoadCatalog(locales.FS, []string{"en", "fr"})
	if err != nil {
		t.Fatal(err)
	}
	return kb.Config, cat.Strings(locale)
}

// TestTree lists the categories and sections in kb.yaml's order, each
// section's articles by title, the first few of them for the home page
// and a link to the rest, with links from the page's place.
func TestTree(t *testing.T) {
	cfg, ui := setup(t, "en")
	var entries []nav.Entry
	for _, e := range []struct{ id, title, section string }{
		{"KB1", "Return a parcel", "returns"}, {"KB2", "Find the return label", "returns"},
		{"KB3", "Refunds", "returns"}, {"KB4", "Exchange an item", "returns"},
		{"KB5", "Pay by card", "payment"}, {"KB6", "Nowhere", "unknown"},
	} {
		entries = append(entries, nav.Entry{ID: e.id, Title: e.title, SectionID: e.section, Href: "kb" + e.id[2:] + "/index.html"})
	}
	tree := nav.Tree(cfg, ui, entries, "../../")
	var got []string
	for _, c := range tree {
		got = append(got, c.Name+" "+c.Href)
		for _, s := range c.Sections {
			got = append(got, "  "+s.Name+" "+s.Href+" "+s.Count+" more="+s.More)
			for _, a := range s.Top {
				got = append(got, "    "+a.Title+" "+a.Href)
			}
		}
	}
	want := []string{
		"Orders ../../categories/orders/index.html",
		"  Returns ../../sections/returns/index.html 4 articles more=See all 4 articles",
		"    Exchange an item ../../kb4/index.html",
		"    Find the return label ../../kb2/index.html",
		"    Refunds ../../kb3/index.html",
		"  Payment ../../sections/payment/index.html 1 article more=",
		"    Pay by card ../../kb5/index.html",
		"Your account ../../categories/account/index.html",
		"  Logging in ../../sections/login/index.html 0 articles more=",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Tree:\n%q\nwant\n%q", got, want)
	}
	if n := len(tree[0].Sections[0].Articles); n != 4 {
		t.Errorf("the section page lists %d articles, want 4", n)
	}
}

// TestCrumbs reads Home › Category › Section › Article, in the locale,
// the current page without a link.
func TestCrumbs(t *testing.T) {
	cfg, ui := setup(t, "fr")
	for _, tc := range []struct {
		name                          string
		prefix, category, section, at string
		want                          []nav.Crumb
	}{
		{"article", "../", "", "returns", "Renvoyer un colis", []nav.Crumb{
			{Title: "Accueil", Href: "../index.html"}, {Title: "Commandes", Href: "../categories/orders/index.html"},
			{Title: "Retours", Href: "../sections/returns/index.html"}, {Title: "Renvoyer un colis", Href: ""}}},
		{"section page", "../../", "", "login", "", []nav.Crumb{
			{Title: "Accueil", Href: "../../index.html"}, {Title: "Votre compte", Href: "../../categories/account/index.html"}, {Title: "Connexion", Href: ""}}},
		{"category page", "../../", "orders", "", "", []nav.Crumb{
			{Title: "Accueil", Href: "../../index.html"}, {Title: "Commandes", Href: ""}}},
		{"article in no section", "../", "", "", "Sans rubrique", []nav.Crumb{
			{Title: "Accueil", Href: "../index.html"}, {Title: "Sans rubrique", Href: ""}}},
	} {
		if got := nav.Crumbs(cfg, ui, tc.prefix, tc.category, tc.section, tc.at); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%s: Crumbs = %q, want %q", tc.name, got, tc.want)
		}
	}
}

// TestFeedback fills in the article id and the locale, escaped for a URL,
// and gives no link when kb.yaml sets no address.
func TestFeedback(t *testing.T) {
	cfg, _ := setup(t, "en")
	if got, want := nav.Feedback(cfg.Site, "KB7", "fr"), "mailto:docs@example.com?subject=KB7%20fr"; got != want {
		t.Errorf("Feedback = %q, want %q", got, want)
	}
	if got := nav.Feedback(nil, "KB7", "fr"); got != "" {
		t.Errorf("Feedback without a site = %q, want none", got)
	}
}
