package legacy

import (
	"bytes"
	"fmt"
	"path/filepath"
	"regexp"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/kbcdev/kbc/internal/content"
	"github.com/kbcdev/kbc/internal/diag"
)

// PlaceholderID is the id of a skeleton whose KB id the text does not
// give: valid, so that the file loads, and obviously not a real article,
// which lint says while it stays.
const PlaceholderID = content.ImportPlaceholderID

// ID returns the article's KB id, or PlaceholderID.
func (a *Article) ID() string {
	if a.KBID != "" {
		return a.KBID
	}
	return PlaceholderID
}

var nonSlug = regexp.MustCompile(`[^a-z0-9]+`)

// Folder names the skeleton's folder: the KB id in lower case when it is
// known, otherwise import-<file>-<n>.
func (a *Article) Folder() string {
	if a.KBID != "" {
		return strings.ToLower(a.KBID)
	}
	base := strings.TrimSuffix(filepath.Base(a.File), filepath.Ext(a.File))
	base = strings.Trim(nonSlug.ReplaceAllString(strings.ToLower(base), "-"), "-")
	return fmt.Sprintf("import-%s-%d", base, a.N)
}

// title is the article's title as its skeleton writes it: without the
// article's own id, when the title gave it and the article has it (an
// import that finds the id claimed twice leaves it to the first).
func (a *Article) title() string {
	if a.KBID == "" {
		return a.Title
	}
	return clean(withoutSelfRef(a.Title))
}

// Skeleton returns the article.yaml of the article: every structure the
// text gave, with TODO placeholders where it gave none, and a header that
// says what a writer still has to do.
func (a *Article) Skeleton() ([]byte, error) {
	doc := mapping()
	id := str(a.ID())
	if a.KBID == "" {
		id.LineComment = "TODO the text does not say which article this is: set its id and rename the folder after it"
	}
	doc.add("id", id)
	doc.add("lang", str(a.Lang))
	doc.add("title", str(orTodo(a.title(), "the text has no title for this article")))
	if len(a.Reqs) > 0 {
		doc.add("requirements", strList(a.Reqs))
	}
	if len(a.Sections) > 0 {
		secs := &node{Node: yaml.Node{Kind: yaml.SequenceNode}}
		for _, s := range a.Sections {
			m := mapping()
			m.add("id", str(s.ID))
			if s.Title != "" {
				m.add("title", str(s.Title))
			}
			if s.Body != "" {
				m.add("body", literal(s.Body))
			}
			secs.Content = append(secs.Content, &m.Node)
		}
		doc.add("sections", secs)
	}
	if len(a.Figures) > 0 {
		figs := mapping()
		for _, f := range a.Figures {
			m := mapping()
			m.Style = yaml.FlowStyle
			m.add("src", str("figures/"+f.ID+".png"))
			// The caption's label is left out: a typed figure number is
			// what lint reports, and the line finds the caption.
			m.add("alt", str(fmt.Sprintf("TODO describe the image whose caption is at line %d", f.Line)))
			figs.add(f.ID, m)
		}
		doc.add("figures", figs)
	}
	if len(a.Steps) > 0 {
		proc := mapping()
		proc.add("id", str("procedure"))
		proc.add("title", str(orTodo(a.title(), "the task this procedure performs")))
		if a.Intro != "" {
			proc.add("intro", str(a.Intro))
		}
		steps := &node{Node: yaml.Node{Kind: yaml.SequenceNode}}
		for _, s := range a.Steps {
			steps.Content = append(steps.Content, &stepNode(s).Node)
		}
		proc.add("steps", steps)
		procs := &node{Node: yaml.Node{Kind: yaml.SequenceNode}}
		procs.Content = append(procs.Content, &proc.Node)
		doc.add("procedures", procs)
	}
	if len(a.Trouble) > 0 {
		list := &node{Node: yaml.Node{Kind: yaml.SequenceNode}}
		for _, t := range a.Trouble {
			m := mapping()
			m.add("id", str(t.ID))
			m.add("symptom", str(orTodo(t.Symptom, "what the reader sees")))
			m.add("remedy", str(orTodo(t.Remedy, "how to fix it")))
			list.Content = append(list.Content, &m.Node)
		}
		doc.add("troubleshooting", list)
	}
	if len(a.SeeAlso) > 0 {
		l := strList(a.SeeAlso)
		l.Style = yaml.FlowStyle
		doc.add("see_also", l)
	}

	var buf bytes.Buffer
	buf.WriteString(a.header())
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	if err := enc.Encode(&doc.Node); err != nil {
		return nil, err
	}
	if err := enc.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

func stepNode(s *Step) *node {
	m := mapping()
	m.add("id", str(s.ID))
	m.add("text", str(s.Text))
	if len(s.Choices) > 0 {
		list := &node{Node: yaml.Node{Kind: yaml.SequenceNode}}
		for _, c := range s.Choices {
			cm := mapping()
			cm.add("when", str(c.When))
			cm.add("text", str(orTodo(c.Text, "what the reader does then")))
			if c.Next != "" {
				cm.add("next", str(c.Next))
			}
			list.Content = append(list.Content, &cm.Node)
		}
		m.add("choices", list)
	}
	if s.Note != "" {
		m.add("note", str(s.Note))
	}
	return m
}

// header is the comment at the top of a skeleton: where it came from and
// what lint will still report.
func (a *Article) header() string {
	var b strings.Builder
	b.WriteString("# yaml-language-server: $schema=../../schema/article.schema.json\n")
	// The file's name is escaped: a line break in it would end the
	// comment and write YAML of its own into the skeleton.
	fmt.Fprintf(&b, "# Imported by kbc import from %s, lines %d to %d (language %s).\n", diag.Escape(filepath.Base(a.File)), a.StartLine, a.EndLine, a.Lang)
	b.WriteString("# A skeleton to review, not a finished article. Still to do:\n")
	if a.KBID == "" {
		fmt.Fprintf(&b, "#   - id %s is a placeholder: set the article's id and rename the folder after it\n", PlaceholderID)
		b.WriteString("#     (lint warns about it until then).\n")
	}
	if len(a.Figures) > 0 {
		b.WriteString("#   - the figure files under figures/ do not exist yet: lint's figures rule\n")
		b.WriteString("#     reports each one until the images are added.\n")
	}
	b.WriteString("#   - every value starting with TODO is a placeholder; write the text in the\n")
	b.WriteString("#     project's own words, and name steps for what they do.\n")
	if len(a.SeeAlso) > 0 || strings.Contains(a.allText(), "{{kb:") {
		b.WriteString("#   - {{kb:}} and see_also targets must exist in the knowledge base or in\n")
		b.WriteString("#     kb.yaml's external registry, or lint's references rule reports them.\n")
	}
	return b.String()
}

func (a *Article) allText() string {
	var b strings.Builder
	b.WriteString(a.Intro)
	for _, s := range a.Steps {
		b.WriteString(s.Text + s.Note)
		for _, c := range s.Choices {
			b.WriteString(c.When + c.Text)
		}
	}
	for _, s := range a.Sections {
		b.WriteString(s.Body)
	}
	for _, t := range a.Trouble {
		b.WriteString(t.Symptom + t.Remedy)
	}
	return b.String()
}

// node wraps yaml.Node with the few builders the skeleton needs.
type node struct{ yaml.Node }

func mapping() *node { return &node{Node: yaml.Node{Kind: yaml.MappingNode}} }

func str(s string) *node {
	return &node{Node: yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: s}}
}

func literal(s string) *node {
	n := str(s)
	if strings.Contains(s, "\n") {
		n.Style = yaml.LiteralStyle
	}
	return n
}

func strList(items []string) *node {
	l := &node{Node: yaml.Node{Kind: yaml.SequenceNode}}
	for _, s := range items {
		l.Content = append(l.Content, &str(s).Node)
	}
	return l
}

func (m *node) add(key string, v *node) {
	m.Content = append(m.Content, &str(key).Node, &v.Node)
}

// orTodo returns s, or a TODO placeholder saying what the writer must
// supply when the legacy text gave nothing.
func orTodo(s, missing string) string {
	if s == "" {
		return content.ImportPlaceholderPrefix + missing
	}
	return s
}
