// Package corpus generates synthetic knowledge bases with the shape of real
// articles, for benchmarks and load tests: two platform branches of six
// steps, a step with two choices, eight figures, three troubleshooting
// entries, five see-also references, in-text step, figure and article
// references, and translations with correct fingerprints in every locale.
// The output is a function of the article count and the seed alone.
package corpus

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/kbcdev/kbc/internal/content"
)

// Locales are the locales of a generated knowledge base; the first is the
// source locale of every article.
var Locales = []string{"en", "fr", "hu", "ja"}

// FirstID is the number of the first generated article, KB100000.
const FirstID = 100000

// ArticleID returns the id of the i-th generated article.
func ArticleID(i int) string { return fmt.Sprintf("KB%d", FirstID+i) }

// Options control a generated knowledge base.
type Options struct {
	Articles int
	Seed     uint64
	// Sections, when not 0, puts the articles in that many sections of
	// one category, in turn, so that every page lists related articles.
	Sections int
}

// Write writes a knowledge base of opts.Articles articles into dir, which
// must not exist or be empty.
func Write(dir string, opts Options) error {
	if opts.Articles < 6 {
		return fmt.Errorf("corpus: need at least 6 articles for five distinct see-also references, got %d", opts.Articles)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(dir, content.ConfigFile), []byte(configYAML+categoriesYAML(opts.Sections)), 0o644); err != nil {
		return err
	}
	for i := range opts.Articles {
		if err := writeArticle(dir, i, opts); err != nil {
			return err
		}
	}
	return nil
}

const configYAML = `source_locale: en
locales: [en, fr, hu, ja]
platforms:
  android:
    name: {en: Android, fr: Android, hu: Android, ja: Android}
  ios:
    name: {en: iOS, fr: iOS, hu: iOS, ja: iOS}
`

// categoriesYAML returns the categories of kb.yaml for n sections: one
// category that holds them all, or none.
func categoriesYAML(n int) string {
	if n == 0 {
		return ""
	}
	var b strings.Builder
	b.WriteString("categories:\n  - id: all\n    name: {en: All, fr: Tout, hu: Minden, ja: すべて}\n    sections:\n")
	for s := range n {
		fmt.Fprintf(&b, "      - id: %s\n        name: {en: Section %d, fr: Section %d, hu: %d. szakasz, ja: セクション%d}\n", sectionID(s), s+1, s+1, s+1, s+1)
	}
	return b.String()
}

// sectionID returns the id of the s-th generated section.
func sectionID(s int) string { return fmt.Sprintf("section-%d", s+1) }

// figureSVG returns the image of figure f of article i: a phone screen
// whose text bars and highlighted button sit where this screen has them,
// so that, as in a real knowledge base, no two figures are the same file
// and every one is read and checked on its own. Its size is that of a
// small real screenshot placeholder. The positions come from their own
// generator, so that the articles' text does not depend on them.
func figureSVG(seed uint64, i, f int) []byte {
	rng := rand.New(rand.NewPCG(seed^0x9e3779b97f4a7c15, uint64(i)<<3|uint64(f)))
	barY, barW := 80+rng.IntN(60), 100+rng.IntN(80)
	bar2Y, bar2W := barY+30+rng.IntN(40), 80+rng.IntN(100)
	btnX, btnY := 40+rng.IntN(41), 200+rng.IntN(181)
	return fmt.Appendf(nil, `<svg xmlns="http://www.w3.org/2000/svg" width="240" height="480" viewBox="0 0 240 480">
<rect x="4" y="4" width="232" height="472" rx="28" fill="#f4f5f7" stroke="#333" stroke-width="4"/>
<rect x="20" y="60" width="200" height="360" fill="#fff" stroke="#ccc"/>
<rect x="40" y="%d" width="%d" height="16" fill="#ddd"/>
<rect x="40" y="%d" width="%d" height="16" fill="#ddd"/>
<rect x="%d" y="%d" width="120" height="40" rx="8" fill="#1565c0"/>
<rect x="%d" y="%d" width="132" height="52" rx="12" fill="none" stroke="#d32f2f" stroke-width="4"/>
</svg>
`, barY, barW, bar2Y, bar2W, btnX, btnY, btnX-6, btnY-6)
}

// unit is one generated text: its translation key and its text in every
// locale, source first.
type unit struct {
	key  string
	text [4]string
}

func writeArticle(dir string, i int, opts Options) error {
	rng := rand.New(rand.NewPCG(opts.Seed, uint64(i)))
	g := &gen{rng: rng, n: opts.Articles, i: i}
	id := ArticleID(i)
	adir := filepath.Join(dir, strings.ToLower(id))
	if err := os.MkdirAll(filepath.Join(adir, "figures"), 0o755); err != nil {
		return err
	}
	for f := range 8 {
		if err := os.WriteFile(filepath.Join(adir, "figures", fmt.Sprintf("screen-%d.svg", f+1)), figureSVG(opts.Seed, i, f), 0o644); err != nil {
			return err
		}
	}
	src, units := g.article(id)
	if opts.Sections > 0 {
		src = strings.Replace(src, "\nlang: en\n", "\nlang: en\nsection: "+sectionID(i%opts.Sections)+"\n", 1)
	}
	if err := os.WriteFile(filepath.Join(adir, content.SourceFile), []byte(src), 0o644); err != nil {
		return err
	}
	for li, l := range Locales[1:] {
		var b strings.Builder
		fmt.Fprintf(&b, "lang: %s\n", l)
		for _, u := range units {
			fmt.Fprintf(&b, "%s: {text: %s, source: \"%s\"}\n", u.key, quote(u.text[li+1]), content.Fingerprint(u.text[0]))
		}
		if err := os.WriteFile(filepath.Join(adir, l+".yaml"), []byte(b.String()), 0o644); err != nil {
			return err
		}
	}
	return nil
}

// gen builds one article's text from a seeded generator.
type gen struct {
	rng   *rand.Rand
	n, i  int
	units []unit
	src   strings.Builder
}

// text records a unit and returns its source text, quoted for YAML.
func (g *gen) text(key string, t [4]string) string {
	g.units = append(g.units, unit{key: key, text: t})
	return quote(t[0])
}

// phrase returns a sentence of a few vocabulary words in every locale, with
// the same words in the same order so that the translations stay parallel.
func (g *gen) phrase(words int) [4]string {
	var out [4]string
	picks := make([]int, words)
	for w := range picks {
		picks[w] = g.rng.IntN(len(vocabulary))
	}
	for l := range out {
		parts := make([]string, words)
		for w, p := range picks {
			parts[w] = vocabulary[p][l]
		}
		sep := " "
		if Locales[l] == "ja" {
			sep = ""
		}
		s := strings.Join(parts, sep)
		if Locales[l] != "ja" {
			r, size := utf8.DecodeRuneInString(s)
			s = string(unicode.ToUpper(r)) + s[size:]
		}
		out[l] = s
	}
	return out
}

// sentence ends a phrase with each locale's full stop, then appends the
// reference ref (the same in every locale).
func (g *gen) sentence(words int, ref string) [4]string {
	p := g.phrase(words)
	for l := range p {
		stop := "."
		if Locales[l] == "ja" {
			stop = "。"
		}
		switch {
		case strings.HasPrefix(ref, "{{fig:") && Locales[l] == "ja":
			p[l] += "（" + ref + "）" // a figure is an aside, in parentheses
		case strings.HasPrefix(ref, "{{fig:"):
			p[l] += " (" + ref + ")"
		case ref != "":
			p[l] += " " + ref
		}
		p[l] += stop
	}
	return p
}

// other returns the id of another article, k steps away.
func (g *gen) other(k int) string { return ArticleID((g.i + k) % g.n) }

func (g *gen) article(id string) (string, []unit) {
	w := &g.src
	fmt.Fprintf(w, "id: %s\nlang: en\n", id)
	fmt.Fprintf(w, "title: %s\n", g.text("title", g.phrase(4)))
	fmt.Fprintf(w, "summary: %s\n", g.text("summary", g.sentence(8, "")))
	fmt.Fprintf(w, "requirements:\n  - %s\n", g.text("requirements.0", g.sentence(6, "")))
	w.WriteString("figures:\n")
	for f := 1; f <= 8; f++ {
		fmt.Fprintf(w, "  fig-%d:\n    src: figures/screen-%d.svg\n    alt: %s\n", f, f, g.text(fmt.Sprintf("figures.fig-%d.alt", f), g.sentence(5, "")))
	}
	g.procedure()
	w.WriteString("troubleshooting:\n")
	for t := 1; t <= 3; t++ {
		key := fmt.Sprintf("troubleshooting.issue-%d", t)
		fmt.Fprintf(w, "  - id: issue-%d\n", t)
		fmt.Fprintf(w, "    symptom: %s\n", g.text(key+".symptom", g.sentence(6, "")))
		fmt.Fprintf(w, "    cause: %s\n", g.text(key+".cause", g.sentence(7, "")))
		ref := fmt.Sprintf("{{step:shared-%d}}", t)
		if t == 3 {
			ref = "{{fig:fig-8}}"
		}
		fmt.Fprintf(w, "    remedy: %s\n", g.text(key+".remedy", g.sentence(8, ref)))
	}
	w.WriteString("see_also: [")
	for k := 1; k <= 5; k++ {
		if k > 1 {
			w.WriteString(", ")
		}
		w.WriteString(g.other(k))
	}
	w.WriteString("]\n")
	return w.String(), g.units
}

// procedure writes the one procedure: four shared steps and two steps per
// platform, so that each branch has six; the first step has two choices.
func (g *gen) procedure() {
	w := &g.src
	key := "procedures.main"
	w.WriteString("procedures:\n  - id: main\n")
	fmt.Fprintf(w, "    title: %s\n", g.text(key+".title", g.phrase(3)))
	w.WriteString("    platforms: [android, ios]\n    steps:\n")
	type step struct{ id, platform, ref string }
	steps := []step{
		{"shared-1", "", "{{fig:fig-1}}"},
		{"android-1", "android", "{{fig:fig-2}}"},
		{"ios-1", "ios", "{{fig:fig-3}}"},
		{"shared-2", "", "{{fig:fig-4}}"},
		{"android-2", "android", "{{fig:fig-5}}"},
		{"ios-2", "ios", "{{fig:fig-6}}"},
		{"shared-3", "", "{{kb:" + g.other(1) + "}}"},
		{"shared-4", "", "{{fig:fig-7}}"},
	}
	for _, s := range steps {
		sk := key + ".steps." + s.id
		fmt.Fprintf(w, "      - id: %s\n", s.id)
		if s.platform != "" {
			fmt.Fprintf(w, "        platforms: [%s]\n", s.platform)
		}
		fmt.Fprintf(w, "        text: %s\n", g.text(sk+".text", g.sentence(7, s.ref)))
		if s.id == "shared-1" {
			w.WriteString("        choices:\n")
			fmt.Fprintf(w, "          - when: %s\n", g.text(sk+".choices.0.when", g.sentence(5, "")))
			fmt.Fprintf(w, "            text: %s\n", g.text(sk+".choices.0.text", g.sentence(5, "")))
			fmt.Fprintf(w, "          - when: %s\n", g.text(sk+".choices.1.when", g.sentence(5, "")))
			fmt.Fprintf(w, "            text: %s\n", g.text(sk+".choices.1.text", g.sentence(5, "{{step:shared-2}}")))
			w.WriteString("            next: shared-2\n")
		}
		if s.id == "shared-4" {
			fmt.Fprintf(w, "        result: %s\n", g.text(sk+".result", g.sentence(6, "")))
		}
	}
}

// quote writes s as a double-quoted YAML scalar.
func quote(s string) string { return `"` + yamlEscapes.Replace(s) + `"` }

var yamlEscapes = strings.NewReplacer(`\`, `\\`, `"`, `\"`)
