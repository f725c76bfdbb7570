package serve

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/fsnotify/fsnotify"
	"github.com/kbcdev/kbc/internal/build"
	"github.com/kbcdev/kbc/internal/content"
	"github.com/kbcdev/kbc/internal/diag"
	"github.com/kbcdev/kbc/internal/output"
)

const kbYAML = "source_locale: en\nlocales: [en]\n"

// article returns a small article with the given title; extra is appended
// to the text of its first step.
func article(title, extra string) string {
	return `id: KB1
title: ` + title + `
summary: Settle an open invoice from your account.
procedures:
  - id: pay
    title: Pay
    steps:
      - id: open
        text: Open **Invoices**.` + extra + `
      - id: confirm
        text: Select the invoice and confirm.
`
}

// writeKB writes a one-article knowledge base and returns its content
// folder.
func writeKB(t *testing.T, title string) string {
	t.Helper()
	root := filepath.Join(t.TempDir(), "content")
	writeFile(t, filepath.Join(root, "kb.yaml"), kbYAML)
	writeFile(t, filepath.Join(root, "kb1", "article.yaml"), article(title, ""))
	return root
}

// writeFile saves a file as many editors do, through a hidden temporary
// file renamed over it, so that the watcher never sees it half-written.
func writeFile(t *testing.T, path, text string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	tmp := filepath.Join(filepath.Dir(path), "."+filepath.Base(path)+".new")
	if err := os.WriteFile(tmp, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(tmp, path); err != nil {
		t.Fatal(err)
	}
}

// start runs a preview of root on a free loopback port until the test
// ends, and checks on the way out that the temporary site is removed.
func start(t *testing.T, root string) *Server {
	t.Helper()
	return startWith(t, root, func(*Server) {})
}

// startWith is start, with set called on the server before it runs.
func startWith(t *testing.T, root string, set func(*Server)) *Server {
	t.Helper()
	var log strings.Builder
	s, err := New(Options{Root: root, Addr: "127.0.0.1:0", Poll: 5 * time.Millisecond, Log: &syncWriter{w: &log}, RelativeTo: root})
	if err != nil {
		t.Fatal(err)
	}
	set(s)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- s.Run(ctx) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("Run: %v", err)
		}
		if _, err := os.Stat(s.tmp); !errors.Is(err, fs.ErrNotExist) {
			t.Errorf("temporary folder %s left behind after shutdown (stat: %v)", s.tmp, err)
		}
	})
	return s
}

// syncWriter lets the test read the log while the watcher writes it.
type syncWriter struct {
	mu sync.Mutex
	w  io.Writer
}

func (w *syncWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.w.Write(p)
}

func get(t *testing.T, url string) (int, string, http.Header) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, string(body), resp.Header
}

func getStatus(t *testing.T, s *Server) Status {
	t.Helper()
	code, body, _ := get(t, s.URL()+"_kbc/status")
	if code != http.StatusOK {
		t.Fatalf("status: HTTP %d", code)
	}
	var st Status
	if err := json.Unmarshal([]byte(body), &st); err != nil {
		t.Fatalf("status: %v in %s", err, body)
	}
	return st
}

// events subscribes to the event stream and delivers each status event.
func events(t *testing.T, s *Server) <-chan Status {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, s.URL()+"_kbc/events", nil)
	if err != nil {
		t.Fatal(err)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	if ct := resp.Header.Get("Content-Type"); ct != "text/event-stream" {
		t.Fatalf("events: Content-Type %q", ct)
	}
	ch := make(chan Status, 16)
	finished := make(chan struct{})
	t.Cleanup(func() { cancel(); resp.Body.Close(); <-finished })
	go func() {
		defer close(finished)
		defer close(ch)
		sc := bufio.NewScanner(resp.Body)
		var event string
		for sc.Scan() {
			line := sc.Text()
			switch {
			case strings.HasPrefix(line, "event: "):
				event = strings.TrimPrefix(line, "event: ")
			case strings.HasPrefix(line, "data: ") && event == "status":
				var st Status
				if err := json.Unmarshal([]byte(strings.TrimPrefix(line, "data: ")), &st); err != nil {
					t.Errorf("event data: %v", err)
					return
				}
				ch <- st
			}
		}
	}()
	return ch
}

// waitFor reads events until one satisfies ok. The deadline only keeps a
// broken watcher from hanging the test; nothing is asserted about timing.
func waitFor(t *testing.T, ch <-chan Status, what string, ok func(Status) bool) Status {
	t.Helper()
	deadline := time.After(time.Minute)
	for {
		select {
		case st, open := <-ch:
			if !open {
				t.Fatalf("event stream ended while waiting for %s", what)
			}
			if ok(st) {
				return st
			}
		case <-deadline:
			t.Fatalf("no event with %s", what)
		}
	}
}

const scriptTag = `<script src="/_kbc/reload.js?site=`

func TestEditRebuildsAndReloads(t *testing.T) {
	root := writeKB(t, "Pay an invoice")
	s := start(t, root)
	page := s.URL() + "en/kb1/"

	code, body, hdr := get(t, page)
	if code != http.StatusOK || !strings.Contains(body, "Pay an invoice") {
		t.Fatalf("GET %s: HTTP %d, want the article:\n%s", page, code, body)
	}
	if !strings.Contains(body, scriptTag) {
		t.Errorf("served page lacks the reload script %s", scriptTag)
	}
	if cc := hdr.Get("Cache-Control"); cc != "no-store" {
		t.Errorf("Cache-Control %q, want no-store", cc)
	}

	ch := events(t, s)
	first := waitFor(t, ch, "the current status", func(Status) bool { return true })
	if !first.OK || first.Site == "" {
		t.Fatalf("first event %+v, want a good site", first)
	}
	if !strings.Contains(body, scriptTag+first.Site+`"`) {
		t.Errorf("page is not marked with the site it came from, %s", first.Site)
	}

	writeFile(t, filepath.Join(root, "kb1", "article.yaml"), article("Settle an invoice", ""))
	second := waitFor(t, ch, "a new site", func(st Status) bool { return st.Site != first.Site })
	if !second.OK {
		t.Fatalf("rebuild failed: %+v", second)
	}
	_, body, _ = get(t, page)
	if !strings.Contains(body, "Settle an invoice") || strings.Contains(body, "Pay an invoice") {
		t.Errorf("page after the edit does not show the new title only:\n%s", body)
	}
	if !strings.Contains(body, scriptTag+second.Site+`"`) {
		t.Errorf("rebuilt page is not marked with site %s", second.Site)
	}
}

func TestLintErrorKeepsLastGoodSite(t *testing.T) {
	root := writeKB(t, "Pay an invoice")
	s := start(t, root)
	page := s.URL() + "en/kb1/"
	ch := events(t, s)
	good := waitFor(t, ch, "the current status", func(Status) bool { return true })

	// A reference to a step that does not exist: a step-graph error at
	// the reference.
	broken := article("Settle an invoice", " Then see {{step:nosuch}}.")
	writeFile(t, filepath.Join(root, "kb1", "article.yaml"), broken)
	failed := waitFor(t, ch, "a failed build", func(st Status) bool { return !st.OK })
	if failed.Site != good.Site {
		t.Errorf("failed build changed the site from %s to %s", good.Site, failed.Site)
	}

	st := getStatus(t, s)
	line, col := lineCol(broken, "{{step:nosuch}}")
	want := Finding{
		Position: fmt.Sprintf("kb1/article.yaml:%d:%d", line, col),
		File:     "kb1/article.yaml", Line: line, Column: col,
		Severity: "error", Rule: "step-graph",
	}
	if st.OK || st.Errors != 1 || len(st.Findings) != 1 {
		t.Fatalf("status %+v, want one error", st)
	}
	got := st.Findings[0]
	if !strings.Contains(got.Message, `"nosuch"`) {
		t.Errorf("message %q does not name the missing step", got.Message)
	}
	got.Message = ""
	if got != want {
		t.Errorf("finding %+v, want %+v", got, want)
	}

	code, body, _ := get(t, page)
	if code != http.StatusOK || !strings.Contains(body, "Pay an invoice") || !strings.Contains(body, scriptTag+good.Site+`"`) {
		t.Errorf("with errors, GET %s: HTTP %d, want the last good page:\n%s", page, code, body)
	}

	writeFile(t, filepath.Join(root, "kb1", "article.yaml"), article("Settle an invoice", ""))
	fixed := waitFor(t, ch, "a good build", func(st Status) bool { return st.OK })
	if fixed.Site == good.Site || len(fixed.Findings) != 0 {
		t.Errorf("after the fix: %+v, want a new site and no findings", fixed)
	}
	if st := getStatus(t, s); !st.OK || st.Errors != 0 {
		t.Errorf("status after the fix: %+v", st)
	}
	if _, body, _ := get(t, page); !strings.Contains(body, "Settle an invoice") {
		t.Errorf("page after the fix lacks the new title:\n%s", body)
	}
}

// lineCol returns the 1-based line and column of the first occurrence of
// sub in text; the text is ASCII, so bytes and code points agree.
func lineCol(text, sub string) (int, int) {
	i := strings.Index(text, sub)
	line := strings.Count(text[:i], "\n") + 1
	return line, i - strings.LastIndex(text[:i], "\n")
}

func TestStartWithErrorsServesNoSitePage(t *testing.T) {
	root := writeKB(t, "Pay an invoice")
	broken := article("Pay an invoice", " Then see {{step:nosuch}}.")
	writeFile(t, filepath.Join(root, "kb1", "article.yaml"), broken)
	s := start(t, root)

	code, body, _ := get(t, s.URL()+"en/kb1/")
	if code != http.StatusServiceUnavailable || !strings.Contains(body, scriptTag+`"`) {
		t.Errorf("before any good build: HTTP %d, want 503 with the reload script:\n%s", code, body)
	}
	if st := getStatus(t, s); st.OK || st.Site != "" || st.Errors != 1 {
		t.Errorf("status %+v, want one error and no site", st)
	}

	ch := events(t, s)
	writeFile(t, filepath.Join(root, "kb1", "article.yaml"), article("Pay an invoice", ""))
	waitFor(t, ch, "a first site", func(st Status) bool { return st.OK && st.Site != "" })
	if code, body, _ := get(t, s.URL()+"en/kb1/"); code != http.StatusOK || !strings.Contains(body, "Pay an invoice") {
		t.Errorf("after the fix: HTTP %d:\n%s", code, body)
	}
}

func TestServedFiles(t *testing.T) {
	root := writeKB(t, "Pay an invoice")
	s := start(t, root)

	code, body, hdr := get(t, s.URL()+"_kbc/reload.js")
	if code != http.StatusOK || !strings.HasPrefix(hdr.Get("Content-Type"), "text/javascript") || !strings.Contains(body, "EventSource") {
		t.Errorf("reload.js: HTTP %d, %s", code, hdr.Get("Content-Type"))
	}
	code, body, _ = get(t, s.URL()+"en/nosuch/")
	if code != http.StatusNotFound || !strings.Contains(body, "<html") || !strings.Contains(body, scriptTag) {
		t.Errorf("missing page: HTTP %d, want the site's 404 page with the reload script:\n%s", code, body)
	}
	// Shown at any depth, the 404 page links from the root it is served
	// from: a relative link would lead below the missing folder.
	for _, want := range []string{`href="/assets/kbc.css"`, `href="/en/index.html"`} {
		if !strings.Contains(body, want) {
			t.Errorf("missing page: no %s in\n%s", want, body)
		}
	}
	code, body, _ = get(t, s.URL()+"assets/kbc.css")
	if code != http.StatusOK || strings.Contains(body, scriptTag) || body == "" {
		t.Errorf("stylesheet: HTTP %d, want it unchanged", code)
	}
	if code, _, _ := get(t, s.URL()+"en/kb1/../../../../etc/passwd"); code == http.StatusOK {
		t.Errorf("a path climbing out of the site was served")
	}
	// http.Get follows the redirect from a folder without its slash.
	if code, body, _ := get(t, s.URL()+"en/kb1"); code != http.StatusOK || !strings.Contains(body, "Pay an invoice") {
		t.Errorf("folder without slash: HTTP %d", code)
	}
}

// The event streams the server keeps open are bounded: one past the
// bound is refused with 503.
func TestEventStreamsAreBounded(t *testing.T) {
	old := maxEventStreams
	maxEventStreams = 2
	t.Cleanup(func() { maxEventStreams = old })
	s := start(t, writeKB(t, "Pay an invoice"))
	for range 2 {
		waitFor(t, events(t, s), "the first status", func(Status) bool { return true })
	}
	if code, _, hdr := get(t, s.URL()+"_kbc/events"); code != http.StatusServiceUnavailable || hdr.Get("Retry-After") == "" {
		t.Errorf("a third stream: HTTP %d, want 503 with Retry-After", code)
	}
}

// A client that stops reading a file of the site holds up no build: the
// site's lock is not held while a response is sent.
func TestStalledClientHoldsUpNoBuild(t *testing.T) {
	root := writeKB(t, "Pay an invoice")
	s := start(t, root)
	if code, _, _ := get(t, s.URL()+"en/kb1/"); code != http.StatusOK {
		t.Fatalf("no site: HTTP %d", code)
	}
	for _, p := range []string{"/assets/kbc.css", "/en/kb1/"} {
		w := &stalledWriter{header: http.Header{}, release: make(chan struct{}), writing: make(chan struct{})}
		go s.serveSite(w, httptest.NewRequest("GET", p, nil))
		<-w.writing
		locked := make(chan struct{})
		go func() {
			s.siteMu.Lock() // as a build swapping the site does
			//lint:ignore SA2001 taking the lock is what the test waits for
			s.siteMu.Unlock()
			close(locked)
		}()
		select {
		case <-locked:
		case <-time.After(5 * time.Second):
			t.Errorf("%s: a build waits for a client that does not read", p)
		}
		close(w.release)
	}
}

// stalledWriter is a client that stops reading: its first write waits
// until it is released.
type stalledWriter struct {
	header  http.Header
	once    sync.Once
	writing chan struct{}
	release chan struct{}
}

func (w *stalledWriter) Header() http.Header { return w.header }
func (w *stalledWriter) WriteHeader(int)     {}
func (w *stalledWriter) Write(p []byte) (int, error) {
	w.once.Do(func() { close(w.writing) })
	<-w.release
	return len(p), nil
}

// TestBuiltSiteHasNoReloadScript checks that the script is added while
// serving only: neither the preview's folder nor a site built the usual
// way carries it.
func TestBuiltSiteHasNoReloadScript(t *testing.T) {
	root := writeKB(t, "Pay an invoice")
	s := start(t, root)
	kb, _, err := content.Load(root)
	if err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "public")
	if _, err := build.Build(kb, build.Options{Out: out}); err != nil {
		t.Fatal(err)
	}
	s.siteMu.RLock()
	defer s.siteMu.RUnlock()
	for _, dir := range []string{out, s.out} {
		pages := 0
		filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			b, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			if strings.HasSuffix(p, ".html") {
				pages++
			}
			if strings.Contains(string(b), "_kbc") {
				t.Errorf("%s mentions the preview's script", p)
			}
			return nil
		})
		if pages == 0 {
			t.Errorf("%s holds no pages", dir)
		}
	}
}

func TestRefusesNonLoopbackAddr(t *testing.T) {
	root := writeKB(t, "Pay an invoice")
	for _, addr := range []string{"0.0.0.0:0", ":0", "192.0.2.1:0"} {
		_, err := New(Options{Root: root, Addr: addr})
		var ae *AddrError
		if !errors.As(err, &ae) {
			t.Errorf("New(%q): %v, want a refusal", addr, err)
		}
	}
	s, err := New(Options{Root: root, Addr: "0.0.0.0:0", Public: true})
	if err != nil {
		t.Fatalf("New with Public: %v", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := s.Run(ctx); err != nil {
		t.Errorf("Run: %v", err)
	}
}

func TestSnapshotIgnoresEditorFiles(t *testing.T) {
	root := writeKB(t, "Pay an invoice")
	before := takeSnapshot(root)
	writeFile(t, filepath.Join(root, "kb1", ".article.yaml.swp"), "x")
	writeFile(t, filepath.Join(root, "kb1", "article.yaml~"), "x")
	writeFile(t, filepath.Join(root, ".git", "HEAD"), "x")
	if after := takeSnapshot(root); len(after) != len(before) {
		t.Errorf("editor files changed the snapshot: %d entries, was %d", len(after), len(before))
	}
	writeFile(t, filepath.Join(root, "kb1", "fr.yaml"), "lang: fr\n")
	if after := takeSnapshot(root); len(after) != len(before)+1 {
		t.Errorf("a new translation is not in the snapshot")
	}
}

// TestSnapshotSeesAnEditInPlaceWithItsTimeRestored: a file rewritten in
// place with the same size, its modification time put back, is a change:
// the change time and inode are compared too.
func TestSnapshotSeesAnEditInPlaceWithItsTimeRestored(t *testing.T) {
	root := writeKB(t, "Pay an invoice")
	p := filepath.Join(root, "kb1", "article.yaml")
	info, err := os.Stat(p)
	if err != nil {
		t.Fatal(err)
	}
	before := takeSnapshot(root)
	data, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	data = bytes.Replace(data, []byte("Pay"), []byte("Pey"), 1)
	time.Sleep(10 * time.Millisecond) // a change time the file system can tell apart
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Chtimes(p, info.ModTime(), info.ModTime()); err != nil {
		t.Fatal(err)
	}
	if after := takeSnapshot(root); maps.Equal(after, before) {
		t.Error("an edit in place with its time restored left the snapshot as it was")
	}
}

// TestBothWalksRecordTheSameEntries: the walk through package os, which
// the snapshot falls back on, records the files and folders the listing
// does.
func TestBothWalksRecordTheSameEntries(t *testing.T) {
	root := writeKB(t, "Pay an invoice")
	writeFile(t, filepath.Join(root, "kb1", "figures", "deep", "a.svg"), "<svg/>")
	writeFile(t, filepath.Join(root, "kb2", "article.yaml~"), "x")
	writeFile(t, filepath.Join(root, "kb2", "fr.yaml"), "lang: fr\n")
	writeFile(t, filepath.Join(root, "backup~", "article.yaml"), "x")
	writeFile(t, filepath.Join(root, ".git", "HEAD"), "x")
	listed, walked := snapshot{}, snapshot{}
	walkInto(listed, root)
	walkEachInto(walked, root)
	if got, want := slices.Sorted(maps.Keys(listed)), slices.Sorted(maps.Keys(walked)); !slices.Equal(got, want) {
		t.Fatalf("listed %q\nwalked %q", got, want)
	}
	for p, st := range walked {
		l := listed[p]
		if l.dir != st.dir || l.file.Size != st.file.Size || l.file.ModTime != st.file.ModTime {
			t.Errorf("%s: listed %+v, walked %+v", p, l, st)
		}
	}
}

// TestPollingFollowsTheWalk: a walk that takes longer than the interval
// spaces the walks out while nothing changes, so that an idle preview of
// a large knowledge base does not walk it without pause.
func TestPollingFollowsTheWalk(t *testing.T) {
	const poll = 300 * time.Millisecond
	for _, c := range []struct {
		walk  time.Duration
		cores int
		want  time.Duration
	}{
		{5 * time.Millisecond, 1, poll},
		{30 * time.Millisecond, 1, poll},
		{50 * time.Millisecond, 1, 500 * time.Millisecond},
		{280 * time.Millisecond, 1, 2800 * time.Millisecond},
		// A walk on two cores costs up to twice its time.
		{50 * time.Millisecond, 2, time.Second},
		{280 * time.Millisecond, 2, 5600 * time.Millisecond},
	} {
		if got := idlePoll(poll, c.walk, c.cores); got != c.want {
			t.Errorf("walk of %v on %d cores: next walk in %v, want %v", c.walk, c.cores, got, c.want)
		}
	}
}

// TestNotifiedEditIsBuiltWithoutWaitingForAPoll: where the system
// reports changes, an edit calls the walk that sees it, and the walk that
// confirms it, at once, even when polls are an hour apart; in a new
// article folder too.
func TestNotifiedEditIsBuiltWithoutWaitingForAPoll(t *testing.T) {
	root := writeKB(t, "Pay an invoice")
	s := startWith(t, root, func(s *Server) { s.idleWait, s.opts.Poll = time.Hour, time.Hour })
	ch := events(t, s)
	first := waitFor(t, ch, "the current status", func(Status) bool { return true })
	// The watcher starts with Run: give it the time to watch the folders
	// before the edit it must be told of.
	time.Sleep(200 * time.Millisecond)
	writeFile(t, filepath.Join(root, "kb1", "article.yaml"), article("Settle an invoice", ""))
	second := waitFor(t, ch, "a site built after the edit", func(st Status) bool { return st.Site != first.Site })
	if !second.OK {
		t.Fatalf("rebuild failed: %+v", second)
	}
	if err := os.Mkdir(filepath.Join(root, "kb2"), 0o755); err != nil {
		t.Fatal(err)
	}
	time.Sleep(200 * time.Millisecond)
	writeFile(t, filepath.Join(root, "kb2", "article.yaml"), strings.Replace(article("Print an invoice", ""), "KB1", "KB2", 1))
	waitFor(t, ch, "a site with the new article", func(st Status) bool {
		code, body, _ := get(t, s.URL()+"en/kb2/")
		return st.Site != second.Site && code == http.StatusOK && strings.Contains(body, "Print an invoice")
	})
}

// The knowledge base's own UI catalogs are watched too: every page shows
// them.
func TestSnapshotWatchesOwnCatalogs(t *testing.T) {
	root := writeKB(t, "Pay an invoice")
	before := takeSnapshot(root)
	writeFile(t, filepath.Join(root, "..", "locales", "en.yaml"), "siteTitle: Help\n")
	if after := takeSnapshot(root); len(after) <= len(before) {
		t.Errorf("a catalog beside the content folder is not in the snapshot: %d entries, was %d", len(after), len(before))
	}
}

// TestRefusesForeignHost checks the defence against DNS rebinding: a page
// on another site that makes its own host name resolve to 127.0.0.1 could
// otherwise read the drafts and findings the preview serves. Such a
// request arrives with that host name in its Host header.
func TestRefusesForeignHost(t *testing.T) {
	root := writeKB(t, "Pay an invoice")
	s := start(t, root)
	_, port, _ := strings.Cut(strings.TrimSuffix(strings.TrimPrefix(s.URL(), "http://"), "/"), ":")
	request := func(host, path string) (int, string) {
		t.Helper()
		// The event stream never ends on its own: read what comes within
		// a moment.
		ctx, cancel := context.WithTimeout(context.Background(), time.Second)
		defer cancel()
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, s.URL()+path, nil)
		if err != nil {
			t.Fatal(err)
		}
		req.Host = host
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		body, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(body)
	}
	for _, host := range []string{
		"evil.example", "evil.example:" + port, "127.0.0.1.evil.example:" + port, "localhost.evil.example",
		"evil.example.localhost.evil.example", "192.0.2.1:" + port, "[2001:db8::1]:" + port,
	} {
		for _, path := range []string{"", "en/kb1/", "_kbc/status", "_kbc/events", "_kbc/reload.js", "assets/kbc.css"} {
			code, body := request(host, path)
			if code != http.StatusForbidden || strings.Contains(body, "Pay an invoice") || strings.Contains(body, "errors") {
				t.Errorf("Host %s, /%s: HTTP %d, want 403 and nothing of the site:\n%s", host, path, code, body)
			}
		}
	}
	for _, host := range []string{
		"127.0.0.1:" + port, "localhost:" + port, "LocalHost:" + port, "localhost", "localhost.:" + port,
		"preview.localhost:" + port, "[::1]:" + port, "127.1.2.3:" + port,
	} {
		if code, body := request(host, "en/kb1/"); code != http.StatusOK || !strings.Contains(body, "Pay an invoice") {
			t.Errorf("Host %s: HTTP %d, want the page", host, code)
		}
	}
}

// TestAllowsConfiguredHost checks the hosts a preview listening beyond
// the machine (--public) answers besides the loopback ones: the host of
// its --addr, and the address a request reached it at.
func TestAllowsConfiguredHost(t *testing.T) {
	s := &Server{opts: Options{Addr: "preview.lan:1313", Public: true}}
	h := s.checkHost(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusTeapot) }))
	for host, want := range map[string]int{
		"preview.lan:1313":   http.StatusTeapot,
		"PREVIEW.LAN":        http.StatusTeapot,
		"192.0.2.7:1313":     http.StatusTeapot, // where the request arrived
		"192.0.2.8:1313":     http.StatusForbidden,
		"other.lan:1313":     http.StatusForbidden,
		"preview.lan.evil":   http.StatusForbidden,
		"":                   http.StatusForbidden,
		"localhost:1313":     http.StatusTeapot,
		"[::ffff:127.0.0.1]": http.StatusTeapot,
	} {
		r := httptest.NewRequest(http.MethodGet, "/", nil)
		r.Host = host
		r = r.WithContext(context.WithValue(r.Context(), http.LocalAddrContextKey, &net.TCPAddr{IP: net.ParseIP("192.0.2.7"), Port: 1313}))
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		if w.Code != want {
			t.Errorf("Host %q: HTTP %d, want %d", host, w.Code, want)
		}
	}
}

// TestPreviewShowsDraftsWithABanner checks that the preview shows a draft,
// which kbc build never writes, under a banner that says so.
func TestPreviewShowsDraftsWithABanner(t *testing.T) {
	root := writeKB(t, "Pay an invoice")
	writeFile(t, filepath.Join(root, "kb2", "article.yaml"), "id: KB2\nstatus: draft\ntitle: Refund an invoice\n")
	s := start(t, root)
	code, body, _ := get(t, s.URL()+"en/kb2/")
	if code != http.StatusOK || !strings.Contains(body, `<p class="notice notice-draft" role="note">Draft: this article is not published.`) ||
		!strings.Contains(body, "Refund an invoice") {
		t.Errorf("the preview of a draft: %d\n%s", code, body)
	}
}

// TestWatchFoldersPassesOverGoneFolders: a folder removed between the
// walk and the watch does not keep the others from being watched.
func TestWatchFoldersPassesOverGoneFolders(t *testing.T) {
	root := t.TempDir()
	snap := snapshot{root: {dir: true}}
	for i := range 100 {
		snap[filepath.Join(root, fmt.Sprintf("gone%d", i))] = fileState{dir: true}
	}
	w, err := fsnotify.NewWatcher()
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	watchFolders(w, snap)
	if got := w.WatchList(); !slices.Equal(got, []string{root}) {
		t.Errorf("watched %v, want %v", got, []string{root})
	}
}

func TestEachBuildRunsUnderTheBuildCollector(t *testing.T) {
	root := writeKB(t, "Pay an invoice")
	began, ended := 0, 0
	collector := func() func() {
		if began++; began != ended+1 {
			t.Errorf("build %d began before build %d ended", began, ended+1)
		}
		return func() { ended++ }
	}
	s, err := New(Options{Root: root, Addr: "127.0.0.1:0", Collector: collector})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		s.ln.Close()
		os.RemoveAll(s.tmp)
	})
	if began != 1 || ended != 1 {
		t.Errorf("after the first build: %d begun and %d ended under the collector, want 1 and 1", began, ended)
	}
	writeFile(t, filepath.Join(root, "kb1", "article.yaml"), article("Settle an invoice", ""))
	if err := s.rebuild(nil); err != nil {
		t.Fatal(err)
	}
	if began != 2 || ended != 2 {
		t.Errorf("after a rebuild: %d begun and %d ended under the collector, want 2 and 2", began, ended)
	}
}

// BenchmarkSnapshot walks a content folder of 1,000 article folders, each
// with four content files and eight figures, as the watcher does while
// the preview is idle.
func BenchmarkSnapshot(b *testing.B) {
	root := filepath.Join(b.TempDir(), "content")
	for i := range 1000 {
		dir := filepath.Join(root, fmt.Sprintf("kb%06d", i))
		for _, name := range []string{"article.yaml", "fr.yaml", "hu.yaml", "ja.yaml"} {
			benchWrite(b, filepath.Join(dir, name))
		}
		for j := range 8 {
			benchWrite(b, filepath.Join(dir, "figures", fmt.Sprintf("screen-%d.svg", j)))
		}
	}
	var n int
	for b.Loop() {
		n = len(takeSnapshot(root))
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(n), "ns/entry")
}

func benchWrite(b *testing.B, p string) {
	b.Helper()
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		b.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(filepath.Base(p)), 0o644); err != nil {
		b.Fatal(err)
	}
}

// An error of several pages is printed a line each, with what could
// forge a line, a line break in a file's name included, escaped within
// each.
func TestErrorLines(t *testing.T) {
	got := errorLines(errors.Join(errors.New("rendering a: x"), errors.New("rendering b\n::warning::: \x1b[2Jy\u202e")))
	if want := "rendering a: x\n" + diag.Escape("rendering b\n::warning::: \x1b[2Jy\u202e"); got != want || strings.Count(got, "\n") != 1 {
		t.Errorf("errorLines = %q, want %q", got, want)
	}
}

// An edit undone brings back the site already served: the build finds it
// up to date and checks nothing, and the status still holds the warning
// of the build that wrote it, under the same site name, so that open
// pages do not reload for nothing.
func TestUndoneEditKeepsTheWarnings(t *testing.T) {
	root := writeKB(t, "Pay an invoice")
	warned := article("Pay an invoice", "") + "see_also: [KB1]\n"
	writeFile(t, filepath.Join(root, "kb1", "article.yaml"), warned)
	s := start(t, root)
	ch := events(t, s)
	good := waitFor(t, ch, "a build with a warning", func(st Status) bool { return st.OK && st.Warnings == 1 })

	writeFile(t, filepath.Join(root, "kb1", "article.yaml"), article("Pay an invoice", " Then see {{step:nosuch}}.")+"see_also: [KB1]\n")
	waitFor(t, ch, "a failed build", func(st Status) bool { return !st.OK })
	writeFile(t, filepath.Join(root, "kb1", "article.yaml"), warned)
	again := waitFor(t, ch, "a good build", func(st Status) bool { return st.OK })
	if again.Warnings != 1 || len(again.Findings) != 1 || !strings.Contains(again.Findings[0].Message, "see_also lists the article itself") {
		t.Errorf("after the edit was undone: %+v, want the warning again", again)
	}
	if again.Site != good.Site {
		t.Errorf("after the edit was undone the site is %s, want %s, which it is again", again.Site, good.Site)
	}
}

// The findings that follow from another are listed after it, each naming
// where its cause is, so that the browser can set them under it.
func TestFoldedFindingsFollowTheirCause(t *testing.T) {
	pos := func(line int) diag.Position {
		return diag.Position{File: "/kb/kb2/article.yaml", Line: line, Column: 5}
	}
	cause := diag.Diagnostic{Pos: pos(10), Severity: diag.Error, Rule: "schema", Message: `unknown key "stpes"`,
		Folded: diag.List{{Pos: pos(7), Severity: diag.Error, Rule: "schema", Message: `missing "steps"`}}}
	alone := diag.Diagnostic{Pos: pos(20), Severity: diag.Warning, Rule: "figures", Message: "never referenced"}
	got := findings(diag.List{cause, alone}, diag.Paths{Dir: "/kb"})
	var follows []string
	for _, f := range got {
		follows = append(follows, f.Position+"<"+f.FollowsFrom)
	}
	want := []string{"kb2/article.yaml:10:5<", "kb2/article.yaml:7:5<kb2/article.yaml:10:5", "kb2/article.yaml:20:5<"}
	if !slices.Equal(follows, want) {
		t.Errorf("got %q, want %q", follows, want)
	}
}

// A server killed with SIGKILL leaves its folder; the next server removes
// it, and no folder a running server holds, nor one without a lock file,
// which no server made.
func TestStaleFoldersAreRemoved(t *testing.T) {
	dir := t.TempDir()
	folder := func(name string, lockFile bool) string {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Join(p, "site"), 0o755); err != nil {
			t.Fatal(err)
		}
		if lockFile {
			lf := filepath.Join(p, output.FolderLockFile)
			if err := os.WriteFile(lf, nil, 0o644); err != nil {
				t.Fatal(err)
			}
			old := time.Now().Add(-2 * staleAfter)
			if err := os.Chtimes(lf, old, old); err != nil {
				t.Fatal(err)
			}
		}
		return p
	}
	stale := folder(tmpPrefix+"1", true)
	running := folder(tmpPrefix+"2", true)
	unknown := folder(tmpPrefix+"3", false)
	other := folder("not-kbc", true)
	l, err := output.LockFolder(running, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer l.Release()

	removeStale(dir)
	for p, want := range map[string]bool{stale: false, running: true, unknown: true, other: true} {
		if _, err := os.Stat(p); (err == nil) != want {
			t.Errorf("%s: there %v, want %v", filepath.Base(p), err == nil, want)
		}
	}
}

// A request another site's page makes is refused, unless it follows a
// link to the preview; every response keeps other origins from
// including it.
func TestOtherSitesRequestsAreRefused(t *testing.T) {
	h := sameOrigin(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, "ok") }))
	for _, tc := range []struct {
		site, mode string
		want       int
	}{
		{"", "", http.StatusOK},
		{"none", "navigate", http.StatusOK},
		{"same-origin", "no-cors", http.StatusOK},
		{"cross-site", "navigate", http.StatusOK},
		{"cross-site", "no-cors", http.StatusForbidden},
		{"same-site", "no-cors", http.StatusForbidden},
		{"cross-site", "cors", http.StatusForbidden},
	} {
		r := httptest.NewRequest("GET", "/search/en/d-0.js", nil)
		if tc.site != "" {
			r.Header.Set("Sec-Fetch-Site", tc.site)
			r.Header.Set("Sec-Fetch-Mode", tc.mode)
		}
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		if w.Header().Get("Content-Security-Policy") != "frame-ancestors 'self'" || w.Header().Get("X-Frame-Options") != "SAMEORIGIN" {
			t.Errorf("Sec-Fetch-Site %q: the response lets other sites frame it: %v", tc.site, w.Header())
		}
		if w.Code != tc.want || w.Header().Get("Cross-Origin-Resource-Policy") != "same-origin" {
			t.Errorf("Sec-Fetch-Site %q, Sec-Fetch-Mode %q: HTTP %d, CORP %q; want %d, same-origin", tc.site, tc.mode, w.Code, w.Header().Get("Cross-Origin-Resource-Policy"), tc.want)
		}
	}
}

// The files editors write beside the one being saved start no build:
// an Emacs auto-save every half minute would otherwise reload the
// writer's page.
func TestEditorsSideFilesAreIgnored(t *testing.T) {
	for name, want := range map[string]bool{
		".article.yaml.swp":        true,
		".#article.yaml":           true,
		"article.yaml~":            true,
		"#article.yaml#":           true,
		"article.yaml___jb_tmp___": true,
		"article.yaml___jb_old___": true,
		"4913":                     true,
		"article.yaml":             false,
		"fr.yaml":                  false,
		"#":                        false,
		"figure#1.svg":             false,
		"kb4913":                   false,
	} {
		if got := ignored(name); got != want {
			t.Errorf("ignored(%q) = %v, want %v", name, got, want)
		}
	}
}
