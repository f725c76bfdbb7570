package build

import (
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/kbcdev/kbc/internal/buildcache"
	"github.com/kbcdev/kbc/internal/content"
	"github.com/kbcdev/kbc/internal/incremental"
	"github.com/kbcdev/kbc/internal/output"
	"github.com/kbcdev/kbc/internal/search"
	"github.com/kbcdev/kbc/internal/site"
	"github.com/kbcdev/kbc/locales"
	sitefiles "github.com/kbcdev/kbc/site"
)

// Files of the cache folder.
const (
	stateFile = "state" // small: enough to tell that nothing changed
	pagesFile = "pages" // per page: input key and what other pages need of it
)

// Why a build does not use the cache, as its summary says, where the
// cache folder's files and a Memory give the same reason.
const (
	noCache  = "no cache yet"
	otherKey = "cache ignored: written by another kbc, with other options, for another folder, or with other UI catalogs (locales/)"
)

// isCacheFile reports whether the file at path is one a build writes into
// its cache folder: a manifest under one of the names above.
func isCacheFile(path string) bool {
	switch filepath.Base(path) {
	case stateFile, pagesFile, foldersFile:
		return buildcache.IsManifest(path)
	}
	return false
}

// state is what a build remembers to decide, before loading anything,
// that the site is up to date.
type state struct {
	Key       string // the tool, the options, the content and output folders
	ScannedAt time.Time
	Tree      buildcache.Tree // the content folder
	// Output is the site folder as the build left it: the stat data of
	// every entry (buildcache.List). A site touched since, a file written,
	// removed or added, no longer matches.
	Output  buildcache.Tree
	Summary Summary // of the build that wrote the site
	// PagesSum and FoldersSum are the checksums of the pages and folders
	// written with this state (buildcache.SaveSum): a pages or folders
	// file from another build, such as an older copy put back, describes
	// another site, and is not used.
	PagesSum, FoldersSum string
}

// pages is what a build remembers of each page it wrote.
type pages struct {
	Key     string             // as state.Key
	Records map[string]record  // by site path of the article page
	Files   map[string]outFile // every file of the site
	Terms   []string           // the vocabulary the records' terms are numbered in
	// Locales holds, by locale, the files built from the records of the
	// locale's pages, and what they were built from (see localeFiles).
	Locales map[string]localeFiles
}

// localeFiles are the files of a locale built from the records of all
// its article pages: its home page, its category and section pages, and
// its search index. Key fingerprints what they were built from (see
// builder.localeKeys); Files lists them, sorted.
type localeFiles struct {
	Key   string
	Files []string
}

// record is one article page in one locale: the key of everything its
// HTML depends on, and what the pages built from every article (home,
// search index) need of it, so that an unchanged page is not rendered
// again to get them.
type record struct {
	Input     string
	Doc       pageDoc
	Images    []string // site paths of the images it shows
	Fallbacks []string // figures it shows with the source image
}

// detached returns a copy of the record that shares no memory with the
// article it was rendered from: a page's strings may be slices of the
// article's files, which the record, kept to the end of the build, would
// otherwise keep whole. The lists of images and fallbacks are the
// renderer's own strings already (see site.Article), and the same image
// path is shared by every page that shows it; they are kept as they are,
// but empty as nil, as the cache reads one back.
func (r record) detached() record {
	d := &r.Doc
	for _, s := range []*string{&r.Input, &d.ID, &d.Title, &d.Summary, &d.Lang, &d.LangLabel, &d.SectionID} {
		*s = strings.Clone(*s)
	}
	r.Images, r.Fallbacks = nilIfEmpty(r.Images), nilIfEmpty(r.Fallbacks)
	return r
}

func nilIfEmpty(list []string) []string {
	if len(list) == 0 {
		return nil
	}
	return list
}

// pageDoc is what the home page and the search index take of an article
// page: its title and summary as text, and the search terms of its title
// (with the id) and of its body, each term once, by their numbers in the
// build's vocabulary.
type pageDoc struct {
	ID, Title, Summary    string
	Lang, LangLabel       string // of a page in the source text (site.Article)
	Unlisted              bool   // kept off the home page and search
	SectionID             string // the kb.yaml section it is listed in
	TitleTerms, BodyTerms search.TermSet
}

// cacheKey identifies a build's tool, options and folders: a cache written
// under another key is ignored.
func cacheKey(root string, opts Options) (string, error) {
	tool, err := buildcache.ToolKey(sitefiles.FS, locales.FS)
	if err != nil {
		return "", err
	}
	absRoot, err := filepath.Abs(root)
	if err != nil {
		return "", err
	}
	absOut, err := filepath.Abs(opts.Out)
	if err != nil {
		return "", err
	}
	k := buildcache.NewHasher()
	k.Add("tool", tool)
	k.Add("folders", absRoot, absOut)
	k.Add("locales", opts.Locales...)
	k.Add("platform", opts.Platform)
	k.Add("base-url", opts.BaseURL, opts.ServedAt)
	k.Add("drafts", fmt.Sprint(opts.Drafts))
	k.Add("ui-catalogs", locales.LocalTexts(root)...)
	// A commit can change a date without changing a file's content.
	for _, f := range slices.Sorted(maps.Keys(opts.GitDates)) {
		k.Add("git-date", f, opts.GitDates[f])
	}
	return k.Sum(), nil
}

// UpToDate reports whether the site in opts.Out is what a build of the
// content folder root would write, judging by the cache in opts.Cache
// alone (see Plan.UpToDate). It reads no article, so it answers in the
// time it takes to list the content folder.
func UpToDate(root string, opts Options) (*Summary, bool) {
	start := time.Now()
	p, err := NewPlan(root, opts)
	if err != nil {
		return nil, false
	}
	defer p.Close()
	sum, ok := p.UpToDate()
	if ok {
		sum.Duration = time.Since(start)
	}
	return sum, ok
}

// previous is what the cache says of the last build, once it is known
// to describe the site as that build left it (see readPrevious).
type previous struct {
	state state
	pages pages
	// changed holds the files of the site, by path, that are not as the
	// last build left them; intact is set when nothing in the site
	// changed at all.
	changed map[string]bool
	intact  bool
	// site is the site folder as it is now (buildcache.List).
	site buildcache.Tree
}

// damaged reports whether the site's copy of the page at path, or of an
// image it shows, is not as the last build left it.
func (prev *previous) damaged(path string, r record) bool {
	if prev.changed[path] {
		return true
	}
	for _, f := range r.Images {
		if prev.changed[f] {
			return true
		}
	}
	return false
}

// intactFiles returns the files the last build wrote that the site still
// has as it left them.
func (prev *previous) intactFiles() map[string]outFile {
	if len(prev.changed) == 0 {
		return prev.pages.Files
	}
	files := make(map[string]outFile, len(prev.pages.Files))
	for p, f := range prev.pages.Files {
		if !prev.changed[p] {
			files[p] = f
		}
	}
	return files
}

// previous reads the pages the last build recorded and checks that the
// cache describes the site now in opts.Out, built with this key. Whatever
// does not fit is a reason to build from scratch, never an error. It is
// read once, and shared by Load and Build.
func (p *Plan) previous() (*previous, string) {
	if !p.prevRead {
		p.prevRead = true
		p.prev, p.why = p.readPrevious()
		p.forgetLastTrees()
	}
	return p.prev, p.why
}

// readState reads the state the last build left in the cache folder, if
// it was written under key and passes its check; else it says why not.
func readState(cacheDir, key string) (*state, string) {
	var st state
	if err := buildcache.Load(filepath.Join(cacheDir, stateFile), &st); err != nil {
		if errors.Is(err, buildcache.ErrNoCache) {
			return nil, noCache
		}
		return nil, "cache ignored: " + err.Error()
	}
	if st.Key != key {
		return nil, otherKey
	}
	if err := st.check(); err != nil {
		return nil, "cache ignored: " + err.Error()
	}
	return &st, ""
}

func (p *Plan) readPrevious() (*previous, string) {
	if output.JournalExists(p.opts.Cache) {
		return nil, "an earlier build stopped while updating the site"
	}
	if p.st == nil {
		return nil, p.why
	}
	prev := &previous{state: *p.st}
	var why string
	if prev.pages, why = p.lastPages(); why != "" {
		return nil, why
	}
	now, err := p.listOutput()
	if errors.Is(err, fs.ErrNotExist) {
		return nil, "cache ignored: the site folder was removed since the last build"
	}
	if err != nil {
		return nil, "cache ignored: " + err.Error()
	}
	prev.site = now
	prev.changed = prev.state.Output.Changed(now)
	if prev.changed[output.MarkerFile] {
		// Every build writes the marker: another build replaced the site.
		return nil, "cache ignored: the site folder was changed since the last build"
	}
	prev.intact = len(prev.changed) == 0 && now.SameStat(prev.state.Output)
	return prev, ""
}

// forgetLastTrees lets go of the content and site trees the last build's
// state recorded, once the content folder is scanned and the site
// compared with them (readPrevious): the build goes on from the trees as
// they are now, and saves those. Read from the cache, the two held 85 MB
// of a build after an edit at 20,000 articles, to its end, where its
// live heap is largest. The plan is then no longer up to date
// (UpToDate): it has gone on to build.
func (p *Plan) forgetLastTrees() {
	if p.st != nil {
		p.st.Tree, p.st.Output = nil, nil
	}
	if p.prev != nil {
		p.prev.state.Tree, p.prev.state.Output = nil, nil
	}
}

// lastPages returns the pages the last build left with its state, once
// they pass their checks; else it says why not.
func (p *Plan) lastPages() (pages, string) {
	var pg pages
	if m := p.opts.Memory; m != nil {
		var ok bool
		if pg, ok = m.lastPages(); !ok {
			return pages{}, noCache
		}
	} else {
		sum, err := buildcache.LoadSum(filepath.Join(p.opts.Cache, pagesFile), &pg)
		if err != nil {
			if errors.Is(err, buildcache.ErrNoCache) {
				return pages{}, noCache
			}
			return pages{}, "cache ignored: " + err.Error()
		}
		if sum != p.st.PagesSum {
			return pages{}, "cache ignored: its pages were not written with its state"
		}
	}
	switch {
	case pg.Key != p.key:
		return pages{}, otherKey
	case pg.Records == nil || pg.Files == nil:
		return pages{}, "cache ignored: it is incomplete"
	}
	if p.opts.Memory == nil {
		if err := pg.check(); err != nil {
			return pages{}, "cache ignored: " + err.Error()
		}
	}
	return pg, ""
}

// listOutput lists the site folder as it is now, once per plan.
func (p *Plan) listOutput() (buildcache.Tree, error) {
	if !p.outListed {
		p.outListed = true
		p.out, p.outErr = buildcache.List(p.opts.Out)
	}
	return p.out, p.outErr
}

// pageInputs returns the input key of every article page: the content of
// the article's files and of the figure files it may show, the titles of
// the articles it links to and of those it lists as related, its date,
// and what every page depends on (kb.yaml and the files it names, the
// theme, the locales built, the tool and options).
//
// The pages of an article that is a digest are kept: their key is the one
// the last build recorded, since nothing they depend on changed. Those of
// an article set aside are left out: the build works them out once it
// loads the article again (see articleInputs).
func (b *builder) pageInputs(key string, tree buildcache.Tree, byDir map[string][]string, prev *previous) map[string]string {
	common := buildcache.NewHasher()
	common.Add("key", key)
	common.Add("kb.yaml", configKey(b.kb.Config, tree))
	common.Add("locales", b.r.Locales()...)
	for _, f := range siteFiles(b.kb.Config, tree) {
		common.Add("site", f, tree[f].Sum)
	}
	b.commonKey, b.tree, b.byDir = common.Sum(), tree, byDir

	inputs := map[string]string{}
	for _, a := range b.kb.Articles {
		switch {
		case a.IsSetAside():
		case a.IsDigest():
			for _, l := range b.pageLocales(a) {
				if prev != nil {
					if r, ok := prev.pages.Records[articlePath(a, l)]; ok {
						inputs[articlePath(a, l)] = r.Input
					}
				}
			}
		default:
			maps.Copy(inputs, b.articleInputs(a))
		}
	}
	return inputs
}

// articleInputs returns the input key of each page of an article loaded
// whole (see pageInputs).
func (b *builder) articleInputs(a *content.Article) map[string]string {
	inputs := map[string]string{}
	files := b.articleFiles(a)
	refs := a.Refers()
	for _, l := range b.pageLocales(a) {
		h := buildcache.NewHasher()
		h.Add("common", b.commonKey)
		h.Add("page", a.ID, l)
		h.Add("files", files...)
		for _, id := range refs {
			link, ok := b.r.ArticleLink(id, l, "")
			h.Add("link", id, link.Title, link.Lang, link.Href, fmt.Sprint(ok))
			if anchors, moved := b.r.MovedAnchors(id); moved {
				h.Add("moved-anchors", anchors...) // a link to a part of id keeps the part only if they have it
			}
		}
		for _, e := range b.r.Related(a, l) {
			h.Add("related", e.ID, e.Title, e.Href, e.Lang)
		}
		h.Add("updated", b.r.Updated(a, l))
		inputs[articlePath(a, l)] = h.Sum()
	}
	return inputs
}

// siteFiles lists, sorted, the files of the content folder that every
// page shows or links to besides kb.yaml: the theme's, and the logo and
// favicon kb.yaml names.
func siteFiles(cfg *content.Config, tree buildcache.Tree) []string {
	var out []string
	for p := range tree {
		if strings.HasPrefix(p, content.ThemeDir+"/") {
			out = append(out, p)
		}
	}
	if s := cfg.Site; s != nil {
		for _, f := range []*content.SiteFile{s.Logo, s.Favicon} {
			if f != nil {
				out = append(out, f.Path)
			}
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// articleFiles lists path and hash of every file in the article's folder
// and of every figure file it names outside it.
func (b *builder) articleFiles(a *content.Article) []string {
	var out []string
	rel, err := filepath.Rel(b.kb.Root, a.Dir)
	if err != nil {
		return []string{"unknown folder", a.Dir}
	}
	rel = filepath.ToSlash(rel)
	files, outside := b.byDir[rel], incremental.OutsideFiles(a, rel, b.r.Locales())
	for _, p := range files {
		out = append(out, p, b.tree[p].Sum)
	}
	for _, p := range outside {
		out = append(out, p, b.tree[p].Sum)
	}
	if !b.tree.AnyLinked(files) && !b.tree.AnyLinked(outside) {
		return out
	}
	// A figure reached through a symbolic link shows what the link leads
	// to, which the tree does not hash: the page depends on its content.
	for _, f := range a.Figures {
		for _, n := range content.FigurePaths(f.Src, b.r.Locales()) {
			if q := path.Join(rel, n); b.tree.Linked(q) {
				out = append(out, "linked", q, linkedSum(filepath.Join(b.kb.Root, filepath.FromSlash(q))))
			}
		}
	}
	return out
}

// linkedSum returns the hash of the file at p, following links, or why it
// cannot be read: either way a change is a change of the page's input.
func linkedSum(p string) string {
	sum, err := buildcache.FileSum(p)
	if err != nil {
		return "unreadable: " + err.Error()
	}
	return sum
}

func articlePath(a *content.Article, locale string) string {
	return site.ArticlePath(a.ID, locale)
}

func pagePath(id, locale string) string { return site.ArticlePath(id, locale) }
