// Package site assembles the static help site from a loaded knowledge
// base: one page per article and locale with derived numbers, localized
// labels and fallbacks, a home page per locale sorted by the locale's
// collation, a language chooser at the root, a 404 page, sitemap, search
// index shards, and the images pages reference. An SVG image is published
// as package svg writes what its allow-list keeps, never as its bytes; a
// raster image once its format is checked; an image either refuses fails
// the build. Output is byte-identical for identical input and replaces
// the previous site atomically.
//
// # Parallel and incremental builds
//
// Article pages are rendered on every core; each writes its own file and
// returns its record (search terms, images, fallbacks), gathered in
// article order, so the site does not depend on scheduling.
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
// only the pages whose key changed; the home pages, search index and other
// shared files are built again from the records whenever any page changed. Files whose bytes
// differ from the site's are written to a staging folder beside it, and
// the site's other files are hard-linked there, so that the staging folder
// holds the new site whole; then, as after a full build, a journal is put
// in the cache folder, the staging folder is swapped in whole (package
// output), the cache saved and the journal removed. A build that fails or
// is killed before the swap leaves the site untouched; a build that finds
// a journal, or a cache that is damaged or of another format or key,
// ignores the cache and builds the site whole, as a build without a cache
// always does.
package site

import (
	"bytes"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"os"
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
	"github.com/kbcdev/kbc/internal/i18n"
	"github.com/kbcdev/kbc/internal/output"
	"github.com/kbcdev/kbc/internal/raster"
	"github.com/kbcdev/kbc/internal/render"
	"github.com/kbcdev/kbc/internal/resolve"
	"github.com/kbcdev/kbc/internal/svg"
	"github.com/kbcdev/kbc/locales"
	sitefiles "github.com/kbcdev/kbc/site"
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
	// Cache is the folder where a build keeps what the next one needs to
	// render only what changed (see Build); empty: every build is whole.
	Cache string
	// Waiting, when set, is called with the site or cache folder when
	// another kbc process is building into it, before the build waits for
	// that process to finish (see NewPlan).
	Waiting func(folder string)
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
	// Notes are facts worth telling the publisher, such as figures shown
	// with the source-language image.
	Notes []string
	// Rendered counts the pages this build rendered; Reused the article
	// pages a cached build kept from the previous one, as nothing they
	// show changed.
	Rendered, Reused int
	// Changed lists, sorted, the article pages this build rendered, by
	// their path in the site.
	Changed []string
	// UpToDate is set when the site was found up to date and nothing
	// was done.
	UpToDate bool
	// Cache says why a build with a cache folder rendered every page: no
	// cache yet, or what made it unfit; empty otherwise.
	Cache string
	// Warnings are failures that did not stop the build, such as a cache
	// that could not be saved.
	Warnings []string
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
// failure.
type UsageError struct{ Msg string }

func (e *UsageError) Error() string { return e.Msg }

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
	b, err := newBuilder(kb, p.opts)
	if err != nil {
		return nil, err
	}
	b.release = release
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
	b, err := newBuilder(kb, opts)
	if err != nil {
		return nil, err
	}
	b.put = put
	if err := b.run(nil); err != nil {
		return nil, err
	}
	return b.summary(), nil
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
	return b.summary(), nil
}

// stageWhole renders every page into a new staging folder.
func (b *builder) stageWhole() (*output.Staging, error) {
	st, err := output.NewStaging(b.opts.Out)
	if err != nil {
		return nil, err
	}
	b.out, b.stage = st.Dir, st
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
	b.inputs = b.pageInputs(p.key, p.tree, p.filesByFolder(), prev)
	b.sums = map[string]outFile{}

	var st *output.Staging
	var err error
	if prev == nil {
		st, err = b.stageWhole()
	} else {
		st, err = b.stageIncremental(prev)
	}
	if err != nil {
		return nil, err
	}
	var sum *Summary
	if st == nil {
		// Nothing any page depends on changed: the site stands as it is.
		s := prev.state.Summary
		s.Rendered, s.Reused, s.Changed = 0, b.reused, nil
		sum = &s
	} else {
		sum = b.summary()
		sum.Reused, sum.Cache = b.reused, why
		if err := b.commit(st); err != nil {
			return nil, err
		}
	}
	// The knowledge base is not needed to write the cache: let the
	// collector have it, as the cache's encoding is the build's last peak
	// of memory.
	b.kb, b.linkable = nil, nil
	// From here the site is built; a cache that cannot be written costs
	// the next build its speed, not this one its result.
	if err := b.saveCache(p, sum); err != nil {
		sum.Warnings = append(sum.Warnings, fmt.Sprintf("the build cache could not be saved, so the next build renders every page: %v", err))
		if err := dropCache(b.opts.Cache); err != nil {
			sum.Warnings = append(sum.Warnings, fmt.Sprintf("the build cache could not be removed either: %v; remove %s", err, b.opts.Cache))
		}
	}
	return sum, nil
}

// saveCache records what the next build needs: the site folder as this
// build leaves it, the pages, the folders and the state, which vouches
// for the rest and is written last; then it removes the journal.
func (b *builder) saveCache(p *Plan, sum *Summary) error {
	out, err := buildcache.List(b.opts.Out)
	if err != nil {
		return err
	}
	b.vocab.compact(b.records)
	pg := pages{Key: p.key, Records: b.records, Files: b.sums, Terms: b.vocab.terms}
	state := state{Key: p.key, ScannedAt: p.scannedAt, Tree: p.tree, Output: out, Summary: *sum}
	state.Summary.Duration, state.Summary.Cache, state.Summary.Changed, state.Summary.Warnings = 0, "", nil, nil
	if err := output.Reached(output.StageCacheWrite); err != nil {
		return err
	}
	if err := buildcache.Save(filepath.Join(b.opts.Cache, pagesFile), pg); err != nil {
		return err
	}
	if err := p.save(); err != nil {
		return err
	}
	if err := buildcache.Save(filepath.Join(b.opts.Cache, stateFile), state); err != nil {
		return err
	}
	return output.RemoveJournal(b.opts.Cache)
}

// commit swaps the staged site in under the journal, which stays until
// the cache describes the new site. Where the journal cannot be written,
// the cache is dropped instead: either way, no cache vouches for a site
// it does not describe.
func (b *builder) commit(st *output.Staging) error {
	if err := output.WriteJournal(b.opts.Cache, b.opts.Out); err != nil {
		if err := dropCache(b.opts.Cache); err != nil {
			st.Discard()
			return err
		}
	}
	return st.Commit()
}

// dropCache removes the cache files that vouch for the site, the state
// first: removing needs no space on a full disk.
func dropCache(dir string) error {
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
func (b *builder) stageIncremental(prev *previous) (*output.Staging, error) {
	// The kept records number their terms in the last build's vocabulary.
	b.vocab = newVocabulary(prev.pages.Terms)
	// A page is kept when nothing it shows changed, and the site still has
	// it, and its images, as the last build left them.
	reuse := map[string]record{}
	for p, in := range b.inputs {
		if r, ok := prev.pages.Records[p]; ok && r.Input == in && !prev.damaged(p, r) {
			reuse[p] = r
		}
	}
	b.reused = len(reuse)
	if prev.intact && len(reuse) == len(b.inputs) && len(prev.pages.Records) == len(b.inputs) {
		b.records, b.sums = prev.pages.Records, prev.pages.Files
		return nil, nil
	}
	// Only files the site still has as the last build left them are kept
	// as they are; the others are written again.
	b.prevFiles = prev.intactFiles()
	b.staged = map[string]bool{}
	st, err := output.NewStaging(b.opts.Out)
	if err != nil {
		return nil, err
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
	if err := b.keepUnchanged(st); err != nil {
		st.Discard()
		return nil, err
	}
	return st, nil
}

// keepUnchanged links into the staging folder every file of the new site
// that this build did not write, as it is the site's already.
func (b *builder) keepUnchanged(st *output.Staging) error {
	var keep []string
	for f := range b.sums {
		if !b.staged[f] {
			keep = append(keep, f)
		}
	}
	slices.Sort(keep)
	return st.KeepAll(keep)
}

func (b *builder) summary() *Summary {
	s := &Summary{Out: b.opts.Out, Pages: len(b.kb.Articles)*len(b.locales) + len(b.locales) + 2, Articles: len(b.kb.Articles), Locales: b.locales, Rendered: b.pages, Changed: b.changed, Notes: b.notes()}
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

// builder holds one build's state. Page rendering runs in parallel; what
// pages share (images to copy, notes) is guarded by mu.
type builder struct {
	kb *content.KB
	// linkable stands in for every article that pages link to: its
	// digest, which holds the titles they show, so that rendering reads
	// no article but the one whose page it renders.
	linkable map[string]*content.Article
	// release lets the build drop each article's content once its pages
	// are written (see Plan.Build).
	release bool
	vocab   *vocabulary // of the search terms of the pages
	opts    Options
	locales []string
	catalog *i18n.Catalog
	tmpl    *template.Template
	baseURL string
	out     string // the staging folder: stage.Dir
	stage   *output.Staging
	put     func(path string, data []byte) error // instead of writing into out (see Render)

	mu       sync.Mutex
	images   map[string]*imageRef // by source file
	fallback map[string]bool      // notes about figure fallbacks
	bytes    int64
	files    int
	pages    int
	counts   sync.Map // locale -> JSON of search result counts
	labels   sync.Map // labelKey -> numbered label, formatted once per build

	// With a cache: the input key of every article page, what this build
	// knows of each page and of each file of the site, the files of the
	// previous site, and the files staged to replace them.
	inputs    map[string]string
	records   map[string]record
	sums      map[string]outFile
	prevFiles map[string]outFile
	staged    map[string]bool
	reused    int      // article pages kept
	changed   []string // article pages rendered
}

// outFile is a file of the site as a cached build knows it.
type outFile struct {
	Sum  string
	Size int64
}

type imageRef struct {
	path          string // in the site, slash-separated
	file          string
	width, height int
	hasSize       bool
	err           error
}

func newBuilder(kb *content.KB, opts Options) (*builder, error) {
	b := &builder{kb: kb, opts: opts, images: map[string]*imageRef{}, fallback: map[string]bool{}, vocab: newVocabulary(nil)}
	b.linkable = make(map[string]*content.Article, len(kb.Articles))
	for _, a := range kb.Articles {
		if !a.IsDigest() {
			a = a.Digest().Article() // a stand-in already is one
		}
		b.linkable[a.ID] = a
	}
	b.locales = kb.Config.Locales
	if len(opts.Locales) > 0 {
		b.locales = nil
		for _, l := range kb.Config.Locales {
			if slices.Contains(opts.Locales, l) {
				b.locales = append(b.locales, l)
			}
		}
		for _, l := range opts.Locales {
			if !kb.Config.HasLocale(l) {
				return nil, &UsageError{Msg: fmt.Sprintf("locale %q is not configured in kb.yaml (%s)", l, strings.Join(kb.Config.Locales, ", "))}
			}
		}
	}
	if len(b.locales) == 0 {
		return nil, &UsageError{Msg: "no locales to build"}
	}
	if opts.Platform != "" && kb.Config.Platform(opts.Platform) == nil {
		var ids []string
		for _, p := range kb.Config.Platforms {
			ids = append(ids, p.ID)
		}
		return nil, &UsageError{Msg: fmt.Sprintf("platform %q is not configured in kb.yaml (%s)", opts.Platform, strings.Join(ids, ", "))}
	}
	if opts.BaseURL != "" {
		if err := CheckBaseURL(opts.BaseURL); err != nil {
			return nil, err
		}
		b.baseURL = strings.TrimSuffix(opts.BaseURL, "/") + "/"
	}
	cat, err := loadCatalog(b.locales)
	if err != nil {
		return nil, err
	}
	b.catalog = cat
	t, err := siteTemplates()
	if err != nil {
		return nil, err
	}
	b.tmpl = t
	return b, nil
}

// loadCatalog returns the UI strings of the locales, read from the
// embedded catalogs once per list of locales: they never change, a
// catalog is only read once loaded, and a preview builds again and again.
func loadCatalog(ls []string) (*i18n.Catalog, error) {
	key := strings.Join(ls, ",")
	if c, ok := catalogs.Load(key); ok {
		return c.(*i18n.Catalog), nil
	}
	c, err := i18n.LoadCatalog(locales.FS, ls)
	if err != nil {
		return nil, err
	}
	catalogs.Store(key, c)
	return c, nil
}

var catalogs sync.Map // comma-separated locales -> *i18n.Catalog

// siteTemplates parses the embedded templates once: they never change,
// and a parsed template may be executed by many builds at once.
var siteTemplates = sync.OnceValues(func() (*template.Template, error) {
	return template.New("site").ParseFS(sitefiles.FS, "templates/*.html")
})

// run renders the site into b.out: every article page but those in keep,
// whose records stand for them, then the pages and files built from all
// articles.
func (b *builder) run(keep map[string]record) error {
	// Pages are rendered article by article, each article's structure
	// indexed once for all its locales, so that a build that may release
	// articles (see Plan.Build) drops each as soon as its pages are
	// written: memory then holds the articles being rendered, not all.
	type job struct {
		slot   *articleSlot
		locale string
		path   string
	}
	slots := make([]*articleSlot, len(b.kb.Articles))
	var jobs []job
	for i, a := range b.kb.Articles {
		slots[i] = &articleSlot{i: i, a: a}
		for _, l := range b.locales {
			jobs = append(jobs, job{slots[i], l, articlePath(a, l)})
		}
	}
	records := make([]record, len(jobs))
	errs := make([]error, len(jobs))
	var todo []int
	for i, j := range jobs {
		r, ok := keep[j.path]
		if !ok && j.slot.a.IsDigest() {
			return fmt.Errorf("%s: the page of %s must be rendered, but the article was not loaded", j.path, j.slot.a.ID)
		}
		if ok {
			records[i] = r
			for _, f := range r.Fallbacks {
				b.fallback[f] = true
			}
			continue
		}
		j.slot.left.Add(1)
		todo = append(todo, i)
		b.changed = append(b.changed, j.path)
	}
	sort.Strings(b.changed)
	for _, sl := range slots {
		if sl.left.Load() == 0 {
			b.done(sl)
		}
	}
	onEveryCore(len(todo), func(k int) {
		i := todo[k]
		j := jobs[i]
		a, res := j.slot.article()
		v := b.buildArticle(a, res, j.locale)
		records[i] = record{
			Input: b.inputs[j.path],
			Doc: pageDoc{ID: v.ID, Title: v.TitleText, Summary: v.SummaryText,
				TitleTerms: b.vocab.numbers(uniqueTerms(v.TitleText + " " + v.ID)), BodyTerms: b.vocab.numbers(uniqueTerms(v.BodyText))},
			Images:    v.images,
			Fallbacks: v.fallbacks,
		}
		errs[i] = b.writePage(j.path, b.articlePage(a, j.locale, v))
		if j.slot.left.Add(-1) == 0 {
			b.done(j.slot)
		}
	})
	if err := errors.Join(errs...); err != nil {
		return err
	}
	if err := output.Reached(output.StageStaging); err != nil {
		return err
	}
	byLocale := map[string][]pageDoc{}
	b.records = map[string]record{}
	for i, j := range jobs {
		byLocale[j.locale] = append(byLocale[j.locale], records[i].Doc)
		b.records[j.path] = records[i]
	}
	for _, l := range b.locales {
		if err := b.writeHome(l, byLocale[l]); err != nil {
			return err
		}
		if err := b.writeSearch(l, byLocale[l]); err != nil {
			return err
		}
	}
	if err := b.writePage("index.html", b.rootPage()); err != nil {
		return err
	}
	if err := b.writePage("404.html", b.notFoundPage()); err != nil {
		return err
	}
	if b.baseURL != "" {
		if err := b.write("sitemap.xml", b.sitemap()); err != nil {
			return err
		}
	}
	if err := b.copyAssets(); err != nil {
		return err
	}
	return b.copyImages()
}

// articleSlot is an article being rendered: its derived structure, made
// by the first of its pages, and how many of its pages are left.
type articleSlot struct {
	i    int // in kb.Articles
	once sync.Once
	a    *content.Article
	res  *resolve.Article
	left atomic.Int32
}

// article returns the slot's article and its structure.
func (sl *articleSlot) article() (*content.Article, *resolve.Article) {
	sl.once.Do(func() { sl.res = resolve.New(sl.a) })
	return sl.a, sl.res
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
// site's.
func (b *builder) write(rel string, data []byte) error {
	var f outFile
	if b.sums != nil {
		f = outFile{Sum: buildcache.Sum(data), Size: int64(len(data))}
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
	p := filepath.Join(b.out, filepath.FromSlash(rel))
	if err := b.stage.MakeDir(filepath.Dir(p)); err != nil {
		return err
	}
	if err := os.WriteFile(p, data, 0o644); err != nil {
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

// labelKey names a numbered UI label in a locale, such as "Step 3".
type labelKey struct {
	locale, id string
	n          int
}

// numbered returns ui.Numbered(id, n, nil), formatted once per build: a
// message template costs more than the page text around it, and pages
// repeat the same few labels thousands of times.
func (b *builder) numbered(ui *i18n.Strings, id string, n int) string {
	k := labelKey{ui.Locale, id, n}
	if l, ok := b.labels.Load(k); ok {
		return l.(string)
	}
	l := ui.Numbered(id, n, nil)
	b.labels.Store(k, l)
	return l
}

func (b *builder) writePage(rel string, p *page) error {
	buf := pageBuffers.Get().(*bytes.Buffer)
	defer releasePageBuffer(buf)
	if err := b.tmpl.ExecuteTemplate(buf, "page", p); err != nil {
		return fmt.Errorf("rendering %s: %w", rel, err)
	}
	b.mu.Lock()
	b.pages++
	b.mu.Unlock()
	return b.write(rel, buf.Bytes())
}

// pageBuffers hold pages while they are rendered and written: write keeps
// nothing of the bytes, so each core reuses one buffer grown to the size
// of a page instead of growing a new one for every page.
var pageBuffers = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// maxPooledPage bounds the buffers kept for reuse.
const maxPooledPage = 4 << 20

func releasePageBuffer(buf *bytes.Buffer) {
	if buf.Cap() > maxPooledPage {
		return
	}
	buf.Reset()
	pageBuffers.Put(buf)
}

func (b *builder) copyAssets() error {
	return fs.WalkDir(sitefiles.FS, "assets", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := fs.ReadFile(sitefiles.FS, p)
		if err != nil {
			return err
		}
		return b.write(p, data)
	})
}

// image returns where the figure's image for the locale is published,
// recording the file to copy. A locale without its own variant gets the
// source image, and the fallback is noted for the summary.
func (b *builder) image(a *content.Article, f *content.Figure, locale string) (ref *imageRef, fallback string) {
	file, localized := a.FigureFile(f, locale)
	b.mu.Lock()
	defer b.mu.Unlock()
	if !localized {
		fallback = fmt.Sprintf("%s %s: %s", a.ID, locale, f.Src)
		b.fallback[fallback] = true
	}
	if r, ok := b.images[file]; ok {
		if r.err != nil {
			return nil, fallback
		}
		return r, fallback
	}
	r := &imageRef{file: file}
	b.images[file] = r
	rel, err := filepath.Rel(b.kb.Root, file)
	if err != nil || !filepath.IsLocal(rel) {
		r.err = fmt.Errorf("figure %s of %s: %s lies outside the content folder", f.ID, a.ID, f.Src)
		return nil, fallback
	}
	real, err := filepath.EvalSymlinks(file)
	if err == nil {
		if rootReal, err2 := filepath.EvalSymlinks(b.kb.Root); err2 == nil {
			if rr, err3 := filepath.Rel(rootReal, real); err3 != nil || !filepath.IsLocal(rr) {
				r.err = fmt.Errorf("figure %s of %s: %s leads outside the content folder", f.ID, a.ID, f.Src)
				return nil, fallback
			}
		}
	}
	w, h, hasSize, err := imageFileSize(file)
	if err != nil {
		r.err = fmt.Errorf("figure %s of %s: %w", f.ID, a.ID, err)
		return nil, fallback
	}
	r.path = "media/" + filepath.ToSlash(rel)
	r.width, r.height, r.hasSize = w, h, hasSize
	return r, fallback
}

// copyImages writes the images the pages show, on every core: a site has
// many, and most of the time goes to reading and writing them.
func (b *builder) copyImages() error {
	files := make([]string, 0, len(b.images))
	for f := range b.images {
		files = append(files, f)
	}
	sort.Strings(files)
	errs := make([]error, len(files))
	onEveryCore(len(files), func(i int) {
		errs[i] = b.copyImage(b.images[files[i]])
	})
	return errors.Join(errs...)
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

func (b *builder) copyImage(r *imageRef) error {
	if r.err != nil {
		return r.err
	}
	return withFileBytes(r.file, func(data []byte) error {
		published, err := publishedImage(r.file, data)
		if err != nil {
			return err
		}
		return b.write(r.path, published)
	})
}

// publishedImage returns what the site publishes for an image file: for
// an SVG, what package svg's allow-list keeps of it, written anew; for a
// raster image, its bytes once its format is checked. A file either
// check refuses is an error and is not published: a figure that lint
// refuses must not reach the site even if the build was not linted.
func publishedImage(file string, data []byte) ([]byte, error) {
	ext := filepath.Ext(file)
	switch {
	case strings.EqualFold(ext, ".svg"):
		out, problems := svg.Sanitize(data)
		if len(problems) > 0 {
			p := problems[0]
			more := ""
			if len(problems) > 1 {
				more = fmt.Sprintf(" (and %d more; kbc lint lists them)", len(problems)-1)
			}
			return nil, fmt.Errorf("%s:%s%s", file, p, more)
		}
		return out, nil
	case raster.IsRaster(ext):
		if err := raster.Check(ext, bytes.NewReader(data)); err != nil {
			return nil, fmt.Errorf("%s: %v", file, err)
		}
		return data, nil
	}
	return nil, fmt.Errorf("%s is not a web image", file)
}

// maxNamedArticles is how many articles a note names before it counts.
const maxNamedArticles = 10

func (b *builder) notes() []string {
	var notes []string
	if b.baseURL == "" {
		notes = append(notes, "no --base-url: sitemap.xml and canonical links were not written; hreflang alternates are relative")
	}
	if len(b.fallback) > 0 {
		// One line per locale: the publisher wants to know how much is
		// missing and where, not every file.
		perLocale := map[string][]string{}
		named := map[string]bool{} // "locale id" already in perLocale
		count := map[string]int{}
		for k := range b.fallback {
			id, rest, _ := strings.Cut(k, " ")
			l, _, _ := strings.Cut(rest, ":")
			count[l]++
			if !named[l+" "+id] {
				named[l+" "+id] = true
				perLocale[l] = append(perLocale[l], id)
			}
		}
		for _, l := range b.locales {
			if count[l] == 0 {
				continue
			}
			ids := perLocale[l]
			sort.Strings(ids)
			// A large knowledge base can lack variants in thousands of
			// articles: name the first few, count the rest.
			if len(ids) > maxNamedArticles {
				ids = append(ids[:maxNamedArticles:maxNamedArticles], fmt.Sprintf("and %d more articles", len(ids)-maxNamedArticles))
			}
			notes = append(notes, fmt.Sprintf("%s: %d figures shown with the source image for lack of a %s variant (%s)", l, count[l], l, strings.Join(ids, ", ")))
		}
	}
	return notes
}

// articleLink returns the title of the article id in the locale and the
// way to it from a page at prefix depth: an article of this knowledge
// base, or an external one from kb.yaml.
func (b *builder) articleLink(id, locale, prefix string) (title, href string, ok bool) {
	if a := b.linkable[id]; a != nil {
		lt, _, _ := a.Localize(a.Title, locale)
		return render.PlainText(lt.Value, nil), articleHref(prefix, id), true
	}
	if e := b.kb.Config.ExternalRef(id); e != nil {
		t, ok := e.Titles[locale]
		if !ok || t.Value == "" {
			t = e.Titles[b.kb.Config.SourceLocale]
		}
		return render.PlainText(t.Value, nil), e.URL, true
	}
	return "", "", false
}

// refText renders references as text only, for titles and descriptions.
func (b *builder) refText(locale string) render.Resolver {
	return func(r content.InlineRef) render.Link {
		if r.Kind == content.RefArticle {
			if t, _, ok := b.articleLink(r.Target, locale, ""); ok {
				return render.Link{Text: t}
			}
		}
		return render.Link{Text: r.Target}
	}
}
