package coverage

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/kbcdev/kbc/internal/content"
)

func loadFixture(t *testing.T) *content.KB {
	t.Helper()
	kb, diags, err := content.Load("testdata/kb")
	if err != nil || len(diags) > 0 {
		t.Fatalf("load: %v %v", err, diags)
	}
	return kb
}

// The fixture's French file has two current units, two stale ones and
// leaves four source texts untranslated; an orphan is added here.
func TestStatusCounts(t *testing.T) {
	kb := loadFixture(t)
	a := kb.Article("KB1")
	tr := a.Translations["fr"]
	tr.Order = append(tr.Order, &content.Unit{Key: "procedures.reset.steps.gone.text"})

	s := StatusOf(kb.Config, kb.Articles)
	want := Counts{Units: len(a.Texts()), Current: 2, Stale: 2, Missing: 4, Orphaned: 1}
	if len(s.Articles) != 1 || s.Articles[0].Counts != want || s.Articles[0].Locale != "fr" || s.Articles[0].Source != "en" {
		t.Fatalf("articles: %+v, want one row for fr with %+v", s.Articles, want)
	}
	if len(s.Locales) != 1 || s.Locales[0].Counts != want {
		t.Fatalf("locales: %+v", s.Locales)
	}
	if p := want.Percent(); p != 25 {
		t.Errorf("percent %v", p)
	}

	var text bytes.Buffer
	if err := s.WriteText(&text); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(text.String(), "\n"), "\n")
	if len(lines) != 3 {
		t.Fatalf("want a header, a row and a total:\n%s", text.String())
	}
	for _, l := range lines {
		if len(l) != len(lines[0]) {
			t.Errorf("columns are not aligned:\n%s", text.String())
			break
		}
	}
	if got := strings.Fields(lines[1]); strings.Join(got, " ") != "KB1 en fr partial 8 2 2 4 1 25.0%" {
		t.Errorf("row %q", lines[1])
	}
	if got := strings.Fields(lines[2]); strings.Join(got, " ") != "total fr 8 2 2 4 1 25.0%" {
		t.Errorf("total %q", lines[2])
	}

	var js bytes.Buffer
	if err := s.WriteJSON(&js); err != nil {
		t.Fatal(err)
	}
	var out struct {
		Articles []map[string]any `json:"articles"`
		Locales  []map[string]any `json:"locales"`
	}
	if err := json.Unmarshal(js.Bytes(), &out); err != nil {
		t.Fatal(err)
	}
	if len(out.Articles) != 1 || out.Articles[0]["article"] != "KB1" || out.Articles[0]["stale"] != 2.0 ||
		out.Articles[0]["orphaned"] != 1.0 || out.Articles[0]["percent"] != 25.0 || len(out.Locales) != 1 || out.Locales[0]["locale"] != "fr" {
		t.Errorf("json: %s", js.String())
	}
}

// A locale one unit short of complete never reads as 100%, and a set
// without units is complete.
func TestPercentRoundsDown(t *testing.T) {
	if p := (Counts{Units: 1000, Current: 999}).Percent(); p != 99.9 {
		t.Errorf("999/1000: %v", p)
	}
	if p := (Counts{Units: 2001, Current: 2000}).Percent(); p >= 100 {
		t.Errorf("2000/2001: %v", p)
	}
	if p := (Counts{}).Percent(); p != 100 {
		t.Errorf("no units: %v", p)
	}
}

// PendingUnits is UnitStates without the current units.
func TestPendingUnitsAreTheUnitsNotCurrent(t *testing.T) {
	a := loadFixture(t).Article("KB1")
	var keys []string
	for _, p := range PendingUnits(a, "fr") {
		keys = append(keys, p.Source.Key+":"+p.State.String())
	}
	want := "summary:stale procedures.reset.title:missing procedures.reset.steps.clear.text:stale procedures.reset.steps.clear.note:missing procedures.reset.steps.restart.text:missing footnotes.signin.text:missing"
	if got := strings.Join(keys, " "); got != want {
		t.Errorf("pending %s\nwant    %s", got, want)
	}
}

func TestPublicationOf(t *testing.T) {
	cfg := &content.Config{Locales: []string{"en", "fr"}, Fallback: content.FallbackSource}
	withFr := &content.Article{Status: content.Published, Translations: map[string]*content.Translation{"fr": {}}}
	without := &content.Article{Status: content.Published, Translations: map[string]*content.Translation{}}
	omit := &content.Config{Locales: cfg.Locales, Fallback: content.FallbackOmit}
	for _, tt := range []struct {
		cfg  *content.Config
		a    *content.Article
		c    Counts
		want Publication
	}{
		{cfg, withFr, Counts{Units: 3, Current: 3}, Translated},
		{cfg, withFr, Counts{Units: 3, Current: 2, Stale: 1}, Outdated},
		{cfg, withFr, Counts{Units: 3, Current: 1, Stale: 1, Missing: 1}, Partial},
		{cfg, without, Counts{Units: 3, Missing: 3}, Fallback},
		{omit, without, Counts{Units: 3, Missing: 3}, Omitted},
		{omit, withFr, Counts{Units: 3, Current: 3}, Translated},
		{cfg, &content.Article{Status: content.Draft}, Counts{Units: 3, Missing: 3}, Draft},
		{cfg, &content.Article{Status: content.Retired}, Counts{Units: 3, Missing: 3}, Retired},
	} {
		if got := PublicationOf(tt.cfg, tt.a, "fr", tt.c); got != tt.want {
			t.Errorf("PublicationOf(fallback %s, status %s, %+v) = %s, want %s", tt.cfg.Fallback, tt.a.Status, tt.c, got, tt.want)
		}
	}
}
