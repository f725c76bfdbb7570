// Package site renders the pages of the static help site from a loaded
// knowledge base: one page per article and locale with derived numbers,
// localized labels and fallbacks, a home page per locale sorted by the
// locale's collation, a language chooser at the root, a 404 page, the
// sitemap, the assets and the images pages show. An SVG image is
// published as package svg writes what its allow-list keeps, never as its
// bytes; a raster image once its format is checked; an image either
// refuses is an error. A Renderer hands every file it makes to the
// caller, by its path in the site; package build decides which pages to
// render, writes them and swaps the site in. Output is byte-identical for
// identical input, whatever order the pages are rendered in.
package site

import (
	"bytes"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/kbcdev/kbc/internal/content"
	"github.com/kbcdev/kbc/internal/i18n"
	"github.com/kbcdev/kbc/internal/raster"
	"github.com/kbcdev/kbc/internal/render"
	"github.com/kbcdev/kbc/internal/resolve"
	"github.com/kbcdev/kbc/internal/suggest"
	"github.com/kbcdev/kbc/internal/svg"
	"github.com/kbcdev/kbc/internal/theme"
	"github.com/kbcdev/kbc/locales"
	sitefiles "github.com/kbcdev/kbc/site"
)

// Options choose what a Renderer renders.
type Options struct {
	Locales  []string // a subset of the configured locales; empty: all
	Platform string   // render only this platform branch; empty: all
	// BaseURL is the absolute URL the site is published at. It is used
	// only for canonical links, hreflang alternates and the sitemap; all
	// other links are relative.
	BaseURL string
	// ServedAt is the URL path a server shows the site under, such as
	// "/", where that is known and the base URL is not. The 404 page,
	// which a server shows at any depth, then links from it: a relative
	// link works only from the top folder.
	ServedAt string
	// Drafts renders draft articles too, with a banner: for a preview.
	Drafts bool
	// GitDates holds, by file, the date (YYYY-MM-DD) of the last commit
	// that changed the file, for the "last updated" date of the pages
	// whose file has no updated: date of its own; nil: none.
	GitDates map[string]string
	// Figures, unless nil, holds what the build's checks kept of the SVG
	// figures, which the site publishes without parsing them again.
	Figures *svg.Memo
}

// Put receives a file of the site: its slash-separated path in the site
// and its bytes, which it must not keep after it returns. It may be
// called from several goroutines at once.
type Put func(path string, data []byte) error

// CheckOptions reports options that kb.yaml's configuration cannot
// satisfy: a locale or platform it does not configure, or a base URL
// that is not a plain http or https address.
func CheckOptions(cfg *content.Config, opts Options) error {
	for _, l := range opts.Locales {
		if !cfg.HasLocale(l) {
			return fmt.Errorf("locale %q is not configured in kb.yaml (%s)%s", l, strings.Join(cfg.Locales, ", "), suggest.LocaleHint(l, cfg.Locales))
		}
	}
	if opts.Platform != "" && cfg.Platform(opts.Platform) == nil {
		var ids []string
		for _, p := range cfg.Platforms {
			ids = append(ids, p.ID)
		}
		return fmt.Errorf("platform %q is not configured in kb.yaml (%s)", opts.Platform, strings.Join(ids, ", "))
	}
	if opts.BaseURL != "" {
		return CheckBaseURL(opts.BaseURL)
	}
	return nil
}

// Renderer renders the pages of one build. Article pages may be rendered
// on every core at once; what pages share (images to publish, notes) is
// guarded by mu.
type Renderer struct {
	kb   *content.KB // nil once the pages are done (see PagesDone)
	cfg  *content.Config
	root string
	// linkable stands in for every article that pages link to: its
	// digest, which holds the titles they show, so that rendering reads
	// no article but the one whose page it renders.
	linkable map[string]*content.Article
	opts     Options
	locales  []string
	catalog  *i18n.Catalog
	theme    *theme.Theme
	baseURL  string
	servedAt string   // see Options.ServedAt
	sites    sync.Map // siteKey -> *siteView

	// realRoot is the content folder with its symbolic links resolved,
	// against which every image is checked: resolved once, not per image.
	realRoot func() (string, error)
	// realFolders holds the folders of images with their symbolic links
	// resolved (see realPath).
	realFolders sync.Map // folder -> realFolder
	// subfolders holds the names of the folders in each folder of
	// figures (see isFile).
	subfolders sync.Map // folder -> map[string]bool

	mu      sync.Mutex
	images  map[string]*imageRef    // by source file
	settled map[string]settledImage // by source file: the images published, no longer in images
	fresh   []string                // the files of images not yet taken (TakeImages)
	pages   int
	counts  sync.Map // locale -> JSON of search result counts
	labels  sync.Map // labelKey -> numbered label, formatted once per build
	related sync.Map // [section, locale] -> the section's entries (see sectionEntries)
}

type imageRef struct {
	probed        sync.Once
	path          string // in the site, slash-separated
	file          string
	width, height int
	hasSize       bool
	err           error
	fallback      string // what the last page that fell back to the file listed; under Renderer.mu
}

// settledImage is what is kept of an image once it is published: where
// the site has it, and its size, for a page of another article that
// shows the same file. A build of a large knowledge base publishes the
// images of each batch of articles as it goes, and an imageRef, with
// what its probe left, took three times as much.
type settledImage struct {
	path          string
	width, height int
	hasSize       bool
}

func (s settledImage) ref() *imageRef {
	return &imageRef{path: s.path, width: s.width, height: s.height, hasSize: s.hasSize}
}

// NewRenderer prepares the rendering of the knowledge base's site.
func NewRenderer(kb *content.KB, opts Options) (*Renderer, error) {
	if err := CheckOptions(kb.Config, opts); err != nil {
		return nil, err
	}
	r := &Renderer{kb: kb, cfg: kb.Config, root: kb.Root, opts: opts, images: map[string]*imageRef{}, settled: map[string]settledImage{}}
	r.realRoot = sync.OnceValues(func() (string, error) { return filepath.EvalSymlinks(r.root) })
	r.linkable = make(map[string]*content.Article, len(kb.Articles))
	for _, a := range kb.Articles {
		if !a.IsDigest() {
			a = a.Digest().Article() // a stand-in already is one
		}
		r.linkable[a.ID] = a
	}
	r.locales = kb.Config.Locales
	if len(opts.Locales) > 0 {
		r.locales = nil
		for _, l := range kb.Config.Locales {
			if slices.Contains(opts.Locales, l) {
				r.locales = append(r.locales, l)
			}
		}
	}
	if len(r.locales) == 0 {
		return nil, fmt.Errorf("no locales to build")
	}
	if opts.BaseURL != "" {
		r.baseURL = strings.TrimSuffix(opts.BaseURL, "/") + "/"
	}
	if opts.ServedAt != "" {
		r.servedAt = strings.TrimSuffix(opts.ServedAt, "/") + "/"
	}
	// The strings of every configured locale, not only of those built: a
	// text shown in its source language for want of a translation has its
	// references phrased in that language.
	catLocales := slices.Clone(r.locales)
	for _, l := range kb.Config.Locales {
		if !slices.Contains(catLocales, l) {
			catLocales = append(catLocales, l)
		}
	}
	cat, err := loadCatalog(locales.Layers(kb.Root), catLocales)
	if err != nil {
		return nil, err
	}
	r.catalog = cat
	t, diags := theme.Load(kb.Root)
	if t == nil {
		return nil, fmt.Errorf("the theme: %s", diags[0])
	}
	r.theme = t
	return r, nil
}

// PagesDone lets go of the knowledge base and of what the pages were
// built from: the stand-ins of the articles that pages link to, the
// navigation and the related-article lists. A build calls it once every
// page is written and every image published (see ImagesPublished), so
// that they are not held while the cache is saved, the last peak of a
// large build's memory. What is left answers Locales, Pages, Notes,
// ListingPages and SectionName; rendering a page after it is a mistake.
func (r *Renderer) PagesDone() {
	r.kb, r.linkable = nil, nil
	r.sites.Clear()
	r.related.Clear()
}

// ImagesPublished lets go of the record of each image the pages show,
// once every article page is written and TakeImages has returned every
// image: a build calls it before it writes the listing pages and the
// search indexes, the last peak of a large build's memory, where the
// records of a hundred thousand figures took a tenth of what was held.
// Publishing an image after it, or rendering an article page, is a
// mistake.
func (r *Renderer) ImagesPublished() {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.images, r.settled, r.fresh = nil, nil, nil
	r.realFolders.Clear()
	r.subfolders.Clear()
}

// ThemeOverrides says what the theme folder changes of kbc's templates
// and assets, one line each.
func (r *Renderer) ThemeOverrides() []string { return r.theme.Overrides }

// Locales returns the locales rendered, in the configured order.
func (r *Renderer) Locales() []string { return r.locales }

// HasBaseURL reports whether the site knows where it is published.
func (r *Renderer) HasBaseURL() bool { return r.baseURL != "" }

// Pages returns how many pages the renderer has rendered.
func (r *Renderer) Pages() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.pages
}

// loadCatalog returns the UI strings of the locales from the layers.
// The embedded catalogs alone are read once per list of locales: they
// never change, a catalog is only read once loaded, and a preview builds
// again and again. A knowledge base's own catalogs are read by every
// build, since a writer may have changed them.
func loadCatalog(layers i18n.Layers, ls []string) (*i18n.Catalog, error) {
	if len(layers) > 1 {
		return layers.Catalog(ls)
	}
	key := strings.Join(ls, ",")
	if c, ok := catalogs.Load(key); ok {
		return c.(*i18n.Catalog), nil
	}
	c, err := layers.Catalog(ls)
	if err != nil {
		return nil, err
	}
	catalogs.Store(key, c)
	return c, nil
}

var catalogs sync.Map // comma-separated locales -> *i18n.Catalog

// Article is what a rendered article page tells the build: what the home
// page and the search index take of it, the site paths of the images it
// shows, and the figures it shows with the source image.
type Article struct {
	ID, Title, Summary string // plain text
	// Lang names the language of a page in the source text for want of a
	// translation, and LangLabel says so in the page's locale; both are
	// empty for a page in its locale's language.
	Lang, LangLabel string
	BodyText        string // for the search index
	// Unlisted is set for a page kept off the home page, the search index
	// and the sitemap: one that sends the reader on to another article.
	Unlisted  bool
	SectionID string // the kb.yaml section it is listed in
	// Images lists the site paths of the images the page shows, and
	// Fallbacks the figures it shows with the source image for want of a
	// variant, as "KB1 figures/login.svg". Their strings are made by the
	// renderer, sharing no memory with the article's files, and a page
	// shares each image path with every other page that shows the image:
	// a build may keep them to its end at no cost but their own.
	Images    []string
	Fallbacks []string
}

// ArticlePage renders the page of article a in the locale and hands it to
// put. res is the article's derived structure, shared by its pages.
func (r *Renderer) ArticlePage(a *content.Article, res *resolve.Article, locale string, put Put) (Article, error) {
	if r.Publication(a, locale) == Moved {
		return Article{ID: a.ID, Unlisted: true}, r.writePage(ArticlePath(a.ID, locale), r.movedPage(a, locale), put)
	}
	for _, p := range a.Procedures {
		if in := p.Overflow(); in != nil {
			// Lint reports it; a rule set lower must not publish a
			// procedure with steps left out.
			return Article{}, fmt.Errorf("%s: procedure %s of %s is cut short: its page's includes go through more than %d steps and includes",
				in.Outermost().Pos, p.ID, a.ID, content.MaxShownSteps)
		}
	}
	v := r.buildArticle(a, res, locale)
	info := Article{ID: v.ID, Title: v.TitleText, Summary: v.SummaryText, BodyText: v.BodyText, SectionID: a.SectionID, Images: v.images, Fallbacks: v.fallbacks}
	if v.Untranslated {
		info.Lang = v.Lang
		info.LangLabel = inLanguage(r.catalog.Strings(locale), v.Lang)
	}
	return info, r.writePage(ArticlePath(a.ID, locale), r.articlePage(a, locale, v), put)
}

// inLanguage is what follows a title in lang shown to a reader of ui's
// locale, saying its language: " (in English)", the catalog's
// inLanguage.
func inLanguage(ui *i18n.Strings, lang string) string {
	return ui.With("inLanguage", map[string]any{"Language": i18n.LanguageName(lang, ui.Locale)})
}

// ArticlePath is the path in the site of an article's page in a locale.
func ArticlePath(id, locale string) string {
	return locale + "/" + strings.ToLower(id) + "/index.html"
}

// LocalePages renders the pages of a locale built from its article
// pages, articles: its home page and its category and section pages.
// They depend on nothing else but what every page of the site depends
// on, so that a build whose articles show the same in the locale may
// keep them as they are.
func (r *Renderer) LocalePages(locale string, articles []Article, put Put) error {
	entries := r.entries(articles)
	if err := r.writeHome(locale, entries, put); err != nil {
		return err
	}
	return r.writeListings(locale, entries, put)
}

// SitePages renders the files of the site as a whole: the language
// chooser at the root, the 404 page, the sitemap (with a base URL) and
// the assets.
func (r *Renderer) SitePages(put Put) error {
	if err := r.writePage("index.html", r.rootPage(), put); err != nil {
		return err
	}
	if err := r.writePage("404.html", r.notFoundPage(), put); err != nil {
		return err
	}
	if r.baseURL != "" {
		if err := put("sitemap.xml", r.sitemap()); err != nil {
			return err
		}
	}
	return r.publishAssets(put)
}

// labelKey names a numbered UI label in a locale, such as "Step 3".
type labelKey struct {
	locale, id string
	n          int
}

// numbered returns ui.Numbered(id, n, nil), formatted once per build: a
// message template costs more than the page text around it, and pages
// repeat the same few labels thousands of times.
func (r *Renderer) numbered(ui *i18n.Strings, id string, n int) string {
	k := labelKey{ui.Locale, id, n}
	if l, ok := r.labels.Load(k); ok {
		return l.(string)
	}
	l := ui.Numbered(id, n, nil)
	r.labels.Store(k, l)
	return l
}

// choiceLabel returns the label of the choice at index (0 for "a") of
// step n, such as "1.a", formatted once per build.
func (r *Renderer) choiceLabel(ui *i18n.Strings, n, index int) string {
	letter := strconv.Itoa(index + 1) // past the locale's letters
	if letters := strings.Fields(ui.T("choiceLetters")); index < len(letters) {
		letter = letters[index]
	}
	k := labelKey{ui.Locale, "choiceLabel " + letter, n}
	if l, ok := r.labels.Load(k); ok {
		return l.(string)
	}
	l := ui.With("choiceLabel", map[string]any{"N": n, "Letter": letter})
	r.labels.Store(k, l)
	return l
}

func (r *Renderer) writePage(rel string, p *page, put Put) error {
	buf := pageBuffers.Get().(*bytes.Buffer)
	defer releasePageBuffer(buf)
	if err := r.theme.Execute(buf, "page", p); err != nil {
		return fmt.Errorf("rendering %s: %w", rel, err)
	}
	r.mu.Lock()
	r.pages++
	r.mu.Unlock()
	return put(rel, buf.Bytes())
}

// pageBuffers hold pages while they are rendered and written: put keeps
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

// publishAssets hands put the theme's assets, the stylesheet of kb.yaml's
// colours, and kb.yaml's logo and favicon as the site publishes them:
// an SVG as package svg's allow-list keeps it, a PNG once its format is
// checked.
func (r *Renderer) publishAssets(put Put) error {
	if err := r.theme.Assets(put); err != nil {
		return err
	}
	s := r.cfg.Site
	if s == nil || s.Logo == nil && s.Favicon == nil {
		// kbc's icon is the site's: answer for it where browsers and
		// crawlers ask unasked.
		png, err := fs.ReadFile(sitefiles.FS, defaultFaviconPNG)
		if err != nil {
			return err
		}
		if err := put(faviconICO, icoOf(png)); err != nil {
			return err
		}
	}
	if s == nil {
		return nil
	}
	if css := theme.ColorsCSS(s); css != nil {
		if err := put(theme.ColorsFile, css); err != nil {
			return err
		}
	}
	if s.Logo != nil {
		if err := r.publishSiteFile(s.Logo, theme.LogoFile, put); err != nil {
			return err
		}
	}
	if f := s.Favicon; f != nil {
		if err := r.publishSiteFile(f, theme.FaviconFile(f), put); err != nil {
			return err
		}
		if !isSVG(f.Path) {
			return withFileBytes(r.siteFile(f), func(png []byte) error { return put(faviconICO, icoOf(png)) })
		}
	}
	return nil
}

// publishSiteFile publishes a file kb.yaml names at a path of the site.
func (r *Renderer) publishSiteFile(f *content.SiteFile, to string, put Put) error {
	file := r.siteFile(f)
	return withFileBytes(file, func(data []byte) error {
		published, err := publishedImage(file, data, nil)
		if err != nil {
			return err
		}
		return put(to, published)
	})
}

// image returns where the figure's image for the locale is published,
// recording the file to publish. A locale without its own variant gets
// the source image, and the fallback is returned for the page to list,
// as "KB1 figures/login.svg". The first page to show a file resolves and
// measures it, outside the lock, so that pages on other cores measure
// other files meanwhile.
func (r *Renderer) image(a *content.Article, f *content.Figure, locale string) (ref *imageRef, fallback string) {
	file, localized := a.FigureFile(f, locale, r.isFile)
	r.mu.Lock()
	ref, known := r.images[file]
	if !known {
		if s, ok := r.settled[file]; ok {
			r.mu.Unlock()
			if !localized {
				fallback = a.ID + " " + f.Src
			}
			return s.ref(), fallback
		}
		ref = &imageRef{file: file}
		r.images[file] = ref
		r.fresh = append(r.fresh, file)
	}
	if !localized {
		// Each page that falls back to the file lists it in the same
		// words, which the build keeps to its end: one string for them
		// all, rather than one per page and figure.
		fallback = ref.fallback
		if !isFallback(fallback, a.ID, f.Src) {
			fallback = a.ID + " " + f.Src
			ref.fallback = fallback
		}
	}
	r.mu.Unlock()
	ref.probed.Do(func() { ref.probe(r.root, r.realRoot, r.realPath, a, f) })
	if ref.err != nil {
		return nil, fallback
	}
	return ref, fallback
}

// isFallback reports whether s is the fallback a page lists for the
// figure src of article id: "id src".
func isFallback(s, id, src string) bool {
	return len(s) == len(id)+1+len(src) && s[:len(id)] == id && s[len(id)] == ' ' && s[len(id)+1:] == src
}

// probe checks that the image file lies inside the content folder, once
// symbolic links are resolved, and reads its size. realRoot returns root
// with its links resolved, realPath a file's path with its links resolved.
func (ref *imageRef) probe(root string, realRoot func() (string, error), realPath func(string) (string, error), a *content.Article, f *content.Figure) {
	rel, err := filepath.Rel(root, ref.file)
	if err != nil || !filepath.IsLocal(rel) {
		ref.err = fmt.Errorf("figure %s of %s: %s lies outside the content folder", f.ID, a.ID, f.Src)
		return
	}
	if real, err := realPath(ref.file); err == nil {
		if rootReal, err := realRoot(); err == nil {
			if rr, err := filepath.Rel(rootReal, real); err != nil || !filepath.IsLocal(rr) {
				ref.err = fmt.Errorf("figure %s of %s: %s leads outside the content folder", f.ID, a.ID, f.Src)
				return
			}
		}
	}
	w, h, hasSize, err := imageFileSize(ref.file)
	if err != nil {
		ref.err = fmt.Errorf("figure %s of %s: %w", f.ID, a.ID, err)
		return
	}
	ref.path = "media/" + filepath.ToSlash(rel)
	ref.width, ref.height, ref.hasSize = w, h, hasSize
}

// isFile reports whether path is a regular file, as content.IsRegularFile
// does. Every page that shows a figure asks for its variant in the page's
// locale, such as figures/fr/login.svg, and most variants are not there:
// where the folder above the file's folder holds no such folder (figures
// has no fr), the file is not there either, and one listing per build
// answers for every figure and locale of an article.
func (r *Renderer) isFile(path string) bool {
	dir := filepath.Dir(path)
	if names := r.foldersIn(filepath.Dir(dir)); names != nil && !names[filepath.Base(dir)] {
		return false
	}
	return content.IsRegularFile(path)
}

// noFolders is what foldersIn keeps for a folder with no folder in it,
// as nearly every folder of figures is: one map for all.
var noFolders = map[string]bool{}

// foldersIn returns the names of the folders, and of the links, in the
// folder, listed once per build; nil when it cannot be listed, and
// nothing may be told from it.
func (r *Renderer) foldersIn(folder string) map[string]bool {
	if v, ok := r.subfolders.Load(folder); ok {
		return v.(map[string]bool)
	}
	var names map[string]bool
	if entries, err := os.ReadDir(folder); err == nil {
		names = noFolders
		for _, e := range entries {
			if e.IsDir() || e.Type()&fs.ModeSymlink != 0 {
				if len(names) == 0 {
					names = map[string]bool{}
				}
				names[e.Name()] = true
			}
		}
	}
	v, _ := r.subfolders.LoadOrStore(folder, names)
	return v.(map[string]bool)
}

// realFolder is a folder's path with its symbolic links resolved, or why
// it could not be resolved.
type realFolder struct {
	path string
	err  error
}

// realPath returns the file's path with its symbolic links resolved, as
// filepath.EvalSymlinks does, resolving each folder once per build: a
// file that is not a link lies where its folder resolves to, and
// resolving costs a system call for every element of the path, for each
// of thousands of images in a few folders each.
func (r *Renderer) realPath(file string) (string, error) {
	st, err := os.Lstat(file)
	if err != nil {
		return "", err
	}
	if st.Mode()&fs.ModeSymlink != 0 {
		return filepath.EvalSymlinks(file)
	}
	dir := filepath.Dir(file)
	v, ok := r.realFolders.Load(dir)
	if !ok {
		var f realFolder
		f.path, f.err = filepath.EvalSymlinks(dir)
		v, _ = r.realFolders.LoadOrStore(dir, f)
	}
	f := v.(realFolder)
	if f.err != nil {
		return "", f.err
	}
	return filepath.Join(f.path, filepath.Base(file)), nil
}

// TakeImages returns, sorted, the image files the pages rendered so far
// show that no call returned before: a build publishes the images of a
// batch of pages once they are written.
func (r *Renderer) TakeImages() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	files := r.fresh
	r.fresh = nil
	sort.Strings(files)
	return files
}

// PublishImage hands put what the site publishes of an image file that
// TakeImages returned.
func (r *Renderer) PublishImage(file string, put Put) error {
	r.mu.Lock()
	ref := r.images[file]
	r.mu.Unlock()
	if ref == nil {
		return fmt.Errorf("%s is not an image of the site", file)
	}
	if ref.err != nil {
		return ref.err
	}
	err := withFileBytes(ref.file, func(data []byte) error {
		published, err := publishedImage(ref.file, data, r.opts.Figures)
		if err != nil {
			return err
		}
		return put(ref.path, published)
	})
	if err == nil {
		r.settle(file, ref)
	}
	return err
}

// settle keeps of a published image only what pages showing it later
// need.
func (r *Renderer) settle(file string, ref *imageRef) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.settled == nil {
		return // ImagesPublished was called
	}
	r.settled[file] = settledImage{path: ref.path, width: ref.width, height: ref.height, hasSize: ref.hasSize}
	delete(r.images, file)
}

// publishedImage returns what the site publishes for an image file: for
// an SVG, what package svg's allow-list keeps of it, written anew, from
// figures if it holds it; for a raster image, its bytes once its format
// is checked. A file either check refuses is an error and is not
// published: a figure that lint refuses must not reach the site even if
// the build was not linted.
func publishedImage(file string, data []byte, figures *svg.Memo) ([]byte, error) {
	ext := filepath.Ext(file)
	switch {
	case strings.EqualFold(ext, ".svg"):
		out, problems := figures.Publish(data)
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

// Notes are what the publisher should know of the site rendered that a
// build's summary does not count, such as a missing base URL.
func (r *Renderer) Notes() []string {
	if r.baseURL == "" && r.servedAt == "" {
		return []string{"no --base-url: sitemap.xml and canonical links were not written; hreflang alternates are relative; the 404 page's links work from the site's top folder only"}
	}
	if r.baseURL == "" {
		return []string{"no --base-url: sitemap.xml and canonical links were not written; hreflang alternates are relative"}
	}
	return nil
}

// An ArticleLink is how a page links to an article: the article's title
// in the page's locale, or in its source locale where it has no
// translation (Lang says which), and the way to it.
type ArticleLink struct {
	Title, Lang, Href string
}

// ArticleLink returns the link to the article id from a page of the
// locale at prefix depth: an article of this knowledge base, or an
// external one from kb.yaml.
//
// A link to a retired article goes to the article that replaces it, and
// a link to an article with no page in the locale (fallback: omit) to its
// page in its source locale.
func (r *Renderer) ArticleLink(id, locale, prefix string) (ArticleLink, bool) {
	if a := r.linkable[id]; a != nil {
		if a.Status == content.Retired {
			if a = r.replacement(a); a == nil {
				return ArticleLink{}, false
			}
		}
		lt, translated, _ := a.Localize(a.Title, locale)
		l := ArticleLink{Title: render.PlainText(lt.Value, nil), Lang: locale, Href: articleHref(prefix, a.ID)}
		if !translated {
			l.Lang = a.Lang
		}
		if r.Publication(a, locale) == Omitted {
			l.Href = prefix + "../" + siteURL(ArticlePath(a.ID, a.Lang))
		}
		return l, true
	}
	if e := r.cfg.ExternalRef(id); e != nil {
		t, lang := e.Title(locale, r.cfg.SourceLocale)
		return ArticleLink{Title: render.PlainText(t.Value, nil), Lang: lang, Href: e.URL}, true
	}
	return ArticleLink{}, false
}

// leadsToAnchor reports whether a link to a part of the article id (its
// anchor) finds that part on the page it leads to. A retired article's
// link leads to its replacement, which may not have the part: the link
// then goes to the top of the replacement's page rather than to a
// fragment it lacks.
func (r *Renderer) leadsToAnchor(id, anchor string) bool {
	anchors, moved := r.MovedAnchors(id)
	if !moved {
		return true
	}
	_, found := slices.BinarySearch(anchors, anchor)
	return found
}

// MovedAnchors returns, for a retired article id, the anchors, sorted, of
// the article its links lead to instead, on which a link to a part of
// it depends (see leadsToAnchor); moved is false for any other id.
func (r *Renderer) MovedAnchors(id string) (anchors []string, moved bool) {
	a := r.linkable[id]
	if a == nil || a.Status != content.Retired {
		return nil, false
	}
	if a = r.replacement(a); a == nil {
		return nil, true
	}
	return a.Anchors(), true
}

// refText renders references as text only, for titles and descriptions.
func (r *Renderer) refText(locale string) render.Resolver {
	return func(ref render.Ref) render.Link {
		switch ref.Kind {
		case content.RefArticle:
			if l, ok := r.ArticleLink(ref.Target, locale, ""); ok {
				return render.Link{Text: l.Title}
			}
		case content.RefVariable:
			return render.Link{Text: r.variableLink(ref.Target, locale).Text}
		}
		return render.Link{Text: ref.Target}
	}
}
