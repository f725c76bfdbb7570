package browsertest

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/kbcdev/kbc/internal/build"
	"github.com/kbcdev/kbc/internal/chromium"
	"github.com/kbcdev/kbc/internal/content"
	"github.com/kbcdev/kbc/internal/render"
)

const (
	// suiteTimeout bounds the whole run, browser start included, so that
	// a hung browser fails the tests instead of blocking CI.
	suiteTimeout = 12 * time.Minute
	// tabTimeout bounds one subtest's tab.
	tabTimeout = 45 * time.Second
	// waitTimeout bounds one wait for a page condition.
	waitTimeout = 10 * time.Second
)

// harness is the bundled content built once, served over HTTP on
// 127.0.0.1, and one headless Chromium that the subtests open tabs in.
type harness struct {
	kb      *content.KB
	repo    string // the repository root
	siteDir string // the built site
	baseURL string // the test server, without a trailing slash
	browser context.Context
}

func newHarness(t *testing.T) *harness {
	repo := repoRoot(t)
	kb, _, err := content.Load(filepath.Join(repo, "content"))
	if err != nil {
		t.Fatalf("loading the bundled content: %v", err)
	}
	out := filepath.Join(t.TempDir(), "public")
	if _, err := build.Build(kb, build.Options{Out: out}); err != nil {
		t.Fatalf("building the site: %v", err)
	}
	srv := httptest.NewServer(http.FileServer(http.Dir(out)))
	t.Cleanup(srv.Close)
	return &harness{kb: kb, repo: repo, siteDir: out, baseURL: srv.URL, browser: startBrowser(t)}
}

// repoRoot walks up from the test's working folder to the folder holding
// go.mod.
func repoRoot(t *testing.T) string {
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("no go.mod above the working folder")
		}
		dir = parent
	}
}

// startBrowser starts headless Chromium with a fresh profile; screenshots
// are as wide as the emulated viewport, not narrowed by a scroll bar.
func startBrowser(t *testing.T) context.Context {
	return chromium.Start(t, suiteTimeout, chromedp.Flag("hide-scrollbars", true))
}

// tab opens a tab in a browser context of its own, so that its local
// storage and emulation settings start empty, and closes it when the test
// ends.
func (h *harness) tab(t *testing.T) context.Context {
	t.Helper()
	return h.tabFor(t, tabTimeout)
}

// tabFor is tab with a timeout of its own, for a test that visits every
// page of the site.
func (h *harness) tabFor(t *testing.T, timeout time.Duration) context.Context {
	t.Helper()
	tabCtx, closeTab := chromedp.NewContext(h.browser, chromedp.WithNewBrowserContext())
	ctx, cancel := context.WithTimeout(tabCtx, timeout)
	t.Cleanup(func() {
		cancel()
		closeTab()
	})
	return ctx
}

// url returns the address of a path of the site.
func (h *harness) url(path string) string { return h.baseURL + path }

// articlePath is where the article is published in the locale.
func articlePath(locale, id string) string {
	return "/" + locale + "/" + strings.ToLower(id) + "/"
}

// title is the plain text of the article's title in the locale.
func title(a *content.Article, locale string) string {
	t, _, _ := a.Localize(a.Title, locale)
	return render.PlainText(t.Value, nil)
}

// branchedArticles returns the articles with a procedure that branches
// into more than one platform, in id order.
func (h *harness) branchedArticles() []*content.Article {
	var out []*content.Article
	for _, a := range h.kb.Articles {
		for _, p := range a.Procedures {
			if len(p.Branches()) > 1 {
				out = append(out, a)
				break
			}
		}
	}
	return out
}

// firstBranches returns the platforms of the article's first branched
// procedure, in the order of its tabs.
func firstBranches(a *content.Article) []string {
	for _, p := range a.Procedures {
		if len(p.Branches()) > 1 {
			return p.Branches()
		}
	}
	return nil
}

// open navigates the tab to a path of the site and waits for the load.
func (h *harness) open(t *testing.T, ctx context.Context, path string) {
	t.Helper()
	do(t, ctx, chromedp.Navigate(h.url(path)))
}

func do(t *testing.T, ctx context.Context, actions ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	if err := chromedp.Do(ctx, actions...); err != nil {
		t.Fatal(err)
	}
}

// eval evaluates a JavaScript expression in the page, awaiting a promise,
// and decodes its JSON value.
func eval[T any](t *testing.T, ctx context.Context, js string) T {
	t.Helper()
	return chromium.Eval[T](t, ctx, js)
}

// waitFor waits for a boolean expression to hold, across navigations the
// page starts by itself.
func waitFor(t *testing.T, ctx context.Context, js string) {
	t.Helper()
	chromium.WaitFor(t, ctx, js, waitTimeout)
}

// loaded is the condition of a page of the locale that has finished
// loading.
func loaded(locale string) string {
	return fmt.Sprintf(`document.readyState === "complete" && document.documentElement.lang === %q`, locale)
}

// landed is the condition of a loaded page of the locale at the path. The
// root page has the default locale's lang, so a redirect from it is only
// over when the path has changed too.
func landed(locale, path string) string {
	return loaded(locale) + fmt.Sprintf(` && location.pathname === %q`, path)
}
