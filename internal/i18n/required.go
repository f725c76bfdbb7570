package i18n

import "github.com/kbcdev/kbc/internal/content"

// SiteMessages lists the message ids the help site formats. Every
// configured locale's catalog must define each of them; the ui-strings
// rule reports the gaps before a build would show "[id]" on a page.
var SiteMessages = append(append(stepRefMessages(), stepRefListMessages()...), siteMessages...)

var siteMessages = []string{
	"siteTitle", "skipToContent", "home", "breadcrumbs", "languages", "chooseLanguage",
	"contents", "requirements", "noteKind_note", "noteKind_tip", "noteKind_warning",
	"step", "proceedTo", "goBackTo", "procedureEnds", "choiceWhen", "choiceLabel", "choiceLetters", "result",
	"figure", "platform", "platforms", "stepCount", "articleCount",
	"troubleshooting", "symptom", "cause", "remedy", "seeAlso", "external",
	"footnotes", "footnoteRef", "backToRef", "staleNotice", "fallbackNotice",
	"untranslatedNotice", "draftBanner", "movedTitle", "movedText", "notTranslated", "inLanguage",
	"search", "searchPlaceholder", "searchNoResults", "searchResults", "searchMore", "searchNeedsScript",
	"notFoundTitle", "notFoundText", "allArticles", "labelSeparator",
}

// NumberedMessages lists the messages formatted with Strings.Numbered,
// whose data holds N and the Article the locale's grammar puts before the
// numeral: a catalog may use either in any of them, as Hungarian does in
// some ("a 3. lépés") and not in others.
var NumberedMessages = append(stepRefMessages(), "step", "proceedTo", "goBackTo", "figure", "footnoteRef")

// ThemeMessagePrefix starts the ids of a knowledge base's own messages,
// which its theme's templates show (locales/*.yaml beside the content
// folder): kbc's catalogs define none, and every configured locale must.
const ThemeMessagePrefix = "theme_"

// DayFormMessages lists the messages whose plural form is chosen by a
// day of the month rather than a count: a catalog writes one with forms
// only where its language needs them (French writes the first of the
// month 1er), and as a plain string elsewhere, which the ui-strings rule
// accepts.
var DayFormMessages = []string{"dateFormat"}

// stepRefMessages lists the messages of step references, one for each
// context and one for each as an item of a list of branches.
func stepRefMessages() []string {
	var ids []string
	for _, branches := range []bool{false, true} {
		ids = append(ids, StepRefMessage("", branches))
		for _, c := range content.RefContexts {
			ids = append(ids, StepRefMessage(c, branches))
		}
	}
	return ids
}

// stepRefListMessages lists the messages around a list of per-branch step
// references, one for each context.
func stepRefListMessages() []string {
	ids := []string{StepRefListMessage("")}
	for _, c := range content.RefContexts {
		ids = append(ids, StepRefListMessage(c))
	}
	return ids
}

// StepRefListMessage returns the id of the message a list of per-branch
// step references in the context is written in, "stepRefList" or
// "stepRefList_from": {{.List}} where the list goes, with what the
// language puts around the whole list rather than each item, as Japanese
// puts its particle once after the last ("ステップ 3（Android）または
// ステップ 2（iOS）で").
func StepRefListMessage(context string) string {
	if context == "" {
		return "stepRefList"
	}
	return "stepRefList_" + context
}

// StepRefMessage returns the id of the message a step reference in the
// context renders with: "stepRef" or "stepRef_from", and for one item of
// a list of per-branch numbers "stepRefBranches" or "stepRefBranches_from".
func StepRefMessage(context string, branches bool) string {
	id := "stepRef"
	if branches {
		id = "stepRefBranches"
	}
	if context != "" {
		id += "_" + context
	}
	return id
}
