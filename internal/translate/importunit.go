package translate

import (
	"fmt"
	"slices"
	"strings"

	"github.com/kbcdev/kbc/internal/content"
	"github.com/kbcdev/kbc/internal/diag"
	"github.com/kbcdev/kbc/internal/localefile"
	"github.com/kbcdev/kbc/internal/suggest"
	"github.com/kbcdev/kbc/internal/xliff"
)

// Add reads one XLIFF document; file names it in findings.
// maxUnitProblems bounds the problems reported of one unit's target: the
// unit is refused at the first, and a target with thousands of bad codes
// is better looked at than listed.
const maxUnitProblems = 10

func (im *Import) Add(file string, src []byte) {
	doc := xliff.Read(file, src, &im.diags)
	if doc == nil {
		return
	}
	for _, f := range doc.Files {
		im.Units += len(f.Units)
	}
	locale, ok := im.checkRoot(doc)
	if !ok {
		for _, f := range doc.Files {
			im.skipAll(f, "the document is refused (see its error)")
		}
		return
	}
	for _, f := range doc.Files {
		a := im.article(doc, f, locale)
		if a == nil {
			im.skipAll(f, "its <file> is refused (see its error)")
			continue
		}
		texts := map[string]*content.Text{}
		var keys []string
		for _, t := range a.Texts() {
			texts[t.Key] = t
			keys = append(keys, t.Key)
		}
		blocks := xliff.MarkdownBlocks(a)
		for _, u := range f.Units {
			t := texts[u.ID]
			if t == nil {
				im.refuse(u, u.Pos, locale, "%s", fmt.Sprintf("%s has no text with key %q", a.ID, u.ID)+suggest.Hint(u.ID, keys))
				continue
			}
			if text, ok := im.checkUnit(a, locale, t, u, blocks[t.Key]); ok {
				im.add(a, locale, localefile.ImportedUnit{Key: t.Key, Text: text, Source: content.Fingerprint(t.Value), From: u.TargetPos})
			}
		}
	}
}

// skip leaves a unit out, saying why.
func (im *Import) skip(u *xliff.Unit, format string, args ...any) {
	im.Skipped = append(im.Skipped, Skipped{Pos: u.Pos, Unit: u.ID, Reason: fmt.Sprintf(format, args...)})
}

// refuse reports an error in a unit, at pos, and leaves the unit out.
func (im *Import) refuse(u *xliff.Unit, pos diag.Position, locale, format string, args ...any) {
	im.errorf(pos, locale, format, args...)
	im.skip(u, "refused: "+format, args...)
}

func (im *Import) skipAll(f *xliff.DocumentFile, reason string) {
	for _, u := range f.Units {
		im.skip(u, "%s", reason)
	}
}

// segmentStates are the values of a segment's state in XLIFF 2.0.
var segmentStates = []string{"initial", "translated", "reviewed", "final"}

// checkUnit checks one unit against the source text t and returns the
// translated text, its Markdown restored, when it may be imported. A unit
// not translated yet, or translated from another source text than the
// current one, is skipped; a broken one is refused with an error. block
// says whether the text is Markdown blocks (see xliff.MarkdownBlocks).
func (im *Import) checkUnit(a *content.Article, locale string, t *content.Text, u *xliff.Unit, block bool) (string, bool) {
	if u.Bad {
		im.skip(u, "refused: its errors are reported above")
		return "", false
	}
	fp := content.Fingerprint(t.Value)
	exported, noted := u.SourceFingerprint()
	returned, target := u.Restore(t.Value, block)
	switch {
	case noted && exported != fp:
		im.skip(u, "stale on arrival: the source text changed since the export (fingerprint %s, now %s); export it again", exported, fp)
		return "", false
	case !u.HasSource:
		im.refuse(u, u.Pos, locale, "unit %q has no <source>", u.ID)
		return "", false
	case u.Segments > 1:
		im.refuse(u, u.Pos, locale, "unit %q has %d segments: kbc exports one per unit and does not resegment", u.ID, u.Segments)
		return "", false
	case len(returned.Problems) > 0 || (returned.Text != t.Value && !(noted && sameWords(returned.Text, t.Value))):
		// With the source's fingerprint noted and current, a <source> whose
		// white space a CAT tool changed is still the current source.
		im.skip(u, "stale on arrival: its <source> is not the current source text of %s %s; export it again", a.ID, t.Key)
		return "", false
	case !slices.Contains(segmentStates, u.State):
		im.refuse(u, u.StatePos, locale, "unit %q: state %q is not one of XLIFF 2.0's %s", u.ID, u.State, strings.Join(segmentStates, ", "))
		return "", false
	case u.State == "initial":
		im.skip(u, `not translated: the segment's state is "initial"; set state="translated" when the target is done`)
		return "", false
	}
	text := target.Text
	switch {
	case !u.HasTarget || strings.TrimSpace(text) == "":
		im.refuse(u, u.StatePos, locale, "unit %q is %s but has no target text", u.ID, u.State)
		return "", false
	case len(target.Problems) > 0:
		for i, p := range target.Problems {
			pos := p.Pos
			if !pos.IsValid() {
				pos = u.TargetPos
			}
			if i == maxUnitProblems {
				im.errorf(pos, locale, "unit %q: %d more problems", u.ID, len(target.Problems)-i)
				break
			}
			im.errorf(pos, locale, "unit %q: %s", u.ID, p.Msg)
		}
		im.skip(u, "refused: %s", target.Problems[0].Msg)
		return "", false
	case !sameRefs(t.Value, text):
		im.refuse(u, u.TargetPos, locale, "unit %q: the target's references %s differ from the source's %s; write references as the placeholders only",
			u.ID, refList(text), refList(t.Value))
		return "", false
	}
	if !target.ReadsBack(block) {
		im.refuse(u, u.TargetPos, locale, "unit %q: written back as Markdown, the target would read as [%s], not as its inline codes [%s]; "+
			"text next to a code may read as Markdown (an asterisk, a bracket: write \\* or \\[ for one the reader is to see), or a code may not close where it stands (put a space after it)",
			u.ID, strings.Join(xliff.Shape(text, block), ", "), strings.Join(target.Shape(), ", "))
		return "", false
	}
	im.checkWhiteSpace(u, locale, t.Value, text, block)
	if !im.checkSinceExport(a, locale, t, u, text) {
		return "", false
	}
	if exported, ok := u.ExportedTargetFingerprint(); ok && u.ExportedStale() && u.State == "translated" && xliff.TargetFingerprint(text) == exported {
		// A CAT tool's "confirm all" sets the state of every segment
		// without anyone reading the translation of the older source.
		im.skip(u, `left stale: its target is the translation of the older source it was exported with, unrevised; revise it, or set state="reviewed" or "final" to confirm it for the current source`)
		return "", false
	}
	if tr := a.Translations[locale]; tr != nil {
		if old := tr.Units[t.Key]; old != nil && old.Text.Value == text && old.Source == fp {
			im.Unchanged++
			return "", false
		}
	}
	return text, true
}

// checkWhiteSpace warns of white space a CAT tool or a translator's paste
// often adds and no reader wants: around the target where the source has
// none, and a line break in a target whose source is one line, which the
// page shows as a space. The unit is imported as it is.
func (im *Import) checkWhiteSpace(u *xliff.Unit, locale, source, target string, block bool) {
	var found []string
	if strings.TrimSpace(target) != target && strings.TrimSpace(source) == source {
		found = append(found, "starts or ends with white space, which the source does not")
	}
	if !block && strings.Contains(target, "\n") && !strings.Contains(source, "\n") {
		found = append(found, "holds a line break where the source is one line, which the page shows as a space")
	}
	if len(found) > 0 {
		im.diags.Add(diag.Diagnostic{Pos: u.TargetPos, Rule: xliff.Rule, Severity: diag.Warning, Locale: locale,
			Message: fmt.Sprintf("unit %q: the target %s; it is imported as it is", u.ID, strings.Join(found, ", and "))})
	}
}

// checkSinceExport compares a unit exported with a translation as its
// target with the locale file now, and says whether its target, text, may
// be imported. A file whose translation changed since the export (a
// reviewer's fix, another import) keeps it when the translator left the
// target as it was exported, and a target the translator changed too is
// a conflict only a person can settle: either way, importing would undo
// the file's change without a word.
func (im *Import) checkSinceExport(a *content.Article, locale string, t *content.Text, u *xliff.Unit, text string) bool {
	exported, ok := u.ExportedTargetFingerprint()
	tr := a.Translations[locale]
	if !ok || tr == nil {
		return true
	}
	now := ""
	if old := tr.Units[t.Key]; old != nil {
		now = old.Text.Value
	}
	switch {
	case xliff.TargetFingerprint(now) == exported, xliff.TargetFingerprint(now) == xliff.TargetFingerprint(text):
		return true // the file did not change since the export, or changed to the target
	case xliff.TargetFingerprint(text) == exported:
		im.skip(u, "kept %s as it is: its translation changed since the export, and the unit's target is the one exported", tr.File)
		return false
	}
	im.refuse(u, u.TargetPos, locale, "unit %q: its target and %s both changed the translation exported; %s now says %q: "+
		"write the translation you want as the target and export from the file again, or drop the unit to keep the file's",
		u.ID, tr.File, tr.File, now)
	return false
}

// sameWords reports whether two texts differ in white space only.
func sameWords(a, b string) bool {
	return slices.Equal(strings.Fields(a), strings.Fields(b))
}
