package i18n

// HungarianArticle returns the definite article that precedes the numeral
// n in Hungarian: "az" when the numeral is read with a leading vowel, "a"
// otherwise. Only two readings start with a vowel: egy (1, and ezer for
// 1000–1999, egymillió…) and öt (5, 50, 500, 5000…), so the article
// depends on the leading group of three digits: "az 1.", "az 5.", "az
// 50.", "az 1000." but "a 2.", "a 10.", "a 100.", "a 2000.".
func HungarianArticle(n int) string {
	if n < 0 {
		n = -n
	}
	lead := n
	for lead >= 1000 {
		lead /= 1000
	}
	if lead == 1 {
		return "az"
	}
	first := n
	for first >= 10 {
		first /= 10
	}
	if first == 5 {
		return "az"
	}
	return "a"
}
