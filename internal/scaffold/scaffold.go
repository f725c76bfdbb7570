// Package scaffold holds what kbc init writes into a new knowledge base:
// kb.yaml, an example article that lints clean, the JSON Schemas editors
// validate against, a GitHub Actions workflow that installs kbc at a
// pinned version, lints and builds, a pre-commit configuration, a
// .gitignore and a .gitattributes. Every template lives under templates/, named by the path it
// is written to, so that a new part of kb.yaml or of an article is added
// in one place.
package scaffold

import (
	"bytes"
	"embed"
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"slices"
	"strings"
	"text/template"

	"github.com/kbcdev/kbc/internal/i18n"
	"github.com/kbcdev/kbc/locales"
	"github.com/kbcdev/kbc/schema"
)

// templates holds the files to write, .tmpl ones executed first. "all:"
// takes .github/ too.
//
//go:embed all:templates
var templates embed.FS

// Options say what kind of knowledge base to make.
type Options struct {
	Locales []string // the first is the site's default
	Source  string   // the locale articles are written in; one of Locales
	// Version is the kbc the workflow installs ("v1.4.0", "latest"), Rev
	// the revision of kbc's repository the pre-commit hooks come from.
	Version, Rev string
	// Under is the folder of the knowledge base in its git repository,
	// slash-separated, when it is not the repository's top, as in a
	// repository that holds more than the knowledge base: "docs/help".
	// GitHub and pre-commit read their files at the top only: the
	// workflow then runs kbc in that folder, and the hooks name it.
	Under string
}

// File is one file of the new knowledge base.
type File struct {
	Path string // slash-separated, relative to the knowledge base's folder
	Data []byte
	// Merge is set for a file a repository may have already, such as
	// .gitignore or .gitattributes, whose lines are added to the existing file rather than
	// the file refused.
	Merge bool
	// AtTop is set for a file of the repository as a whole, which goes
	// at its top (see Options.Under), Path relative to it.
	AtTop bool
}

// topFiles are the files that GitHub and pre-commit read at the top of
// the repository.
var topFiles = []string{".github/workflows/kb.yml", ".pre-commit-config.yaml"}

// ContentDir is the content folder, holding kb.yaml, relative to the
// repository.
const ContentDir = "content"

// version is what Options.Version and Rev may be: a module version or
// branch-like name that is safe in YAML and in a shell word.
var version = regexp.MustCompile(`^(latest|main|v[0-9]+\.[0-9]+\.[0-9]+([-+][0-9A-Za-z.-]+)?)$`)

// folder is what Options.Under may be: a relative path safe in YAML and
// in a shell word, with no . or .. element.
var folder = regexp.MustCompile(`^[A-Za-z0-9_-][A-Za-z0-9._-]*(/[A-Za-z0-9_-][A-Za-z0-9._-]*)*$`)

// revision is what Options.Rev may be besides a version: a commit's hash,
// whole or its first twelve digits, as a pseudo-version names it.
var revision = regexp.MustCompile(`^[0-9a-f]{12,40}$`)

// Check reports options that cannot make a knowledge base.
func (o Options) Check() error {
	switch {
	case len(o.Locales) == 0:
		return fmt.Errorf("no locales")
	case !slices.Contains(o.Locales, o.Source):
		return fmt.Errorf("source locale %q is not among the locales %s", o.Source, strings.Join(o.Locales, ", "))
	case !version.MatchString(o.Version):
		return fmt.Errorf("invalid kbc version %q: want a module version such as v1.4.0, or latest", o.Version)
	case !version.MatchString(o.Rev) && !revision.MatchString(o.Rev):
		return fmt.Errorf("invalid kbc revision %q: want a tag such as v1.4.0, a commit's hash, or main", o.Rev)
	case o.Under != "" && !folder.MatchString(o.Under):
		return fmt.Errorf("the knowledge base's folder %q in its repository: kbc init writes a CI workflow for folders named with letters, digits and . _ - / only", o.Under)
	}
	return nil
}

// Files returns the files of a new knowledge base, in the order they are
// written.
func Files(o Options) ([]File, error) {
	if err := o.Check(); err != nil {
		return nil, err
	}
	data := struct {
		Locales                      []string
		Source, ExampleLang, Content string
		Version, Rev                 string
		Under                        string
	}{o.Locales, o.Source, exampleLang(o), ContentDir, o.Version, o.Rev, o.Under}
	var files []File
	err := fs.WalkDir(templates, "templates", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		src, err := fs.ReadFile(templates, p)
		if err != nil {
			return err
		}
		out := strings.TrimPrefix(p, "templates/")
		if strings.HasSuffix(out, ".tmpl") {
			out = strings.TrimSuffix(out, ".tmpl")
			if src, err = execute(p, src, data); err != nil {
				return err
			}
		}
		f := File{Path: dotted(out), Data: src}
		f.Merge = f.Path == ".gitignore" || f.Path == ".gitattributes"
		f.AtTop = slices.Contains(topFiles, f.Path)
		files = append(files, f)
		return nil
	})
	if err != nil {
		return nil, err
	}
	schemas, err := schemaFiles()
	if err != nil {
		return nil, err
	}
	files = append(files, schemas...)
	for _, l := range o.Locales {
		if f, ok, err := catalogFor(l); err != nil {
			return nil, err
		} else if ok {
			files = append(files, f)
		}
	}
	return files, nil
}

// dotted names the files that start with a dot: under their own names in
// this repository, git and pre-commit would read them as its own.
func dotted(p string) string {
	switch p {
	case "gitignore", "gitattributes", "pre-commit-config.yaml":
		return "." + p
	}
	return p
}

// exampleLang is the language of the example article, which is written in
// English: English when the knowledge base has it, else the source locale,
// whose typography the example's plain sentences satisfy too.
func exampleLang(o Options) string {
	if slices.Contains(o.Locales, "en") {
		return "en"
	}
	return o.Source
}

func execute(name string, src []byte, data any) ([]byte, error) {
	// Articles hold {{step:…}} references, so templates use other
	// delimiters.
	t, err := template.New(name).Delims("<%", "%>").Funcs(template.FuncMap{
		"join": strings.Join,
		"names": func(locales []string, name string) string {
			parts := make([]string, len(locales))
			for i, l := range locales {
				parts[i] = l + ": " + name
			}
			return strings.Join(parts, ", ")
		},
	}).Parse(string(src))
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	if err := t.Execute(&buf, data); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// schemaFiles are the JSON Schemas the content files link to, in schema/
// beside the content folder.
func schemaFiles() ([]File, error) {
	names, err := fs.Glob(schema.FS, "*.schema.json")
	if err != nil {
		return nil, err
	}
	var files []File
	for _, n := range names {
		b, err := fs.ReadFile(schema.FS, n)
		if err != nil {
			return nil, err
		}
		files = append(files, File{Path: path.Join("schema", n), Data: b})
	}
	return files, nil
}

// catalogFor returns, for a locale kbc carries no UI strings for, a
// catalog of the knowledge base's own to translate: the English one. A
// locale kbc carries needs none.
func catalogFor(locale string) (File, bool, error) {
	if _, err := fs.Stat(locales.FS, locale+".yaml"); err == nil {
		return File{}, false, nil
	}
	en, err := fs.ReadFile(locales.FS, "en.yaml")
	if err != nil {
		return File{}, false, err
	}
	head := fmt.Sprintf("# The UI strings of the help site in %s, which kbc does not carry: translate\n"+
		"# each message from English; kbc lint warns of each one left so. A plural\n"+
		"# message has the forms %s needs, each in English to begin with:\n# %s.\n",
		locale, locale, strings.Join(i18n.PluralForms(locale), ", "))
	return File{Path: path.Join(locales.Dir, locale+".yaml"), Data: append([]byte(head), withPluralForms(en, i18n.PluralForms(locale))...)}, true, nil
}

// pluralForm matches a line of a plural message of kbc's catalogs, which
// write one form a line under the message's id: its form and its text.
var pluralForm = regexp.MustCompile(`^  (zero|one|two|few|many|other): (.*)$`)

// withPluralForms returns the English catalog with each plural message
// given the forms need, as a locale's catalog must have them, and no
// others: a form English has keeps its text, and the others take that of
// "other", so that the catalog is whole for lint and the translator fills
// in the words.
func withPluralForms(en []byte, need []string) []byte {
	var out bytes.Buffer
	lines := strings.SplitAfter(string(en), "\n")
	for i := 0; i < len(lines); i++ {
		out.WriteString(lines[i])
		forms := map[string]string{}
		j := i + 1
		for ; j < len(lines); j++ {
			m := pluralForm.FindStringSubmatch(strings.TrimRight(lines[j], "\n"))
			if m == nil {
				break
			}
			forms[m[1]] = m[2]
		}
		if len(forms) == 0 {
			continue
		}
		for _, f := range need {
			text, ok := forms[f]
			if !ok {
				text = forms["other"]
			}
			fmt.Fprintf(&out, "  %s: %s\n", f, text)
		}
		i = j - 1
	}
	return out.Bytes()
}
