package content

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"

	"golang.org/x/text/language"
	"gopkg.in/yaml.v3"

	"github.com/kbcdev/kbc/internal/suggest"
)

// ConfigFile is the name of the knowledge-base configuration file at the
// root of the content folder.
const ConfigFile = "kb.yaml"

// TermBaseFile is the name of the knowledge base's term base beside
// kb.yaml, which package termbase reads.
const TermBaseFile = "terms.yaml"

// nodesDigest sums a parsed file's nodes as Config.Digest says: their
// kind, style, tag, value, anchor, place and children, in order.
func nodesDigest(root *yaml.Node) string {
	h := sha256.New()
	var walk func(n *yaml.Node)
	walk = func(n *yaml.Node) {
		fmt.Fprintf(h, "%d %d %q %q %q %d:%d %t %d\n", n.Kind, n.Style, n.Tag, n.Value, n.Anchor, n.Line, n.Column, n.Alias != nil, len(n.Content))
		for _, c := range n.Content {
			walk(c)
		}
	}
	walk(root)
	return hex.EncodeToString(h.Sum(nil))
}

func (d *decoder) decodeConfig(root *yaml.Node) *Config {
	cfg := &Config{File: d.File}
	m := d.Fields(root, "kb.yaml", "source_locale", "locales", "platforms", "external", "required_locales", "fallback", "rules", "variables", "site", "categories")
	if m == nil {
		return cfg
	}
	d.Require(root, m, "kb.yaml", "source_locale", "locales")
	if n := m["locales"]; n != nil {
		cfg.LocalesPos = d.Pos(n)
		for _, v := range d.List(n, "locales") {
			if l, ok := d.locale(v); ok {
				if contains(cfg.Locales, l) {
					d.Errorf(v, "locale %q is listed twice", l)
					continue
				}
				cfg.Locales = append(cfg.Locales, l)
			}
		}
	}
	if n := m["source_locale"]; n != nil {
		if l, ok := d.locale(n); ok {
			cfg.SourceLocale = l
			if !cfg.HasLocale(l) {
				d.Errorf(n, "source_locale %q is not among the locales %s", l, strings.Join(cfg.Locales, ", "))
			}
		}
	}
	d.decodeLifecycle(m, cfg)
	if n := m["platforms"]; n != nil {
		for _, kv := range d.Pairs(n, "platforms") {
			p := &Platform{ID: d.id(kv[0], "platform id"), Pos: d.Pos(kv[0])}
			pm := d.Fields(kv[1], "platform "+p.ID, "name")
			d.Require(kv[1], pm, "platform "+p.ID, "name")
			if v := pm["name"]; v != nil {
				p.Names = d.localized(v, cfg, "platform name")
			}
			cfg.Platforms = append(cfg.Platforms, p)
		}
	}
	if n := m["external"]; n != nil {
		for _, kv := range d.Pairs(n, "external") {
			e := &External{ID: d.articleID(kv[0], "external reference id"), Pos: d.Pos(kv[0])}
			em := d.Fields(kv[1], "external reference "+e.ID, "url", "title")
			d.Require(kv[1], em, "external reference "+e.ID, "url", "title")
			if v := em["url"]; v != nil {
				if u, ok := d.Str(v, "url"); ok {
					e.URL, e.URLPos = u, d.Pos(v)
					if !strings.HasPrefix(u, "https://") && !strings.HasPrefix(u, "http://") {
						d.Errorf(v, "external reference url %q must start with https:// or http://", u)
					}
				}
			}
			if v := em["title"]; v != nil {
				e.Titles = d.localized(v, cfg, "title")
			}
			cfg.External = append(cfg.External, e)
		}
	}
	if n := m["variables"]; n != nil {
		d.decodeVariables(n, cfg)
	}
	if n := m["site"]; n != nil {
		cfg.Site = d.decodeSite(n, cfg)
	}
	if n := m["categories"]; n != nil {
		d.decodeCategories(n, cfg)
	}
	return cfg
}

// locale reads a BCP 47 language tag and returns it in canonical form.
func (d *decoder) locale(n *yaml.Node) (string, bool) {
	s, ok := d.Str(n, "locale")
	if !ok {
		return "", false
	}
	tag, err := language.Parse(s)
	if err != nil {
		d.Errorf(n, "invalid locale %q: %v", s, err)
		return "", false
	}
	if tag.String() != s {
		// The code names the locale's folder of the site, its files and
		// its pages' lang: browsers refuse de_CH (the search of its
		// pages stopped), and every de: of the knowledge base would be
		// a locale that is not configured beside DE.
		// The rest of the knowledge base is read as if it were, so that
		// the de: written as they should be are not each a finding too;
		// those written DE: are, as the files named DE.yaml.
		d.Errorf(n, "locale %q is canonically written %q: write it so, as the site's folders, the translation files and the pages' lang name it", s, tag.String())
		return tag.String(), true
	}
	return s, true
}

// localized reads a mapping from locale to text, such as a platform's
// display name in every locale.
func (d *decoder) localized(n *yaml.Node, cfg *Config, what string) map[string]Text {
	out := map[string]Text{}
	for _, kv := range d.Pairs(n, what) {
		l := kv[0].Value
		if !cfg.HasLocale(l) {
			d.Errorf(kv[0], "%s for locale %q, which is not configured%s", what, l, suggest.LocaleHint(l, cfg.Locales))
			continue
		}
		out[l] = d.text(kv[1], "", what)
	}
	for _, l := range cfg.Locales {
		if _, ok := out[l]; !ok {
			d.Errorf(n, "%s has no %q text", what, l)
		}
	}
	return out
}
