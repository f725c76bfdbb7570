package content

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/kbcdev/kbc/internal/diag"
)

// Digest is what the rest of the knowledge base sees of an article: its
// id, folder, locales, localized titles, section and the anchors other
// articles may link to. A build that knows from its cache that an article's files did
// not change, and that nothing it refers to changed, loads the article's
// digest instead of its files: enough to check and render the articles
// that refer to it, at a fraction of the cost of parsing it.
type Digest struct {
	ID, Dir, File, Lang string
	Pos                 diag.Position
	Status              string
	ReplacedBy          string // of a retired article
	SectionID           string // the kb.yaml section it is listed in
	Title               string
	// Titles holds each translation's title and the fingerprint of the
	// source it was translated from, by locale; a translation file without
	// a title has an empty entry, so that the locale is still known.
	Titles  map[string]DigestTitle
	Anchors []string // sorted
}

// DigestTitle is one translation of an article's title.
type DigestTitle struct {
	Text, Source string
}

// Digest returns the article's digest.
func (a *Article) Digest() *Digest {
	if a.digest != nil {
		return a.digest
	}
	d := &Digest{ID: a.ID, Dir: a.Dir, File: a.File, Lang: a.Lang, Pos: a.Pos, Title: a.Title.Value,
		Status: a.Status, ReplacedBy: a.ReplacedBy.ID, SectionID: a.SectionID,
		Titles: map[string]DigestTitle{}, Anchors: a.Anchors()}
	for l, tr := range a.Translations {
		var t DigestTitle
		if u := tr.Units[a.Title.Key]; u != nil {
			t = DigestTitle{Text: u.Text.Value, Source: u.Source}
		}
		d.Titles[l] = t
	}
	return d
}

// Anchors returns, sorted, the fragment ids of the article other articles
// may link to: its notes, sections, procedures, steps and troubleshooting
// entries.
func (a *Article) Anchors() []string {
	if a.digest != nil {
		return a.digest.Anchors
	}
	set := map[string]bool{}
	a.Walk(func(t *Text, at Place) {
		switch at.Role {
		case NotePart:
			set[at.Note.ID] = true
		case SectionPart:
			set[at.Section.ID] = true
		case ProcedurePart:
			set[at.Proc.ID] = true
		case StepPart:
			set[at.Step.ID] = true
		case TroublePart:
			set[at.Trouble.ID] = true
		}
	})
	delete(set, "")
	return slices.Sorted(maps.Keys(set))
}

// Article returns a stand-in for the digested article: its id, folder,
// source locale, title and translations of the title, and nothing else.
// IsDigest reports it as such, so that checks and pages, which need the
// whole article, pass it by. Its translations say which locales it has
// and hold no units: Localize finds the title's in the digest. A large
// knowledge base holds a stand-in for every article while it builds,
// and a unit map and unit per locale were most of one.
func (d *Digest) Article() *Article {
	a := &Article{ID: d.ID, Pos: d.Pos, Dir: d.Dir, File: d.File, Lang: d.Lang,
		Status: d.Status, ReplacedBy: Ref{ID: d.ReplacedBy}, SectionID: d.SectionID,
		Title:        Text{Key: "title", Value: d.Title},
		Translations: make(map[string]*Translation, len(d.Titles)), digest: d}
	for l := range d.Titles {
		a.Translations[l] = &Translation{Lang: l}
	}
	return a
}

// localizeTitle is Article.Localize for the stand-in of the digested
// article, whose only text is its title.
func (d *Digest) localizeTitle(t Text, locale string) (out Text, translated, stale bool) {
	tt := d.Titles[locale]
	if t.Key != "title" || tt.Text == "" {
		return t, false, false
	}
	return Text{Key: t.Key, Value: tt.Text}, true, tt.Source != Fingerprint(t.Value)
}

// IsDigest reports whether the article stands in for one the build did not
// load, holding only what its Digest holds.
func (a *Article) IsDigest() bool { return a.digest != nil }

// Loaded returns the articles loaded whole, that is all but digests.
func (kb *KB) Loaded() []*Article {
	out := make([]*Article, 0, len(kb.Articles))
	for _, a := range kb.Articles {
		if !a.IsDigest() {
			out = append(out, a)
		}
	}
	return out
}

// Equal reports whether two digests are the same: whether the rest of the
// knowledge base sees the same article through both.
func (d *Digest) Equal(e *Digest) bool {
	if d == nil || e == nil {
		return d == e
	}
	return d.ID == e.ID && d.Dir == e.Dir && d.File == e.File && d.Lang == e.Lang && d.Pos == e.Pos &&
		d.Status == e.Status && d.ReplacedBy == e.ReplacedBy && d.SectionID == e.SectionID &&
		d.Title == e.Title && maps.Equal(d.Titles, e.Titles) && slices.Equal(d.Anchors, e.Anchors)
}

// Release replaces the i-th article with the stand-in of its digest, so
// that the memory its content holds can be reclaimed: it is for a reader
// that is done with the article, such as a build that wrote its pages.
// Calls may come from several goroutines, but not while others call
// Article or read Articles.
func (kb *KB) Release(i int) {
	a := kb.Articles[i]
	if a.IsDigest() {
		return
	}
	d := a.Digest().Article()
	kb.releaseMu.Lock()
	defer kb.releaseMu.Unlock()
	kb.Articles[i] = d
	if kb.byID[a.ID] == a {
		kb.byID[a.ID] = d
	}
}

// Refers returns, sorted, the ids of the articles the article refers to:
// its see-also list, the {{kb:}} references of its texts in every
// locale, and the article that replaces it.
func (a *Article) Refers() []string {
	if a.setAside {
		return a.refers
	}
	seen := map[string]bool{}
	for _, r := range a.SeeAlso {
		seen[r.ID] = true
	}
	if a.ReplacedBy.ID != "" {
		seen[a.ReplacedBy.ID] = true
	}
	scan := func(s string) {
		for _, r := range ParseRefs(s) {
			if r.Kind == RefArticle && !r.Malformed {
				seen[r.Target] = true
			}
		}
	}
	a.Walk(func(t *Text, _ Place) {
		if t != nil {
			scan(t.Value)
		}
	})
	for _, tr := range a.Translations {
		for _, u := range tr.Units {
			scan(u.Text.Value)
		}
	}
	return slices.Sorted(maps.Keys(seen))
}

// standIn returns the stand-in LoadLean puts in the article's place: its
// digest's, which also knows what the article refers to.
func (a *Article) standIn() *Article {
	refers := slices.Clone(a.Refers())
	s := a.Digest().detached(refers).Article()
	s.setAside, s.refers = true, refers
	return s
}

// detached returns a copy of the digest that shares no memory with the
// files it was read from: the parser's strings are slices of a file's
// text, which a digest would otherwise keep whole. It copies the strings
// of also in place, for the stand-in that holds them beside the digest.
// The copies share one allocation: a stand-in's strings live and die
// together, and as dozens of small objects they cost the collector more
// than their bytes.
func (d *Digest) detached(also []string) *Digest {
	c := *d
	strs := []*string{&c.ID, &c.Dir, &c.File, &c.Lang, &c.Pos.File, &c.Status, &c.ReplacedBy, &c.SectionID, &c.Title}
	titles := make([]DigestTitle, 0, len(d.Titles))
	locales := make([]string, 0, len(d.Titles))
	for l, t := range d.Titles {
		locales, titles = append(locales, l), append(titles, t)
	}
	for i := range titles {
		strs = append(strs, &locales[i], &titles[i].Text, &titles[i].Source)
	}
	c.Anchors = slices.Clone(d.Anchors)
	for i := range c.Anchors {
		strs = append(strs, &c.Anchors[i])
	}
	for i := range also {
		strs = append(strs, &also[i])
	}
	copyStrings(strs)
	c.Titles = make(map[string]DigestTitle, len(titles))
	for i, l := range locales {
		c.Titles[l] = titles[i]
	}
	return &c
}

// copyStrings points each of strs at a copy of its string, the copies
// sharing one allocation.
func copyStrings(strs []*string) {
	n := 0
	for _, s := range strs {
		n += len(*s)
	}
	var b strings.Builder
	b.Grow(n)
	for _, s := range strs {
		b.WriteString(*s)
	}
	all := b.String()
	for _, s := range strs {
		*s, all = all[:len(*s)], all[len(*s):]
	}
}

// IsSetAside reports whether the article is the stand-in of one LoadLean
// loaded and set aside: its findings are still to be found, with the
// article loaded again whole (see WithFolders).
func (a *Article) IsSetAside() bool { return a.setAside }

// SetAside returns the articles LoadLean set aside, in order of id.
func (kb *KB) SetAside() []*Article {
	var out []*Article
	for _, a := range kb.Articles {
		if a.setAside {
			out = append(out, a)
		}
	}
	return out
}

// WithFolders returns a knowledge base that holds whole, in place of
// their stand-ins, the set-aside articles of the folders dirs, and shares
// everything else with kb, which is left as it is. It returns those
// articles too. The loader's findings are those LoadLean reported; a
// folder whose article no longer loads, or now has another id, keeps
// its stand-in.
func (kb *KB) WithFolders(dirs []string) (*KB, []*Article) {
	var whole []*Article
	for _, r := range loadArticles(dirs, kb.Config, nil, false) {
		if a := r.article; a != nil && kb.standsIn(a) {
			whole = append(whole, a)
		}
	}
	return kb.WithArticles(whole...), whole
}

// Reload returns the set-aside article a whole, loaded again from its
// folder and linked. It fails when the folder no longer holds the
// article. The knowledge base is left as it is, and read only where
// Release does not write: calls may come from several goroutines, while
// others release articles.
func (kb *KB) Reload(a *Article) (*Article, error) {
	var diags diag.List
	whole := loadArticle(a.Dir, kb.Config, &diags)
	if whole == nil || !a.standsFor(whole) {
		return nil, fmt.Errorf("%s: article %s changed while it was being built; build again", a.File, a.ID)
	}
	kb.linkArticle(whole)
	return whole, nil
}

// standsIn reports whether a, loaded whole, is an article the knowledge
// base holds a set-aside stand-in of.
func (kb *KB) standsIn(a *Article) bool {
	s := kb.byID[a.ID]
	return s != nil && s.standsFor(a)
}

// standsFor reports whether a is the set-aside stand-in of whole, the
// article loaded whole.
func (a *Article) standsFor(whole *Article) bool {
	return a.setAside && a.ID == whole.ID && a.Dir == whole.Dir
}
