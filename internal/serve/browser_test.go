package serve

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/kbcdev/kbc/internal/chromium"
)

// startBrowser starts headless Chromium for the reload tests.
func startBrowser(t *testing.T) context.Context {
	return chromium.Start(t, 2*time.Minute)
}

// until waits for a boolean expression to hold, across reloads.
func until(t *testing.T, ctx context.Context, js string) {
	t.Helper()
	chromium.WaitFor(t, ctx, js, 30*time.Second)
}

func evalIn[T any](t *testing.T, ctx context.Context, js string) T {
	t.Helper()
	return chromium.Eval[T](t, ctx, js)
}

// TestBrowserReloadAndFindingsPanel drives the page script in Chromium:
// the page reloads after an edit, shows a failed build's findings as text
// in a panel over the last good page, recovers after the fix, and reloads
// when the server comes back after a restart.
func TestBrowserReloadAndFindingsPanel(t *testing.T) {
	browser := startBrowser(t)
	root := writeKB(t, "Pay an invoice")
	opts := Options{Root: root, Addr: "127.0.0.1:0", Poll: 5 * time.Millisecond, RelativeTo: root}
	s, err := New(opts)
	if err != nil {
		t.Fatal(err)
	}
	ctx, stop := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- s.Run(ctx) }()
	stopped := false
	defer func() {
		if !stopped {
			stop()
			<-done
		}
	}()

	tab, closeTab := chromedp.NewContext(browser)
	defer closeTab()
	if err := chromedp.Do(tab, chromedp.Navigate(s.URL()+"en/kb1/")); err != nil {
		t.Fatal(err)
	}
	until(t, tab, `document.title.includes("Pay an invoice")`)
	// A mark that a reload clears.
	evalIn[bool](t, tab, `window.kbcMark = true`)

	writeFile(t, filepath.Join(root, "kb1", "article.yaml"), article("Settle an invoice", ""))
	until(t, tab, `document.readyState === "complete" && document.title.includes("Settle an invoice") && !window.kbcMark`)

	// An unknown key that looks like markup, and a broken reference.
	broken := `"<img src=x>": 1` + "\n" + article("Check an invoice", " Then see {{step:nosuch}}.")
	writeFile(t, filepath.Join(root, "kb1", "article.yaml"), broken)
	until(t, tab, `document.getElementById("kbc-serve-status") !== null`)
	line, col := lineCol(broken, "{{step:nosuch}}")
	text := evalIn[string](t, tab, `document.getElementById("kbc-serve-status").textContent`)
	for _, want := range []string{fmt.Sprintf("kb1/article.yaml:%d:%d", line, col), `step-graph: unknown step "nosuch"`, "<img src=x>"} {
		if !strings.Contains(text, want) {
			t.Errorf("panel lacks %q:\n%s", want, text)
		}
	}
	if n := evalIn[int](t, tab, `document.querySelectorAll("#kbc-serve-status img").length`); n != 0 {
		t.Errorf("a finding's text was read as markup: %d images in the panel", n)
	}
	if pos := evalIn[string](t, tab, `getComputedStyle(document.getElementById("kbc-serve-status")).position`); pos != "fixed" {
		t.Errorf("panel position %q, want fixed: its styles were not applied", pos)
	}
	if title := evalIn[string](t, tab, `document.title`); !strings.Contains(title, "Settle an invoice") {
		t.Errorf("with errors the page should stay the last good one, got title %q", title)
	}

	evalIn[bool](t, tab, `window.kbcMark = true`)
	writeFile(t, filepath.Join(root, "kb1", "article.yaml"), article("Check an invoice", ""))
	until(t, tab, `document.readyState === "complete" && document.title.includes("Check an invoice") && !window.kbcMark && document.getElementById("kbc-serve-status") === null`)

	// Restart on the same address: the page reconnects to the new server
	// and, seeing a site of another run, reloads.
	evalIn[bool](t, tab, `window.kbcMark = true`)
	addr := s.ln.Addr().String()
	stop()
	if err := <-done; err != nil {
		t.Fatalf("Run: %v", err)
	}
	stopped = true
	opts.Addr = addr
	s2, err := New(opts)
	if err != nil {
		t.Fatalf("restarting on %s: %v", addr, err)
	}
	ctx2, stop2 := context.WithCancel(context.Background())
	done2 := make(chan error, 1)
	go func() { done2 <- s2.Run(ctx2) }()
	defer func() { stop2(); <-done2 }()
	until(t, tab, `document.readyState === "complete" && !window.kbcMark && document.title.includes("Check an invoice")`)
}

// TestBrowserOtherSitesCannotIncludeThePreviewsFiles: a page of another
// origin that includes a shard of the preview's search index as a script,
// having defined the function the shard calls, gets nothing, while the
// preview's own pages load it as before.
func TestBrowserOtherSitesCannotIncludeThePreviewsFiles(t *testing.T) {
	browser := startBrowser(t)
	root := writeKB(t, "Pay an invoice")
	s, err := New(Options{Root: root, Addr: "127.0.0.1:0", Poll: time.Hour, RelativeTo: root})
	if err != nil {
		t.Fatal(err)
	}
	ctx, stop := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- s.Run(ctx) }()
	defer func() { stop(); <-done }()
	shards, err := filepath.Glob(filepath.Join(s.out, "search", "en", "*.js"))
	if err != nil || len(shards) == 0 {
		t.Fatalf("no search shards in %s: %v", s.out, err)
	}
	shard := s.URL() + "search/en/" + filepath.Base(shards[0])
	include := `window.got = "nothing"; window.kbcSearchLoaded = function () { window.got = "the index" };
		var el = document.createElement("script"); el.src = %q;
		el.onerror = function () { window.got = "refused" }; document.head.appendChild(el);`

	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, "<!doctype html><title>another site</title>")
	}))
	defer other.Close()
	tab, closeTab := chromedp.NewContext(browser)
	defer closeTab()
	if err := chromedp.Do(tab, chromedp.Navigate(other.URL)); err != nil {
		t.Fatal(err)
	}
	evalIn[any](t, tab, fmt.Sprintf(include, shard))
	until(t, tab, `window.got !== "nothing"`)
	if got := evalIn[string](t, tab, `window.got`); got != "refused" {
		t.Errorf("a page of %s including %s got %s", other.URL, shard, got)
	}

	// Following a link to the preview is no inclusion, and its own pages
	// read their index.
	if err := chromedp.Do(tab, chromedp.Navigate(s.URL()+"en/kb1/")); err != nil {
		t.Fatal(err)
	}
	until(t, tab, `document.title.includes("Pay an invoice")`)
	evalIn[any](t, tab, fmt.Sprintf(include, shard))
	until(t, tab, `window.got !== "nothing"`)
	if got := evalIn[string](t, tab, `window.got`); got != "the index" {
		t.Errorf("the preview's own page including %s got %s", shard, got)
	}
}
