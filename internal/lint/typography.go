package lint

import (
	"maps"
	"slices"

	"github.com/kbcdev/kbc/internal/content"
	"github.com/kbcdev/kbc/internal/diag"
	"github.com/kbcdev/kbc/internal/prose"
)

// Typography checks the punctuation conventions of each text's locale.
var Typography = &Rule{
	Name:     "typography",
	Severity: diag.Warning,
	Doc: `punctuation follows the conventions of the text's locale
French puts a no-break space (U+00A0, or the narrow U+202F) before ? ! : ; and
inside « » guillemets; a plain space there lets the mark wrap onto the next line
alone, and writes the apostrophe ’, not '. French and Hungarian quote with « » and „ ” rather than straight ASCII
double quotes. Japanese uses full-width punctuation: an ASCII , . ! ? : ( or )
touching kana or kanji (a bracket also Japanese punctuation) should be 、 。 ！
？ ： （ or ）. References, code spans and URLs are not prose and are skipped, as
are times such as 10:30 and numbers such as 6.0. kb.yaml's texts, the platform
names and the titles of external articles, are read too. Each finding names the
replacement. English has no checks here.`,
	Run: runTypography,
}

func runTypography(pass *Pass) {
	for _, site := range pass.Index.Sites {
		for _, lt := range pass.Index.Localized(site) {
			at := lt.Text.Positions()
			for _, f := range prose.Typography(lt.Text.Value, lt.Locale, lt.Refs) {
				pass.Report(diag.Diagnostic{Pos: at.At(f.Off), Locale: localeOf(lt), Message: f.Msg, Fix: typographyFix(lt.Text, f.Fix)})
			}
		}
	}
	if cfg := pass.KB.Config; cfg != nil {
		for locale, t := range configTexts(cfg) {
			for _, f := range prose.Typography(t.Value, locale, content.ParseRefs(t.Value)) {
				pass.ReportLocalef(t.PosAt(f.Off), locale, "%s", f.Msg)
			}
		}
	}
}

// configTexts calls yield with every text of kb.yaml and its locale: the
// platform names and the titles of external articles.
func configTexts(cfg *content.Config) func(yield func(string, content.Text) bool) {
	return func(yield func(string, content.Text) bool) {
		for _, p := range cfg.Platforms {
			for _, l := range slices.Sorted(maps.Keys(p.Names)) {
				if !yield(l, p.Names[l]) {
					return
				}
			}
		}
		for _, e := range cfg.External {
			for _, l := range slices.Sorted(maps.Keys(e.Titles)) {
				if !yield(l, e.Titles[l]) {
					return
				}
			}
		}
	}
}

// typographyFix is the edit of the file that makes the text's edit, when
// the text is written in the file as it is: a no-break space put in or
// put for a plain one.
func typographyFix(t content.Text, e *prose.Edit) *diag.Fix {
	if e == nil {
		return nil
	}
	start, ok1 := t.ExactPosAt(e.Off)
	end, ok2 := t.ExactPosAt(e.End)
	if !ok1 || !ok2 || start.Line != end.Line {
		return nil
	}
	msg := "put a no-break space"
	if e.End > e.Off {
		msg = "make the space a no-break space"
	}
	return &diag.Fix{Message: msg, Edits: []diag.Edit{diag.NewEdit(start.Line, start.Column, t.Value[e.Off:e.End], e.New)}}
}
