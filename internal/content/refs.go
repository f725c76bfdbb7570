package content

import (
	"strings"
)

// RefKind is the kind of a typed inline reference.
type RefKind string

// The kinds of inline reference prose may contain.
const (
	RefStep     RefKind = "step" // {{step:ID}} or {{step:ID|context}}
	RefFigure   RefKind = "fig"  // {{fig:ID}}
	RefArticle  RefKind = "kb"   // {{kb:KB2269}} or {{kb:KB2269#anchor}}
	RefFootnote RefKind = "fn"   // {{fn:ID}}
	RefVariable RefKind = "var"  // {{var:NAME}}, a value kb.yaml declares
)

// RefKinds lists every kind, for messages and hints.
var RefKinds = []RefKind{RefStep, RefFigure, RefArticle, RefFootnote, RefVariable}

// InlineRef is one {{kind:target}} occurrence in a text.
type InlineRef struct {
	Kind   RefKind
	Target string // the id, or the KB id for RefArticle
	Anchor string // for RefArticle: the part after '#', if any
	// Context is the grammatical context the reference is read in, the
	// part after '|': {{step:ID|from}} renders the locale's whole phrase
	// for "from step N". Empty for the plain naming form.
	Context string
	// HasContext is set when the braces hold a '|', even with nothing
	// after it.
	HasContext bool
	Start      int // byte offsets of the whole {{...}} in the text
	End        int
	// Malformed is set when the braces hold no recognizable reference;
	// Kind and Target are then whatever could be read.
	Malformed bool
}

// ParseRefs returns every {{...}} reference in s, in order: double braces
// around text that holds no brace, as the regular expression
// \{\{([^{}]*)\}\} would find them. Every text of every locale goes
// through here, so it scans for the braces instead of running the
// expression.
func ParseRefs(s string) []InlineRef {
	var refs []InlineRef
	for from := 0; ; {
		start, end, ok := nextRef(s, from)
		if !ok {
			return refs
		}
		refs = append(refs, parseRef(s, start, end))
		from = end
	}
}

// nextRef returns the byte range of the first {{...}} at or after from
// whose braces hold no other brace.
func nextRef(s string, from int) (start, end int, ok bool) {
	for {
		i := strings.Index(s[from:], "{{")
		if i < 0 {
			return 0, 0, false
		}
		start = from + i
		j := strings.IndexAny(s[start+2:], "{}")
		if j < 0 {
			// No brace after the opening ones: no reference can close.
			return 0, 0, false
		}
		j += start + 2
		if strings.HasPrefix(s[j:], "}}") {
			return start, j + 2, true
		}
		// A brace inside: a reference may still open at the next "{{",
		// such as the inner one of "{{{step:x}}".
		from = start + 1
	}
}

// parseRef reads the reference s[start:end], which is {{ body }}.
func parseRef(s string, start, end int) InlineRef {
	body := strings.TrimSpace(s[start+2 : end-2])
	r := InlineRef{Start: start, End: end}
	kind, target, ok := strings.Cut(body, ":")
	target, context, hasContext := strings.Cut(target, "|")
	r.Kind, r.Target = RefKind(strings.TrimSpace(kind)), strings.TrimSpace(target)
	r.Context, r.HasContext = strings.TrimSpace(context), hasContext
	if r.Kind == RefArticle {
		r.Target, r.Anchor, _ = strings.Cut(r.Target, "#")
	}
	r.Malformed = !ok || r.Target == "" || !isRefKind(r.Kind)
	return r
}

func isRefKind(k RefKind) bool {
	for _, known := range RefKinds {
		if k == known {
			return true
		}
	}
	return false
}

// Canonical writes the reference the one way that tells references
// apart: {{kind:target}} or {{kb:KB1#anchor}}, without the spacing inside
// the braces or the context, which a translation may choose for its own
// grammar.
func (r InlineRef) Canonical() string {
	s := "{{" + string(r.Kind) + ":" + r.Target
	if r.Anchor != "" {
		s += "#" + r.Anchor
	}
	return s + "}}"
}

// Step reference contexts: the grammatical contexts a {{step:ID|context}}
// reference may name. Each is a whole phrase in every locale's catalog,
// so that a case ending, a preposition with its elision or a particle is
// part of the link rather than typed around it.
const (
	ContextTo     = "to"     // "to step 2", "à l’étape 2", "a 2. lépéshez", "ステップ 2 に"
	ContextFrom   = "from"   // "from step 1", "à partir de l’étape 1", "az 1. lépéstől", "ステップ 1 から"
	ContextIn     = "in"     // "in step 2", "à l’étape 2", "a 2. lépésben", "ステップ 2 で"
	ContextObject = "object" // the step as a verb's object: "a 2. lépést", "ステップ 2 を"
	ContextOf     = "of"     // what belongs to the step: "de l’étape 2", "ステップ 2 の"
)

// RefContexts lists the contexts a step reference may name.
var RefContexts = []string{ContextTo, ContextFrom, ContextIn, ContextObject, ContextOf}
