package content

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"
	"sync/atomic"

	"gopkg.in/yaml.v3"

	"github.com/kbcdev/kbc/internal/contentfile"
	"github.com/kbcdev/kbc/internal/diag"
	"github.com/kbcdev/kbc/internal/suggest"
)

// FindRoot returns the content folder that holds path: the nearest folder
// at or above it with a kb.yaml, or its content/ subfolder when it has one.
// A kb.yaml that is not a regular file (a folder, a named pipe) still
// marks the folder, whose load then says what is wrong with it.
func FindRoot(path string) (string, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return "", err
	}
	if _, err := os.Stat(abs); err != nil {
		return "", fmt.Errorf("%s: %w", path, unwrapPathError(err))
	}
	if exists(filepath.Join(abs, "content", ConfigFile)) {
		return filepath.Join(path, "content"), nil
	}
	nearest := "" // the first content/ subfolder with a kb.yaml above path
	for dir := abs; ; dir = filepath.Dir(dir) {
		sub := filepath.Join(filepath.Dir(dir), "content")
		hasSub := exists(filepath.Join(sub, ConfigFile))
		switch {
		case exists(filepath.Join(dir, ConfigFile)):
			return relativeTo(path, abs, dir), nil
		case filepath.Base(dir) == localesDir && hasSub:
			// The knowledge base's own catalogs, beside its content
			// folder: part of it, as its lint and build read them.
			return relativeTo(path, abs, sub), nil
		case hasSub && nearest == "":
			nearest = relativeTo(path, abs, sub)
		}
		if filepath.Dir(dir) == dir {
			break
		}
	}
	if nearest != "" {
		return "", fmt.Errorf("%s: is no part of a knowledge base: no %s here or in any parent folder; the nearest knowledge base is %s", path, ConfigFile, nearest)
	}
	return "", fmt.Errorf("%s: no %s found here or in any parent folder (nor in a content/ subfolder)", path, ConfigFile)
}

// localesDir is the folder beside a content folder that holds the
// knowledge base's own UI catalogs (package locales).
const localesDir = "locales"

// relativeTo returns dir, a folder at or above abs, the absolute form of
// path, as a path relative to path when path is relative: filepath.Dir of
// "." or ".." is not its parent.
func relativeTo(path, abs, dir string) string {
	if dir == abs {
		return path
	}
	if r, err := filepath.Rel(abs, dir); err == nil && !filepath.IsAbs(path) {
		return filepath.Join(path, r)
	}
	return dir
}

// exists reports whether there is an entry at path, of any kind.
func exists(path string) bool {
	_, err := os.Lstat(path)
	return err == nil
}

// Load reads the knowledge base rooted at root. Problems with the content
// are returned as findings, as many as can be found; the error is reserved
// for a root that cannot be read at all.
func Load(root string) (*KB, diag.List, error) {
	return LoadDigested(root, nil)
}

// LoadDigested loads the knowledge base like Load, except that the article
// folders with an entry in digests (by folder path, as Article.Dir) are not
// read: their digest stands in for the article (see Digest), and the
// findings of their files are left to the caller, which knows them from
// the build that made the digest.
func LoadDigested(root string, digests map[string]*Digest) (*KB, diag.List, error) {
	return load(root, digests, false)
}

// LoadLean loads the knowledge base as Load does, with the same findings,
// but sets articles aside once loaded: their stand-in (see IsSetAside)
// takes their place, so that memory holds the digests of the knowledge
// base and the articles being read, not every article whole. WithFolders
// and Reload bring set-aside articles back. An article that includes
// fragments stays whole, as linking it to them is the load's work, and
// so do articles whose files fit in LeanWholeBytes, in a knowledge base
// small enough (leanWholeFolders) that loading them again would cost more
// than keeping them.
func LoadLean(root string) (*KB, diag.List, error) {
	return load(root, nil, true)
}

// load is LoadDigested, and with lean LoadLean.
func load(root string, digests map[string]*Digest, lean bool) (*KB, diag.List, error) {
	var diags diag.List
	cfgPath := filepath.Join(root, ConfigFile)
	if _, err := os.Stat(cfgPath); err != nil {
		return nil, nil, fmt.Errorf("%s: %w", cfgPath, unwrapPathError(err))
	}
	cfg, parsed := loadConfig(cfgPath, &diags)
	if !parsed || len(cfg.Locales) == 0 {
		// Without its locales and platforms, every article would be
		// reported for what kb.yaml would have said: its own findings
		// come first, alone.
		diags.Sort()
		return &KB{Root: root, Config: cfg, byID: map[string]*Article{}, configFailed: true}, diags, nil
	}
	entries, err := os.ReadDir(root)
	if err != nil {
		return nil, nil, fmt.Errorf("%s: %w", root, unwrapPathError(err))
	}
	var dirs []string
	for _, e := range entries {
		p := filepath.Join(root, e.Name())
		switch {
		case strings.HasPrefix(e.Name(), "."), e.Name() == FragmentsDir && e.IsDir():
		case e.IsDir() && e.Name() == ThemeDir:
			// The site's templates and assets, not an article.
		case e.IsDir():
			dirs = append(dirs, p)
		case e.Type()&os.ModeSymlink != 0:
			diags.Errorf(diag.Position{File: p}, RuleSchema, "symbolic links are not followed in the content tree")
		case isYAML(e.Name()) && e.Name() != ConfigFile && e.Name() != TermBaseFile:
			diags.Errorf(diag.Position{File: p}, RuleSchema, "unexpected file: articles live in folders, as %s", filepath.Join(root, "kb1234", SourceFile))
		}
	}

	kb := &KB{Root: root, Config: cfg, byID: map[string]*Article{}}
	results := loadArticles(dirs, cfg, digests, lean)
	for i, r := range results {
		diags = append(diags, r.diags...)
		if r.article == nil {
			if r.diags.HasErrors() {
				kb.markUnloaded(dirs[i])
			}
			continue
		}
		a := r.article
		if a.ID == "" {
			continue
		}
		if first := kb.byID[a.ID]; first != nil {
			diags.Add(diag.Diagnostic{
				Pos: a.Pos, Rule: RuleSchema, Severity: diag.Error,
				Message: fmt.Sprintf("duplicate article id %s: %s has it already", a.ID, first.File),
				Related: []diag.Related{{Pos: first.Pos, Message: "first declared here"}},
			})
			continue
		}
		kb.byID[a.ID] = a
		kb.Articles = append(kb.Articles, a)
	}
	sort.Slice(kb.Articles, func(i, j int) bool { return kb.Articles[i].ID < kb.Articles[j].ID })
	kb.Fragments, kb.unloadedFragments = loadFragments(root, cfg, &diags)
	kb.link()
	diags.Sort()
	return kb, diags, nil
}

// LoadConfig loads the knowledge base's kb.yaml alone, as Load does, for
// checks that need nothing else, such as whether the locales a build asks
// for are configured.
func LoadConfig(root string) (*Config, diag.List) {
	var diags diag.List
	cfg, _ := loadConfig(filepath.Join(root, ConfigFile), &diags)
	return cfg, diags
}

func isYAML(name string) bool {
	return strings.HasSuffix(name, ".yaml") || strings.HasSuffix(name, ".yml")
}

// loadConfig reads kb.yaml, and reports whether it could be parsed at
// all: a file that cannot gives an empty configuration.
func loadConfig(path string, diags *diag.List) (*Config, bool) {
	d, root := openFile(path, diags)
	if d == nil {
		return &Config{File: path}, false
	}
	cfg := d.decodeConfig(root)
	cfg.Digest = nodesDigest(root)
	return cfg, true
}

// openFile reads and parses one content file and returns a decoder for it
// with the document's root node, or a nil decoder when the file cannot be
// used; every reason has been reported.
func openFile(path string, diags *diag.List) (*decoder, *yaml.Node) {
	return openFileIn(nil, path, diags)
}

// openFileIn is openFile reading the file into the scratch space sc and
// parsing it there (see fileScratch), or allocating when sc is nil.
func openFileIn(sc *fileScratch, path string, diags *diag.List) (*decoder, *yaml.Node) {
	buf, arena := new(bytes.Buffer), (*contentfile.Arena)(nil)
	if sc != nil {
		buf, arena = &sc.src, &sc.nodes
	}
	src, ok := readSource(path, diags, buf)
	if !ok {
		return nil, nil
	}
	root, lines := contentfile.ParseIn(arena, path, src, diags)
	if root == nil {
		return nil, nil
	}
	return newDecoder(path, lines, len(src), diags), root
}

type articleResult struct {
	article *Article
	diags   diag.List
}

// loadArticles loads each folder without a digest on its own goroutine,
// with lean setting the article aside once loaded (see LoadLean); results
// keep the order of dirs, so the outcome does not depend on scheduling.
func loadArticles(dirs []string, cfg *Config, digests map[string]*Digest, lean bool) []articleResult {
	results := make([]articleResult, len(dirs))
	var todo []int
	for i, d := range dirs {
		if dg := digests[d]; dg != nil {
			results[i].article = dg.Article()
		} else {
			todo = append(todo, i)
		}
	}
	whole := wholeBudget{limit: LeanWholeBytes}
	if len(dirs) > leanWholeFolders {
		whole.limit = 0
	}
	onEach(len(todo), func(k int) {
		i := todo[k]
		a := loadArticle(dirs[i], cfg, &results[i].diags)
		if lean && a != nil && !a.includesFragments() && !a.namesOutside() && !whole.keeps(a.loadedBytes()) {
			a = a.standIn()
		}
		results[i].article = a
	})
	return results
}

// LeanWholeBytes is how many bytes of content files LoadLean keeps whole,
// as their articles, in a knowledge base of at most leanWholeFolders
// article folders: an article set aside is loaded again by every check
// and by the render of its pages, which took a tenth of a build's and a
// quarter of a lint's CPU time at 1,000 articles, while a kept article
// holds about four times its files' bytes in memory (24 MiB of files,
// about 1,500 articles of the benchmark's, hold about 100 MB). Which
// articles are kept depends on the order the cores load them in; what a
// check or a build makes of an article does not depend on it. Tests set
// it to 0 to have every article set aside.
var LeanWholeBytes int64 = 24 << 20

// leanWholeFolders is the most article folders a knowledge base may have
// for LoadLean to keep any article whole. In a larger one the stand-ins
// and the checks' indexes already take most of the memory a lint keeps
// to: at 20,000 articles, keeping LeanWholeBytes whole raised a lint's
// peak from 408 to 487 MB and its CPU time by a twelfth, as the
// collector ran more often.
var leanWholeFolders = 2000

// wholeBudget counts the bytes of the articles a lean load keeps whole.
type wholeBudget struct {
	limit int64
	used  atomic.Int64
}

// keeps reports whether an article of n bytes of files fits, and takes
// them if so.
func (b *wholeBudget) keeps(n int) bool {
	if b.used.Add(int64(n)) <= b.limit {
		return true
	}
	b.used.Add(-int64(n))
	return false
}

// onEach calls do for 0 ≤ i < n, on as many goroutines as there are cores.
func onEach(n int, do func(i int)) {
	work := make(chan int)
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), max(n, 1)) {
		wg.Go(func() {
			for i := range work {
				do(i)
			}
		})
	}
	for i := range n {
		work <- i
	}
	close(work)
	wg.Wait()
}

// loadArticle loads one article folder: its source file and the
// translation file of every other configured locale found beside it.
func loadArticle(dir string, cfg *Config, diags *diag.List) *Article {
	a := loadFolder(dir, SourceFile, cfg, diags, func(path string) *Article { return loadSource(path, cfg, diags) })
	if a == nil {
		return nil
	}
	checkFolder(a, dir, diags)
	return a
}

// CheckFolder returns what the loader says of an article's id and the
// folder at a.Dir that holds it, for a caller that parses an article's
// file on its own (ParseArticle), as lint.Fold does to try a fix.
func CheckFolder(a *Article) diag.List {
	var diags diag.List
	checkFolder(a, a.Dir, &diags)
	return diags
}

// checkFolder reports an article whose folder is not named after its id,
// and the id kbc import writes where it knows none. An invalid id is
// reported as such, not as a folder to rename.
func checkFolder(a *Article, dir string, diags *diag.List) {
	if a.ID == ImportPlaceholderID {
		diags.Warnf(a.Pos, RuleSchema, "id %s is the placeholder kbc import wrote: set the article's KB id, and name its folder after it", a.ID)
	} else if want := strings.ToLower(a.ID); IsArticleID(a.ID) && filepath.Base(dir) != want {
		diags.Warnf(a.Pos, RuleSchema, "article %s lives in folder %q; name the folder %q", a.ID, filepath.Base(dir), want)
	}
}

// loadFolder loads a folder that holds a source file, named source and
// read by decode, and the translation file of every other configured
// locale found beside it: an article's folder or a fragment's.
func loadFolder(dir, source string, cfg *Config, diags *diag.List, decode func(path string) *Article) *Article {
	entries, err := os.ReadDir(dir)
	if err != nil {
		diags.Errorf(diag.Position{File: dir}, RuleSyntax, "cannot read folder: %v", unwrapPathError(err))
		return nil
	}
	var yamls []string
	for _, e := range entries {
		switch {
		case strings.HasPrefix(e.Name(), "."):
			// Editor lock and backup files, such as Emacs's .#fr.yaml
			// symbolic link; the root folder skips them too.
		case e.Type()&os.ModeSymlink != 0 && isYAML(e.Name()):
			diags.Errorf(diag.Position{File: filepath.Join(dir, e.Name())}, RuleSchema, "symbolic links are not followed in the content tree")
		case isYAML(e.Name()):
			// A folder named like a content file is kept, so that reading
			// it reports the problem instead of the article vanishing.
			yamls = append(yamls, e.Name())
		}
	}
	if !contains(yamls, source) {
		if len(yamls) > 0 {
			hint := ""
			if filepath.Base(dir) == localesDir {
				hint = fmt.Sprintf(": a knowledge base's UI catalogs are read from the %s folder beside the content folder, not inside it", localesDir)
			}
			diags.Errorf(diag.Position{File: filepath.Join(dir, yamls[0])}, RuleSchema, "folder %s has no %s%s", filepath.Base(dir), source, hint)
		}
		return nil
	}
	a := decode(filepath.Join(dir, source))
	if a == nil {
		return nil
	}
	a.Dir = dir
	for _, name := range yamls {
		if name == source {
			continue
		}
		p := filepath.Join(dir, name)
		lang := strings.TrimSuffix(strings.TrimSuffix(name, ".yaml"), ".yml")
		switch {
		case !cfg.HasLocale(lang):
			diags.Errorf(diag.Position{File: p}, RuleSchema, "unexpected file: translation files are named after a configured locale (%s)%s",
				strings.Join(cfg.Locales, ", "), suggest.LocaleHint(lang, cfg.Locales))
		case lang == a.Lang:
			diags.Errorf(diag.Position{File: p}, RuleSchema, "translation file for %s, which is the %s's source locale", lang, strings.TrimSuffix(source, ".yaml"))
		default:
			if tr := loadTranslation(p, lang, diags); tr != nil {
				a.Translations[lang] = tr
			} else {
				if a.FailedTranslations == nil {
					a.FailedTranslations = map[string]bool{}
				}
				a.FailedTranslations[lang] = true
			}
		}
	}
	return a
}

func loadSource(path string, cfg *Config, diags *diag.List) *Article {
	sc := scratches.Get().(*fileScratch)
	defer sc.release()
	d, root := openFileIn(sc, path, diags)
	if d == nil {
		return nil
	}
	return d.decodeArticle(root, cfg)
}

func loadTranslation(path, lang string, diags *diag.List) *Translation {
	sc := scratches.Get().(*fileScratch)
	defer sc.release()
	d, root := openFileIn(sc, path, diags)
	if d == nil {
		return nil
	}
	return d.decodeTranslation(root, lang)
}

// fileScratch is where an article or translation file is read and parsed:
// its bytes and its nodes. The model keeps neither (its strings are
// copies), so both are garbage once the file is decoded, and the next
// file reuses their memory (see contentfile.Arena).
type fileScratch struct {
	src   bytes.Buffer
	nodes contentfile.Arena
}

// scratchKeeps bounds the bytes a scratch space keeps for the next file.
const scratchKeeps = 1 << 20

var scratches = sync.Pool{New: func() any { return new(fileScratch) }}

// release puts the scratch space back for the next file.
func (sc *fileScratch) release() {
	sc.nodes.Reset()
	sc.src.Reset()
	if sc.src.Cap() > scratchKeeps {
		sc.src = bytes.Buffer{}
	}
	scratches.Put(sc)
}
