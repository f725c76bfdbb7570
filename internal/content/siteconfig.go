package content

import (
	"os"
	"path"
	"path/filepath"
	"regexp"
	"strings"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/kbcdev/kbc/internal/diag"
	"github.com/kbcdev/kbc/internal/suggest"
)

// ThemeDir is the folder beside kb.yaml that may override the site's page
// templates and add stylesheets and assets (see package theme). It is
// not an article folder.
const ThemeDir = "theme"

// ThemeBeside returns the folder named like a theme beside the content
// folder root, where the knowledge base's catalogs are, when it holds a
// theme's templates or assets folder, which kbc does not read there; ""
// otherwise. A lint of root warns of it, and its caches are keyed by it.
func ThemeBeside(root string) string {
	abs, err := filepath.Abs(root)
	if err != nil {
		return ""
	}
	beside := filepath.Join(filepath.Dir(abs), ThemeDir)
	for _, sub := range []string{"templates", "assets"} {
		if st, err := os.Stat(filepath.Join(beside, sub)); err == nil && st.IsDir() {
			return beside
		}
	}
	return ""
}

// Site is kb.yaml's site: what the help site shows of the company that
// publishes it. Every field is optional; the zero Site is kbc's own
// look, with the UI catalogs' site name.
type Site struct {
	Pos diag.Position
	// Names is the site's name by locale, shown in the header and page
	// titles; Descriptions is the home page's meta description.
	Names, Descriptions map[string]Text
	Logo, Favicon       *SiteFile
	Colors              []*Color
	// UnreadColors are the tokens kb.yaml sets, in a scheme, to something
	// that is no colour (its finding says why), which the site leaves as
	// kbc's there; their Value is empty.
	UnreadColors []*Color
	HeaderLinks  []*SiteLink
	FooterLinks  []*SiteLink
	// Feedback is the address a "Was this article helpful?" link leads
	// to, with {id} and {locale} filled in; empty: no link.
	Feedback    string
	FeedbackPos diag.Position
	// ShowIDs shows articles' KB ids to readers, beside their titles.
	ShowIDs bool
}

// SiteFile is a file kb.yaml names for the site, such as the logo.
type SiteFile struct {
	Path string // slash-separated, relative to the content folder
	Pos  diag.Position
}

// Color is one colour token of the theme, such as the accent colour in
// dark mode.
type Color struct {
	Scheme string // ColorLight or ColorDark
	Token  string // one of ColorTokens
	Value  string // #rgb or #rrggbb, lower case
	Pos    diag.Position
}

// Colour schemes a token is set for.
const (
	ColorLight = "light"
	ColorDark  = "dark"
)

// ColorTokens are the colours kb.yaml may set: the header's background
// and text, and the accent (links, buttons, step numbers) with the text
// written on it. YAML spells them with underscores.
var ColorTokens = []string{"brand", "brand_text", "accent", "accent_text"}

// SiteLink is a link of the header or the footer, such as contact,
// privacy or terms.
type SiteLink struct {
	Pos diag.Position
	// URLs is the address by locale: the same for every locale when kb.yaml
	// gives one.
	URLs   map[string]string
	Titles map[string]Text
}

// Color returns the value kb.yaml gives the token in the scheme, or "".
func (s *Site) Color(scheme, token string) string {
	if s == nil {
		return ""
	}
	for _, c := range s.Colors {
		if c.Scheme == scheme && c.Token == token {
			return c.Value
		}
	}
	return ""
}

var siteKeys = []string{"name", "description", "logo", "favicon", "colors", "header_links", "footer_links", "feedback", "show_ids"}

// decodeSite reads kb.yaml's site mapping.
func (d *decoder) decodeSite(n *yaml.Node, cfg *Config) *Site {
	s := &Site{Pos: d.Pos(n)}
	m := d.Fields(n, "site", siteKeys...)
	if m == nil {
		return s
	}
	if v := m["name"]; v != nil {
		s.Names = d.localized(v, cfg, "site name")
	}
	if v := m["description"]; v != nil {
		s.Descriptions = d.localized(v, cfg, "site description")
	}
	s.Logo = d.siteFile(m["logo"], "logo", ".svg")
	s.Favicon = d.siteFile(m["favicon"], "favicon", ".svg", ".png")
	if v := m["colors"]; v != nil {
		s.Colors = d.colors(v, ColorLight, nil, &s.UnreadColors)
	}
	s.HeaderLinks = d.siteLinks(m["header_links"], cfg, "header link")
	s.FooterLinks = d.siteLinks(m["footer_links"], cfg, "footer link")
	if v := m["feedback"]; v != nil {
		if u, ok := d.Str(v, "feedback"); ok && d.checkSiteURL(v, u, "feedback") && d.checkFeedbackFields(v, u) {
			s.Feedback, s.FeedbackPos = u, d.Pos(v)
		}
	}
	if v := m["show_ids"]; v != nil {
		s.ShowIDs = d.Boolean(v, "show_ids")
	}
	return s
}

// FeedbackFields are what kbc fills in in the feedback address: the
// article's id and the page's locale.
var FeedbackFields = []string{"{id}", "{locale}"}

var braced = regexp.MustCompile(`\{[^{}]*\}`)

// checkFeedbackFields reports a {name} in the feedback address that kbc
// does not fill in, which every page would publish as it is, or a brace
// of none.
func (d *decoder) checkFeedbackFields(n *yaml.Node, u string) bool {
	rest := u
	for _, f := range FeedbackFields {
		rest = strings.ReplaceAll(rest, f, "")
	}
	i := strings.IndexAny(rest, "{}")
	if i < 0 {
		return true
	}
	f := braced.FindString(rest)
	if f == "" {
		f = rest[i : i+1]
	}
	d.Errorf(n, "feedback address holds %s, which kbc does not fill in: it fills in %s%s", f, strings.Join(FeedbackFields, " and "), suggest.Hint(f, FeedbackFields))
	return false
}

// siteFile reads the path of a file of the site: inside the content
// folder, with one of the extensions. Whether the file exists and what it
// holds is the site rule's business.
func (d *decoder) siteFile(n *yaml.Node, what string, exts ...string) *SiteFile {
	if n == nil {
		return nil
	}
	p, ok := d.Str(n, what)
	if !ok {
		return nil
	}
	clean := path.Clean(p)
	switch {
	case strings.Contains(p, "\\") || strings.Contains(p, "://") || path.IsAbs(p) || leavesFolder(clean):
		d.Errorf(n, "%s %q must be a path inside the content folder, written with /", what, p)
		return nil
	case HiddenPath(clean):
		d.Errorf(n, "%s %q names a hidden file or folder (its name starts with a dot), which kbc does not watch for changes; rename it", what, p)
		return nil
	case !hasExt(clean, exts):
		d.Errorf(n, "%s %q must be a %s file", what, p, strings.Join(exts, " or "))
		return nil
	}
	return &SiteFile{Path: clean, Pos: d.Pos(n)}
}

func hasExt(p string, exts []string) bool {
	for _, e := range exts {
		if strings.EqualFold(path.Ext(p), e) {
			return true
		}
	}
	return false
}

var hexColor = regexp.MustCompile(`^#([0-9a-fA-F]{3}|[0-9a-fA-F]{6})$`)

// colors reads colour tokens for a scheme; the light scheme's mapping may
// hold a dark mapping of its own.
func (d *decoder) colors(n *yaml.Node, scheme string, out []*Color, unread *[]*Color) []*Color {
	known := ColorTokens
	if scheme == ColorLight {
		known = append(append([]string(nil), ColorTokens...), ColorDark)
	}
	kvs, ok := d.KnownPairs(n, "colors", known...)
	if !ok {
		return out
	}
	for _, kv := range kvs {
		if kv[0].Value == ColorDark {
			out = d.colors(kv[1], ColorDark, out, unread)
			continue
		}
		v, ok := d.Str(kv[1], "colour")
		if ok && !hexColor.MatchString(v) {
			d.Errorf(kv[1], "colour %q must be written #rgb or #rrggbb", v)
			ok = false
		}
		if !ok {
			*unread = append(*unread, &Color{Scheme: scheme, Token: kv[0].Value, Pos: d.Pos(kv[1])})
			continue
		}
		out = append(out, &Color{Scheme: scheme, Token: kv[0].Value, Value: strings.ToLower(v), Pos: d.Pos(kv[1])})
	}
	return out
}

// siteLinks reads a list of links, each with a URL (one, or one per
// locale) and a title in every locale.
func (d *decoder) siteLinks(n *yaml.Node, cfg *Config, what string) []*SiteLink {
	var out []*SiteLink
	for _, item := range d.List(n, what+"s") {
		m := d.Fields(item, what, "url", "title")
		if m == nil {
			continue
		}
		d.Require(item, m, what, "url", "title")
		l := &SiteLink{Pos: d.Pos(item), URLs: map[string]string{}}
		if v := m["url"]; v != nil {
			if v.Kind == yaml.MappingNode {
				for l2, t := range d.localized(v, cfg, what+" url") {
					if d.checkSiteURL(v, t.Value, what+" url") {
						l.URLs[l2] = t.Value
					}
				}
			} else if u, ok := d.Str(v, what+" url"); ok && d.checkSiteURL(v, u, what+" url") {
				for _, loc := range cfg.Locales {
					l.URLs[loc] = u
				}
			}
		}
		if v := m["title"]; v != nil {
			l.Titles = d.localized(v, cfg, what+" title")
		}
		out = append(out, l)
	}
	return out
}

// checkSiteURL reports an address a link of the site may not lead to: one
// that is not https, http or mailto.
func (d *decoder) checkSiteURL(n *yaml.Node, u, what string) bool {
	lower := strings.ToLower(u)
	for _, scheme := range []string{"https://", "http://", "mailto:"} {
		if strings.HasPrefix(lower, scheme) && len(u) > len(scheme) {
			return true
		}
	}
	d.Errorf(n, "%s %q must start with https://, http:// or mailto:", what, u)
	return false
}

// Category is a group of sections of the help site, as kb.yaml declares
// it; its place in the list is its order.
type Category struct {
	ID                  string
	Pos                 diag.Position
	Names, Descriptions map[string]Text
	Sections            []*CategorySection
}

// CategorySection is a section of a category: the articles that name it
// in their section key are listed on its page. Its place in the list is
// its order.
type CategorySection struct {
	ID                  string
	Pos                 diag.Position
	Names, Descriptions map[string]Text
	Category            *Category
}

// decodeCategories reads kb.yaml's categories and their sections; an id
// is used once among the categories and once among all sections.
func (d *decoder) decodeCategories(n *yaml.Node, cfg *Config) {
	seen := map[string]diag.Position{}
	unique := func(v *yaml.Node, id, what string) {
		key := what + " " + id
		if first, ok := seen[key]; ok {
			d.Errorf(v, "%s id %q is used twice (first at line %d)", what, id, first.Line)
			return
		}
		seen[key] = d.Pos(v)
	}
	for _, cn := range d.List(n, "categories") {
		m := d.Fields(cn, "category", "id", "name", "description", "sections")
		if m == nil {
			continue
		}
		d.Require(cn, m, "category", "id", "name", "sections")
		c := &Category{Pos: d.Pos(cn)}
		if v := m["id"]; v != nil {
			c.ID = d.id(v, "category id")
			d.portableID(v, c.ID, "category", "the site's folder of the category")
			unique(v, c.ID, "category")
		}
		c.Names = d.localizedOf(m["name"], cfg, "category name")
		c.Descriptions = d.localizedOf(m["description"], cfg, "category description")
		sections := d.List(m["sections"], "sections")
		if m["sections"] != nil && len(sections) == 0 && m["sections"].Kind == yaml.SequenceNode {
			d.Errorf(m["sections"], "category %q has no sections", c.ID)
		}
		for _, sn := range sections {
			sm := d.Fields(sn, "section", "id", "name", "description")
			if sm == nil {
				continue
			}
			d.Require(sn, sm, "section", "id", "name")
			s := &CategorySection{Pos: d.Pos(sn), Category: c}
			if v := sm["id"]; v != nil {
				s.ID = d.id(v, "section id")
				d.portableID(v, s.ID, "section", "the site's folder of the section")
				unique(v, s.ID, "section")
			}
			s.Names = d.localizedOf(sm["name"], cfg, "section name")
			s.Descriptions = d.localizedOf(sm["description"], cfg, "section description")
			c.Sections = append(c.Sections, s)
		}
		cfg.Categories = append(cfg.Categories, c)
	}
}

func (d *decoder) localizedOf(n *yaml.Node, cfg *Config, what string) map[string]Text {
	if n == nil {
		return nil
	}
	return d.localized(n, cfg, what)
}

// Section returns the section of a category with the given id, or nil.
func (c *Config) Section(id string) *CategorySection {
	for _, cat := range c.Categories {
		for _, s := range cat.Sections {
			if s.ID == id {
				return s
			}
		}
	}
	return nil
}

// SectionIDs lists the ids of every section, in order.
func (c *Config) SectionIDs() []string {
	var ids []string
	for _, cat := range c.Categories {
		for _, s := range cat.Sections {
			ids = append(ids, s.ID)
		}
	}
	return ids
}

// Localized returns the text of a localized kb.yaml value in the locale,
// or in the source locale when it has none.
func (c *Config) Localized(m map[string]Text, locale string) string {
	if t, ok := m[locale]; ok && t.Value != "" {
		return t.Value
	}
	return m[c.SourceLocale].Value
}

// decodeArticleSection reads the section an article is listed in. Whether
// kb.yaml declares it is the sections rule's business: the loader reads
// each article on its own.
func (d *decoder) decodeArticleSection(m map[string]*yaml.Node, a *Article) {
	if n := m["section"]; n != nil {
		a.SectionID, a.SectionPos = d.id(n, "section"), d.Pos(n)
	}
}

// Date is the layout of an updated: date.
const Date = time.DateOnly

// date reads a date written YYYY-MM-DD, such as an article's updated:.
func (d *decoder) date(n *yaml.Node, what string) (string, diag.Position) {
	s, ok := d.Str(n, what)
	if !ok {
		return "", diag.Position{}
	}
	if _, err := time.Parse(Date, s); err != nil {
		d.Errorf(n, "%s %q is not a date written YYYY-MM-DD", what, s)
		return "", diag.Position{}
	}
	return s, d.Pos(n)
}
