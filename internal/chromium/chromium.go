// Package chromium starts headless Chromium for kbc's browser tests: it
// finds the executable and launches it with the flags this project's
// machines need, so that every browser test starts it the same way.
package chromium

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// DefaultPath is where Debian's chromium package installs the browser.
const DefaultPath = "/usr/bin/chromium"

// Path returns the Chromium executable: $KBC_CHROMIUM, or DefaultPath. When
// there is none, the test fails under CI, where browser tests must run, and
// is skipped elsewhere.
func Path(t testing.TB) string {
	t.Helper()
	exe := os.Getenv("KBC_CHROMIUM")
	if exe == "" {
		exe = DefaultPath
	}
	if _, err := exec.LookPath(exe); err != nil {
		msg := fmt.Sprintf("no Chromium at %s (%v): install Debian's chromium package, or point KBC_CHROMIUM at a Chromium executable", exe, err)
		if os.Getenv("CI") != "" {
			t.Fatal(msg)
		}
		t.Skip(msg)
	}
	return exe
}

// Start starts headless Chromium with a fresh profile and returns a
// browser context; the browser is stopped when the test ends, and after
// timeout at the latest, so that a hung browser cannot block the run.
// Extra options are added to the standard flags.
func Start(t testing.TB, timeout time.Duration, extra ...chromedp.ExecAllocatorOption) context.Context {
	t.Helper()
	exe := Path(t)
	// Created before the stop is registered, so it is removed after the
	// browser has exited.
	profile := t.TempDir()
	suite, stopSuite := context.WithTimeout(context.Background(), timeout)
	opts := append([]chromedp.ExecAllocatorOption{
		chromedp.ExecPath(exe),
		chromedp.UserDataDir(profile),
		chromedp.Flag("headless", true),
		chromedp.Flag("no-sandbox", true), // CI runs the tests as root
		chromedp.Flag("disable-gpu", true),
		// The machines have no network but loopback: without these,
		// Chromium keeps trying to reach its services.
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("no-first-run", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-dev-shm-usage", true),
	}, extra...)
	alloc, stopAlloc := chromedp.NewExecAllocator(suite, opts...)
	browser, stopBrowser := chromedp.NewContext(alloc)
	t.Cleanup(func() {
		stopBrowser()
		stopAlloc()
		stopSuite()
	})
	if err := chromedp.Do(browser); err != nil {
		t.Fatalf("starting %s: %v", exe, err)
	}
	return browser
}

// Eval evaluates a JavaScript expression in the page, awaiting it when it
// is a promise, and fails the test when evaluation fails.
func Eval[T any](t testing.TB, ctx context.Context, js string) T {
	t.Helper()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](js, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("evaluating %s: %v", js, err)
	}
	return v
}

// WaitFor evaluates a boolean expression until it holds, failing the test
// after timeout. An evaluation that fails because the page is being
// replaced is tried again, so the expression can wait for a navigation or
// reload the page starts by itself.
func WaitFor(t testing.TB, ctx context.Context, js string, timeout time.Duration) {
	t.Helper()
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	for {
		ok, err := chromedp.Run(ctx, chromedp.Evaluate[bool](js))
		if err == nil && ok {
			return
		}
		select {
		case <-ctx.Done():
			t.Fatalf("waiting for %s: %v (last evaluation: %v, %v)", js, ctx.Err(), ok, err)
		case <-time.After(20 * time.Millisecond):
		}
	}
}
