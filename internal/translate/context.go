package translate

import (
	"fmt"
	"path"
	"strconv"
	"strings"

	"github.com/kbcdev/kbc/internal/content"
	"github.com/kbcdev/kbc/internal/render"
	"github.com/kbcdev/kbc/internal/resolve"
	"github.com/kbcdev/kbc/internal/xliff"
)

// ContextOf returns the context of every text of the article, by key, for
// a translation into locale. Links are site paths relative to the site's
// root (fr/kb2277/index.html#open-app), or absolute URLs under baseURL as
// the site's canonical links are (https://help.example.org/fr/kb2277/#open-app).
// Steps are numbered on each platform branch, figures and footnotes in
// reading order, as the site numbers them in the source locale.
func ContextOf(cfg *content.Config, a *content.Article, locale, baseURL string) map[string]xliff.UnitContext {
	c := contexter{cfg: cfg, a: a, r: resolve.New(a)}
	c.nums = c.r.Number(func(t *content.Text) string { return t.Value }, func(p *content.Procedure) []string { return p.Branches() })
	title := plain(a.Title)
	out := map[string]xliff.UnitContext{}
	a.Walk(func(t *content.Text, at content.Place) {
		// The texts of an included fragment are its units, not the
		// article's (see FragmentContextOf).
		if t != nil && at.Fragment == nil {
			out[t.Key] = xliff.UnitContext{Article: title, Role: c.role(at), Link: pageLink(baseURL, locale, a.ID, anchor(at))}
		}
	})
	return out
}

type contexter struct {
	cfg  *content.Config
	a    *content.Article
	r    *resolve.Article
	nums *resolve.Numbers
}

// role says what part of the article a text is, as Role names it, with
// the number or title that tells it from the others of its kind.
func (c contexter) role(at content.Place) string {
	role := at.Role.String()
	switch at.Role {
	case content.Requirement:
		return fmt.Sprintf("%s %d", role, at.Index+1)
	case content.NoteText:
		return fmt.Sprintf("%s (%s)", role, at.Note.Kind)
	case content.SectionBody, content.TableCaption:
		return fmt.Sprintf("%s of %s", role, quoted(at.Section.Title))
	case content.TableHeader:
		return fmt.Sprintf("%s, column %d of %s", role, at.Index+1, quoted(at.Section.Title))
	case content.TableCell:
		return fmt.Sprintf("%s, row %d, column %d of %s", role, at.Row+1, at.Index+1, quoted(at.Section.Title))
	case content.FigureAlt, content.FigureCaption:
		return fmt.Sprintf("%s of figure %d", role, c.nums.Figure(at.Figure.ID))
	case content.ProcedureIntro:
		return fmt.Sprintf("%s of %s", role, quoted(at.Proc.Title))
	case content.StepText:
		return c.onBranches(at, func(n int) string { return fmt.Sprintf("%s %d", role, n) })
	case content.ChoiceWhen, content.ChoiceText:
		return c.onBranches(at, func(n int) string { return fmt.Sprintf("%s %d.%c", role, n, 'a'+at.Index) })
	case content.StepResult, content.StepNote:
		step := content.StepText.String()
		return role + " of " + c.onBranches(at, func(n int) string { return fmt.Sprintf("%s %d", step, n) })
	case content.TroubleCause, content.TroubleRemedy:
		if !at.Trouble.Symptom.IsZero() {
			return fmt.Sprintf("%s, for %s", role, quoted(at.Trouble.Symptom))
		}
	case content.FootnoteText:
		return fmt.Sprintf("%s %d", role, c.nums.Footnote(at.Footnote.ID))
	}
	return role
}

// onBranches names a step, or a part of it, by its number on each platform
// branch that shows it: "step 3 of 'Activate'", "step 3 of 'Activate' on
// Android and iOS", or, where the numbers differ, "step 3 of 'Activate'
// on iOS, step 2 on Android".
func (c contexter) onBranches(at content.Place, label func(n int) string) string {
	p := at.Proc
	type use struct {
		n        int
		platform string
	}
	var uses []use
	same := true
	for _, b := range p.Branches() {
		g := c.r.Graph(p, b)
		if g == nil || g.Number[at.Step] == 0 {
			continue
		}
		uses = append(uses, use{g.Number[at.Step], c.platformName(b)})
		same = same && g.Number[at.Step] == uses[0].n
	}
	if len(uses) == 0 {
		return fmt.Sprintf("%s of %s", at.Role, quoted(p.Title))
	}
	head := label(uses[0].n) + " of " + quoted(p.Title)
	if len(p.Platforms) == 0 {
		return head
	}
	if same {
		var names []string
		for _, u := range uses {
			names = append(names, u.platform)
		}
		return head + " on " + joinAnd(names)
	}
	out := head + " on " + uses[0].platform
	for _, u := range uses[1:] {
		out += ", " + label(u.n) + " on " + u.platform
	}
	return out
}

// platformName is the platform's name in the article's source locale, the
// language the translator reads the source in.
func (c contexter) platformName(id string) string {
	if p := c.cfg.Platform(id); p != nil {
		if n, ok := p.Names[c.a.Lang]; ok && n.Value != "" {
			return n.Value
		}
	}
	return id
}

func joinAnd(names []string) string {
	if len(names) < 2 {
		return strings.Join(names, "")
	}
	return strings.Join(names[:len(names)-1], ", ") + " and " + names[len(names)-1]
}

// plain is a text as the reader sees it, without Markdown.
func plain(t content.Text) string { return render.PlainText(t.Value, nil) }

func quoted(t content.Text) string { return "'" + plain(t) + "'" }

// anchor is the id the site gives the element that shows a part of an
// article (package site): the part's own id, the page's own id for a
// figure, a footnote or the requirements (see package resolve), none
// for the title and summary at the top of the page. A step shown on
// several platform branches has its own id on its first copy.
func anchor(at content.Place) string {
	switch {
	case at.Role == content.Requirement:
		return resolve.RequirementsAnchor
	case at.Note != nil:
		return at.Note.ID
	case at.Section != nil:
		return at.Section.ID
	case at.Figure != nil:
		return resolve.FigureAnchor(at.Figure.ID)
	case at.Step != nil:
		return at.Step.ID
	case at.Proc != nil:
		return at.Proc.ID
	case at.Trouble != nil:
		return at.Trouble.ID
	case at.Footnote != nil:
		return resolve.FootnoteAnchor(at.Footnote.ID)
	}
	return ""
}

// pageLink is the address of an article's page in a locale, at an anchor.
func pageLink(baseURL, locale, id, anchor string) string {
	p := path.Join(locale, strings.ToLower(id)) + "/"
	if baseURL == "" {
		p += "index.html"
	} else {
		p = strings.TrimSuffix(baseURL, "/") + "/" + p
	}
	if anchor != "" {
		p += "#" + anchor
	}
	return p
}

// FragmentContextOf returns the context of every text of a fragment,
// translated once for every article that includes it: the articles that
// include it, and the page of the first of them at the step.
func FragmentContextOf(kb *content.KB, f *content.Fragment, locale, baseURL string) map[string]xliff.UnitContext {
	users := kb.IncludedBy(f)
	what := "fragment " + f.ID + ", included by no article"
	if len(users) > 0 {
		what = "fragment " + f.ID + ", included by " + strings.Join(users, ", ")
	}
	out := map[string]xliff.UnitContext{}
	f.Walk(func(t *content.Text, at content.Place) {
		if t == nil {
			return
		}
		ctx := xliff.UnitContext{Article: what, Role: at.Role.String()}
		if at.Step != nil {
			ctx.Role += " " + strconv.Quote(at.Step.ID)
		}
		if len(users) > 0 {
			ctx.Link = pageLink(baseURL, locale, users[0], anchor(at))
		}
		out[t.Key] = ctx
	})
	return out
}
