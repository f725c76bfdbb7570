package lint

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/kbcdev/kbc/internal/content"
	"github.com/kbcdev/kbc/internal/diag"
	"github.com/kbcdev/kbc/internal/prose"
	"github.com/kbcdev/kbc/locales"
)

// HardcodedNumbers finds step, figure and article numbers typed into prose.
var HardcodedNumbers = &Rule{
	Name:     "hardcoded-numbers",
	Severity: diag.Error,
	Doc: `prose does not type step, figure or article numbers that kbc derives
Step and figure numbers come from order, per locale and per platform branch, so a
typed "step 3", "Figure 2", "étape 3", "Image 2", "3. lépés", "2. ábra", "手順3" or
"図2" is wrong as soon as a step is added, a branch hides one, or a figure moves.
Each text is read with the patterns of its own locale (a locale without patterns
is read with all of them, and with its UI catalog's words for a step and a
figure, "Schritt {{.N}}" reading "Schritt 3" in any digits); write {{step:ID}}
or {{fig:ID}} instead. "Step #3",
"step no. 3" and "étape n° 3" are typed numbers too, and so, in English and
French, is a number spelled out after the noun: "step three", "steps two and
three", "étape trois" (not "three steps", a count). A bare KB id such as
KB2269, or KB 2269, must be written {{kb:KB2269}}, which links it and shows the
target's title in the reader's locale. References, code byteSpans and URLs are not
prose and are skipped. The values of kb.yaml's variables are read as prose too, in
every locale that shows them, unless a variable says allow_typed_numbers: true.`,
	Run: runHardcodedNumbers,
}

func runHardcodedNumbers(pass *Pass) {
	for _, site := range pass.Index.Sites {
		for _, lt := range pass.Index.Localized(site) {
			checkTypedNumbers(pass, lt)
		}
	}
	for _, v := range pass.KB.Config.Variables {
		if !v.AllowTypedNumbers {
			checkVariableNumbers(pass, v)
		}
	}
}

// checkVariableNumbers reads a variable's values as the prose they are
// shown in: its own value in a locale with the patterns of that locale,
// and the value of every other locale with the patterns of each locale
// that shows it. A value holds no reference (the loader sees to it).
func checkVariableNumbers(pass *Pass, v *content.Variable) {
	cfg := pass.KB.Config
	seen := map[diag.Position]bool{}
	for _, l := range cfg.Locales {
		t, own := v.In(l), v.Locales[l].Pos.IsValid()
		for _, n := range prose.TypedNumbers(t.Value, l, nil, ownPhrases(pass, l)...) {
			pos := t.PosAt(n.Start)
			if seen[pos] {
				continue
			}
			seen[pos] = true
			locale := ""
			if own {
				locale = l
			}
			pass.ReportLocalef(pos, locale, "%s", variableNumberMessage(v, t.Value[n.Start:n.End], n.Kind))
		}
	}
}

// ownPhrases returns the patterns of a locale kbc has none for made from
// how its UI catalog names a step and a figure, the knowledge base's own
// or kbc's: "siehe Schritt 3" is a typed number in German as "see step 3"
// is in English. Read once per run.
func ownPhrases(pass *Pass, locale string) []prose.Phrases {
	if locale == "" || prose.HasPatterns(locale) {
		return nil
	}
	byLocale := pass.perRun("hardcoded-numbers phrases", func() any {
		out := map[string]prose.Phrases{}
		layers := locales.Layers(pass.KB.Root)
		for _, l := range pass.KB.Config.Locales {
			if prose.HasPatterns(l) {
				continue
			}
			defs, _, err := layers.Messages(l)
			if err != nil {
				continue
			}
			phrases := map[content.RefKind]string{}
			for id, kind := range map[string]content.RefKind{"step": content.RefStep, "figure": content.RefFigure} {
				if d := defs[id]; d != nil {
					phrases[kind] = d.Forms["other"].Text
				}
			}
			out[l] = prose.PhrasesOf(phrases)
		}
		return out
	}).(map[string]prose.Phrases)
	if p, ok := byLocale[locale]; ok {
		return []prose.Phrases{p}
	}
	return nil
}

func variableNumberMessage(v *content.Variable, match string, kind content.RefKind) string {
	what := "a typed number"
	if kind == content.RefArticle {
		what = "a typed article number"
	}
	return fmt.Sprintf("\"%s\" is %s in variable %s; a variable's value is shown as written, so kbc cannot number it: "+
		"write the number in the prose with {{%s:ID}}, or, if the value means it as written, set allow_typed_numbers: true", match, what, v.Name, kind)
}

func checkTypedNumbers(pass *Pass, lt LocalizedText) {
	s := lt.Text.Value
	at := lt.Text.Positions()
	for _, n := range prose.TypedNumbers(s, lt.Locale, lt.Refs, ownPhrases(pass, lt.Locale)...) {
		match := s[n.Start:n.End]
		if n.Kind == content.RefArticle {
			pass.ReportLocalef(at.At(n.Start), localeOf(lt), "\"%s\" is a typed article number; write {{kb:%s}}, which links it and shows its title", match, prose.ArticleIDOf(match))
			continue
		}
		pass.ReportLocalef(at.At(n.Start), localeOf(lt), "%s", typedNumberMessage(pass, lt, n.Kind, match))
	}
}

func typedNumberMessage(pass *Pass, lt LocalizedText, kind content.RefKind, match string) string {
	noun := map[content.RefKind]string{content.RefStep: "step", content.RefFigure: "figure"}[kind]
	if nums := digitRun.FindAllString(match, -1); kind == content.RefStep && len(nums) > 1 {
		return severalSteps(pass, lt, match, nums)
	}
	msg := fmt.Sprintf("\"%s\" is a typed number; refer to the %s with {{%s:ID}}", match, noun, kind)
	// A fragment's text is checked in every article that includes it,
	// whose steps it is numbered among: a step named in one would be the
	// wrong fix in the others, and one finding says it for all.
	if kind == content.RefStep && lt.Site.Text.Fragment() == nil {
		if id := stepNumbered(pass, lt.Site, match, lt.Locale); id != "" {
			msg += fmt.Sprintf(" (here that is {{step:%s}})", id)
		}
	}
	return msg
}

// severalSteps is the message for typed numbers of several steps, such
// as "steps 1–2": each step is a reference of its own, which says "step N"
// itself, so a range reads "{{step:a}} to {{step:b}}".
func severalSteps(pass *Pass, lt LocalizedText, match string, nums []string) string {
	msg := fmt.Sprintf("\"%s\" are typed numbers; refer to each step with {{step:ID}}, which writes the word and the number itself: {{step:ID}} to {{step:ID}} for a range", match)
	if lt.Site.Text.Fragment() != nil {
		return msg
	}
	ids := make([]string, len(nums))
	for i, num := range nums {
		if ids[i] = stepNumbered(pass, lt.Site, num, lt.Locale); ids[i] == "" {
			return msg
		}
	}
	refs := make([]string, len(ids))
	for i, id := range ids {
		refs[i] = "{{step:" + id + "}}"
	}
	return msg + fmt.Sprintf(" (here those are %s)", strings.Join(refs, ", "))
}

var digitRun = regexp.MustCompile(`[0-9０-９]+`)

// stepNumbered returns the id of the step that a typed "step N" inside a
// procedure names, when the text holds one number, in digits or spelled
// out in the locale's language, and that number is the same step on
// every branch the text is shown on; otherwise "".
func stepNumbered(pass *Pass, site *TextSite, match, locale string) string {
	if site.Proc == nil {
		return ""
	}
	n, ok := prose.SpelledNumber(match, locale)
	if nums := digitRun.FindAllString(match, -1); !ok && len(nums) == 1 {
		var err error
		n, err = strconv.Atoi(strings.Map(halfWidthDigit, nums[0]))
		ok = err == nil
	}
	if !ok || n < 1 {
		return ""
	}
	id := ""
	for _, b := range site.Proc.Branches() {
		if site.Step != nil && !site.Step.On(b) {
			continue
		}
		g := pass.Index.Resolved[site.Article].Graph(site.Proc, b)
		if n > len(g.Steps) || (id != "" && g.Steps[n-1].ID != id) {
			return ""
		}
		id = g.Steps[n-1].ID
	}
	return id
}

func halfWidthDigit(r rune) rune {
	if r >= '０' && r <= '９' {
		return r - '０' + '0'
	}
	return r
}
