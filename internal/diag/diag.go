// Package diag holds source positions, diagnostics and sorted diagnostic
// lists: the findings that every stage of kbc reports. It depends on nothing
// else in the project.
package diag

import (
	"fmt"
	"path/filepath"
	"sort"
	"strconv"
)

// Position is a place in a source file. Line and Column are 1-based; a zero
// Line means the position names a whole file, a zero Column a whole line.
// Column counts Unicode code points, as editors do.
type Position struct {
	File   string
	Line   int
	Column int
}

// IsValid reports whether the position names at least a file.
func (p Position) IsValid() bool { return p.File != "" || p.Line > 0 }

// String formats the position as file:line:col, dropping the parts that are
// missing, like go/token.Position.
func (p Position) String() string {
	s := p.File
	if p.Line > 0 {
		if s != "" {
			s += ":"
		}
		s += strconv.Itoa(p.Line)
		if p.Column > 0 {
			s += ":" + strconv.Itoa(p.Column)
		}
	}
	if s == "" {
		s = "-"
	}
	return s
}

// Before orders positions by file, then line, then column.
func (p Position) Before(q Position) bool {
	if p.File != q.File {
		return p.File < q.File
	}
	if p.Line != q.Line {
		return p.Line < q.Line
	}
	return p.Column < q.Column
}

// Severity says how a finding affects the exit status.
type Severity int

const (
	// Info findings are reported but never fail a run: things worth
	// knowing, such as text not yet translated into a locale that is
	// published with fallbacks.
	Info Severity = iota + 1
	// Warning findings are reported but fail a run only under --strict.
	Warning
	// Error findings always fail a run.
	Error
)

func (s Severity) String() string {
	switch s {
	case Info:
		return "info"
	case Warning:
		return "warning"
	case Error:
		return "error"
	}
	return "severity(" + strconv.Itoa(int(s)) + ")"
}

// Related points at a second place that explains a finding, such as the
// first declaration of a duplicated id.
type Related struct {
	Pos     Position
	Message string
}

// Diagnostic is one finding.
type Diagnostic struct {
	Pos  Position
	Rule string // the rule that reported it, e.g. "step-graph"
	// Check names the check inside the rule, for rules whose checks
	// kb.yaml may set apart, such as "missing" in "translations".
	Check    string
	Severity Severity
	Locale   string // the locale the finding concerns; empty for all locales
	Message  string
	Related  []Related
	// Fix, when set, resolves the finding mechanically (kbc lint --fix).
	Fix *Fix
	// Folded holds the findings that follow from this one, its cause: they
	// go away when it is fixed, and are reported under it.
	Folded List
}

func (d Diagnostic) String() string {
	return fmt.Sprintf("%s: %s: %s: %s", d.Pos, d.Severity, d.Rule, d.Message)
}

// WithFiles returns d with the file names of its position, of the
// positions it relates to and of the findings folded into it passed
// through f, as a cache that keeps findings with names relative to a
// folder needs; the first error f returns stops it.
func (d Diagnostic) WithFiles(f func(string) (string, error)) (Diagnostic, error) {
	var err error
	if d.Pos.File, err = f(d.Pos.File); err != nil {
		return d, err
	}
	if len(d.Related) > 0 {
		rel := make([]Related, len(d.Related))
		for i, r := range d.Related {
			if r.Pos.File, err = f(r.Pos.File); err != nil {
				return d, err
			}
			rel[i] = r
		}
		d.Related = rel
	}
	if len(d.Folded) > 0 {
		if d.Folded, err = d.Folded.WithFiles(f); err != nil {
			return d, err
		}
	}
	return d, nil
}

// WithFiles returns the list with every finding's file names passed
// through f (see Diagnostic.WithFiles).
func (l List) WithFiles(f func(string) (string, error)) (List, error) {
	out := make(List, len(l))
	for i, d := range l {
		var err error
		if out[i], err = d.WithFiles(f); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// List is a set of diagnostics. Sort orders it by position and drops exact
// duplicates, so a finding reached twice is reported once.
type List []Diagnostic

// Add appends a diagnostic.
func (l *List) Add(d Diagnostic) { *l = append(*l, d) }

// Errorf appends an error-severity finding.
func (l *List) Errorf(pos Position, rule, format string, args ...any) {
	l.Add(Diagnostic{Pos: pos, Rule: rule, Severity: Error, Message: fmt.Sprintf(format, args...)})
}

// Warnf appends a warning-severity finding.
func (l *List) Warnf(pos Position, rule, format string, args ...any) {
	l.Add(Diagnostic{Pos: pos, Rule: rule, Severity: Warning, Message: fmt.Sprintf(format, args...)})
}

func (l List) Len() int      { return len(l) }
func (l List) Swap(i, j int) { l[i], l[j] = l[j], l[i] }
func (l List) Less(i, j int) bool {
	a, b := l[i], l[j]
	if a.Pos != b.Pos {
		return a.Pos.Before(b.Pos)
	}
	if a.Rule != b.Rule {
		return a.Rule < b.Rule
	}
	if a.Locale != b.Locale {
		return a.Locale < b.Locale
	}
	return a.Message < b.Message
}

// Sort sorts the list and removes duplicates: entries with the same
// position, rule, locale and message.
func (l *List) Sort() {
	sort.Stable(*l)
	out := (*l)[:0]
	for i, d := range *l {
		if i > 0 {
			p := out[len(out)-1]
			if p.Pos == d.Pos && p.Rule == d.Rule && p.Locale == d.Locale && p.Message == d.Message {
				continue
			}
		}
		out = append(out, d)
	}
	*l = out
}

// Count returns the number of findings of each severity, folded ones
// included.
func (l List) Count() (errors, warnings int) {
	for _, d := range l {
		switch d.Severity {
		case Error:
			errors++
		case Warning:
			warnings++
		}
		e, w := d.Folded.Count()
		errors, warnings = errors+e, warnings+w
	}
	return errors, warnings
}

// WithoutInfo returns the list without its info findings, those folded
// under a cause included, and how many it dropped: what a report shows
// unless info is asked for.
func (l List) WithoutInfo() (List, int) {
	out := l[:0:0]
	hidden := 0
	for _, d := range l {
		if d.Severity == Info {
			hidden++
			continue
		}
		if len(d.Folded) > 0 {
			var n int
			d.Folded, n = d.Folded.WithoutInfo()
			hidden += n
		}
		out = append(out, d)
	}
	return out, hidden
}

// HasErrors reports whether any finding has error severity.
func (l List) HasErrors() bool {
	e, _ := l.Count()
	return e > 0
}

// Files returns the distinct files the findings are in, sorted.
func (l List) Files() []string {
	seen := map[string]bool{}
	var files []string
	for _, d := range l {
		if f := d.Pos.File; f != "" && !seen[f] {
			seen[f] = true
			files = append(files, f)
		}
	}
	sort.Strings(files)
	return files
}

// Paths says how a printer writes file names: relative to Dir, slash-
// separated, when Dir is set (a command's working directory, as the
// output formats promise), else as the findings hold them. Findings keep
// the names they were made with until they are printed.
type Paths struct {
	Dir string
	// Resolve has file names resolved through symbolic links before they
	// are made relative to Dir, itself resolved.
	Resolve bool
}

// File returns a file name as the printers write it.
func (p Paths) File(name string) string {
	if p.Dir == "" || name == "" {
		return name
	}
	abs, err := filepath.Abs(name)
	if err != nil {
		return name
	}
	if p.Resolve {
		if r, err := filepath.EvalSymlinks(abs); err == nil {
			abs = r
		}
	}
	if r, err := filepath.Rel(p.Dir, abs); err == nil {
		return filepath.ToSlash(r)
	}
	return name
}

// list returns l with its file names, and those of its related
// positions, written as p says; l itself is left as it is.
func (p Paths) list(l List) List {
	if p.Dir == "" {
		return l
	}
	rel := p.File
	out := make(List, len(l))
	for i, d := range l {
		d.Pos.File = rel(d.Pos.File)
		if len(d.Related) > 0 {
			related := make([]Related, len(d.Related))
			for j, r := range d.Related {
				r.Pos.File = rel(r.Pos.File)
				related[j] = r
			}
			d.Related = related
		}
		if len(d.Folded) > 0 {
			d.Folded = p.list(d.Folded)
		}
		out[i] = d
	}
	return out
}
