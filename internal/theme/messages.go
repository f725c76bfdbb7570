package theme

import (
	"slices"
	"text/template/parse"

	"github.com/kbcdev/kbc/internal/diag"
)

// MessageUse is a UI message a theme's template asks for by its id, as
// {{.UI.T "id"}} or {{$.UI.With "id" …}} does.
type MessageUse struct {
	ID  string
	Pos diag.Position
}

// Messages returns the UI messages the theme's own templates ask for by
// a literal id, in the order of their files: the ui-strings checks hold
// each to the catalogs, as a message no catalog defines shows as [id] on
// every page.
func (t *Theme) Messages() []MessageUse { return t.messages }

// uiMethods are the methods of the page's UI strings (i18n.Strings)
// whose first argument is a message id.
var uiMethods = []string{"T", "With", "Plural", "PluralWith", "Numbered", "Parts"}

// messageUses finds the literal message ids the trees ask for.
func messageUses(file, src string, trees map[string]*parse.Tree) []MessageUse {
	var out []MessageUse
	for _, name := range sortedKeys(trees) {
		if trees[name].Root == nil {
			continue
		}
		eachNode(trees[name].Root, func(n parse.Node) {
			c, ok := n.(*parse.CommandNode)
			if !ok || len(c.Args) < 2 || !callsUI(c.Args[0]) {
				return
			}
			if s, ok := c.Args[1].(*parse.StringNode); ok {
				out = append(out, MessageUse{ID: s.Text, Pos: diag.Position{File: file, Line: lineAt(src, int(s.Pos))}})
			}
		})
	}
	slices.SortStableFunc(out, func(a, b MessageUse) int { return a.Pos.Line - b.Pos.Line })
	return out
}

// callsUI reports whether n is .UI.Method or $.UI.Method, a method of
// the page's UI strings that takes a message id.
func callsUI(n parse.Node) bool {
	var ident []string
	switch n := n.(type) {
	case *parse.FieldNode:
		ident = n.Ident
	case *parse.VariableNode:
		if len(n.Ident) == 0 || n.Ident[0] != "$" {
			return false
		}
		ident = n.Ident[1:]
	default:
		return false
	}
	return len(ident) == 2 && ident[0] == "UI" && slices.Contains(uiMethods, ident[1])
}

// eachNode calls f with n and every node under it.
func eachNode(n parse.Node, f func(parse.Node)) {
	if n == nil {
		return
	}
	f(n)
	switch n := n.(type) {
	case *parse.ListNode:
		if n == nil {
			return
		}
		for _, c := range n.Nodes {
			eachNode(c, f)
		}
	case *parse.ActionNode:
		eachNode(n.Pipe, f)
	case *parse.PipeNode:
		if n == nil {
			return
		}
		for _, c := range n.Cmds {
			eachNode(c, f)
		}
	case *parse.CommandNode:
		for _, a := range n.Args {
			eachNode(a, f)
		}
	case *parse.IfNode:
		eachBranchNode(&n.BranchNode, f)
	case *parse.RangeNode:
		eachBranchNode(&n.BranchNode, f)
	case *parse.WithNode:
		eachBranchNode(&n.BranchNode, f)
	case *parse.TemplateNode:
		eachNode(n.Pipe, f)
	}
}

func eachBranchNode(b *parse.BranchNode, f func(parse.Node)) {
	eachNode(b.Pipe, f)
	eachNode(b.List, f)
	if b.ElseList != nil {
		eachNode(b.ElseList, f)
	}
}
