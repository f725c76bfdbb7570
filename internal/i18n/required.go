package i18n

// SiteMessages lists the message ids the help site formats. Every
// configured locale's catalog must define each of them; the ui-strings
// rule reports the gaps before a build would show "[id]" on a page.
var SiteMessages = []string{
	"siteTitle", "skipToContent", "home", "breadcrumbs", "languages", "chooseLanguage",
	"contents", "requirements", "noteKind_note", "noteKind_tip", "noteKind_warning",
	"step", "stepRef", "stepRefBranches", "proceedTo", "procedureEnds", "choiceWhen", "result",
	"figure", "platform", "platforms", "stepCount", "articleCount",
	"troubleshooting", "symptom", "cause", "remedy", "seeAlso", "external",
	"footnotes", "footnoteRef", "backToRef", "staleNotice", "fallbackNotice",
	"untranslatedNotice", "draftBanner", "movedTitle", "movedText", "notTranslated", "inLanguage",
	"search", "searchPlaceholder", "searchNoResults", "searchResults", "searchNeedsScript",
	"notFoundTitle", "notFoundText", "allArticles",
}
