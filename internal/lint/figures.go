package lint

import (
	"bytes"
	"crypto/sha256"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/language"
	"golang.org/x/text/unicode/norm"

	"github.com/kbcdev/kbc/internal/content"
	"github.com/kbcdev/kbc/internal/contentfile"
	"github.com/kbcdev/kbc/internal/diag"
	"github.com/kbcdev/kbc/internal/raster"
	"github.com/kbcdev/kbc/internal/suggest"
	"github.com/kbcdev/kbc/internal/svg"
)

// Figures checks figure declarations, their image files and the
// {{fig:ID}} references to them.
var Figures = &Rule{
	Name:     "figures",
	Severity: diag.Error,
	Doc: `every figure reference resolves and every figure is a safe image inside the content tree
Every {{fig:ID}}, in every locale, must name a figure declared by the article,
and every declared figure should be referenced from the source text (a warning
otherwise). The image file must exist, be a regular file, lie inside the
content folder once symbolic links are resolved, be named as src writes it
(in case and in how its accents are encoded, which macOS and Windows do not
tell apart and Linux does; a file whose name differs from another's of its
folder only so is a warning, as a checkout there keeps one of them), and be
a web image (.svg,
.png, .jpg, .jpeg, .webp or .gif). A PNG, JPEG, WebP or GIF file must start
with the signature of the format its extension names, and its header must
decode. An SVG must keep to the allow-list of package internal/svg: SVG
shapes, paths, text, groups, gradients, clip paths and markers, <use> of an
element of the same file, presentation attributes and style declarations of
listed properties, url() only as url(#id); no DOCTYPE, scripts, event
attributes, links, embedded documents, images, animations, <style> elements
or other namespaces. Each thing outside the list is reported at its line and
column in the SVG file; the site publishes what the list keeps, written anew,
never the file's bytes. A per-locale variant lives
beside the source image in a folder named after the locale
(figures/ja/login.svg) and is checked like the source; a variant for a locale
that kb.yaml does not configure is an error. A step that refers to a figure of a
fragment its procedure includes on some platform branches only is an error on
the branches it is shown on without the fragment: their page would show
another platform's figure. Alt text must describe the image
in every locale: empty alt text, or alt text that only repeats the file name,
is an error.`,
	Run: runFigures,
}

// figureExtensions are the image formats every browser shows.
var figureExtensions = []string{".svg", ".png", ".jpg", ".jpeg", ".webp", ".gif"}

// maxSVGSize bounds the SVG files read: figures are screenshots and
// diagrams, and a runaway file should not cost the linter its memory.
const maxSVGSize = 16 << 20

func runFigures(pass *Pass) {
	root := resolvedRoot(pass.KB.Root)
	used := checkFigureRefs(pass)
	// Reading and parsing the image files is most of a batch's checks:
	// the articles are shared out between the cores, each part reported
	// apart and the findings joined.
	articles := pass.Articles()
	parts := min(runtime.GOMAXPROCS(0), max(len(articles), 1))
	subs := make([]Pass, parts)
	var wg sync.WaitGroup
	for i := range parts {
		sub := &subs[i]
		*sub = *pass
		sub.diags = nil
		sub.articles = articles[i*len(articles)/parts : (i+1)*len(articles)/parts]
		wg.Go(func() { checkFigures(sub, root, used) })
	}
	wg.Wait()
	for i := range subs {
		pass.diags = append(pass.diags, subs[i].diags...)
	}
}

// checkFigures checks the figures of the pass's articles.
func checkFigures(pass *Pass, root string, used map[*content.Figure]bool) {
	files := &figureFiles{svgs: newSVGChecks(pass.figures), dirs: map[string][]fs.DirEntry{}, loose: map[string]map[string][]string{}, resolved: map[string]resolvedDir{}}
	for _, a := range pass.Articles() {
		for _, f := range a.Figures {
			if !used[f] {
				pass.Report(diag.Diagnostic{Pos: f.Pos, Severity: diag.Warning,
					Message: fmt.Sprintf("figure %q is never referenced; cite it with {{fig:%s}} where the reader needs it, or remove it", f.ID, f.ID)})
			}
			if f.Src == "" {
				continue // the loader reported the missing or malformed src
			}
			checkImage(pass, files, root, a, f, f.Src, "")
			checkVariants(pass, files, root, a, f)
			checkAlt(pass, a, f)
		}
	}
}

// checkFigureBranches reports a reference, in a step of a procedure, to
// a figure of a fragment the procedure includes only on other platform
// branches than some the step is shown on: there the page would show the
// other platform's figure, as a step reference there names no step.
func checkFigureBranches(pass *Pass, site *TextSite, f *content.Figure, pos diag.Position) {
	if f.Fragment == "" || site.Proc == nil {
		return
	}
	res := pass.Index.Resolved[site.Article]
	includes := func(steps []*content.Step) bool {
		return slices.ContainsFunc(steps, func(s *content.Step) bool { return s.Fragment() != nil && s.Fragment().ID == f.Fragment })
	}
	if !includes(site.Proc.Shown()) {
		return // the figure comes with another procedure's steps, shown on every branch of this one
	}
	for _, b := range site.Proc.Branches() {
		if b == "" || (site.Step != nil && !site.Step.On(b)) {
			continue
		}
		if g := res.Graph(site.Proc, b); g != nil && !includes(g.Steps) {
			pass.Report(diag.Diagnostic{Pos: pos, Message: fmt.Sprintf("figure %q is fragment %s's, which procedure %q does not include on the %s branch: its readers would see the figure of another platform's steps",
				f.ID, f.Fragment, site.Proc.ID, b) + includedIn(site)})
		}
	}
}

// checkFigureRefs reports {{fig:ID}} references to undeclared figures in
// every locale and returns the figures the source text references.
func checkFigureRefs(pass *Pass) map[*content.Figure]bool {
	used := map[*content.Figure]bool{}
	for _, site := range pass.Index.Sites {
		a := site.Article
		res := pass.Index.Resolved[a]
		for _, lt := range pass.Index.Localized(site) {
			at := lt.Text.Positions()
			for _, r := range lt.Refs {
				if r.Kind != content.RefFigure || r.Malformed {
					continue
				}
				if f := res.Figure(r.Target); f != nil {
					if lt.Locale == a.Lang {
						used[f] = true
						checkFigureBranches(pass, site, f, at.At(r.Start))
					}
					continue
				}
				pass.ReportLocalef(at.At(r.Start), localeOf(lt), "%s", unknownFigure(a, r.Target))
			}
		}
	}
	return used
}

func unknownFigure(a *content.Article, id string) string {
	if len(a.Figures) == 0 {
		return fmt.Sprintf("unknown figure %q: article %s declares no figures", id, a.ID)
	}
	ids := make([]string, len(a.Figures))
	for i, f := range a.Figures {
		ids[i] = f.ID
	}
	msg := fmt.Sprintf("unknown figure %q in article %s", id, a.ID)
	if m := suggest.Nearest(id, ids); m != "" {
		return msg + fmt.Sprintf("; did you mean %q?", m)
	}
	return msg + "; it declares " + strings.Join(ids, ", ")
}

// resolvedRoot returns the content folder as an absolute path with its
// symbolic links resolved, the form image paths are compared against.
func resolvedRoot(root string) string {
	abs, err := filepath.Abs(root)
	if err != nil {
		return filepath.Clean(root)
	}
	if r, err := filepath.EvalSymlinks(abs); err == nil {
		return r
	}
	return abs
}

// checkImage checks one image file of a figure: the source image (locale
// "") or its variant for a locale. rel is slash-separated and relative to
// the article folder.
func checkImage(pass *Pass, files *figureFiles, root string, a *content.Article, f *content.Figure, rel, locale string) {
	report := func(sev diag.Severity, format string, args ...any) {
		pass.Report(diag.Diagnostic{Pos: f.SrcPos, Severity: sev, Locale: locale, Message: fmt.Sprintf(format, args...)})
	}
	if f.Fragment == "" && content.FigurePathProblem(rel) != "" {
		// The loader reports the src as the article writes it. The src
		// of a figure a fragment brings leads into the fragment's folder
		// by design.
		return
	}
	ext := strings.ToLower(path.Ext(rel))
	if !slices.Contains(figureExtensions, ext) {
		report(diag.Error, "figure %q: %s is not a web image; use one of %s", f.ID, rel, strings.Join(figureExtensions, " "))
	}
	// A src spelled otherwise than the folders spell the file is found
	// by a file system that does not tell the spellings apart (macOS,
	// Windows), and not by CI on Linux.
	misspelled := func() bool {
		disk := files.spelling(a.Dir, rel)
		if disk != "" {
			report(diag.Error, "figure %q: %s", f.ID, spellingProblem(rel, disk))
		}
		return disk != ""
	}
	file := filepath.Join(a.Dir, filepath.FromSlash(rel))
	st, link, err := statImage(file)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		if link {
			report(diag.Error, "figure %q: %s is a symbolic link to a file that does not exist", f.ID, rel)
			return
		}
		if misspelled() {
			return
		}
		report(diag.Error, "figure %q: image file %s does not exist%s", f.ID, rel, nearestFile(a.Dir, rel))
		return
	case err != nil:
		report(diag.Error, "figure %q: cannot read %s: %v", f.ID, rel, unwrapPathError(err))
		return
	case st.IsDir():
		report(diag.Error, "figure %q: %s is a folder, not an image file", f.ID, rel)
		return
	case !st.Mode().IsRegular():
		report(diag.Error, "figure %q: %s is not a regular file", f.ID, rel)
		return
	}
	if misspelled() {
		return
	}
	if twin := files.twin(filepath.Dir(file), filepath.Base(file)); twin != "" {
		report(diag.Warning, "figure %q: %s and %s differ only in case or in how accents are encoded, which macOS and Windows do not tell apart: a checkout there keeps one of the two files; rename one", f.ID, rel, path.Join(path.Dir(rel), twin))
	}
	resolved, err := files.resolve(file, link)
	if err != nil {
		report(diag.Error, "figure %q: cannot resolve %s: %v", f.ID, rel, unwrapPathError(err))
		return
	}
	if !within(root, resolved) {
		report(diag.Error, "figure %q: %s resolves to %s, outside the content folder; the site publishes only files inside it", f.ID, rel, resolved)
		return
	}
	// A file that is no image of its kind may be a link git wrote as
	// text, which its problems would not say.
	linkHint := func() bool {
		target, ok := linkAsText(file, st.Size())
		if ok {
			report(diag.Error, "figure %q: %s holds the path %s rather than an image: a symbolic link that git checked out as a file of text, as it does where links are off (core.symlinks false, Git for Windows' default); turn them on, or put the image itself there", f.ID, rel, strconv.Quote(target))
		}
		return ok
	}
	switch {
	case ext == ".svg":
		probs, err := files.svgs.problems(file, st.Size())
		if (err != nil || len(probs) > 0) && linkHint() {
			return
		}
		if err != nil {
			report(diag.Error, "figure %q: %s: %v", f.ID, rel, err)
		}
		for _, p := range probs {
			pass.Report(diag.Diagnostic{Pos: diag.Position{File: file, Line: p.Line, Column: p.Column}, Severity: diag.Error, Locale: locale,
				Message: p.Message, Related: []diag.Related{{Pos: f.SrcPos, Message: fmt.Sprintf("the image of figure %q of %s", f.ID, a.ID)}}})
		}
	case raster.IsRaster(ext):
		if err := checkRaster(file, ext); err != nil && !linkHint() {
			report(diag.Error, "figure %q: %s: %v", f.ID, rel, err)
		}
	}
}

// linkAsText reports whether the file is what git writes for a symbolic
// link where it may not make one: the link's target, a path to an image,
// alone on one line with no line break; and returns the path.
func linkAsText(file string, size int64) (string, bool) {
	if size == 0 || size > 1024 {
		return "", false
	}
	b, err := os.ReadFile(file)
	if err != nil || !utf8.Valid(b) || bytes.ContainsAny(b, "\n\r\x00<") {
		return "", false
	}
	target := string(b)
	if !slices.Contains(figureExtensions, strings.ToLower(path.Ext(target))) {
		return "", false
	}
	return target, true
}

// checkRaster checks that a raster image is the format its extension
// names, reading only its header.
func checkRaster(file, ext string) error {
	r, err := os.Open(file)
	if err != nil {
		return unwrapPathError(err)
	}
	defer r.Close()
	return raster.Check(ext, r)
}

// statImage returns what a figure's file is, following a symbolic link;
// link reports whether it is one. Most files are not, and one Lstat tells
// all about them.
func statImage(file string) (st fs.FileInfo, link bool, err error) {
	st, err = os.Lstat(file)
	if err != nil || st.Mode()&fs.ModeSymlink == 0 {
		return st, false, err
	}
	st, err = os.Stat(file)
	return st, true, err
}

func within(root, p string) bool {
	r, err := filepath.Rel(root, p)
	return err == nil && r != ".." && !strings.HasPrefix(r, ".."+string(filepath.Separator)) && !filepath.IsAbs(r)
}

func unwrapPathError(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// nearestFile hints at a file beside the missing one whose name is a
// likely typo of it.
func nearestFile(dir, rel string) string {
	entries, err := os.ReadDir(filepath.Join(dir, filepath.FromSlash(path.Dir(rel))))
	if err != nil {
		return ""
	}
	var names []string
	for _, e := range entries {
		if !e.IsDir() {
			names = append(names, e.Name())
		}
	}
	if m := suggest.Nearest(path.Base(rel), names); m != "" {
		return fmt.Sprintf("; did you mean %q?", path.Join(path.Dir(rel), m))
	}
	return ""
}

// checkVariants checks the per-locale variants beside a figure's source
// image: folders named after a locale that hold a file of the same name.
func checkVariants(pass *Pass, files *figureFiles, root string, a *content.Article, f *content.Figure) {
	entries, ok := files.readDir(filepath.Join(a.Dir, filepath.FromSlash(path.Dir(f.Src))))
	if !ok {
		return // the source image check has reported the missing folder
	}
	for _, e := range entries {
		if !e.IsDir() && e.Type()&fs.ModeSymlink == 0 {
			continue // a file holds no variant; only a folder, or a link to one, can
		}
		name := e.Name()
		rel := content.FigureVariantPath(f.Src, name)
		if _, err := os.Lstat(filepath.Join(a.Dir, filepath.FromSlash(rel))); err != nil || declaresSrc(a, rel) {
			continue
		}
		switch {
		case pass.KB.Config.HasLocale(name) && name == a.Lang:
			pass.Report(diag.Diagnostic{Pos: f.SrcPos, Severity: diag.Warning,
				Message: fmt.Sprintf("figure %q: %s is never shown: %s is the article's source locale, which uses %s", f.ID, rel, name, f.Src)})
		case pass.KB.Config.HasLocale(name):
			checkImage(pass, files, root, a, f, rel, name)
		case isLanguageTag(name):
			pass.Reportf(f.SrcPos, "figure %q: %s is a variant for locale %q, which kb.yaml does not configure (%s)%s",
				f.ID, rel, name, strings.Join(pass.KB.Config.Locales, ", "), suggest.LocaleHint(name, pass.KB.Config.Locales))
		}
	}
}

// figureFiles is what a run of the rule has read of the content tree and
// may read again: an article's figures share their folder, and many
// articles show the same image.
type figureFiles struct {
	svgs     svgChecks
	dirs     map[string][]fs.DirEntry       // a folder's entries; nil: none, or it cannot be read
	loose    map[string]map[string][]string // a folder's entry names by their looseName
	resolved map[string]resolvedDir         // a folder's absolute path with symbolic links resolved
}

type resolvedDir struct {
	path string
	err  error
}

// resolve returns the absolute path of a file with its symbolic links
// resolved. A file that is not a link (link is false) lies where its
// folder resolves to, and each folder is resolved once per run: resolving
// costs a system call for every element of the path.
func (ff *figureFiles) resolve(file string, link bool) (string, error) {
	if link {
		return absResolved(file)
	}
	dir := filepath.Dir(file)
	r, ok := ff.resolved[dir]
	if !ok {
		r.path, r.err = absResolved(dir)
		ff.resolved[dir] = r
	}
	if r.err != nil {
		return "", r.err
	}
	return filepath.Join(r.path, filepath.Base(file)), nil
}

// absResolved returns the absolute path of p with its symbolic links
// resolved, those of the working directory's path too: made absolute
// after, a relative path would take the working directory as the shell
// named it, through a link, where the content root is resolved.
func absResolved(p string) (string, error) {
	abs, err := filepath.Abs(p)
	if err != nil {
		return "", err
	}
	return filepath.EvalSymlinks(abs)
}

// readDir lists a folder once per run.
func (ff *figureFiles) readDir(dir string) ([]fs.DirEntry, bool) {
	entries, ok := ff.dirs[dir]
	if !ok {
		var err error
		if entries, err = os.ReadDir(dir); err != nil {
			entries = nil
		}
		ff.dirs[dir] = entries
	}
	return entries, entries != nil
}

// spelling returns how the entries of the folders under dir spell the
// path rel when they spell it otherwise than rel does: in another case,
// or with its accented letters encoded otherwise (Unicode NFC and NFD),
// either of which the file systems of macOS and Windows find and those of
// Linux do not. It returns "" when rel is spelled as on disk, or when no
// entry matches at all.
func (ff *figureFiles) spelling(dir, rel string) string {
	parts := strings.Split(rel, "/")
	differs := false
	for i, p := range parts {
		if p == "." || p == ".." || p == "" {
			dir = filepath.Join(dir, p)
			continue
		}
		names := ff.looseNames(dir)[looseName(p)]
		if len(names) == 0 {
			return ""
		}
		name := names[0]
		if slices.Contains(names, p) {
			name = p
		}
		differs = differs || name != p
		parts[i] = name
		dir = filepath.Join(dir, name)
	}
	if !differs {
		return ""
	}
	return strings.Join(parts, "/")
}

// twin returns the name of another entry of the folder dir whose name a
// file system that ignores case and Unicode normalization takes for name,
// or "".
func (ff *figureFiles) twin(dir, name string) string {
	for _, n := range ff.looseNames(dir)[looseName(name)] {
		if n != name {
			return n
		}
	}
	return ""
}

// looseNames returns the names of the folder dir's entries by their
// looseName, in the folder's order, made once a pass: every figure of a
// folder looks its names up there. A folder that cannot be read has none.
func (ff *figureFiles) looseNames(dir string) map[string][]string {
	names, ok := ff.loose[dir]
	if !ok {
		entries, _ := ff.readDir(dir)
		names = map[string][]string{}
		for _, e := range entries {
			k := looseName(e.Name())
			names[k] = append(names[k], e.Name())
		}
		ff.loose[dir] = names
	}
	return names
}

// looseName is a file name as a file system that ignores case and
// Unicode normalization compares it.
func looseName(s string) string { return strings.ToLower(norm.NFC.String(s)) }

// spellingProblem says how src, a figure's path, differs from disk, the
// path as the folders spell it.
func spellingProblem(src, disk string) string {
	if norm.NFC.String(src) == norm.NFC.String(disk) {
		return fmt.Sprintf("%s and the file's name on disk encode their accented letters differently (Unicode NFC and NFD, which look alike; macOS may write names decomposed), so Linux, where CI runs, does not find the file: rename the file to the name src gives it", src)
	}
	return fmt.Sprintf("%s differs in case from the file %s on disk, which Linux, where CI runs, tells apart: write src as the file is named", src, disk)
}

// isLanguageTag tells a locale folder from other folders beside an image,
// such as one holding platform-specific screenshots.
func isLanguageTag(s string) bool {
	tag, err := language.Parse(s)
	return err == nil && strings.EqualFold(tag.String(), s)
}

func declaresSrc(a *content.Article, rel string) bool {
	return slices.ContainsFunc(a.Figures, func(f *content.Figure) bool { return path.Clean(f.Src) == rel })
}

// checkAlt reports alt text that does not describe the image, in every
// locale. A translation without the alt unit is the translations rule's
// finding.
func checkAlt(pass *Pass, a *content.Article, f *content.Figure) {
	site := pass.Index.SiteByKey[a][f.Alt.Key]
	if f.Alt.IsZero() || site == nil {
		return
	}
	names := fileNames(f.Src)
	for _, lt := range pass.Index.Localized(site) {
		alt := lt.Text.Value
		switch {
		case strings.TrimSpace(alt) == "" && localeOf(lt) == "":
			// The loader reports an empty text of the source.
		case strings.TrimSpace(alt) == "":
			pass.ReportLocalef(lt.Text.Pos, localeOf(lt), "figure %q has empty alt text; describe what the image shows", f.ID)
		case slices.Contains(names[:], fileWords(alt)):
			pass.ReportLocalef(lt.Text.Pos, localeOf(lt), "alt text of figure %q only repeats its file name; describe what the image shows", f.ID)
		}
	}
}

// fileNames returns, as fileWords, what alt text that only repeats the
// image's file name would say: its path, or its file name with or without
// extension, however cased or punctuated. An image has alt text in every
// locale, and the names are worked out once for all of them.
func fileNames(src string) [3]string {
	base := path.Base(src)
	return [3]string{fileWords(src), fileWords(base), fileWords(strings.TrimSuffix(base, path.Ext(base)))}
}

// fileWords lower-cases s and turns each run of the separators of file
// names (spaces and punctuation) into a single space, dropping them at
// either end, so "Session_ID.png" and "session id png" compare equal.
func fileWords(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	gap := false
	for _, r := range s {
		r = unicode.ToLower(r)
		if unicode.IsSpace(r) || unicode.IsPunct(r) {
			gap = b.Len() > 0
			continue
		}
		if gap {
			b.WriteByte(' ')
			gap = false
		}
		b.WriteRune(r)
	}
	return b.String()
}

// svgChecks remembers, by content, the problems of the SVG files a run
// has read: a figure is often the same image in many articles, and
// parsing the XML costs far more than hashing the bytes. With a memo,
// what the sanitizer kept of each is remembered for a build to publish.
type svgChecks struct {
	seen map[[sha256.Size]byte][]svg.Problem
	memo *svg.Memo
}

// newSVGChecks returns the checks of a run, sanitizing through memo,
// which may be nil.
func newSVGChecks(memo *svg.Memo) svgChecks {
	return svgChecks{seen: map[[sha256.Size]byte][]svg.Problem{}, memo: memo}
}

// svgBuffers hold the bytes of one SVG file while it is checked; nothing
// keeps them once its problems are known.
var svgBuffers = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// problems returns the problems of an SVG file of the given size, at
// their lines in it, or why the file cannot be checked.
func (c svgChecks) problems(file string, size int64) ([]svg.Problem, error) {
	if size > maxSVGSize {
		return nil, fmt.Errorf("SVG file is larger than %d MiB", maxSVGSize>>20)
	}
	buf := svgBuffers.Get().(*bytes.Buffer)
	defer svgBuffers.Put(buf)
	buf.Reset()
	if err := contentfile.ReadLimited(file, maxSVGSize, buf); err != nil {
		var pe *fs.PathError
		if errors.As(err, &pe) && pe.Op == "open" {
			return nil, fmt.Errorf("cannot read: %v", pe.Err)
		}
		return nil, fmt.Errorf("cannot read SVG: %v", err)
	}
	data := buf.Bytes()
	key := sha256.Sum256(data)
	if probs, ok := c.seen[key]; ok {
		return probs, nil
	}
	_, probs := c.memo.Sanitize(data)
	c.seen[key] = probs
	return probs, nil
}
