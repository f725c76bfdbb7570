package content

import (
	"slices"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/kbcdev/kbc/internal/contentfile"
)

// isFingerprint reports whether s has the form of a Fingerprint: 8
// lower-case hex digits. Every unit has one, so this is no regexp.
func isFingerprint(s string) bool {
	if len(s) != 8 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if !('0' <= s[i] && s[i] <= '9' || 'a' <= s[i] && s[i] <= 'f') {
			return false
		}
	}
	return true
}

// FingerprintReadsAsNumber reports whether a fingerprint written as a
// plain YAML scalar reads as a number to some YAML reader: digits alone
// (an integer, in YAML 1.1 an octal one when it starts with 0), digits
// around an e (a float in YAML 1.2's core schema, such as 1218e646) and
// 0b followed by binary digits (an integer in YAML 1.1). Editors and
// their validators read content with such readers, so a fingerprint like
// these is written quoted.
func FingerprintReadsAsNumber(s string) bool {
	digits := func(s string) bool {
		return s != "" && strings.Trim(s, "0123456789") == ""
	}
	if rest, ok := strings.CutPrefix(s, "0b"); ok && rest != "" && strings.Trim(rest, "01") == "" {
		return true
	}
	mantissa, exponent, hasE := strings.Cut(strings.ToLower(s), "e")
	return digits(mantissa) && (!hasE || digits(exponent))
}

// decodeTranslation builds a translation from the root node of a locale
// file such as fr.yaml: a lang key, an optional updated date, and one
// entry per translated unit,
// `key: {text: ..., source: fingerprint}`. Whether a key names a unit of the
// source is the translations rule's business, not the loader's.
func (d *decoder) decodeTranslation(root *yaml.Node, lang string) *Translation {
	if root.Kind != yaml.MappingNode {
		// Not a translation at all: its finding, not a unit missing for
		// every text, is what the writer needs.
		d.Pairs(root, "translation file")
		return nil
	}
	pairs := d.Pairs(root, "translation file")
	tr := &Translation{Lang: lang, File: d.File, Units: make(map[string]*Unit, len(pairs)), fileBytes: d.size}
	sawLang := false
	for _, kv := range pairs {
		k, v := kv[0], kv[1]
		if k.Value == "lang" {
			sawLang = true
			if l, ok := d.Str(v, "lang"); ok && l != lang {
				d.Errorf(v, "lang %q does not match the file name %s.yaml", l, lang)
			}
			continue
		}
		if k.Value == "updated" {
			tr.Updated, tr.UpdatedPos = d.date(v, "updated")
			continue
		}
		u := &Unit{Key: k.Value, KeyPos: d.Pos(k)}
		textNode, sourceNode, plain := unitPairs(v)
		if !plain {
			// A file has hundreds of units of two keys each: they are
			// looked up among the pairs rather than through a map made
			// for each.
			what := "translation unit " + k.Value
			if cuts := commaCuts(v); len(cuts) > 0 {
				d.Errorf(cuts[0], "a comma ends the text of unit %s before %q: in a one-line {text: …, source: …} unit, put the whole text in double quotes", k.Value, cuts[0].Value)
				v = withoutKeys(v, cuts)
			}
			kvs, ok := d.KnownPairs(v, what, "text", "source")
			if ok {
				d.RequirePairs(v, kvs, what, "text", "source")
			}
			textNode, sourceNode = contentfile.ValueOf(kvs, "text"), contentfile.ValueOf(kvs, "source")
		}
		if n := textNode; n != nil {
			if n.Kind == yaml.ScalarNode && n.Tag == "!!str" && n.Value == "" {
				// Not translated yet, as kbc i18n template -w leaves a
				// unit to fill in: the unit is missing, not broken.
				u.Text = Text{Key: k.Value, Pos: d.Pos(n), shape: d.shapeOf(n)}
			} else {
				u.Text = d.text(n, k.Value, "translated text")
			}
		}
		if n := sourceNode; n != nil {
			// A fingerprint of digits only, such as 12345678, reads as a
			// YAML number; it is still the text the writer meant.
			if s, ok := d.scalarText(n, "source fingerprint"); ok {
				u.Source, u.SourcePos = s, d.Pos(n)
				switch {
				case !isFingerprint(s):
					d.Errorf(n, "source fingerprint %q is not 8 lower-case hex digits", s)
				case n.Style&(yaml.DoubleQuotedStyle|yaml.SingleQuotedStyle) == 0 && FingerprintReadsAsNumber(s):
					d.Warnf(n, "source fingerprint %s is not quoted: YAML readers such as editors' validators read it as a number; write \"%s\"", s, s)
				}
				u.SourceNumber = n.Style == 0 && readsAsNumber(s) && (s[0] == '0' || strings.Contains(s, "e"))
			}
		}
		tr.Units[u.Key] = u
		tr.Order = append(tr.Order, u)
	}
	if root.Kind == yaml.MappingNode && !sawLang {
		d.Errorf(root, "translation file is missing required key \"lang\"")
	}
	return tr
}

// commaCuts returns the keys a comma in the unquoted text of a one-line
// unit made: {text: Oui, non, source: …} reads as the text "Oui" and a key
// "non" without a value. They are the keys without a value that follow
// an unquoted text directly; any other is an unknown key.
func commaCuts(v *yaml.Node) []*yaml.Node {
	if v.Kind != yaml.MappingNode || v.Style&yaml.FlowStyle == 0 {
		return nil
	}
	var cuts []*yaml.Node
	for i := 0; i+1 < len(v.Content); i += 2 {
		k, val := v.Content[i], v.Content[i+1]
		if k.Value != "text" || k.Kind != yaml.ScalarNode || val.Kind != yaml.ScalarNode || val.Style != 0 {
			continue
		}
		for j := i + 2; j+1 < len(v.Content); j += 2 {
			k, val := v.Content[j], v.Content[j+1]
			if k.Kind != yaml.ScalarNode || k.Style != 0 || k.Value == "source" || val.Tag != "!!null" || val.Value != "" {
				break
			}
			cuts = append(cuts, k)
		}
	}
	return cuts
}

// withoutKeys returns a copy of the mapping v without the pairs of keys.
func withoutKeys(v *yaml.Node, keys []*yaml.Node) *yaml.Node {
	out := *v
	out.Content = nil
	for i := 0; i+1 < len(v.Content); i += 2 {
		if !slices.Contains(keys, v.Content[i]) {
			out.Content = append(out.Content, v.Content[i], v.Content[i+1])
		}
	}
	return &out
}

// unitPairs returns the text and source of a unit written as nearly all
// are, a mapping of those two keys and no other, in which KnownPairs and
// RequirePairs would find nothing to report; ok is false for any other
// unit, which they check. A knowledge base has millions of units, and
// checking them the general way made a list of pairs and a description
// for each.
func unitPairs(v *yaml.Node) (text, source *yaml.Node, ok bool) {
	if v.Kind != yaml.MappingNode || len(v.Content) != 4 {
		return nil, nil, false
	}
	k0, k1 := v.Content[0], v.Content[2]
	if k0.Kind != yaml.ScalarNode || k1.Kind != yaml.ScalarNode {
		return nil, nil, false
	}
	switch {
	case k0.Value == "text" && k1.Value == "source":
		return v.Content[1], v.Content[3], true
	case k0.Value == "source" && k1.Value == "text":
		return v.Content[3], v.Content[1], true
	}
	return nil, nil, false
}

// readsAsNumber reports whether a fingerprint written plain is a number
// to YAML 1.2 (digits, perhaps around one e), whatever yaml.v3 makes of
// it: a float too large to hold, such as 1218e646, is text to yaml.v3 but
// infinity to other YAML tools.
func readsAsNumber(s string) bool {
	mantissa, exponent, hasExp := strings.Cut(s, "e")
	digits := func(p string) bool { return p != "" && strings.Trim(p, "0123456789") == "" }
	return digits(mantissa) && (!hasExp || digits(exponent))
}

// scalarText returns the text of any scalar as written, whatever type YAML
// would give it.
func (d *decoder) scalarText(n *yaml.Node, what string) (string, bool) {
	switch {
	case n.Kind == yaml.ScalarNode && n.Tag == "!!null":
		d.Errorf(n, "%s is empty", what)
		return "", false
	case n.Kind != yaml.ScalarNode:
		d.Errorf(n, "%s must be a string, not %s", what, contentfile.KindName(n))
		return "", false
	}
	return n.Value, true
}
