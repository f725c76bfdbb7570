package lint

import (
	"github.com/kbcdev/kbc/internal/content"
	"github.com/kbcdev/kbc/internal/diag"
)

// Syntax names the loader's findings about the text of a file.
var Syntax = &Rule{
	Name:     content.RuleSyntax,
	Severity: diag.Error,
	Doc: `every content file is well-formed UTF-8 YAML
Reported by the loader: malformed YAML, tabs in indentation, invalid UTF-8,
control and bidirectional-override characters, empty files, files over the size
limit, several documents in one file, and anchors or aliases (not supported, so
that alias bombs cannot cost memory). A byte-order mark, CRLF line endings and
zero-width characters are warnings.`,
}

// Schema names the loader's findings about the shape of a file.
var Schema = &Rule{
	Name:     content.RuleSchema,
	Severity: diag.Error,
	Doc: `every content file has the shape of an article, translation or kb.yaml
Reported by the loader: unknown keys (with the nearest known key as a hint),
wrong types, missing required keys, duplicate keys, invalid or duplicate ids,
unknown platforms and locales, files in the wrong place. schema/ holds the same
contract as JSON Schema for editors.`,
}

// All returns every rule, in the order --list-rules prints them.
func All() []*Rule {
	return []*Rule{
		Syntax,
		Schema,
		StepGraph,
		Fragments,
		Figures,
		XRef,
		Markup,
		Translations,
		HardcodedNumbers,
		RefContext,
		Typography,
		Terminology,
		UIStrings,
		Sections,
		Site,
	}
}
