package theme

import (
	"bytes"
	"errors"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/kbcdev/kbc/internal/content"
)

// bounds sets the bounds of a theme's templates for one test.
func bounds(t *testing.T, size int, d time.Duration) {
	oldSize, oldTime := maxPageBytes, maxPageTime
	maxPageBytes, maxPageTime = size, d
	t.Cleanup(func() { maxPageBytes, maxPageTime = oldSize, oldTime })
}

// A template that writes without end stops at the bound, having passed
// on no more than it allows.
func TestThemeTemplateThatWritesWithoutEndStops(t *testing.T) {
	bounds(t, 1000, time.Minute)
	th := load(t, write(t, map[string]string{
		"theme/templates/x.html": `{{define "footer"}}{{range .}}<p>row</p>{{end}}{{end}}`,
	}))
	var b bytes.Buffer
	err := th.Execute(&b, "footer", 1_000_000_000)
	var be *BoundError
	if !errors.As(err, &be) || be.Bytes != 1000 || !strings.Contains(err.Error(), "wrote more than 1000 bytes for one page") {
		t.Fatalf("Execute = %v, want the bound on bytes", err)
	}
	if b.Len() > 1000 {
		t.Errorf("%d bytes written, want at most 1000", b.Len())
	}
	if want := filepath.Join(content.ThemeDir, TemplatesDir); !strings.Contains(err.Error(), want) {
		t.Errorf("Execute = %v, want it to name %s", err, want)
	}
}

// blocker is page data whose Wait does not return until the test ends.
type blocker chan struct{}

func (b blocker) Wait() string { <-b; return "late" }

// A template that does not end is left once its time is up: Execute
// returns, and what the template writes afterwards reaches nobody.
func TestThemeTemplateThatDoesNotEndIsLeft(t *testing.T) {
	// Loaded within the usual bounds: loading runs kbc's page template
	// without data, which a busy machine may take more than 20ms to do.
	th := load(t, write(t, map[string]string{
		"theme/templates/x.html": `{{define "footer"}}<p>{{.Wait}}</p>{{end}}`,
	}))
	bounds(t, 1<<20, 20*time.Millisecond)
	var b bytes.Buffer
	block := make(blocker)
	err := th.Execute(&b, "footer", block)
	var be *BoundError
	if !errors.As(err, &be) || be.Time != 20*time.Millisecond || !strings.Contains(err.Error(), "ran for more than 20ms for one page") {
		t.Fatalf("Execute = %v, want the bound on time", err)
	}
	written := b.String()
	close(block)
	// The template goes on to write "late" and its end tag, which the
	// closed writer refuses; b is ours again, and must not change.
	time.Sleep(10 * time.Millisecond)
	if b.String() != written {
		t.Errorf("the buffer changed after Execute returned: %q, then %q", written, b.String())
	}
}

// A template that does not end even without data is a finding of the
// theme at the definition, found when the theme is loaded, which lint
// does: lint and build do not hang.
func TestThemeTemplateThatDoesNotEndIsAFinding(t *testing.T) {
	for _, tc := range []struct {
		name, footer, want string
	}{
		{"writes", `{{range 10000000}}x{{end}}`, `template "footer" wrote more than 1000 bytes with no data at all`},
		// Two hundred million turns take seconds, far past the bound,
		// which is far past what kbc's own page template takes without
		// data on a busy machine.
		{"loops", `{{range 200000000}}{{end}}`, `template "footer" ran for more than 300ms with no data at all`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			bounds(t, 1000, 300*time.Millisecond)
			root := write(t, map[string]string{
				"theme/templates/footer.html": "\n\n" + `{{define "footer"}}<footer>` + tc.footer + `</footer>{{end}}`,
			})
			th, diags := Load(root)
			if th != nil || len(diags) != 1 {
				t.Fatalf("Load: %v, want one finding and no theme", diags)
			}
			d := diags[0]
			if want := filepath.Join(root, content.ThemeDir, TemplatesDir, "footer.html"); d.Pos.File != want || d.Pos.Line != 3 || !strings.Contains(d.Message, tc.want) {
				t.Errorf("finding %v, want one at %s:3 saying %q", d, want, tc.want)
			}
		})
	}
}

// The same templates loaded again, as kbc serve does after each edit,
// are not run again to the bound: the finding is the first load's, and
// no more goroutines are left running.
func TestTemplateThatDoesNotEndIsNotRunAgain(t *testing.T) {
	bounds(t, 1<<20, 300*time.Millisecond)
	root := write(t, map[string]string{
		"theme/templates/footer.html": `{{define "footer"}}<footer>{{range 200000000}}{{end}}</footer>{{end}}`,
	})
	_, first := Load(root)
	before := runtime.NumGoroutine()
	_, again := Load(root)
	if len(first) != 1 || len(again) != 1 || first[0].String() != again[0].String() {
		t.Errorf("findings %v, then %v; want the same one", first, again)
	}
	if after := runtime.NumGoroutine(); after > before {
		t.Errorf("%d goroutines before the second load, %d after: it ran the templates again", before, after)
	}
}
