package translate

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/kbcdev/kbc/internal/content"
	"github.com/kbcdev/kbc/internal/coverage"
	"github.com/kbcdev/kbc/internal/xliff"
)

// HistoryDepth is how many versions of an article's source file, newest
// first, PreviousSources reads at most: enough for the life of most
// translations, and a bound on the time one export takes.
const HistoryDepth = 200

// PreviousSources finds the source text each stale unit of the article
// was translated from. The source file keeps only the current text; a
// stale unit keeps the fingerprint of the old one. So the git history of
// the source file is read, newest version first, at most depth versions:
// each is loaded as kbc loads an article, and the text of the unit's key
// whose fingerprint is the unit's is the one. The walk stops once every
// unit has its text. Without git, outside a repository or without such a
// version, each unit says why instead; nothing here fails an export.
func PreviousSources(ctx context.Context, cfg *content.Config, a *content.Article, stale []coverage.Pending, depth int) map[string]xliff.PreviousSource {
	want := map[string]string{} // key -> fingerprint of the old source text
	for _, p := range stale {
		if p.State == coverage.Stale && p.Old != nil {
			want[p.Source.Key] = p.Old.Source
		}
	}
	out := map[string]xliff.PreviousSource{}
	if len(want) == 0 {
		return out
	}
	versions := 0
	err := walkHistory(ctx, a.File, depth, func(src []byte) bool {
		versions++
		old := parseVersion(a, src, cfg)
		if old == nil {
			return true
		}
		for _, t := range old.Texts() {
			if fp, ok := want[t.Key]; ok && content.Fingerprint(t.Value) == fp {
				out[t.Key] = xliff.PreviousSource{Text: t.Value, Found: true}
				delete(want, t.Key)
			}
		}
		return len(want) > 0
	})
	for key, fp := range want {
		why := fmt.Sprintf("no version of %s among the last %d in git has a text with fingerprint %s", filepath.Base(a.File), versions, fp)
		if err != nil {
			why = err.Error()
		}
		out[key] = xliff.PreviousSource{Why: why}
	}
	return out
}

// parseVersion reads an old version of the source file of a, an article
// or a fragment, as kbc loads that kind of file; nil when it cannot be used.
func parseVersion(a *content.Article, src []byte, cfg *content.Config) *content.Article {
	if a.IsFragment() {
		if f, _ := content.ParseFragment(a.File, src, cfg); f != nil {
			return &f.Article
		}
		return nil
	}
	old, _ := content.ParseArticle(a.File, src, cfg)
	return old
}

// walkHistory calls visit with the content of the file at each commit
// that changed it, newest first, at most depth of them, until visit
// returns false. It runs git twice: git log for the commits, then one
// git cat-file that hands over each version as it is asked for.
func walkHistory(ctx context.Context, file string, depth int, visit func([]byte) bool) error {
	if _, err := exec.LookPath("git"); err != nil {
		return errors.New("git is not installed, so the history of the source file cannot be read")
	}
	dir, name := filepath.Split(file)
	if dir == "" {
		dir = "."
	}
	prefix, err := gitOutput(ctx, dir, "rev-parse", "--show-prefix")
	if err != nil {
		return fmt.Errorf("%s is not in a git repository", file)
	}
	log, err := gitOutput(ctx, dir, "log", "--format=%H", "-n", strconv.Itoa(depth), "--", name)
	if err != nil {
		return fmt.Errorf("git log of %s failed: %v", file, err)
	}
	revs := strings.Fields(log)
	if len(revs) == 0 {
		return fmt.Errorf("%s has no history in git: it was never committed", file)
	}
	path := strings.TrimSpace(prefix) + name
	cmd := exec.CommandContext(ctx, "git", "cat-file", "--batch")
	cmd.Dir = dir
	stdin, err := cmd.StdinPipe()
	if err != nil {
		return err
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return err
	}
	if err := cmd.Start(); err != nil {
		return err
	}
	defer func() {
		stdin.Close()
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
	}()
	r := bufio.NewReader(stdout)
	for _, rev := range revs {
		if _, err := fmt.Fprintf(stdin, "%s:%s\n", rev, path); err != nil {
			return err
		}
		blob, err := readBatchObject(r)
		if err != nil {
			return fmt.Errorf("git cat-file: %v", err)
		}
		if blob != nil && !visit(blob) {
			return nil
		}
	}
	return nil
}

// readBatchObject reads one answer of git cat-file --batch: the object,
// or nil for one that is missing (a commit that deleted the file) or too
// large to be a content file.
func readBatchObject(r *bufio.Reader) ([]byte, error) {
	header, err := r.ReadString('\n')
	if err != nil {
		return nil, err
	}
	fields := strings.Fields(header)
	if len(fields) == 2 && fields[1] == "missing" {
		return nil, nil
	}
	if len(fields) != 3 {
		return nil, fmt.Errorf("unexpected answer %q", strings.TrimSpace(header))
	}
	size, err := strconv.ParseInt(fields[2], 10, 64)
	if err != nil || size < 0 {
		return nil, fmt.Errorf("unexpected size in %q", strings.TrimSpace(header))
	}
	if size > content.MaxFileSize || fields[1] != "blob" {
		_, err := io.CopyN(io.Discard, r, size+1)
		return nil, err
	}
	buf := make([]byte, size+1) // the object and its newline
	if _, err := io.ReadFull(r, buf); err != nil {
		return nil, err
	}
	return buf[:size], nil
}

func gitOutput(ctx context.Context, dir string, args ...string) (string, error) {
	cmd := exec.CommandContext(ctx, "git", args...)
	cmd.Dir = dir
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		if msg := strings.TrimSpace(stderr.String()); msg != "" {
			return "", errors.New(msg)
		}
		return "", err
	}
	return string(out), nil
}
