package cli

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/kbcdev/kbc/internal/build"
	"github.com/kbcdev/kbc/internal/content"
	"github.com/kbcdev/kbc/internal/diag"
	"github.com/kbcdev/kbc/internal/output"
	"github.com/kbcdev/kbc/internal/serve"
	"github.com/kbcdev/kbc/internal/site"
)

// runBuild lints the knowledge base and, when no finding is an error,
// renders the help site into the output folder. With the cache (the
// default) a build renders only the pages whose inputs changed, and a
// build whose inputs did not change at all stops before loading anything.
func runBuild(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("build", stderr, "[-o DIR] [--cache DIR | --no-cache] [--locale L,...] [--platform P] [--base-url URL] [--git-info] [--details] [PATH]")
	out := fs.String("o", "public", "output `folder`, replaced whole by the new site")
	localeList := fs.String("locale", "", "comma-separated `locales` to build (default: every configured locale)")
	platform := fs.String("platform", "", "build only this platform `branch`")
	baseURL := fs.String("base-url", "", "absolute `URL` the site is published at, for canonical links, hreflang and sitemap.xml")
	cache := fs.String("cache", filepath.Join(".kbc-cache", "build"), "`folder` where a build keeps what the next one needs to render only what changed")
	noCache := fs.Bool("no-cache", false, "render every page, and neither read nor write the cache")
	gitInfo := fs.Bool("git-info", false, "date each page's \"last updated\" from the last git commit that changed its file, where the file gives no updated: date")
	details := fs.Bool("details", false, "list the pages and figures shown in the source language for want of a translation")
	prof := addProfileFlags(fs)
	paths, code, ok := parseInterspersed(fs, args, stderr)
	if !ok {
		return code
	}
	if err := prof.start(); err != nil {
		fmt.Fprintf(stderr, "kbc build: %v\n", err)
		return ExitUsage
	}
	defer func() {
		if err := prof.stop(); err != nil {
			fmt.Fprintf(stderr, "kbc build: %v\n", err)
		}
	}()
	defer buildCollector()()
	if len(paths) > 1 {
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
	if len(paths) == 1 {
		dir = paths[0]
	}
	root, err := content.FindRoot(dir)
	if err != nil {
		fmt.Fprintf(stderr, "kbc build: %v\n", err)
		return ExitUsage
	}
	if !explicit(fs, "o") {
		*out = besideContent(root, *out)
	}
	if !explicit(fs, "cache") {
		*cache = besideContent(root, *cache)
	}
	opts := build.Options{Out: *out, Platform: *platform, BaseURL: *baseURL, Waiting: func(folder string) {
		fmt.Fprintf(stderr, "kbc build: waiting for another kbc process to finish with %s\n", folder)
	}}
	if !*noCache {
		opts.Cache = *cache
		if !explicit(fs, "cache") {
			// A read-only checkout, as some CI runners make, has no room
			// for the default cache: the build goes on without it, as lint
			// does, and says so, since it renders every page.
			if err := writableFolder(*cache); err != nil {
				fmt.Fprintf(stderr, "kbc build: building without a cache, which cannot be written here: %s; --cache DIR names a folder that can be\n", diag.Escape(err.Error()))
				opts.Cache = ""
			}
		}
	}
	if *gitInfo {
		if opts.GitDates, err = gitDates(root); err != nil {
			fmt.Fprintf(stderr, "kbc build: --git-info: %s\n", diag.Escape(err.Error()))
			return ExitUsage
		}
	}
	for _, l := range strings.Split(*localeList, ",") {
		if l = strings.TrimSpace(l); l != "" {
			opts.Locales = append(opts.Locales, l)
		}
	}
	res, err := build.Run(root, opts)
	if err != nil {
		printError(stderr, "kbc build", err)
		// A build swaps its site in whole or not at all.
		if _, statErr := os.Stat(*out); statErr == nil {
			fmt.Fprintf(stderr, "kbc build: the site was not built; %s was left as it was\n", diag.Escape(*out))
		} else {
			fmt.Fprintf(stderr, "kbc build: the site was not built\n")
		}
		return ExitUsage
	}
	if errs := res.Errors(); errs > 0 {
		shown, hidden := res.Findings.WithoutInfo()
		diag.PrintText(stderr, shown, workingDir())
		if hidden > 0 {
			fmt.Fprintf(stderr, "kbc build: %s not shown; kbc lint --info shows them\n", plural(hidden, "info finding"))
		}
		fmt.Fprintf(stderr, "kbc build: %s; the site was not built\n", count(errs, "error"))
		return ExitFindings
	}
	sum := res.Summary
	_, warns := res.Findings.Count()
	if sum.UpToDate {
		warns = sum.LintWarnings // nothing was checked: the build that wrote the site's
	}
	if warns > 0 {
		fmt.Fprintf(stdout, "kbc build: %s (run kbc lint to see them)\n", count(warns, "lint warning"))
	}
	fmt.Fprintln(stdout, sum)
	for _, w := range sum.Warnings {
		fmt.Fprintf(stderr, "kbc build: warning: %s\n", diag.Escape(w))
	}
	if sum.Cache != "" {
		fmt.Fprintln(stdout, "  every page rendered: "+sum.Cache)
	}
	if sum.FoldersCache != "" {
		fmt.Fprintln(stdout, "  every article folder loaded and checked: "+sum.FoldersCache)
	}
	for _, n := range sum.Notes {
		fmt.Fprintln(stdout, "  "+n)
	}
	for _, o := range sum.Overrides {
		fmt.Fprintln(stdout, "  theme: "+diag.Escape(o))
	}
	printFallbacks(stdout, sum.Fallbacks, *details)
	printWhereToLook(stdout, *out, dir)
	return ExitOK
}

// printWhereToLook says where the site is and how to preview it: a new
// team's first build should not leave them guessing.
func printWhereToLook(w io.Writer, out, dir string) {
	serveCmd := "kbc serve"
	if dir != "." {
		serveCmd += " " + shellWord(dir)
	}
	fmt.Fprintf(w, "  the site is in %s: open %s in a browser, or preview it with %q at http://%s/\n",
		shellWord(out), shellWord(filepath.Join(out, "index.html")), serveCmd, serve.DefaultAddr)
}

// shellWord quotes a path the way a shell would need it, when it has to.
func shellWord(s string) string {
	if s != "" && strings.IndexFunc(s, func(r rune) bool {
		return !(r == '/' || r == '.' || r == '-' || r == '_' || r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z')
	}) < 0 {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

// printFallbacks says in one line how much each locale shows in the source
// language for want of a translation; details lists the articles and
// figures, a line per locale.
func printFallbacks(w io.Writer, fbs []build.Fallbacks, details bool) {
	if len(fbs) == 0 {
		return
	}
	var parts []string
	for _, f := range fbs {
		var counts []string
		if len(f.Pages) > 0 {
			counts = append(counts, count(len(f.Pages), "page"))
		}
		if len(f.Figures) > 0 {
			counts = append(counts, count(len(f.Figures), "figure"))
		}
		parts = append(parts, f.Locale+" "+strings.Join(counts, " and "))
	}
	line := "  shown in the source language for want of a translation: " + strings.Join(parts, "; ")
	if !details {
		fmt.Fprintln(w, line+" (--details lists them)")
		return
	}
	fmt.Fprintln(w, line)
	for _, f := range fbs {
		if len(f.Pages) > 0 {
			fmt.Fprintf(w, "    %s pages: %s\n", f.Locale, strings.Join(f.Pages, ", "))
		}
		if len(f.Figures) > 0 {
			fmt.Fprintf(w, "    %s figures: %s\n", f.Locale, strings.Join(f.Figures, ", "))
		}
	}
}

// printError writes an error on stderr, one line per error it joins,
// each with the command's name, and with control characters escaped so
// that a file name in it cannot start a line of its own.
func printError(w io.Writer, cmd string, err error) {
	errs := diag.Joined(err)
	// A full disk fails every file written after it alike: the first
	// says it, and the others are counted, so that thousands of lines do
	// not hide the cause.
	alike := map[string]int{}
	for _, e := range errs {
		if cause, ok := fileCause(e); ok {
			alike[cause]++
		}
	}
	for _, e := range errs {
		cause, ok := fileCause(e)
		switch {
		case !ok:
			fmt.Fprintf(w, "%s: %s\n", cmd, diag.Escape(e.Error()))
		case alike[cause] > 0:
			fmt.Fprintf(w, "%s: %s\n", cmd, diag.Escape(e.Error()))
			if n := alike[cause] - 1; n > 0 {
				fmt.Fprintf(w, "%s: and %s: %s\n", cmd, count(n, "more file"), diag.Escape(cause))
			}
			alike[cause] = 0
		}
	}
}

// fileCause returns what the system said of a file it could not read or
// write, such as "no space left on device".
func fileCause(err error) (string, bool) {
	var pe *fs.PathError
	if !errors.As(err, &pe) {
		return "", false
	}
	return pe.Err.Error(), true
}

func count(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

// writableFolder makes the folder dir if it does not exist, and tells
// whether a file can be written in it, and its lock file, if any, opened
// to be locked: a folder restored from another user's cache, or in a
// read-only checkout, may exist and refuse either.
func writableFolder(dir string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	f, err := os.CreateTemp(dir, ".kbc-probe-*")
	if err != nil {
		return err
	}
	f.Close()
	if err := os.Remove(f.Name()); err != nil {
		return err
	}
	lock, err := os.OpenFile(filepath.Join(dir, output.FolderLockFile), os.O_WRONLY, 0)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	return lock.Close()
}
