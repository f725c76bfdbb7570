package scaffold_test

import (
	"maps"
	"slices"
	"testing"
	"testing/fstest"

	"github.com/kbcdev/kbc/internal/i18n"
	"github.com/kbcdev/kbc/internal/scaffold"
)

// The catalog written for a locale kbc carries none for has each plural
// message in the forms the locale needs, no more, so that lint finds it
// whole: Arabic's six, Indonesian's one.
func TestCatalogHasTheLocalesPluralForms(t *testing.T) {
	for locale, want := range map[string][]string{
		"ar": {"few", "many", "one", "other", "two", "zero"},
		"id": {"other"},
		"de": {"one", "other"},
	} {
		files, err := scaffold.Files(scaffold.Options{Locales: []string{"en", locale}, Source: "en", Version: "latest", Rev: "main"})
		if err != nil {
			t.Fatal(err)
		}
		i := slices.IndexFunc(files, func(f scaffold.File) bool { return f.Path == "locales/"+locale+".yaml" })
		if i < 0 {
			t.Fatalf("%s: no catalog written", locale)
		}
		defs, err := i18n.ReadMessageFile(fstest.MapFS{"c.yaml": {Data: files[i].Data}}, "c.yaml")
		if err != nil {
			t.Fatalf("%s: %v", locale, err)
		}
		for _, d := range defs {
			if d.ID == "stepCount" {
				if got := slices.Sorted(maps.Keys(d.Forms)); !slices.Equal(got, want) {
					t.Errorf("%s: stepCount has the forms %q, want %q", locale, got, want)
				}
			}
		}
	}
}
