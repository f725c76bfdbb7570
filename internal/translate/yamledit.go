package translate

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"gopkg.in/yaml.v3"
)

// newLocaleFile is the start of a locale file that an import creates; the
// schema comment matches the one kbc new writes into source files.
const newLocaleFile = "# yaml-language-server: $schema=../../schema/translation.schema.json\nlang: %s\n"

// Render returns the locale file with the edit applied. old is the file's
// content, or nil when it does not exist yet. The file is edited as a
// yaml.v3 node tree and re-encoded, so other units keep their order, style
// and comments: a unit already in the file is rewritten in place, a new
// one goes where source order puts it when the file follows source order,
// else at the end. The result is read back before it is returned, so a
// text that would not survive the trip is an error, not a damaged file.
func (e *LocaleEdit) Render(old []byte) (out []byte, added, updated int, err error) {
	if old == nil {
		old = fmt.Appendf(nil, newLocaleFile, e.Locale)
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(old, &doc); err != nil {
		return nil, 0, 0, fmt.Errorf("%s: %w", e.Path, err)
	}
	if doc.Kind != yaml.DocumentNode || len(doc.Content) != 1 || doc.Content[0].Kind != yaml.MappingNode {
		return nil, 0, 0, fmt.Errorf("%s: not a mapping of units; fix the file, then import again", e.Path)
	}
	root := doc.Content[0]
	order := e.sourceOrder()
	for _, u := range e.Units {
		if i := pairIndex(root, u.Key); i >= 0 {
			setUnit(root.Content[i+1], u)
			updated++
			continue
		}
		insertPair(root, insertionPoint(root, order, u.Key), scalar(u.Key, 0), unitNode(u))
		added++
	}
	var b bytes.Buffer
	enc := yaml.NewEncoder(&b)
	enc.SetIndent(2)
	if err := enc.Encode(&doc); err != nil {
		return nil, 0, 0, fmt.Errorf("%s: %w", e.Path, err)
	}
	if err := enc.Close(); err != nil {
		return nil, 0, 0, fmt.Errorf("%s: %w", e.Path, err)
	}
	if err := e.readBack(b.Bytes()); err != nil {
		return nil, 0, 0, err
	}
	return b.Bytes(), added, updated, nil
}

// sourceOrder ranks the article's source keys in document order.
func (e *LocaleEdit) sourceOrder() map[string]int {
	order := map[string]int{}
	for i, t := range e.Article.Texts() {
		order[t.Key] = i
	}
	return order
}

func pairIndex(m *yaml.Node, key string) int {
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			return i
		}
	}
	return -1
}

// insertionPoint returns where a new unit goes in the mapping: after the
// last unit that comes before it in the source (so before any orphans that
// follow), or before the first that comes after it, or after lang, when
// the units the file holds follow source order; at the end otherwise,
// since a file in an order of its own has no right place for it.
func insertionPoint(m *yaml.Node, order map[string]int, key string) int {
	rank := order[key]
	after, before, afterLang, last := -1, -1, -1, -1
	for i := 0; i+1 < len(m.Content); i += 2 {
		k := m.Content[i].Value
		r, known := order[k]
		if !known {
			if k == "lang" {
				afterLang = i + 2
			}
			continue
		}
		if r < last {
			return len(m.Content)
		}
		last = r
		if r < rank {
			after = i + 2
		} else if before < 0 {
			before = i
		}
	}
	switch {
	case after >= 0:
		return after
	case before >= 0:
		return before
	case afterLang >= 0:
		return afterLang
	}
	return len(m.Content)
}

func insertPair(m *yaml.Node, at int, k, v *yaml.Node) {
	m.Content = append(m.Content[:at], append([]*yaml.Node{k, v}, m.Content[at:]...)...)
}

func scalar(value string, style yaml.Style) *yaml.Node {
	return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: value, Style: style}
}

func unitNode(u ImportedUnit) *yaml.Node {
	return &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map", Content: []*yaml.Node{
		scalar("text", 0), scalar(u.Text, textStyle(u.Text, 0)),
		scalar("source", 0), scalar(u.Source, yaml.DoubleQuotedStyle),
	}}
}

// setUnit rewrites a unit's text and fingerprint in place, keeping the
// node's comments and, where it still fits, its style.
func setUnit(v *yaml.Node, u ImportedUnit) {
	if v.Kind != yaml.MappingNode {
		n := unitNode(u)
		n.HeadComment, n.LineComment, n.FootComment = v.HeadComment, v.LineComment, v.FootComment
		*v = *n
		return
	}
	set := func(key, value string, style yaml.Style) {
		if i := pairIndex(v, key); i >= 0 {
			n := v.Content[i+1]
			n.Kind, n.Tag, n.Value, n.Style, n.Alias, n.Content = yaml.ScalarNode, "!!str", value, style, nil, nil
			return
		}
		v.Content = append(v.Content, scalar(key, 0), scalar(value, style))
	}
	var old yaml.Style
	if i := pairIndex(v, "text"); i >= 0 {
		old = v.Content[i+1].Style
	}
	set("text", u.Text, textStyle(u.Text, old))
	set("source", u.Source, yaml.DoubleQuotedStyle)
}

// textStyle chooses how a text is written: a literal block when it spans
// lines, so that Markdown bodies stay readable; quoted otherwise, so that
// no text is read as a number or a boolean. An existing quoted or block
// style is kept when it suits the text.
func textStyle(text string, old yaml.Style) yaml.Style {
	multi := strings.Contains(text, "\n")
	switch {
	case multi && old&(yaml.LiteralStyle|yaml.FoldedStyle) != 0:
		return old
	case multi:
		return yaml.LiteralStyle
	case old&(yaml.SingleQuotedStyle|yaml.DoubleQuotedStyle) != 0:
		return old
	}
	return yaml.DoubleQuotedStyle
}

// readBack checks that the rendered file holds every unit as imported.
func (e *LocaleEdit) readBack(out []byte) error {
	var m map[string]yaml.Node
	if err := yaml.Unmarshal(out, &m); err != nil {
		return fmt.Errorf("%s: the edited file does not read back: %w", e.Path, err)
	}
	for _, u := range e.Units {
		var got struct {
			Text   string `yaml:"text"`
			Source string `yaml:"source"`
		}
		n, ok := m[u.Key]
		if !ok {
			return fmt.Errorf("%s: unit %s is missing from the edited file", e.Path, u.Key)
		}
		if err := n.Decode(&got); err != nil || got.Text != u.Text || got.Source != u.Source {
			return fmt.Errorf("%s: unit %s does not read back as imported", e.Path, u.Key)
		}
	}
	return nil
}

// WriteFileAtomic replaces the file at path with data: it writes a
// temporary file beside it and renames it over the old one, so the file is
// either the old or the new one, never half written. The temporary name
// starts with a dot, which the content loader skips.
func WriteFileAtomic(path string, data []byte) (err error) {
	mode := os.FileMode(0o644)
	if st, err := os.Stat(path); err == nil {
		mode = st.Mode().Perm()
	} else if !errors.Is(err, os.ErrNotExist) {
		return err
	}
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(f.Name())
		}
	}()
	if _, err = f.Write(data); err != nil {
		return err
	}
	if err = f.Chmod(mode); err != nil {
		return err
	}
	if err = f.Sync(); err != nil {
		return err
	}
	if err = f.Close(); err != nil {
		return err
	}
	return os.Rename(f.Name(), path)
}
