package content

import (
	"regexp"
	"strings"
)

// RefKind is the kind of a typed inline reference.
type RefKind string

// The kinds of inline reference prose may contain.
const (
	RefStep     RefKind = "step" // {{step:ID}}
	RefFigure   RefKind = "fig"  // {{fig:ID}}
	RefArticle  RefKind = "kb"   // {{kb:KB2269}} or {{kb:KB2269#anchor}}
	RefFootnote RefKind = "fn"   // {{fn:ID}}
)

// RefKinds lists every kind, for messages and hints.
var RefKinds = []RefKind{RefStep, RefFigure, RefArticle, RefFootnote}

// InlineRef is one {{kind:target}} occurrence in a text.
type InlineRef struct {
	Kind   RefKind
	Target string // the id, or the KB id for RefArticle
	Anchor string // for RefArticle: the part after '#', if any
	Start  int    // byte offsets of the whole {{...}} in the text
	End    int
	// Malformed is set when the braces hold no recognizable reference;
	// Kind and Target are then whatever could be read.
	Malformed bool
}

var refPattern = regexp.MustCompile(`\{\{([^{}]*)\}\}`)

// ParseRefs returns every {{...}} reference in s, in order.
func ParseRefs(s string) []InlineRef {
	var refs []InlineRef
	for _, m := range refPattern.FindAllStringSubmatchIndex(s, -1) {
		body := strings.TrimSpace(s[m[2]:m[3]])
		r := InlineRef{Start: m[0], End: m[1]}
		kind, target, ok := strings.Cut(body, ":")
		r.Kind, r.Target = RefKind(strings.TrimSpace(kind)), strings.TrimSpace(target)
		if r.Kind == RefArticle {
			r.Target, r.Anchor, _ = strings.Cut(r.Target, "#")
		}
		r.Malformed = !ok || r.Target == "" || !isRefKind(r.Kind)
		refs = append(refs, r)
	}
	return refs
}

func isRefKind(k RefKind) bool {
	for _, known := range RefKinds {
		if k == known {
			return true
		}
	}
	return false
}
