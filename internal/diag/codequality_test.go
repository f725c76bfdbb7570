package diag

import (
	"bytes"
	"encoding/json"
	"testing"
)

// TestCodeQualityReport checks the fields GitLab reads of each issue, the
// findings folded under another listed too, and fingerprints that tell
// findings apart but not by their line.
func TestCodeQualityReport(t *testing.T) {
	at := func(line int) Position { return Position{File: "content/kb1/article.yaml", Line: line, Column: 3} }
	report := func(l List) []codeQualityIssue {
		t.Helper()
		var buf bytes.Buffer
		if err := PrintCodeQuality(&buf, l, Paths{}); err != nil {
			t.Fatal(err)
		}
		var issues []codeQualityIssue
		dec := json.NewDecoder(&buf)
		dec.DisallowUnknownFields()
		if err := dec.Decode(&issues); err != nil {
			t.Fatalf("%v in %s", err, buf.String())
		}
		return issues
	}
	if got := report(nil); got == nil || len(got) != 0 {
		t.Errorf("no findings: %v, want an empty array", got)
	}
	list := func(shift int) List {
		return List{
			{Pos: at(4 + shift), Rule: "schema", Severity: Error, Message: `unknown key "stpes"`,
				Folded: List{{Pos: at(9 + shift), Rule: "step-graph", Severity: Warning, Message: "no steps"}}},
			{Pos: at(12 + shift), Rule: "translations", Check: "stale", Locale: "fr", Severity: Info, Message: "stale"},
			{Pos: at(20 + shift), Rule: "translations", Check: "stale", Locale: "fr", Severity: Info, Message: "stale"},
			{Pos: Position{File: "content/kb2/fr.yaml"}, Rule: "schema", Severity: Error, Message: "unexpected file"},
		}
	}
	got := report(list(0))
	want := []codeQualityIssue{
		{Description: `unknown key "stpes"`, CheckName: "kbc/schema", Severity: "major", Location: codeQualityLocation{"content/kb1/article.yaml", codeQualityLines{4}}},
		{Description: "no steps", CheckName: "kbc/step-graph", Severity: "minor", Location: codeQualityLocation{"content/kb1/article.yaml", codeQualityLines{9}}},
		{Description: "[fr] stale", CheckName: "kbc/translations/stale", Severity: "info", Location: codeQualityLocation{"content/kb1/article.yaml", codeQualityLines{12}}},
		{Description: "[fr] stale", CheckName: "kbc/translations/stale", Severity: "info", Location: codeQualityLocation{"content/kb1/article.yaml", codeQualityLines{20}}},
		{Description: "unexpected file", CheckName: "kbc/schema", Severity: "major", Location: codeQualityLocation{"content/kb2/fr.yaml", codeQualityLines{1}}},
	}
	if len(got) != len(want) {
		t.Fatalf("%d issues, want %d: %+v", len(got), len(want), got)
	}
	seen := map[string]bool{}
	for i := range want {
		fp := got[i].Fingerprint
		if len(fp) != 32 || seen[fp] {
			t.Errorf("issue %d: fingerprint %q, want 32 hex digits of its own", i, fp)
		}
		seen[fp] = true
		got[i].Fingerprint = ""
		if got[i] != want[i] {
			t.Errorf("issue %d: %+v, want %+v", i, got[i], want[i])
		}
	}
	shifted := report(list(5))
	for i := range shifted {
		if shifted[i].Fingerprint != report(list(0))[i].Fingerprint {
			t.Errorf("issue %d: the fingerprint changed when lines were added above it", i)
		}
	}
}
