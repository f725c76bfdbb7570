package svg_test

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/debugger"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	"github.com/kbcdev/kbc/internal/chromium"
	"github.com/kbcdev/kbc/internal/svg"
)

// beaconHost is where every payload of the catalogue reports to. The
// browser resolves it to a local server, so that a payload that fires is
// seen twice: as a request of the page and as a hit on that server.
const beaconHost = "beacon.example"

const (
	// browserTimeout bounds the whole run, browser start included.
	browserTimeout = 4 * time.Minute
	// watch is how long a sanitized figure is watched after it loaded
	// (and was clicked) for a request or a script: every original fires
	// within half of it on an idle machine, and the doubling leaves room
	// for a busy one.
	watch = 2 * time.Second
	// controlWatch bounds a control visit, which ends at the first sign
	// of its payload: on a machine busy with other tests, a meta refresh
	// has taken longer than watch to fire.
	controlWatch = 10 * watch
)

// hostileFile is a file of the catalogue and how its payload fires in
// Chromium when the file is opened on its own: on "load", on a "click"
// in the page, or "never" (the file says why).
type hostileFile struct {
	name  string
	data  []byte
	fires string
}

var firesComment = regexp.MustCompile(`<!-- fires: (load|click|never)\b`)

// readCatalogue reads testdata/hostile; every file must say what it
// attempts and how it fires.
func readCatalogue(t *testing.T) []hostileFile {
	t.Helper()
	paths, err := filepath.Glob(filepath.Join("testdata", "hostile", "*.svg"))
	if err != nil {
		t.Fatal(err)
	}
	var files []hostileFile
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		m := firesComment.FindSubmatch(data)
		if m == nil || !strings.Contains(string(data), "<!-- attempt: ") {
			t.Fatalf("%s: say what the file attempts (<!-- attempt: … -->) and how it fires (<!-- fires: load|click|never … -->)", p)
		}
		files = append(files, hostileFile{name: filepath.Base(p), data: data, fires: string(m[1])})
	}
	if len(files) < 30 {
		t.Fatalf("the catalogue holds %d files; it must hold at least 30", len(files))
	}
	return files
}

// TestCatalogueInChromium opens every file of the catalogue directly, at
// a URL of its own as the site publishes figures, in headless Chromium:
// first what Sanitize keeps of it, which must make no request but its own
// and run no script, even when clicked; then the original, whose payload
// must fire unless the file says it never does in Chromium, which proves
// that the watch sees it. The sanitized figure goes first so that no late
// sign of the original's payload is taken for its own. Sanitize keeps
// nothing of a file it cannot parse.
func TestCatalogueInChromium(t *testing.T) {
	files := readCatalogue(t)
	w := newWatcher(t)
	for _, f := range files {
		t.Run(f.name, func(t *testing.T) {
			t.Parallel()
			tab := w.tab(t, f.name[:strings.IndexByte(f.name, '-')])
			if out, _ := svg.Sanitize(f.data); out != nil {
				if seen := tab.visit(t, out, true, watch, false); len(seen) > 0 {
					t.Errorf("the sanitized figure is not inert: %s\n%s", strings.Join(seen, "; "), out)
				}
			}
			if f.fires != "never" {
				if seen := tab.visit(t, f.data, f.fires == "click", controlWatch, true); len(seen) == 0 {
					t.Errorf("the original's payload did not fire within %s: the watch would not see it either", controlWatch)
				}
			}
		})
	}
}

// watcher serves figures and watches Chromium open them.
type watcher struct {
	browser context.Context
	media   *httptest.Server

	mu      sync.Mutex
	figures map[string][]byte // by path on the media server
	hits    []string          // paths the beacon server was asked for
}

func newWatcher(t *testing.T) *watcher {
	w := &watcher{figures: map[string][]byte{}}
	beacon := httptest.NewServer(http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		w.mu.Lock()
		w.hits = append(w.hits, r.URL.Path)
		w.mu.Unlock()
		rw.WriteHeader(http.StatusNoContent)
	}))
	t.Cleanup(beacon.Close)
	w.media = httptest.NewServer(http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		w.mu.Lock()
		data, ok := w.figures[r.URL.Path]
		w.mu.Unlock()
		if !ok {
			http.NotFound(rw, r)
			return
		}
		rw.Header().Set("Content-Type", "image/svg+xml")
		rw.Write(data)
	}))
	t.Cleanup(w.media.Close)
	u, err := url.Parse(beacon.URL)
	if err != nil {
		t.Fatal(err)
	}
	_, port, err := net.SplitHostPort(u.Host)
	if err != nil {
		t.Fatal(err)
	}
	rules := fmt.Sprintf("MAP %s 127.0.0.1:%s", beaconHost, port)
	w.browser = chromium.Start(t, browserTimeout, chromedp.Flag("host-resolver-rules", rules))
	return w
}

// beaconHits returns the beacon hits that carry the tag, the number that
// starts the paths of a catalogue file's payloads.
func (w *watcher) beaconHits(tag string) []string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.beaconHitsLocked(tag)
}

func (w *watcher) beaconHitsLocked(tag string) []string {
	var hits []string
	for _, h := range w.hits {
		if strings.HasPrefix(h, "/"+tag) {
			hits = append(hits, "beacon hit "+h)
		}
	}
	return hits
}

// tab is a tab of its own browser context, where one catalogue file's
// figures are opened one after the other.
type tab struct {
	w   *watcher
	ctx context.Context
	tag string

	mu   sync.Mutex
	page string   // the figure open
	seen []string // what it did
}

func (w *watcher) tab(t *testing.T, tag string) *tab {
	t.Helper()
	tabCtx, closeTab := chromedp.NewContext(w.browser, chromedp.WithNewBrowserContext())
	ctx, cancel := context.WithTimeout(tabCtx, time.Minute)
	t.Cleanup(func() {
		cancel()
		closeTab()
	})
	tb := &tab{w: w, ctx: ctx, tag: tag}
	// Enabled before listening: enabling reports the scripts of the
	// blank page the tab starts with.
	if _, err := chromedp.Call(ctx, debugger.Enable, debugger.EnableParams{}); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Listen(ctx, tb.event); err != nil {
		t.Fatal(err)
	}
	return tb
}

// event records a request other than the figure's own, or a script.
func (tb *tab) event(ev any) {
	tb.mu.Lock()
	defer tb.mu.Unlock()
	switch ev := ev.(type) {
	case *network.EventRequestWillBeSent:
		// The browser asks for the site's icon on its own.
		if u := ev.Request.URL; u != tb.page && u != tb.w.media.URL+"/favicon.ico" && u != "about:blank" {
			tb.seen = append(tb.seen, "request "+u)
		}
	case *debugger.EventScriptParsed:
		tb.seen = append(tb.seen, "script "+ev.URL)
	}
}

// visit opens a figure, clicks in it when asked, and returns what it saw
// the figure do within the time given: requests other than the figure's
// own, beacon hits and scripts. With early it returns at the first sign.
func (tb *tab) visit(t *testing.T, figure []byte, click bool, within time.Duration, early bool) []string {
	t.Helper()
	if err := chromedp.Do(tb.ctx, chromedp.Navigate("about:blank")); err != nil {
		t.Fatal(err)
	}
	w := tb.w
	w.mu.Lock()
	path := fmt.Sprintf("/media/%d/figure.svg", len(w.figures))
	w.figures[path] = figure
	hitsBefore := len(w.beaconHitsLocked(tb.tag))
	w.mu.Unlock()
	tb.mu.Lock()
	tb.page, tb.seen = w.media.URL+path, nil
	page := tb.page
	tb.mu.Unlock()

	if err := chromedp.Do(tb.ctx, chromedp.Navigate(page)); err != nil {
		t.Fatalf("opening %s: %v", page, err)
	}
	if click {
		if err := chromedp.Do(tb.ctx, chromedp.MouseClickXY(50, 50)); err != nil {
			t.Fatalf("clicking in %s: %v", page, err)
		}
	}
	signs := func() []string {
		tb.mu.Lock()
		all := slices.Clone(tb.seen)
		tb.mu.Unlock()
		return append(all, w.beaconHits(tb.tag)[hitsBefore:]...)
	}
	for deadline := time.Now().Add(within); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if s := signs(); early && len(s) > 0 {
			return s
		}
	}
	return signs()
}
