package lint

import (
	"fmt"

	"github.com/kbcdev/kbc/internal/content"
	"github.com/kbcdev/kbc/internal/diag"
	"github.com/kbcdev/kbc/internal/suggest"
)

// Sections checks that the articles are listed in the sections kb.yaml
// declares.
var Sections = &Rule{
	Name:     "sections",
	Severity: diag.Error,
	Doc: `every article is listed in a section that kb.yaml declares
When kb.yaml declares categories, the home page shows them with their
sections, and each draft or published article names its section with
section:, one of the sections of kb.yaml's categories (a retired article is
listed nowhere and needs none). An article in no section would be on no page
but its own. Without categories, the home page lists every article, and an
article that names a section names nothing. Warning: a section in which no
published article is listed, whose page would be empty.`,
	Checks: []Check{
		{"missing", "an article names no section"},
		{"unknown", "an article names a section kb.yaml does not declare"},
		{"empty", "a section in which no published article is listed"},
	},
	Run: runSections,
}

func runSections(pass *Pass) {
	cfg := pass.KB.Config
	for _, a := range pass.Articles() {
		switch {
		case a.Status == content.Retired:
		case a.SectionID == "" && len(cfg.Categories) > 0:
			pass.Report(diag.Diagnostic{Pos: a.Pos, Check: "missing",
				Message: fmt.Sprintf("%s is in no section: add section: with one of %s, as kb.yaml's categories declare them", a.ID, quoteList(cfg.SectionIDs()))})
		case a.SectionID == "":
		case len(cfg.Categories) == 0:
			pass.Report(diag.Diagnostic{Pos: a.SectionPos, Check: "unknown",
				Message: fmt.Sprintf("section %q: kb.yaml declares no categories and sections", a.SectionID)})
		case cfg.Section(a.SectionID) == nil:
			pass.Report(diag.Diagnostic{Pos: a.SectionPos, Check: "unknown",
				Message: fmt.Sprintf("unknown section %q%s", a.SectionID, suggest.Hint(a.SectionID, cfg.SectionIDs()))})
		}
	}
	// Every article counts here, digests too: this finding is about the
	// knowledge base, found again in each batch.
	listed := map[string]bool{}
	for _, a := range pass.KB.Articles {
		if a.Status == content.Published {
			listed[a.SectionID] = true
		}
	}
	for _, c := range cfg.Categories {
		for _, s := range c.Sections {
			if !listed[s.ID] {
				pass.Report(diag.Diagnostic{Pos: s.Pos, Check: "empty", Severity: diag.Warning,
					Message: fmt.Sprintf("no published article is in section %q: its page would be empty", s.ID)})
			}
		}
	}
}

func quoteList(ids []string) string {
	out := ""
	for i, id := range ids {
		if i > 0 {
			out += ", "
		}
		out += fmt.Sprintf("%q", id)
	}
	return out
}
