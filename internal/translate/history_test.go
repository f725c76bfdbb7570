package translate_test

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kbcdev/kbc/internal/content"
	"github.com/kbcdev/kbc/internal/coverage"
	"github.com/kbcdev/kbc/internal/translate"
)

// git runs git in dir as a writer with a name would.
func git(t testing.TB, dir string, args ...string) {
	t.Helper()
	cmd := exec.Command("git", args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GIT_AUTHOR_NAME=kbc", "GIT_AUTHOR_EMAIL=kbc@example.com",
		"GIT_COMMITTER_NAME=kbc", "GIT_COMMITTER_EMAIL=kbc@example.com", "GIT_CONFIG_GLOBAL=/dev/null")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("git %s: %v\n%s", strings.Join(args, " "), err, out)
	}
}

// historyKB makes a git repository whose KB1 was committed with each of
// the step texts in turn, the French translated from the first.
func historyKB(t testing.TB, texts ...string) string {
	t.Helper()
	repo := t.TempDir()
	root := filepath.Join(repo, "content")
	writeKB(t, root, map[string]string{
		"kb.yaml":     "source_locale: en\nlocales: [en, fr]\n",
		"kb1/fr.yaml": fmt.Sprintf("lang: fr\nprocedures.p.steps.s.text: {text: Ouvrez **Réglages**., source: %q}\n", content.Fingerprint(texts[0])),
	})
	git(t, repo, "init", "-q")
	for i, text := range texts {
		writeKB(t, root, map[string]string{"kb1/article.yaml": "id: KB1\ntitle: Reset\nprocedures:\n  - id: p\n    title: Reset\n    steps:\n      - id: s\n        text: " + text + "\n"})
		git(t, repo, "add", "-A")
		git(t, repo, "commit", "-q", "-m", fmt.Sprintf("version %d", i+1))
	}
	return root
}

// The source text a stale unit was translated from is found in the
// history of the source file by its fingerprint, however many versions
// ago, within the depth; past it, or outside git, the unit says why.
func TestPreviousSources(t *testing.T) {
	const key = "procedures.p.steps.s.text"
	root := historyKB(t, "Open **Settings**.", "Open **Settings** now.", "Open the **Settings**.", "Open the **Settings** app.")
	kb := loadKB(t, root)
	a := kb.Article("KB1")
	pending := coverage.PendingUnits(a, "fr")
	got := translate.PreviousSources(context.Background(), kb.Config, a, pending, translate.HistoryDepth)
	if p := got[key]; !p.Found || p.Text != "Open **Settings**." {
		t.Errorf("previous source %+v", p)
	}
	if len(got) != 1 {
		t.Errorf("previous sources for %d units, want the stale one only: %+v", len(got), got)
	}

	got = translate.PreviousSources(context.Background(), kb.Config, a, pending, 2)
	if p := got[key]; p.Found || p.Why != "no version of article.yaml among the last 2 in git has a text with fingerprint "+content.Fingerprint("Open **Settings**.") {
		t.Errorf("past the depth: %+v", p)
	}

	// The same files outside git.
	plain := t.TempDir()
	copyDir(t, root, plain)
	kb = loadKB(t, plain)
	a = kb.Article("KB1")
	got = translate.PreviousSources(context.Background(), kb.Config, a, coverage.PendingUnits(a, "fr"), translate.HistoryDepth)
	if p := got[key]; p.Found || !strings.HasSuffix(p.Why, "article.yaml is not in a git repository") {
		t.Errorf("outside git: %+v", p)
	}
}

// A fragment's stale unit finds its previous source text in the history
// of fragment.yaml, read as a fragment, as an article's does in its own.
func TestPreviousSourcesOfAFragment(t *testing.T) {
	repo := t.TempDir()
	root := filepath.Join(repo, "content")
	old, now := "Wake the screen.", "Wake the phone's screen."
	writeKB(t, root, map[string]string{
		"kb.yaml":                   "source_locale: en\nlocales: [en, fr]\n",
		"_fragments/unlock/fr.yaml": fmt.Sprintf("lang: fr\nsteps.wake.text: {text: Réveillez l’écran., source: %q}\n", content.Fingerprint(old)),
	})
	git(t, repo, "init", "-q")
	for i, text := range []string{old, now} {
		writeKB(t, root, map[string]string{"_fragments/unlock/fragment.yaml": "id: unlock\nsteps:\n  - id: wake\n    text: " + text + "\n"})
		git(t, repo, "add", "-A")
		git(t, repo, "commit", "-q", "-m", fmt.Sprintf("version %d", i+1))
	}
	kb := loadKB(t, root)
	if len(kb.Fragments) != 1 {
		t.Fatalf("%d fragments loaded, want 1", len(kb.Fragments))
	}
	f := &kb.Fragments[0].Article
	got := translate.PreviousSources(context.Background(), kb.Config, f, coverage.PendingUnits(f, "fr"), translate.HistoryDepth)
	if p := got["steps.wake.text"]; !p.Found || p.Text != old {
		t.Errorf("previous source of the fragment's unit: %+v", p)
	}
}

// BenchmarkPreviousSources finds a translation's source text 100 versions
// back, the walk of one export of one article at its longest but for
// HistoryDepth.
func BenchmarkPreviousSources(b *testing.B) {
	texts := make([]string, 100)
	for i := range texts {
		texts[i] = fmt.Sprintf("Open **Settings**, version %d.", i)
	}
	root := historyKB(b, texts...)
	kb, _, err := content.Load(root)
	if err != nil {
		b.Fatal(err)
	}
	a := kb.Article("KB1")
	pending := coverage.PendingUnits(a, "fr")
	for b.Loop() {
		if p := translate.PreviousSources(context.Background(), kb.Config, a, pending, translate.HistoryDepth); !p["procedures.p.steps.s.text"].Found {
			b.Fatal("not found")
		}
	}
}
