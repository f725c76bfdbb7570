package serve

import (
	"errors"
	"fmt"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/kbcdev/kbc/internal/build"
	"github.com/kbcdev/kbc/internal/buildcache"
	"github.com/kbcdev/kbc/internal/diag"
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
	// FollowsFrom is the position of the finding this one follows from,
	// listed before it, as kbc lint folds them (lint.Fold); empty for a
	// finding of its own.
	FollowsFrom string `json:"followsFrom,omitempty"`
}

// rebuild loads and lints the knowledge base and, when no finding is an
// error, builds the site over the previous one (build.Run). Whatever
// happens is reported on the log and to the browsers; only an option the
// knowledge base cannot satisfy on the first build is returned, since the
// server could never build anything with it.
func (s *Server) rebuild(listing *buildcache.Listing) error {
	start := time.Now()
	st := Status{}
	res, err := s.build(listing)
	if err != nil {
		var ue *build.UsageError
		if errors.As(err, &ue) && s.firstBuild() {
			return err
		}
		st.Error = errorLines(err)
		s.finish(st, nil)
		return nil
	}
	upToDate := res.Summary != nil && res.Summary.UpToDate
	if upToDate {
		// The content is what the last successful build checked (a file
		// saved unchanged, an edit undone): the build stopped before
		// checking it again, and its findings are that build's.
		res.Findings = s.goodFindings
	}
	st.Errors, st.Warnings = res.Findings.Count()
	st.Findings = findings(res.Findings, s.paths())
	if res.Summary == nil {
		s.finish(st, res.Findings)
		return nil
	}
	if !upToDate {
		// A site of the same name is one open pages need not reload.
		s.siteMu.Lock()
		s.built++
		s.siteMu.Unlock()
		s.goodFindings = res.Findings
	}
	st.OK = true
	for _, w := range res.Summary.Warnings {
		fmt.Fprintf(s.log, "kbc serve: warning: %s\n", diag.Escape(w))
	}
	s.finish(st, res.Findings)
	verb := "built"
	if upToDate {
		verb = "up to date:"
	}
	fmt.Fprintf(s.log, "kbc serve: %s %d pages in %s%s\n", verb, res.Summary.Pages, time.Since(start).Round(time.Millisecond), warningsNote(st.Warnings))
	return nil
}

// siteOptions are the build options of the served site: drafts shown
// with their banner, a 404 page whose links start at the root it is
// served from, and a cache beside the site, kept in memory, so that an
// edit re-checks and re-renders only what it changed.
func (s *Server) siteOptions() build.Options {
	opts := s.opts.Site
	opts.Drafts = true
	opts.ServedAt = "/"
	opts.Out = s.out
	opts.Cache = filepath.Join(s.tmp, "cache")
	opts.Memory = s.memory
	opts.Waiting = func(folder string) {
		fmt.Fprintf(s.log, "kbc serve: waiting for another kbc process to finish with %s\n", folder)
	}
	return opts
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

	// The terminal shows what needs doing; the pages list info too.
	shown, _ := diags.WithoutInfo()
	diag.PrintText(s.log, shown, s.paths())
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
func (s *Server) subscribe() (<-chan struct{}, func(), bool) {
	ch := make(chan struct{}, 1)
	s.stateMu.Lock()
	if len(s.subs) >= maxEventStreams {
		s.stateMu.Unlock()
		return nil, nil, false
	}
	s.subs[ch] = true
	s.stateMu.Unlock()
	return ch, func() {
		s.stateMu.Lock()
		delete(s.subs, ch)
		s.stateMu.Unlock()
	}, true
}

// maxEventStreams bounds the pages the server keeps an event stream open
// to: a writer has a few open, and each stream holds a connection, a
// goroutine and a file descriptor, which thousands of them would run
// out of for the builds.
var maxEventStreams = 256

func findings(l diag.List, paths diag.Paths) []Finding {
	out := make([]Finding, 0, len(l))
	for _, d := range l {
		cause := finding(d, paths, "")
		out = append(out, cause)
		for _, f := range d.Folded {
			out = append(out, finding(f, paths, cause.Position))
		}
	}
	return out
}

// finding converts one finding, which follows from the finding at cause
// unless that is empty.
func finding(d diag.Diagnostic, paths diag.Paths, cause string) Finding {
	d.Pos.File = paths.File(d.Pos.File)
	return Finding{
		Position:    d.Pos.String(),
		File:        d.Pos.File,
		Line:        d.Pos.Line,
		Column:      d.Pos.Column,
		Severity:    d.Severity.String(),
		Rule:        d.Rule,
		Locale:      d.Locale,
		Message:     d.Message,
		FollowsFrom: cause,
	}
}

// paths is how findings name files: relative to Options.RelativeTo, as
// kbc lint names them relative to the working directory.
func (s *Server) paths() diag.Paths { return diag.Paths{Dir: s.opts.RelativeTo} }

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

// build runs build.Run with the collector the options set for a build,
// and the listing of the content folder the watcher just made, if any.
func (s *Server) build(listing *buildcache.Listing) (*build.Result, error) {
	if s.opts.Collector != nil {
		defer s.opts.Collector()()
	}
	opts := s.siteOptions()
	opts.Listing = listing
	return build.Run(s.opts.Root, opts)
}

// errorLines writes an error as diag.Escape does, a line for each error
// errors.Join joined into it (an error of several pages), so that only
// the line breaks between them are kept, not one in a file's name.
func errorLines(err error) string {
	var lines []string
	for _, e := range diag.Joined(err) {
		lines = append(lines, diag.Escape(e.Error()))
	}
	return strings.Join(lines, "\n")
}
