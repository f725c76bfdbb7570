package build

import (
	"errors"
	"io/fs"
	"maps"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/kbcdev/kbc/internal/buildcache"
	"github.com/kbcdev/kbc/internal/content"
	"github.com/kbcdev/kbc/internal/diag"
	"github.com/kbcdev/kbc/internal/output"
	"github.com/kbcdev/kbc/internal/site"
)

// foldersFile is the cache file that remembers each article folder.
const foldersFile = "folders"

// folders is what a build remembers of every article folder, so that the
// next build loads and checks only the folders whose inputs changed and
// those that refer to what changed.
type folders struct {
	Key     string // as state.Key, and kb.yaml's hash
	Folders map[string]folder
}

// folder is one article folder as the last build saw it. Paths are
// relative to the content folder and slash-separated, so that the entry
// holds whatever name the content folder is given on the command line.
type folder struct {
	// Input is the hash of the folder's files and of the figure files
	// outside it that the article names (Outside).
	Input   string
	Outside []string
	// Digest stands in for the article when the folder is not loaded;
	// nil for a folder without an article.
	Digest *content.Digest
	// Refers lists, sorted, the article ids the folder's findings and
	// pages depend on: its own id and those it refers to.
	Refers []string
	// Findings are those of the loader and of every check located in the
	// folder's files.
	Findings diag.List
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
	// The last build's pages, read once when first needed (previous).
	prev     *previous
	prevRead bool
	byDir    map[string][]string // see filesByFolder
	// Filled in by Load: the folders as this build leaves them, and
	// whether they may be trusted by the next build.
	folders map[string]folder
	loaded  bool
	locks   []*output.Lock // of the site and cache folders, until Close
	// The site folder as it is before the build, listed once (listOutput).
	out       buildcache.Tree
	outErr    error
	outListed bool
}

// NewPlan refuses a site folder that is not kbc's to replace (see
// output.CheckTarget) and a cache folder that is not kbc's to write into
// (output.ClaimCache), takes the locks of the site folder and of the cache
// folder, reads the cache in opts.Cache, if any, and fingerprints the
// content tree under root.
//
// The locks keep other kbc processes out of the two folders until the
// plan is closed: by Build when it ends, or by Close for a plan that does
// not build. Another process holding them is waited for (see
// Options.Waiting).
func NewPlan(root string, opts Options) (*Plan, error) {
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
	var prevTree buildcache.Tree
	var prevAt time.Time
	if p.st, p.why = readState(opts.Cache, key); p.st != nil {
		prevTree, prevAt = p.st.Tree, p.st.ScannedAt
		// The site folder is compared with the state too: list it while
		// the content folder is scanned, as both wait on the file system.
		listed := make(chan struct{})
		go func() {
			defer close(listed)
			p.listOutput()
		}()
		defer func() { <-listed }()
	}
	p.scannedAt = time.Now()
	p.tree, err = buildcache.Scan(root, prevTree, prevAt)
	return err
}

// UpToDate reports whether the site in opts.Out is what a build would
// write: the content files, kbc itself and the options are those of the
// build that wrote the site, and the site was not touched since: every
// entry of the site folder has the stat data that build recorded (no
// file is read). The summary is that of the build that wrote the site.
func (p *Plan) UpToDate() (*Summary, bool) {
	if p.st == nil || !p.tree.Equal(p.st.Tree) {
		return nil, false
	}
	if output.JournalExists(p.opts.Cache) {
		return nil, false
	}
	if out, err := p.listOutput(); err != nil || !out.SameStat(p.st.Output) {
		return nil, false
	}
	sum := p.st.Summary
	sum.UpToDate, sum.Rendered, sum.Reused = true, 0, sum.Pages
	return &sum, true
}

// Load loads the knowledge base and checks it with check, which returns
// the findings of a check of the whole knowledge base. With a cache that
// fits, the folders whose inputs did not change, and which refer to no
// article that changed, are not read: their digest stands in for them and
// their findings are those the last build recorded. Either way the
// findings are those a load and check of every folder would report.
func (p *Plan) Load(check func(*content.KB) diag.List) (*content.KB, diag.List, error) {
	prev := p.previousFolders()
	if prev == nil {
		// Every folder is checked and rendered: the load sets articles
		// aside as it goes, and the checks and the pages load them again,
		// a few at a time, so that memory holds digests rather than the
		// knowledge base.
		kb, diags, err := content.LoadLean(p.root)
		if err != nil {
			return nil, nil, err
		}
		diags = append(diags, check(kb)...)
		diags.Sort()
		if p.opts.Cache != "" {
			p.remember(kb, diags, nil)
		}
		return kb, diags, nil
	}
	inputs := p.folderInputs(prev)
	load := map[string]bool{}
	for dir, in := range inputs {
		// The fragments are always loaded, and with them the articles
		// that include them, which are what checks the included steps:
		// the findings in a fragment's files come from them.
		if old, ok := prev[dir]; !ok || old.Input != in || dir == content.FragmentsDir || includesFragments(old.Outside) {
			load[dir] = true
		}
	}
	// The articles that other folders may see differently: those deleted,
	// and those whose digest changed once loaded.
	changedIDs := map[string]bool{}
	for dir, old := range prev {
		if _, ok := inputs[dir]; !ok {
			addID(changedIDs, old.Digest)
		}
	}
	for {
		kb, diags, err := content.LoadDigested(p.root, p.digests(prev, inputs, load))
		if err != nil {
			return nil, nil, err
		}
		p.addChangedDigests(changedIDs, kb, prev, load)
		addReplaced(changedIDs, prev)
		// A change to the set of ids changes the findings of the folders
		// whose references do not resolve, as they suggest the nearest id.
		more := addDependents(load, prev, inputs, changedIDs)
		if idsChanged(prev, kb) && addUnresolved(load, prev, inputs, kb) {
			more = true
		}
		if more {
			continue
		}
		diags = append(diags, check(kb)...)
		for dir := range inputs {
			if !load[dir] {
				diags = append(diags, p.rebaseFindings(prev[dir].Findings)...)
			}
		}
		diags.Sort()
		p.remember(kb, diags, prev)
		return kb, diags, nil
	}
}

// previousFolders returns the folders of the last build when they may be
// trusted for this one: same kbc, options and kb.yaml, and a site that is
// still the one that build left; else nil. Folders that fail their check
// discard the whole cache (see Plan.previous).
func (p *Plan) previousFolders() map[string]folder {
	if p.opts.Cache == "" {
		return nil
	}
	prev, _ := p.previous()
	if prev == nil {
		return nil
	}
	var f folders
	if buildcache.Load(filepath.Join(p.opts.Cache, foldersFile), &f) != nil || f.Key != p.foldersKey() || f.Folders == nil {
		return nil
	}
	if err := f.check(); err != nil {
		// The cache is not kbc's own: none of it is trusted.
		p.prev, p.why = nil, "cache ignored: "+err.Error()
		return nil
	}
	// A digest stands in for an article whose pages are kept as they are:
	// a folder whose pages the site does not have is loaded.
	for dir, e := range f.Folders {
		if e.Digest == nil {
			continue
		}
		a := e.Digest.Article()
		for _, l := range prev.state.Summary.Locales {
			if p.cfg == nil || !site.PublicationOf(p.cfg, a, l, p.opts.Drafts).HasPage() {
				continue
			}
			if _, ok := prev.pages.Records[pagePath(e.Digest.ID, l)]; !ok {
				e.Input = "" // never equal to a folder's input
				f.Folders[dir] = e
				break
			}
		}
	}
	return f.Folders
}

// foldersKey is the key folder entries are valid under: every finding
// and digest may depend on kb.yaml as well as on the tool and options,
// every finding on the term base, and every page on the theme and the
// files kb.yaml names for the site, so that a change to them loads every
// folder to render every page.
func (p *Plan) foldersKey() string {
	h := buildcache.NewHasher()
	h.Add("key", p.key)
	h.Add("kb.yaml", p.tree[content.ConfigFile].Sum)
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

// folderInputs returns the input hash of every folder of the content
// folder: its files, and the files outside it that its article named last
// time (a folder new or changed is loaded anyway, and its new names are
// recorded).
func (p *Plan) folderInputs(prev map[string]folder) map[string]string {
	byDir := p.filesByFolder()
	inputs := make(map[string]string, len(byDir))
	for dir, files := range byDir {
		inputs[dir] = p.folderInput(files, prev[dir].Outside)
	}
	return inputs
}

// filesByFolder groups the paths of the tree by top-level folder, sorted;
// it is worked out once, for the folders' inputs, the pages' inputs and
// the folders the build records.
func (p *Plan) filesByFolder() map[string][]string {
	if p.byDir != nil {
		return p.byDir
	}
	byDir := map[string][]string{}
	for rel := range p.tree {
		// The theme is no article's: every page depends on it (pageInputs).
		if dir, _, ok := strings.Cut(rel, "/"); ok && dir != content.ThemeDir {
			byDir[dir] = append(byDir[dir], rel)
		}
	}
	for _, files := range byDir {
		slices.Sort(files)
	}
	p.byDir = byDir
	return byDir
}

func (p *Plan) folderInput(files, outside []string) string {
	h := buildcache.NewHasher()
	for _, f := range files {
		h.Add("file", f, p.tree[f].Sum)
	}
	for _, f := range outside {
		h.Add("outside", f, p.tree[f].Sum)
	}
	return h.Sum()
}

// digests returns the digests that stand in for the folders not loaded,
// by folder path.
func (p *Plan) digests(prev map[string]folder, inputs map[string]string, load map[string]bool) map[string]*content.Digest {
	out := map[string]*content.Digest{}
	for dir := range inputs {
		if d := prev[dir].Digest; !load[dir] && d != nil {
			out[p.abs(dir)] = p.rebaseDigest(d)
		}
	}
	return out
}

// addID adds to changed the id of the digested article and its section:
// articles that link to it show its title, and so do the other articles
// of its section, which list it as related.
func addID(changed map[string]bool, d *content.Digest) {
	if d != nil && d.ID != "" {
		changed[d.ID] = true
		if d.SectionID != "" {
			changed[sectionKey(d.SectionID)] = true
		}
	}
}

// sectionKey stands for a section among the ids of changed articles: no
// KB id has a colon.
func sectionKey(id string) string { return "section:" + id }

// addChangedDigests adds to changed the ids, old and new, of the loaded
// folders whose article is seen differently by the rest of the knowledge
// base: whose digest differs from the last build's.
func (p *Plan) addChangedDigests(changed map[string]bool, kb *content.KB, prev map[string]folder, load map[string]bool) {
	now := map[string]*content.Digest{}
	for _, a := range kb.Loaded() {
		now[p.rel(a.Dir)] = p.relDigest(a.Digest())
	}
	for dir := range load {
		if old := prev[dir].Digest; !old.Equal(now[dir]) {
			addID(changed, old)
			addID(changed, now[dir])
		}
	}
}

// addReplaced adds to changed the retired articles replaced, directly or
// through other retired ones, by a changed article: a link to a retired
// article shows the title of the article that replaces it.
func addReplaced(changed map[string]bool, prev map[string]folder) {
	for more := true; more; {
		more = false
		for _, f := range prev {
			if d := f.Digest; d != nil && d.Status == content.Retired && changed[d.ReplacedBy] && !changed[d.ID] {
				changed[d.ID] = true
				more = true
			}
		}
	}
}

// addDependents marks for loading every folder that refers to a changed
// id, or whose article is in the section of one, and reports whether it
// marked any.
func addDependents(load map[string]bool, prev map[string]folder, inputs map[string]string, changed map[string]bool) bool {
	added := false
	for dir := range inputs {
		if load[dir] {
			continue
		}
		if d := prev[dir].Digest; d != nil && d.SectionID != "" && changed[sectionKey(d.SectionID)] {
			load[dir] = true
			added = true
			continue
		}
		for _, id := range prev[dir].Refers {
			if changed[id] {
				load[dir] = true
				added = true
				break
			}
		}
	}
	return added
}

// idsChanged reports whether the articles' ids differ from the last build's.
func idsChanged(prev map[string]folder, kb *content.KB) bool {
	before := map[string]bool{}
	for _, f := range prev {
		if d := f.Digest; d != nil && d.ID != "" {
			before[d.ID] = true
		}
	}
	if len(before) != len(kb.Articles) {
		return true
	}
	for _, a := range kb.Articles {
		if !before[a.ID] {
			return true
		}
	}
	return false
}

// addUnresolved marks for loading the folders not loaded yet that refer
// to an id that is neither an article nor an external reference, and
// reports whether it marked any.
func addUnresolved(load map[string]bool, prev map[string]folder, inputs map[string]string, kb *content.KB) bool {
	added := false
	for dir := range inputs {
		if load[dir] {
			continue
		}
		for _, id := range prev[dir].Refers {
			if kb.Article(id) == nil && kb.Config.ExternalRef(id) == nil {
				load[dir] = true
				added = true
				break
			}
		}
	}
	return added
}

// remember records the folders as this build leaves them: the loaded
// ones from their articles and findings, the others as they were.
func (p *Plan) remember(kb *content.KB, diags diag.List, prev map[string]folder) {
	p.loaded = true
	byDir := p.filesByFolder()
	findings := map[string]diag.List{}
	for _, d := range diags {
		if dir := p.folderOf(d.Pos.File, byDir); dir != "" {
			findings[dir] = append(findings[dir], p.relFinding(d))
		}
	}
	articles := map[string]*content.Article{}
	for _, a := range kb.Articles {
		articles[p.rel(a.Dir)] = a
	}
	p.folders = make(map[string]folder, len(byDir))
	for dir, files := range byDir {
		a := articles[dir]
		if a != nil && a.IsDigest() && !a.IsSetAside() {
			p.folders[dir] = prev[dir]
			continue
		}
		f := folder{Findings: findings[dir]}
		if a != nil {
			// A set-aside article names no file outside its folder: it
			// includes no fragment, and a figure outside the folder is an
			// error of the load, which builds nothing.
			f.Outside = outsideFiles(a, dir, kb.Config.Locales)
			f.Digest = p.relDigest(a.Digest())
			f.Refers = append(a.Refers(), a.ID)
			slices.Sort(f.Refers)
			f.Refers = slices.Compact(f.Refers)
		}
		f.Input = p.folderInput(files, f.Outside)
		p.folders[dir] = f
	}
}

// save writes the folders for the next build. A build of a knowledge
// base loaded without the plan removes them instead: the pages the next
// build keeps for a digest must be those its folder entry describes.
func (p *Plan) save() error {
	name := filepath.Join(p.opts.Cache, foldersFile)
	if !p.loaded {
		if err := os.Remove(name); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return err
		}
		return nil
	}
	return buildcache.Save(filepath.Join(p.opts.Cache, foldersFile), folders{Key: p.foldersKey(), Folders: p.folders})
}

// outsideFiles lists, sorted, the root-relative paths of the figure files
// the article names outside its folder, in any locale.
func outsideFiles(a *content.Article, dir string, locales []string) []string {
	set := map[string]bool{}
	for _, id := range a.IncludedFragments() {
		for _, name := range fragmentFiles(id, locales) {
			set[name] = true
		}
	}
	for _, f := range a.Figures {
		names := []string{f.Src}
		for _, l := range locales {
			names = append(names, content.FigureVariantPath(f.Src, l))
		}
		for _, n := range names {
			if q := path.Clean(path.Join(dir, n)); !strings.HasPrefix(q, dir+"/") {
				set[q] = true
			}
		}
	}
	return slices.Sorted(maps.Keys(set))
}

// fragmentFiles names the files of a fragment's folder a page that
// includes it shows: its source file and its translation files, present
// or not, so that one added is seen.
func fragmentFiles(id string, locales []string) []string {
	dir := content.FragmentsDir + "/" + id + "/"
	names := []string{dir + content.FragmentFile}
	for _, l := range locales {
		names = append(names, dir+l+".yaml")
	}
	return names
}

// includesFragments reports whether a folder's outside files are those
// of a fragment: its article includes one.
func includesFragments(outside []string) bool {
	return slices.ContainsFunc(outside, func(f string) bool { return strings.HasPrefix(f, content.FragmentsDir+"/") })
}

// folderOf returns the top-level folder of the content folder that holds
// file, or "" for a file outside every folder (kb.yaml, the locales) or
// in the theme, whose findings are found anew by every build.
func (p *Plan) folderOf(file string, byDir map[string][]string) string {
	r := p.rel(file)
	if r == "" || r == "." || r == ".." || strings.HasPrefix(r, "../") {
		return ""
	}
	dir, _, ok := strings.Cut(r, "/")
	if _, isFolder := byDir[dir]; (!ok && !isFolder) || dir == content.ThemeDir {
		return "" // a file at the top, such as kb.yaml
	}
	return dir
}

// rel returns file relative to the content folder, slash-separated, or
// file itself when it is not under it.
func (p *Plan) rel(file string) string {
	if file == "" {
		return ""
	}
	r, err := filepath.Rel(p.root, file)
	if err != nil {
		return file
	}
	return filepath.ToSlash(r)
}

// abs is the inverse of rel: the path of a root-relative name as the
// loader names it.
func (p *Plan) abs(rel string) string {
	if rel == "" || strings.HasPrefix(rel, "../") || filepath.IsAbs(rel) {
		return rel
	}
	return filepath.Join(p.root, filepath.FromSlash(rel))
}

func (p *Plan) relDigest(d *content.Digest) *content.Digest {
	c := *d
	c.Dir, c.File, c.Pos.File = p.rel(d.Dir), p.rel(d.File), p.rel(d.Pos.File)
	return &c
}

func (p *Plan) rebaseDigest(d *content.Digest) *content.Digest {
	c := *d
	c.Dir, c.File, c.Pos.File = p.abs(d.Dir), p.abs(d.File), p.abs(d.Pos.File)
	return &c
}

func (p *Plan) relFinding(d diag.Diagnostic) diag.Diagnostic {
	d, _ = d.WithFiles(infallible(p.rel))
	return d
}

func (p *Plan) rebaseFindings(l diag.List) diag.List {
	l, _ = l.WithFiles(infallible(p.abs))
	return l
}

// infallible makes a file name mapping that cannot fail one of the kind
// diag's WithFiles takes.
func infallible(f func(string) string) func(string) (string, error) {
	return func(s string) (string, error) { return f(s), nil }
}
