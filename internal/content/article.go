package content

import (
	"fmt"
	"path"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/kbcdev/kbc/internal/diag"
	"github.com/kbcdev/kbc/internal/suggest"
)

// SourceFile is the name of an article's source file.
const SourceFile = "article.yaml"

var articleKeys = []string{"id", "lang", "status", "replaced_by", "section", "updated", "title", "summary", "requirements", "notes", "sections",
	"figures", "procedures", "troubleshooting", "footnotes", "see_also"}

// decodeArticle builds an article from the root node of its source file.
func (d *decoder) decodeArticle(root *yaml.Node, cfg *Config) *Article {
	m := d.Fields(root, "article", articleKeys...)
	if m == nil {
		return nil
	}
	d.Require(root, m, "article", "id", "title")
	a := &Article{File: d.File, Lang: cfg.SourceLocale, Translations: map[string]*Translation{}, fileBytes: d.size}
	if n := m["id"]; n != nil {
		a.ID = d.articleID(n, "article id")
		a.Pos = d.Pos(n)
	} else {
		a.Pos = diag.Position{File: d.File, Line: 1, Column: 1}
	}
	d.decodeLang(m, a, cfg)
	d.decodeStatus(m, a)
	d.decodeArticleSection(m, a)
	if n := m["updated"]; n != nil {
		a.Updated, a.UpdatedPos = d.date(n, "updated")
	}
	if n := m["title"]; n != nil {
		a.Title = d.text(n, "title", "title")
	}
	if n := m["summary"]; n != nil {
		a.Summary = d.text(n, "summary", "summary")
	}
	d.decodeLists(m, a, false)
	for _, n := range d.List(m["sections"], "sections") {
		if s := d.decodeSection(n); s != nil {
			a.Sections = append(a.Sections, s)
		}
	}
	if n := m["figures"]; n != nil {
		for _, kv := range d.Pairs(n, "figures") {
			if f := d.decodeFigure(kv[0], kv[1]); f != nil {
				a.Figures = append(a.Figures, f)
			}
		}
	}
	for _, n := range d.List(m["procedures"], "procedures") {
		if p := d.decodeProcedure(n, cfg); p != nil {
			a.Procedures = append(a.Procedures, p)
		}
	}
	for _, n := range d.List(m["footnotes"], "footnotes") {
		if f := d.decodeFootnote(n); f != nil {
			a.Footnotes = append(a.Footnotes, f)
		}
	}
	for _, n := range d.List(m["see_also"], "see_also") {
		if id := d.articleID(n, "see_also entry"); id != "" {
			a.SeeAlso = append(a.SeeAlso, Ref{ID: id, Pos: d.Pos(n)})
		}
	}
	d.checkUniqueIDs(a)
	return a
}

// decodeLang reads the source locale a file says it is written in.
func (d *decoder) decodeLang(m map[string]*yaml.Node, a *Article, cfg *Config) {
	if n := m["lang"]; n != nil {
		if l, ok := d.Str(n, "lang"); ok {
			if !cfg.HasLocale(l) {
				d.Errorf(n, "lang %q is not one of the configured locales %s%s", l, strings.Join(cfg.Locales, ", "), suggest.LocaleHint(l, cfg.Locales))
			} else {
				a.Lang = l
			}
		}
	}
}

func (d *decoder) decodeNote(n *yaml.Node) *Note {
	m := d.Fields(n, "note", "id", "kind", "text")
	if m == nil {
		return nil
	}
	d.Require(n, m, "note", "id", "text")
	note := &Note{Pos: d.Pos(n), Kind: "note"}
	if v := m["id"]; v != nil {
		note.ID = d.id(v, "note id")
	}
	if v := m["kind"]; v != nil {
		if k, ok := d.Str(v, "note kind"); ok {
			if !contains(NoteKinds, k) {
				d.Errorf(v, "note kind %q is not one of %s%s", k, strings.Join(NoteKinds, ", "), suggest.Hint(k, NoteKinds))
			} else {
				note.Kind = k
			}
		}
	}
	if v := m["text"]; v != nil {
		note.Text = d.text(v, "notes."+note.ID+".text", "note text")
	}
	return note
}

func (d *decoder) decodeSection(n *yaml.Node) *Section {
	m := d.Fields(n, "section", "id", "title", "body", "table")
	if m == nil {
		return nil
	}
	d.Require(n, m, "section", "id")
	s := &Section{Pos: d.Pos(n)}
	if v := m["id"]; v != nil {
		s.ID = d.id(v, "section id")
	}
	key := "sections." + s.ID
	if v := m["title"]; v != nil {
		s.Title = d.text(v, key+".title", "section title")
	}
	if v := m["body"]; v != nil {
		s.Body = d.text(v, key+".body", "section body")
	}
	if v := m["table"]; v != nil {
		s.Table = d.decodeTable(v, key+".table")
	}
	if m["title"] == nil && m["body"] == nil && m["table"] == nil {
		d.Errorf(n, "section %q has no title, body or table", s.ID)
	}
	return s
}

func (d *decoder) decodeTable(n *yaml.Node, key string) *Table {
	m := d.Fields(n, "table", "caption", "header", "rows")
	if m == nil {
		return nil
	}
	d.Require(n, m, "table", "header", "rows")
	t := &Table{Pos: d.Pos(n)}
	if v := m["caption"]; v != nil {
		t.Caption = d.text(v, key+".caption", "table caption")
	}
	for i, c := range d.List(m["header"], "table header") {
		t.Header = append(t.Header, d.text(c, fmt.Sprintf("%s.header.%d", key, i), "table header cell"))
	}
	for r, row := range d.List(m["rows"], "table rows") {
		cells := d.List(row, "table row")
		if cells == nil {
			continue
		}
		if len(cells) != len(t.Header) {
			d.Errorf(row, "table row has %d cells, the header has %d", len(cells), len(t.Header))
		}
		var texts []Text
		for c, cell := range cells {
			texts = append(texts, d.text(cell, fmt.Sprintf("%s.rows.%d.%d", key, r, c), "table cell"))
		}
		t.Rows = append(t.Rows, texts)
	}
	return t
}

func (d *decoder) decodeFigure(k, n *yaml.Node) *Figure {
	f := &Figure{Pos: d.Pos(k)}
	f.ID = d.id(k, "figure id")
	m := d.Fields(n, "figure "+f.ID, "src", "alt", "caption")
	if m == nil {
		return f
	}
	d.Require(n, m, "figure "+f.ID, "src", "alt")
	if v := m["src"]; v != nil {
		if s, ok := d.Str(v, "figure src"); ok {
			f.Src, f.SrcPos = s, d.Pos(v)
			d.checkFigurePath(v, s)
		}
	}
	if v := m["alt"]; v != nil {
		f.Alt = d.text(v, "figures."+f.ID+".alt", "figure alt text")
	}
	if v := m["caption"]; v != nil {
		f.Caption = d.text(v, "figures."+f.ID+".caption", "figure caption")
	}
	return f
}

// checkFigurePath rejects figure paths that could name a file outside the
// article folder; the figures rule checks the file itself.
func (d *decoder) checkFigurePath(n *yaml.Node, s string) {
	if why := FigurePathProblem(s); why != "" {
		d.Errorf(n, "%s", why)
		return
	}
	if why := windowsPathProblem(s); why != "" {
		d.Warnf(n, "figure src %q: %s: writers on Windows cannot check the figure out, nor a build there publish it; rename it", s, why)
	}
}

// FigurePathProblem returns why a figure's src is refused, or "" when it
// names a file of the article folder, existing or not. The loader reports
// the problem; the figures rule, which checks the file, leaves such a src
// alone rather than report a missing file as well.
func FigurePathProblem(s string) string {
	switch clean := path.Clean(s); {
	case strings.TrimSpace(s) == "":
		return "figure src is empty"
	case strings.Contains(s, `\`):
		return fmt.Sprintf("figure src %q uses backslashes; write paths with /", s)
	case path.IsAbs(s):
		return fmt.Sprintf("figure src %q is absolute; write it relative to the article folder", s)
	case strings.Contains(s, "://"):
		return fmt.Sprintf("figure src %q is a URL; figures are files inside the article folder", s)
	case leavesFolder(clean):
		return fmt.Sprintf("figure src %q leaves the article folder", s)
	case HiddenPath(clean):
		return fmt.Sprintf("figure src %q names a hidden file or folder (its name starts with a dot), which kbc does not watch for changes; rename it", s)
	}
	return ""
}

// leavesFolder reports whether a clean slash-separated path, relative to
// a folder, names something outside it.
func leavesFolder(clean string) bool {
	return clean == ".." || strings.HasPrefix(clean, "../")
}

// HiddenPath reports whether a clean slash-separated path has an element
// that starts with a dot: the loader, the build's cache and the lint's
// skip such names as editor and system files, so content must not name
// one.
func HiddenPath(clean string) bool {
	for _, e := range strings.Split(clean, "/") {
		if strings.HasPrefix(e, ".") && e != "." && e != ".." {
			return true
		}
	}
	return false
}

func (d *decoder) decodeProcedure(n *yaml.Node, cfg *Config) *Procedure {
	m := d.Fields(n, "procedure", "id", "title", "intro", "platforms", "steps")
	if m == nil {
		return nil
	}
	d.Require(n, m, "procedure", "id", "title", "steps")
	p := &Procedure{Pos: d.Pos(n)}
	if v := m["id"]; v != nil {
		p.ID = d.id(v, "procedure id")
	}
	key := "procedures." + p.ID
	if v := m["title"]; v != nil {
		p.Title = d.text(v, key+".title", "procedure title")
	}
	if v := m["intro"]; v != nil {
		p.Intro = d.text(v, key+".intro", "procedure intro")
	}
	if v := m["platforms"]; v != nil {
		p.Platforms = d.platforms(v, cfg, nil)
		p.PlatformsPos = d.Pos(v)
	}
	if v := m["steps"]; v != nil {
		d.decodeStepList(v, p, cfg)
	}
	return p
}

// decodeStepList reads the step entries of a procedure or fragment: steps,
// and includes of a fragment's steps.
func (d *decoder) decodeStepList(n *yaml.Node, p *Procedure, cfg *Config) {
	steps := d.List(n, "steps")
	// yaml.v3 gives an empty list no Content, so test the node itself.
	if n.Kind == yaml.SequenceNode && len(steps) == 0 {
		if p.inFragment {
			d.Errorf(n, "fragment has no steps")
		} else {
			d.Errorf(n, "procedure %q has no steps", p.ID)
		}
	}
	for at, sn := range steps {
		if isInclude(sn) {
			if in := d.decodeInclude(sn, at, p, cfg); in != nil {
				p.Includes = append(p.Includes, in)
			}
			continue
		}
		if s := d.decodeStep(sn, p, cfg); s != nil {
			p.Steps = append(p.Steps, s)
		}
	}
}

// platforms decodes a platform list; within is the procedure's list that a
// step's list must stay inside, or nil at procedure level.
func (d *decoder) platforms(n *yaml.Node, cfg *Config, within []string) []string {
	var ids []string
	known := make([]string, len(cfg.Platforms))
	for i, p := range cfg.Platforms {
		known[i] = p.ID
	}
	for _, v := range d.List(n, "platforms") {
		id, ok := d.Str(v, "platform")
		if !ok {
			continue
		}
		switch {
		case cfg.Platform(id) == nil:
			d.Errorf(v, "unknown platform %q; kb.yaml declares %s%s", id, strings.Join(known, ", "), suggest.Hint(id, known))
		case within != nil && !contains(within, id):
			d.Errorf(v, "platform %q is not a branch of this procedure (%s)", id, strings.Join(within, ", "))
		case contains(ids, id):
			d.Errorf(v, "platform %q is listed twice", id)
		default:
			ids = append(ids, id)
		}
	}
	return ids
}

func (d *decoder) decodeStep(n *yaml.Node, p *Procedure, cfg *Config) *Step {
	m := d.Fields(n, "step", "id", "platforms", "text", "choices", "result", "note")
	if m == nil {
		return nil
	}
	d.Require(n, m, "step", "id", "text")
	s := &Step{Pos: d.Pos(n), Proc: p}
	if v := m["id"]; v != nil {
		s.ID = d.id(v, "step id")
	}
	key := p.stepKey(s.ID)
	if v := m["platforms"]; v != nil {
		s.Platforms, s.PlatformsPos = d.entryPlatforms(v, p, cfg, fmt.Sprintf("step %q", s.ID))
	}
	if v := m["text"]; v != nil {
		s.Text = d.text(v, key+".text", "step text")
	}
	for i, cn := range d.List(m["choices"], "choices") {
		if c := d.decodeChoice(cn, fmt.Sprintf("%s.choices.%d", key, i)); c != nil {
			s.Choices = append(s.Choices, c)
		}
	}
	if v := m["result"]; v != nil {
		s.Result = d.text(v, key+".result", "step result")
	}
	if v := m["note"]; v != nil {
		s.Note = d.text(v, key+".note", "step note")
	}
	return s
}

// entryPlatforms reads the platforms of a step entry of p, what it is
// for messages: branches of the procedure, or any platform in a
// fragment, whose including procedures say which branches there are.
func (d *decoder) entryPlatforms(v *yaml.Node, p *Procedure, cfg *Config, what string) ([]string, diag.Position) {
	if len(p.Platforms) == 0 && !p.inFragment {
		d.Errorf(v, "%s names platforms but its procedure has no platform branches", what)
		return nil, diag.Position{}
	}
	return d.platforms(v, cfg, p.Platforms), d.Pos(v)
}

func (d *decoder) decodeChoice(n *yaml.Node, key string) *Choice {
	m := d.Fields(n, "choice", "when", "text", "next", "back", "end")
	if m == nil {
		return nil
	}
	d.Require(n, m, "choice", "when", "text")
	c := &Choice{Pos: d.Pos(n)}
	if v := m["when"]; v != nil {
		c.When = d.text(v, key+".when", "choice condition")
	}
	if v := m["text"]; v != nil {
		c.Text = d.text(v, key+".text", "choice text")
	}
	if v := m["next"]; v != nil {
		c.Next = d.id(v, "next step id")
		c.NextPos = d.Pos(v)
	}
	if v := m["back"]; v != nil {
		c.Back = d.Boolean(v, "back")
	}
	if v := m["end"]; v != nil {
		c.End = d.Boolean(v, "end")
		if c.End && c.Next != "" {
			d.Errorf(v, "a choice cannot both end the procedure and lead to step %q", c.Next)
			// The choice is taken to lead on, so that the step it names is
			// not also reported unreachable.
			c.End = false
		}
	}
	return c
}

func (d *decoder) decodeTrouble(n *yaml.Node) *Trouble {
	m := d.Fields(n, "troubleshooting entry", "id", "symptom", "cause", "remedy")
	if m == nil {
		return nil
	}
	d.Require(n, m, "troubleshooting entry", "id", "symptom", "remedy")
	t := &Trouble{Pos: d.Pos(n)}
	if v := m["id"]; v != nil {
		t.ID = d.id(v, "troubleshooting id")
	}
	key := "troubleshooting." + t.ID
	if v := m["symptom"]; v != nil {
		t.Symptom = d.text(v, key+".symptom", "symptom")
	}
	if v := m["cause"]; v != nil {
		t.Cause = d.text(v, key+".cause", "cause")
	}
	if v := m["remedy"]; v != nil {
		t.Remedy = d.text(v, key+".remedy", "remedy")
	}
	return t
}

func (d *decoder) decodeFootnote(n *yaml.Node) *Footnote {
	m := d.Fields(n, "footnote", "id", "text")
	if m == nil {
		return nil
	}
	d.Require(n, m, "footnote", "id", "text")
	f := &Footnote{Pos: d.Pos(n)}
	if v := m["id"]; v != nil {
		f.ID = d.id(v, "footnote id")
	}
	if v := m["text"]; v != nil {
		f.Text = d.text(v, "footnotes."+f.ID+".text", "footnote text")
	}
	return f
}

// checkUniqueIDs reports ids used twice. Procedures, steps, sections,
// notes and troubleshooting entries share one namespace because each
// becomes a URL fragment of the article page; figures and footnotes have
// their own.
func (d *decoder) checkUniqueIDs(a *Article) {
	type decl struct {
		what string
		pos  diag.Position
	}
	check := func(seen map[string]decl, id, what string, pos diag.Position) {
		if id == "" {
			return
		}
		if first, dup := seen[id]; dup {
			d.Diags.Add(diag.Diagnostic{
				Pos: pos, Rule: RuleSchema, Severity: diag.Error,
				Message: fmt.Sprintf("duplicate id %q: %s at line %d has it already", id, first.what, first.pos.Line),
				Related: []diag.Related{{Pos: first.pos, Message: "first declared here"}},
			})
			return
		}
		seen[id] = decl{what, pos}
	}
	anchors := map[string]decl{}
	for _, n := range a.Notes {
		check(anchors, n.ID, "note", n.Pos)
	}
	for _, s := range a.Sections {
		check(anchors, s.ID, "section", s.Pos)
	}
	for _, p := range a.Procedures {
		check(anchors, p.ID, "procedure", p.Pos)
		for _, s := range p.Steps {
			check(anchors, s.ID, "step", s.Pos)
		}
	}
	for _, t := range a.Troubleshooting {
		check(anchors, t.ID, "troubleshooting entry", t.Pos)
	}
	footnotes := map[string]decl{}
	for _, f := range a.Footnotes {
		check(footnotes, f.ID, "footnote", f.Pos)
	}
}
