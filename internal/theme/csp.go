package theme

import (
	"regexp"
	"slices"
	"strings"
	"text/template/parse"

	"github.com/kbcdev/kbc/internal/diag"
)

// The site's pages carry a strict Content-Security-Policy (see
// site/templates/page.html): scripts, styles and images load only from
// the site's own files. Markup a theme writes that the policy blocks
// would be published and do nothing, in silence; checkPolicy says so at
// its line. Only the theme's own text is read, not what its actions
// write.
var policyChecks = []struct {
	re  *regexp.Regexp
	why string
	// attribute is set for an attribute, which counts only inside a tag
	attribute bool
}{
	{regexp.MustCompile(`(?i)<script\b[^>]*>`), "an inline <script> does not run: the site's Content-Security-Policy runs scripts from the site's own files only; put it in theme/assets/NAME.js and load it with <script src>", false},
	{regexp.MustCompile(`(?i)<style\b`), "a <style> element does not apply: the site's Content-Security-Policy applies stylesheets from the site's own files only; put its rules in theme/assets/theme.css", false},
	{regexp.MustCompile(`(?i)[\s"']style\s*=`), "a style attribute does not apply: the site's Content-Security-Policy applies stylesheets from the site's own files only; put the rule in theme/assets/theme.css", true},
	{regexp.MustCompile(`(?i)[\s"']on[a-z]+\s*=`), "an event attribute does not run: the site's Content-Security-Policy runs scripts from the site's own files only; add the handler in theme/assets/NAME.js", true},
	{regexp.MustCompile(`(?i)<(?:img|script|iframe|link|source|video|audio)\b[^>]*\s(?:src|href|srcset)\s*=\s*["']?(?:https?:)?//`), "this loads a file from another site, which the site's Content-Security-Policy blocks: put the file in theme/assets and refer to it there", false},
}

// checkPolicy reports, in the theme file src, markup the site's policy
// blocks.
func checkPolicy(file, src string, trees map[string]*parse.Tree, diags *diag.List) {
	for _, name := range sortedKeys(trees) {
		if trees[name].Root == nil {
			continue
		}
		eachText(trees[name].Root, func(n *parse.TextNode) {
			text := string(n.Text)
			type found struct {
				off int
				why string
			}
			var all []found
			for _, c := range policyChecks {
				for _, loc := range c.re.FindAllStringIndex(text, -1) {
					if strings.HasPrefix(strings.ToLower(text[loc[0]:]), "<script") && strings.Contains(strings.ToLower(text[loc[0]:loc[1]]), "src=") {
						continue // a script of the site's own files, or another site's, which the last check reads
					}
					if c.attribute && !inTag(text, loc[0]) {
						continue
					}
					all = append(all, found{int(n.Pos) + loc[0], c.why})
				}
			}
			slices.SortStableFunc(all, func(a, b found) int { return a.off - b.off })
			for _, f := range all {
				d := problem(diag.Position{File: file, Line: 1 + strings.Count(src[:min(f.off, len(src))], "\n")}, "%s", f.why)
				d.Severity = diag.Warning
				diags.Add(d)
			}
		})
	}
}

// inTag reports whether offset i of text is inside a tag: after a "<"
// that no ">" closes before i.
func inTag(text string, i int) bool {
	return strings.LastIndexByte(text[:i], '<') > strings.LastIndexByte(text[:i], '>')
}

// eachText calls f with every text node under n, in the order of the
// file.
func eachText(n parse.Node, f func(*parse.TextNode)) {
	switch n := n.(type) {
	case *parse.TextNode:
		f(n)
	case *parse.ListNode:
		if n == nil {
			return
		}
		for _, c := range n.Nodes {
			eachText(c, f)
		}
	case *parse.IfNode:
		eachBranch(&n.BranchNode, f)
	case *parse.RangeNode:
		eachBranch(&n.BranchNode, f)
	case *parse.WithNode:
		eachBranch(&n.BranchNode, f)
	}
}

func eachBranch(b *parse.BranchNode, f func(*parse.TextNode)) {
	eachText(b.List, f)
	if b.ElseList != nil {
		eachText(b.ElseList, f)
	}
}
