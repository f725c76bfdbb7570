package cli

import (
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"time"

	"github.com/kbcdev/kbc/internal/content"
	"github.com/kbcdev/kbc/internal/diag"
	"github.com/kbcdev/kbc/internal/lint"
	"github.com/kbcdev/kbc/internal/site"
)

// runBuild lints the knowledge base and, when no finding is an error,
// renders the help site into the output folder. With the cache (the
// default) a build renders only the pages whose inputs changed, and a
// build whose inputs did not change at all stops before loading anything.
func runBuild(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("build", stderr, "[-o DIR] [--locale L,...] [--platform P] [--base-url URL] [PATH]")
	out := fs.String("o", "public", "output `folder`, replaced whole by the new site")
	localeList := fs.String("locale", "", "comma-separated `locales` to build (default: every configured locale)")
	platform := fs.String("platform", "", "build only this platform `branch`")
	baseURL := fs.String("base-url", "", "absolute `URL` the site is published at, for canonical links, hreflang and sitemap.xml")
	cache := fs.String("cache", filepath.Join(".kbc-cache", "build"), "`folder` where a build keeps what the next one needs to render only what changed")
	noCache := fs.Bool("no-cache", false, "render every page, and neither read nor write the cache")
	prof := addProfileFlags(fs)
	if code, ok := parseFlags(fs, args); !ok {
		return code
	}
	start := time.Now()
	if err := prof.start(); err != nil {
		fmt.Fprintf(stderr, "kbc build: %v\n", err)
		return ExitUsage
	}
	defer func() {
		if err := prof.stop(); err != nil {
			fmt.Fprintf(stderr, "kbc build: %v\n", err)
		}
	}()
	if fs.NArg() > 1 {
		fs.Usage()
		return ExitUsage
	}
	if *baseURL != "" {
		// Before anything is loaded: a bad address is a usage mistake,
		// whatever the content holds.
		if err := site.CheckBaseURL(*baseURL); err != nil {
			fmt.Fprintf(stderr, "kbc build: %v\n", err)
			return ExitUsage
		}
	}
	dir := "."
	if fs.NArg() == 1 {
		dir = fs.Arg(0)
	}
	root, err := content.FindRoot(dir)
	if err != nil {
		fmt.Fprintf(stderr, "kbc build: %v\n", err)
		return ExitUsage
	}
	opts := site.Options{Out: *out, Platform: *platform, BaseURL: *baseURL, Waiting: func(folder string) {
		fmt.Fprintf(stderr, "kbc build: waiting for another kbc process to finish with %s\n", folder)
	}}
	if !*noCache {
		opts.Cache = *cache
	}
	for _, l := range strings.Split(*localeList, ",") {
		if l = strings.TrimSpace(l); l != "" {
			opts.Locales = append(opts.Locales, l)
		}
	}
	plan, err := site.NewPlan(root, opts)
	if err != nil {
		fmt.Fprintf(stderr, "kbc build: %v\n", err)
		return ExitUsage
	}
	defer plan.Close()
	// Nothing changed since the last build: say so without loading, linting
	// or rendering anything.
	if sum, ok := plan.UpToDate(); ok {
		sum.Duration = time.Since(start)
		fmt.Fprintln(stdout, sum)
		return ExitOK
	}
	kb, diags, err := plan.Load(func(kb *content.KB) diag.List { return lint.Run(kb, lint.All()) })
	if err != nil {
		fmt.Fprintf(stderr, "kbc build: %v\n", err)
		return ExitUsage
	}
	if errs, _ := diags.Count(); errs > 0 {
		relativize(diags)
		diag.PrintText(stderr, diags)
		fmt.Fprintf(stderr, "kbc build: %s; the site was not built\n", count(errs, "error"))
		return ExitFindings
	}
	sum, err := plan.Build(kb)
	if err != nil {
		var ue *site.UsageError
		if errors.As(err, &ue) {
			fmt.Fprintf(stderr, "kbc build: %v\n", ue)
		} else {
			fmt.Fprintf(stderr, "kbc build: %s\n", oneLine(err))
		}
		return ExitUsage
	}
	if _, warns := diags.Count(); warns > 0 {
		fmt.Fprintf(stdout, "kbc build: %s (run kbc lint to see them)\n", count(warns, "lint warning"))
	}
	fmt.Fprintln(stdout, sum)
	for _, w := range sum.Warnings {
		fmt.Fprintf(stderr, "kbc build: warning: %s\n", oneLine(errors.New(w)))
	}
	if sum.Cache != "" {
		fmt.Fprintln(stdout, "  every page rendered: "+sum.Cache)
	}
	for _, n := range sum.Notes {
		fmt.Fprintln(stdout, "  "+n)
	}
	return ExitOK
}

// oneLine joins a multi-error into one line, as the exit-2 contract wants.
func oneLine(err error) string {
	return strings.ReplaceAll(err.Error(), "\n", "; ")
}

func count(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}
