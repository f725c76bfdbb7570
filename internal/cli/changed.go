package cli

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"

	"github.com/kbcdev/kbc/internal/content"
	"github.com/kbcdev/kbc/internal/diag"
	"github.com/kbcdev/kbc/locales"
)

// changedSince returns the top-level folders of the content folder root
// whose files differ from git commit rev (see changeBase), committed or not, tracked or
// new; whole reports a change to a file outside every folder, such as
// kb.yaml, or to the knowledge base's own UI catalogs beside the folder,
// which every article depends on.
func changedSince(root, rev string) (folders map[string]bool, whole bool, err error) {
	absRoot, err := filepath.Abs(root)
	if err != nil {
		return nil, false, err
	}
	absRoot, err = filepath.EvalSymlinks(absRoot)
	if err != nil {
		return nil, false, err
	}
	top, err := git(absRoot, "rev-parse", "--show-toplevel")
	if err != nil {
		return nil, false, err
	}
	top = strings.TrimSpace(top)
	pathspecs := []string{"."}
	catalogs := locales.LocalDir(absRoot)
	if rel, err := filepath.Rel(top, catalogs); err == nil && filepath.IsLocal(rel) {
		pathspecs = append(pathspecs, filepath.Join("..", locales.Dir))
	}
	diff, err := git(absRoot, append([]string{"diff", "--name-only", "--no-renames", "-z", rev, "--"}, pathspecs...)...)
	if err != nil {
		return nil, false, err
	}
	untracked, err := git(absRoot, append([]string{"ls-files", "--others", "--exclude-standard", "-z", "--full-name", "--"}, pathspecs...)...)
	if err != nil {
		return nil, false, err
	}
	folders = map[string]bool{}
	for _, name := range append(strings.Split(diff, "\x00"), strings.Split(untracked, "\x00")...) {
		if name == "" {
			continue
		}
		file := filepath.Join(top, filepath.FromSlash(name))
		if within(file, catalogs) {
			whole = true
			continue
		}
		rel, err := filepath.Rel(absRoot, file)
		if err != nil || !filepath.IsLocal(rel) {
			continue
		}
		dir, _, inFolder := strings.Cut(filepath.ToSlash(rel), "/")
		if !inFolder {
			whole = true
			continue
		}
		folders[dir] = true
	}
	return folders, whole, nil
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
