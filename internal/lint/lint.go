// Package lint holds the rule framework and the rules that check a loaded
// knowledge base: the step graph, figures, cross-references, translations,
// hard-coded numbers, markup, typography and the site's UI strings, beside
// the syntax and schema rules whose findings the loader reports. A rule is
// a value with a name, a doc and a run function; rules read the shared
// index and each article's derived structure (package resolve) from the
// pass instead of rebuilding them.
package lint

import (
	"fmt"
	"regexp"
	"strings"
	"sync"

	"github.com/kbcdev/kbc/internal/content"
	"github.com/kbcdev/kbc/internal/diag"
	"github.com/kbcdev/kbc/internal/svg"
)

// Rule is one check. Run is nil for the rules whose findings the loader
// reports (syntax and schema): they are listed and documented like the
// others, and their findings carry their names.
type Rule struct {
	Name     string        // kebab-case, used in output and --list-rules
	Doc      string        // first line is the summary; the rest explains
	Severity diag.Severity // the severity of the rule's findings unless it says otherwise
	// Checks are the kinds of finding inside the rule that kb.yaml may
	// set apart; most rules have none.
	Checks []Check
	Run    func(*Pass)
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
	// articles are those to check; the index holds their texts.
	articles []*content.Article
	settings settings
	figures  *svg.Memo // of the build the checks run for, if any
	run      *runMemo  // shared by the passes of every batch of one run
}

// runMemo holds what a rule works out once per run rather than once per
// batch: what it reads of the knowledge base as a whole.
type runMemo struct {
	mu     sync.Mutex
	values map[string]*runValue
}

type runValue struct {
	once sync.Once
	v    any
}

// perRun returns what f returns, calling it once per run of the rules
// for key, however many batches ask: for a check of the knowledge base
// as a whole that is slow to repeat, such as loading its theme, whose
// templates may run for as long as their bounds let them.
func (p *Pass) perRun(key string, f func() any) any {
	p.run.mu.Lock()
	rv := p.run.values[key]
	if rv == nil {
		rv = &runValue{}
		p.run.values[key] = rv
	}
	p.run.mu.Unlock()
	rv.once.Do(func() { rv.v = f() })
	return rv.v
}

// Articles returns the articles the pass checks: some or all of those the
// knowledge base loaded whole (see Run). Every other article is there to
// be referred to.
func (p *Pass) Articles() []*content.Article { return p.articles }

// Report records a finding, filling in the rule name and, when unset, the
// rule's severity; kb.yaml's rule settings have the last word on the
// severity, and may turn the finding off.
func (p *Pass) Report(d diag.Diagnostic) {
	d.Rule = p.Rule.Name
	if d.Severity == 0 {
		d.Severity = p.Rule.Severity
	}
	if d.Severity = p.settings.severity(d.Rule, d.Check, d.Locale, d.Severity); d.Severity == off {
		return
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

// Run runs the rules over the knowledge base and returns their findings
// sorted. The articles loaded whole are checked in batches of batchSize,
// each batch indexed once and checked by every rule, each rule on its own
// goroutine: memory holds the index of one batch, not of the whole
// knowledge base, and findings do not depend on the batches (a rule's
// findings about the knowledge base as a whole are found again in every
// batch, and the sorted list keeps one of each). The articles a lean load
// set aside (see content.LoadLean) are loaded again whole, a batch at a
// time, and checked too: memory then holds one batch of articles whole.
// One whose files changed since the lean load is reported as such. A
// knowledge base whose kb.yaml could not be parsed is not checked: the
// loader's findings about kb.yaml come first, alone.
func Run(kb *content.KB, rules []*Rule) diag.List {
	return RunBuilding(kb, rules, Building{})
}

// Building is what the checks share with a build that renders the site
// while they run (see RunBuilding).
type Building struct {
	// Batch, unless nil, is called with every batch of set-aside
	// articles once they are checked, while they are loaded whole: a
	// build renders their pages then, rather than loading them again.
	// It is called whatever the findings, on the goroutine of
	// RunBuilding, and must not keep the articles once it returns if
	// memory is to hold one batch at a time.
	Batch func(whole []*content.Article)
	// Figures, unless nil, sanitizes the SVG figures the checks read,
	// remembering what it keeps of each for the build to publish.
	Figures *svg.Memo
}

// RunBuilding is Run for a build that renders while the checks run.
func RunBuilding(kb *content.KB, rules []*Rule, b Building) diag.List {
	if kb.ConfigFailed() {
		return nil // kb.yaml's findings come first, alone
	}
	return runInBatches(kb, rules, batchSize, b)
}

// runInBatches is RunBuilding with batches of size articles.
func runInBatches(kb *content.KB, rules []*Rule, size int, b Building) diag.List {
	loaded := kb.Loaded()
	anchors := allAnchors(kb)
	set, all := compileSettings(kb.Config, rules)
	run := &runMemo{values: map[string]*runValue{}}
	for start := 0; start == 0 || start < len(loaded); start += size {
		batch := loaded[start:min(start+size, len(loaded))]
		all = append(all, runBatch(kb, rules, set, anchors, b.Figures, run, batch)...)
	}
	aside := kb.SetAside()
	for start := 0; start < len(aside); start += size {
		chunk := aside[start:min(start+size, len(aside))]
		bkb, batch := kb.WithFolders(folders(chunk))
		all = append(all, runBatch(bkb, rules, set, anchors, b.Figures, run, batch)...)
		all = append(all, notReloaded(chunk, batch)...)
		if b.Batch != nil {
			b.Batch(batch)
		}
	}
	all.Sort()
	return all
}

// notReloaded reports the set-aside articles of chunk that did not load
// again whole as the same article (see content.KB.WithFolders): their
// files changed after the lean load, so that their checks could not run
// on what the rest of the lint saw. An error, as a lint that says nothing
// of them would pass files it never checked; kbc build, which lints
// with the same Run, stops on it too.
func notReloaded(chunk, whole []*content.Article) diag.List {
	again := make(map[string]bool, len(whole))
	for _, a := range whole {
		again[a.Dir] = true
	}
	var out diag.List
	for _, a := range chunk {
		if !again[a.Dir] {
			out = append(out, diag.Diagnostic{Pos: a.Pos, Rule: content.RuleSyntax, Severity: diag.Error,
				Message: fmt.Sprintf("%s changed while it was being checked, so its checks did not run; run again", a.ID)})
		}
	}
	return out
}

// folders returns the folders of the articles.
func folders(as []*content.Article) []string {
	dirs := make([]string, len(as))
	for i, a := range as {
		dirs[i] = a.Dir
	}
	return dirs
}

// batchSize is the number of articles checked at once: large enough that
// the findings about the whole knowledge base, found in every batch, cost
// little, small enough that the index of a batch is a small part of the
// memory of the knowledge base. At 20,000 articles, halving it from 512
// to 256 cut lint's peak memory by a tenth at the same CPU time; halving
// it again cost a sixth more CPU at 5,000 articles for 40 MB less.
const batchSize = 256

func runBatch(kb *content.KB, rules []*Rule, set settings, anchors map[string][]string, figures *svg.Memo, run *runMemo, batch []*content.Article) diag.List {
	idx := newBatchIndex(kb, anchors, batch)
	passes := make([]*Pass, 0, len(rules))
	var wg sync.WaitGroup
	for _, r := range rules {
		if r.Run == nil {
			continue
		}
		p := &Pass{Rule: r, KB: kb, Index: idx, articles: batch, settings: set, figures: figures, run: run}
		passes = append(passes, p)
		wg.Go(func() { r.Run(p) })
	}
	wg.Wait()
	var all diag.List
	for _, p := range passes {
		all = append(all, p.diags...)
	}
	return all
}
