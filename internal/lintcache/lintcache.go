// Package lintcache holds what kbc lint remembers between runs: the
// fingerprint of the content folder it checked and the findings it
// reported, so that a lint of a knowledge base in which nothing changed
// reports them again without loading an article; and each article folder
// as it checked it (package incremental), so that a lint after an edit
// checks the folders the edit concerns and reports the others' findings
// again.
//
// The fingerprint is that of a build's cache (buildcache.Scan): a file is
// known by its content, and its stat data spare hashing it again. The
// findings are those of the whole run, after folding, with their file
// names relative to the content folder. What is read back is checked as a
// build checks its own cache: a record of another kbc, content folder or
// query, or one naming a file outside the knowledge base, is ignored.
package lintcache

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/kbcdev/kbc/internal/buildcache"
	"github.com/kbcdev/kbc/internal/content"
	"github.com/kbcdev/kbc/internal/diag"
	"github.com/kbcdev/kbc/internal/incremental"
	"github.com/kbcdev/kbc/internal/output"
	"github.com/kbcdev/kbc/locales"
)

// Files of the cache folder.
const (
	File        = "findings" // the findings of the last lint, as reported
	FoldersFile = "folders"  // each article folder as the last lint checked it
)

// IsCacheFile reports whether the file at path is one lint writes into its
// cache folder.
func IsCacheFile(path string) bool {
	name := filepath.Base(path)
	return (name == File || name == FoldersFile) && buildcache.IsManifest(path)
}

// folders is the record of every article folder. Its key leaves out the
// query, as what it records is every finding, before any is set aside for
// the query.
type folders struct {
	Key     string
	Folders map[string]incremental.Folder
}

// record is what a lint leaves for the next.
type record struct {
	Key       string // the tool, the content folder and the query
	ScannedAt time.Time
	Tree      buildcache.Tree
	Findings  diag.List // file names relative to the content folder
}

// saved is a record as Save writes it, with the tree sealed: a lint
// that cannot reuse the last one's findings keeps its fingerprint through
// the whole run, and sealed it holds half the memory.
type saved struct {
	Key       string
	ScannedAt time.Time
	Tree      buildcache.Sealed
	Findings  diag.List
}

// Cache is the cache of one lint of the content folder root.
type Cache struct {
	dir, root string
	key       string
	tree      buildcache.Tree   // whole, while it is needed so
	sealed    buildcache.Sealed // the tree, while a lint of every folder runs, and for Save
	scannedAt time.Time
	last      *record
	tool      string
	// folders are those Check leaves, for Save, under foldersKey.
	folders    map[string]incremental.Folder
	foldersKey string
	// Why says why the last lint's findings are not reused, when they
	// are not.
	Why string
	// Checked is how many articles Check loaded and checked: what an
	// edit cost.
	Checked int
}

// Open reads the record in the cache folder dir, when it was written by
// this kbc for the same content folder and query, and fingerprints the
// content folder root. query names what the findings depend on besides
// the files, such as the paths they are reported for; embedded holds the
// files kbc carries and checks the knowledge base against.
//
// A record that cannot be used is no error: Why says why it is not, and
// the lint runs as without a cache.
//
// The caller holds the folder's lock (output.LockFolder): Open removes
// the records a lint killed while saving left under temporary names.
func Open(dir, root string, embedded []fs.FS, query ...string) (*Cache, error) {
	tool, err := buildcache.ToolKey(embedded...)
	if err != nil {
		return nil, err
	}
	if err := buildcache.RemovePrepared(dir); err != nil {
		return nil, err
	}
	c := &Cache{dir: dir, root: root, tool: tool}
	if c.key, err = key(root, query, tool); err != nil {
		return nil, err
	}
	var prevTree buildcache.Tree
	var prevAt time.Time
	if c.last, c.Why = read(dir, c.key); c.last != nil {
		prevTree, prevAt = c.last.Tree, c.last.ScannedAt
	}
	c.scannedAt = time.Now()
	if c.tree, err = buildcache.Scan(root, prevTree, prevAt); err != nil {
		return nil, err
	}
	return c, nil
}

// read returns the record in dir when it was written under key and
// passes its checks; else it says why not.
func read(dir, key string) (*record, string) {
	var r record
	if err := buildcache.Load(filepath.Join(dir, File), &r); err != nil {
		if errors.Is(err, buildcache.ErrNoCache) {
			return nil, "no cache yet"
		}
		return nil, "cache ignored: " + err.Error()
	}
	if r.Key != key {
		return nil, "cache ignored: written by another kbc, for another folder or query, or with other UI catalogs (locales/)"
	}
	if err := r.check(); err != nil {
		return nil, "cache ignored: " + err.Error()
	}
	return &r, ""
}

// check reports a file of the record that is not one a lint records.
func (r *record) check() error {
	for p := range r.Tree {
		if !buildcache.InsidePath(p) {
			return fmt.Errorf("it names %q as a file of the content folder", p)
		}
	}
	_, err := r.Findings.WithFiles(func(name string) (string, error) {
		if !recordedName(name) {
			return "", errFile(name)
		}
		return name, nil
	})
	return err
}

// Findings returns the findings the last lint reported, with their file
// names as the loader gives them, when no file of the content folder
// changed since.
func (c *Cache) Findings() (diag.List, bool) {
	if c.last == nil {
		return nil, false
	}
	if !c.tree.Equal(c.last.Tree) {
		c.Why = "files changed since the last lint"
		c.last = nil // what the lint about to run holds is its own
		return nil, false
	}
	l, err := c.last.Findings.WithFiles(func(name string) (string, error) {
		if name == "" {
			return "", nil
		}
		return filepath.Join(c.root, filepath.FromSlash(name)), nil
	})
	if err != nil {
		return nil, false
	}
	return l, true
}

// Check loads the knowledge base and checks it with check, which is
// called with the knowledge base once loaded and returns the findings of
// a check of the articles it holds loaded or set aside. When the last
// lint recorded its article folders under the same kbc and catalogs, and
// no file outside the article folders changed since, only the folders
// whose files changed are loaded and checked, with those that depend on
// them (incremental.Content.Load); otherwise every folder is. Check
// returns every finding, the loader's and check's, sorted, as a check of
// every folder would; Save records the folders for the next lint.
func (c *Cache) Check(check func(*content.KB) diag.List) (diag.List, error) {
	c.foldersKey = c.keyOfFolders()
	if prev := c.readFolders(); prev != nil {
		scan := incremental.NewContent(c.root, c.tree)
		kb, diags, folders, err := scan.Load(prev, check)
		if err != nil {
			return nil, err
		}
		c.folders, c.Checked = folders, countChecked(kb)
		return diags, nil
	}
	// A lint of every folder holds the fingerprint sealed while it
	// checks, and needs it whole only to record the folders.
	c.seal()
	kb, diags, err := incremental.CheckAll(c.root, check)
	if err != nil {
		return nil, err
	}
	tree, err := c.unseal()
	if err != nil {
		return nil, err
	}
	c.folders = incremental.NewContent(c.root, tree).Record(kb, diags, nil)
	c.Checked = countChecked(kb)
	return diags, nil
}

// countChecked counts the articles of kb loaded, whole or set aside: those
// a check saw.
func countChecked(kb *content.KB) int {
	n := 0
	for _, a := range kb.Articles {
		if !a.IsDigest() || a.IsSetAside() {
			n++
		}
	}
	return n
}

// readFolders returns the folders the last lint recorded, when they were
// recorded under the key of this one and pass their checks; else nil.
func (c *Cache) readFolders() map[string]incremental.Folder {
	var f folders
	if c.foldersKey == "" || buildcache.Load(filepath.Join(c.dir, FoldersFile), &f) != nil || f.Key != c.foldersKey || f.Folders == nil {
		return nil
	}
	if incremental.Check(f.Folders) != nil {
		return nil
	}
	return f.Folders
}

// keyOfFolders is the key folder records are valid under: the kbc, the
// content folder, the catalogs beside it, and every file of the content
// folder outside the article folders (kb.yaml, the term base, the
// theme), on which any finding may depend.
func (c *Cache) keyOfFolders() string {
	k := buildcache.NewHasher()
	abs, err := filepath.Abs(c.root)
	if err != nil {
		return "" // no folders are read or recorded
	}
	k.Add("lint", c.tool, abs)
	k.Add("ui-catalogs", locales.LocalTexts(c.root)...)
	k.Add("theme-beside", content.ThemeBeside(c.root))
	var shared []string
	for p := range c.tree {
		if dir, _, ok := strings.Cut(p, "/"); !ok || dir == content.ThemeDir {
			shared = append(shared, p)
		}
	}
	slices.Sort(shared)
	for _, p := range shared {
		k.Add("file", p, c.tree[p].Sum)
	}
	return k.Sum()
}

// Save records the findings of this lint, found in the content folder as
// Open fingerprinted it, for the next lint, and the folders as Check left
// them. Findings that name a file outside the knowledge base are not
// recorded, as they could not be checked when read back: the cache is
// left without a record of them.
func (c *Cache) Save(l diag.List) error {
	if err := c.saveFolders(); err != nil {
		return err
	}
	name := filepath.Join(c.dir, File)
	rel, err := l.WithFiles(func(file string) (string, error) { return relName(c.root, file) })
	if err != nil {
		if err := os.Remove(name); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return err
		}
		return nil
	}
	c.seal()
	m, err := buildcache.Prepare(name, saved{Key: c.key, ScannedAt: c.scannedAt, Tree: c.sealed, Findings: rel})
	if err != nil {
		return err
	}
	if err := output.Reached(output.StageLintCacheWrite); err != nil {
		m.Discard()
		return err
	}
	return m.Install()
}

// saveFolders writes the folders Check left, or removes those of an
// earlier lint when Check did not run: the folders must describe the
// files as this lint saw them.
func (c *Cache) saveFolders() error {
	name := filepath.Join(c.dir, FoldersFile)
	if c.folders == nil || c.foldersKey == "" {
		if err := os.Remove(name); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return err
		}
		return nil
	}
	return buildcache.Save(name, folders{Key: c.foldersKey, Folders: c.folders})
}

// seal trades the tree for its saved layout, which is all Save needs. A
// tree read back from that layout (unseal) is not encoded again.
func (c *Cache) seal() {
	if c.tree != nil {
		if c.sealed == nil {
			c.sealed = c.tree.Seal()
		}
		c.tree = nil
	}
}

// unseal returns the tree, read back from its saved layout if sealed.
func (c *Cache) unseal() (buildcache.Tree, error) {
	if c.tree != nil {
		return c.tree, nil
	}
	var t buildcache.Tree
	if err := t.GobDecode(c.sealed); err != nil {
		return nil, err
	}
	c.tree = t
	return t, nil
}

// key identifies the tool, the content folder, the knowledge base's own
// catalogs beside it and the query.
func key(root string, query []string, tool string) (string, error) {
	abs, err := filepath.Abs(root)
	if err != nil {
		return "", err
	}
	k := buildcache.NewHasher()
	k.Add("tool", tool)
	k.Add("content", abs)
	k.Add("ui-catalogs", locales.LocalTexts(root)...)
	// A theme folder beside the content folder is a finding of kb.yaml's.
	k.Add("theme-beside", content.ThemeBeside(root))
	k.Add("query", query...)
	return k.Sum(), nil
}

// errFile is why a finding cannot be recorded or read back.
func errFile(name string) error {
	return fmt.Errorf("a finding names %q, which is neither in the content folder nor in its catalogs", name)
}

// catalogs prefixes the names of the knowledge base's own catalog files,
// which live beside the content folder (locales.LocalDir).
const catalogs = "../" + locales.Dir + "/"

// relName returns the name of file relative to the content folder root,
// as a record holds it: inside the content folder, or in the catalogs
// beside it.
func relName(root, file string) (string, error) {
	if file == "" {
		return "", nil
	}
	rel, err := filepath.Rel(root, file)
	if err != nil {
		return "", errFile(file)
	}
	rel = filepath.ToSlash(rel)
	if !recordedName(rel) {
		return "", errFile(file)
	}
	return rel, nil
}

// recordedName reports whether a name read from a record is one relName
// gives: a path inside the content folder, or a file of the catalogs
// beside it.
func recordedName(rel string) bool {
	if rest, ok := strings.CutPrefix(rel, catalogs); ok {
		return buildcache.InsidePath(rest) && !strings.Contains(rest, "/")
	}
	return rel == "" || buildcache.InsidePath(rel)
}
