// Package lint holds the rule framework and the rules that check a loaded
// knowledge base: the step graph, figures, cross-references, translations,
// hard-coded numbers and markup. A rule is a value with a name, a doc and a
// run function; rules read shared indexes from the pass instead of
// rebuilding them.
package lint

import (
	"fmt"
	"regexp"
	"strings"
	"sync"

	"github.com/kbcdev/kbc/internal/content"
	"github.com/kbcdev/kbc/internal/diag"
)

// Rule is one check. Run is nil for the rules whose findings the loader
// reports (syntax and schema): they are listed and documented like the
// others, and their findings carry their names.
type Rule struct {
	Name     string        // kebab-case, used in output and --list-rules
	Doc      string        // first line is the summary; the rest explains
	Severity diag.Severity // the severity of the rule's findings unless it says otherwise
	Run      func(*Pass)
}

// Summary returns the first line of the rule's doc.
func (r *Rule) Summary() string {
	s, _, _ := strings.Cut(r.Doc, "\n")
	return s
}

var ruleName = regexp.MustCompile(`^[a-z]+(-[a-z]+)*$`)

// Validate reports a rule set that cannot be run: a rule without a doc or
// with a malformed or repeated name.
func Validate(rules []*Rule) error {
	seen := map[string]bool{}
	for _, r := range rules {
		switch {
		case !ruleName.MatchString(r.Name):
			return fmt.Errorf("rule name %q is not kebab-case", r.Name)
		case strings.TrimSpace(r.Doc) == "":
			return fmt.Errorf("rule %s has no doc", r.Name)
		case r.Severity != diag.Error && r.Severity != diag.Warning:
			return fmt.Errorf("rule %s has no severity", r.Name)
		case seen[r.Name]:
			return fmt.Errorf("rule %s is declared twice", r.Name)
		}
		seen[r.Name] = true
	}
	return nil
}

// Pass is what a rule sees: the knowledge base, the shared index and a way
// to report.
type Pass struct {
	Rule  *Rule
	KB    *content.KB
	Index *Index
	diags diag.List
}

// Report records a finding, filling in the rule name and, when unset, the
// rule's severity.
func (p *Pass) Report(d diag.Diagnostic) {
	d.Rule = p.Rule.Name
	if d.Severity == 0 {
		d.Severity = p.Rule.Severity
	}
	p.diags.Add(d)
}

// Reportf records a finding that concerns every locale.
func (p *Pass) Reportf(pos diag.Position, format string, args ...any) {
	p.Report(diag.Diagnostic{Pos: pos, Message: fmt.Sprintf(format, args...)})
}

// ReportLocalef records a finding that concerns one locale.
func (p *Pass) ReportLocalef(pos diag.Position, locale, format string, args ...any) {
	p.Report(diag.Diagnostic{Pos: pos, Locale: locale, Message: fmt.Sprintf(format, args...)})
}

// Run runs the rules over the knowledge base, each on its own goroutine
// over one shared index, and returns their findings sorted.
func Run(kb *content.KB, rules []*Rule) diag.List {
	idx := NewIndex(kb)
	passes := make([]*Pass, 0, len(rules))
	var wg sync.WaitGroup
	for _, r := range rules {
		if r.Run == nil {
			continue
		}
		p := &Pass{Rule: r, KB: kb, Index: idx}
		passes = append(passes, p)
		wg.Go(func() { r.Run(p) })
	}
	wg.Wait()
	var all diag.List
	for _, p := range passes {
		all = append(all, p.diags...)
	}
	all.Sort()
	return all
}
