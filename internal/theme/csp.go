package theme

import (
	"html/template"
	"iter"
	"regexp"
	"slices"
	"strings"
	"text/template/parse"

	"github.com/kbcdev/kbc/internal/diag"
)

// The site's pages carry a strict Content-Security-Policy, written by
// kbc's "head" template (site/templates/page.html): scripts, styles and
// images load only from the site's own files. Markup a theme writes that
// the policy blocks would be published and do nothing, in silence;
// checkPolicy says so at its line and column. Only the theme's own text
// is read, tag by tag, not what its actions write; a tag is read whole
// even where actions write part of it (an attribute's value, say). A
// theme whose "head", or whose "page" without kbc's "head", writes
// another policy or none is not held to kbc's; one that writes kbc's,
// as a copy of kbc's "head" does, is.

// Why each kind of blocked markup does nothing, and what to do instead.
const (
	inlineScript = "an inline <script> does not run: the site's Content-Security-Policy runs scripts from the site's own files only; put it in theme/assets/NAME.js and load it with <script src>"
	styleElement = "a <style> element does not apply: the site's Content-Security-Policy applies stylesheets from the site's own files only; put its rules in theme/assets/theme.css"
	styleAttr    = "a style attribute does not apply: the site's Content-Security-Policy applies stylesheets from the site's own files only; put the rule in theme/assets/theme.css"
	eventAttr    = "an event attribute does not run: the site's Content-Security-Policy runs scripts from the site's own files only; add the handler in theme/assets/NAME.js"
	otherSite    = "this loads a file from another site, which the site's Content-Security-Policy blocks: put the file in theme/assets and refer to it there"
)

var (
	tagPattern   = regexp.MustCompile(`(?is)<([a-z][a-z0-9-]*)\b([^>]*)>`)
	attrPattern  = regexp.MustCompile(`(?is)(?:^|\s)([a-z][a-z0-9_:-]*)(?:\s*=\s*("[^"]*"|'[^']*'|[^\s"'>]+))?`)
	loadingAttrs = []string{"src", "srcset", "poster", "data"}
	// Elements whose src or the like loads a file into the page.
	loadingTags = []string{"img", "script", "iframe", "source", "video", "audio", "embed", "object", "track", "input"}
	// Link relations that load a file: a stylesheet, an icon, a
	// preload. Others, such as alternate or me, only name an address.
	loadingRels = []string{"stylesheet", "icon", "preload", "modulepreload", "manifest", "apple-touch-icon", "prefetch"}
	// Script types that run; any other (application/ld+json, say) is
	// data the policy lets be.
	scriptTypes = []string{"", "module", "text/javascript", "application/javascript", "text/ecmascript", "application/ecmascript"}
)

// checkPolicy reports, in the theme file src, markup the site's policy
// blocks: tags that start in the text of one of its templates, read
// with the actions in them masked.
func checkPolicy(file, src string, trees map[string]*parse.Tree, diags *diag.List) {
	inText := make([]bool, len(src))
	for _, name := range sortedKeys(trees) {
		if trees[name].Root == nil {
			continue
		}
		eachText(trees[name].Root, func(n *parse.TextNode) {
			for i := int(n.Pos); i < min(int(n.Pos)+len(n.Text), len(src)); i++ {
				inText[i] = true
			}
		})
	}
	masked := maskActions(src)
	for _, m := range tagPattern.FindAllStringSubmatchIndex(masked, -1) {
		if !inText[m[0]] {
			continue // in an action, such as a comment
		}
		tag := strings.ToLower(masked[m[2]:m[3]])
		for _, why := range blockedByPolicy(tag, attributes(masked[m[4]:m[5]])) {
			diags.Add(warning(positionAt(file, src, m[0]), "%s", why))
		}
	}
}

// lineStart returns the byte offset at which the line of offset off
// starts.
func lineStart(text string, off int) int {
	return strings.LastIndexByte(text[:off], '\n') + 1
}

// maskActions returns src with every byte of its actions ({{…}}) but
// line breaks replaced by X, so that a tag an action writes part of
// reads as a tag, at the same offsets. src is a template that parses:
// its actions are closed, and their strings and comments too.
func maskActions(src string) string {
	out := []byte(src)
	for start, end := range actions(src) {
		for j := start; j < end; j++ {
			if out[j] != '\n' {
				out[j] = 'X'
			}
		}
	}
	return string(out)
}

// actions yields the start and end offsets of each action of src, a
// template's text, from its "{{" to just past its "}}" (or the end of
// src, for one not closed).
func actions(src string) iter.Seq2[int, int] {
	return func(yield func(int, int) bool) {
		for i := 0; i+1 < len(src); {
			if src[i] != '{' || src[i+1] != '{' {
				i++
				continue
			}
			end := actionEnd(src, i+2)
			if !yield(i, end) {
				return
			}
			i = end
		}
	}
}

// actionEnd returns the offset just past the "}}" that closes the action
// whose text starts at i, skipping what its strings and comments hold;
// len(src) if none does.
func actionEnd(src string, i int) int {
	for i < len(src) {
		switch c := src[i]; {
		case strings.HasPrefix(src[i:], "}}"):
			return i + 2
		case strings.HasPrefix(src[i:], "/*"):
			end := strings.Index(src[i+2:], "*/")
			if end < 0 {
				return len(src)
			}
			i += 2 + end + 2
		case c == '"' || c == '\'':
			i++
			for i < len(src) && src[i] != c {
				if src[i] == '\\' {
					i++
				}
				i++
			}
			i++
		case c == '`':
			end := strings.IndexByte(src[i+1:], '`')
			if end < 0 {
				return len(src)
			}
			i += 1 + end + 1
		default:
			i++
		}
	}
	return len(src)
}

// attributes returns a tag's attributes by lower-case name, values
// unquoted.
func attributes(s string) map[string]string {
	attrs := map[string]string{}
	for _, m := range attrPattern.FindAllStringSubmatch(s, -1) {
		v := m[2]
		if len(v) >= 2 && (v[0] == '"' || v[0] == '\'') {
			v = v[1 : len(v)-1]
		}
		attrs[strings.ToLower(m[1])] = strings.TrimSpace(v)
	}
	return attrs
}

// blockedByPolicy says why the policy blocks what a tag with those
// attributes does, if it does.
func blockedByPolicy(tag string, attrs map[string]string) []string {
	var why []string
	_, hasSrc := attrs["src"]
	switch {
	case tag == "script" && !hasSrc && slices.Contains(scriptTypes, strings.ToLower(attrs["type"])):
		why = append(why, inlineScript)
	case tag == "style":
		why = append(why, styleElement)
	}
	if _, ok := attrs["style"]; ok {
		why = append(why, styleAttr)
	}
	for name := range attrs {
		if strings.HasPrefix(name, "on") && len(name) > 2 {
			why = append(why, eventAttr)
			break
		}
	}
	if loadsFromOtherSite(tag, attrs) {
		why = append(why, otherSite)
	}
	return why
}

// loadsFromOtherSite reports whether the tag loads a file from an
// address of another site.
func loadsFromOtherSite(tag string, attrs map[string]string) bool {
	if tag == "link" {
		rels := strings.Fields(strings.ToLower(attrs["rel"]))
		return slices.ContainsFunc(rels, func(r string) bool { return slices.Contains(loadingRels, r) }) && otherSiteURL(attrs["href"])
	}
	if !slices.Contains(loadingTags, tag) {
		return false
	}
	for _, a := range loadingAttrs {
		if otherSiteURL(attrs[a]) {
			return true
		}
	}
	return false
}

// otherSiteURL reports whether an address names another site: it has a
// scheme of the web, or starts with two slashes.
func otherSiteURL(u string) bool {
	u = strings.ToLower(u)
	return strings.HasPrefix(u, "http:") || strings.HasPrefix(u, "https:") || strings.HasPrefix(u, "//")
}

// eachText calls f with every text node under n, in the order of the
// file.
func eachText(n parse.Node, f func(*parse.TextNode)) {
	eachNode(n, func(n parse.Node) {
		if t, ok := n.(*parse.TextNode); ok {
			f(t)
		}
	})
}

// What kbc's "head" loads, and what a page loses without it: a theme's
// "head" that leaves one out is a warning, as the page then works less
// well in silence.
var headLoads = []struct{ text, what string }{
	{"assets/kbc.css", "assets/kbc.css (the pages' layout)"},
	{".Site.Stylesheets", "{{range .Site.Stylesheets}} (kb.yaml's colours and theme/assets/theme.css)"},
	{"assets/kbc.js", "assets/kbc.js (the platform tabs, and the platform and language a reader chose)"},
	{"assets/search.js", "assets/search.js (the search box)"},
	{"assets/root.js", "assets/root.js (the language chooser and the page not found)"},
}

// headOwner returns the template of the theme that writes the pages'
// head, and the file it is in: the theme's "head", else its "page" when
// that reaches no "head" through the templates it calls; ok is false
// when kbc's "head" writes it. A theme file read later replaces a
// definition, as in loadTemplates.
func headOwner(files []parsedFile, base *template.Template) (name string, file parsedFile, ok bool) {
	defs := map[string]*parse.Tree{}
	for _, t := range base.Templates() {
		defs[t.Name()] = t.Tree
	}
	var page parsedFile
	for _, f := range files {
		for n, tr := range f.trees {
			defs[n] = tr
		}
		if f.trees["head"] != nil {
			name, file, ok = "head", f, true
		}
		if f.trees["page"] != nil {
			page = f
		}
	}
	if ok || page.trees == nil {
		return name, file, ok
	}
	return "page", page, !reaches(defs, "page", "head")
}

// definitionAt returns where the definition of tr starts in the theme
// file of the given text: its {{define}}, whose body tr's root is.
func definitionAt(file, text string, tr *parse.Tree) diag.Position {
	return positionAt(file, text, max(0, strings.LastIndex(text[:min(int(tr.Root.Position()), len(text))], "{{")))
}

// reaches reports whether the template from calls to, directly or
// through the templates it calls, among defs.
func reaches(defs map[string]*parse.Tree, from, to string) bool {
	seen := map[string]bool{from: true}
	for next := []string{from}; len(next) > 0; {
		called := map[string]bool{}
		for _, n := range next {
			addCalls(called, defs[n])
		}
		next = next[:0]
		for n := range called {
			if n == to {
				return true
			}
			if !seen[n] {
				seen[n] = true
				next = append(next, n)
			}
		}
	}
	return false
}

// policyOf returns the policy a Content-Security-Policy <meta> tag in
// text writes, its directives in order, white space as single spaces;
// "" for none.
func policyOf(text string) string {
	m := policyTagPattern.FindStringSubmatch(text)
	if m == nil {
		return ""
	}
	return strings.Join(strings.Fields(strings.ReplaceAll(m[1]+m[2], ";", " ; ")), " ")
}

// policyTagPattern matches a <meta> tag that writes a policy, in any case
// and quoting, and its content.
var policyTagPattern = regexp.MustCompile(`(?is)<meta\s[^>]*http-equiv\s*=\s*["']?content-security-policy["']?[^>]*\scontent\s*=\s*(?:"([^"]*)"|'([^']*)')`)

// kbcPolicy returns the policy kbc's "head" writes.
func kbcPolicy(base *template.Template) string {
	head := base.Lookup("head")
	if head == nil || head.Tree == nil {
		return ""
	}
	var text strings.Builder
	eachText(head.Tree.Root, func(n *parse.TextNode) { text.Write(n.Text) })
	return policyOf(text.String())
}

// checkHead reports what the theme's own head, if it has one, leaves out
// of kbc's, and says whether the theme is held to kbc's policy: when
// kbc's head writes the pages' head, or the theme's writes kbc's policy.
// What kbc's head loads may come from any of the theme's templates (a
// footer that loads the scripts).
func checkHead(files []parsedFile, base *template.Template, diags *diag.List) (keepsPolicy bool) {
	name, f, ok := headOwner(files, base)
	if !ok {
		return true
	}
	var all strings.Builder
	for _, g := range files {
		all.WriteString(g.text)
	}
	var missing []string
	for _, l := range headLoads {
		if !strings.Contains(all.String(), l.text) {
			missing = append(missing, l.what)
		}
	}
	if len(missing) > 0 {
		diags.Add(warning(definitionAt(f.abs, f.text, f.trees[name]), "template %q writes the pages' head without what kbc's loads: %s; start from kbc's (kbc theme head) and add to it",
			name, strings.Join(missing, ", ")))
	}
	policy := kbcPolicy(base)
	return policy != "" && policyOf(f.text) == policy
}
