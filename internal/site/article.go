package site

import (
	"fmt"
	"html/template"
	"path"
	"slices"
	"strconv"
	"strings"

	"github.com/kbcdev/kbc/internal/content"
	"github.com/kbcdev/kbc/internal/i18n"
	"github.com/kbcdev/kbc/internal/lint"
	"github.com/kbcdev/kbc/internal/render"
)

// articleView is an article resolved for one locale: numbers, labels,
// links and fallbacks decided, text rendered to HTML.
type articleView struct {
	ID           string
	Title        template.HTML
	TitleText    string
	Summary      template.HTML
	SummaryText  string
	Requirements []template.HTML
	Notes        []noteView
	TopFigures   []*figureView
	TOC          []tocEntry
	Sections     []sectionView
	Procedures   []procView
	Trouble      []troubleView
	Footnotes    []footnoteView
	SeeAlso      []seeAlsoView
	EndFigures   []*figureView
	Stale        bool
	Fallback     bool
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
	Text            template.HTML
}

type tocEntry struct{ ID, Title string }

type sectionView struct {
	ID      string
	Title   template.HTML
	Body    template.HTML
	Table   *tableView
	Figures []*figureView
}

type tableView struct {
	Caption template.HTML
	Header  []template.HTML
	Rows    [][]template.HTML
}

type procView struct {
	ID       string
	Title    template.HTML
	Intro    template.HTML
	Figures  []*figureView // referenced from the intro
	Tabs     bool          // more than one branch
	Branches []branchView
}

type branchView struct {
	Platform, Name string
	PanelID, TabID string
	StepCount      string // "3 steps", in the locale's plural forms
	Steps          []stepView
}

type stepView struct {
	AnchorID string // id of the list item
	ExtraID  string // the plain step id on the first branch showing it
	Number   int
	Label    string // "Step 3"
	Text     template.HTML
	Choices  []choiceView
	Result   template.HTML
	Note     template.HTML
	Figures  []*figureView
}

type choiceView struct {
	Label string // "1.a"
	When  template.HTML
	Text  template.HTML
	Next  template.HTML // "Go on with step 3." linked, or the end notice
}

type troubleView struct {
	ID                     string
	Symptom, Cause, Remedy template.HTML
	Figures                []*figureView
}

type footnoteView struct {
	ID, Number, BackHref string
	Text                 template.HTML
}

type seeAlsoView struct {
	Title    string
	Href     string
	External bool
}

type figureView struct {
	ID, Label     string
	Src, Alt      string
	Caption       template.HTML
	Width, Height int
	HasSize       bool
}

// figureUse records where a figure is shown: the first place in the page
// that references it, per platform branch inside procedures.
type figureUse struct {
	fig    *content.Figure
	number int
	shown  map[string]string // branch key -> element id
	first  string            // element id of the first instance
}

// articleBuilder resolves one article in one locale.
type articleBuilder struct {
	s       *builder
	a       *content.Article
	struc   *lint.Index // of the article's structure
	locale  string
	ui      *i18n.Strings
	view    *articleView
	figs    map[string]*figureUse
	figSeq  int
	fns     map[string]int
	fnOrder []string
	fnSeen  map[string]bool
	texts   map[string]localization // by Text.Key, see localized
	alts    map[string]string       // alt texts by figure id, see altText
	// context of the text being rendered
	proc   *content.Procedure
	branch string
	body   strings.Builder
}

func (b *builder) buildArticle(a *content.Article, idx *lint.Index, locale string) *articleView {
	ab := &articleBuilder{
		s: b, a: a, struc: idx, locale: locale, ui: b.catalog.Strings(locale),
		view: &articleView{ID: a.ID}, figs: map[string]*figureUse{},
		fns: map[string]int{}, fnSeen: map[string]bool{},
	}
	ab.number()
	ab.resolve()
	return ab.view
}

// procBranches returns the branches of p shown in this build.
func (b *builder) procBranches(p *content.Procedure) []string {
	all := p.Branches()
	if b.opts.Platform == "" || len(p.Platforms) == 0 {
		return all
	}
	if slices.Contains(all, b.opts.Platform) {
		return []string{b.opts.Platform}
	}
	return nil
}

// number walks the article in reading order, as resolve will, and numbers
// figures and footnotes by their first reference in this locale.
func (ab *articleBuilder) number() {
	visit := func(t content.Text) {
		lt, _, _ := ab.localized(t)
		for _, r := range refsOf(lt.Value) {
			switch r.Kind {
			case content.RefFigure:
				if f := ab.figure(r.Target); f != nil && ab.figs[f.ID] == nil {
					ab.figSeq++
					ab.figs[f.ID] = &figureUse{fig: f, number: ab.figSeq, shown: map[string]string{}}
				}
			case content.RefFootnote:
				if ab.footnote(r.Target) != nil && ab.fns[r.Target] == 0 {
					ab.fnOrder = append(ab.fnOrder, r.Target)
					ab.fns[r.Target] = len(ab.fnOrder)
				}
			}
		}
	}
	a := ab.a
	visit(a.Summary)
	for _, t := range a.Requirements {
		visit(t)
	}
	for _, n := range a.Notes {
		visit(n.Text)
	}
	for _, s := range a.Sections {
		visit(s.Title)
		visit(s.Body)
		if s.Table != nil {
			visit(s.Table.Caption)
			for _, h := range s.Table.Header {
				visit(h)
			}
			for _, row := range s.Table.Rows {
				for _, c := range row {
					visit(c)
				}
			}
		}
	}
	for _, p := range a.Procedures {
		visit(p.Title)
		visit(p.Intro)
		for _, br := range ab.s.procBranches(p) {
			for _, st := range p.Branch(br) {
				visit(st.Text)
				for _, c := range st.Choices {
					visit(c.When)
					visit(c.Text)
				}
				visit(st.Result)
				visit(st.Note)
			}
		}
	}
	for _, t := range a.Troubleshooting {
		visit(t.Symptom)
		visit(t.Cause)
		visit(t.Remedy)
	}
	for _, f := range a.Footnotes {
		visit(f.Text)
	}
	for _, f := range a.Footnotes {
		if ab.fns[f.ID] == 0 {
			ab.fnOrder = append(ab.fnOrder, f.ID)
			ab.fns[f.ID] = len(ab.fnOrder)
		}
	}
	for _, f := range a.Figures {
		if ab.figs[f.ID] == nil {
			ab.figSeq++
			ab.figs[f.ID] = &figureUse{fig: f, number: ab.figSeq, shown: map[string]string{}}
		}
	}
}

func (ab *articleBuilder) figure(id string) *content.Figure {
	return ab.struc.Figures[ab.a][id]
}

func (ab *articleBuilder) footnote(id string) *content.Footnote {
	for _, f := range ab.a.Footnotes {
		if f.ID == id {
			return f
		}
	}
	return nil
}

// localization is a text of the article in the page's locale, as
// Article.Localize returns it.
type localization struct {
	text              content.Text
	translated, stale bool
}

// localized returns Article.Localize(t, locale), once per text and page:
// numbering, figure placement and rendering each ask for the same texts,
// and Localize hashes the source of every translated one.
func (ab *articleBuilder) localized(t content.Text) (content.Text, bool, bool) {
	if t.Key == "" || ab.locale == ab.a.Lang {
		return ab.a.Localize(t, ab.locale) // nothing to look up
	}
	if l, ok := ab.texts[t.Key]; ok {
		return l.text, l.translated, l.stale
	}
	var l localization
	l.text, l.translated, l.stale = ab.a.Localize(t, ab.locale)
	if ab.texts == nil {
		ab.texts = map[string]localization{}
	}
	ab.texts[t.Key] = l
	return l.text, l.translated, l.stale
}

// refsOf returns the references in a text: most texts hold none, and
// those need no pattern matching to tell.
func refsOf(s string) []content.InlineRef {
	if !strings.Contains(s, "{{") {
		return nil
	}
	return content.ParseRefs(s)
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

// inline renders a text; a fallback to the source is marked with its
// language so that screen readers and hyphenation follow it.
func (ab *articleBuilder) inline(t content.Text) template.HTML {
	v, fallback := ab.localize(t)
	if t.IsZero() {
		return ""
	}
	h, plain := render.InlineText(v, ab.resolveRef)
	ab.index(plain)
	if v == "" {
		return ""
	}
	if fallback {
		return template.HTML(`<span lang="`+template.HTMLEscapeString(ab.a.Lang)+`">`) + h + "</span>"
	}
	return h
}

func (ab *articleBuilder) block(t content.Text) template.HTML {
	v, fallback := ab.localize(t)
	if t.IsZero() {
		return ""
	}
	ab.index(render.PlainText(v, nil))
	if v == "" {
		return ""
	}
	h := render.Block(v, ab.resolveRef)
	if fallback {
		return template.HTML(`<div lang="`+template.HTMLEscapeString(ab.a.Lang)+`">`) + h + "</div>"
	}
	return h
}

// place shows every figure first referenced by the texts under the
// current branch context and not yet shown there.
func (ab *articleBuilder) place(texts ...content.Text) []*figureView {
	var out []*figureView
	key := ab.branchKey()
	for _, t := range texts {
		lt, _, _ := ab.localized(t)
		for _, r := range refsOf(lt.Value) {
			if r.Kind != content.RefFigure {
				continue
			}
			u := ab.figs[r.Target]
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
	if ab.proc == nil || len(ab.s.procBranches(ab.proc)) < 2 {
		return ""
	}
	return ab.proc.ID + "/" + ab.branch
}

func (ab *articleBuilder) show(u *figureUse, key string) *figureView {
	id := "fig-" + u.fig.ID
	if u.first != "" {
		id = strings.ReplaceAll(key, "/", "-") + "-fig-" + u.fig.ID
	}
	if u.first == "" {
		u.first = id
	}
	u.shown[key] = id
	fv := &figureView{ID: id, Label: ab.s.numbered(ab.ui, "figure", u.number)}
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

// resolveRef is the render.Resolver of this article page.
func (ab *articleBuilder) resolveRef(r content.InlineRef) render.Link {
	switch r.Kind {
	case content.RefStep:
		return ab.stepLink(r.Target)
	case content.RefFigure:
		u := ab.figs[r.Target]
		if u == nil {
			return render.Link{Text: r.Target}
		}
		l := render.Link{Text: ab.s.numbered(ab.ui, "figure", u.number), Class: "ref-fig"}
		if id := u.shown[ab.branchKey()]; id != "" {
			l.Href = "#" + id
		} else if u.first != "" {
			l.Href = "#" + u.first
		} else {
			l.Href = "#fig-" + u.fig.ID
		}
		return l
	case content.RefFootnote:
		n := ab.fns[r.Target]
		if n == 0 {
			return render.Link{Text: r.Target}
		}
		l := render.Link{Text: strconv.Itoa(n), Href: "#fn-" + r.Target, Sup: true, Class: "ref-fn"}
		if !ab.fnSeen[r.Target] {
			ab.fnSeen[r.Target] = true
			l.ID = "fnref-" + r.Target
		}
		return l
	case content.RefArticle:
		title, href, ok := ab.s.articleLink(r.Target, ab.locale, "../")
		if !ok {
			return render.Link{Text: r.Target}
		}
		if r.Anchor != "" {
			href += "#" + r.Anchor
		}
		return render.Link{Text: title, Href: href, Class: "ref-kb"}
	}
	return render.Link{Text: r.Target}
}

// stepLink names a step by its number: the number on the current branch
// inside a procedure, else on every shown branch, listing each branch
// when the numbers differ.
func (ab *articleBuilder) stepLink(id string) render.Link {
	st := ab.struc.Steps[ab.a][id]
	if st == nil {
		return render.Link{Text: id}
	}
	p := st.Proc
	branches := ab.s.procBranches(p)
	if ab.proc == p {
		if g := ab.struc.Graphs[p][ab.branch]; g != nil && g.ByID[id] != nil {
			return render.Link{Text: ab.s.numbered(ab.ui, "stepRef", g.Number[g.ByID[id]]), Href: "#" + ab.s.stepAnchor(p, ab.branch, id), Class: "ref-step"}
		}
	}
	type use struct {
		branch string
		n      int
	}
	var uses []use
	for _, br := range branches {
		if g := ab.struc.Graphs[p][br]; g != nil && g.ByID[id] != nil {
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
		return render.Link{Text: ab.s.numbered(ab.ui, "stepRef", uses[0].n), Href: "#" + id, Class: "ref-step"}
	}
	l := render.Link{}
	for _, u := range uses {
		l.Parts = append(l.Parts, render.Link{
			Text:  ab.ui.Numbered("stepRefBranches", u.n, map[string]any{"Platform": ab.s.platformName(u.branch, ab.locale)}),
			Href:  "#" + ab.s.stepAnchor(p, u.branch, id),
			Class: "ref-step",
		})
	}
	return l
}

// stepAnchor is the id of a step's list item on a branch: the step id
// when the procedure shows one branch, else prefixed with the branch.
func (b *builder) stepAnchor(p *content.Procedure, branch, id string) string {
	if len(b.procBranches(p)) < 2 {
		return id
	}
	return branch + "-" + id
}

func (b *builder) platformName(id, locale string) string {
	if p := b.kb.Config.Platform(id); p != nil {
		if t, ok := p.Names[locale]; ok && t.Value != "" {
			return t.Value
		}
	}
	return id
}

// resolve renders the article in reading order.
func (ab *articleBuilder) resolve() {
	a, v, ui := ab.a, ab.view, ab.ui
	top := []content.Text{a.Summary}
	top = append(top, a.Requirements...)
	for _, n := range a.Notes {
		top = append(top, n.Text)
	}
	v.TopFigures = ab.place(top...)
	v.Title = ab.inline(a.Title)
	lt, _, _ := ab.localized(a.Title)
	v.TitleText = render.PlainText(lt.Value, ab.s.refText(ab.locale))
	v.Summary = ab.inline(a.Summary)
	ls, _, _ := ab.localized(a.Summary)
	v.SummaryText = render.PlainText(ls.Value, ab.s.refText(ab.locale))
	for _, r := range a.Requirements {
		v.Requirements = append(v.Requirements, ab.inline(r))
	}
	for _, n := range a.Notes {
		v.Notes = append(v.Notes, noteView{ID: n.ID, Kind: n.Kind, Label: ui.T("noteKind_" + n.Kind), Text: ab.inline(n.Text)})
	}
	for _, s := range a.Sections {
		texts := []content.Text{s.Title, s.Body}
		if s.Table != nil {
			texts = append(texts, s.Table.Caption)
			texts = append(texts, s.Table.Header...)
			for _, row := range s.Table.Rows {
				texts = append(texts, row...)
			}
		}
		sv := sectionView{ID: s.ID, Figures: ab.place(texts...)}
		sv.Title, sv.Body = ab.inline(s.Title), ab.block(s.Body)
		if s.Table != nil {
			tv := &tableView{Caption: ab.inline(s.Table.Caption)}
			for _, h := range s.Table.Header {
				tv.Header = append(tv.Header, ab.inline(h))
			}
			for _, row := range s.Table.Rows {
				var cells []template.HTML
				for _, c := range row {
					cells = append(cells, ab.inline(c))
				}
				tv.Rows = append(tv.Rows, cells)
			}
			sv.Table = tv
		}
		v.Sections = append(v.Sections, sv)
		v.TOC = append(v.TOC, tocEntry{ID: s.ID, Title: plainOf(sv.Title)})
	}
	for _, p := range a.Procedures {
		if pv, ok := ab.procedure(p); ok {
			v.Procedures = append(v.Procedures, pv)
			v.TOC = append(v.TOC, tocEntry{ID: p.ID, Title: plainOf(pv.Title)})
		}
	}
	for _, t := range a.Troubleshooting {
		tv := troubleView{ID: t.ID, Figures: ab.place(t.Symptom, t.Cause, t.Remedy)}
		tv.Symptom, tv.Cause, tv.Remedy = ab.inline(t.Symptom), ab.inline(t.Cause), ab.inline(t.Remedy)
		v.Trouble = append(v.Trouble, tv)
	}
	if len(v.Trouble) > 0 {
		v.TOC = append(v.TOC, tocEntry{ID: "troubleshooting", Title: ui.T("troubleshooting")})
	}
	var fnTexts []content.Text
	for _, id := range ab.fnOrder {
		fnTexts = append(fnTexts, ab.footnote(id).Text)
	}
	v.EndFigures = ab.place(fnTexts...)
	for _, id := range ab.fnOrder {
		f := ab.footnote(id)
		fv := footnoteView{ID: "fn-" + id, Number: strconv.Itoa(ab.fns[id]), Text: ab.inline(f.Text)}
		if ab.fnSeen[id] {
			fv.BackHref = "#fnref-" + id
		}
		v.Footnotes = append(v.Footnotes, fv)
	}
	for _, ref := range a.SeeAlso {
		title, href, ok := ab.s.articleLink(ref.ID, ab.locale, "../")
		if !ok {
			continue
		}
		v.SeeAlso = append(v.SeeAlso, seeAlsoView{Title: title, Href: href, External: ab.s.linkable[ref.ID] == nil})
	}
	if len(v.SeeAlso) > 0 {
		v.TOC = append(v.TOC, tocEntry{ID: "see-also", Title: ui.T("seeAlso")})
	}
	for _, f := range a.Figures {
		if u := ab.figs[f.ID]; u.first == "" {
			v.EndFigures = append(v.EndFigures, ab.show(u, ""))
		}
	}
	if len(a.Procedures)+len(a.Sections) <= 2 {
		v.TOC = nil
	}
	if v.Fallback {
		v.FallbackLang = i18n.LanguageName(a.Lang, ab.locale)
		v.FallbackNotice = ui.With("fallbackNotice", map[string]any{"Language": v.FallbackLang})
	}
	v.BodyText = ab.body.String()
}

func (ab *articleBuilder) procedure(p *content.Procedure) (procView, bool) {
	branches := ab.s.procBranches(p)
	if len(branches) == 0 {
		return procView{}, false
	}
	pv := procView{ID: p.ID, Tabs: len(branches) > 1, Figures: ab.place(p.Title, p.Intro)}
	pv.Title, pv.Intro = ab.inline(p.Title), ab.inline(p.Intro)
	shownPlain := map[string]bool{}
	for _, br := range branches {
		ab.proc, ab.branch = p, br
		bv := branchView{Platform: br, Name: ab.s.platformName(br, ab.locale), PanelID: p.ID + "-" + br + "-panel", TabID: p.ID + "-" + br + "-tab"}
		steps := p.Branch(br)
		g := ab.struc.Graphs[p][br]
		for i, st := range steps {
			sv := stepView{AnchorID: ab.s.stepAnchor(p, br, st.ID), Number: i + 1, Label: ab.s.numbered(ab.ui, "step", i+1)}
			if pv.Tabs && !shownPlain[st.ID] {
				shownPlain[st.ID] = true
				sv.ExtraID = st.ID
			}
			texts := []content.Text{st.Text}
			for _, c := range st.Choices {
				texts = append(texts, c.When, c.Text)
			}
			texts = append(texts, st.Result, st.Note)
			sv.Figures = ab.place(texts...)
			sv.Text = ab.inline(st.Text)
			for ci, c := range st.Choices {
				cv := choiceView{Label: fmt.Sprintf("%d.%c", i+1, 'a'+ci), When: ab.inline(c.When), Text: ab.inline(c.Text)}
				switch {
				case c.End:
					cv.Next = template.HTML(template.HTMLEscapeString(ab.ui.T("procedureEnds")))
				case c.Next != "" && g != nil && g.ByID[c.Next] != nil:
					n := g.Number[g.ByID[c.Next]]
					cv.Next = template.HTML(`<a class="ref ref-step" href="#` + template.HTMLEscapeString(ab.s.stepAnchor(p, br, c.Next)) + `">` +
						template.HTMLEscapeString(ab.s.numbered(ab.ui, "proceedTo", n)) + `</a>`)
				}
				sv.Choices = append(sv.Choices, cv)
			}
			sv.Result = ab.inline(st.Result)
			sv.Note = ab.inline(st.Note)
			bv.Steps = append(bv.Steps, sv)
		}
		bv.StepCount = ab.ui.Plural("stepCount", len(steps))
		pv.Branches = append(pv.Branches, bv)
	}
	ab.proc, ab.branch = nil, ""
	return pv, true
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

func htmlUnescape(s string) string {
	r := strings.NewReplacer("&lt;", "<", "&gt;", ">", "&#34;", `"`, "&#39;", "'", "&quot;", `"`, "&amp;", "&")
	return r.Replace(s)
}

// articleHref is the way from one article page to another's.
func articleHref(prefix, id string) string {
	return prefix + siteURL(path.Join(strings.ToLower(id), "index.html"))
}
