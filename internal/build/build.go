// Package build runs kbc build and the rebuilds of kbc serve: the load →
// lint → render sequence (Run), with a cache that lets a build load,
// check and render only what changed (Plan), and the writing of the site
// into a staging folder that package output swaps in whole.
//
// # Parallel and incremental builds
//
// Article pages are rendered on every core (package site); each hands its
// file to the build and returns its record (search terms, images,
// fallbacks), gathered in article order, so the site does not depend on
// scheduling. The search terms are numbered in a vocabulary that the
// cache keeps sorted, so that the cache does not depend on it either.
//
// With Options.Cache a build keeps, in that folder, the fingerprint of the
// content tree (package buildcache), the input key of every article page
// (pageInputs: the files of its article, the figure files it may show, the
// titles of the articles it links to in that locale, kb.yaml, the locales,
// the options and the kbc that builds) and the hash of every file of the
// site, and the stat data of every entry of the site folder as the build
// left it. UpToDate compares the content tree and the site folder with the
// cache before anything is loaded, reading no file. A file of the site
// that is not as the last build left it is written again, and a page is
// rendered again when its file or an image it shows is not. Build renders
// only the pages whose key changed; the home pages, search index and
// other shared files are built again from the records whenever any page
// changed. Files whose bytes differ from the site's are written to a
// staging folder beside it, and the site's other files are hard-linked
// there, so that the staging folder holds the new site whole; then, as
// after a full build, a journal is put in the cache folder, the staging
// folder is swapped in whole (package output), the cache saved and the
// journal removed. A build that fails or is killed before the swap leaves
// the site untouched; a build that finds a journal, or a cache that is
// damaged or of another format or key, ignores the cache and builds the
// site whole, as a build without a cache always does.
package build

import (
	"errors"
	"fmt"
	"io/fs"
	"iter"
	"maps"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"slices"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/kbcdev/kbc/internal/buildcache"
	"github.com/kbcdev/kbc/internal/content"
	"github.com/kbcdev/kbc/internal/diag"
	"github.com/kbcdev/kbc/internal/lint"
	"github.com/kbcdev/kbc/internal/output"
	"github.com/kbcdev/kbc/internal/resolve"
	"github.com/kbcdev/kbc/internal/search"
	"github.com/kbcdev/kbc/internal/site"
	"github.com/kbcdev/kbc/internal/svg"
	"github.com/kbcdev/kbc/internal/theme"
)

// MarkerFile is written at the top of every site kbc builds (see package
// output).
const MarkerFile = output.MarkerFile

// Options control a build.
type Options struct {
	Out      string   // the folder the site replaces
	Locales  []string // a subset of the configured locales; empty: all
	Platform string   // build only this platform branch; empty: all
	// BaseURL is the absolute URL the site is published at. It is used
	// only for canonical links, hreflang alternates and the sitemap; all
	// other links are relative.
	BaseURL string
	// ServedAt is the URL path a server shows the site under, where the
	// base URL is not known (see site.Options).
	ServedAt string
	// Drafts builds draft articles too, with a banner: for a preview,
	// never for publishing.
	Drafts bool
	// Cache is the folder where a build keeps what the next one needs to
	// render only what changed (see Build); empty: every build is whole.
	Cache string
	// GitDates holds, by content file, the date (YYYY-MM-DD) of the last
	// commit that changed it, for the "last updated" date of pages whose
	// file gives none; nil: none (see site.Options).
	GitDates map[string]string
	// Waiting, when set, is called with the site or cache folder when
	// another kbc process is building into it, before the build waits for
	// that process to finish (see NewPlan).
	Waiting func(folder string)
	// Memory, when set with Cache, keeps what each build leaves for the
	// next in the process's memory, in place of the cache folder's files,
	// which are then neither read nor written (see Memory).
	Memory *Memory
	// Listing, when set with Cache and listing the content folder the
	// build is given, stands in for the build's own walk of it: for a
	// caller that has just listed it (see buildcache.ScanListing).
	Listing *buildcache.Listing
}

// render returns the options that choose what is rendered.
func (o Options) render() site.Options {
	return site.Options{Locales: o.Locales, Platform: o.Platform, BaseURL: o.BaseURL, ServedAt: o.ServedAt, Drafts: o.Drafts, GitDates: o.GitDates}
}

// Summary describes a finished build.
type Summary struct {
	Out      string
	Pages    int
	Articles int
	Locales  []string
	Bytes    int64
	Files    int
	Duration time.Duration
	// Notes are facts worth telling the publisher, such as a missing
	// base URL.
	Notes []string
	// Fallbacks count, by locale, what readers get in the source
	// language for want of a translation.
	Fallbacks []Fallbacks
	// Rendered counts the pages this build rendered; Reused the pages a
	// cached build kept from the previous one, as nothing they show
	// changed: article pages, and the home, category and section pages
	// of the locales kept. Together they are Pages.
	Rendered, Reused int
	// Changed lists, sorted, the article pages this build rendered, by
	// their path in the site.
	Changed []string
	// LocalesKept lists the locales whose home, category and section
	// pages and search index a cached build kept as the last build left
	// them, as nothing they show changed.
	LocalesKept []string
	// UpToDate is set when the site was found up to date and nothing
	// was done.
	UpToDate bool
	// LintWarnings counts the warnings the checks of the knowledge base
	// found, the site being built all the same; a build that finds the
	// site up to date gives those of the build that wrote it.
	LintWarnings int
	// Cache says why a build with a cache folder rendered every page: no
	// cache yet, or what made it unfit; empty otherwise.
	Cache string
	// FoldersCache says why a build whose cache was otherwise fit loaded
	// and checked every article folder: what made the folders the last
	// build left unfit; empty otherwise.
	FoldersCache string
	// Warnings are failures that did not stop the build, such as a cache
	// that could not be saved.
	Warnings []string
	// Overrides says what the theme/ folder changed of kbc's templates
	// and assets, one line each, sorted.
	Overrides []string
}

// Fallbacks is what the readers of a locale get in the source language:
// the articles whose page shows the source text, for want of any
// translation, and the figures shown with the source image, for want of
// a variant ("KB2262 figures/login.svg"), each sorted.
type Fallbacks struct {
	Locale  string
	Pages   []string
	Figures []string
}

// String is the one-line summary the CLI prints.
func (s *Summary) String() string {
	if s.UpToDate {
		return fmt.Sprintf("up to date: %s (%s in %s: %s), checked in %s → %s",
			plural(s.Pages, "page"), plural(s.Articles, "article"), plural(len(s.Locales), "locale"), strings.Join(s.Locales, ", "),
			s.Duration.Round(time.Millisecond), s.Out)
	}
	if s.Reused > 0 {
		return fmt.Sprintf("built %s (%s in %s: %s; %d rendered, %d unchanged), %s, %s, in %s → %s",
			plural(s.Pages, "page"), plural(s.Articles, "article"), plural(len(s.Locales), "locale"), strings.Join(s.Locales, ", "),
			s.Rendered, s.Reused, plural(s.Files, "file"), byteSize(s.Bytes), s.Duration.Round(time.Millisecond), s.Out)
	}
	return fmt.Sprintf("built %s (%s in %s: %s), %s, %s, in %s → %s",
		plural(s.Pages, "page"), plural(s.Articles, "article"), plural(len(s.Locales), "locale"), strings.Join(s.Locales, ", "),
		plural(s.Files, "file"), byteSize(s.Bytes), s.Duration.Round(time.Millisecond), s.Out)
}

func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

func byteSize(n int64) string {
	switch {
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f KB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d B", n)
}

// UsageError is an option that cannot be built, as opposed to an I/O
// failure: a locale or platform kb.yaml does not configure, a site or
// cache folder that is not kbc's.
type UsageError struct{ Err error }

func (e *UsageError) Error() string { return e.Err.Error() }

func (e *UsageError) Unwrap() error { return e.Err }

// Result is what Run did: the findings of the check, and the summary of
// the site built, nil when an error finding stopped the build.
type Result struct {
	Findings diag.List
	Summary  *Summary
}

// Errors counts the error findings, which stop a build.
func (r *Result) Errors() int {
	n, _ := r.Findings.Count()
	return n
}

// Run builds the site of the knowledge base at root as kbc build and
// kbc serve do: it plans from the cache, stops when the site is up to
// date, loads and lints what changed, and renders the site unless a
// finding is an error. A usage error (*UsageError) comes before anything
// is loaded.
func Run(root string, opts Options) (*Result, error) {
	start := time.Now()
	p, err := NewPlan(root, opts)
	if err != nil {
		return nil, err
	}
	defer p.Close()
	if sum, ok := p.UpToDate(); ok {
		sum.Duration = time.Since(start)
		return &Result{Summary: sum}, nil
	}
	kb, findings, err := p.LoadChecked()
	if err != nil {
		return nil, err
	}
	res := &Result{Findings: findings}
	if res.Errors() > 0 {
		res.Findings = explained(kb, findings)
		return res, nil
	}
	if res.Summary, err = p.Build(kb); err != nil {
		return nil, err
	}
	res.Summary.Duration = time.Since(start)
	return res, nil
}

// explained returns the findings with those that follow from another put
// under it, as kbc lint shows them (lint.Fold): a writer who misspells
// "steps" reads that first, not fifth among what follows from it. Fold
// tries each guessed fix with a lint of the knowledge base as loaded; the
// findings it cannot find again that way, the loader's, it keeps as they
// are. So that they are shown as a build of every page shows them, the
// knowledge base is loaded as lint loads it when there is a guess to try
// and this build did not load every folder, recording the others'
// findings from the last build: what follows from a guess may lie in any
// of them.
func explained(kb *content.KB, findings diag.List) diag.List {
	rules := lint.All()
	byLoader := map[string]bool{}
	for _, r := range rules {
		if r.Run == nil {
			byLoader[r.Name] = true
		}
	}
	unloaded := map[string]bool{}
	for _, a := range kb.Articles {
		if a.IsDigest() && !a.IsSetAside() {
			unloaded[a.Dir] = true
		}
	}
	if len(unloaded) > 0 && slices.ContainsFunc(findings, func(d diag.Diagnostic) bool { return d.Fix != nil && d.Fix.Guess }) {
		if whole, loaded, err := content.LoadLean(kb.Root); err == nil {
			return lint.Fold(whole, loaded, findings, rules)
		}
	}
	var kept diag.List
	for _, d := range findings {
		if byLoader[d.Rule] || underAny(d.Pos.File, unloaded) {
			kept = append(kept, d)
		}
	}
	return lint.Fold(kb, kept, findings, rules)
}

// underAny reports whether file lies in one of the folders, at any depth:
// a look at each folder above it, rather than at every folder for each
// finding.
func underAny(file string, folders map[string]bool) bool {
	for dir := filepath.Dir(file); ; dir = filepath.Dir(dir) {
		if folders[dir] {
			return true
		}
		if parent := filepath.Dir(dir); parent == dir {
			return false
		}
	}
}

// Build renders the knowledge base into opts.Out. The caller has linted
// the knowledge base: Build assumes references resolve and renders what
// does not as plain text.
//
// Without opts.Cache every build renders every page into a staging folder
// beside opts.Out and swaps it in whole. With a cache folder, a build whose
// cache fits the site renders only the article pages whose inputs changed
// (see pageInputs), writes into the staging folder only the files whose
// bytes differ from the site's and links the others there, and swaps it in
// whole as well; anything the cache cannot vouch for makes it a full
// build. Either way the site is byte for byte what a full build writes,
// and a build that fails or is killed before the swap leaves the previous
// site as it was.
func Build(kb *content.KB, opts Options) (*Summary, error) {
	p, err := NewPlan(kb.Root, opts)
	if err != nil {
		return nil, err
	}
	return p.build(kb, false)
}

// Build renders the knowledge base loaded by Load, or by content.Load,
// into the plan's output folder, as the package function Build does, but
// consumes kb: once an article's pages are written its content is
// released (content.KB.Release), so that a large knowledge base is not
// held in memory whole while it renders. kb holds digests afterwards.
// The plan is closed once the build ends.
func (p *Plan) Build(kb *content.KB) (*Summary, error) {
	return p.build(kb, true)
}

func (p *Plan) build(kb *content.KB, release bool) (*Summary, error) {
	defer p.Close()
	start := time.Now()
	b, err := p.takeEarly(kb, release)
	if err != nil {
		return nil, err
	}
	b.release = release
	b.lintWarnings = p.lintWarnings
	var sum *Summary
	if p.opts.Cache == "" {
		sum, err = b.buildWhole()
	} else {
		sum, err = b.buildCached(p)
	}
	if err != nil {
		return nil, err
	}
	sum.Duration = time.Since(start)
	return sum, nil
}

// Render renders the whole site of the knowledge base as Build does
// without a cache, but hands each file to put, by its slash-separated
// path in the site, instead of writing it: for checks of the output that
// need no folder. opts.Out and opts.Cache are ignored. Put is called one
// file at a time and must not keep data after it returns.
func Render(kb *content.KB, opts Options, put func(path string, data []byte) error) (*Summary, error) {
	b, err := newBuilder(kb, opts, nil)
	if err != nil {
		return nil, err
	}
	b.put = put
	if err := b.run(nil); err != nil {
		return nil, err
	}
	return b.summary(), nil
}

// builder holds one build's state: the renderer of its pages, what the
// build writes, and what a cached build knows of the site.
type builder struct {
	kb *content.KB
	r  *site.Renderer
	// release lets the build drop each article's content once its pages
	// are written (see Plan.Build).
	release      bool
	lintWarnings int                // what the checks found (Summary.LintWarnings)
	vocab        *search.Vocabulary // of the search terms of the pages
	opts         Options
	out          string // the staging folder: stage.Dir
	stage        *output.Staging
	put          func(path string, data []byte) error // instead of writing into out (see Render)

	mu    sync.Mutex
	bytes int64
	files int

	// themeFailed is set once a page failed in the theme's templates
	// (theme.IsTemplateError): the build fails with that page's error,
	// which every other page would meet again (at the cost of the
	// bounds, for a template that does not end), each a line more.
	themeFailed atomic.Bool

	// With a cache: the input key of every article page, what this build
	// knows of each page and of each file of the site, the files of the
	// previous site, and the files staged to replace them.
	inputs    map[string]string
	commonKey string              // of what every page depends on (see pageInputs)
	tree      buildcache.Tree     // the content tree, as the plan scanned it
	byDir     map[string][]string // its files by article folder
	records   map[string]record
	sums      map[string]outFile
	prevFiles map[string]outFile
	staged    map[string]bool
	// newSite is the new site folder's listing, as the build knows it
	// without listing it again (see listNewSite); nil when it does not.
	newSite buildcache.Tree
	changed []string // article pages rendered
	// articlePages counts the article pages of the site, kept or
	// rendered, and articles the articles that have any (see run).
	articlePages, articles int
	// order lists the article pages in the order the pages built from
	// them take them (see localeKeys).
	order []string
	// prevLocales are the files the last build built from the records of
	// each locale's pages; locales those of this build, written or kept
	// (see localeFiles), under mu.
	prevLocales map[string]localeFiles
	locales     map[string]*localeFiles
	localesKept []string
	// cacheKey is the key of the cache the build writes (Plan.key), and
	// pagesSaving its pages file as startSavingPages writes it.
	cacheKey    string
	pagesSaving chan preparedPages
	// pages are the article pages being rendered, once planned.
	pages *pageRun
	// figures are the SVG figures the checks sanitized, for a build
	// that renders as they run; nil for any other.
	figures *svg.Memo
}

// preparedPages are the pages a build leaves for the next: as kept
// (pages), and, without a Memory, as buildcache.Prepare wrote them
// under a temporary name (m, err).
type preparedPages struct {
	pages pages
	m     *buildcache.Prepared
	err   error
}

// outFile is a file of the site as a cached build knows it.
type outFile struct {
	Sum  string // the SHA-256 of its bytes, as buildcache.RawSum gives it
	Size int64
}

func newBuilder(kb *content.KB, opts Options, figures *svg.Memo) (*builder, error) {
	ro := opts.render()
	ro.Figures = figures
	r, err := site.NewRenderer(kb, ro)
	if err != nil {
		return nil, &UsageError{Err: err}
	}
	return &builder{kb: kb, r: r, opts: opts, vocab: search.NewVocabulary(nil), figures: figures}, nil
}

// buildWhole renders every page into a staging folder and swaps it in.
func (b *builder) buildWhole() (*Summary, error) {
	st, err := b.stageWhole()
	if err != nil {
		return nil, err
	}
	if err := st.Commit(); err != nil {
		return nil, err
	}
	sum := b.summary()
	sum.Warnings = append(sum.Warnings, leftoverWarnings(st)...)
	return sum, nil
}

// leftoverWarnings says what of the sites earlier builds replaced the
// staging could not remove (output.Staging.Leftover).
func leftoverWarnings(st *output.Staging) []string {
	if st.Leftover == nil {
		return nil
	}
	return []string{fmt.Sprintf("a site an earlier build replaced could not be removed, and stays beside the site, taking its room on the disk: %s; make it writable, and the next build removes it, or remove it by hand",
		strings.ReplaceAll(st.Leftover.Error(), "\n", "; "))}
}

// stageWhole renders every page into a new staging folder.
func (b *builder) stageWhole() (*output.Staging, error) {
	if b.stage == nil {
		st, err := output.NewStaging(b.opts.Out)
		if err != nil {
			return nil, err
		}
		b.out, b.stage = st.Dir, st
	}
	st := b.stage
	if err := b.run(nil); err != nil {
		st.Discard()
		return nil, err
	}
	return st, nil
}

// buildCached builds with the cache in opts.Cache: incrementally when the
// cache describes the site in opts.Out, else whole; then it records what
// the next build needs.
func (b *builder) buildCached(p *Plan) (*Summary, error) {
	prev, why := p.previous()
	if b.pages == nil { // else set by renderEarly, for a whole build
		b.useCache(p, prev)
	}

	// Taken before the staging folder is made: ReuseStaging renames the
	// folder listed.
	spare := p.spareInodes()
	var st *output.Staging
	var err error
	if prev == nil {
		st, err = b.stageWhole()
	} else {
		st, err = b.stageIncremental(prev, spare)
	}
	if err != nil {
		b.discardPages()
		return nil, err
	}
	var sum *Summary
	if st == nil {
		// Nothing any page depends on changed: the site stands as it is.
		s := prev.state.Summary
		s.Rendered, s.Changed, s.LintWarnings, s.Out = 0, nil, b.lintWarnings, b.opts.Out
		s.LocalesKept = s.Locales
		sum = &s
	} else {
		sum = b.summary()
		sum.Cache = why
		if err := b.commit(st); err != nil {
			b.discardPages()
			return nil, err
		}
		sum.Warnings = append(sum.Warnings, leftoverWarnings(st)...)
	}
	if sum.Cache == "" {
		sum.FoldersCache = p.foldersWhy
	}
	sum.Reused = sum.Pages - sum.Rendered
	// The knowledge base is not needed to write the cache: let the
	// collector have it, as the cache's encoding is the build's last peak
	// of memory.
	b.kb, b.r = nil, nil
	// From here the site is built; a cache that cannot be written costs
	// the next build its speed, not this one its result.
	if err := b.saveCache(p, sum); err != nil {
		sum.Warnings = append(sum.Warnings, fmt.Sprintf("the build cache could not be saved, so the next build renders every page: %v", err))
		if err := b.dropCache(); err != nil {
			sum.Warnings = append(sum.Warnings, fmt.Sprintf("the build cache could not be removed either: %v; remove the folder %s by hand", err, b.opts.Cache))
		}
	}
	return sum, nil
}

// useCache sets what a build with a cache records of each page and file.
func (b *builder) useCache(p *Plan, prev *previous) {
	b.inputs = b.pageInputs(p.key, p.tree, p.scan.ByFolder(), prev)
	b.sums = map[string]outFile{}
	b.cacheKey = p.key
}

// saveCache records what the next build needs: the site folder as this
// build leaves it, the pages, the folders and the state, which vouches
// for the rest and is written last; then it removes the journal.
func (b *builder) saveCache(p *Plan, sum *Summary) error {
	out, err := b.listSite()
	if err != nil {
		b.discardPages()
		return err
	}
	state := state{Key: p.key, ScannedAt: p.scannedAt, Tree: p.tree, Output: out, Summary: *sum}
	state.Summary.Duration, state.Summary.Cache, state.Summary.FoldersCache, state.Summary.Changed, state.Summary.Warnings = 0, "", "", nil, nil
	state.Summary.LocalesKept = nil
	if err := output.Reached(output.StageCacheWrite); err != nil {
		b.discardPages()
		return err
	}
	pg := b.savedPages()
	if pg.err != nil {
		return pg.err
	}
	if m := b.opts.Memory; m != nil {
		m.remember(state, pg.pages, p.foldersToKeep())
		return output.RemoveJournal(b.opts.Cache)
	}
	state.PagesSum = pg.m.Sum
	if err := pg.m.Install(); err != nil {
		return err
	}
	if state.FoldersSum, err = p.save(); err != nil {
		return err
	}
	if err := buildcache.Save(filepath.Join(b.opts.Cache, stateFile), state); err != nil {
		return err
	}
	return output.RemoveJournal(b.opts.Cache)
}

// startSavingPages writes the pages file under a temporary name on a core
// of its own, for saveCache to put in place once the site is swapped in:
// after an edit, the pages are final once the changed ones are rendered,
// and writing them took as long as bringing the rest of the staging
// folder up to date, which it now runs beside. Until saveCache or
// discardPages takes it, the builder's records, files, vocabulary and
// locales must not change.
func (b *builder) startSavingPages() {
	done := make(chan preparedPages, 1)
	go func() { done <- b.preparePages() }()
	b.pagesSaving = done
}

// preparePages returns the pages to leave for the next build, written
// under a temporary name unless they are kept in a Memory.
func (b *builder) preparePages() preparedPages {
	pg := b.pagesToSave()
	if b.opts.Memory != nil {
		return preparedPages{pages: pg}
	}
	m, err := buildcache.Prepare(filepath.Join(b.opts.Cache, pagesFile), pg)
	return preparedPages{pages: pg, m: m, err: err}
}

// savedPages returns the pages startSavingPages prepared, waiting for
// them, or prepares them now when it was not started.
func (b *builder) savedPages() preparedPages {
	if b.pagesSaving == nil {
		return b.preparePages()
	}
	r := <-b.pagesSaving
	b.pagesSaving = nil
	return r
}

// discardPages removes the pages file startSavingPages wrote, if any, for
// a build that saves no cache.
func (b *builder) discardPages() {
	if b.pagesSaving == nil {
		return
	}
	if r := <-b.pagesSaving; r.err == nil && r.m != nil {
		r.m.Discard()
	}
	b.pagesSaving = nil
}

// pagesToSave returns the pages as the cache keeps them: their search
// terms numbered in the vocabulary compacted to the terms they use, in a
// copy of the records, which the summary reads meanwhile.
func (b *builder) pagesToSave() pages {
	renumber := b.vocab.Compact(func(yield func(search.TermSet) bool) {
		for _, r := range b.records {
			if !yield(r.Doc.TitleTerms) || !yield(r.Doc.BodyTerms) {
				return
			}
		}
	})
	records := make(map[string]record, len(b.records))
	for p, r := range b.records {
		r.Doc.TitleTerms, r.Doc.BodyTerms = renumber(r.Doc.TitleTerms), renumber(r.Doc.BodyTerms)
		records[p] = r
	}
	return pages{Key: b.cacheKey, Records: records, Files: b.sums, Terms: b.vocab.Terms(), Locales: b.savedLocales(records)}
}

// savedLocales returns the files built from the records of each
// locale's pages, with the key of the records as saved (see localeKeys).
func (b *builder) savedLocales(records map[string]record) map[string]localeFiles {
	if b.order == nil {
		// No page was rendered: the keys would be those of the last
		// build, whose numbering of the terms saving may change. The
		// next build builds them all again.
		return nil
	}
	keys := b.localeKeys(slices.Collect(maps.Keys(b.locales)), records)
	out := make(map[string]localeFiles, len(b.locales))
	for l, lf := range b.locales {
		out[l] = localeFiles{Key: keys[l], Files: slices.Sorted(slices.Values(lf.Files))}
	}
	return out
}

// commit swaps the staged site in under the journal, which stays until
// the cache describes the new site. Where the journal cannot be written,
// the cache is dropped instead: either way, no cache vouches for a site
// it does not describe.
func (b *builder) commit(st *output.Staging) error {
	if m := b.opts.Memory; m != nil {
		m.forget() // the site it describes is being replaced
	}
	if err := output.WriteJournal(b.opts.Cache, b.opts.Out); err != nil {
		if err := b.dropCache(); err != nil {
			st.Discard()
			return fmt.Errorf("the cache folder %s can be neither written nor emptied (%w), and would describe a site this build replaces; "+
				"make it writable, remove it, or build with --no-cache", b.opts.Cache, err)
		}
	}
	return st.Commit()
}

// dropCache forgets what vouches for the site: what the Memory holds, if
// any, and the cache files.
func (b *builder) dropCache() error {
	if m := b.opts.Memory; m != nil {
		m.forget()
	}
	return removeCacheFiles(b.opts.Cache)
}

// removeCacheFiles removes the cache files that vouch for the site, the
// state first: removing needs no space on a full disk.
func removeCacheFiles(dir string) error {
	for _, name := range []string{stateFile, pagesFile, foldersFile} {
		if err := os.Remove(filepath.Join(dir, name)); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return err
		}
	}
	return output.RemoveJournal(dir)
}

// stageIncremental renders the pages whose inputs changed into a staging
// folder, writes there the other files whose content differs from the
// site's, and links there the files of the site that stay as they are:
// the staging folder holds the new site whole, to be swapped in as a full
// build's is. It returns no staging folder when nothing any page depends
// on changed.
func (b *builder) stageIncremental(prev *previous, spare buildcache.Tree) (*output.Staging, error) {
	// The kept records number their terms in the last build's vocabulary.
	b.vocab = search.NewVocabulary(prev.pages.Terms)
	b.prevLocales = prev.pages.Locales
	// A page is kept when nothing it shows changed, and the site still has
	// it, and its images, as the last build left them.
	reuse := make(map[string]record, len(b.inputs))
	for p, in := range b.inputs {
		if r, ok := prev.pages.Records[p]; ok && r.Input == in && !prev.damaged(p, r) {
			reuse[p] = r
		}
	}
	if prev.intact && len(reuse) == len(b.inputs) && len(prev.pages.Records) == len(b.inputs) {
		b.records, b.sums = prev.pages.Records, prev.pages.Files
		return nil, nil
	}
	// The records kept are in reuse: those read from the cache, a map of
	// 80,000 at 20,000 articles, need not be held while the pages are
	// rendered and the listing pages written, where the build's live heap
	// is largest.
	prev.pages.Records = nil
	// Only files the site still has as the last build left them are kept
	// as they are; the others are written again.
	b.prevFiles = prev.intactFiles()
	b.staged = map[string]bool{}
	st, err := output.ReuseStaging(b.opts.Out)
	if err != nil {
		return nil, err
	}
	st.KeepReplaced = true
	var have map[string]bool
	if st.Reused {
		if have, err = matchSite(st, prev.site, spare); err != nil {
			st.Discard()
			return nil, err
		}
	}
	b.out, b.stage = st.Dir, st
	if err := b.run(reuse); err != nil {
		st.Discard()
		return nil, err
	}
	// Kept pages and their images stay as they are in the site.
	for p, r := range reuse {
		for _, f := range append([]string{p}, r.Images...) {
			if _, ok := b.sums[f]; !ok {
				b.sums[f] = b.prevFiles[f]
			}
		}
	}
	b.startSavingPages()
	if err := b.keepUnchanged(st, have); err != nil {
		st.Discard()
		return nil, err
	}
	if st.Reused {
		folders := siteFolders(b.sums)
		if err := b.removeUnwanted(st, have, folders); err != nil {
			st.Discard()
			return nil, err
		}
		if b.newSite, err = b.listNewSite(st, have, prev.site, folders); err != nil {
			st.Discard()
			return nil, err
		}
	}
	return st, nil
}

// siteFolders returns the folders that hold the files, with a slash at
// the end, as buildcache.List names them.
func siteFolders(files map[string]outFile) map[string]bool {
	folders := map[string]bool{}
	for f := range files {
		for d := path.Dir(f); d != "." && !folders[d+"/"]; d = path.Dir(d) {
			folders[d+"/"] = true
		}
	}
	return folders
}

// listSite lists the site folder as this build leaves it, for the next
// build to tell whether anything in it changed since.
func (b *builder) listSite() (buildcache.Tree, error) {
	if b.newSite == nil {
		return buildcache.List(b.opts.Out)
	}
	marker, err := buildcache.Stat(filepath.Join(b.opts.Out, output.MarkerFile))
	if err != nil {
		return nil, err
	}
	b.newSite[output.MarkerFile] = marker
	return b.newSite, nil
}

// listNewSite lists the staged site, all but the marker Commit writes,
// looking up only the files this build wrote or linked: the others are
// the site's own files, listed before the build (site), which the build
// did not touch. Listing a large site costs more than the edit.
func (b *builder) listNewSite(st *output.Staging, have map[string]bool, site buildcache.Tree, folders map[string]bool) (buildcache.Tree, error) {
	tree := make(buildcache.Tree, len(b.sums)+len(folders))
	for d := range folders {
		tree[d] = buildcache.File{}
	}
	for f := range b.sums {
		if have[f] && !b.staged[f] {
			tree[f] = site[f]
		} else {
			s, err := buildcache.Stat(filepath.Join(st.Dir, filepath.FromSlash(f)))
			if err != nil {
				return nil, err
			}
			tree[f] = s
		}
	}
	return tree, nil
}

// keepUnchanged links into the staging folder every file of the new site
// that this build did not write, as it is the site's already, unless the
// staging folder has it (have: the site's own files a reused staging
// folder holds).
func (b *builder) keepUnchanged(st *output.Staging, have map[string]bool) error {
	var keep []string
	for f := range b.sums {
		if !b.staged[f] && !have[f] {
			keep = append(keep, f)
		}
	}
	slices.Sort(keep)
	return st.KeepAll(keep)
}

// removeUnwanted removes from a reused staging folder the files of the
// replaced site that the new site does not have, then the folders left
// with nothing the new site needs (needed: the new site's folders).
func (b *builder) removeUnwanted(st *output.Staging, have, needed map[string]bool) error {
	var dirs []string
	for f := range have {
		switch {
		case strings.HasSuffix(f, "/"):
			if !needed[f] {
				dirs = append(dirs, strings.TrimSuffix(f, "/"))
			}
		case !b.staged[f]:
			if _, ok := b.sums[f]; !ok {
				if err := st.Remove(f); err != nil {
					return err
				}
			}
		}
	}
	// Deepest first, so that a folder is emptied before its parent.
	slices.Sort(dirs)
	for _, d := range slices.Backward(dirs) {
		st.RemoveEmptyDir(d)
	}
	return nil
}

// matchSite removes from a reused staging folder every entry that is not
// one of the site's own files at the same path: a file is the site's when
// it is the same file (the same inode, a hard link), which no content,
// however changed, can fake. What is left is a part of the site; matchSite
// returns its files and folders (with a slash at the end), by path. spare
// lists the staging folder by inode, as the plan listed it before it
// became the staging folder (Plan.listSpare); when nil, matchSite lists
// it.
func matchSite(st *output.Staging, site, spare buildcache.Tree) (map[string]bool, error) {
	if spare == nil {
		var err error
		if spare, err = buildcache.ListInodes(st.Dir); err != nil {
			return nil, err
		}
	}
	have := make(map[string]bool, len(spare))
	var strays []string
	for p, s := range spare {
		f, ok := site[p]
		switch {
		case strings.HasSuffix(p, "/") && ok:
			have[p] = true
		case ok && !strings.HasSuffix(p, "/") && f.Inode != 0 && f.Inode == s.Inode:
			have[p] = true
		default:
			strays = append(strays, p)
		}
	}
	// Only the strays, usually few, are sorted, for under.
	slices.Sort(strays)
	var gone []string // folders removed, sorted
	for _, p := range strays {
		if under(p, gone) {
			continue
		}
		if err := st.Remove(strings.TrimSuffix(p, "/")); err != nil {
			return nil, err
		}
		if strings.HasSuffix(p, "/") {
			gone = append(gone, p)
		}
	}
	return have, nil
}

// under reports whether p is inside one of the folders dirs (paths ending
// in a slash, sorted): with p visited in sorted order, only the last
// folder removed can hold it.
func under(p string, dirs []string) bool {
	return len(dirs) > 0 && strings.HasPrefix(p, dirs[len(dirs)-1])
}

func (b *builder) summary() *Summary {
	locales := b.r.Locales()
	pages := len(locales)*(1+b.r.ListingPages()) + 2 + b.articlePages
	s := &Summary{Out: b.opts.Out, Pages: pages, Articles: b.articles,
		Locales: locales, Rendered: b.r.Pages(), Changed: b.changed, LocalesKept: b.localesKept, Notes: b.r.Notes(), Fallbacks: b.fallbacks(),
		Overrides: b.r.ThemeOverrides(), LintWarnings: b.lintWarnings}
	if b.sums == nil {
		s.Bytes, s.Files = b.bytes, b.files
		return s
	}
	// A cached build writes only what changed: count the whole site.
	for _, f := range b.sums {
		s.Files++
		s.Bytes += f.Size
	}
	return s
}

// run renders the site into b.out: every article page but those in keep,
// whose records stand for them, then the pages and files built from all
// articles.
func (b *builder) run(keep map[string]record) error {
	if b.pages == nil {
		if err := b.planPages(keep); err != nil {
			return err
		}
	}
	pr := b.pages
	var todo []int
	for i := range pr.jobs {
		if !pr.done[i] {
			todo = append(todo, i)
		}
	}
	onEveryCore(len(todo), func(k int) { b.renderJob(todo[k]) })
	jobs, records := pr.jobs, pr.records
	b.pages = nil // what the slots held is released or rendered
	if err := errors.Join(append(pr.errs, pr.images)...); err != nil {
		return err
	}
	if err := output.Reached(output.StageStaging); err != nil {
		return err
	}
	b.records = make(map[string]record, len(jobs))
	b.order = make([]string, len(jobs))
	listed := map[string]int{} // the listed article pages of each locale
	for i, j := range jobs {
		b.records[j.path] = records[i]
		b.order[i] = j.path
		if !records[i].Doc.Unlisted {
			listed[j.locale]++
		}
	}
	// Every article page is written: their images are published, and
	// their records let go of, before the listing pages and the search
	// indexes are.
	if err := b.publishImages(); err != nil {
		return err
	}
	b.r.ImagesPublished()
	// The search indexes and the pages shared by all articles need nothing
	// of each other: on a large knowledge base each takes a core for a
	// while, even when an edit renders a single page.
	kept := b.keepLocales()
	b.localesKept = slices.Sorted(maps.Keys(kept))
	indexed := make(chan error, 1)
	go func() { indexed <- b.writeSearch(kept, listed) }()
	if err := errors.Join(b.writeShared(kept, listed), <-indexed); err != nil {
		return err
	}
	// Every page is written: what they were built from need not be held
	// while the cache is saved.
	b.kb = nil
	b.r.PagesDone()
	return nil
}

// pageRun is the rendering of a build's article pages: a job per page,
// and what each job rendered.
type pageRun struct {
	jobs    []pageJob
	done    []bool // the jobs whose page is kept, or rendered already (see renderWhole)
	records []record
	errs    []error
	images  error // of the images published as pages were rendered early
	// slotOf finds the slot of a set-aside article by its folder.
	slotOf map[string]*articleSlot
}

// pageJob is one article page: its article's slot, its locale and its
// path in the site.
type pageJob struct {
	slot   *articleSlot
	locale string
	path   string
}

// planPages lists the article pages of the site, taking the records of
// those in keep as they are, and marks the others to be rendered.
func (b *builder) planPages(keep map[string]record) error {
	// Pages are rendered article by article, each article's structure
	// derived once for all its locales, so that a build that may release
	// articles (see Plan.Build) drops each as soon as its pages are
	// written: memory then holds the articles being rendered, not all.
	slots := make([]*articleSlot, len(b.kb.Articles))
	pr := &pageRun{slotOf: map[string]*articleSlot{}}
	for i, a := range b.kb.Articles {
		slots[i] = &articleSlot{i: i, a: a}
		if a.IsSetAside() {
			pr.slotOf[a.Dir] = slots[i]
		}
		locales := b.pageLocales(a)
		for _, l := range locales {
			pr.jobs = append(pr.jobs, pageJob{slots[i], l, articlePath(a, l)})
		}
		if len(locales) > 0 {
			b.articles++
		}
	}
	b.articlePages = len(pr.jobs)
	pr.records = make([]record, len(pr.jobs))
	pr.errs = make([]error, len(pr.jobs))
	pr.done = make([]bool, len(pr.jobs))
	for i, j := range pr.jobs {
		r, ok := keep[j.path]
		if !ok && j.slot.a.IsDigest() && !j.slot.a.IsSetAside() {
			return fmt.Errorf("%s: the page of %s must be rendered, but the article was not loaded", j.path, j.slot.a.ID)
		}
		if ok {
			pr.records[i], pr.done[i] = r, true
			continue
		}
		j.slot.left.Add(1)
		j.slot.jobs = append(j.slot.jobs, i)
		b.changed = append(b.changed, j.path)
	}
	sort.Strings(b.changed)
	for _, sl := range slots {
		if sl.left.Load() == 0 {
			b.done(sl)
		}
	}
	b.pages = pr
	return nil
}

// renderJob renders the page of job i and records it.
func (b *builder) renderJob(i int) {
	pr := b.pages
	j := pr.jobs[i]
	pr.done[i] = true
	if b.themeFailed.Load() {
		if j.slot.left.Add(-1) == 0 {
			b.done(j.slot)
		}
		return
	}
	a, res, err := b.article(j.slot)
	if err != nil {
		pr.errs[i] = err
		if j.slot.left.Add(-1) == 0 {
			b.done(j.slot)
		}
		return
	}
	page, err := b.r.ArticlePage(a, res, j.locale, b.write)
	if theme.IsTemplateError(err) && !b.themeFailed.CompareAndSwap(false, true) {
		// Another core's page met it first, and its error fails the
		// build: one report says it, as every page meets it alike.
		err = nil
	}
	pr.records[i] = record{
		Input: j.slot.input(b.inputs, j.path),
		Doc: pageDoc{ID: page.ID, Title: page.Title, Summary: page.Summary, Lang: page.Lang, LangLabel: page.LangLabel, Unlisted: page.Unlisted, SectionID: page.SectionID,
			TitleTerms: search.IndexTerms(b.vocab, page.Title+" "+search.IDText(page.ID)), BodyTerms: search.IndexTerms(b.vocab, page.BodyText)},
		Images:    j.slot.shared(page.Images),
		Fallbacks: j.slot.shared(page.Fallbacks),
	}.detached()
	pr.errs[i] = err
	if j.slot.left.Add(-1) == 0 {
		b.done(j.slot)
	}
}

// renderWhole renders the pages of set-aside articles that another pass
// holds whole (lint.Building), so that they are not loaded again for
// them. Articles the plan does not know, or whose pages were taken in
// hand already, are left alone.
func (b *builder) renderWhole(whole []*content.Article) {
	var todo []int
	for _, a := range whole {
		if sl := b.pages.slotOf[a.Dir]; sl != nil && sl.adopt(b, a) {
			todo = append(todo, sl.jobs...)
		}
	}
	onEveryCore(len(todo), func(k int) { b.renderJob(todo[k]) })
	// The checks have just read the pages' figures (lint.Building): the
	// site has them from there.
	b.pages.images = errors.Join(b.pages.images, b.publishImages())
}

// writeSearch writes the search index of every locale but those kept;
// listed counts each locale's listed article pages.
func (b *builder) writeSearch(kept map[string]bool, listed map[string]int) error {
	for _, l := range b.r.Locales() {
		if kept[l] {
			continue
		}
		put := b.localePut(l)
		err := search.Write(b.searchDocs(l, listed[l]), b.vocab, func(name string, data []byte) error {
			return put(path.Join("search", l, name), data)
		})
		if err != nil {
			return err
		}
	}
	return nil
}

// writeShared writes the home, category and section pages of every
// locale but those kept, and the pages of the site as a whole; listed
// counts each locale's listed article pages.
func (b *builder) writeShared(kept map[string]bool, listed map[string]int) error {
	for _, l := range b.r.Locales() {
		if kept[l] {
			continue
		}
		if err := b.r.LocalePages(l, b.listedArticles(l, listed[l]), b.localePut(l)); err != nil {
			return err
		}
	}
	return b.r.SitePages(b.write)
}

// The listing pages and the search index of a locale are made from the
// records of its listed article pages, in the order of the pages
// (b.order), a locale at a time: at 20,000 articles, the entries of
// every locale made at once took 26 MB at the build's peak.

// listedArticles returns the listing pages' entries of the locale's n
// listed article pages.
func (b *builder) listedArticles(locale string, n int) []site.Article {
	out := make([]site.Article, 0, n)
	for d := range b.listedDocs(locale) {
		out = append(out, site.Article{ID: d.ID, Title: d.Title, Summary: d.Summary, Lang: d.Lang, LangLabel: d.LangLabel, SectionID: d.SectionID})
	}
	return out
}

// searchDocs returns the search documents of the locale's n listed
// article pages.
func (b *builder) searchDocs(locale string, n int) []search.Doc {
	out := make([]search.Doc, 0, n)
	for d := range b.listedDocs(locale) {
		out = append(out, search.Doc{Title: d.Title, Href: strings.ToLower(d.ID) + "/index.html", Summary: d.Summary,
			Lang: d.Lang, LangLabel: d.LangLabel, Section: b.r.SectionName(d.SectionID, locale), TitleTerms: d.TitleTerms, BodyTerms: d.BodyTerms})
	}
	return out
}

// listedDocs yields the records of the locale's listed article pages,
// in order.
func (b *builder) listedDocs(locale string) iter.Seq[pageDoc] {
	return func(yield func(pageDoc) bool) {
		for _, p := range b.order {
			if l, _, _ := strings.Cut(p, "/"); l != locale {
				continue
			}
			if d := b.records[p].Doc; !d.Unlisted && !yield(d) {
				return
			}
		}
	}
}

// localePut is write, which with a cache also records the file among
// those built from the records of the locale's pages.
func (b *builder) localePut(locale string) site.Put {
	if b.sums == nil {
		return b.write
	}
	return func(rel string, data []byte) error {
		b.mu.Lock()
		lf := b.locales[locale]
		if lf == nil {
			lf = &localeFiles{}
			b.locales[locale] = lf
		}
		lf.Files = append(lf.Files, rel)
		b.mu.Unlock()
		return b.write(rel, data)
	}
}

// keepLocales returns the locales whose home, category and section pages
// and search index the site has as this build would write them: the
// last build wrote them from what this one would (see localeKeys), and
// the site still has each file as that build left it. Their files are
// kept as they are, and not built again: an edit that changes what one
// locale shows, such as a summary in the source language, builds those
// of that locale only.
func (b *builder) keepLocales() map[string]bool {
	if b.sums == nil {
		return nil
	}
	b.locales = map[string]*localeFiles{}
	if b.prevLocales == nil {
		return nil
	}
	kept := map[string]bool{}
	for l, key := range b.localeKeys(b.r.Locales(), b.records) {
		prev, ok := b.prevLocales[l]
		if !ok || prev.Key != key || !b.haveIntact(prev.Files) {
			continue
		}
		kept[l] = true
		b.locales[l] = &localeFiles{Files: prev.Files}
		for _, f := range prev.Files {
			b.sums[f] = b.prevFiles[f]
		}
	}
	return kept
}

// haveIntact reports whether the site has every one of files as the
// last build left it.
func (b *builder) haveIntact(files []string) bool {
	for _, f := range files {
		if _, ok := b.prevFiles[f]; !ok {
			return false
		}
	}
	return true
}

// localeKeys returns, by locale, the key of what the locale's home,
// category and section pages and search index are built from: what
// every page of the site depends on (commonKey), and the record of each
// of the locale's article pages, in the order those files take them.
// Term numbers are compared as they are: a build numbers the terms in
// the vocabulary the last build saved, so that a page that shows the
// same text has the same numbers in both, and the cache keeps the keys
// of the numbers it saves.
func (b *builder) localeKeys(locales []string, records map[string]record) map[string]string {
	hashers := make(map[string]*buildcache.Hasher, len(locales))
	for _, l := range locales {
		h := buildcache.NewHasher()
		h.Add("locale", b.commonKey, l)
		hashers[l] = h
	}
	for _, p := range b.order {
		l, _, _ := strings.Cut(p, "/")
		h, ok := hashers[l]
		if !ok {
			continue
		}
		d := records[p].Doc
		unlisted := "listed"
		if d.Unlisted {
			unlisted = "unlisted"
		}
		h.Add("page", p, unlisted, d.ID, d.Title, d.Summary, d.Lang, d.LangLabel, d.SectionID, d.TitleTerms.Packed(), d.BodyTerms.Packed())
	}
	keys := make(map[string]string, len(hashers))
	for l, h := range hashers {
		keys[l] = h.Sum()
	}
	return keys
}

// fallbacks gathers what each locale shows in the source language from
// the records of its pages, kept or rendered.
func (b *builder) fallbacks() []Fallbacks {
	pages, figures := map[string][]string{}, map[string][]string{}
	for p, r := range b.records {
		l, _, _ := strings.Cut(p, "/")
		if r.Doc.Lang != "" {
			pages[l] = append(pages[l], r.Doc.ID)
		}
		figures[l] = append(figures[l], r.Fallbacks...)
	}
	var out []Fallbacks
	for _, l := range b.r.Locales() {
		if len(pages[l]) == 0 && len(figures[l]) == 0 {
			continue
		}
		slices.Sort(pages[l])
		slices.Sort(figures[l])
		out = append(out, Fallbacks{Locale: l, Pages: pages[l], Figures: slices.Compact(figures[l])})
	}
	return out
}

// pageLocales lists the locales the site has a page of the article in.
func (b *builder) pageLocales(a *content.Article) []string {
	var ls []string
	for _, l := range b.r.Locales() {
		if b.r.HasPage(a, l) {
			ls = append(ls, l)
		}
	}
	return ls
}

// publishImages writes the images the pages rendered since the last call
// show, on every core: a site has many, and most of the time goes to
// reading and writing them. SVG figures come as the checks sanitized
// them when the figures memo holds them (see Plan.LoadChecked).
func (b *builder) publishImages() error {
	files := b.r.TakeImages()
	errs := make([]error, len(files))
	onEveryCore(len(files), func(i int) {
		errs[i] = b.r.PublishImage(files[i], b.write)
	})
	// What the pages do not show is not needed by the pages still to
	// render, whose articles have figures of their own.
	b.figures.Forget()
	return errors.Join(errs...)
}

// articleSlot is an article being rendered: its derived structure, made
// by the first of its pages, and how many of its pages are left. An
// article set aside by the load is loaded again by the first of its
// pages, and the input keys of its pages worked out then.
type articleSlot struct {
	i      int // in kb.Articles
	once   sync.Once
	a      *content.Article
	res    *resolve.Article
	inputs map[string]string // of a set-aside article's pages
	err    error
	jobs   []int // of its pages to render (pageRun.jobs)
	left   atomic.Int32

	listsMu sync.Mutex
	lists   [][]string // the lists of images and fallbacks its pages recorded (see shared)
}

// shared returns list, or an equal list another of the slot's pages
// recorded, and nil for an empty one. An article's pages in several
// locales mostly show the same images and fall back to the same
// figures, and the build keeps the lists of every page to its end: at
// 20,000 articles they took 30 MB, one copy per page, each with room to
// grow.
func (sl *articleSlot) shared(list []string) []string {
	if len(list) == 0 {
		return nil
	}
	sl.listsMu.Lock()
	defer sl.listsMu.Unlock()
	for _, l := range sl.lists {
		if slices.Equal(l, list) {
			return l
		}
	}
	list = slices.Clone(list)
	sl.lists = append(sl.lists, list)
	return list
}

// article returns the slot's article, whole, and its structure.
func (b *builder) article(sl *articleSlot) (*content.Article, *resolve.Article, error) {
	sl.once.Do(func() {
		if sl.a.IsSetAside() {
			if sl.a, sl.err = b.kb.Reload(sl.a); sl.err != nil {
				return
			}
			if b.inputs != nil {
				sl.inputs = b.articleInputs(sl.a)
			}
		}
		sl.res = resolve.New(sl.a)
	})
	return sl.a, sl.res, sl.err
}

// adopt makes whole, the slot's set-aside article loaded whole, the
// article its pages are rendered from, unless they were taken in hand
// already; it reports whether it did.
func (sl *articleSlot) adopt(b *builder, whole *content.Article) bool {
	adopted := false
	sl.once.Do(func() {
		sl.a = whole
		if b.inputs != nil {
			sl.inputs = b.articleInputs(whole)
		}
		sl.res = resolve.New(whole)
		adopted = true
	})
	return adopted
}

// input returns the input key of one of the slot's pages: from inputs,
// the build's, unless the article was set aside.
func (sl *articleSlot) input(inputs map[string]string, path string) string {
	if sl.inputs != nil {
		return sl.inputs[path]
	}
	return inputs[path]
}

// done is called once the slot's pages are written: a build that may
// release articles drops this one's content.
func (b *builder) done(sl *articleSlot) {
	if b.release {
		sl.a, sl.res = nil, nil
		b.kb.Release(sl.i)
	}
}

// write writes one file of the site. With a cache it records the file's
// hash, and an incremental build stages only files that differ from the
// site's. It is a site.Put.
func (b *builder) write(rel string, data []byte) error {
	var f outFile
	if b.sums != nil {
		f = outFile{Sum: buildcache.RawSum(data), Size: int64(len(data))}
		b.mu.Lock()
		b.sums[rel] = f
		b.mu.Unlock()
		if b.prevFiles != nil && b.prevFiles[rel] == f {
			return nil
		}
	}
	if b.put != nil {
		b.mu.Lock()
		defer b.mu.Unlock()
		b.bytes += int64(len(data))
		b.files++
		return b.put(rel, data)
	}
	if err := b.stage.WriteFile(filepath.Join(b.out, filepath.FromSlash(rel)), data); err != nil {
		return err
	}
	b.mu.Lock()
	b.bytes += int64(len(data))
	b.files++
	if b.staged != nil {
		b.staged[rel] = true
	}
	b.mu.Unlock()
	return nil
}

// onEveryCore calls do(i) for every i in [0, n), on every core. Each
// worker takes the next index itself, so that no goroutine hands out the
// work: with thousands of short jobs the hand-offs cost more than
// sharing a counter.
func onEveryCore(n int, do func(i int)) {
	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), max(n, 1)) {
		wg.Go(func() {
			for i := int(next.Add(1)) - 1; i < n; i = int(next.Add(1)) - 1 {
				do(i)
			}
		})
	}
	wg.Wait()
}
