package prose

// Tests of the shortcuts the checks take for speed: each must give what
// the full check gives.

import "testing"

// mayHoldURL must hold for every text literalURL matches in, or a URL
// would be read as prose.
func TestMayHoldURLBeforeEveryURL(t *testing.T) {
	for _, s := range []string{
		"see http://x.example", "HTTPS://X", "ftp:a", "mailto:a@b.example", "MailTo:a", "httpſ://x",
		"no url: here", "time 10:30", "ratio 1:2 step", "",
	} {
		if literalURL.MatchString(s) && !mayHoldURL(s) {
			t.Errorf("mayHoldURL(%q) = false, but literalURL matches", s)
		}
	}
	if mayHoldURL("time 10:30 and a: b") {
		t.Error("mayHoldURL holds for colons after no scheme")
	}
}
