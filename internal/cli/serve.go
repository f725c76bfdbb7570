package cli

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"

	"github.com/kbcdev/kbc/internal/build"
	"github.com/kbcdev/kbc/internal/content"
	"github.com/kbcdev/kbc/internal/serve"
)

// runServe previews the help site: it builds it, serves it, and rebuilds
// it whenever the content changes, until interrupted.
// Closing its terminal (SIGHUP) stops it as Ctrl+C does, so that it
// removes its files. Once it is stopping, a second Ctrl+C ends it at
// once, leaving them to the next preview to remove.
func runServe(args []string, stdout, stderr io.Writer) int {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM, syscall.SIGHUP)
	defer stop()
	go func() {
		<-ctx.Done()
		stop()
	}()
	return serveUntil(ctx, args, stdout, stderr, nil)
}

// serveUntil runs the preview until ctx is done. ready, when not nil, is
// called on its own goroutine with the server's URL, for tests that run
// the command in-process.
func serveUntil(ctx context.Context, args []string, stdout, stderr io.Writer, ready func(url string)) int {
	fs := newFlagSet("serve", stderr, "[--addr HOST:PORT] [--public] [--locale L,...] [--platform P] [PATH]")
	addr := fs.String("addr", serve.DefaultAddr, "`address` to listen on")
	public := fs.Bool("public", false, "allow an address other than loopback: the preview is then readable from the network")
	localeList := fs.String("locale", "", "comma-separated `locales` to build (default: every configured locale)")
	platform := fs.String("platform", "", "build only this platform `branch`")
	paths, code, ok := parseInterspersed(fs, args, stderr)
	if !ok {
		return code
	}
	fail := func(err error) int {
		printError(stderr, "kbc serve", err)
		return ExitUsage
	}
	if len(paths) > 1 {
		return fail(fmt.Errorf("one knowledge base at a time, got %d paths", len(paths)))
	}
	dir := "."
	if len(paths) == 1 {
		dir = paths[0]
	}
	root, err := content.FindRoot(dir)
	if err != nil {
		return fail(err)
	}
	wd, err := os.Getwd()
	if err != nil {
		return fail(err)
	}
	opts := serve.Options{
		Root:       root,
		Addr:       *addr,
		Public:     *public,
		Site:       build.Options{Platform: *platform},
		Log:        stdout,
		RelativeTo: wd,
		Collector:  buildCollector,
	}
	for _, l := range strings.Split(*localeList, ",") {
		if l = strings.TrimSpace(l); l != "" {
			opts.Site.Locales = append(opts.Site.Locales, l)
		}
	}
	srv, err := serve.New(opts)
	if err != nil {
		return fail(err)
	}
	fmt.Fprintf(stdout, "kbc serve: serving %s at %s (Ctrl+C to stop)\n", root, srv.URL())
	if ready != nil {
		// The server answers once Run serves; the listener is open, so
		// requests made meanwhile wait rather than fail.
		go ready(srv.URL())
	}
	if err := srv.Run(ctx); err != nil {
		return fail(err)
	}
	return ExitOK
}
