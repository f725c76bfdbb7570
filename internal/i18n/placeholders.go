package i18n

import (
	"fmt"
	"slices"
	"strings"
	"text/template/parse"
)

// Placeholders returns the fields a message's text fills in, such as N
// for "step {{.N}}", in the order of the text. A message is a whole
// phrase with placeholders and nothing else: any other action (a range,
// a function call, a template) is an error, as is a text that is not a
// well-formed template. go-i18n would run such an action as it is, and a
// catalog beside the content folder is the knowledge base's to write.
func Placeholders(text string) ([]string, error) {
	return PlaceholdersWithin(text, "{{", "}}")
}

// PlaceholdersWithin is Placeholders for a message whose placeholders
// are between the delimiters left and right, as a go-i18n message may
// set (leftDelim, rightDelim).
func PlaceholdersWithin(text, left, right string) ([]string, error) {
	if !strings.Contains(text, left) {
		return nil, nil // no action can open: most messages
	}
	trees, err := parse.Parse("message", text, left, right)
	if err != nil {
		return nil, fmt.Errorf("not a well-formed message template: %v", cleanParseError(err))
	}
	var fields []string
	for _, t := range trees {
		if t.Root == nil {
			continue
		}
		for _, n := range t.Root.Nodes {
			switch n.(type) {
			case *parse.TextNode, *parse.CommentNode:
				continue
			}
			f, ok := placeholder(n)
			if !ok {
				return nil, fmt.Errorf("%s is not a placeholder such as %s.N%s: a message holds only text and placeholders", n, left, right)
			}
			if !slices.Contains(fields, f) {
				fields = append(fields, f)
			}
		}
	}
	if len(trees) > 1 {
		return nil, fmt.Errorf("a message defines no templates of its own")
	}
	return fields, nil
}

// placeholder returns the field a node fills in when it is one: an
// action {{.Name}}, with no declaration, pipeline or function.
func placeholder(n parse.Node) (string, bool) {
	a, ok := n.(*parse.ActionNode)
	if !ok {
		return "", false
	}
	p := a.Pipe
	if p == nil || len(p.Decl) > 0 || len(p.Cmds) != 1 || len(p.Cmds[0].Args) != 1 {
		return "", false
	}
	f, ok := p.Cmds[0].Args[0].(*parse.FieldNode)
	if !ok || len(f.Ident) != 1 {
		return "", false
	}
	return f.Ident[0], true
}

// cleanParseError drops what text/template puts before its message,
// "template: message:1: ": the finding gives the message's own place.
func cleanParseError(err error) string {
	msg := strings.TrimPrefix(err.Error(), "template: message:")
	if line, rest, ok := strings.Cut(msg, ": "); ok && strings.Trim(line, "0123456789") == "" {
		return rest
	}
	return msg
}
