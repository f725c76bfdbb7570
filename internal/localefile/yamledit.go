// Package localefile writes translations into an article's locale file,
// such as fr.yaml, in place: an edit rewrites the bytes of the units it
// changes and no others, so that the file keeps its layout, comments and
// line endings, and the result is read back before it is used. A file is
// read, locked and replaced so that no other writer's work is lost.
package localefile

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/kbcdev/kbc/internal/content"
	"github.com/kbcdev/kbc/internal/contentfile"
	"github.com/kbcdev/kbc/internal/diag"
)

// LocaleEdit is what an import writes into one article's locale file.
type LocaleEdit struct {
	Article *content.Article
	Locale  string
	Path    string         // the locale file; it may not exist yet
	Units   []ImportedUnit // in source order
	Exists  bool           // whether Path exists
}

// ImportedUnit is one translated text to write, with the fingerprint of
// the source text it translates.
type ImportedUnit struct {
	Key    string
	Text   string
	Source string
	From   diag.Position // the XLIFF unit's <target>, where findings in its text are reported
	// Comment, when set, is written as comment lines above a new unit.
	Comment string
}

// newLocaleFile is the start of a locale file that an import creates; the
// schema comment matches the one kbc new writes into source files.
const newLocaleFile = "# yaml-language-server: $schema=%sschema/translation.schema.json\nlang: %s\n"

// toTop is the way up from a locale file at path to the folder holding the
// content folder, where kbc init puts the schemas: two folders up from an
// article's, three from a fragment's.
func toTop(path string) string {
	if filepath.Base(filepath.Dir(filepath.Dir(path))) == content.FragmentsDir {
		return "../../../"
	}
	return "../../"
}

// Render returns the locale file with the edit applied. old is the file's
// content, or nil when it does not exist yet. Only the bytes of what the
// edit changes are rewritten: a unit already in the file gets its text and
// fingerprint rewritten in place, in their style where it still fits; a
// new one goes where source order puts it when the file follows source
// order, else at the end. Every other byte stays as it was, so the file
// keeps its byte-order mark, line endings, blank lines, comments and
// layout. The result is read back before it is returned, so a text that
// would not survive the trip, or an edit that would change anything else,
// is an error, not a damaged file.
func (e *LocaleEdit) Render(old []byte) (out []byte, added, updated int, err error) {
	r, err := e.Apply(old)
	if err != nil {
		return nil, 0, 0, err
	}
	if err := r.Verify(); err != nil {
		return nil, 0, 0, err
	}
	return r.Out, r.Added, r.Updated, nil
}

// Rendering is a locale file with an edit applied, not yet read back.
type Rendering struct {
	edit           *LocaleEdit
	old            *yamlText
	Out            []byte
	Added, Updated int
	// Spans holds the lines (1-based, inclusive) that each unit of the
	// edit occupies in Out, by key.
	Spans map[string][2]int
}

// splice replaces src[start:end] with text, on behalf of a unit.
type splice struct {
	start, end int
	rank       int // among splices at one offset: insertions, then marks, then the rest
	text       string
	unit       string
}

const (
	rankInsert = iota
	rankMark
	rankReplace
)

// Apply returns the file with the edit applied, as Render does, but
// before it is read back (see Rendering.Verify): a caller that checks the
// result in its own way first, as an import does, verifies it after.
func (e *LocaleEdit) Apply(old []byte) (*Rendering, error) {
	if old == nil {
		old = fmt.Appendf(nil, newLocaleFile, toTop(e.Path), e.Locale)
	}
	t, err := parseYAMLText(old)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", e.Path, err)
	}
	r := &Rendering{edit: e, old: t}
	order := e.sourceOrder()
	var splices []splice
	for _, u := range e.Units {
		var s []splice
		if i := pairIndex(t.root, u.Key); i >= 0 {
			s, err = t.updateUnit(t.root.Content[i], t.root.Content[i+1], u)
			r.Updated++
		} else {
			s, err = t.addUnit(insertionPoint(t.root, order, u.Key), u)
			r.Added++
		}
		if err != nil {
			return nil, fmt.Errorf("%s: unit %s cannot be written in place: %w", e.Path, u.Key, err)
		}
		splices = append(splices, s...)
	}
	if r.Out, r.Spans, err = t.apply(splices); err != nil {
		return nil, fmt.Errorf("%s: %w", e.Path, err)
	}
	return r, nil
}

// apply returns the file with the splices made, and the lines each unit's
// splices span in it.
func (t *yamlText) apply(splices []splice) ([]byte, map[string][2]int, error) {
	sort.SliceStable(splices, func(i, j int) bool {
		a, b := splices[i], splices[j]
		if a.start != b.start {
			return a.start < b.start
		}
		return a.rank < b.rank
	})
	var b bytes.Buffer
	if t.bom {
		b.Write(byteOrderMark)
	}
	offsets := map[string][2]int{}
	last := 0
	for _, s := range splices {
		if s.start < last {
			return nil, nil, fmt.Errorf("two edits of unit %s overlap at line %d", s.unit, t.lineOf(s.start)+1)
		}
		b.Write(t.src[last:s.start])
		start := b.Len()
		b.WriteString(s.text)
		end := b.Len()
		if o, ok := offsets[s.unit]; ok {
			start, end = min(start, o[0]), max(end, o[1])
		}
		offsets[s.unit] = [2]int{start, end}
		last = s.end
	}
	b.Write(t.src[last:])
	out := b.Bytes()
	spans := map[string][2]int{}
	for k, o := range offsets {
		first := 1 + bytes.Count(out[:o[0]], []byte("\n"))
		spans[k] = [2]int{first, first + bytes.Count(out[o[0]:max(o[1]-1, o[0])], []byte("\n"))}
	}
	return out, spans, nil
}

// updateUnit returns the splices that rewrite the text and fingerprint of
// the unit k: v in place.
func (t *yamlText) updateUnit(k, v *yaml.Node, u ImportedUnit) ([]splice, error) {
	keyAt, err := t.offset(k)
	if err != nil {
		return nil, err
	}
	out := []splice{{start: keyAt, end: keyAt, rank: rankMark, unit: u.Key}}
	if v.Kind != yaml.MappingNode || len(v.Content) == 0 {
		// Not a unit as the schema has it: the value, whatever it is,
		// makes way for one.
		s, err := t.replaceValue(k, v, u)
		return append(out, s), err
	}
	flow := v.Style&yaml.FlowStyle != 0
	for _, f := range []struct {
		key, value string
		style      func(old yaml.Style) yaml.Style
	}{
		{"text", u.Text, func(old yaml.Style) yaml.Style { return textStyle(u.Text, old, flow) }},
		{"source", u.Source, func(old yaml.Style) yaml.Style { return fingerprintStyle(u.Source, old, flow) }},
	} {
		i := pairIndex(v, f.key)
		if i < 0 {
			s, err := t.addField(v, f.key, f.value, f.style(yaml.DoubleQuotedStyle), u.Key)
			if err != nil {
				return nil, err
			}
			out = append(out, s)
			continue
		}
		fk, fv := v.Content[i], v.Content[i+1]
		if fv.Kind == yaml.ScalarNode && fv.Value == f.value && (fv.Tag == "!!str" || f.key == "source") {
			continue
		}
		x, err := t.extentOf(fv, v.Column-1, flow)
		if err != nil {
			return nil, err
		}
		style := f.style(fv.Style)
		if fv.Kind != yaml.ScalarNode {
			style = f.style(yaml.DoubleQuotedStyle)
		}
		indent := x.indent
		if indent < 0 || fv.Style&yaml.LiteralStyle == 0 {
			indent = fk.Column - 1 + 2
		}
		s := splice{start: x.start, end: x.end, rank: rankReplace, unit: u.Key}
		text, comment := t.formatScalar(f.value, style, strings.Repeat(" ", indent)), x.comment
		if rest := t.src[x.end:t.lineEnd(x.end)]; style&yaml.LiteralStyle != 0 && !isBlank(rest) {
			// What follows the old value on its line (a comment) would be
			// text after a block's last line: it goes on its header line.
			comment, s.end = string(rest), t.lineEnd(x.end)
		}
		if header, lines, ok := strings.Cut(text, t.eol); ok && style&yaml.LiteralStyle != 0 {
			s.text = header + comment + t.eol + lines
		} else {
			s.text = text + comment
		}
		out = append(out, s)
	}
	return out, nil
}

// replaceValue returns the splice that puts the unit u in place of the
// value v of key k, from the colon after k to the end of v.
func (t *yamlText) replaceValue(k, v *yaml.Node, u ImportedUnit) (splice, error) {
	start, err := t.offset(k)
	if err != nil {
		return splice{}, err
	}
	colon := bytes.IndexByte(t.src[start:t.lineEnd(start)], ':')
	if k.Style&(yaml.DoubleQuotedStyle|yaml.SingleQuotedStyle) != 0 {
		x, err := t.extentOf(k, 0, false)
		if err != nil {
			return splice{}, err
		}
		colon = bytes.IndexByte(t.src[x.end:t.lineEnd(x.end)], ':') + x.end - start
	}
	if colon < 0 {
		return splice{}, fmt.Errorf("no colon after the key at line %d", k.Line)
	}
	s := splice{start: start + colon + 1, rank: rankReplace, unit: u.Key}
	s.end = s.start
	if !(v.Kind == yaml.ScalarNode && v.Tag == "!!null" && v.Value == "") {
		x, err := t.extentOf(v, 0, false)
		if err != nil {
			return splice{}, err
		}
		s.end = x.end
	}
	s.text = strings.TrimSuffix(t.eol+t.unitFields(u), t.eol)
	return s, nil
}

// unitFields writes the text and fingerprint of a new unit, as block
// mapping lines indented by two spaces, each ending with a line break.
func (t *yamlText) unitFields(u ImportedUnit) string {
	return "  text: " + t.formatScalar(u.Text, textStyle(u.Text, yaml.DoubleQuotedStyle, false), "    ") + t.eol +
		"  source: " + doubleQuoted(u.Source) + t.eol
}

// addField returns the splice that adds key: value to the unit mapping v,
// which lacks it.
func (t *yamlText) addField(v *yaml.Node, key, value string, style yaml.Style, unit string) (splice, error) {
	x, err := t.extentOf(v, 0, false)
	if err != nil {
		return splice{}, err
	}
	if v.Style&yaml.FlowStyle != 0 {
		if style&yaml.LiteralStyle != 0 {
			style = yaml.DoubleQuotedStyle
		}
		at := x.end - 1 // the closing brace
		return splice{start: at, end: at, rank: rankReplace, unit: unit, text: ", " + key + ": " + t.formatScalar(value, style, "")}, nil
	}
	ind := strings.Repeat(" ", v.Column-1)
	at := t.nextLine(x.end)
	text := ind + key + ": " + t.formatScalar(value, style, ind+"  ") + t.eol
	if at == len(t.src) && !bytes.HasSuffix(t.src, []byte("\n")) {
		text = t.eol + strings.TrimSuffix(text, t.eol)
	}
	return splice{start: at, end: at, rank: rankInsert, unit: unit, text: text}, nil
}

// addUnit returns the splice that inserts a new unit where the pair at
// index at of the file's mapping is (see insertionPoint): on the line after
// the pair before it, so that the comments above the next pair stay with
// it, or before the first pair.
func (t *yamlText) addUnit(at int, u ImportedUnit) ([]splice, error) {
	m := t.root
	var off int
	switch {
	case at >= 2:
		end, err := t.pairEnd(m.Content[at-2], m.Content[at-1], m.Column-1)
		if err != nil {
			return nil, err
		}
		off = t.nextLine(end)
	case len(m.Content) > 0:
		k, err := t.offset(m.Content[0])
		if err != nil {
			return nil, err
		}
		off = t.lines[t.lineOf(k)]
	default:
		off = len(t.src)
	}
	key := u.Key
	if !plainFits(key, false) {
		key = doubleQuoted(key)
	}
	text := key + ":" + t.eol + t.unitFields(u)
	if u.Comment != "" {
		var c strings.Builder
		for _, l := range strings.Split(u.Comment, "\n") {
			c.WriteString(strings.TrimRight("# "+l, " ") + t.eol)
		}
		text = c.String() + text
	}
	if off == len(t.src) && len(t.src) > 0 && !bytes.HasSuffix(t.src, []byte("\n")) {
		text = t.eol + strings.TrimSuffix(text, t.eol)
	}
	return []splice{{start: off, end: off, rank: rankInsert, unit: u.Key, text: text}}, nil
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

// textStyle chooses how a text is written: a literal block when it spans
// lines, so that Markdown bodies stay readable (double-quoted where a
// block cannot hold it); else the old style where it still reads back as
// the text, double-quoted otherwise, so that no text is read as a number
// or a boolean.
func textStyle(text string, old yaml.Style, flow bool) yaml.Style {
	switch {
	case strings.Contains(text, "\n"):
		if !flow && literalFits(text) {
			return yaml.LiteralStyle
		}
	case old&yaml.SingleQuotedStyle != 0 && singleFits(text):
		return yaml.SingleQuotedStyle
	case old&^yaml.FlowStyle == 0 && plainFits(text, flow):
		return 0
	}
	return yaml.DoubleQuotedStyle
}

// fingerprintStyle keeps a fingerprint's old style where it reads back as
// the fingerprint.
func fingerprintStyle(fp string, old yaml.Style, flow bool) yaml.Style {
	switch {
	case old&yaml.SingleQuotedStyle != 0:
		return yaml.SingleQuotedStyle
	case old&^yaml.FlowStyle == 0 && plainFits(fp, flow):
		return 0
	}
	return yaml.DoubleQuotedStyle
}

// Verify reads the rendered file back: every unit of the edit must read
// as imported, and every other value as before.
func (r *Rendering) Verify() error {
	e := r.edit
	t, err := parseYAMLText(r.Out)
	if err != nil {
		return fmt.Errorf("%s: the edited file does not read back: %w", e.Path, err)
	}
	units := map[string]ImportedUnit{}
	for _, u := range e.Units {
		units[u.Key] = u
		i := pairIndex(t.root, u.Key)
		if i < 0 {
			return fmt.Errorf("%s: unit %s is missing from the edited file", e.Path, u.Key)
		}
		if v := t.root.Content[i+1]; !readsAs(v, "text", u.Text) || !readsAs(v, "source", u.Source) {
			return fmt.Errorf("%s: unit %s does not read back as imported", e.Path, u.Key)
		}
	}
	old := r.old.root
	if len(t.root.Content) != len(old.Content)+2*r.Added {
		return fmt.Errorf("%s: the edited file does not hold the units it held", e.Path)
	}
	for i := 0; i+1 < len(old.Content); i += 2 {
		k, v := old.Content[i], old.Content[i+1]
		j := pairIndex(t.root, k.Value)
		if j < 0 {
			return fmt.Errorf("%s: %s is missing from the edited file", e.Path, k.Value)
		}
		w := t.root.Content[j+1]
		if _, ok := units[k.Value]; ok {
			if v.Kind != yaml.MappingNode {
				continue // replaced whole, and read back above
			}
			v, w = otherFields(v), otherFields(w)
		}
		if !contentfile.SameData(v, w) {
			return fmt.Errorf("%s: editing the file would change %s", e.Path, k.Value)
		}
	}
	return nil
}

// readsAs reports whether the unit mapping v holds value at key.
func readsAs(v *yaml.Node, key, value string) bool {
	i := pairIndex(v, key)
	if v.Kind != yaml.MappingNode || i < 0 {
		return false
	}
	n := v.Content[i+1]
	return n.Kind == yaml.ScalarNode && n.Value == value && (n.Tag == "!!str" || key == "source")
}

// otherFields returns the unit mapping v without its text and source.
func otherFields(v *yaml.Node) *yaml.Node {
	out := *v
	out.Content = nil
	for i := 0; i+1 < len(v.Content); i += 2 {
		if k := v.Content[i].Value; k != "text" && k != "source" {
			out.Content = append(out.Content, v.Content[i], v.Content[i+1])
		}
	}
	return &out
}

// WriteTemp writes data with the mode into a new temporary file beside
// path, synced to disk, and returns its name. The name starts with a dot,
// which the content loader skips.
func WriteTemp(path string, data []byte, mode os.FileMode) (name string, err error) {
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return "", err
	}
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(f.Name())
		}
	}()
	if _, err = f.Write(data); err != nil {
		return "", err
	}
	if err = f.Chmod(mode); err != nil {
		return "", err
	}
	if err = f.Sync(); err != nil {
		return "", err
	}
	if err = f.Close(); err != nil {
		return "", err
	}
	return f.Name(), nil
}

// Path is the article's translation file for the locale: the one loaded,
// or the conventional name for a new one.
func Path(a *content.Article, locale string) string {
	if tr := a.Translations[locale]; tr != nil {
		return tr.File
	}
	for _, ext := range []string{".yaml", ".yml"} {
		p := filepath.Join(a.Dir, locale+ext)
		if _, err := os.Lstat(p); err == nil {
			return p
		}
	}
	return filepath.Join(a.Dir, locale+".yaml")
}
