package site

import (
	"slices"
	"testing"
	"testing/fstest"

	"github.com/kbcdev/kbc/internal/i18n"
	"github.com/kbcdev/kbc/locales"
)

// A choice is labelled with the locale's letters in order, and one past
// the last of them with its number.
func TestChoicesPastTheLocalesLettersAreNumbered(t *testing.T) {
	own := i18n.Layer{FS: fstest.MapFS{"en.yaml": {Data: []byte("choiceLetters: α β\n")}}, Dir: "locales"}
	cat, err := i18n.Layers{locales.Embedded, own}.Catalog([]string{"en"})
	if err != nil {
		t.Fatal(err)
	}
	ui := cat.Strings("en")
	var r Renderer
	got := []string{r.choiceLabel(ui, 2, 0), r.choiceLabel(ui, 2, 1), r.choiceLabel(ui, 2, 2)}
	if want := []string{"2.α", "2.β", "2.3"}; !slices.Equal(got, want) {
		t.Errorf("choice labels %q, want %q", got, want)
	}
}
