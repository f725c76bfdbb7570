package theme

import (
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
// checkPolicy says so at its line. Only the theme's own text is read,
// tag by tag, not what its actions write. A theme that redefines "head"
// or "page" writes a policy of its own, and is not held to kbc's.

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

// redefinesHead reports whether the theme's templates redefine one of
// those that write kbc's policy.
func redefinesHead(trees map[string]*parse.Tree) bool {
	return trees["head"] != nil || trees["page"] != nil
}

// checkPolicy reports, in the theme file src, markup the site's policy
// blocks.
func checkPolicy(file, src string, trees map[string]*parse.Tree, diags *diag.List) {
	type found struct {
		off int
		why string
	}
	var all []found
	for _, name := range sortedKeys(trees) {
		if trees[name].Root == nil {
			continue
		}
		eachText(trees[name].Root, func(n *parse.TextNode) {
			text := string(n.Text)
			for _, m := range tagPattern.FindAllStringSubmatchIndex(text, -1) {
				tag := strings.ToLower(text[m[2]:m[3]])
				for _, why := range blockedByPolicy(tag, attributes(text[m[4]:m[5]])) {
					all = append(all, found{int(n.Pos) + m[0], why})
				}
			}
		})
	}
	slices.SortStableFunc(all, func(a, b found) int { return a.off - b.off })
	for _, f := range all {
		diags.Add(warning(diag.Position{File: file, Line: lineAt(src, f.off)}, "%s", f.why))
	}
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
