package site

import (
	"testing"

	"github.com/kbcdev/kbc/internal/theme"
)

// TestKbcTemplatesFitThePageData holds kbc's own templates to the check a
// theme's get: every field and method they ask for is one page data has.
func TestKbcTemplatesFitThePageData(t *testing.T) {
	th, diags := theme.Load(t.TempDir())
	if th == nil {
		t.Fatal(diags)
	}
	if diags := CheckTheme(th); len(diags) > 0 {
		t.Errorf("CheckTheme: %v", diags)
	}
}
