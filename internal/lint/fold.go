package lint

import (
	"os"
	"path/filepath"
	"slices"

	"github.com/kbcdev/kbc/internal/content"
	"github.com/kbcdev/kbc/internal/diag"
)

// maxCauses bounds the guesses Fold tries: each costs a lint of the whole
// knowledge base, and a file with more misspellings than this is better
// read from the top anyway.
const maxCauses = 8

// Fold puts the findings of report that follow from another finding under
// it, and the findings that explain others first. A finding explains
// others when its fix is a guess, such as the known key nearest to a
// misspelled one: Fold makes the guessed fix in memory, loads the changed
// file again and lints the knowledge base with it, and the findings that
// are gone then are those that follow from the misspelling. For "stpes",
// they are the procedure's missing "steps", its empty platform branches,
// and every reference to one of the steps written under it.
//
// loaded holds the loader's findings for kb, report the findings to show
// (a part of loaded and of rules' findings, sorted); the guesses are only
// tried for article and translation files.
func Fold(kb *content.KB, loaded, report diag.List, rules []*Rule) diag.List {
	out := slices.Clone(report)
	folded := make([]bool, len(out))
	tried := 0
	for i, d := range out {
		if folded[i] || d.Fix == nil || !d.Fix.Guess || tried == maxCauses {
			continue
		}
		after, ok := withFix(kb, loaded, d, rules)
		if !ok {
			continue
		}
		tried++
		for j, e := range out {
			if j == i || folded[j] || after[keyOf(e)] {
				continue
			}
			out[i].Folded = append(out[i].Folded, e)
			folded[j] = true
		}
	}
	var causes, rest diag.List
	for i, d := range out {
		switch {
		case folded[i]:
		case len(d.Folded) > 0:
			causes = append(causes, d)
		default:
			rest = append(rest, d)
		}
	}
	return append(causes, rest...)
}

// findingKey identifies a finding across two runs on files that differ by
// a fix within one line: the column is left out, as the fix may move what
// follows it on its line.
type findingKey struct {
	file, rule, check, locale, message string
	line                               int
	severity                           diag.Severity
}

func keyOf(d diag.Diagnostic) findingKey {
	return findingKey{d.Pos.File, d.Rule, d.Check, d.Locale, d.Message, d.Pos.Line, d.Severity}
}

// withFix returns the findings of the knowledge base with the fix of d
// made in d's file, which must be the source or a translation file of one
// of kb's articles, and whether it could be made and the file read.
func withFix(kb *content.KB, loaded diag.List, d diag.Diagnostic, rules []*Rule) (map[findingKey]bool, bool) {
	file := d.Pos.File
	a, lang := articleOf(kb, file)
	if a == nil {
		return nil, false
	}
	src, err := os.ReadFile(file)
	if err != nil {
		return nil, false
	}
	fixed, n := diag.ApplyEdits(src, d.Fix.Edits)
	if n != len(d.Fix.Edits) {
		return nil, false
	}
	var changed *content.Article
	var diags diag.List
	if lang == "" {
		changed, diags = content.ParseArticle(file, fixed, kb.Config)
		if changed == nil || changed.ID != a.ID {
			return nil, false
		}
		changed.Dir, changed.Translations = a.Dir, a.Translations
		// What the loader says of the folder, which the fix leaves as
		// it is, still stands.
		diags = append(diags, content.CheckFolder(changed)...)
	} else {
		tr, trDiags := content.ParseTranslation(file, lang, fixed)
		if tr == nil {
			return nil, false
		}
		changed, diags = a.WithTranslation(tr), trDiags
	}
	after := map[findingKey]bool{}
	for _, e := range loaded {
		if e.Pos.File != file {
			after[keyOf(e)] = true
		}
	}
	for _, e := range append(diags, Run(kb.WithArticles(changed), rules)...) {
		after[keyOf(e)] = true
	}
	return after, true
}

// articleOf returns the article whose source file is file (lang "") or
// whose translation into lang it is, or nil; an article a lean load set
// aside is loaded again whole.
func articleOf(kb *content.KB, file string) (*content.Article, string) {
	for _, a := range kb.Articles {
		if a.IsSetAside() && a.Dir == filepath.Dir(file) {
			whole, err := kb.Reload(a)
			if err != nil {
				return nil, ""
			}
			a = whole
		}
		if a.File == file {
			return a, ""
		}
		for lang, t := range a.Translations {
			if t.File == file {
				return a, lang
			}
		}
	}
	return nil, ""
}
