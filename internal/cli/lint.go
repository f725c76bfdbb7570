package cli

import (
	"errors"
	"flag"
	"fmt"
	"io"
	iofs "io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/kbcdev/kbc/internal/content"
	"github.com/kbcdev/kbc/internal/diag"
	"github.com/kbcdev/kbc/internal/lint"
	"github.com/kbcdev/kbc/internal/lintcache"
	"github.com/kbcdev/kbc/internal/output"
	"github.com/kbcdev/kbc/locales"
	sitefiles "github.com/kbcdev/kbc/site"
)

// lintFormats are the output formats of kbc lint, each a printer from diag.
var lintFormats = map[string]func(w io.Writer, l diag.List, rules []*lint.Rule, paths diag.Paths) error{
	"text":   func(w io.Writer, l diag.List, _ []*lint.Rule, p diag.Paths) error { return diag.PrintText(w, l, p) },
	"json":   func(w io.Writer, l diag.List, _ []*lint.Rule, p diag.Paths) error { return diag.PrintJSON(w, l, p) },
	"github": func(w io.Writer, l diag.List, _ []*lint.Rule, p diag.Paths) error { return diag.PrintGitHub(w, l, p) },
	"codequality": func(w io.Writer, l diag.List, _ []*lint.Rule, p diag.Paths) error {
		return diag.PrintCodeQuality(w, l, p)
	},
	"sarif": func(w io.Writer, l diag.List, rules []*lint.Rule, p diag.Paths) error {
		return diag.PrintSARIF(w, l, diag.Tool{Version: kbcVersion(), Rules: ruleInfos(rules)}, p)
	},
}

func runLint(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("lint", stderr, "[--format text|json|github|sarif|codequality] [--strict] [--info] [--changed-since REV] [--fix] [--cache DIR] [--list-rules] [PATH...]")
	format := fs.String("format", "text", "output `format`: text, json, github, sarif, or codequality (a GitLab Code Quality report)")
	strict := fs.Bool("strict", false, "exit 1 on warnings too")
	info := fs.Bool("info", false, "report info findings too, such as text not yet translated into a locale published with fallbacks")
	since := fs.String("changed-since", "", "report only findings in the article folders changed since git `revision` REV, and those the change caused elsewhere")
	cache := fs.String("cache", defaultLintCache, "`folder` where lint keeps its findings, to report them again at once when no file changed; empty for none")
	listRules := fs.Bool("list-rules", false, "print every rule with its summary and exit")
	fix := fs.Bool("fix", false, "first fix the mechanical findings in the files (French no-break spaces, quoted fingerprints, tabs, trailing white space, decomposed accents), then report the rest")
	prof := addProfileFlags(fs)
	paths, code, ok := parseInterspersed(fs, args, stderr)
	if !ok {
		return code
	}
	if err := prof.start(); err != nil {
		fmt.Fprintf(stderr, "kbc lint: %v\n", err)
		return ExitUsage
	}
	defer func() {
		if err := prof.stop(); err != nil {
			fmt.Fprintf(stderr, "kbc lint: %v\n", err)
		}
	}()
	fit, restore := lintCollector()
	defer restore()
	fail := func(err error) int {
		fmt.Fprintf(stderr, "kbc lint: %v\n", err)
		return ExitUsage
	}
	print := lintFormats[*format]
	if print == nil {
		return fail(oneOf("format", *format, "text", "json", "github", "sarif", "codequality"))
	}
	rules := lint.All()
	if *listRules {
		for _, r := range rules {
			fmt.Fprintf(stdout, "%-18s %-7s %s\n", r.Name, r.Severity, r.Summary())
		}
		return ExitOK
	}
	// Without PATHs, the knowledge base found from the working directory
	// is reported whole, even when the working directory is inside it.
	root, err := commonRoot(paths)
	if err != nil {
		return fail(err)
	}
	if *since != "" {
		base, note, err := changeBase(root, *since)
		if err != nil {
			return fail(err)
		}
		if note != "" {
			fmt.Fprintf(stderr, "kbc lint: %s\n", note)
		}
		*since = base
	}
	said := map[string]bool{}
	scope := lintScope{paths: paths, since: *since, note: func(note string) {
		if !said[note] { // a lint with --fix checks more than once
			said[note] = true
			fmt.Fprintf(stderr, "kbc lint: %s\n", note)
		}
	}}
	check := func() (diag.List, error) { return lintFindings(root, rules, scope, false, fit) }
	if *fix {
		fixed, files, err := fixFindings(check)
		if err != nil {
			return fail(err)
		}
		if fixed > 0 {
			fmt.Fprintf(stderr, "kbc lint: fixed %s in %s\n", plural(fixed, "finding"), plural(files, "file"))
		}
	}
	if !explicit(fs, "cache") {
		*cache = besideContent(root, *cache)
	}
	waiting := func() {
		fmt.Fprintf(stderr, "kbc lint: waiting for another kbc process to finish with %s\n", *cache)
	}
	diags, err := cachedFindings(*cache, explicit(fs, "cache"), root, rules, scope, fit, waiting)
	if err != nil {
		return fail(err)
	}
	hidden := 0
	if !*info {
		diags, hidden = diags.WithoutInfo()
	}
	names := workingDir()
	if *format == "sarif" || *format == "github" || *format == "codequality" {
		names = checkoutRoot(root)
	}
	if err := print(stdout, diags, rules, names); err != nil {
		return fail(err)
	}
	if hidden > 0 && *format == "text" {
		fmt.Fprintf(stderr, "kbc lint: %s not shown; --info shows them\n", plural(hidden, "info finding"))
	}
	if n := fixable(diags); n > 0 && *format == "text" {
		fmt.Fprintf(stderr, "kbc lint: %s can be fixed with kbc lint --fix\n", plural(n, "finding"))
	}
	errs, warns := diags.Count()
	if errs > 0 || (*strict && warns > 0) {
		return ExitFindings
	}
	return ExitOK
}

// fixable counts the findings whose fix kbc lint --fix makes.
func fixable(diags diag.List) int {
	n := 0
	for _, d := range diags {
		if mechanical(d) {
			n++
		}
	}
	return n
}

// lintScope says which of the knowledge base's findings a lint reports.
type lintScope struct {
	paths []string // only those under these paths, if any
	since string   // only those that the change since this git revision concerns, if one is given (see sinceFindings)
	note  func(string)
}

// lintFindings loads and lints the knowledge base at root and returns the
// findings lint reports of it, those in scope; with fold, those that
// follow from another finding under it (lint.Fold). fit is called once
// the knowledge base is loaded (see lintCollector).
func lintFindings(root string, rules []*lint.Rule, scope lintScope, fold bool, fit func()) (diag.List, error) {
	// A lean load keeps memory to a batch of articles whole, whatever the
	// size of the knowledge base; lint.Run loads the others as it goes.
	kb, loaded, err := content.LoadLean(root)
	if err != nil {
		return nil, err
	}
	fit()
	diags := append(slices.Clip(loaded), lint.Run(kb, rules)...)
	diags.Sort()
	if diags, err = underPaths(diags, root, scope.paths); err != nil {
		return nil, err
	}
	if scope.since != "" {
		if diags, err = sinceFindings(kb, root, diags, scope, rules); err != nil {
			return nil, err
		}
	}
	if fold {
		diags = lint.Fold(kb, loaded, diags, rules)
	}
	return diags, nil
}

// defaultLintCache is the cache folder of kbc lint, beside the build's.
var defaultLintCache = filepath.Join(".kbc-cache", "lint")

// claimLintCache makes dir the lint's cache folder and takes its lock.
func claimLintCache(dir, root string, waiting func()) (*output.Lock, error) {
	if err := output.ClaimCache(dir, "", root, lintcache.IsCacheFile); err != nil {
		return nil, err
	}
	return output.LockFolder(dir, waiting)
}

// cachedFindings returns the findings lintFindings reports, from the cache
// folder dir when no file changed since the lint that recorded them, and
// otherwise checking the article folders that changed and reporting the
// others' findings from it (lintcache.Cache.Check). No
// cache is used with --changed-since, whose findings follow the history
// as well as the files, nor in a folder that is not kbc's to write into:
// that is an error when the folder was asked for, and the lint runs
// without a cache when it is the default (run from inside the content
// folder, the default lies in it). The lint holds the cache folder's lock
// from the read of the last lint's record to the write of its own, and
// calls waiting if another kbc process holds it.
func cachedFindings(dir string, asked bool, root string, rules []*lint.Rule, scope lintScope, fit, waiting func()) (diag.List, error) {
	if dir == "" || scope.since != "" {
		return lintFindings(root, rules, scope, true, fit)
	}
	lock, err := claimLintCache(dir, root, waiting)
	if err != nil {
		if asked {
			return nil, err
		}
		return lintFindings(root, rules, scope, true, fit)
	}
	defer lock.Release()
	abs, err := absPaths(scope.paths)
	if err != nil {
		return nil, err
	}
	c, err := lintcache.Open(dir, root, []iofs.FS{sitefiles.FS, locales.FS}, append([]string{"paths"}, abs...)...)
	if err != nil {
		return lintFindings(root, rules, scope, true, fit)
	}
	if diags, ok := c.Findings(); ok {
		return diags, nil
	}
	diags, err := c.Check(func(kb *content.KB) diag.List {
		fit()
		return lint.Run(kb, rules)
	})
	if err != nil {
		return nil, err
	}
	if diags, err = underPaths(diags, root, scope.paths); err != nil {
		return nil, err
	}
	if slices.ContainsFunc(diags, guessed) {
		// Folding tries each guessed fix on the whole knowledge base,
		// which a check of what changed did not load.
		if diags, err = lintFindings(root, rules, scope, true, fit); err != nil {
			return nil, err
		}
	}
	// A cache that cannot be written costs the next lint its time, not
	// this one its findings.
	_ = c.Save(diags)
	return diags, nil
}

// guessed reports whether the finding's fix is a guess, which lint.Fold
// tries to find the findings that follow from it.
func guessed(d diag.Diagnostic) bool { return d.Fix != nil && d.Fix.Guess }

// mechanical reports whether kbc lint --fix makes the finding's fix: one
// in a file that is no guess, such as the key a misspelling may stand
// for, which is left to the writer.
func mechanical(d diag.Diagnostic) bool { return d.Fix != nil && !d.Fix.Guess && d.Pos.File != "" }

// explicit reports whether the flag called name was given.
func explicit(fs *flag.FlagSet, name string) bool {
	set := false
	fs.Visit(func(f *flag.Flag) { set = set || f.Name == name })
	return set
}

// commonRoot returns the knowledge base that holds every path. The whole
// knowledge base is linted whichever part is named, since references cross
// articles; paths in two knowledge bases cannot be checked in one run.
// Without paths, it is the knowledge base found from the working
// directory.
func commonRoot(paths []string) (string, error) {
	if len(paths) == 0 {
		paths = []string{"."}
	}
	var root, rootAbs, first string
	for _, p := range paths {
		r, err := content.FindRoot(p)
		if err != nil {
			return "", err
		}
		abs, err := filepath.Abs(r)
		if err != nil {
			return "", err
		}
		if root == "" {
			root, rootAbs, first = r, abs, p
			continue
		}
		if abs != rootAbs {
			return "", fmt.Errorf("%s and %s are in different knowledge bases (%s and %s); lint them one at a time", first, p, root, r)
		}
	}
	return root, nil
}

// underPaths keeps the findings whose file lies at or under one of the
// paths; with no paths, every finding. A path that is the content folder
// root stands for the whole knowledge base, its own UI catalogs beside
// the folder included: "kbc lint content" reports them as "kbc lint" does.
func underPaths(l diag.List, root string, paths []string) (diag.List, error) {
	if len(paths) == 0 {
		return l, nil
	}
	prefixes, err := absPaths(paths)
	if err != nil {
		return nil, err
	}
	if whole, err := absPaths([]string{root, locales.LocalDir(root)}); err == nil && slices.Contains(prefixes, whole[0]) {
		prefixes = append(prefixes, whole[1])
	}
	var out diag.List
	for _, d := range l {
		if d.Pos.File != "" && underAny(d.Pos.File, prefixes) {
			out = append(out, d)
		}
	}
	return out, nil
}

// absPaths returns the absolute forms of paths.
func absPaths(paths []string) ([]string, error) {
	out := make([]string, len(paths))
	for i, p := range paths {
		abs, err := filepath.Abs(p)
		if err != nil {
			return nil, err
		}
		out[i] = abs
	}
	return out, nil
}

// underAny reports whether the file lies at or under one of the absolute
// paths.
func underAny(file string, prefixes []string) bool {
	abs, err := filepath.Abs(file)
	return err == nil && slices.ContainsFunc(prefixes, func(p string) bool { return within(abs, p) })
}

// within reports whether the clean absolute path p is dir or lies under it.
func within(p, dir string) bool {
	if p == dir {
		return true
	}
	if !strings.HasSuffix(dir, string(filepath.Separator)) {
		dir += string(filepath.Separator)
	}
	return strings.HasPrefix(p, dir)
}

// ruleInfos describes the rules for printers that carry rule metadata.
func ruleInfos(rules []*lint.Rule) []diag.RuleInfo {
	infos := make([]diag.RuleInfo, len(rules))
	for i, r := range rules {
		infos[i] = diag.RuleInfo{Name: r.Name, Summary: r.Summary(), Doc: r.Doc, Severity: r.Severity}
	}
	return infos
}

// workingDir is how findings name files: relative to the working
// directory, as the output formats promise.
func workingDir() diag.Paths {
	wd, _ := os.Getwd()
	return diag.Paths{Dir: wd}
}

// checkoutRoot is how a SARIF log and GitHub annotations name files:
// relative to the root of the git checkout that holds the knowledge base
// at root, as code scanning and pull-request annotations place results by
// their path in the repository, whichever folder kbc runs in (a job's
// working-directory, or a checkout into a subfolder); relative to the
// working directory when the knowledge base is in no checkout.
//
// The knowledge base's folder is resolved through symbolic links first,
// as git finds its checkout from where the folder is, not from the way a
// shell took to it; so are the file names.
func checkoutRoot(root string) diag.Paths {
	wd, err := os.Getwd()
	if err != nil {
		return diag.Paths{}
	}
	if r, err := filepath.EvalSymlinks(wd); err == nil {
		wd = r
	}
	start, err := filepath.Abs(root)
	if err != nil {
		return diag.Paths{Dir: wd, Resolve: true}
	}
	if r, err := filepath.EvalSymlinks(start); err == nil {
		start = r
	}
	for dir := start; ; {
		if _, err := os.Lstat(filepath.Join(dir, ".git")); err == nil {
			return diag.Paths{Dir: dir, Resolve: true}
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return diag.Paths{Dir: wd, Resolve: true}
		}
		dir = parent
	}
}

// parseInterspersed parses flags that may come before, between or after
// the positional arguments, as in "kbc new KB1234 --title ...", and
// returns the positional ones. "--" ends the flags. A flag error is one
// line on stderr, not the whole usage; -h prints the usage and exits 0.
func parseInterspersed(fs *flag.FlagSet, args []string, stderr io.Writer) (positional []string, code int, ok bool) {
	usage := fs.Usage
	fs.Usage = func() {}
	fs.SetOutput(io.Discard)
	defer func() { fs.Usage = usage; fs.SetOutput(stderr) }()
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				fs.SetOutput(stderr)
				usage()
				return nil, ExitOK, false
			}
			fmt.Fprintf(stderr, "%s: %v; run \"%s -h\" for usage\n", fs.Name(), err, fs.Name())
			return nil, ExitUsage, false
		}
		rest := fs.Args()
		if len(rest) == 0 {
			return positional, 0, true
		}
		// flag.Parse stops at the first positional argument, or after "--",
		// which it consumes: tell the two apart by what preceded rest.
		if consumed := args[:len(args)-len(rest)]; len(consumed) > 0 && consumed[len(consumed)-1] == "--" {
			return append(positional, rest...), 0, true
		}
		positional = append(positional, rest[0])
		args = rest[1:]
	}
}
