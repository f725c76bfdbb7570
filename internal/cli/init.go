package cli

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"runtime/debug"
	"slices"
	"strings"

	"golang.org/x/text/language"

	"github.com/kbcdev/kbc/internal/content"
	"github.com/kbcdev/kbc/internal/scaffold"
	"github.com/kbcdev/kbc/internal/serve"
)

func runInit(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("init", stderr, "[--locales L,...] [--source L] [--kbc-version V] [DIR]")
	localeList := fs.String("locales", "en", "comma-separated `locales` of the site; the first is its default")
	source := fs.String("source", "", "the `locale` articles are written in (default: the first locale)")
	kbcVersion := fs.String("kbc-version", "", "the kbc `version` the CI workflow installs and the pre-commit hooks use (default: this kbc's)")
	paths, code, ok := parseInterspersed(fs, args, stderr)
	if !ok {
		return code
	}
	fail := usageFailure("init", stderr)
	if len(paths) > 1 {
		return fail("want at most one folder, got %d", len(paths))
	}
	dir := "."
	if len(paths) == 1 {
		dir = paths[0]
	}
	opts, err := initOptions(*localeList, *source, *kbcVersion)
	if err != nil {
		return fail("%v", err)
	}
	top, under, atHome, err := repositoryTop(dir)
	if err != nil {
		return fail("%v", err)
	}
	if atHome {
		fmt.Fprintf(stdout, "%s is in the git repository of the home folder, taken for one of its own files rather than the knowledge base's: the CI workflow and pre-commit hooks go in %s, the top of a repository made there\n", dir, dir)
	}
	if opts.Under = under; under != "" {
		if err := opts.Check(); err != nil {
			return fail("%v", err)
		}
		shown, err := filepath.Abs(top)
		if err != nil {
			shown = top
		}
		fmt.Fprintf(stdout, "%s is in the git repository at %s: its CI workflow and pre-commit hooks go at that top, where GitHub and pre-commit read them\n", dir, shown)
	}
	if *kbcVersion == "" && opts.Version == "latest" {
		fmt.Fprintf(stderr, "kbc init: this kbc is not a release, so the workflow installs kbc@latest and the hooks come from main; pin a release with --kbc-version\n")
	}
	files, err := scaffold.Files(opts)
	if err != nil {
		return fail("%v", err)
	}
	if err := refuseKnowledgeBase(dir); err != nil {
		return fail("%v", err)
	}
	workflowKept := false
	workflow := filepath.Join(top, workflowPath)
	err = writeScaffold(dir, top, files, func(what, path string) {
		fmt.Fprintf(stdout, "%s %s\n", what, path)
		workflowKept = workflowKept || (what == "kept" && strings.HasPrefix(filepath.ToSlash(path), filepath.ToSlash(workflow)))
	})
	if err != nil {
		return fail("%v", err)
	}
	// The steps begin in dir.
	shown, err := filepath.Rel(dir, workflow)
	if err != nil {
		shown = workflow
	}
	printNextSteps(stdout, dir, shown, workflowKept)
	return ExitOK
}

// repositoryTop returns the top of the git repository that dir is in, as
// a path from the working directory, and dir's folder there,
// slash-separated, when dir is not the top: GitHub and pre-commit read
// their files at the top only (see scaffold.Options.Under). Outside a
// repository, the top is dir itself, as a repository made there later
// has it; and so it is for a folder in a repository at the home folder,
// such as a repository of dotfiles, which a knowledge base is rarely part
// of. Init says where it puts them.
// atHome is set when the repository passed over is the home folder's.
func repositoryTop(dir string) (top, under string, atHome bool, err error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return "", "", false, err
	}
	home, _ := os.UserHomeDir()
	if home != "" {
		home = filepath.Clean(home)
	}
	for t := abs; ; t = filepath.Dir(t) {
		if isRepository(t) {
			if t == abs || t == home {
				return dir, "", t != abs, nil
			}
			up, err := filepath.Rel(abs, t)
			if err != nil {
				return "", "", false, err
			}
			rel, err := filepath.Rel(t, abs)
			if err != nil {
				return "", "", false, err
			}
			return filepath.Join(dir, up), filepath.ToSlash(rel), false, nil
		}
		if filepath.Dir(t) == t {
			return dir, "", false, nil
		}
	}
}

// workflowPath is the CI workflow kbc init writes.
const workflowPath = ".github/workflows/kb.yml"

// initOptions reads the flags of kbc init.
func initOptions(localeList, source, version string) (scaffold.Options, error) {
	var o scaffold.Options
	for _, l := range strings.Split(localeList, ",") {
		l = strings.TrimSpace(l)
		if l == "" {
			continue
		}
		tag, err := language.Parse(l)
		if err != nil {
			return o, fmt.Errorf("invalid locale %q: %v", l, err)
		}
		if tag.String() != l {
			return o, fmt.Errorf("locale %q is canonically written %q", l, tag.String())
		}
		if slices.Contains(o.Locales, l) {
			return o, fmt.Errorf("locale %q is listed twice", l)
		}
		o.Locales = append(o.Locales, l)
	}
	if len(o.Locales) == 0 {
		return o, fmt.Errorf("--locales names no locale")
	}
	o.Source = source
	if o.Source == "" {
		o.Source = o.Locales[0]
	}
	o.Version, o.Rev = version, hooksRevision(version)
	if version == "" {
		o.Version, o.Rev = releaseVersion()
	}
	return o, o.Check()
}

// pseudoVersion matches the end of a Go pseudo-version, such as
// v0.0.0-20250101000000-abcdefabcdef: the commit's time and the first
// twelve digits of its hash, at group 1.
var pseudoVersion = regexp.MustCompile(`[-.][0-9]{14}-([0-9a-f]{12})$`)

// hooksRevision returns the revision of kbc's repository that pre-commit
// takes the hooks from, for the kbc the workflow installs: latest is
// main's, and a pseudo-version names the commit it was made from. A tag
// is both.
func hooksRevision(version string) string {
	if version == "latest" {
		return "main"
	}
	if m := pseudoVersion.FindStringSubmatch(version); m != nil {
		return m[1]
	}
	return version
}

// release is a version a tag names: no pseudo-version, no +dirty.
var release = regexp.MustCompile(`^v[0-9]+\.[0-9]+\.[0-9]+(-(alpha|beta|rc)[0-9.]*)?$`)

// releaseVersion returns the release of this kbc, for the workflow to
// install and the hooks to use; a kbc built from a work tree knows none.
func releaseVersion() (version, rev string) {
	if info, ok := debug.ReadBuildInfo(); ok {
		if v, _, _ := strings.Cut(moduleVersion(info), " "); release.MatchString(v) {
			return v, v
		}
	}
	return "latest", "main"
}

// refuseKnowledgeBase refuses a folder that already holds a knowledge base,
// or a content folder that would be mistaken for one.
func refuseKnowledgeBase(dir string) error {
	for _, p := range []string{filepath.Join(dir, content.ConfigFile), filepath.Join(dir, scaffold.ContentDir)} {
		if _, err := os.Lstat(p); err == nil {
			return fmt.Errorf("%s already exists; kbc init makes a new knowledge base and changes no existing one", p)
		} else if !errors.Is(err, fs.ErrNotExist) {
			return err
		}
	}
	return nil
}

// writeScaffold writes the files under dir, and those of the repository
// as a whole under top, never replacing one: a file that exists is kept
// as it was, except that the lines a mergeable file (.gitignore) lacks
// are added to it. It tells done what it did with each file: "created",
// "updated" or "kept … as it was".
func writeScaffold(dir, top string, files []scaffold.File, done func(what, path string)) error {
	for _, f := range files {
		base := dir
		if f.AtTop {
			base = top
		}
		p := filepath.Join(base, filepath.FromSlash(f.Path))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return err
		}
		old, err := os.ReadFile(p)
		switch {
		case errors.Is(err, fs.ErrNotExist):
			if err := createFile(p, f.Data); err != nil {
				return err
			}
			done("created", p)
		case err != nil:
			return err
		case f.Merge && len(missingLines(old, f.Data)) > 0:
			if err := appendFile(p, old, missingLines(old, f.Data)); err != nil {
				return err
			}
			done("updated", p)
		default:
			done("kept", p+" as it was")
		}
	}
	return nil
}

// createFile writes a new file, refusing one that exists: kbc init and
// kbc new never replace a writer's file.
func createFile(p string, data []byte) error {
	f, err := os.OpenFile(p, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return err
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// missingLines returns the lines of want that have lacks.
func missingLines(have, want []byte) []byte {
	lines := map[string]bool{}
	for _, l := range strings.Split(string(have), "\n") {
		lines[strings.TrimSpace(l)] = true
	}
	var add bytes.Buffer
	for _, l := range strings.Split(strings.TrimSuffix(string(want), "\n"), "\n") {
		if !lines[strings.TrimSpace(l)] {
			add.WriteString(l + "\n")
		}
	}
	return add.Bytes()
}

func appendFile(p string, old, add []byte) error {
	f, err := os.OpenFile(p, os.O_WRONLY|os.O_APPEND, 0)
	if err != nil {
		return err
	}
	if len(old) > 0 && !bytes.HasSuffix(old, []byte("\n")) {
		add = append([]byte("\n"), add...)
	}
	if _, err := f.Write(add); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// printNextSteps says what a new team does next. A workflow that was
// there already is not kbc's, which does not promise what it checks.
func printNextSteps(w io.Writer, dir, workflow string, workflowKept bool) {
	fmt.Fprintf(w, "\nnext:\n")
	if dir != "." {
		fmt.Fprintf(w, "  cd %s\n", shellWord(dir))
	}
	for _, step := range [][2]string{
		{`kbc new KB1001 --title "..."`, "add an article (content/kb1000 is an example)"},
		{"kbc lint", "check the knowledge base"},
		{"kbc serve", "preview the site at http://" + serve.DefaultAddr + "/"},
	} {
		fmt.Fprintf(w, "  %-30s %s\n", step[0], step[1])
	}
	if workflowKept {
		fmt.Fprintf(w, "  %-30s %s\n", "git add -A && git commit", "then run kbc lint in CI: "+workflow+" was there already, so kbc's was not written (kbc init into an empty folder shows it)")
		return
	}
	fmt.Fprintf(w, "  %-30s %s\n", "git add -A && git commit", "then "+workflow+" checks every pull request")
}
