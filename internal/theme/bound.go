package theme

import (
	"errors"
	"fmt"
	"html/template"
	"io"
	"sync"
	"time"
)

// A theme's templates are the site's own code, but a {{range}} over a
// large number, or over the knowledge base inside another over it, can
// run for hours, and one that writes as it goes fills the memory first:
// a mistake made while trying a theme out, which would hang kbc lint,
// build and serve. So the theme's templates run within bounds, each
// execution on its own: maxPageBytes of output and maxPageTime. Both are
// far past what any page needs (the home page of 20,000 articles is
// 3.4 MB and renders in milliseconds), so that only a template that does
// not end meets them. kbc's own templates, without a theme's, do work
// bounded by the knowledge base and run unbounded, at no cost.
var (
	maxPageBytes = 64 << 20
	maxPageTime  = 30 * time.Second
)

// BoundError is an execution of a theme's templates that met a bound.
type BoundError struct {
	// Dir is the theme's templates folder.
	Dir string
	// Bytes is set when the output met maxPageBytes, and Time when the
	// execution met maxPageTime.
	Bytes int
	Time  time.Duration
}

func (e *BoundError) Error() string {
	return fmt.Sprintf("the theme's templates %s for one page, which no page needs: look in %s for a {{range}} or {{template}} that does not end", e.met(), e.Dir)
}

// met says which bound the execution met.
func (e *BoundError) met() string {
	if e.Time > 0 {
		return fmt.Sprintf("ran for more than %v", e.Time)
	}
	if e.Bytes%(1<<20) == 0 {
		return fmt.Sprintf("wrote more than %d MB", e.Bytes>>20)
	}
	return fmt.Sprintf("wrote more than %d bytes", e.Bytes)
}

// executeBounded runs the named template of set within the bounds. A
// template that does not end cannot be stopped from outside: once
// maxPageTime has passed it is left on its goroutine, where its next
// write fails, and the caller has a *BoundError. kbc lint and build then
// exit; a kbc serve that went on would keep a core busy until the loop
// ends, as its error says.
func (t *Theme) executeBounded(set *template.Template, w io.Writer, name string, data any) error {
	bw := &boundedWriter{w: w, left: maxPageBytes}
	done := make(chan error, 1)
	go func() { done <- set.ExecuteTemplate(bw, name, data) }()
	timer := time.NewTimer(maxPageTime)
	defer timer.Stop()
	select {
	case err := <-done:
		if errors.Is(err, errTooLarge) {
			return &BoundError{Dir: t.templatesDir, Bytes: maxPageBytes}
		}
		return err
	case <-timer.C:
		bw.close()
		return &BoundError{Dir: t.templatesDir, Time: maxPageTime}
	}
}

// IsTemplateError reports whether err comes from a theme's template:
// one that met the bounds, or an error of execution in a theme file,
// which every page that calls the template meets alike.
func IsTemplateError(err error) bool {
	var be *BoundError
	var fe *themeFileError
	return errors.As(err, &be) || errors.As(err, &fe)
}

// errTooLarge is what a boundedWriter returns past its bound; text/template
// returns a write's error as it is.
var errTooLarge = errors.New("page too large")

// errAbandoned is what a boundedWriter returns once closed, to a template
// whose caller went on without it.
var errAbandoned = errors.New("the page's execution was abandoned")

// boundedWriter passes at most left bytes on to w, and nothing once it is
// closed: the caller may use w again as soon as close returns.
type boundedWriter struct {
	mu     sync.Mutex
	w      io.Writer
	left   int
	closed bool
}

func (b *boundedWriter) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	switch {
	case b.closed:
		return 0, errAbandoned
	case len(p) > b.left:
		b.left = -1
		return 0, errTooLarge
	}
	b.left -= len(p)
	return b.w.Write(p)
}

func (b *boundedWriter) close() {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.closed = true
}
