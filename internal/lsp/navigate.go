package lsp

import (
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/kbcdev/kbc/internal/content"
	"github.com/kbcdev/kbc/internal/diag"
	"github.com/kbcdev/kbc/internal/i18n"
	"github.com/kbcdev/kbc/internal/resolve"
	"github.com/kbcdev/kbc/locales"
)

// openRef matches a reference being typed, up to the cursor.
var openRef = regexp.MustCompile(`\{\{\s*(step|fig|fn|kb|var)\s*:\s*([^{}\s#|]*)$`)

// openAnchor matches the anchor of an article reference being typed, up
// to the cursor: the article id at group 1, the anchor at group 2.
var openAnchor = regexp.MustCompile(`\{\{\s*kb\s*:\s*([^{}\s#|]+)#([^{}\s#|]*)$`)

// openContext matches the context of a step reference being typed, up to
// the cursor.
var openContext = regexp.MustCompile(`\{\{\s*step\s*:\s*[^{}\s#|]+\|([a-z]*)$`)

// includeLine matches a whole include: line, the fragment id at group 1.
var includeLine = regexp.MustCompile(`^\s*(?:-\s+)?include:\s*([A-Za-z0-9_-]+)\s*$`)

// includeKey matches a fragment id being typed after include:, up to the
// cursor.
var includeKey = regexp.MustCompile(`^\s*(?:-\s+)?include:\s*([A-Za-z0-9_-]*)$`)

// platformList matches a platforms list being typed, up to the cursor.
var platformList = regexp.MustCompile(`^\s*(?:-\s+)?platforms:\s*\[?(?:[^\]]*[,\s\[])?([A-Za-z0-9_-]*)$`)

// nextKey matches a choice's next step, the step id at group 1.
var nextKey = regexp.MustCompile(`^(\s*(?:-\s+)?next:\s*)([A-Za-z0-9_.-]+)\s*$`)

// article returns the article of the file at path (its source or one of
// its translations) and the locale the file is written in.
func (s *Server) article(path string) (*content.Article, string) {
	if s.kb == nil {
		return nil, ""
	}
	a := articleIn(s.kb, filepath.Dir(path))
	if a == nil {
		return nil, ""
	}
	if base := filepath.Base(path); base == content.SourceFile || base == content.FragmentFile {
		return a, a.Lang
	}
	return a, strings.TrimSuffix(filepath.Base(path), ".yaml")
}

// complete returns the completions at pos: the ids a reference being
// typed may name, or the platform names of a platforms list.
func (s *Server) complete(path string, pos position) []completionItem {
	line := lineAt(s.text(path), pos.Line)
	before := line[:byteOffset(line, pos.Character)]
	items := []completionItem{}
	if s.kb == nil {
		s.analyze()
		if s.kb == nil {
			return items
		}
	}
	adder := func(typed string, kind int) func(id, detail string) {
		edit := lspRange{Start: position{pos.Line, pos.Character - utf16Len(typed)}, End: pos}
		return func(id, detail string) {
			if strings.HasPrefix(id, typed) {
				items = append(items, completionItem{Label: id, Kind: kind, Detail: oneLine(detail), TextEdit: &textEdit{edit, id}})
			}
		}
	}
	if m := openContext.FindStringSubmatch(before); m != nil {
		add := adder(m[1], kindEnum)
		for _, c := range content.RefContexts {
			add(c, "")
		}
		return items
	}
	if m := openAnchor.FindStringSubmatch(before); m != nil {
		if t := s.kb.Article(m[1]); t != nil {
			add := adder(m[2], kindReference)
			details := anchorDetails(t)
			for _, id := range t.Anchors() {
				add(id, details[id])
			}
		}
		return items
	}
	if m := includeKey.FindStringSubmatch(before); m != nil {
		add := adder(m[1], kindReference)
		list := listAbove(s.text(path), pos.Line)
		for _, f := range s.kb.Fragments {
			if detail, ok := fragmentDetail(f, list); ok {
				add(f.ID, detail)
			}
		}
		return items
	}
	if m := openRef.FindStringSubmatch(before); m != nil {
		add := adder(m[2], kindReference)
		switch content.RefKind(m[1]) {
		case content.RefArticle:
			_, locale := s.article(path)
			for _, a := range s.kb.Articles {
				add(a.ID, localized(a, locale, "title", a.Title.Value))
			}
			for _, e := range s.kb.Config.External {
				add(e.ID, externalTitle(e, locale, s.kb.Config.SourceLocale))
			}
			return items
		case content.RefVariable:
			for _, v := range s.kb.Config.Variables {
				add(v.Name, v.Value.Value)
			}
			return items
		}
		a, _ := s.article(path)
		if a == nil {
			return items
		}
		switch content.RefKind(m[1]) {
		case content.RefStep:
			for _, p := range a.Procedures {
				for _, st := range p.Shown() {
					add(st.ID, st.Text.Value)
				}
			}
		case content.RefFigure:
			for _, f := range a.Figures {
				add(f.ID, f.Alt.Value)
			}
		case content.RefFootnote:
			for _, f := range a.Footnotes {
				add(f.ID, f.Text.Value)
			}
		}
		return items
	}
	if m := platformList.FindStringSubmatch(before); m != nil {
		edit := lspRange{Start: position{pos.Line, pos.Character - utf16Len(m[1])}, End: pos}
		for _, p := range s.kb.Config.Platforms {
			if strings.HasPrefix(p.ID, m[1]) {
				items = append(items, completionItem{Label: p.ID, Kind: kindEnum, Detail: p.Names[s.kb.Config.SourceLocale].Value, TextEdit: &textEdit{edit, p.ID}})
			}
		}
	}
	return items
}

// anchorDetails describes each anchor of article t by the first text of
// the part it names: a procedure's or a section's title, a step's text, a
// note's, a troubleshooting entry's symptom.
func anchorDetails(t *content.Article) map[string]string {
	details := map[string]string{}
	t.Walk(func(text *content.Text, at content.Place) {
		var id string
		switch at.Role {
		case content.ProcedurePart:
			id = at.Proc.ID
		case content.StepPart:
			id = at.Step.ID
		case content.SectionPart:
			id = at.Section.ID
		case content.NotePart:
			id = at.Note.ID
		case content.TroublePart:
			id = at.Trouble.ID
		}
		if _, ok := details[id]; !ok && id != "" && text != nil && text.Value != "" {
			details[id] = text.Value
		}
	})
	return details
}

// externalTitle is the title kb.yaml gives an external article in the
// locale, else in the source locale.
func externalTitle(e *content.External, locale, source string) string {
	t, _ := e.Title(locale, source)
	return t.Value
}

// fragmentDetail describes a fragment an entry of list may include, by
// its first entry of that list; ok is false when the fragment has no
// entries of the list, which it is then no use including. Any fragment
// may be included where the list is not known.
func fragmentDetail(f *content.Fragment, list string) (detail string, ok bool) {
	switch list {
	case content.StepsList, content.RequirementsList, content.NotesList, content.TroubleshootingList:
		if !f.Holds(list) {
			return "", false
		}
	default:
		list = content.StepsList
	}
	switch {
	case list == content.RequirementsList:
		return f.Requirements[0].Value, true
	case list == content.NotesList:
		return f.Notes[0].Text.Value, true
	case list == content.TroubleshootingList:
		return f.Troubleshooting[0].Symptom.Value, true
	}
	if steps := f.Steps().Shown(); len(steps) > 0 {
		return steps[0].Text.Value, true
	}
	return "", true
}

// listAbove returns the key of the list the entry on line l of text is
// an entry of, such as "steps" or "troubleshooting": that of the nearest
// line above it that is less indented than the entry's dash, or as
// indented and no entry itself, as in a sequence written flush with its
// key. It returns "" when there is none.
func listAbove(text string, l int) string {
	lines := splitLines(text)
	if l < 0 || l >= len(lines) {
		return ""
	}
	indent := indentOf(lines[l])
	for i := l - 1; i >= 0; i-- {
		line := lines[i]
		trimmed := strings.TrimSpace(line)
		if trimmed == "" || strings.HasPrefix(trimmed, "#") {
			continue
		}
		if in := indentOf(line); in < indent || in == indent && !strings.HasPrefix(trimmed, "-") {
			key, _, _ := strings.Cut(strings.TrimPrefix(trimmed, "- "), ":")
			return strings.TrimSpace(key)
		}
	}
	return ""
}

// indentOf returns how many spaces start the line.
func indentOf(line string) int {
	return len(line) - len(strings.TrimLeft(line, " "))
}

// oneLine shortens a text to a line for a completion's detail.
func oneLine(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if r := []rune(s); len(r) > 80 {
		return string(r[:79]) + "…"
	}
	return s
}

// includeAt returns the fragment id under pos, on an include: line.
func (s *Server) includeAt(path string, pos position) (string, bool) {
	line := lineAt(s.text(path), pos.Line)
	off := byteOffset(line, pos.Character)
	m := includeLine.FindStringSubmatchIndex(line)
	if m == nil || off < m[2] || off > m[3] {
		return "", false
	}
	return line[m[2]:m[3]], true
}

// refAt returns the reference under pos in the file at path, with its
// range, or a step named by a choice's next.
func (s *Server) refAt(path string, pos position) (content.InlineRef, lspRange, bool) {
	line := lineAt(s.text(path), pos.Line)
	off := byteOffset(line, pos.Character)
	for _, r := range content.ParseRefs(line) {
		if !r.Malformed && r.Start <= off && off < r.End {
			rng := lspRange{position{pos.Line, utf16Len(line[:r.Start])}, position{pos.Line, utf16Len(line[:r.End])}}
			return r, rng, true
		}
	}
	if m := nextKey.FindStringSubmatchIndex(line); m != nil && off >= m[4] && off <= m[5] {
		rng := lspRange{position{pos.Line, utf16Len(line[:m[4]])}, position{pos.Line, utf16Len(line[:m[5]])}}
		return content.InlineRef{Kind: content.RefStep, Target: line[m[4]:m[5]]}, rng, true
	}
	return content.InlineRef{}, lspRange{}, false
}

// definition returns where the reference under pos is defined: a step, a
// figure or a footnote of the article, or another article's id.
func (s *Server) definition(path string, pos position) (location, bool) {
	if s.kb == nil {
		s.analyze()
	}
	if s.kb == nil {
		return location{}, false
	}
	var at diag.Position
	if id, ok := s.includeAt(path, pos); ok {
		f := s.kb.Fragment(id)
		if f == nil {
			return location{}, false
		}
		return s.locationOf(f.Pos)
	}
	r, _, ok := s.refAt(path, pos)
	if !ok {
		return location{}, false
	}
	switch r.Kind {
	case content.RefArticle:
		t := s.kb.Article(r.Target)
		if t == nil {
			if e := s.kb.Config.ExternalRef(r.Target); e != nil {
				return s.locationOf(e.Pos)
			}
			return location{}, false
		}
		at = t.Pos
		if p, ok := anchorPos(t, r.Anchor); ok {
			at = p
		}
	case content.RefVariable:
		v := s.kb.Config.Variable(r.Target)
		if v == nil {
			return location{}, false
		}
		at = v.Pos
	default:
		a, _ := s.article(path)
		if a == nil {
			return location{}, false
		}
		res := resolve.New(a)
		switch r.Kind {
		case content.RefStep:
			if st := res.Step(r.Target); st != nil {
				at = st.Pos
			}
		case content.RefFigure:
			if f := res.Figure(r.Target); f != nil {
				at = f.Pos
			}
		case content.RefFootnote:
			if f := res.Footnote(r.Target); f != nil {
				at = f.Pos
			}
		}
	}
	return s.locationOf(at)
}

// locationOf returns the location of a position of the loaded knowledge
// base, in the editor's text of its file.
func (s *Server) locationOf(at diag.Position) (location, bool) {
	if at.File == "" || at.Line == 0 {
		return location{}, false
	}
	file, err := filepath.Abs(at.File)
	if err != nil {
		return location{}, false
	}
	line := lineAt(s.text(file), at.Line-1)
	col := max(at.Column, 1)
	// A step's, a figure's or a section's position is its entry's, whose
	// key is id: the location selects the id it has.
	if rest := line[byteOffset(line, utf16Column(line, col)):]; strings.HasPrefix(rest, "id:") {
		value := strings.TrimLeft(rest[len("id:"):], " \t")
		col += utf8.RuneCountInString(rest) - utf8.RuneCountInString(value)
	}
	start := position{at.Line - 1, utf16Column(line, col)}
	end := start
	end.Character += tokenLength(line, col)
	return location{URI: pathURI(file), Range: lspRange{start, end}}, true
}

// hover returns what the reference under pos reads as on the page of the
// file's locale: "step 3", per branch when the numbers differ, "Figure
// 2", a footnote's number, or the title of the article it links to.
func (s *Server) hover(path string, pos position) (hover, bool) {
	if s.kb == nil {
		s.analyze()
	}
	r, rng, ok := s.refAt(path, pos)
	if !ok || s.kb == nil {
		return hover{}, false
	}
	a, locale := s.article(path)
	if a == nil {
		return hover{}, false
	}
	cat, err := locales.Layers(s.kb.Root).Catalog(s.kb.Config.Locales)
	if err != nil {
		return hover{}, false
	}
	ui := cat.Strings(locale)
	var text string
	switch r.Kind {
	case content.RefArticle:
		if t := s.kb.Article(r.Target); t != nil {
			text = localized(t, locale, "title", t.Title.Value)
		} else if e := s.kb.Config.ExternalRef(r.Target); e != nil {
			text = externalTitle(e, locale, s.kb.Config.SourceLocale)
		}
	case content.RefStep:
		text = s.stepPhrase(resolve.New(a), r.Target, r.Context, locale, ui)
	case content.RefFigure:
		text = s.figurePhrase(resolve.New(a), r.Target, locale, ui)
	case content.RefFootnote:
		nums := resolve.New(a).Number(sourceText, (*content.Procedure).Branches)
		if n := nums.Footnote(r.Target); n > 0 {
			text = strconv.Itoa(n)
		}
	case content.RefVariable:
		if v := s.kb.Config.Variable(r.Target); v != nil {
			text = v.In(locale).Value
		}
	}
	if text == "" {
		return hover{}, false
	}
	return hover{Contents: markupContent{Kind: "plaintext", Value: text}, Range: &rng}, true
}

// stepPhrase names a step as a reference to it reads in its grammatical
// context ("from step 3"): its number on each branch of its procedure,
// with the platform when the numbers differ, joined as the locale joins
// alternatives.
func (s *Server) stepPhrase(res *resolve.Article, id, context, locale string, ui *i18n.Strings) string {
	st := res.Step(id)
	if st == nil {
		return ""
	}
	type use struct {
		branch string
		n      int
	}
	var uses []use
	for _, br := range st.Proc.Branches() {
		if g := res.Graph(st.Proc, br); g != nil && g.ByID[id] != nil {
			uses = append(uses, use{br, g.Number[g.ByID[id]]})
		}
	}
	if len(uses) == 0 {
		return ""
	}
	same := true
	for _, u := range uses {
		same = same && u.n == uses[0].n
	}
	if same {
		return ui.Numbered(i18n.StepRefMessage(context, false), uses[0].n, nil)
	}
	joiners := i18n.ListJoiners(locale, i18n.ListOr, len(uses))
	around := ui.Parts(i18n.StepRefListMessage(context), "List", "%v")
	joiners[0] = around.Before + joiners[0]
	joiners[len(uses)] += around.After
	var b strings.Builder
	for i, u := range uses {
		name := u.branch
		if p := s.kb.Config.Platform(u.branch); p != nil && p.Names[locale].Value != "" {
			name = p.Names[locale].Value
		}
		b.WriteString(joiners[i])
		b.WriteString(ui.Numbered(i18n.StepRefMessage(context, true), u.n, map[string]any{"Platform": name}))
	}
	b.WriteString(joiners[len(uses)])
	return b.String()
}

// figurePhrase names a figure as a reference to it reads on the page:
// "Figure 2", or on a page with platform tabs, where a reader of each
// branch meets figures in another order, its number on each branch when
// they differ ("Figure 2 (Android) or Figure 1 (iOS)").
func (s *Server) figurePhrase(res *resolve.Article, id, locale string, ui *i18n.Strings) string {
	var platforms []string
	for _, p := range s.kb.Config.Platforms {
		platforms = append(platforms, p.ID)
	}
	views, byView := res.FigureViews(platforms, sourceText, (*content.Procedure).Branches)
	if len(views) == 0 {
		if n := res.Number(sourceText, (*content.Procedure).Branches).Figure(id); n > 0 {
			return ui.Numbered("figure", n, nil)
		}
		return ""
	}
	var labels []string
	same := true
	for _, v := range views {
		n := byView[v].Figure(id)
		if n == 0 {
			return ""
		}
		same = same && n == byView[views[0]].Figure(id)
		name := v
		if p := s.kb.Config.Platform(v); p != nil && p.Names[locale].Value != "" {
			name = p.Names[locale].Value
		}
		labels = append(labels, ui.Numbered("figure", n, nil)+" ("+name+")")
	}
	if same {
		return ui.Numbered("figure", byView[views[0]].Figure(id), nil)
	}
	joiners := i18n.ListJoiners(locale, i18n.ListOr, len(labels))
	var b strings.Builder
	for i, l := range labels {
		b.WriteString(joiners[i])
		b.WriteString(l)
	}
	b.WriteString(joiners[len(labels)])
	return b.String()
}

// sourceText is a text as its file writes it.
func sourceText(t *content.Text) string { return t.Value }

// anchorPos returns where the part of article a that anchor names is
// written: a procedure, step, section, note or troubleshooting entry.
func anchorPos(a *content.Article, anchor string) (diag.Position, bool) {
	if anchor == "" {
		return diag.Position{}, false
	}
	var at diag.Position
	a.Walk(func(_ *content.Text, p content.Place) {
		if at.IsValid() {
			return
		}
		switch {
		case p.Role == content.ProcedurePart && p.Proc.ID == anchor:
			at = p.Proc.Pos
		case p.Role == content.StepPart && p.Step.ID == anchor:
			at = p.Step.Pos
		case p.Role == content.SectionPart && p.Section.ID == anchor:
			at = p.Section.Pos
		case p.Role == content.NotePart && p.Note.ID == anchor:
			at = p.Note.Pos
		case p.Role == content.TroublePart && p.Trouble.ID == anchor:
			at = p.Trouble.Pos
		}
	})
	return at, at.IsValid()
}

// localized returns the text of a translation unit of a in locale, or the
// source text.
func localized(a *content.Article, locale, key, source string) string {
	if t := a.Translations[locale]; t != nil {
		if u := t.Units[key]; u != nil && u.Text.Value != "" {
			return u.Text.Value
		}
	}
	return source
}
