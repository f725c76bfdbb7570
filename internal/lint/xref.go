package lint

import (
	"fmt"
	"slices"
	"strings"

	"github.com/kbcdev/kbc/internal/content"
	"github.com/kbcdev/kbc/internal/diag"
	"github.com/kbcdev/kbc/internal/prose"
	"github.com/kbcdev/kbc/internal/suggest"
)

// XRef checks references between articles, to footnotes, and the shape of
// every {{kind:target}} reference.
var XRef = &Rule{
	Name:     "xref",
	Severity: diag.Error,
	Doc: `every {{kb:}}, see_also, {{fn:}} and {{var:}} reference resolves, in every locale
An article named by {{kb:KBnnnn}} or in see_also must be an article of the
knowledge base or an external reference declared in kb.yaml. {{kb:KBnnnn#anchor}}
must name an article of this knowledge base and one of its procedures, steps,
sections, notes or troubleshooting entries; external references have no
anchors. A reference is malformed unless it reads {{kind:target}} with kind
step, fig, kb, fn or var, and a {{ that no }} closes is reported, since readers
would see its braces. {{fn:ID}} must name a footnote of the article, and every
footnote should be cited. {{var:NAME}} must name a variable kb.yaml declares.
Warnings: an article that lists itself or the same
article twice in see_also, and, where kb.yaml says fallback: omit, a reference
in a locale the article is published in to an article that has no page in it.

Articles have a status. A published article may not refer to a draft, which
the site does not publish. A reference to a retired article is a warning that
names the article replacing it: the retired article's pages send readers on,
but the link should go there directly. A retired article names in replaced_by
an article of the knowledge base that is not a draft and does not lead back
to it.`,
	Checks: []Check{
		{"draft", "a published article refers to a draft"},
		{"retired", "a reference to a retired article"},
		{"replaced-by", "a retired article's replacement is missing, a draft, or leads back to it"},
		{"target-locale", "a reference to an article that has no page in the reader's locale"},
	},
	Run: runXRef,
}

func runXRef(pass *Pass) {
	x := &xrefs{pass: pass, ids: knownArticleIDs(pass.KB)}
	for _, site := range pass.Index.Sites {
		x.checkSite(site)
	}
	for _, a := range pass.Articles() {
		x.checkSeeAlso(a)
		x.checkReplacedBy(a)
	}
	x.checkFootnotesCited()
	x.checkExternalRegistry()
}

// xrefs is the state of one run of the rule.
type xrefs struct {
	pass *Pass
	ids  []string // every article and external id, for hints
	// cited records the footnotes the source text cites.
	cited map[*content.Footnote]bool
}

// knownArticleIDs returns the ids {{kb:}} may name: the knowledge base's
// articles and the external references kb.yaml declares.
func knownArticleIDs(kb *content.KB) []string {
	ids := articleIDs(kb)
	for _, e := range kb.Config.External {
		ids = append(ids, e.ID)
	}
	return ids
}

// articleIDs returns the ids of the knowledge base's articles.
func articleIDs(kb *content.KB) []string {
	ids := make([]string, 0, len(kb.Articles))
	for _, a := range kb.Articles {
		ids = append(ids, a.ID)
	}
	return ids
}

// checkSite checks the references of one text in every locale it is
// written in, then the targets' locales for every locale the article is
// published in.
func (x *xrefs) checkSite(site *TextSite) {
	a := site.Article
	byLocale := map[string]LocalizedText{}
	for _, lt := range x.pass.Index.Localized(site) {
		byLocale[lt.Locale] = lt
		at := lt.Text.Positions()
		for _, u := range prose.UnclosedRefs(lt.Text.Value, lt.Refs) {
			x.pass.ReportLocalef(at.At(u.Off), localeOf(lt), "unclosed reference %q: a reference ends with }}", u.Text)
		}
		at = lt.Text.Positions()
		for _, r := range lt.Refs {
			pos := at.At(r.Start)
			raw := lt.Text.Value[r.Start:r.End]
			switch {
			case r.Malformed:
				x.pass.ReportLocalef(pos, localeOf(lt), "%s", malformedRef(r, raw))
			case r.Kind == content.RefArticle:
				if msg := x.articleRefProblem(a, r, raw); msg != "" {
					x.pass.ReportLocalef(pos, localeOf(lt), "%s", msg)
				} else {
					x.checkTargetStatus(a, r.Target, r.Anchor, pos, localeOf(lt))
				}
			case r.Kind == content.RefFootnote:
				x.checkFootnoteRef(lt, r, pos)
			case r.Kind == content.RefVariable && x.pass.KB.Config.Variable(r.Target) == nil:
				x.pass.ReportLocalef(pos, localeOf(lt), "%s", x.pass.KB.Config.UnknownVariable(r.Target))
			}
		}
	}
	// A locale without its own text for this site shows the source text,
	// so the source's references are what its readers follow.
	source := byLocale[a.Lang]
	for _, l := range a.Locales(x.pass.KB.Config) {
		lt, ok := byLocale[l]
		if !ok {
			lt = source
		}
		at := lt.Text.Positions()
		for _, r := range lt.Refs {
			if r.Kind == content.RefArticle && !r.Malformed {
				x.checkTargetLocale(r.Target, l, at.At(r.Start))
			}
		}
	}
}

// malformedRef explains why {{...}} is not a reference and how to write one.
func malformedRef(r content.InlineRef, raw string) string {
	kinds := make([]string, len(content.RefKinds))
	for i, k := range content.RefKinds {
		kinds[i] = string(k)
	}
	list := strings.Join(kinds, ", ")
	body := strings.TrimSpace(raw[2 : len(raw)-2])
	switch {
	case !strings.Contains(body, ":"):
		return fmt.Sprintf("malformed reference %s has no kind; write {{kind:id}} with kind %s", raw, list)
	case !isKnownKind(r.Kind):
		msg := fmt.Sprintf("malformed reference %s: unknown kind %q", raw, r.Kind)
		if m := suggest.Nearest(string(r.Kind), kinds); m != "" {
			return msg + fmt.Sprintf("; did you mean %q? The kinds are %s", m, list)
		}
		return msg + "; the kinds are " + list
	default:
		return fmt.Sprintf("malformed reference %s names no target; write {{%s:id}}", raw, r.Kind)
	}
}

func isKnownKind(k content.RefKind) bool { return slices.Contains(content.RefKinds, k) }

// articleRefProblem returns what is wrong with a {{kb:}} reference, or "".
func (x *xrefs) articleRefProblem(from *content.Article, r content.InlineRef, raw string) string {
	if msg := x.unknownArticle(r.Target, from); msg != "" || x.pass.KB.Unloaded(r.Target) {
		return msg
	}
	hasAnchor := strings.Contains(raw, "#")
	if !hasAnchor {
		return ""
	}
	b := x.pass.KB.Article(r.Target)
	if b == nil {
		return fmt.Sprintf("external reference %s has no anchors; write {{kb:%s}}", r.Target, r.Target)
	}
	if r.Anchor == "" {
		return fmt.Sprintf("reference %s has an empty anchor; name a procedure, step, section, note or troubleshooting entry of %s after #, or drop the #", raw, r.Target)
	}
	if x.pass.Index.HasAnchor(b, r.Anchor) {
		return ""
	}
	return fmt.Sprintf("article %s has no anchor %q", r.Target, r.Anchor) + suggest.Hint(r.Anchor, x.pass.Index.AnchorsOf(b))
}

// unknownArticle returns the finding for an id that names no article of
// the knowledge base nor an external reference, or "". An article whose
// folder failed to load is no unknown one: its own findings come first.
func (x *xrefs) unknownArticle(id string, from *content.Article) string {
	if x.pass.KB.Article(id) != nil || x.pass.KB.Config.ExternalRef(id) != nil || x.pass.KB.Unloaded(id) {
		return ""
	}
	msg := fmt.Sprintf("unknown article %s: it is neither in the knowledge base nor declared under external: in kb.yaml", id)
	if m := nearestArticleID(id, x.ids, from.ID); m != "" {
		msg += fmt.Sprintf("; did you mean %s?", m)
	}
	return msg
}

// nearestArticleID returns the id one typo away from id: a digit changed,
// added, dropped or swapped with its neighbour. KB ids are numbers, so the
// looser distance that suits words would suggest unrelated articles. The
// referring article, self, is no suggestion, and neither is any of
// several ids as near: KB1003 is one digit from KB1000, KB1001 and KB1002
// alike.
func nearestArticleID(id string, ids []string, self string) string {
	found := ""
	for _, c := range ids {
		if c != self && oneTypoApart(strings.ToUpper(id), c) {
			if found != "" && found != c {
				return ""
			}
			found = c
		}
	}
	return found
}

func oneTypoApart(a, b string) bool {
	if a == b {
		return true
	}
	if len(a) > len(b) {
		a, b = b, a
	}
	i := 0
	for i < len(a) && a[i] == b[i] {
		i++
	}
	switch len(b) - len(a) {
	case 0:
		if a[i+1:] == b[i+1:] {
			return true // one changed
		}
		return i+1 < len(a) && a[i] == b[i+1] && a[i+1] == b[i] && a[i+2:] == b[i+2:] // a swap
	case 1:
		return a[i:] == b[i+1:] // one added or dropped
	}
	return false
}

// checkTargetLocale warns when an article published in the locale points
// at an article of the knowledge base that has no page in it: one not
// translated into the locale, where kb.yaml says fallback: omit. With
// the default fallback its page shows the source text.
func (x *xrefs) checkTargetLocale(id, locale string, pos diag.Position) {
	b := x.pass.KB.Article(id)
	if b == nil || x.pass.KB.Config.Fallback != content.FallbackOmit || slices.Contains(b.Locales(x.pass.KB.Config), locale) {
		return
	}
	x.pass.Report(diag.Diagnostic{Pos: pos, Severity: diag.Warning, Locale: locale, Check: "target-locale",
		Message: fmt.Sprintf("article %s has no %s text (it is written in %s), and kb.yaml says fallback: omit; %s readers are sent to another language",
			id, locale, strings.Join(b.Locales(x.pass.KB.Config), ", "), locale)})
}

// checkTargetStatus reports a reference from a published article to a
// draft, and a reference to a retired article, to a part of it (anchor)
// its replacement may not have.
func (x *xrefs) checkTargetStatus(from *content.Article, id, anchor string, pos diag.Position, locale string) {
	b := x.pass.KB.Article(id)
	switch {
	case b == nil || b == from:
	case b.Status == content.Draft && from.Status != content.Draft:
		x.pass.Report(diag.Diagnostic{Pos: pos, Locale: locale, Check: "draft",
			Message: fmt.Sprintf("%s refers to %s, a draft, which the site does not publish; publish %s first, or drop the reference", from.ID, id, id)})
	case b.Status == content.Retired:
		x.pass.Report(diag.Diagnostic{Pos: pos, Locale: locale, Check: "retired", Severity: diag.Warning,
			Message: retiredAdvice(x.pass.KB, from, b) + x.lostAnchor(b, anchor)})
	}
}

// lostAnchor says, for a reference to a part of the retired article b,
// that the article its readers end up on has no such part, where its
// link then leads: to the top of that article.
func (x *xrefs) lostAnchor(b *content.Article, anchor string) string {
	end := content.ReplacementOf(b, x.pass.KB.Article)
	if anchor == "" || end == nil || end.Status != content.Published || x.pass.Index.HasAnchor(end, anchor) {
		return ""
	}
	return fmt.Sprintf(" (%s has no anchor %q: the link leads to the top of its page%s)", end.ID, anchor,
		strings.TrimSuffix(suggest.Hint(anchor, x.pass.Index.AnchorsOf(end)), "?"))
}

// retiredAdvice says what a reference to the retired article b should
// become: the article its readers end up on, through other retired
// ones; nothing, where that is the referring article itself; and no
// advice where the chain leads nowhere, which checkReplacedBy reports.
func retiredAdvice(kb *content.KB, from, b *content.Article) string {
	msg := fmt.Sprintf("%s is retired and replaced by %s", b.ID, b.ReplacedBy.ID)
	end := content.ReplacementOf(b, kb.Article)
	switch {
	case b.ReplacedBy.ID == "":
		return fmt.Sprintf("%s is retired, and names no article to replace it", b.ID)
	case end == nil || end.Status != content.Published:
		return fmt.Sprintf("%s is retired, and its replaced_by leads to no published article", b.ID)
	case end == from:
		return msg + fmt.Sprintf(", which sends its readers here, to %s: drop the reference", from.ID)
	case end.ID != b.ReplacedBy.ID:
		return msg + fmt.Sprintf(", which sends its readers on to %s; refer to %s", end.ID, end.ID)
	}
	return msg + fmt.Sprintf("; refer to %s", end.ID)
}

// checkReplacedBy checks where a retired article sends its readers: to
// an article of the knowledge base that is published, perhaps through
// other retired ones, and never back.
func (x *xrefs) checkReplacedBy(a *content.Article) {
	if a.Status != content.Retired || a.ReplacedBy.ID == "" {
		return
	}
	report := func(format string, args ...any) {
		x.pass.Report(diag.Diagnostic{Pos: a.ReplacedBy.Pos, Check: "replaced-by", Message: fmt.Sprintf(format, args...)})
	}
	seen := map[string]bool{a.ID: true}
	for id := a.ReplacedBy.ID; ; {
		b := x.pass.KB.Article(id)
		switch {
		case b == nil && x.pass.KB.Unloaded(id):
			return
		case b == nil:
			msg := fmt.Sprintf("replaced_by names %s, which is not an article of the knowledge base", id)
			if m := nearestArticleID(id, x.ids, a.ID); m != "" {
				msg += fmt.Sprintf("; did you mean %s?", m)
			}
			report("%s", msg)
			return
		case seen[id]:
			report("replaced_by leads back to %s: retired articles replace one another in a circle", id)
			return
		case b.Status == content.Draft:
			report("replaced_by names %s, a draft, which the site does not publish", id)
			return
		case b.Status != content.Retired:
			return
		}
		seen[id] = true
		id = b.ReplacedBy.ID
	}
}

func (x *xrefs) checkFootnoteRef(lt LocalizedText, r content.InlineRef, pos diag.Position) {
	a := lt.Site.Article
	for _, f := range a.Footnotes {
		if f.ID == r.Target {
			if lt.Locale == a.Lang {
				if x.cited == nil {
					x.cited = map[*content.Footnote]bool{}
				}
				x.cited[f] = true
			}
			return
		}
	}
	if len(a.Footnotes) == 0 {
		x.pass.ReportLocalef(pos, localeOf(lt), "unknown footnote %q: article %s has no footnotes", r.Target, a.ID)
		return
	}
	ids := make([]string, len(a.Footnotes))
	for i, f := range a.Footnotes {
		ids[i] = f.ID
	}
	msg := fmt.Sprintf("unknown footnote %q in article %s", r.Target, a.ID)
	if m := suggest.Nearest(r.Target, ids); m != "" {
		msg += fmt.Sprintf("; did you mean %q?", m)
	} else {
		msg += "; its footnotes are " + strings.Join(ids, ", ")
	}
	x.pass.ReportLocalef(pos, localeOf(lt), "%s", msg)
}

func (x *xrefs) checkFootnotesCited() {
	for _, a := range x.pass.Articles() {
		for _, f := range a.Footnotes {
			if !x.cited[f] {
				x.pass.Report(diag.Diagnostic{Pos: f.Pos, Severity: diag.Warning,
					Message: fmt.Sprintf("footnote %q is never referenced; cite it with {{fn:%s}} or remove it", f.ID, f.ID)})
			}
		}
	}
}

func (x *xrefs) checkSeeAlso(a *content.Article) {
	first := map[string]diag.Position{}
	// leadTo are the articles the list leads to so far, or will: those it
	// names that are not retired, then the replacements of those that are.
	leadTo := map[string]bool{}
	for _, ref := range a.SeeAlso {
		if b := x.pass.KB.Article(ref.ID); b == nil || b.Status != content.Retired {
			leadTo[ref.ID] = true
		}
	}
	for _, ref := range a.SeeAlso {
		if msg := x.unknownArticle(ref.ID, a); msg != "" {
			x.pass.Reportf(ref.Pos, "%s", msg)
			continue
		}
		if ref.ID == a.ID {
			x.pass.Report(diag.Diagnostic{Pos: ref.Pos, Severity: diag.Warning,
				Message: fmt.Sprintf("see_also lists the article itself, %s", a.ID)})
			continue
		}
		if p, dup := first[ref.ID]; dup {
			where := fmt.Sprintf("line %d", p.Line)
			if p.Line == ref.Pos.Line {
				where = fmt.Sprintf("column %d", p.Column)
			}
			x.pass.Report(diag.Diagnostic{Pos: ref.Pos, Severity: diag.Warning,
				Message: fmt.Sprintf("see_also lists %s twice; it is already at %s", ref.ID, where),
				Related: []diag.Related{{Pos: p, Message: "first listed here"}}})
			continue
		}
		first[ref.ID] = ref.Pos
		if end := x.listedReplacement(a, ref.ID, leadTo); end != "" {
			x.pass.Report(diag.Diagnostic{Pos: ref.Pos, Check: "retired", Severity: diag.Warning,
				Message: fmt.Sprintf("%s is retired, and sends its readers to %s, which see_also leads to already: drop %s", ref.ID, end, ref.ID)})
			continue
		}
		x.checkTargetStatus(a, ref.ID, "", ref.Pos, "")
		for _, l := range a.Locales(x.pass.KB.Config) {
			x.checkTargetLocale(ref.ID, l, ref.Pos)
		}
	}
}

// checkExternalRegistry warns about an external reference that shadows an
// article of the knowledge base: links would go to the article, and the
// registry entry would mislead whoever maintains it.
func (x *xrefs) checkExternalRegistry() {
	for _, e := range x.pass.KB.Config.External {
		if a := x.pass.KB.Article(e.ID); a != nil {
			x.pass.Report(diag.Diagnostic{Pos: e.Pos, Severity: diag.Warning,
				Message: fmt.Sprintf("external reference %s is also an article of the knowledge base (%s); remove it from external:", e.ID, a.File)})
		}
	}
}

// listedReplacement returns the article that the retired article id
// sends its readers to, when a see-also list leads there already (by
// leadTo, which it adds the replacement to otherwise); "" when it does
// not, or id is not a retired article with a published replacement. The
// site lists each article once: the second entry shows nothing.
func (x *xrefs) listedReplacement(a *content.Article, id string, leadTo map[string]bool) string {
	b := x.pass.KB.Article(id)
	if b == nil || b.Status != content.Retired {
		return ""
	}
	end := content.ReplacementOf(b, x.pass.KB.Article)
	if end == nil || end == a || end.Status != content.Published {
		return ""
	}
	if leadTo[end.ID] {
		return end.ID
	}
	leadTo[end.ID] = true
	return ""
}
