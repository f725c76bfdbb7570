// Package incremental loads and checks a knowledge base again where it
// changed. It remembers each article folder as the last check saw it: the
// hash of its inputs, its digest, the ids its findings depend on and its
// findings. Load then reads only the folders whose inputs changed and
// those that depend on what changed; a digest stands in for every other
// folder, and the findings recorded for it are reported again. Either way
// the findings are those a load and check of every folder would report.
// kbc build and kbc lint both check this way.
//
// Folders are recorded with paths relative to the content folder,
// slash-separated, so that a record holds whatever name the content
// folder is given on the command line. What a record read from disk
// holds is checked (Check) before it is used.
package incremental

import (
	"fmt"
	"maps"
	"path"
	"path/filepath"
	"slices"
	"strings"

	"github.com/kbcdev/kbc/internal/buildcache"
	"github.com/kbcdev/kbc/internal/content"
	"github.com/kbcdev/kbc/internal/diag"
)

// Folder is one article folder as the last check saw it.
type Folder struct {
	// Input is the hash of the folder's files and of the figure files
	// outside it that the article names (Outside).
	Input   string
	Outside []string
	// Digest stands in for the article when the folder is not loaded;
	// nil for a folder without an article.
	Digest *content.Digest
	// Refers lists, sorted, the article ids the folder's findings (and a
	// build's pages) depend on: its own id and those it refers to.
	Refers []string
	// Findings are those of the loader and of every check located in the
	// folder's files.
	Findings diag.List
}

// Content is the content folder as scanned: its files, and the files of
// each article folder.
type Content struct {
	root  string
	tree  buildcache.Tree
	byDir map[string][]string
}

// NewContent returns the content folder root as scanned into tree.
func NewContent(root string, tree buildcache.Tree) *Content {
	return &Content{root: root, tree: tree}
}

// ByFolder groups the paths of the tree by top-level folder, sorted. The
// theme is no article's: every page depends on it.
func (c *Content) ByFolder() map[string][]string {
	if c.byDir != nil {
		return c.byDir
	}
	byDir := map[string][]string{}
	for rel := range c.tree {
		if dir, _, ok := strings.Cut(rel, "/"); ok && dir != content.ThemeDir {
			byDir[dir] = append(byDir[dir], rel)
		}
	}
	for _, files := range byDir {
		slices.Sort(files)
	}
	c.byDir = byDir
	return byDir
}

// Load loads the knowledge base and checks it with check, which returns
// the findings of a check of every article it holds loaded or set aside.
// With prev, the folders as the last check left them, the folders whose
// inputs did not change, and which refer to no article that changed, are
// not read: their digest stands in for them and their findings are those
// prev records. Without prev, every folder is loaded, and set aside as it
// is loaded (content.LoadLean). It returns the folders as this check
// leaves them, for the next one.
func (c *Content) Load(prev map[string]Folder, check func(*content.KB) diag.List) (*content.KB, diag.List, map[string]Folder, error) {
	if prev == nil {
		kb, diags, err := CheckAll(c.root, check)
		if err != nil {
			return nil, nil, nil, err
		}
		return kb, diags, c.Record(kb, diags, nil), nil
	}
	inputs := c.inputs(prev)
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
		kb, diags, err := content.LoadDigested(c.root, c.digests(prev, inputs, load))
		if err != nil {
			return nil, nil, nil, err
		}
		c.addChangedDigests(changedIDs, kb, prev, load)
		addReplaced(changedIDs, prev)
		// A change to the set of ids changes the findings of the folders
		// whose references do not resolve, as they suggest the nearest id.
		more := addDependents(load, prev, inputs, changedIDs)
		if idsChanged(prev, kb) && addUnresolved(load, prev, inputs, kb) {
			more = true
		}
		if addNaming(load, prev, inputs) {
			more = true
		}
		if more {
			continue
		}
		diags = append(diags, check(kb)...)
		for dir := range inputs {
			if !load[dir] {
				diags = append(diags, c.rebaseFindings(prev[dir].Findings)...)
			}
		}
		diags.Sort()
		return kb, diags, c.Record(kb, diags, prev), nil
	}
}

// CheckAll loads every folder of the knowledge base at root and checks
// it with check. The load sets the articles aside as it goes
// (content.LoadLean), for the check to load them again a few at a time,
// so that memory holds digests rather than the knowledge base. The
// findings, the loader's and the check's, are sorted.
func CheckAll(root string, check func(*content.KB) diag.List) (*content.KB, diag.List, error) {
	kb, diags, err := content.LoadLean(root)
	if err != nil {
		return nil, nil, err
	}
	diags = append(diags, check(kb)...)
	diags.Sort()
	return kb, diags, nil
}

// Record returns the folders as a check of kb, which found diags, leaves
// them: the loaded ones from their articles and findings, the others as
// prev records them.
func (c *Content) Record(kb *content.KB, diags diag.List, prev map[string]Folder) map[string]Folder {
	byDir := c.ByFolder()
	findings := map[string]diag.List{}
	for _, d := range diags {
		if dir := c.folderOf(d.Pos.File, byDir); dir != "" {
			findings[dir] = append(findings[dir], c.relFinding(d))
		}
	}
	articles := map[string]*content.Article{}
	for _, a := range kb.Articles {
		articles[c.rel(a.Dir)] = a
	}
	out := make(map[string]Folder, len(byDir))
	for dir, files := range byDir {
		a := articles[dir]
		if a != nil && a.IsDigest() && !a.IsSetAside() {
			// Not loaded: as the last check left it, with the findings
			// located in it that an article loaded now found too, about
			// a file it names there.
			f := prev[dir]
			f.Findings = findings[dir]
			out[dir] = f
			continue
		}
		f := Folder{Findings: findings[dir]}
		if a != nil {
			// A set-aside article names no file outside its folder: a
			// lean load keeps whole the articles that include fragments
			// or name a figure outside their folder.
			f.Outside = OutsideFiles(a, dir, kb.Config.Locales)
			f.Digest = c.relDigest(a.Digest())
			f.Refers = append(a.Refers(), a.ID)
			slices.Sort(f.Refers)
			f.Refers = slices.Compact(f.Refers)
		}
		f.Input = c.input(files, f.Outside)
		if c.untracked(files, f.Outside) || (a == nil && len(f.Findings) > 0) {
			// Checked again by every check: the findings of a folder
			// whose article did not load (a duplicate id, a file that
			// does not parse) may depend on other folders, which it
			// does not say it refers to.
			f.Input = ""
		}
		out[dir] = f
	}
	return out
}

// untracked reports whether a folder's files, or the files outside it
// its article names, include a symbolic link or lie behind one: what the
// link leads to may change without a change to the folder's inputs.
func (c *Content) untracked(files, outside []string) bool {
	return c.tree.AnyLinked(files) || c.tree.AnyLinked(outside)
}

// inputs returns the input hash of every folder of the content folder:
// its files, and the files outside it that its article named last time (a
// folder new or changed is loaded anyway, and its new names are
// recorded).
func (c *Content) inputs(prev map[string]Folder) map[string]string {
	byDir := c.ByFolder()
	inputs := make(map[string]string, len(byDir))
	for dir, files := range byDir {
		inputs[dir] = c.input(files, prev[dir].Outside)
	}
	return inputs
}

func (c *Content) input(files, outside []string) string {
	h := buildcache.NewHasher()
	for _, f := range files {
		h.Add("file", f, c.tree[f].Sum)
	}
	for _, f := range outside {
		h.Add("outside", f, c.tree[f].Sum)
	}
	return h.Sum()
}

// digests returns the digests that stand in for the folders not loaded,
// by folder path.
func (c *Content) digests(prev map[string]Folder, inputs map[string]string, load map[string]bool) map[string]*content.Digest {
	out := map[string]*content.Digest{}
	for dir := range inputs {
		if d := prev[dir].Digest; !load[dir] && d != nil {
			out[c.abs(dir)] = c.rebaseDigest(d)
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
// base: whose digest differs from the last check's.
func (c *Content) addChangedDigests(changed map[string]bool, kb *content.KB, prev map[string]Folder, load map[string]bool) {
	now := map[string]*content.Digest{}
	for _, a := range kb.Loaded() {
		now[c.rel(a.Dir)] = c.relDigest(a.Digest())
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
func addReplaced(changed map[string]bool, prev map[string]Folder) {
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
func addDependents(load map[string]bool, prev map[string]Folder, inputs map[string]string, changed map[string]bool) bool {
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

// addNaming marks for loading, with every folder marked, the folders
// holding files its article named outside it last time, and the folders
// whose article named a file in it; it reports whether it marked any.
// The findings about such a file are found by checking the article that
// names it, but are located in, and recorded for, the folder that holds
// it: checking one of the two without the other would lose them, or
// keep them once the article no longer names the file.
func addNaming(load map[string]bool, prev map[string]Folder, inputs map[string]string) bool {
	added := false
	mark := func(dir string) {
		if _, ok := inputs[dir]; ok && !load[dir] {
			load[dir] = true
			added = true
		}
	}
	for dir := range inputs {
		for _, p := range prev[dir].Outside {
			switch top, _, _ := strings.Cut(p, "/"); {
			case load[dir]:
				mark(top)
			case load[top]:
				mark(dir)
			}
		}
	}
	return added
}

// idsChanged reports whether the articles' ids differ from the last check's.
func idsChanged(prev map[string]Folder, kb *content.KB) bool {
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
func addUnresolved(load map[string]bool, prev map[string]Folder, inputs map[string]string, kb *content.KB) bool {
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

// OutsideFiles lists, sorted, the paths relative to the content folder of
// the files the article in dir names outside its folder, in any locale:
// the figure files, and the files of the fragments it includes.
func OutsideFiles(a *content.Article, dir string, locales []string) []string {
	set := map[string]bool{}
	for _, id := range a.IncludedFragments() {
		for _, name := range fragmentFiles(id, locales) {
			set[name] = true
		}
	}
	for _, f := range a.Figures {
		for _, n := range content.FigurePaths(f.Src, locales) {
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
// in the theme, whose findings are found anew by every check.
func (c *Content) folderOf(file string, byDir map[string][]string) string {
	r := c.rel(file)
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
func (c *Content) rel(file string) string {
	if file == "" {
		return ""
	}
	r, err := filepath.Rel(c.root, file)
	if err != nil {
		return file
	}
	return filepath.ToSlash(r)
}

// abs is the inverse of rel: the path of a root-relative name as the
// loader names it.
func (c *Content) abs(rel string) string {
	if rel == "" || strings.HasPrefix(rel, "../") || filepath.IsAbs(rel) {
		return rel
	}
	return filepath.Join(c.root, filepath.FromSlash(rel))
}

func (c *Content) relDigest(d *content.Digest) *content.Digest {
	r := *d
	r.Dir, r.File, r.Pos.File = c.rel(d.Dir), c.rel(d.File), c.rel(d.Pos.File)
	return &r
}

func (c *Content) rebaseDigest(d *content.Digest) *content.Digest {
	r := *d
	r.Dir, r.File, r.Pos.File = c.abs(d.Dir), c.abs(d.File), c.abs(d.Pos.File)
	return &r
}

func (c *Content) relFinding(d diag.Diagnostic) diag.Diagnostic {
	d, _ = d.WithFiles(infallible(c.rel))
	return d
}

func (c *Content) rebaseFindings(l diag.List) diag.List {
	l, _ = l.WithFiles(infallible(c.abs))
	return l
}

// infallible makes a file name mapping that cannot fail one of the kind
// diag's WithFiles takes.
func infallible(f func(string) string) func(string) (string, error) {
	return func(s string) (string, error) { return f(s), nil }
}

// Check reports an entry of folders, read from disk, that is not what a
// check records: a folder that is not a top-level folder of the content
// folder, a path outside the content folder, an article file outside its
// folder, or an article id that is not one. A record that fails it is
// not kbc's own, and none of it may be trusted: a path it names would
// have a build write, link or read outside its folders.
func Check(folders map[string]Folder) error {
	for dir, e := range folders {
		if !buildcache.InsidePath(dir) || strings.Contains(dir, "/") {
			return errOutside("an article folder of the content folder", dir)
		}
		for _, p := range e.Outside {
			if !buildcache.InsidePath(p) {
				return errOutside("a figure file of the content folder", p)
			}
		}
		if d := e.Digest; d != nil {
			switch {
			case !content.IsArticleID(d.ID):
				return fmt.Errorf("it names %q as an article id", d.ID)
			case d.Dir != dir:
				return errOutside("the folder of the article in "+dir, d.Dir)
			case !buildcache.InsidePath(d.File) || !strings.HasPrefix(d.File, dir+"/"):
				return errOutside("the file of the article in "+dir, d.File)
			case !insideOrNone(d.Pos.File):
				return errOutside("a file of the content folder", d.Pos.File)
			}
		}
		for _, d := range e.Findings {
			if err := CheckFinding(d); err != nil {
				return err
			}
		}
	}
	return nil
}

// CheckFinding reports a file of a recorded finding, or of a position it
// relates to, that is not inside the content folder.
func CheckFinding(d diag.Diagnostic) error {
	if !insideOrNone(d.Pos.File) {
		return errOutside("the file of a finding", d.Pos.File)
	}
	for _, r := range d.Related {
		if !insideOrNone(r.Pos.File) {
			return errOutside("the file of a finding", r.Pos.File)
		}
	}
	return nil
}

func insideOrNone(p string) bool { return p == "" || buildcache.InsidePath(p) }

// errOutside is why a record is not trusted: it names a path outside the
// folder it belongs to. The wording is the build's for every file of its
// cache.
func errOutside(what, p string) error {
	return fmt.Errorf("it names %q as %s, which is not a path inside that folder", p, what)
}
