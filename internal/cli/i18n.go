package cli

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/kbcdev/kbc/internal/content"
	"github.com/kbcdev/kbc/internal/coverage"
	"github.com/kbcdev/kbc/internal/diag"
	"github.com/kbcdev/kbc/internal/lint"
	"github.com/kbcdev/kbc/internal/localefile"
	"github.com/kbcdev/kbc/internal/suggest"
	"github.com/kbcdev/kbc/internal/termbase"
	"github.com/kbcdev/kbc/internal/translate"
	"github.com/kbcdev/kbc/internal/xliff"
)

const i18nUsage = `usage: kbc i18n <subcommand> [flags] [arguments]

subcommands:
  status    coverage per locale and article: current, stale, missing, orphaned units
  export    the units missing or stale in a locale, as an XLIFF 2.0 document
  import    translated XLIFF 2.0 documents, into the locale files
  template  the units missing or stale in one article and locale, as YAML to paste;
            -w adds the missing ones to the locale file, never overwriting a unit
  terms     the term base (terms.yaml): a listing, or with --tbx TBX-Basic for CAT tools`

func runI18n(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprintln(stderr, i18nUsage)
		return ExitUsage
	}
	switch args[0] {
	case "-h", "-help", "--help", "help":
		fmt.Fprintln(stdout, i18nUsage)
		return ExitOK
	case "status":
		return runI18nStatus(args[1:], stdout, stderr)
	case "export":
		return runI18nExport(args[1:], stdout, stderr)
	case "import":
		return runI18nImport(args[1:], stdout, stderr)
	case "template":
		return runI18nTemplate(args[1:], stdout, stderr)
	case "terms":
		return runI18nTerms(args[1:], stdout, stderr)
	}
	fmt.Fprintf(stderr, "kbc i18n: unknown subcommand %q\n", args[0])
	fmt.Fprintln(stderr, i18nUsage)
	return ExitUsage
}

// runI18nTemplate prints the units of one article that are missing or
// stale in a locale, ready to fill in and paste into the locale file; with
// -w it writes the missing ones into the locale file instead.
func runI18nTemplate(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("i18n template", stderr, "[-w] [--content DIR] ID LOCALE")
	dir := fs.String("content", ".", "the knowledge base, or a folder inside it")
	write := fs.Bool("w", false, "write the locale file (content/<folder>/<locale>.yaml, created with its lang: if need be) with every unit it lacks:\n"+
		"an empty text, the current fingerprint and the source text as a comment; units already in the file,\n"+
		"translated or stale, are never overwritten: only missing ones are added")
	positional, code, ok := parseInterspersed(fs, args, stderr)
	if !ok {
		return code
	}
	if len(positional) != 2 {
		fs.Usage()
		return ExitUsage
	}
	id, locale := positional[0], positional[1]
	root, err := content.FindRoot(*dir)
	if err != nil {
		fmt.Fprintf(stderr, "kbc i18n: %v\n", err)
		return ExitUsage
	}
	kb, _, err := content.Load(root)
	if err != nil {
		fmt.Fprintf(stderr, "kbc i18n: %v\n", err)
		return ExitUsage
	}
	a := kb.Article(id)
	if f := kb.Fragment(id); a == nil && f != nil {
		// A fragment is translated in files of its own, as an article is.
		a = &f.Article
	}
	if a == nil {
		fmt.Fprintf(stderr, "kbc i18n: no article or fragment %s in %s\n", id, root)
		return ExitUsage
	}
	if !kb.Config.HasLocale(locale) || locale == a.Lang {
		var others []string
		for _, l := range kb.Config.Locales {
			if l != a.Lang {
				others = append(others, l)
			}
		}
		fmt.Fprintf(stderr, "kbc i18n: %q is not a translation locale of %s (%s)%s\n", locale, id, strings.Join(others, ", "), suggest.LocaleHint(locale, others))
		return ExitUsage
	}
	if *write {
		path, added, err := translate.FillLocaleFile(a, locale)
		var changed *localefile.ChangedError
		switch {
		case errors.As(err, &changed):
			fmt.Fprintf(stderr, "kbc i18n template: %s changed while it was being written; nothing written, run again\n", displayPath(changed.Path))
			return ExitFindings
		case err != nil:
			fmt.Fprintf(stderr, "kbc i18n: %v\n", err)
			return ExitUsage
		case added == 0:
			fmt.Fprintf(stdout, "%s has every unit already; nothing written\n", displayPath(path))
		default:
			fmt.Fprintf(stdout, "wrote %s: %s added, to fill in; units already there left as they are\n", displayPath(path), plural(added, "unit"))
		}
		return ExitOK
	}
	if err := translate.WriteTemplate(stdout, a, locale, coverage.PendingUnits(a, locale)); err != nil {
		fmt.Fprintf(stderr, "kbc i18n: %v\n", err)
		return ExitUsage
	}
	return ExitOK
}

// runI18nStatus reports translation coverage. It is a report, not a check:
// it exits 0 however much is left to translate.
func runI18nStatus(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("i18n status", stderr, "[--format text|json] [PATH]")
	format := fs.String("format", "text", "output `format`: text or json")
	paths, code, ok := parseInterspersed(fs, args, stderr)
	if !ok {
		return code
	}
	fail := func(err error) int {
		fmt.Fprintf(stderr, "kbc i18n status: %v\n", err)
		return ExitUsage
	}
	if err := oneOf("format", *format, "text", "json"); err != nil {
		return fail(err)
	}
	kb, articles, err := loadArticlesAt(paths, stderr, "status")
	if err != nil {
		return fail(err)
	}
	s := coverage.StatusOf(kb.Config, articles)
	write := s.WriteText
	if *format == "json" {
		write = s.WriteJSON
	}
	if err := write(stdout); err != nil {
		return fail(err)
	}
	return ExitOK
}

// runI18nExport writes the units missing or stale in a locale as an XLIFF
// 2.0 document. XLIFF 2.0 names the source language once, on the root
// element, so one document holds the articles of one source locale: those
// written in another are left out, and named on stderr with the flag that
// exports them.
func runI18nExport(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("i18n export", stderr, "--locale L [--source L] [-o FILE] [--all] [--base-url URL] [PATH]")
	locale := fs.String("locale", "", "the `locale` to translate into (required)")
	source := fs.String("source", "", "export the articles written in this `locale` (default: kb.yaml's source_locale)")
	output := fs.String("o", "", "write the document to `FILE` instead of the standard output")
	all := fs.Bool("all", false, "export every unit, current ones too, not only the missing and stale")
	baseURL := fs.String("base-url", "", "absolute `URL` the site is published at, for links to each unit's page (default: site paths such as fr/kb1/index.html)")
	paths, code, ok := parseInterspersed(fs, args, stderr)
	if !ok {
		return code
	}
	fail := func(err error) int {
		fmt.Fprintf(stderr, "kbc i18n export: %v\n", err)
		return ExitUsage
	}
	if *locale == "" {
		return fail(errors.New("--locale is required"))
	}
	kb, articles, err := loadArticlesAt(paths, stderr, "export")
	if err != nil {
		return fail(err)
	}
	cfg := kb.Config
	if *source == "" {
		*source = cfg.SourceLocale
	}
	for _, l := range []string{*locale, *source} {
		if !cfg.HasLocale(l) {
			return fail(fmt.Errorf("%q is not one of the configured locales %s", l, strings.Join(cfg.Locales, ", ")))
		}
	}
	if *locale == *source {
		return fail(fmt.Errorf("--locale and --source are both %s: nothing to translate", *locale))
	}
	if u := *baseURL; u != "" && !strings.HasPrefix(u, "https://") && !strings.HasPrefix(u, "http://") {
		return fail(fmt.Errorf("--base-url %q must be an absolute http or https URL", u))
	}
	var files []xliff.File
	skipped := map[string][]string{} // article ids by source locale
	units := 0
	for _, a := range articles {
		if a.Lang == *locale {
			continue
		}
		us := coverage.PendingUnits(a, *locale)
		if *all {
			us = coverage.UnitStates(a, *locale)
		}
		if len(us) == 0 {
			continue
		}
		if a.Lang != *source {
			skipped[a.Lang] = append(skipped[a.Lang], a.ID)
			continue
		}
		var ctx map[string]xliff.UnitContext
		if f := kb.Fragment(a.ID); a.IsFragment() && f != nil {
			ctx = translate.FragmentContextOf(kb, f, *locale, *baseURL)
		} else {
			ctx = translate.ContextOf(cfg, a, *locale, *baseURL)
		}
		files = append(files, xliff.File{Article: a, Original: originalName(kb.Root, a.File), Units: us,
			Context:  ctx,
			Previous: translate.PreviousSources(context.Background(), cfg, a, us, translate.HistoryDepth)})
		units += len(us)
	}
	for _, l := range cfg.Locales {
		if ids := skipped[l]; len(ids) > 0 {
			fmt.Fprintf(stderr, "kbc i18n export: left out %s, written in %s: export with --source %s\n", strings.Join(ids, ", "), l, l)
		}
	}
	if len(files) == 0 {
		// XLIFF 2.0 wants at least one <file>: an empty document would not
		// be valid, so none is written.
		fmt.Fprintf(stderr, "kbc i18n export: nothing to translate from %s into %s\n", *source, *locale)
		if _, err := os.Lstat(*output); *output != "" && err == nil {
			// A script that hands the file on must not take it for this
			// export's.
			fmt.Fprintf(stderr, "kbc i18n export: %s was left as it was: nothing was written to it\n", *output)
		}
		return ExitOK
	}
	var b bytes.Buffer
	if err := xliff.Write(&b, *source, *locale, files); err != nil {
		return fail(err)
	}
	if *output == "" {
		if _, err := stdout.Write(b.Bytes()); err != nil {
			return fail(err)
		}
		return ExitOK
	}
	if err := translate.WriteFileAtomic(*output, b.Bytes()); err != nil {
		return fail(err)
	}
	fmt.Fprintf(stderr, "wrote %s: %s in %s, %s into %s\n", displayPath(*output), plural(units, "unit"), documentsCounted(files), *source, *locale)
	return ExitOK
}

// documentsCounted says how many articles and fragments the files of an
// export translate: "12 articles", "8 articles and 4 fragments".
func documentsCounted(files []xliff.File) string {
	fragments := 0
	for _, f := range files {
		if f.Article.IsFragment() {
			fragments++
		}
	}
	if fragments == 0 {
		return plural(len(files), "article")
	}
	return plural(len(files)-fragments, "article") + " and " + plural(fragments, "fragment")
}

// runI18nImport writes the translations of XLIFF documents into the locale
// files. Problems are findings at the XLIFF file's line and column. The
// import is all or nothing: before anything is written, the knowledge base
// as the import would leave it is checked as kbc lint checks it, and any
// error, in the documents or in an imported unit, means that no file is
// written. Each locale file is locked while it is read, checked and
// replaced, and a file that changed meanwhile is not replaced.
func runI18nImport(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("i18n import", stderr, "[--dry-run] [--content DIR] FILE...")
	dryRun := fs.Bool("dry-run", false, "check and report what would change, but write nothing")
	dir := fs.String("content", ".", "the knowledge base, or a folder inside it")
	files, code, ok := parseInterspersed(fs, args, stderr)
	if !ok {
		return code
	}
	fail := func(err error) int {
		fmt.Fprintf(stderr, "kbc i18n import: %v\n", err)
		return ExitUsage
	}
	if len(files) == 0 {
		return fail(errors.New("no XLIFF file named (usage: kbc i18n import [--dry-run] [--content DIR] FILE...)"))
	}
	kb, _, err := loadArticlesAt([]string{*dir}, stderr, "import")
	if err != nil {
		return fail(err)
	}
	im := translate.NewImport(kb)
	var read []os.FileInfo
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			return fail(err)
		}
		st, err := os.Stat(f)
		if err != nil {
			return fail(err)
		}
		if slices.ContainsFunc(read, func(r os.FileInfo) bool { return os.SameFile(r, st) }) {
			// Named twice, as overlapping globs may: its units are not
			// two translations of each.
			continue
		}
		read = append(read, st)
		im.Add(f, src)
	}
	diags := im.Diagnostics()
	errs, _ := diags.Count()
	write := !*dryRun && errs == 0
	plan, err := im.Prepare(write, func(kb *content.KB) diag.List { return lint.Run(kb, lint.All()) })
	if err != nil {
		return fail(err)
	}
	defer plan.Release()
	diags = append(diags, plan.Diagnostics()...)
	diags.Sort()
	errs, _ = diags.Count()
	if write && errs == 0 {
		if testHookBeforeCommit != nil {
			testHookBeforeCommit()
		}
		if err := plan.Commit(); err != nil {
			var changed *localefile.ChangedError
			if errors.As(err, &changed) {
				fmt.Fprintf(stderr, "kbc i18n import: %s changed after the import read it; nothing written, import again\n", displayPath(changed.Path))
				return ExitFindings
			}
			return fail(err)
		}
	}
	if err := diag.PrintText(stdout, diags, workingDir()); err != nil {
		return fail(err)
	}
	imported := 0
	if errs > 0 {
		fmt.Fprintf(stdout, "nothing written: %s; an import writes every unit it can or none, so the units that could be imported are held back until the errors are fixed\n", plural(errs, "error"))
	} else {
		for _, f := range plan.Files {
			verb := map[bool]string{false: "updated", true: "created"}[f.Created]
			if *dryRun {
				verb = "would " + strings.TrimSuffix(verb, "d")
			}
			fmt.Fprintf(stdout, "%s %s: %d added, %d revised\n", verb, displayPath(f.Edit.Path), f.Added, f.Updated)
			imported += len(f.Edit.Units)
		}
		if im.Unchanged > 0 {
			fmt.Fprintf(stdout, "%s already imported, unchanged\n", plural(im.Unchanged, "unit"))
		}
		imported += im.Unchanged
	}
	held := 0
	if errs > 0 {
		// Every unit neither skipped nor imported waits on the errors:
		// those the errors are about, and the others, held back with them.
		held = im.Units - len(im.Skipped)
	}
	if err := writeImportSummary(stdout, im, imported, held, *dryRun); err != nil {
		return fail(err)
	}
	if errs > 0 || len(im.Skipped) > 0 {
		return ExitFindings
	}
	return ExitOK
}

// writeImportSummary says how many of the documents' units were imported,
// skipped and held back by errors, which account for every unit, and
// names each one skipped, at its place in its document, with why.
func writeImportSummary(w io.Writer, im *translate.Import, imported, held int, dryRun bool) error {
	verb := "imported"
	if dryRun {
		verb = "would be imported"
	}
	fmt.Fprintf(w, "%d of %s %s, %d skipped", imported, plural(im.Units, "unit"), verb, len(im.Skipped))
	if held > 0 {
		fmt.Fprintf(w, ", %d held back by the errors above", held)
	}
	fmt.Fprintln(w)
	for _, s := range im.Skipped {
		pos := s.Pos
		pos.File = displayPath(pos.File)
		if _, err := fmt.Fprintf(w, "  %s: %s: %s\n", diag.Escape(pos.String()), diag.Escape(s.Unit), diag.Escape(s.Reason)); err != nil {
			return err
		}
	}
	return nil
}

// testHookBeforeCommit, when set, runs between the reading of the locale
// files and their replacement, for tests to change a file there.
var testHookBeforeCommit func()

// loadArticlesAt loads the knowledge base that holds the path (the working
// directory when none is given) and returns the articles the path names:
// all of them without a path or for the knowledge base or a folder above
// it, else those at or under the path. Findings of the loader are lint's to report; a count
// on stderr says they exist, since they may hide units.
func loadArticlesAt(paths []string, stderr io.Writer, cmd string) (*content.KB, []*content.Article, error) {
	if len(paths) > 1 {
		return nil, nil, fmt.Errorf("one PATH at most, got %d", len(paths))
	}
	// Without a path, the knowledge base found from the working directory
	// is reported whole, as kbc lint does.
	path, whole := ".", len(paths) == 0
	if !whole {
		path = paths[0]
	}
	root, err := content.FindRoot(path)
	if err != nil {
		return nil, nil, err
	}
	kb, diags, err := content.Load(root)
	if err != nil {
		return nil, nil, err
	}
	if errs, _ := diags.Count(); errs > 0 {
		fmt.Fprintf(stderr, "kbc i18n %s: the knowledge base has %s that may hide units; run kbc lint\n", cmd, plural(errs, "error"))
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, nil, err
	}
	rootAbs, err := filepath.Abs(root)
	if err != nil {
		return nil, nil, err
	}
	if whole || within(rootAbs, abs) {
		return kb, kb.Translatable(), nil
	}
	var out []*content.Article
	for _, a := range kb.Translatable() {
		dir, err := filepath.Abs(a.Dir)
		if err == nil && (within(abs, dir) || within(dir, abs)) {
			out = append(out, a)
		}
	}
	if len(out) == 0 {
		return nil, nil, fmt.Errorf("%s holds no article", path)
	}
	return kb, out, nil
}

// originalName is the article's source file as XLIFF's original attribute
// names it: relative to the knowledge base, with forward slashes.
func originalName(root, file string) string {
	if r, err := filepath.Rel(root, file); err == nil {
		return filepath.ToSlash(r)
	}
	return filepath.ToSlash(file)
}

// displayPath names a file relative to the working directory, as findings
// do.
func displayPath(p string) string {
	wd, err := os.Getwd()
	if err != nil {
		return p
	}
	abs, err := filepath.Abs(p)
	if err != nil {
		return p
	}
	if r, err := filepath.Rel(wd, abs); err == nil {
		return filepath.ToSlash(r)
	}
	return p
}

func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

// runI18nTerms prints the term base, each concept's term and forbidden
// variants per locale, or with --tbx writes it as TBX-Basic for CAT tools.
// A term base with errors is reported and nothing is written.
func runI18nTerms(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("i18n terms", stderr, "[--tbx] [-o FILE] [--content DIR]")
	tbx := fs.Bool("tbx", false, "write TBX-Basic (ISO 30042), the term base format of CAT tools")
	output := fs.String("o", "", "write to `FILE` instead of the standard output")
	dir := fs.String("content", ".", "the knowledge base, or a folder inside it")
	if code, ok := parseFlags(fs, args); !ok {
		return code
	}
	fail := func(err error) int {
		fmt.Fprintf(stderr, "kbc i18n terms: %v\n", err)
		return ExitUsage
	}
	if fs.NArg() != 0 {
		fs.Usage()
		return ExitUsage
	}
	root, err := content.FindRoot(*dir)
	if err != nil {
		return fail(err)
	}
	cfg, diags := content.LoadConfig(root)
	if !diags.HasErrors() {
		var terms diag.List
		var base *termbase.Base
		base, terms = termbase.Load(root, cfg.Locales)
		diags = append(diags, terms...)
		if base == nil && !diags.HasErrors() {
			return fail(fmt.Errorf("%s has no %s", root, termbase.File))
		}
		if !diags.HasErrors() {
			return writeTerms(base, cfg.SourceLocale, *tbx, *output, stdout, stderr)
		}
	}
	if err := diag.PrintText(stdout, diags, workingDir()); err != nil {
		return fail(err)
	}
	return ExitFindings
}

func writeTerms(base *termbase.Base, sourceLocale string, tbx bool, output string, stdout, stderr io.Writer) int {
	var b bytes.Buffer
	if tbx {
		if err := termbase.WriteTBX(&b, base, sourceLocale); err != nil {
			fmt.Fprintf(stderr, "kbc i18n terms: %v\n", err)
			return ExitUsage
		}
	} else {
		termbase.WriteListing(&b, base)
	}
	if output == "" {
		if _, err := stdout.Write(b.Bytes()); err != nil {
			fmt.Fprintf(stderr, "kbc i18n terms: %v\n", err)
			return ExitUsage
		}
		return ExitOK
	}
	if err := translate.WriteFileAtomic(output, b.Bytes()); err != nil {
		fmt.Fprintf(stderr, "kbc i18n terms: %v\n", err)
		return ExitUsage
	}
	fmt.Fprintf(stderr, "wrote %s: %s\n", output, plural(len(base.Concepts), "concept"))
	return ExitOK
}
