package content

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kbcdev/kbc/internal/diag"
)

func TestVariablesDeclaredOnceWithLocaleValues(t *testing.T) {
	path := filepath.Join(t.TempDir(), ConfigFile)
	src := `source_locale: en
locales: [en, fr, hu, ja]
variables:
  support-url: https://www.example.com/support
  support-phone:
    value: "+1 877 442 2757"
    locales: {hu: "+36 1 555 0100", de: "+49 69 555"}
  wizard:
    value: Step 2 Verify
    allow_typed_numbers: true
  support-url: https://twice.example.com/
`
	if err := os.WriteFile(path, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	var diags diag.List
	cfg, _ := loadConfig(path, &diags)
	diags.Sort()

	phone := cfg.Variable("support-phone")
	if phone == nil {
		t.Fatalf("support-phone not declared; variables %v, findings %v", cfg.Variables, diags)
	}
	for locale, want := range map[string]string{"en": "+1 877 442 2757", "fr": "+1 877 442 2757", "hu": "+36 1 555 0100"} {
		if got := phone.In(locale).Value; got != want {
			t.Errorf("support-phone in %s = %q, want %q", locale, got, want)
		}
	}
	if got := phone.In("hu").Pos; got.Line != 7 {
		t.Errorf("hu value at %s, want line 7", got)
	}
	if v := cfg.Variable("support-url"); v == nil || v.Value.Value != "https://www.example.com/support" || v.AllowTypedNumbers {
		t.Errorf("support-url = %+v, want the first declaration, typed numbers not allowed", v)
	}
	if v := cfg.Variable("wizard"); v == nil || !v.AllowTypedNumbers {
		t.Errorf("wizard = %+v, want typed numbers allowed", v)
	}

	wantFindings := []string{
		`7:37: error: schema: variable support-phone has a value for locale "de", which is not configured`,
		`11:3: error: schema: duplicate key "support-url" in variables (first at line 4)`,
	}
	if len(diags) != len(wantFindings) {
		t.Fatalf("findings %v, want %d", diags, len(wantFindings))
	}
	for i, w := range wantFindings {
		if !strings.Contains(diags[i].String(), w) {
			t.Errorf("finding %d = %s, want it to contain %s", i, diags[i], w)
		}
	}
	if msg := cfg.UnknownVariable("suport-phone"); !strings.Contains(msg, `did you mean "support-phone"?`) {
		t.Errorf("UnknownVariable = %q, want a did-you-mean", msg)
	}
}
