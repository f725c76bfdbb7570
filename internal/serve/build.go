package serve

import (
	"errors"
	"fmt"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/kbcdev/kbc/internal/content"
	"github.com/kbcdev/kbc/internal/diag"
	"github.com/kbcdev/kbc/internal/lint"
	"github.com/kbcdev/kbc/internal/site"
)

// Status is the outcome of the latest build, served at /_kbc/status and
// sent on /_kbc/events for the page script to show.
type Status struct {
	// Site names the site being served: it changes with every successful
	// build and when the server restarts, and is empty until a build has
	// succeeded. A page compares it with the name it was served under to
	// know that it is out of date.
	Site string `json:"site"`
	// OK reports whether the latest build succeeded; when it did not, the
	// previous site is still served.
	OK bool `json:"ok"`
	// Error is a failure that is not a lint finding, such as a content
	// folder that cannot be read.
	Error    string    `json:"error,omitempty"`
	Errors   int       `json:"errors"`
	Warnings int       `json:"warnings"`
	Findings []Finding `json:"findings"`
}

// Finding is one lint finding as the browser shows it.
type Finding struct {
	Position string `json:"position"` // file:line:col
	File     string `json:"file"`
	Line     int    `json:"line"`
	Column   int    `json:"column"`
	Severity string `json:"severity"`
	Rule     string `json:"rule"`
	Locale   string `json:"locale,omitempty"`
	Message  string `json:"message"`
}

// rebuild loads and lints the knowledge base and, when no finding is an
// error, builds the site over the previous one. Whatever happens is
// reported on the log and to the browsers; only an option the knowledge
// base cannot satisfy on the first build is returned, since the server
// could never build anything with it.
func (s *Server) rebuild() error {
	start := time.Now()
	st := Status{}
	plan, err := site.NewPlan(s.opts.Root, s.siteOptions())
	var kb *content.KB
	var diags diag.List
	if err == nil {
		defer plan.Close()
		kb, diags, err = plan.Load(func(kb *content.KB) diag.List { return lint.Run(kb, lint.All()) })
	}
	if err != nil {
		st.Error = err.Error()
		s.finish(st, nil)
		return nil
	}
	s.relativize(diags)
	st.Errors, st.Warnings = diags.Count()
	st.Findings = findings(diags)
	if st.Errors > 0 {
		s.finish(st, diags)
		return nil
	}
	sum, err := s.build(plan, kb)
	if err != nil {
		var ue *site.UsageError
		if errors.As(err, &ue) && s.firstBuild() {
			return err
		}
		st.Error = strings.ReplaceAll(err.Error(), "\n", "; ")
		s.finish(st, diags)
		return nil
	}
	st.OK = true
	for _, w := range sum.Warnings {
		fmt.Fprintf(s.log, "kbc serve: warning: %s\n", w)
	}
	s.finish(st, diags)
	fmt.Fprintf(s.log, "kbc serve: built %d pages in %s%s\n", sum.Pages, time.Since(start).Round(time.Millisecond), warningsNote(st.Warnings))
	return nil
}

// siteOptions are the build options of the served site: a cache beside
// it, so that an edit re-checks and re-renders only what it changed.
func (s *Server) siteOptions() site.Options {
	opts := s.opts.Site
	opts.Out = s.out
	opts.Cache = filepath.Join(s.tmp, "cache")
	opts.Waiting = func(folder string) {
		fmt.Fprintf(s.log, "kbc serve: waiting for another kbc process to finish with %s\n", folder)
	}
	return opts
}

// build writes the site while no request reads it, and counts it.
func (s *Server) build(plan *site.Plan, kb *content.KB) (*site.Summary, error) {
	s.siteMu.Lock()
	defer s.siteMu.Unlock()
	sum, err := plan.Build(kb)
	if err == nil {
		s.built++
	}
	return sum, err
}

func (s *Server) firstBuild() bool {
	s.siteMu.RLock()
	defer s.siteMu.RUnlock()
	return s.built == 0
}

// siteName names the site being served; the caller holds siteMu.
func (s *Server) siteName() string {
	if s.built == 0 {
		return ""
	}
	return s.instance + "-" + strconv.Itoa(s.built)
}

// finish records the outcome, prints the findings and what they mean for
// the site, and tells every open page.
func (s *Server) finish(st Status, diags diag.List) {
	s.siteMu.RLock()
	st.Site = s.siteName()
	s.siteMu.RUnlock()
	if st.Findings == nil {
		st.Findings = []Finding{}
	}

	diag.PrintText(s.log, diags)
	switch {
	case st.Error != "":
		fmt.Fprintf(s.log, "kbc serve: %s\n", st.Error)
	case !st.OK:
		fmt.Fprintf(s.log, "kbc serve: %s; the site was not rebuilt\n", plural(st.Errors, "error"))
	}
	if !st.OK && st.Site != "" {
		fmt.Fprintln(s.log, "kbc serve: still serving the last good site")
	}

	s.stateMu.Lock()
	s.state = st
	for ch := range s.subs {
		// A page that has not read the previous signal yet will read the
		// latest status when it does: one pending signal is enough.
		select {
		case ch <- struct{}{}:
		default:
		}
	}
	s.stateMu.Unlock()
}

// Status returns the outcome of the latest build.
func (s *Server) Status() Status {
	s.stateMu.Lock()
	defer s.stateMu.Unlock()
	return s.state
}

// subscribe returns a channel signalled after every build, and a function
// that stops the signals.
func (s *Server) subscribe() (<-chan struct{}, func()) {
	ch := make(chan struct{}, 1)
	s.stateMu.Lock()
	s.subs[ch] = true
	s.stateMu.Unlock()
	return ch, func() {
		s.stateMu.Lock()
		delete(s.subs, ch)
		s.stateMu.Unlock()
	}
}

func findings(l diag.List) []Finding {
	out := make([]Finding, 0, len(l))
	for _, d := range l {
		out = append(out, Finding{
			Position: d.Pos.String(),
			File:     d.Pos.File,
			Line:     d.Pos.Line,
			Column:   d.Pos.Column,
			Severity: d.Severity.String(),
			Rule:     d.Rule,
			Locale:   d.Locale,
			Message:  d.Message,
		})
	}
	return out
}

// relativize shows file names relative to Options.RelativeTo, as kbc lint
// does with the working directory.
func (s *Server) relativize(l diag.List) {
	if s.opts.RelativeTo != "" {
		l.MakeRelative(s.opts.RelativeTo)
	}
}

func warningsNote(n int) string {
	if n == 0 {
		return ""
	}
	return " (" + plural(n, "lint warning") + ")"
}

func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}
