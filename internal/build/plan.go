package build

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	"github.com/kbcdev/kbc/internal/buildcache"
	"github.com/kbcdev/kbc/internal/content"
	"github.com/kbcdev/kbc/internal/diag"
	"github.com/kbcdev/kbc/internal/incremental"
	"github.com/kbcdev/kbc/internal/lint"
	"github.com/kbcdev/kbc/internal/output"
	"github.com/kbcdev/kbc/internal/site"
	"github.com/kbcdev/kbc/internal/svg"
)

// foldersFile is the cache file that remembers each article folder.
const foldersFile = "folders"

// folders is what a build remembers of every article folder, so that the
// next build loads and checks only the folders whose inputs changed and
// those that refer to what changed (package incremental).
type folders struct {
	Key     string // as state.Key, and kb.yaml's hash
	Folders map[string]incremental.Folder
}

// Plan is a build with a cache, prepared before anything is loaded: what
// the cache of the last build says, and the content tree as it is now.
// A Plan decides which article folders must be loaded and checked (Load)
// and renders the site (Build).
type Plan struct {
	root      string
	cfg       *content.Config // kb.yaml, when it loads without errors
	opts      Options
	key       string
	tree      buildcache.Tree
	scannedAt time.Time
	st        *state // the last build's state, nil if unusable
	why       string // why the cache is not used, when it is not
	// foldersWhy says why the folders the last build left are not used
	// while the rest of its cache is: every folder is loaded again.
	foldersWhy string
	// The last build's pages, read once when first needed (previous).
	prev     *previous
	prevRead bool
	// lintWarnings counts the warnings of the checks Load made, which
	// the build's summary, saved in the cache, carries.
	lintWarnings int
	scan         *incremental.Content // the content tree, by article folder
	// Filled in by Load: the folders as this build leaves them, and
	// whether they may be trusted by the next build.
	folders map[string]incremental.Folder
	loaded  bool
	locks   []*output.Lock // of the site and cache folders, until Close
	// The site folder as it is before the build, listed once (listOutput).
	out       buildcache.Tree
	outErr    error
	outListed bool
	// The inodes of the site the last build kept aside, listed while the
	// build loads (see listSpare).
	spare chan buildcache.Tree
	// early is the whole build renderEarly began while Load checked the
	// knowledge base, until Build takes it or Close drops it.
	early *builder
	// figures are the SVG figures LoadChecked's checks sanitized.
	figures *svg.Memo
}

// NewPlan refuses a site folder that is not kbc's to replace (see
// output.CheckTarget) and a cache folder that is not kbc's to write into
// (output.ClaimCache), takes the locks of the site folder and of the cache
// folder, reads the cache in opts.Cache, if any, and fingerprints the
// content tree under root. An output folder that is a symbolic link
// stands for the folder it leads to (output.SiteFolder), which the build
// replaces, the link staying as it is.
//
// The locks keep other kbc processes out of the two folders until the
// plan is closed: by Build when it ends, or by Close for a plan that does
// not build. Another process holding them is waited for (see
// Options.Waiting).
func NewPlan(root string, opts Options) (*Plan, error) {
	out, err := output.SiteFolder(opts.Out)
	if err != nil {
		return nil, &UsageError{Err: err}
	}
	opts.Out = out
	p := &Plan{root: root, opts: opts}
	if err := p.checkOptions(); err != nil {
		return nil, &UsageError{Err: err}
	}
	if err := output.CheckTarget(opts.Out, root); err != nil {
		return nil, &UsageError{Err: err}
	}
	if opts.Cache != "" {
		if err := output.ClaimCache(opts.Cache, opts.Out, root, isCacheFile); err != nil {
			return nil, &UsageError{Err: err}
		}
	}
	if err := p.lock(); err != nil {
		return nil, err
	}
	if err := p.readCache(); err != nil {
		p.Close()
		return nil, err
	}
	return p, nil
}

// checkOptions refuses options that kb.yaml cannot satisfy before
// anything else is read, and keeps the configuration. A kb.yaml that does not load is left to Load to
// report with its findings.
func (p *Plan) checkOptions() error {
	cfg, diags := content.LoadConfig(p.root)
	if diags.HasErrors() {
		return site.CheckBaseURL(p.opts.BaseURL)
	}
	p.cfg = cfg
	return site.CheckOptions(cfg, p.opts.render())
}

// lock takes the locks of the site folder and then of the cache folder:
// every kbc takes them in this order, so that no two wait for each other.
func (p *Plan) lock() error {
	waiting := func(folder string) func() {
		if p.opts.Waiting == nil {
			return nil
		}
		return func() { p.opts.Waiting(folder) }
	}
	l, err := output.LockSite(p.opts.Out, waiting(p.opts.Out))
	if err != nil {
		return err
	}
	p.locks = append(p.locks, l)
	if p.opts.Cache == "" {
		return nil
	}
	if l, err = output.LockFolder(p.opts.Cache, waiting(p.opts.Cache)); err != nil {
		p.Close()
		return err
	}
	p.locks = append(p.locks, l)
	return nil
}

// Close lets other kbc processes into the plan's folders. Build closes
// the plan itself; closing it again does nothing.
func (p *Plan) Close() error {
	p.spareInodes() // not to read the folder once another process may write it
	p.dropEarly()
	var errs []error
	for _, l := range p.locks {
		errs = append(errs, l.Release())
	}
	p.locks = nil
	return errors.Join(errs...)
}

// readCache reads the cache of the last build, if it may be trusted for
// this one, and fingerprints the content tree.
func (p *Plan) readCache() error {
	root, opts := p.root, p.opts
	if opts.Cache == "" {
		return nil
	}
	key, err := cacheKey(root, opts)
	if err != nil {
		return err
	}
	p.key = key
	// The plan holds the cache folder's lock: a manifest being written is
	// one a killed build left.
	if err := buildcache.RemovePrepared(opts.Cache); err != nil {
		return err
	}
	if p.hasState() {
		// A state is compared with the site folder too: list the folder
		// while the state is read and the content folder scanned, as the
		// listing waits on the file system and reading the state does not.
		// A state that turns out unfit leaves the listing unused.
		listed := make(chan struct{})
		go func() {
			defer close(listed)
			p.listOutput()
		}()
		defer func() { <-listed }()
	}
	var prevTree buildcache.Tree
	var prevAt time.Time
	if p.st, p.why = p.lastState(); p.st != nil {
		prevTree, prevAt = p.st.Tree, p.st.ScannedAt
	}
	if l := opts.Listing; l != nil && l.Root == root {
		p.scannedAt = l.At
		p.tree, err = buildcache.ScanListing(l, prevTree, prevAt)
	} else {
		p.scannedAt = time.Now()
		p.tree, err = buildcache.Scan(root, prevTree, prevAt)
	}
	if err != nil {
		return err
	}
	p.scan = incremental.NewContent(root, p.tree)
	return nil
}

// hasState reports whether the last build left a state, fit or not.
func (p *Plan) hasState() bool {
	if m := p.opts.Memory; m != nil {
		return m.state != nil
	}
	_, err := os.Lstat(filepath.Join(p.opts.Cache, stateFile))
	return err == nil
}

// lastState returns the state of the last build, if it was a build
// under the plan's key and passes its check; else it says why not.
func (p *Plan) lastState() (*state, string) {
	if m := p.opts.Memory; m != nil {
		return m.lastState(p.key)
	}
	return readState(p.opts.Cache, p.key)
}

// UpToDate reports whether the site in opts.Out is what a build would
// write: the content files, kbc itself and the options are those of the
// build that wrote the site, and the site was not touched since: every
// entry of the site folder has the stat data that build recorded (no
// file is read). The summary is that of the build that wrote the site.
func (p *Plan) UpToDate() (*Summary, bool) {
	// Once the last build's pages are read, its trees are dropped
	// (forgetLastTrees): the plan has gone on to build.
	if p.st == nil || p.prevRead || !p.tree.Equal(p.st.Tree) {
		return nil, false
	}
	if output.JournalExists(p.opts.Cache) {
		return nil, false
	}
	if out, err := p.listOutput(); err != nil || !out.SameStat(p.st.Output) {
		return nil, false
	}
	sum := p.st.Summary
	sum.UpToDate, sum.Rendered, sum.Reused, sum.LocalesKept = true, 0, sum.Pages, sum.Locales
	sum.Out = p.opts.Out // as this run names it, which may be from another folder
	return &sum, true
}

// Load loads the knowledge base and checks it with check, which returns
// the findings of a check of the whole knowledge base. With a cache that
// fits, the folders whose inputs did not change, and which refer to no
// article that changed, are not read: their digest stands in for them and
// their findings are those the last build recorded (incremental.Load).
// Without one, every folder is loaded and checked (incremental.CheckAll).
// Either way the findings are those a load and check of every folder
// would report.
func (p *Plan) Load(check func(*content.KB) diag.List) (*content.KB, diag.List, error) {
	p.listSpare()
	var kb *content.KB
	var diags diag.List
	var err error
	if p.opts.Cache == "" {
		kb, diags, err = incremental.CheckAll(p.root, check)
	} else {
		kb, diags, p.folders, err = p.scan.Load(p.previousFolders(), check)
		p.loaded = err == nil
	}
	if err != nil {
		return nil, nil, err
	}
	_, p.lintWarnings = diags.Count()
	return kb, diags, nil
}

// listSpare starts listing the site the last build kept aside, which an
// incremental build brings up to date in place of staging the site afresh
// (output.ReuseStaging). After an edit, listing its tens of thousands of
// entries took 0.2 s of the 1.7 s a build of 5,000 articles took, while
// reading the cache and loading and checking the edit left a core free.
// It lists nothing when no build left a state in the cache, as the build
// is then cold.
func (p *Plan) listSpare() {
	if p.opts.Cache == "" || p.st == nil || p.spare != nil {
		return
	}
	listed := make(chan buildcache.Tree, 1)
	go func() {
		tree, err := output.SpareInodes(p.opts.Out)
		if err != nil {
			tree = nil // listed again once it is the staging folder
		}
		listed <- tree
	}()
	p.spare = listed
}

// spareInodes waits for the listing listSpare started and returns it;
// nil when it was not started, failed, or has been returned already.
func (p *Plan) spareInodes() buildcache.Tree {
	if p.spare == nil {
		return nil
	}
	tree := <-p.spare
	p.spare = nil
	return tree
}

// previousFolders returns the folders of the last build when they may be
// trusted for this one: same kbc, options and kb.yaml, and a site that is
// still the one that build left; else nil. Folders that fail their check
// discard the whole cache (see Plan.previous).
func (p *Plan) previousFolders() map[string]incremental.Folder {
	if p.opts.Cache == "" {
		return nil
	}
	prev, _ := p.previous()
	if prev == nil {
		return nil
	}
	f, ok := p.lastFolders(prev)
	if !ok || f.Key != p.foldersKey() || f.Folders == nil {
		return nil
	}
	// A digest stands in for an article whose pages are kept as they are:
	// a folder whose pages the site does not have, or has otherwise than
	// the last build left them, is loaded to render them again.
	for dir, e := range f.Folders {
		if e.Digest == nil {
			continue
		}
		a := e.Digest.Article()
		for _, l := range prev.state.Summary.Locales {
			if p.cfg == nil || !site.PublicationOf(p.cfg, a, l, p.opts.Drafts).HasPage() {
				continue
			}
			page := pagePath(e.Digest.ID, l)
			if r, ok := prev.pages.Records[page]; !ok || prev.damaged(page, r) {
				e.Input = "" // never equal to a folder's input
				f.Folders[dir] = e
				break
			}
		}
	}
	return f.Folders
}

// lastFolders returns the folders the last build left with the state of
// prev, when they are its own.
func (p *Plan) lastFolders(prev *previous) (folders, bool) {
	if m := p.opts.Memory; m != nil {
		return m.lastFolders()
	}
	var f folders
	sum, err := buildcache.LoadSum(filepath.Join(p.opts.Cache, foldersFile), &f)
	switch {
	case errors.Is(err, buildcache.ErrNoCache) && prev.state.FoldersSum == "":
		return folders{}, false // the last build kept none
	case errors.Is(err, buildcache.ErrNoCache):
		p.foldersWhy = "their cache was ignored: " + foldersFile + " is missing from " + p.opts.Cache
		return folders{}, false
	case err != nil:
		p.foldersWhy = "their cache was ignored: " + err.Error()
		return folders{}, false
	case sum != prev.state.FoldersSum:
		p.foldersWhy = "their cache was ignored: it is not the one written with the cache's state"
		return folders{}, false
	}
	if err := incremental.Check(f.Folders); err != nil {
		// The cache is not kbc's own: none of it is trusted.
		p.prev, p.why = nil, "cache ignored: "+err.Error()
		return folders{}, false
	}
	return f, true
}

// foldersKey is the key folder entries are valid under: every finding
// and digest may depend on kb.yaml as well as on the tool and options,
// every finding on the term base, and every page on the theme and the
// files kb.yaml names for the site, so that a change to them loads every
// folder to render every page.
func (p *Plan) foldersKey() string {
	h := buildcache.NewHasher()
	h.Add("key", p.key)
	h.Add("kb.yaml", configKey(p.cfg, p.tree))
	cfg := p.cfg
	if cfg == nil {
		cfg = &content.Config{}
	}
	for _, f := range siteFiles(cfg, p.tree) {
		h.Add("site", f, p.tree[f].Sum)
	}
	h.Add("terms.yaml", p.tree[content.TermBaseFile].Sum)
	return h.Sum()
}

// configKey is what the keys of folders and pages take of kb.yaml: what
// it says (Config.Digest), so that a comment that moves no line renders
// nothing again, or its content's sum where it did not parse.
func configKey(cfg *content.Config, tree buildcache.Tree) string {
	if cfg != nil && cfg.Digest != "" {
		return "nodes " + cfg.Digest
	}
	return tree[content.ConfigFile].Sum
}

// save writes the folders for the next build, and returns their
// checksum. A build of a knowledge base loaded without the plan removes
// them instead: the pages the next build keeps for a digest must be
// those its folder entry describes.
func (p *Plan) save() (string, error) {
	name := filepath.Join(p.opts.Cache, foldersFile)
	f := p.foldersToKeep()
	if f == nil {
		if err := os.Remove(name); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return "", err
		}
		return "", nil
	}
	return buildcache.SaveSum(name, *f)
}

// foldersToKeep returns the folders for the next build; nil for a build
// of a knowledge base loaded without the plan (see save).
func (p *Plan) foldersToKeep() *folders {
	if !p.loaded {
		return nil
	}
	return &folders{Key: p.foldersKey(), Folders: p.folders}
}

// LoadChecked is Load with the checks of kbc build, every rule of
// package lint. The build then publishes the SVG figures as the checks
// sanitized them, and a build of every page renders the pages of each
// article the checks load whole while they hold it (see renderEarly).
func (p *Plan) LoadChecked() (*content.KB, diag.List, error) {
	p.figures = svg.NewMemo(checkedFigures)
	return p.Load(func(kb *content.KB) diag.List {
		b := p.renderEarly(kb)
		b.Figures = p.figures
		return lint.RunBuilding(kb, lint.All(), b)
	})
}

// checkedFigures bounds the bytes of the SVG figures the checks keep for
// the build to publish. A build that renders as the checks run needs
// those of one batch of articles, published once its pages are written;
// another, those of the articles it loaded, which a lean load keeps
// whole up to content.LeanWholeBytes of content files.
const checkedFigures = 32 << 20

// renderEarly begins the build of kb, as Load loaded it, while the checks
// run, and returns what the checks share with it (lint.Building): each
// batch of set-aside articles they load whole, whose pages it renders
// and whose figures, as the checks sanitized them (p.figures), it
// publishes once the batch's pages are written. A cold build of a large
// knowledge base then reads and parses each article and figure once for
// the checks and the site. It returns nothing to share, and the build
// begins as usual, unless the build will be whole and has articles set
// aside. The pages are rendered into a staging folder whatever the
// checks find: Build takes them, and Close drops them when the build
// does not run.
func (p *Plan) renderEarly(kb *content.KB) lint.Building {
	if p.early != nil || len(kb.SetAside()) == 0 {
		return lint.Building{}
	}
	if p.opts.Cache != "" {
		if prev, _ := p.previous(); prev != nil {
			return lint.Building{} // an incremental build loads only what changed
		}
	}
	b, err := newBuilder(kb, p.opts, p.figures)
	if err != nil {
		return lint.Building{} // Build reports it
	}
	b.release = true
	if p.opts.Cache != "" {
		b.useCache(p, nil) // no previous build: every page is rendered
	}
	st, err := output.NewStaging(p.opts.Out)
	if err != nil {
		return lint.Building{}
	}
	b.out, b.stage = st.Dir, st
	if err := b.planPages(nil); err != nil {
		st.Discard()
		return lint.Building{}
	}
	p.early = b
	return lint.Building{Batch: b.renderWhole}
}

// takeEarly returns the builder of kb: the one renderEarly began, or a
// new one.
func (p *Plan) takeEarly(kb *content.KB, release bool) (*builder, error) {
	if b := p.early; b != nil && b.kb == kb && release {
		p.early = nil
		return b, nil
	}
	p.dropEarly()
	return newBuilder(kb, p.opts, p.figures)
}

// dropEarly removes the pages renderEarly rendered for a build that does
// not take them.
func (p *Plan) dropEarly() {
	if p.early != nil {
		p.early.stage.Discard()
		p.early = nil
	}
}
