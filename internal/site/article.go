package site

import (
	"html/template"
	"path"
	"slices"
	"strconv"
	"strings"

	"github.com/kbcdev/kbc/internal/content"
	"github.com/kbcdev/kbc/internal/i18n"
	"github.com/kbcdev/kbc/internal/render"
	"github.com/kbcdev/kbc/internal/resolve"
)

// articleView is an article resolved for one locale: numbers, labels,
// links and fallbacks decided, text rendered to HTML.
type articleView struct {
	ID           string
	Title        prose
	TitleText    string
	Summary      prose
	SummaryText  string
	Requirements []prose
	Notes        []noteView
	TopFigures   []*figureView
	TOC          []tocEntry
	Sections     []sectionView
	Procedures   []procView
	Trouble      []troubleView
	Footnotes    []footnoteView
	SeeAlso      []seeAlsoView
	EndFigures   []*figureView
	// Platforms lists the platform branches a reader may choose on the
	// page, separated by spaces, the default first; empty on a page
	// without platform tabs.
	Platforms string
	Stale     bool
	Fallback  bool
	// Untranslated is set on a page in the source text for want of any
	// translation into its locale, Lang naming the source language; the
	// notice says so. Each text is marked with its language, as on a page
	// with some units untranslated, since the labels around the texts are
	// in the page's.
	Untranslated bool
	Lang         string
	Draft        bool // a draft, previewed with a banner
	FallbackLang string
	// FallbackNotice names the source language in the reader's locale.
	FallbackNotice string
	BodyText       string // plain text for the search index

	// What a cached build remembers of the page: the site paths of the
	// images it shows and the figures shown with the source image.
	images, fallbacks []string
}

type noteView struct {
	ID, Kind, Label string
	Text            prose
}

// tocEntry is a part of the article in its list of parts; Lang names
// the language of a title shown in another than the page's.
type tocEntry struct{ ID, Title, Lang string }

// Dir is the direction of the entry's Lang, "" where it names none.
func (e tocEntry) Dir() string { return i18n.Direction(e.Lang) }

type sectionView struct {
	ID      string
	Title   prose
	Body    prose // block content: paragraphs and lists
	Table   *tableView
	Figures []*figureView
}

type tableView struct {
	Caption prose
	Header  []prose
	Rows    [][]prose
}

type procView struct {
	ID       string
	Title    prose
	Intro    prose
	Figures  []*figureView // referenced from the intro
	Tabs     bool          // more than one branch
	Branches []branchView
}

type branchView struct {
	Platform, Name          string
	PanelID, TabID, TitleID string
	StepCount               string // "3 steps", in the locale's plural forms
	Steps                   []stepView
}

type stepView struct {
	AnchorID string // id of the list item
	ExtraID  string // the plain step id on the first branch showing it
	Number   int
	Label    string // "Step 3"
	Text     prose
	Choices  []choiceView
	Result   prose
	Note     prose
	Figures  []*figureView
}

type choiceView struct {
	Label string // "1.a"
	When  prose
	Text  prose
	// Where the choice leads: "Go on with step 3." linked to NextHref,
	// or the notice that the procedure ends; empty for the next step.
	Next, NextHref string
}

type troubleView struct {
	ID                     string
	Symptom, Cause, Remedy prose
	Figures                []*figureView
}

type footnoteView struct {
	ID, Number, BackHref string
	Text                 prose
}

type seeAlsoView struct {
	Title     string
	Href      string
	Lang      string // the title's language, where it is not the page's
	LangLabel string // says that language, as the home page's lists do
	External  bool
}

// foreign returns lang when it is not that of the text around it, else "".
func foreign(lang, around string) string {
	if lang == around {
		return ""
	}
	return lang
}

type figureView struct {
	ID            string
	Label         render.Link // "Figure 2", or one per platform branch
	Src, Alt      string
	Caption       prose
	Width, Height int
	HasSize       bool
}

// prose is a text of the article rendered for the page: HTML from
// package render, and the language the text is in when it is not the
// page's, as for a text shown in the source language for want of a
// translation.
type prose struct {
	HTML template.HTML
	Lang string
}

// IsZero reports whether there is no text to show.
func (p prose) IsZero() bool { return p.HTML == "" }

// figureUse records where a figure is shown: the first place in the page
// that references it, per platform branch inside procedures.
type figureUse struct {
	fig   *content.Figure
	shown map[string]string // branch key -> element id
	order []string          // the keys of shown, in the order of the page
	first string            // element id of the first instance
}

// articleBuilder resolves one article in one locale.
type articleBuilder struct {
	s      *Renderer
	a      *content.Article
	res    *resolve.Article
	locale string
	ui     *i18n.Strings
	// The locale and strings the references of the text being rendered
	// are phrased in: the page's, or the source's in a text shown in the
	// source language for want of a translation ("go back to step 4").
	refLocale string
	refUI     *i18n.Strings
	sourceUI  *i18n.Strings // the source locale's strings, made once when first needed
	view      *articleView
	nums      *resolve.Numbers // footnotes, and figures on a page without tabs
	// views are the platform branches a reader may choose on a page with
	// platform tabs, the default first, and figures their numbers in the
	// order a reader of each meets them (see figureNumbers).
	views   []string
	figures map[string]*resolve.Numbers
	figs    map[string]*figureUse
	fnSeen  map[string]bool
	texts   map[textKey]localization // see localized
	alts    map[string]string        // alt texts by figure id, see altText
	// context of the text being rendered
	proc   *content.Procedure
	branch string
	body   strings.Builder
	// the parts being filled in as the walk goes (see visit)
	sec        *sectionView
	pv         *procView
	bv         *branchView
	sv         *stepView
	cv         *choiceView
	tv         *troubleView
	shownPlain map[string]bool // step ids given their plain anchor in the procedure
}

func (r *Renderer) buildArticle(a *content.Article, res *resolve.Article, locale string) *articleView {
	ab := &articleBuilder{
		s: r, a: a, res: res, locale: locale, ui: r.catalog.Strings(locale),
		view: &articleView{ID: a.ID, Draft: a.Status == content.Draft}, figs: map[string]*figureUse{}, fnSeen: map[string]bool{},
	}
	ab.refLocale, ab.refUI = locale, ab.ui
	if r.Publication(a, locale) == SourceText {
		ab.view.Untranslated, ab.view.Lang = true, a.Lang
	}
	ab.nums = res.Number(ab.localizedValue, r.procBranches)
	ab.figureNumbers()
	ab.resolve()
	return ab.view
}

func (ab *articleBuilder) localizedValue(t *content.Text) string {
	lt, _, _ := ab.localized(*t)
	return lt.Value
}

// figureNumbers numbers the figures as a reader of each platform branch
// meets them (resolve.Article.FigureViews): a figure outside the tabs
// whose number differs from one branch to another is labelled once per
// branch.
func (ab *articleBuilder) figureNumbers() {
	platforms := make([]string, len(ab.s.cfg.Platforms))
	for i, pl := range ab.s.cfg.Platforms {
		platforms[i] = pl.ID
	}
	ab.views, ab.figures = ab.res.FigureViews(platforms, ab.localizedValue, ab.s.procBranches)
	ab.view.Platforms = strings.Join(ab.views, " ")
}

// procBranches returns the branches of p shown in this build.
func (r *Renderer) procBranches(p *content.Procedure) []string {
	all := p.Branches()
	if r.opts.Platform == "" || len(p.Platforms) == 0 {
		return all
	}
	if slices.Contains(all, r.opts.Platform) {
		return []string{r.opts.Platform}
	}
	return nil
}

// figureUse returns where the figure with the given id is shown, or nil
// for an id the article does not declare.
func (ab *articleBuilder) figureUse(id string) *figureUse {
	if u := ab.figs[id]; u != nil {
		return u
	}
	f := ab.res.Figure(id)
	if f == nil {
		return nil
	}
	u := &figureUse{fig: f, shown: map[string]string{}}
	ab.figs[id] = u
	return u
}

// localization is a text of the article in the page's locale, as
// Article.Localize returns it.
type localization struct {
	text              content.Text
	translated, stale bool
}

// textKey names a text among those of a page: an included fragment's
// keys are its file's, such as requirements.0, which the article's file
// may have too.
type textKey struct {
	from *content.Fragment
	key  string
}

// localized returns Article.Localize(t, locale), once per text and page:
// numbering, figure placement and rendering each ask for the same texts,
// and Localize hashes the source of every translated one.
func (ab *articleBuilder) localized(t content.Text) (content.Text, bool, bool) {
	if t.Key == "" || ab.locale == ab.a.Lang {
		return ab.a.Localize(t, ab.locale) // nothing to look up
	}
	k := textKey{t.Fragment(), t.Key}
	if l, ok := ab.texts[k]; ok {
		return l.text, l.translated, l.stale
	}
	var l localization
	l.text, l.translated, l.stale = ab.a.Localize(t, ab.locale)
	if ab.texts == nil {
		// Sized for every text the translation has: grown from empty,
		// the map left as much garbage as it held.
		var units int
		if tr := ab.a.Translations[ab.locale]; tr != nil {
			units = len(tr.Units)
		}
		ab.texts = make(map[textKey]localization, units)
	}
	ab.texts[k] = l
	return l.text, l.translated, l.stale
}

// localize returns the text in the locale and records notices.
func (ab *articleBuilder) localize(t content.Text) (string, bool) {
	if t.IsZero() {
		return "", false
	}
	lt, translated, stale := ab.localized(t)
	if stale {
		ab.view.Stale = true
	}
	fallback := !translated && ab.locale != ab.a.Lang
	if fallback {
		ab.view.Fallback = true
	}
	return lt.Value, fallback
}

// index adds a text's plain form to the page's search text.
func (ab *articleBuilder) index(plain string) {
	ab.body.WriteString(plain)
	ab.body.WriteByte('\n')
}

// inline renders a text; a fallback to the source carries the source's
// language, so that screen readers and hyphenation follow it.
func (ab *articleBuilder) inline(t content.Text) prose {
	return ab.inlineWith(t, render.InlineText)
}

// unlinked renders a text as inline does, with its links and references
// as text, for an element that may hold no link.
func (ab *articleBuilder) unlinked(t content.Text) prose {
	return ab.inlineWith(t, render.UnlinkedText)
}

func (ab *articleBuilder) inlineWith(t content.Text, renderText func(string, render.Resolver) (template.HTML, string)) prose {
	v, fallback := ab.localize(t)
	if t.IsZero() {
		return prose{}
	}
	ab.phraseRefs(fallback)
	h, plain := renderText(v, ab.resolveRef)
	ab.index(plain)
	return ab.prose(h, v, fallback)
}

// phraseRefs has the references of the next text phrased in its language:
// the source's in a fallback, else the page's.
func (ab *articleBuilder) phraseRefs(fallback bool) {
	switch {
	case fallback && ab.refLocale != ab.a.Lang:
		if ab.sourceUI == nil {
			ab.sourceUI = ab.s.catalog.Strings(ab.a.Lang)
		}
		ab.refLocale, ab.refUI = ab.a.Lang, ab.sourceUI
	case !fallback && ab.refLocale != ab.locale:
		ab.refLocale, ab.refUI = ab.locale, ab.ui
	}
}

// block renders a text that may hold paragraphs and lists.
func (ab *articleBuilder) block(t content.Text) prose {
	v, fallback := ab.localize(t)
	if t.IsZero() {
		return prose{}
	}
	ab.index(render.PlainText(v, nil))
	ab.phraseRefs(fallback)
	return ab.prose(render.Block(v, ab.resolveRef), v, fallback)
}

func (ab *articleBuilder) prose(h template.HTML, v string, fallback bool) prose {
	if v == "" {
		return prose{}
	}
	p := prose{HTML: h}
	if fallback {
		p.Lang = ab.a.Lang
	}
	return p
}

// place shows every figure first referenced by the texts under the
// current branch context and not yet shown there.
func (ab *articleBuilder) place(texts ...content.Text) []*figureView {
	var out []*figureView
	key := ab.branchKey()
	for _, t := range texts {
		lt, _, _ := ab.localized(t)
		for _, r := range content.ParseRefs(lt.Value) {
			if r.Kind != content.RefFigure {
				continue
			}
			u := ab.figureUse(r.Target)
			// A figure is shown once outside procedures, and once per
			// branch inside one, unless it was shown before the procedure.
			if u == nil || u.shown[key] != "" || u.shown[""] != "" || (key == "" && u.first != "") {
				continue
			}
			out = append(out, ab.show(u, key))
		}
	}
	return out
}

func (ab *articleBuilder) branchKey() string {
	if !ab.inTab() {
		return ""
	}
	return ab.proc.ID + "/" + ab.branch
}

// inTab reports whether the walk is in the steps of a platform tab.
func (ab *articleBuilder) inTab() bool {
	return ab.proc != nil && len(ab.s.procBranches(ab.proc)) > 1
}

// figureLabel returns the label of a figure where the walk is: "Figure
// 3" by its number on the current tab's branch, or outside tabs by its
// number on every branch a reader may choose, one variant per branch
// when the numbers differ.
func (ab *articleBuilder) figureLabel(ui *i18n.Strings, id string) render.Link {
	switch {
	case len(ab.views) == 0:
		return render.Link{Text: ab.s.numbered(ui, "figure", ab.nums.Figure(id))}
	case ab.inTab():
		return render.Link{Text: ab.s.numbered(ui, "figure", ab.figures[ab.branch].Figure(id))}
	}
	return ab.figureVariants(ui, id, nil, "")
}

// figureLink is a reference to a figure where the walk is: on a tab, to
// the figure as that branch shows it; outside tabs, one variant for each
// branch a reader may choose, to the figure as the branch shows it, with
// its number there, when the numbers or the places differ.
func (ab *articleBuilder) figureLink(u *figureUse) render.Link {
	if len(ab.views) == 0 || ab.inTab() {
		return linked(ab.figureLabel(ab.refUI, u.fig.ID), "#"+ab.figureShown(u, ab.branchKey()), "ref-fig")
	}
	return ab.figureVariants(ab.refUI, u.fig.ID, func(v string) string { return "#" + ab.figureOn(u, v) }, "ref-fig")
}

// figureVariants labels a figure outside tabs for each branch a reader
// may choose, with its number there and, when href is set, a link to
// where that branch shows it: one variant per branch, or a single label
// when every branch's is the same.
func (ab *articleBuilder) figureVariants(ui *i18n.Strings, id string, href func(view string) string, class string) render.Link {
	var l render.Link
	same := true
	for _, v := range ab.views {
		vl := render.Link{Text: ab.s.numbered(ui, "figure", ab.figures[v].Figure(id)), Class: class, Platform: v}
		if href != nil {
			vl.Href = href(v)
		}
		same = same && (len(l.Variants) == 0 || vl.Text == l.Variants[0].Text && vl.Href == l.Variants[0].Href)
		l.Variants = append(l.Variants, vl)
	}
	if same {
		one := l.Variants[0]
		one.Platform = ""
		return one
	}
	return l
}

// figureShown returns the id of the figure as the branch key shows it, or
// where it is first shown.
func (ab *articleBuilder) figureShown(u *figureUse, key string) string {
	if id := u.shown[key]; id != "" {
		return id
	}
	if u.first != "" {
		return u.first
	}
	return resolve.FigureAnchor(u.fig.ID)
}

// figureOn returns the id of the figure where a reader of the platform
// branch first meets it: outside tabs, or on that branch's tab of a
// procedure.
func (ab *articleBuilder) figureOn(u *figureUse, branch string) string {
	for _, k := range u.order {
		if k == "" || strings.HasSuffix(k, "/"+branch) {
			return u.shown[k]
		}
	}
	return ab.figureShown(u, "")
}

func (ab *articleBuilder) show(u *figureUse, key string) *figureView {
	id := resolve.FigureAnchor(u.fig.ID)
	if u.first != "" {
		id = resolve.FigureCopyAnchor(u.fig.ID, ab.proc.ID, ab.branch)
	}
	if u.first == "" {
		u.first = id
	}
	u.shown[key] = id
	u.order = append(u.order, key)
	fv := &figureView{ID: id, Label: ab.figureLabel(ab.ui, u.fig.ID)}
	fv.Alt = ab.altText(u.fig)
	fv.Caption = ab.inline(u.fig.Caption)
	img, fallback := ab.s.image(ab.a, u.fig, ab.locale)
	if fallback != "" {
		ab.view.fallbacks = append(ab.view.fallbacks, fallback)
	}
	if img != nil {
		ab.view.images = append(ab.view.images, img.path)
		fv.Src = ab.rootRel() + siteURL(img.path)
		fv.Width, fv.Height, fv.HasSize = img.width, img.height, img.hasSize
	}
	return fv
}

// altText returns a figure's alt text in the locale as plain text. A
// figure shown on several branches is parsed once.
func (ab *articleBuilder) altText(f *content.Figure) string {
	v, _ := ab.localize(f.Alt)
	if f.Alt.IsZero() {
		return ""
	}
	plain, ok := ab.alts[f.ID]
	if !ok {
		plain = render.PlainText(v, nil)
		if ab.alts == nil {
			ab.alts = map[string]string{}
		}
		ab.alts[f.ID] = plain
	}
	ab.index(plain)
	return plain
}

// rootRel is the way from an article page to the site root.
func (ab *articleBuilder) rootRel() string { return "../../" }

// plainRef resolves a reference in the plain text of the title or the
// summary, which the page's title and description, the home page and the
// search index show: steps and figures as the page words them, and no
// footnote mark, which is no word.
func (ab *articleBuilder) plainRef(r render.Ref) render.Link {
	switch r.Kind {
	case content.RefFootnote:
		return render.Link{}
	case content.RefStep, content.RefFigure:
		return ab.resolveRef(r)
	}
	return ab.s.refText(ab.locale)(r)
}

// resolveRef is the render.Resolver of this article page.
func (ab *articleBuilder) resolveRef(r render.Ref) render.Link {
	switch r.Kind {
	case content.RefStep:
		l := ab.stepLink(r.Target, r.Context)
		if r.SentenceStart {
			l = ab.capitalized(l)
		}
		return l
	case content.RefFigure:
		u := ab.figureUse(r.Target)
		if u == nil {
			return render.Link{Text: r.Target}
		}
		return ab.figureLink(u)
	case content.RefFootnote:
		n := ab.nums.Footnote(r.Target)
		if n == 0 {
			return render.Link{Text: r.Target}
		}
		l := render.Link{Text: strconv.Itoa(n), Href: "#" + resolve.FootnoteAnchor(r.Target), Sup: true, Class: "ref-fn",
			Label: ab.s.numbered(ab.refUI, "footnoteRef", n)}
		if !ab.fnSeen[r.Target] {
			ab.fnSeen[r.Target] = true
			l.ID = resolve.FootnoteMarkAnchor(r.Target)
		}
		return l
	case content.RefVariable:
		return ab.s.variableLink(r.Target, ab.locale)
	case content.RefArticle:
		link, ok := ab.s.ArticleLink(r.Target, ab.locale, "../")
		if !ok {
			return render.Link{Text: r.Target}
		}
		if r.Anchor != "" && ab.s.leadsToAnchor(r.Target, r.Anchor) {
			link.Href += "#" + r.Anchor
		}
		l := render.Link{Text: link.Title, Href: link.Href, Class: "ref-kb", Lang: foreign(link.Lang, ab.refLocale)}
		if l.Lang != "" && ab.refLocale == ab.locale {
			// A page not in the reader's language, from a text that is:
			// said as the see-also list says it. A text shown in the
			// source language for want of a translation says nothing
			// of a link to a page in the reader's, nor of one in its own.
			l.After = inLanguage(ab.ui, l.Lang)
		}
		return l
	}
	return render.Link{Text: r.Target}
}

// variableLink shows a variable's value in the locale as written: a
// link when the value is a web address.
func (r *Renderer) variableLink(name, locale string) render.Link {
	v := r.cfg.Variable(name)
	if v == nil {
		return render.Link{Text: name}
	}
	value := v.In(locale).Value
	if strings.HasPrefix(value, "https://") || strings.HasPrefix(value, "http://") {
		return render.Link{Text: value, Href: value, Class: "ref-var"}
	}
	return render.Link{Text: value}
}

// linked returns a label as a link to href, each variant of it alike.
func linked(l render.Link, href, class string) render.Link {
	l.Href, l.Class = href, class
	for i := range l.Variants {
		l.Variants[i].Href, l.Variants[i].Class = href, class
	}
	return l
}

// capitalized returns a link as it reads at the start of a sentence:
// the first letter of its text, or of its first part or of each of its
// variants, a capital where the locale writes one.
func (ab *articleBuilder) capitalized(l render.Link) render.Link {
	switch {
	case len(l.Variants) > 0:
		vs := make([]render.Link, len(l.Variants))
		for i, v := range l.Variants {
			vs[i] = ab.capitalized(v)
		}
		l.Variants = vs
	case len(l.Parts) > 0:
		ps := slices.Clone(l.Parts)
		ps[0] = ab.capitalized(ps[0])
		l.Parts = ps
	default:
		l.Text = i18n.Capitalize(ab.refLocale, l.Text)
	}
	return l
}

// stepLink names a step by its number, in the grammatical context the
// reference names: the number on the current branch inside a procedure,
// else on every shown branch, listing each branch when the numbers
// differ, as alternatives joined by the locale's CLDR "or" pattern.
func (ab *articleBuilder) stepLink(id, context string) render.Link {
	st := ab.res.Step(id)
	if st == nil {
		return render.Link{Text: id}
	}
	p := st.Proc
	branches := ab.s.procBranches(p)
	single := i18n.StepRefMessage(context, false)
	if ab.proc == p {
		if g := ab.res.Graph(p, ab.branch); g != nil && g.ByID[id] != nil {
			return render.Link{Text: ab.s.numbered(ab.refUI, single, g.Number[g.ByID[id]]), Href: "#" + ab.s.stepAnchor(p, ab.branch, id), Class: "ref-step"}
		}
	}
	type use struct {
		branch string
		n      int
	}
	var uses []use
	for _, br := range branches {
		if g := ab.res.Graph(p, br); g != nil && g.ByID[id] != nil {
			uses = append(uses, use{br, g.Number[g.ByID[id]]})
		}
	}
	if len(uses) == 0 {
		return render.Link{Text: id}
	}
	same := true
	for _, u := range uses {
		same = same && u.n == uses[0].n
	}
	if same {
		// The step's own id marks its first copy; kbc.js takes the reader
		// to the copy in the branch they have chosen instead.
		return render.Link{Text: ab.s.numbered(ab.refUI, single, uses[0].n), Href: "#" + id, Class: "ref-step"}
	}
	l := render.Link{Joiners: i18n.ListJoiners(ab.refLocale, i18n.ListOr, len(uses))}
	// What the language writes once around the whole list goes before
	// the first item and after the last.
	around := ab.refUI.Parts(i18n.StepRefListMessage(context), "List", "%v")
	l.Joiners[0] = around.Before + l.Joiners[0]
	l.Joiners[len(l.Joiners)-1] += around.After
	for _, u := range uses {
		l.Parts = append(l.Parts, render.Link{
			Text:  ab.refUI.Numbered(i18n.StepRefMessage(context, true), u.n, map[string]any{"Platform": ab.s.platformName(u.branch, ab.refLocale)}),
			Href:  "#" + ab.s.stepAnchor(p, u.branch, id),
			Class: "ref-step",
		})
	}
	return l
}

// stepAnchor is the id of a step's list item on a branch: the step id
// when the procedure shows one branch, else that of its copy there.
func (r *Renderer) stepAnchor(p *content.Procedure, branch, id string) string {
	if len(r.procBranches(p)) < 2 {
		return id
	}
	return resolve.StepCopyAnchor(id, branch)
}

func (r *Renderer) platformName(id, locale string) string {
	if p := r.cfg.Platform(id); p != nil {
		if t, ok := p.Names[locale]; ok && t.Value != "" {
			return t.Value
		}
	}
	return id
}

// resolve renders the article in reading order (content.Article.WalkBranches):
// each text is rendered where the walk meets it, into the part of the
// page the walk is in, after the figures it is the first to reference are
// placed there.
func (ab *articleBuilder) resolve() {
	ab.a.WalkBranches(ab.s.procBranches, ab.visit)
	ab.finish()
}

func (ab *articleBuilder) visit(t *content.Text, at content.Place) {
	ab.enter(at)
	if t == nil {
		ab.startPart(at)
		return
	}
	if at.Role == content.FigureAlt || at.Role == content.FigureCaption {
		return // rendered where the figure is shown
	}
	v := ab.view
	switch at.Role {
	case content.Title:
		v.Title = ab.inline(*t)
		lt, _, _ := ab.localized(*t)
		v.TitleText = render.PlainText(lt.Value, ab.plainRef)
	case content.Summary:
		v.TopFigures = append(v.TopFigures, ab.place(*t)...)
		v.Summary = ab.inline(*t)
		lt, _, _ := ab.localized(*t)
		v.SummaryText = render.PlainText(lt.Value, ab.plainRef)
	case content.Requirement:
		v.TopFigures = append(v.TopFigures, ab.place(*t)...)
		v.Requirements = append(v.Requirements, ab.inline(*t))
	case content.NoteText:
		v.TopFigures = append(v.TopFigures, ab.place(*t)...)
		v.Notes[len(v.Notes)-1].Text = ab.inline(*t)
	case content.SectionTitle, content.SectionBody, content.TableCaption, content.TableHeader, content.TableCell:
		ab.sectionText(t, at)
	case content.ProcedureTitle, content.ProcedureIntro:
		ab.pv.Figures = append(ab.pv.Figures, ab.place(*t)...)
		if at.Role == content.ProcedureTitle {
			ab.pv.Title = ab.inline(*t)
		} else {
			ab.pv.Intro = ab.inline(*t)
		}
	case content.StepText, content.ChoiceWhen, content.ChoiceText, content.StepResult, content.StepNote:
		ab.stepText(t, at)
	case content.TroubleSymptom, content.TroubleCause, content.TroubleRemedy:
		ab.tv.Figures = append(ab.tv.Figures, ab.place(*t)...)
		if at.Role == content.TroubleSymptom {
			// The symptom is the summary of a disclosure, which may
			// hold no link: the figures it names are in the entry.
			ab.tv.Symptom = ab.unlinked(*t)
			break
		}
		h := ab.inline(*t)
		switch at.Role {
		case content.TroubleCause:
			ab.tv.Cause = h
		default:
			ab.tv.Remedy = h
		}
	}
	// Footnotes are rendered in the order of their numbers, by finish.
}

// enter sets the procedure and branch that references are resolved in:
// those of the steps being walked, none elsewhere (a procedure's title
// and introduction belong to all its branches).
func (ab *articleBuilder) enter(at content.Place) {
	ab.proc, ab.branch = nil, ""
	if at.Step != nil || at.Role == content.BranchPart {
		ab.proc, ab.branch = at.Proc, at.Branch
	}
}

// startPart adds the view of a part the walk enters.
func (ab *articleBuilder) startPart(at content.Place) {
	v := ab.view
	switch at.Role {
	case content.NotePart:
		n := at.Note
		v.Notes = append(v.Notes, noteView{ID: n.ID, Kind: n.Kind, Label: ab.ui.T("noteKind_" + n.Kind)})
	case content.SectionPart:
		s := at.Section
		v.Sections = append(v.Sections, sectionView{ID: s.ID})
		ab.sec = &v.Sections[len(v.Sections)-1]
		if s.Table != nil {
			ab.sec.Table = &tableView{Header: make([]prose, len(s.Table.Header)), Rows: make([][]prose, len(s.Table.Rows))}
			for i, row := range s.Table.Rows {
				ab.sec.Table.Rows[i] = make([]prose, len(row))
			}
		}
	case content.ProcedurePart:
		branches := ab.s.procBranches(at.Proc)
		v.Procedures = append(v.Procedures, procView{ID: at.Proc.ID, Tabs: len(branches) > 1})
		ab.pv = &v.Procedures[len(v.Procedures)-1]
		ab.shownPlain = map[string]bool{}
	case content.BranchPart:
		p, br := at.Proc, at.Branch
		ab.pv.Branches = append(ab.pv.Branches, branchView{
			Platform: br, Name: ab.s.platformName(br, ab.locale),
			PanelID: resolve.PanelAnchor(p.ID, br), TabID: resolve.TabAnchor(p.ID, br), TitleID: resolve.BranchTitleAnchor(p.ID, br),
			StepCount: ab.ui.Plural("stepCount", len(ab.res.Graph(p, br).Steps)),
		})
		ab.bv = &ab.pv.Branches[len(ab.pv.Branches)-1]
	case content.StepPart:
		ab.startStep(at)
	case content.ChoicePart:
		ab.startChoice(at)
	case content.TroublePart:
		v.Trouble = append(v.Trouble, troubleView{ID: at.Trouble.ID})
		ab.tv = &v.Trouble[len(v.Trouble)-1]
	}
}

func (ab *articleBuilder) sectionText(t *content.Text, at content.Place) {
	sv := ab.sec
	sv.Figures = append(sv.Figures, ab.place(*t)...)
	switch at.Role {
	case content.SectionTitle:
		sv.Title = ab.inline(*t)
	case content.SectionBody:
		sv.Body = ab.block(*t)
	case content.TableCaption:
		sv.Table.Caption = ab.inline(*t)
	case content.TableHeader:
		sv.Table.Header[at.Index] = ab.inline(*t)
	case content.TableCell:
		sv.Table.Rows[at.Row][at.Index] = ab.inline(*t)
	}
}

func (ab *articleBuilder) startStep(at content.Place) {
	p, br, st := at.Proc, at.Branch, at.Step
	n := ab.res.Graph(p, br).Number[st]
	ab.bv.Steps = append(ab.bv.Steps, stepView{AnchorID: ab.s.stepAnchor(p, br, st.ID), Number: n, Label: ab.s.numbered(ab.ui, "step", n)})
	ab.sv = &ab.bv.Steps[len(ab.bv.Steps)-1]
	if ab.pv.Tabs && !ab.shownPlain[st.ID] {
		ab.shownPlain[st.ID] = true
		ab.sv.ExtraID = st.ID
	}
}

// startChoice adds a choice with its label ("1.a") and where it leads.
func (ab *articleBuilder) startChoice(at content.Place) {
	p, br, c := at.Proc, at.Branch, at.Choice
	g := ab.res.Graph(p, br)
	cv := choiceView{Label: ab.s.choiceLabel(ab.ui, g.Number[at.Step], at.Index)}
	switch {
	case c.End:
		cv.Next = ab.ui.T("procedureEnds")
	case c.Next != "" && g.ByID[c.Next] != nil:
		goTo := "proceedTo"
		if c.Back {
			goTo = "goBackTo"
		}
		cv.Next = ab.s.numbered(ab.ui, goTo, g.Number[g.ByID[c.Next]])
		cv.NextHref = "#" + ab.s.stepAnchor(p, br, c.Next)
	}
	ab.sv.Choices = append(ab.sv.Choices, cv)
	ab.cv = &ab.sv.Choices[len(ab.sv.Choices)-1]
}

func (ab *articleBuilder) stepText(t *content.Text, at content.Place) {
	sv := ab.sv
	sv.Figures = append(sv.Figures, ab.place(*t)...)
	h := ab.inline(*t)
	switch at.Role {
	case content.StepText:
		sv.Text = h
	case content.ChoiceWhen:
		ab.cv.When = h
	case content.ChoiceText:
		ab.cv.Text = h
	case content.StepResult:
		sv.Result = h
	case content.StepNote:
		sv.Note = h
	}
}

// finish adds what follows the walk: the footnotes in the order of their
// numbers, with the figures they show first; see-also; the figures no
// text references; the contents; and the fallback notice.
func (ab *articleBuilder) finish() {
	a, v, ui := ab.a, ab.view, ab.ui
	ab.proc, ab.branch = nil, ""
	for _, id := range ab.nums.FootnoteOrder {
		v.EndFigures = append(v.EndFigures, ab.place(ab.res.Footnote(id).Text)...)
	}
	for _, id := range ab.nums.FootnoteOrder {
		fv := footnoteView{ID: resolve.FootnoteAnchor(id), Number: strconv.Itoa(ab.nums.Footnote(id)), Text: ab.inline(ab.res.Footnote(id).Text)}
		if ab.fnSeen[id] {
			fv.BackHref = "#" + resolve.FootnoteMarkAnchor(id)
		}
		v.Footnotes = append(v.Footnotes, fv)
	}
	listed := map[string]bool{}
	for _, ref := range a.SeeAlso {
		link, ok := ab.s.ArticleLink(ref.ID, ab.locale, "../")
		to := ab.s.linkTarget(ref.ID)
		if !ok || to == a.ID || listed[to] {
			// Retired articles lead to their replacements: to this very
			// page, or to one the list has already.
			continue
		}
		listed[to] = true
		sv := seeAlsoView{Title: link.Title, Href: link.Href, Lang: foreign(link.Lang, ab.locale), External: ab.s.linkable[ref.ID] == nil}
		if sv.Lang != "" {
			sv.LangLabel = inLanguage(ab.ui, sv.Lang)
		}
		v.SeeAlso = append(v.SeeAlso, sv)
	}
	for _, f := range a.Figures {
		if u := ab.figureUse(f.ID); u.first == "" {
			v.EndFigures = append(v.EndFigures, ab.show(u, ""))
		}
	}
	ab.contents()
	if v.Fallback {
		v.FallbackLang = i18n.LanguageName(a.Lang, ab.locale)
		notice := "fallbackNotice"
		if v.Untranslated {
			notice = "untranslatedNotice"
		}
		v.FallbackNotice = ui.With(notice, map[string]any{"Language": v.FallbackLang})
	}
	v.BodyText = ab.body.String()
}

// contents lists the sections, procedures, troubleshooting and see-also
// of an article long enough to need it.
func (ab *articleBuilder) contents() {
	v := ab.view
	if len(ab.a.Procedures)+len(ab.a.Sections) <= 2 {
		return
	}
	for _, s := range v.Sections {
		if !s.Title.IsZero() { // a section without a title has no heading to go to
			v.TOC = append(v.TOC, tocEntry{ID: s.ID, Title: plainOf(s.Title.HTML), Lang: s.Title.Lang})
		}
	}
	for _, p := range v.Procedures {
		v.TOC = append(v.TOC, tocEntry{ID: p.ID, Title: plainOf(p.Title.HTML), Lang: p.Title.Lang})
	}
	if len(v.Trouble) > 0 {
		v.TOC = append(v.TOC, tocEntry{ID: resolve.TroubleshootingAnchor, Title: ab.ui.T("troubleshooting")})
	}
	if len(v.SeeAlso) > 0 {
		v.TOC = append(v.TOC, tocEntry{ID: resolve.SeeAlsoAnchor, Title: ab.ui.T("seeAlso")})
	}
}

// plainOf strips tags from rendered inline HTML for a table of contents.
func plainOf(h template.HTML) string {
	var b strings.Builder
	in := false
	for _, r := range string(h) {
		switch {
		case r == '<':
			in = true
		case r == '>':
			in = false
		case !in:
			b.WriteRune(r)
		}
	}
	return htmlUnescape(b.String())
}

func htmlUnescape(s string) string { return htmlEntities.Replace(s) }

// htmlEntities undoes the escaping html/template and goldmark write.
var htmlEntities = strings.NewReplacer("&lt;", "<", "&gt;", ">", "&#34;", `"`, "&#39;", "'", "&quot;", `"`, "&amp;", "&")

// articleHref is the way from one article page to another's.
func articleHref(prefix, id string) string {
	return prefix + siteURL(path.Join(strings.ToLower(id), "index.html"))
}
