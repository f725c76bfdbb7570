package cli

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/kbcdev/kbc/internal/contentfile"
	"github.com/kbcdev/kbc/internal/diag"
	"github.com/kbcdev/kbc/internal/legacy"
)

// importLangs are the languages the importer can be told a file is in.
var importLangs = []string{"en", "fr", "hu", "ja"}

// importFormat says what kbc import reads, after its flags in its help.
const importFormat = `
kbc import reads the plain text of a help center's articles, as a browser's
"Save as text" writes a page: one or several articles run together. An
article starts at a line "KB1234 Title", at a short heading-like line or
a Markdown heading ("# Title"), or where the step numbers start again at 1.
Steps are lines that start with their number ("2) Tap OK", "2. Tap OK",
"２）…"), choices with their letter ("2.a) If …"); figure captions are lines
of their own ("Figure 1", "1. ábra", "図 1"); bullets ("•") before the steps
are requirements, and a troubleshooting heading starts troubleshooting
entries. Typed references become kbc's: "repeat step 2" {{step:…}}, "see
KB2277" {{kb:KB2277}}, "(Figure 1)" {{fig:…}}; a step of another article is
left as written. HTML is refused: save the pages as text first.

Each article becomes a folder under -o holding a skeleton to review, every
placeholder starting with TODO, which lint warns of until it is replaced.
Defects of the text are reported at file:line:col; the exit status is 1
when one is an error, with the skeletons written all the same.
`

func runImport(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("import", stderr, "[--lang L] [-o DIR] FILE...")
	usage := fs.Usage
	fs.Usage = func() {
		usage()
		fmt.Fprint(fs.Output(), importFormat)
	}
	lang := fs.String("lang", "", "the `language` of every article (en, fr, hu, ja); detected per block when empty")
	out := fs.String("o", "imported", "the `folder` to write one skeleton folder per article into")
	files, code, ok := parseInterspersed(fs, args, stderr)
	if !ok {
		return code
	}
	fail := usageFailure("import", stderr)
	if len(files) == 0 {
		return fail("want at least one legacy text file to import")
	}
	if *lang != "" {
		if err := oneOf("lang", *lang, importLangs...); err != nil {
			return fail("%v", err)
		}
	}
	var (
		all   diag.List
		arts  []*legacy.Article
		ioErr bool
	)
	for _, f := range files {
		src, err := readLegacy(f)
		if err != nil {
			fmt.Fprintf(stderr, "kbc import: %v\n", err)
			ioErr = true
			continue
		}
		// A file refused whole (not UTF-8, HTML) is a finding of its
		// own: the other files are imported all the same.
		a, d := legacy.Parse(f, src, legacy.Options{Lang: *lang})
		arts = append(arts, a...)
		all = append(all, d...)
	}
	all.Sort()
	if err := diag.PrintText(stdout, all, workingDir()); err != nil {
		return fail("%v", err)
	}
	if ioErr {
		return ExitUsage
	}
	paths, err := planFolders(*out, arts)
	if err != nil {
		return fail("%v", err)
	}
	for i, a := range arts {
		src, err := a.Skeleton()
		if err != nil {
			return fail("%s: %v", paths[i], err)
		}
		if err := os.MkdirAll(*out, 0o755); err != nil {
			return fail("%v", err)
		}
		if err := writeNew(paths[i], src); err != nil {
			return fail("%v", err)
		}
		fmt.Fprintf(stdout, "created %s\n", paths[i])
	}
	fmt.Fprintf(stdout, "%s\n", importSummary(files, arts, all))
	if all.HasErrors() {
		// The skeletons are written all the same: the findings are the
		// legacy text's, for the writer to mend in them.
		return ExitFindings
	}
	return ExitOK
}

// planFolders chooses every skeleton's path before anything is written, so
// that a run that would overwrite a folder writes nothing at all.
func planFolders(out string, arts []*legacy.Article) ([]string, error) {
	taken := map[string]bool{}
	paths := make([]string, len(arts))
	for i, a := range arts {
		name := a.Folder()
		if taken[name] {
			// Two articles claim the same KB id: the second keeps its own.
			a.KBID = ""
			name = a.Folder()
		}
		taken[name] = true
		dir := filepath.Join(out, name)
		if _, err := os.Lstat(dir); err == nil {
			return nil, fmt.Errorf("%s already exists; import into another folder with -o, or move it away", dir)
		} else if !errors.Is(err, fs.ErrNotExist) {
			return nil, err
		}
		paths[i] = filepath.Join(dir, "article.yaml")
	}
	return paths, nil
}

// importSummary counts articles per file and findings per rule.
func importSummary(files []string, arts []*legacy.Article, l diag.List) string {
	perFile := map[string]int{}
	for _, a := range arts {
		perFile[a.File]++
	}
	var parts []string
	for _, f := range files {
		parts = append(parts, fmt.Sprintf("%s: %d articles", diag.Escape(f), perFile[f]))
	}
	byRule := map[string]int{}
	for _, d := range l {
		byRule[d.Rule]++
	}
	rules := make([]string, 0, len(byRule))
	for r := range byRule {
		rules = append(rules, r)
	}
	sort.Strings(rules)
	var counts []string
	for _, r := range rules {
		counts = append(counts, fmt.Sprintf("%s %d", r, byRule[r]))
	}
	s := "imported " + strings.Join(parts, ", ")
	if len(counts) > 0 {
		s += "; findings: " + strings.Join(counts, ", ")
	}
	return s
}

// maxLegacySize bounds a legacy text file: a whole help center's export
// is a few megabytes.
const maxLegacySize = 64 << 20

// readLegacy reads a legacy text file, refusing a named pipe or a device,
// which could keep the import waiting for ever, and a file larger than
// maxLegacySize.
func readLegacy(path string) ([]byte, error) {
	var buf bytes.Buffer
	if err := contentfile.ReadLimited(path, maxLegacySize+1, &buf); err != nil {
		return nil, err
	}
	if buf.Len() > maxLegacySize {
		return nil, fmt.Errorf("%s: larger than %d MiB; split it into several files", path, maxLegacySize>>20)
	}
	return buf.Bytes(), nil
}
