package browsertest

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

// consoleLog gathers what a tab reports as going wrong: console errors
// and warnings, uncaught exceptions, and browser log entries of those
// levels, which is where Chromium reports blocked resources and
// Content-Security-Policy violations.
type consoleLog struct {
	mu       sync.Mutex
	problems []string
}

func (c *consoleLog) add(msg string) {
	c.mu.Lock()
	c.problems = append(c.problems, msg)
	c.mu.Unlock()
}

// take returns the problems gathered since the last take.
func (c *consoleLog) take() []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	p := c.problems
	c.problems = nil
	return p
}

// listenConsole starts gathering the tab's problems. The listener runs in
// the tab's event loop, so it only formats and stores.
func listenConsole(t *testing.T, ctx context.Context) *consoleLog {
	t.Helper()
	c := &consoleLog{}
	err := chromedp.Listen(ctx, func(ev any) {
		switch ev := ev.(type) {
		case *runtime.EventConsoleAPICalled:
			if ev.Type == runtime.ConsoleAPICalledTypeError || ev.Type == runtime.ConsoleAPICalledTypeWarning || ev.Type == runtime.ConsoleAPICalledTypeAssert {
				var args []string
				for _, a := range ev.Args {
					if a.Description != "" {
						args = append(args, a.Description)
					} else {
						args = append(args, string(a.Value))
					}
				}
				c.add(fmt.Sprintf("console.%s: %s", ev.Type, strings.Join(args, " ")))
			}
		case *runtime.EventExceptionThrown:
			d := ev.ExceptionDetails
			msg := d.Text
			if d.Exception != nil {
				msg += " " + d.Exception.Description
			}
			c.add(fmt.Sprintf("exception at %s:%d: %s", d.URL, d.LineNumber+1, msg))
		case *log.EventEntryAdded:
			if e := ev.Entry; e.Level == log.EntryLevelError || e.Level == log.EntryLevelWarning {
				c.add(fmt.Sprintf("%s %s (%s): %s", e.Source, e.Level, e.URL, e.Text))
			}
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// recordViolations makes every document of the tab record the
// Content-Security-Policy violations it sees, as a second witness beside
// the browser log. Scripts the DevTools protocol adds are not subject to
// the page's policy.
const recordViolations = `window.kbcViolations = [];
document.addEventListener("securitypolicyviolation", e => window.kbcViolations.push(e.violatedDirective + " blocked " + (e.blockedURI || "inline code") + " at " + e.sourceFile + ":" + e.lineNumber));`

// testNoConsoleErrors visits the root page, every home page and every
// article in every locale, uses the tabs and the search, loads every
// image, and expects no console error, exception or policy violation. It then breaks the
// policy on purpose to show that both witnesses would have seen it.
func (h *harness) testNoConsoleErrors(t *testing.T) {
	// It visits every page of the site, which a machine busy with the
	// race-enabled tests of other packages has taken over 45 s to load.
	ctx := h.tabFor(t, 4*time.Minute)
	do(t, ctx)
	if _, err := chromedp.Call(ctx, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: recordViolations}); err != nil {
		t.Fatal(err)
	}
	console := listenConsole(t, ctx)
	check := func(what string) {
		t.Helper()
		for _, src := range eval[[]string](t, ctx, decodeImages) {
			t.Errorf("%s: image %s does not decode", what, src)
		}
		for _, v := range eval[[]string](t, ctx, `window.kbcViolations || ["the violation recorder did not run"]`) {
			t.Errorf("%s: policy violation: %s", what, v)
		}
		for _, p := range console.take() {
			t.Errorf("%s: %s", what, p)
		}
	}

	locales := h.kb.Config.Locales
	h.open(t, ctx, "/")
	waitFor(t, ctx, landed(locales[0], "/"+locales[0]+"/"))
	check("the root page")
	branched := h.branchedArticles()
	for _, l := range locales {
		h.open(t, ctx, "/"+l+"/")
		waitFor(t, ctx, loaded(l)+` && !document.querySelector("form.search").hidden`)
		// A query loads search shards and document chunks as scripts.
		do(t, ctx, chromedp.Focus(chromedp.ID("_search-input")))
		if _, err := chromedp.Call(ctx, input.InsertText, input.InsertTextParams{Text: "IB Key"}); err != nil {
			t.Fatal(err)
		}
		waitFor(t, ctx, `document.querySelectorAll("#_search-results li").length > 0`)
		check("/" + l + "/ with a search")
		for _, a := range h.kb.Articles {
			p := articlePath(l, a.ID)
			h.open(t, ctx, p)
			waitFor(t, ctx, loaded(l))
			if slices.Contains(branched, a) {
				do(t, ctx, chromedp.Click(chromedp.CSS(`[role=tab][aria-selected="false"]`)))
			}
			check(p)
		}
	}

	// An inline script breaks script-src 'self': both witnesses must
	// report it, or their silence above proves nothing.
	do(t, ctx, chromedp.Evaluate[chromedp.Void](`document.head.appendChild(Object.assign(document.createElement("script"), {textContent: "1"}))`))
	waitFor(t, ctx, `window.kbcViolations.length > 0`)
	reported := func(s string) bool { return strings.Contains(s, "Content Security Policy") }
	var seen []string
	for deadline := time.Now().Add(waitTimeout); time.Now().Before(deadline) && !slices.ContainsFunc(seen, reported); {
		time.Sleep(20 * time.Millisecond)
		seen = append(seen, console.take()...)
	}
	if !slices.ContainsFunc(seen, reported) {
		t.Errorf("an inline script was not reported in the browser log: %q", seen)
	}
}
