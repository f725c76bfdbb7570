package browsertest

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
)

// The checkers come from the npm registry, pinned in tools/a11y: .ci/run
// installs them with npm ci, and a developer with
// `npm ci --ignore-scripts --prefix tools/a11y`.
const (
	axeScript = "tools/a11y/node_modules/axe-core/axe.min.js"
	nuJar     = "tools/a11y/node_modules/vnu-jar/build/dist/vnu.jar"
)

// tool returns the path of a checker installed under tools/a11y. Without
// it the test fails under CI, where it must run, and is skipped elsewhere.
func (h *harness) tool(t *testing.T, rel string) string {
	t.Helper()
	p := filepath.Join(h.repo, filepath.FromSlash(rel))
	if _, err := os.Stat(p); err != nil {
		msg := fmt.Sprintf("%s is not installed (%v): run npm ci --ignore-scripts --prefix tools/a11y", rel, err)
		if os.Getenv("CI") != "" {
			t.Fatal(msg)
		}
		t.Skip(msg)
	}
	return p
}

// pages lists the path of every page of the built site, as a browser
// asks for it: "/", "/en/", "/en/kb2262/", "/404.html".
func (h *harness) pages(t *testing.T) []string {
	t.Helper()
	var out []string
	err := filepath.WalkDir(h.siteDir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".html") {
			return err
		}
		rel, err := filepath.Rel(h.siteDir, p)
		if err != nil {
			return err
		}
		out = append(out, "/"+strings.TrimSuffix(filepath.ToSlash(rel), "index.html"))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	slices.Sort(out)
	if len(out) < 10 {
		t.Fatalf("the site has %d pages: %v", len(out), out)
	}
	return out
}

// axeViolation is what the test reports of one axe-core violation.
type axeViolation struct {
	ID      string   `json:"id"`
	Impact  string   `json:"impact"`
	Help    string   `json:"help"`
	Targets []string `json:"targets"`
}

// runAxe runs every axe-core rule over the document in the tab, once it
// has loaded and its scripts have set it up, and returns the violations.
const runAxe = `axe.run(document, {resultTypes: ["violations"]}).then(r => r.violations.map(v => ({
	id: v.id, impact: v.impact || "", help: v.help,
	targets: v.nodes.slice(0, 5).map(n => n.target.join(" ")),
})))`

// testAxe runs axe-core over every page of the site in every locale, in
// light and in dark mode, and expects no violation. The root page is
// checked without its redirect, as a reader without a matching language
// sees it. A page whose search box holds a query in its address is
// checked with its results shown, and one with the language menu open.
func (h *harness) testAxe(t *testing.T) {
	script, err := os.ReadFile(h.tool(t, axeScript))
	if err != nil {
		t.Fatal(err)
	}
	pages := h.pages(t)
	states := []struct {
		name, path, ready, action string
	}{
		{"search results", "/" + h.kb.Config.Locales[0] + "/?q=IB+Key", `document.querySelectorAll("#_search-results li").length > 0`, ""},
		{"language menu open", articlePath(h.kb.Config.Locales[1], h.branchedArticles()[0].ID), "true", `document.querySelector(".lang-menu").open = true`},
	}
	for _, scheme := range []string{"light", "dark"} {
		t.Run(scheme, func(t *testing.T) {
			t.Parallel()
			ctx := h.tabFor(t, 8*time.Minute)
			do(t, ctx)
			if _, err := chromedp.Call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
				Features: []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: scheme}},
			}); err != nil {
				t.Fatal(err)
			}
			checked, violations := 0, 0
			defer func() { t.Logf("axe-core %s: %d pages checked, %d violations", scheme, checked, violations) }()
			check := func(what string) {
				t.Helper()
				checked++
				violations += checkWithAxe(t, ctx, script, what+" ("+scheme+")")
			}
			for _, p := range pages {
				if p == "/" {
					continue
				}
				h.open(t, ctx, p)
				waitFor(t, ctx, `document.readyState === "complete"`)
				check(p)
			}
			for _, s := range states {
				h.open(t, ctx, s.path)
				waitFor(t, ctx, `document.readyState === "complete" && (`+s.ready+`)`)
				if s.action != "" {
					do(t, ctx, chromedp.Evaluate[chromedp.Void](s.action))
				}
				check(s.path + " with " + s.name)
			}
			// The root page sends the browser on at once: check it with
			// its script blocked.
			if _, err := chromedp.Call(ctx, network.SetBlockedURLs, network.SetBlockedURLsParams{
				URLPatterns: []*network.BlockPattern{{URLPattern: h.url("/assets/root.js"), Block: true}},
			}); err != nil {
				t.Fatal(err)
			}
			h.open(t, ctx, "/")
			waitFor(t, ctx, `document.readyState === "complete"`)
			check("/")
		})
	}
}

// checkWithAxe runs axe-core's rules, the script, over the page open in
// the tab, reports each violation as an error of the page called what,
// and returns how many there were.
func checkWithAxe(t *testing.T, ctx context.Context, script []byte, what string) int {
	t.Helper()
	if !eval[bool](t, ctx, `typeof axe === "object"`) {
		do(t, ctx, chromedp.Evaluate[chromedp.Void](string(script)))
	}
	violations := eval[[]axeViolation](t, ctx, runAxe)
	for _, v := range violations {
		t.Errorf("%s: %s [%s, %s] at %s", what, v.Help, v.ID, v.Impact, strings.Join(v.Targets, "; "))
	}
	return len(violations)
}

// nuMessage is one message of the Nu HTML checker's JSON output.
type nuMessage struct {
	Type     string `json:"type"`
	SubType  string `json:"subType"`
	URL      string `json:"url"`
	LastLine int    `json:"lastLine"`
	FirstCol int    `json:"firstColumn"`
	Message  string `json:"message"`
	Extract  string `json:"extract"`
}

// testNuHTMLChecker checks every page of the site, as the test server
// serves it, with the Nu HTML checker, and expects neither an error nor
// a warning.
func (h *harness) testNuHTMLChecker(t *testing.T) {
	pages := h.pages(t)
	urls := make([]string, len(pages))
	for i, p := range pages {
		urls[i] = h.url(p)
	}
	n := h.checkWithNu(t, h.baseURL, urls)
	t.Logf("Nu HTML checker: %d pages, %d messages", len(pages), n)
}

// checkWithNu checks the pages at urls with the Nu HTML checker, reports
// each error and warning as an error of the page (its address without
// base), and returns how many messages it gave.
func (h *harness) checkWithNu(t *testing.T, base string, urls []string) int {
	t.Helper()
	jar := h.tool(t, nuJar)
	java, err := exec.LookPath("java")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("no java: %v", err)
		}
		t.Skipf("no java to run the Nu HTML checker: %v", err)
	}
	// The checker refuses loopback addresses unless told otherwise.
	args := append([]string{"-Dnu.validator.servlet.allow-forbidden-hosts=true", "-Dnu.validator.servlet.allowed-address-type=all", "-jar", jar, "--format", "json", "--also-check-css", "--also-check-svg"}, urls...)
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, java, args...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	// vnu exits 1 when it reports anything; its JSON says what.
	runErr := cmd.Run()
	var out struct {
		Messages []nuMessage `json:"messages"`
	}
	if err := json.Unmarshal(stderr.Bytes(), &out); err != nil {
		t.Fatalf("the Nu HTML checker did not answer in JSON (%v): %v\n%s%s", runErr, err, stdout.String(), stderr.String())
	}
	for _, m := range out.Messages {
		if m.Type == "info" && m.SubType != "warning" {
			continue
		}
		t.Errorf("%s:%d:%d: %s %s: %s (%q)", strings.TrimPrefix(m.URL, base), m.LastLine, m.FirstCol, m.Type, m.SubType, m.Message, m.Extract)
	}
	return len(out.Messages)
}
