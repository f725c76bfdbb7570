package cli

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// serveKB writes a one-article knowledge base under content/ in a new
// folder, makes it the working directory, and returns the article file.
// text is the first step's text.
func serveKB(t *testing.T, text string) string {
	t.Helper()
	dir := t.TempDir()
	t.Chdir(dir)
	files := map[string]string{
		"content/kb.yaml": "source_locale: en\nlocales: [en]\n",
		"content/kb1/article.yaml": `id: KB1
title: Pay an invoice
summary: Settle an open invoice from your account.
procedures:
  - id: pay
    title: Pay
    steps:
      - id: open
        text: ` + text + `
      - id: confirm
        text: Select the invoice and confirm.
`,
	}
	for name, body := range files {
		if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(name, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return "content/kb1/article.yaml"
}

// serveOnce runs kbc serve in-process on a free loopback port, calls visit
// with its URL, then stops it as an interrupt would.
func serveOnce(t *testing.T, args []string, visit func(url string)) (code int, stdout, stderr string) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var out, errOut bytes.Buffer
	urls := make(chan string, 1)
	done := make(chan int, 1)
	go func() {
		done <- serveUntil(ctx, append([]string{"--addr", "127.0.0.1:0"}, args...), &out, &errOut, func(url string) { urls <- url })
	}()
	select {
	case url := <-urls:
		visit(url)
		cancel()
		code = <-done
	case code = <-done:
		t.Errorf("kbc serve stopped before serving: exit %d", code)
	}
	return code, out.String(), errOut.String()
}

func fetch(t *testing.T, url string) (int, string) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, string(b)
}

func TestServeAddsReloadScriptOnlyWhenServing(t *testing.T) {
	serveKB(t, "Open **Invoices**.")
	var page string
	code, stdout, stderr := serveOnce(t, nil, func(url string) {
		var status int
		status, page = fetch(t, url+"en/kb1/")
		if status != http.StatusOK {
			t.Errorf("GET en/kb1/: HTTP %d", status)
		}
	})
	if code != ExitOK || stderr != "" {
		t.Fatalf("kbc serve: exit %d, stderr %q", code, stderr)
	}
	if !strings.Contains(page, `<script src="/_kbc/reload.js?site=`) || !strings.Contains(page, "Pay an invoice") {
		t.Errorf("served page lacks the article or the reload script:\n%s", page)
	}
	if !strings.Contains(stdout, "kbc serve: serving content at http://127.0.0.1:") {
		t.Errorf("stdout does not show the URL:\n%s", stdout)
	}

	var out bytes.Buffer
	if code := Run([]string{"build", "-o", "public"}, &out, &out); code != ExitOK {
		t.Fatalf("kbc build: exit %d\n%s", code, out.String())
	}
	built, err := os.ReadFile("public/en/kb1/index.html")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(built), "Pay an invoice") || strings.Contains(string(built), "_kbc") {
		t.Errorf("kbc build output should hold the article and no reload script:\n%s", built)
	}
}

func TestServePrintsFindingsRelativeToWorkingDirectory(t *testing.T) {
	file := serveKB(t, "Open **Invoices**, then see {{step:nosuch}}.")
	code, stdout, _ := serveOnce(t, nil, func(url string) {
		if status, _ := fetch(t, url+"en/kb1/"); status != http.StatusServiceUnavailable {
			t.Errorf("GET en/kb1/ with no good build: HTTP %d, want 503", status)
		}
	})
	if code != ExitOK {
		t.Errorf("exit %d: errors in the content must not stop the preview", code)
	}
	src, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	// The finding points at the reference, on line 9.
	col := strings.Index(strings.Split(string(src), "\n")[8], "{{step:nosuch}}") + 1
	want := file + ":9:" + strconv.Itoa(col) + ": error: step-graph: "
	if !strings.Contains(stdout, want) {
		t.Errorf("stdout lacks %q:\n%s", want, stdout)
	}
}

func TestServeRefusesNonLoopbackAddr(t *testing.T) {
	serveKB(t, "Open **Invoices**.")
	for _, args := range [][]string{
		{"serve", "--addr", "0.0.0.0:1313"},
		{"serve", "--addr", ":1313"},
	} {
		var stdout, stderr bytes.Buffer
		if code := Run(args, &stdout, &stderr); code != ExitUsage {
			t.Errorf("%q: exit %d, want %d", args, code, ExitUsage)
		}
		if !strings.Contains(stderr.String(), "not a loopback address") || !strings.Contains(stderr.String(), "--public") {
			t.Errorf("%q: stderr %q should explain the refusal and name --public", args, stderr.String())
		}
	}
}

func TestServeUsage(t *testing.T) {
	serveKB(t, "Open **Invoices**.")
	var stdout, stderr bytes.Buffer
	if code := Run([]string{"serve", "-h"}, &stdout, &stderr); code != ExitOK {
		t.Errorf("serve -h: exit %d", code)
	}
	if !strings.HasPrefix(stderr.String(), "usage: kbc serve [--addr HOST:PORT] [--public]") || !strings.Contains(stderr.String(), "-addr address") {
		t.Errorf("serve -h: usage %q", stderr.String())
	}
	stderr.Reset()
	if code := Run([]string{"serve", "content", "content"}, &stdout, &stderr); code != ExitUsage || !strings.Contains(stderr.String(), "one knowledge base at a time") {
		t.Errorf("serve with two paths: exit %d, stderr %q", code, stderr.String())
	}
	stderr.Reset()
	if code := Run([]string{"serve", "--addr", "127.0.0.1:0", "--locale", "de"}, &stdout, &stderr); code != ExitUsage || !strings.Contains(stderr.String(), `locale "de" is not configured`) {
		t.Errorf("serve --locale de: exit %d, stderr %q", code, stderr.String())
	}
}
