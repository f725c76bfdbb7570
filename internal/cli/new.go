package cli

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"text/template"

	"gopkg.in/yaml.v3"

	"github.com/kbcdev/kbc/internal/content"
	"github.com/kbcdev/kbc/internal/suggest"
)

func runNew(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("new", stderr, `KBnnnn --title "..." [--section S] [--lang L] [--content DIR]`)
	title := fs.String("title", "", "the article's `title`, in the article's language")
	section := fs.String("section", "", "the kb.yaml `section` the article is listed in; required when kb.yaml declares categories")
	lang := fs.String("lang", "", "the article's source `locale`; defaults to kb.yaml's source_locale")
	dir := fs.String("content", ".", "the knowledge base, or a folder inside it")
	args, code, ok := parseInterspersed(fs, args, stderr)
	if !ok {
		return code
	}
	fail := usageFailure("new", stderr)
	if len(args) != 1 {
		return fail(`want one article id, like "kbc new KB1234 --title \"...\""; got %d arguments`, len(args))
	}
	// The folder's name, kb1005, is as good a way to name the article.
	id := strings.ToUpper(args[0])
	if !content.IsArticleID(id) {
		return fail("invalid article id %q: a KB id is \"KB\" followed by one to twelve digits, like \"KB2277\"", args[0])
	}
	t := strings.TrimSpace(*title)
	switch {
	case t == "":
		return fail("--title is required")
	case strings.ContainsAny(t, "\r\n"):
		return fail("--title must be one line")
	}
	path, src, requires, err := newArticle(*dir, id, t, *section, *lang)
	if err != nil {
		return fail("%v", err)
	}
	if err := writeNew(path, src); err != nil {
		return fail("%v", err)
	}
	fmt.Fprintf(stdout, "created %s\n", path)
	if len(requires) > 0 {
		fmt.Fprintf(stdout, "a draft: kb.yaml requires it in %s before it is published; remove status: draft then\n", strings.Join(requires, ", "))
	} else {
		// Its placeholders would otherwise reach the site with the next
		// build, lint warning of them only.
		fmt.Fprintln(stdout, "a draft: kbc serve shows it, kbc build leaves it out; remove status: draft once its placeholders are replaced")
	}
	return ExitOK
}

// newArticle works out where article id goes in the knowledge base that
// holds dir, and its source text; requires lists the locales kb.yaml
// requires besides the article's own, which make the new article a draft:
// it cannot be published complete before they are translated.
func newArticle(dir, id, title, section, lang string) (path string, src []byte, requires []string, err error) {
	root, err := content.FindRoot(dir)
	if err != nil {
		return "", nil, nil, err
	}
	kb, _, err := content.Load(root)
	if err != nil {
		return "", nil, nil, err
	}
	if a := kb.Article(id); a != nil {
		return "", nil, nil, fmt.Errorf("%s already exists in %s", id, a.Dir)
	}
	if lang == "" {
		lang = kb.Config.SourceLocale
	}
	if !kb.Config.HasLocale(lang) {
		return "", nil, nil, fmt.Errorf("--lang %q is not one of the configured locales %s", lang, strings.Join(kb.Config.Locales, ", "))
	}
	if err := checkSection(kb.Config, section); err != nil {
		return "", nil, nil, err
	}
	folder := filepath.Join(root, strings.ToLower(id))
	if _, err := os.Lstat(folder); err == nil {
		return "", nil, nil, fmt.Errorf("%s already exists", folder)
	} else if !errors.Is(err, fs.ErrNotExist) {
		return "", nil, nil, err
	}
	for _, l := range kb.Config.RequiredLocales {
		if l != lang {
			requires = append(requires, l)
		}
	}
	src, err = articleSkeleton(id, lang, title, section, requires)
	return filepath.Join(folder, content.SourceFile), src, requires, err
}

// checkSection refuses a section the sections rule would report: none
// where kb.yaml declares categories, or one it does not declare.
func checkSection(cfg *content.Config, section string) error {
	ids := cfg.SectionIDs()
	switch {
	case section == "" && len(ids) > 0:
		quoted := make([]string, len(ids))
		for i, id := range ids {
			quoted[i] = strconv.Quote(id)
		}
		return fmt.Errorf("--section is required: kb.yaml's categories declare %s", strings.Join(quoted, ", "))
	case section == "":
		return nil
	case len(ids) == 0:
		return fmt.Errorf("--section %q: kb.yaml declares no categories and sections", section)
	case cfg.Section(section) == nil:
		return fmt.Errorf("--section %q: kb.yaml declares no such section%s", section, suggest.Hint(section, ids))
	}
	return nil
}

// writeNew creates the article folder and its source file, refusing to
// reuse a folder that appeared meanwhile.
func writeNew(path string, src []byte) error {
	if err := os.Mkdir(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	return createFile(path, src)
}

// skeleton is a new article: valid as written, so that the writer starts
// from a clean lint and replaces the placeholder text, with the optional
// parts shown as comments, and a draft, so that no build publishes the
// placeholders meanwhile. The placeholders (content.Placeholders) avoid
// punctuation so that no locale's typography rule objects to them, and
// lint warns of any left in place.
var skeleton = template.Must(template.New("article").Parse(`# yaml-language-server: $schema=../../schema/article.schema.json
id: {{.ID}}
lang: {{.Lang}}
{{with .Requires}}status: draft # kb.yaml requires {{.}} before publishing: remove this line then
{{else}}status: draft # kbc serve shows it, kbc build leaves it out: remove this line once the placeholders are replaced
{{end}}{{with .Section}}section: {{.}}
{{end}}title: {{.Title}}
summary: {{.Placeholders.Summary}}
# requirements:
#   - What the reader needs before starting
# notes:
#   - {id: before-you-start, kind: note, text: Something to know first}   # kind: note | tip | warning
# figures:
#   screen: {src: figures/screen.png, alt: What the image shows}
procedures:
  - id: main
    title: {{.Placeholders.Procedure}}
    # platforms: [android, ios]   # branches, from kb.yaml
    steps:
      - id: first-action
        text: {{.Placeholders.Step}}
        # result: What the reader sees afterwards
        # choices:
        #   - when: A condition the reader can see
        #     text: What to do then
        #     next: another-step   # or end: true
# troubleshooting:
#   - id: short-name
#     symptom: What goes wrong
#     remedy: How to fix it
# see_also: [KB1234]
`))

func articleSkeleton(id, lang, title, section string, requires []string) ([]byte, error) {
	var buf bytes.Buffer
	if section != "" {
		section = yamlScalar(section)
	}
	err := skeleton.Execute(&buf, struct {
		ID, Lang, Title, Section, Requires string
		Placeholders                       content.SkeletonPlaceholders
	}{id, yamlScalar(lang), yamlScalar(title), section, strings.Join(requires, ", "), content.Placeholders})
	return buf.Bytes(), err
}

// yamlScalar writes s as a YAML scalar, quoted when YAML would otherwise
// read it as something else (a title starting with "[" or holding ": ").
func yamlScalar(s string) string {
	out, err := yaml.Marshal(&yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: s})
	if err != nil {
		return fmt.Sprintf("%q", s)
	}
	return strings.TrimSuffix(string(out), "\n")
}
