package cli

import (
	"archive/tar"
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"

	"github.com/kbcdev/kbc/internal/content"
	"github.com/kbcdev/kbc/internal/diag"
	"github.com/kbcdev/kbc/internal/lint"
	"github.com/kbcdev/kbc/locales"
)

// A change is what differs in a knowledge base from a git commit.
type change struct {
	// files are the changed files, by their path from the content
	// folder: "kb2/article.yaml", or "../locales/fr.yaml" for a UI
	// catalog of the knowledge base's own beside it.
	files map[string]bool
	// folders are the top-level folders of the content folder that hold
	// a changed file.
	folders map[string]bool
	// whole reports a change to a file outside every folder, such as
	// kb.yaml, or to the UI catalogs, which every article depends on.
	whole bool
}

// A checkout is where a content folder lies in its git repository.
type checkout struct {
	abs string // the content folder, absolute, its links resolved
	top string // the top of the repository that holds it
}

// checkoutOf finds the repository that holds the content folder root.
func checkoutOf(root string) (checkout, error) {
	abs, err := filepath.Abs(root)
	if err != nil {
		return checkout{}, err
	}
	if abs, err = filepath.EvalSymlinks(abs); err != nil {
		return checkout{}, err
	}
	top, err := git(abs, "rev-parse", "--show-toplevel")
	if err != nil {
		return checkout{}, err
	}
	return checkout{abs: abs, top: strings.TrimSpace(top)}, nil
}

// catalogs returns the folder of the knowledge base's own UI catalogs
// beside the content folder, and, if the repository holds it, its path
// there, slash-separated.
func (co checkout) catalogs() (dir, inRepo string, ok bool) {
	dir = locales.LocalDir(co.abs)
	rel, err := filepath.Rel(co.top, dir)
	if err != nil || !filepath.IsLocal(rel) {
		return dir, "", false
	}
	return dir, filepath.ToSlash(rel), true
}

// changedSince returns what differs in the content folder at co from git
// commit rev (see changeBase), committed or not, tracked or new.
func changedSince(co checkout, rev string) (change, error) {
	absRoot, top := co.abs, co.top
	pathspecs := []string{"."}
	catalogs, _, inRepo := co.catalogs()
	if inRepo {
		pathspecs = append(pathspecs, filepath.Join("..", locales.Dir))
	}
	diff, err := git(absRoot, append([]string{"-c", "diff.relative=false", "diff", "--name-only", "--no-renames", "-z", rev, "--"}, pathspecs...)...)
	if err != nil {
		return change{}, err
	}
	untracked, err := git(absRoot, append([]string{"ls-files", "--others", "--exclude-standard", "-z", "--full-name", "--"}, pathspecs...)...)
	if err != nil {
		return change{}, err
	}
	c := change{files: map[string]bool{}, folders: map[string]bool{}}
	for _, name := range append(strings.Split(diff, "\x00"), strings.Split(untracked, "\x00")...) {
		if name == "" {
			continue
		}
		file := filepath.Join(top, filepath.FromSlash(name))
		rel, err := filepath.Rel(absRoot, file)
		if err != nil {
			continue
		}
		if within(file, catalogs) {
			c.files[filepath.ToSlash(rel)] = true
			c.whole = true
			continue
		}
		if !filepath.IsLocal(rel) {
			continue
		}
		c.files[filepath.ToSlash(rel)] = true
		dir, _, inFolder := strings.Cut(filepath.ToSlash(rel), "/")
		if !inFolder {
			c.whole = true
			continue
		}
		c.folders[dir] = true
	}
	return c, nil
}

// sinceFindings keeps, of the findings diags of the knowledge base kb at
// the content folder root, those that the change since scope.since
// concerns: all of those in the folders it changed, and, in the folders
// of the articles that refer to one of them (or in every other file, if
// it changed kb.yaml or the UI catalogs), those it caused (see onlyNew).
func sinceFindings(kb *content.KB, root string, diags diag.List, scope lintScope, rules []*lint.Rule) (diag.List, error) {
	co, err := checkoutOf(root)
	if err != nil {
		return nil, err
	}
	c, err := changedSince(co, scope.since)
	if err != nil {
		return nil, err
	}
	if c.whole {
		unchanged := func(rel string) bool {
			dir, _, _ := strings.Cut(rel, "/")
			return !c.files[rel] && !c.folders[dir]
		}
		return onlyNew(diags, root, co, scope, rules, unchanged), nil
	}
	dependents := withDependents(kb, root, c.folders)
	diags = inFolders(diags, root, dependents)
	for dir := range c.folders {
		delete(dependents, dir)
	}
	if len(dependents) == 0 {
		return diags, nil
	}
	ofDependent := func(rel string) bool {
		dir, _, _ := strings.Cut(rel, "/")
		return dependents[dir]
	}
	return onlyNew(diags, root, co, scope, rules, ofDependent), nil
}

// changeBase returns the commit that --changed-since REV compares the
// content folder root with: where the checked-out branch left rev (their
// merge base), as a pull request's diff shows it, so that what changed on
// rev since then is not taken for the branch's changes. A pipeline that
// checks out the branch itself, not a merge of it into rev, needs that.
// Where the clone holds no commit of both, it returns rev itself, with a
// note that says what that costs.
func changeBase(root, rev string) (base, note string, err error) {
	dir, err := filepath.Abs(root)
	if err != nil {
		return "", "", err
	}
	if _, err := git(dir, "rev-parse", "--verify", "--quiet", rev+"^{commit}"); err != nil {
		if _, topErr := git(dir, "rev-parse", "--show-toplevel"); topErr != nil {
			return "", "", topErr
		}
		// A branch of a remote is fetched by name, a clone of one branch
		// fetching no other when it is deepened.
		if hint := fetchHint(dir, rev); hint != "" {
			return "", "", fmt.Errorf("--changed-since %s: no such git revision%s", diag.Escape(rev), hint)
		}
		if isShallow(dir) {
			return "", "", fmt.Errorf("--changed-since %s: no such git revision in this shallow clone; fetch the history it needs (git fetch --unshallow, or fetch-depth: 0 with actions/checkout)", diag.Escape(rev))
		}
		return "", "", fmt.Errorf("--changed-since %s: no such git revision", diag.Escape(rev))
	}
	if base, err := git(dir, "merge-base", rev, "HEAD"); err == nil && base != "" {
		return base, "", nil
	}
	if isShallow(dir) {
		return rev, fmt.Sprintf("--changed-since %s: this shallow clone holds no commit that %s and HEAD share, so what changed on %s since the branch left it is reported too; fetch more of both histories (git fetch --deepen=100, or --unshallow) to leave it out", diag.Escape(rev), diag.Escape(rev), diag.Escape(rev)), nil
	}
	return rev, fmt.Sprintf("--changed-since %s: %s and HEAD share no commit; comparing with %s itself", diag.Escape(rev), diag.Escape(rev), diag.Escape(rev)), nil
}

// fetchHint says how to fetch rev when it names a branch of one of the
// repository's remotes that the clone lacks, as a CI job's checkout of
// the branch alone does: "origin/main" is fetched with git fetch origin
// main.
func fetchHint(dir, rev string) string {
	remote, branch, ok := strings.Cut(rev, "/")
	if !ok || branch == "" {
		return ""
	}
	remotes, err := git(dir, "remote")
	if err != nil || !slices.Contains(strings.Fields(remotes), remote) {
		return ""
	}
	return fmt.Sprintf("; this clone lacks that branch: fetch it first (git fetch %s %s)", remote, branch)
}

// git runs git in dir and returns what it printed; an error carries what
// git said.
func git(dir string, args ...string) (string, error) {
	cmd := exec.Command("git", args...)
	cmd.Dir = dir
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	if err := cmd.Run(); err != nil {
		msg := strings.TrimSpace(errOut.String())
		if msg == "" {
			msg = err.Error()
		}
		return "", fmt.Errorf("git %s: %s", args[0], msg)
	}
	return strings.TrimSuffix(out.String(), "\n"), nil
}

// isShallow reports whether dir is in a shallow clone, whose history
// stops short of the first commit: git keeps the list of its boundary
// commits in the shallow file, which older versions of git, without
// rev-parse --is-shallow-repository, have too.
func isShallow(dir string) bool {
	p, err := git(dir, "rev-parse", "--git-path", "shallow")
	if err != nil {
		return false
	}
	if !filepath.IsAbs(p) {
		p = filepath.Join(dir, p)
	}
	_, err = os.Stat(p)
	return err == nil
}

// withDependents adds to the changed folders those of the articles that
// refer to an article in one of them, or to the id of a folder that no
// longer holds an article: their findings may change with it. The same
// holds between the fragments and the articles that include one.
func withDependents(kb *content.KB, root string, changed map[string]bool) map[string]bool {
	ids := map[string]bool{}
	folderOf := map[*content.Article]string{}
	for _, a := range kb.Articles {
		rel, err := filepath.Rel(root, a.Dir)
		if err != nil {
			continue
		}
		folderOf[a] = filepath.ToSlash(rel)
		if changed[folderOf[a]] {
			ids[a.ID] = true
		}
	}
	for dir := range changed {
		ids[strings.ToUpper(dir)] = true // a folder is named after its article
	}
	out := map[string]bool{}
	for dir := range changed {
		out[dir] = true
	}
	for _, a := range kb.Articles {
		for _, id := range a.Refers() {
			if ids[id] {
				out[folderOf[a]] = true
				break
			}
		}
		// The steps of a fragment are checked where they are included:
		// an edit of the fragments concerns their includers, and an edit
		// of an includer may cause findings in the fragments' files.
		if len(a.IncludedFragments()) > 0 {
			switch {
			case changed[content.FragmentsDir]:
				out[folderOf[a]] = true
			case changed[folderOf[a]]:
				out[content.FragmentsDir] = true
			}
		}
	}
	return out
}

// inFolders keeps the findings located in the given top-level folders of
// the content folder root.
func inFolders(l diag.List, root string, folders map[string]bool) diag.List {
	var out diag.List
	for _, d := range l {
		rel, err := filepath.Rel(root, d.Pos.File)
		if err != nil || !filepath.IsLocal(rel) {
			continue
		}
		if dir, _, ok := strings.Cut(filepath.ToSlash(rel), "/"); ok && folders[dir] {
			out = append(out, d)
		}
	}
	return out
}

// onlyNew keeps, of the findings in the files compared (whose path from
// the content folder root it reports true for, files that did not
// change), those that a lint of the knowledge base at scope.since did
// not find, or found at a lower severity: a pull request answers for
// what its change caused there, such as a link to an anchor it renamed,
// or a rule it raised, not for what was there before it. Their files are
// as at the revision, so a finding there is the same finding at the same
// place. Where the knowledge base at the revision cannot be read or
// linted, every finding is kept, and scope.note says why.
func onlyNew(l diag.List, root string, co checkout, scope lintScope, rules []*lint.Rule, compared func(rel string) bool) diag.List {
	before, err := findingsAt(co, scope.since, rules)
	if err != nil {
		scope.note(fmt.Sprintf("--changed-since: every finding is reported, as the knowledge base could not be linted as the revision holds it: %v", err))
		return l
	}
	out := l[:0:0]
	for _, d := range l {
		if rel, err := filepath.Rel(root, d.Pos.File); err == nil && compared(filepath.ToSlash(rel)) {
			if was, ok := before[keyAt(d, filepath.ToSlash(rel))]; ok && d.Severity <= was {
				continue
			}
		}
		out = append(out, d)
	}
	return out
}

// atKey identifies a finding in a file whose text did not change; its
// severity is a rule's setting, which may have changed.
type atKey struct {
	file, rule, check, locale, message string
	line, column                       int
}

func keyAt(d diag.Diagnostic, rel string) atKey {
	return atKey{rel, d.Rule, d.Check, d.Locale, d.Message, d.Pos.Line, d.Pos.Column}
}

// findingsAt lints the knowledge base whose content folder is at co as
// git commit rev holds it, with the knowledge base's own UI catalogs
// beside it, and returns the severity of its findings by their place
// relative to the content folder.
func findingsAt(co checkout, rev string, rules []*lint.Rule) (map[atKey]diag.Severity, error) {
	absRoot, top := co.abs, co.top
	rel, err := filepath.Rel(top, absRoot)
	if err != nil || !filepath.IsLocal(rel) && rel != "." {
		return nil, fmt.Errorf("%s is outside its repository", absRoot)
	}
	tmp, err := os.MkdirTemp("", "kbc-changed-since-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(tmp)
	repo := filepath.Join(tmp, "repo")
	then := filepath.Join(repo, rel)
	paths := []string{filepath.ToSlash(rel)}
	if catalogs, inRepo, ok := co.catalogs(); ok {
		// Only if rev has them: git archive fails on a path it lacks.
		if _, err := git(top, "cat-file", "-e", rev+":"+inRepo); err == nil {
			paths = append(paths, inRepo)
		}
	} else if err := copyCatalogs(catalogs, locales.LocalDir(then)); err != nil {
		// The content folder is the repository's top: its catalogs
		// beside it have no history, and are as they are now.
		return nil, err
	}
	if err := extractAt(top, rev, paths, repo); err != nil {
		return nil, err
	}
	kb, loaded, err := content.LoadLean(then)
	if err != nil {
		return nil, err
	}
	out := map[atKey]diag.Severity{}
	for _, d := range append(loaded, lint.Run(kb, rules)...) {
		if r, err := filepath.Rel(then, d.Pos.File); err == nil {
			k := keyAt(d, filepath.ToSlash(r))
			out[k] = max(out[k], d.Severity)
		}
	}
	return out, nil
}

// copyCatalogs copies the regular files of the catalogs folder from, if
// there is one, into the folder to.
func copyCatalogs(from, to string) error {
	entries, err := os.ReadDir(from)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	if err := os.MkdirAll(to, 0o755); err != nil {
		return err
	}
	for _, e := range entries {
		if !e.Type().IsRegular() {
			continue
		}
		data, err := os.ReadFile(filepath.Join(from, e.Name()))
		if err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(to, e.Name()), data, 0o644); err != nil {
			return err
		}
	}
	return nil
}

// extractAt writes the files of the given paths of the repository at top
// as commit rev holds them into dir: its folders and regular files, not
// its symbolic links, whose targets a lint of the copy could not follow
// as the checkout's do, so that their findings are the checkout's alone.
func extractAt(top, rev string, paths []string, dir string) error {
	cmd := exec.Command("git", append([]string{"archive", "--format=tar", rev, "--"}, paths...)...)
	cmd.Dir = top
	var errOut bytes.Buffer
	cmd.Stderr = &errOut
	out, err := cmd.StdoutPipe()
	if err != nil {
		return err
	}
	if err := cmd.Start(); err != nil {
		return err
	}
	readErr := untar(out, dir)
	if readErr != nil {
		// git archive may be blocked writing what is left of the
		// archive: it is not read any more.
		_ = cmd.Process.Kill()
	}
	if err := cmd.Wait(); err != nil && readErr == nil {
		return fmt.Errorf("git archive: %s", strings.TrimSpace(errOut.String()))
	}
	return readErr
}

// untar writes the folders and regular files of a tar stream into dir.
func untar(r io.Reader, dir string) error {
	tr := tar.NewReader(r)
	for {
		h, err := tr.Next()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		if !filepath.IsLocal(h.Name) {
			return fmt.Errorf("git archive: %q lies outside the folder", h.Name)
		}
		p := filepath.Join(dir, filepath.FromSlash(h.Name))
		switch h.Typeflag {
		case tar.TypeDir:
			if err := os.MkdirAll(p, 0o755); err != nil {
				return err
			}
		case tar.TypeReg:
			if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
				return err
			}
			f, err := os.OpenFile(p, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o644)
			if err != nil {
				return err
			}
			_, err = io.Copy(f, tr)
			if cerr := f.Close(); err == nil {
				err = cerr
			}
			if err != nil {
				return err
			}
		}
	}
}
