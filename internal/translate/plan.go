package translate

import (
	"errors"
	"fmt"
	"maps"
	"os"

	"github.com/kbcdev/kbc/internal/content"
	"github.com/kbcdev/kbc/internal/diag"
	"github.com/kbcdev/kbc/internal/localefile"
	"github.com/kbcdev/kbc/internal/xliff"
)

// Plan is an import ready to be written: every locale file it changes,
// read (and locked, when it is to be written) with its new content, and
// what the checks found in the knowledge base as the import would leave
// it.
type Plan struct {
	Files []*PlannedFile
	diags diag.List
}

// PlannedFile is one locale file of a plan.
type PlannedFile struct {
	Edit           *localefile.LocaleEdit
	Created        bool // the file did not exist when read
	Added, Updated int
	file           *localefile.File
	r              *localefile.Rendering // nil when the edit could not be rendered
}

// Linter checks a knowledge base as kbc lint does. It is a parameter, not
// a call into package lint, so that the caller chooses the rules to run,
// or none.
type Linter func(*content.KB) diag.List

// Prepare reads every locale file the import changes, taking its lock
// first when lock is set (for Commit to write it), and renders the edits.
// It then checks the knowledge base as it would be after the import, with
// the checks kbc lint makes: each locale file as rendered goes through
// the loader, and lint runs over the knowledge base with those files in
// place. Every finding that falls in an imported unit is reported at the
// unit in its XLIFF document, naming the article, the unit and the locale
// file; so is anything the edits would break elsewhere in a file. An
// error among the plan's findings means it must not be written. The error
// returned is for a file that cannot be read; the plan's locks are
// released then.
func (im *Import) Prepare(lock bool, lint Linter) (*Plan, error) {
	p := &Plan{}
	for _, e := range im.Edits() {
		f, err := localefile.Read(e.Path, lock)
		if err != nil {
			p.Release()
			return nil, err
		}
		pf := &PlannedFile{Edit: e, Created: !f.Exists, file: f}
		p.Files = append(p.Files, pf)
		var old []byte
		if f.Exists {
			old = f.Data
		}
		if pf.r, err = e.Apply(old); err != nil {
			p.diags.Errorf(diag.Position{File: e.Path}, xliff.Rule, "%v", err)
			continue
		}
		pf.Added, pf.Updated = pf.r.Added, pf.r.Updated
	}
	p.check(im.kb, lint)
	return p, nil
}

// Diagnostics returns what the checks found, sorted.
func (p *Plan) Diagnostics() diag.List {
	p.diags.Sort()
	return p.diags
}

// check runs the loader and lint over the knowledge base as the plan
// would leave it, and reads each rendered file back.
func (p *Plan) check(kb *content.KB, lint Linter) {
	copies := map[string]*content.Article{}
	var found diag.List
	for _, pf := range p.Files {
		if pf.r == nil {
			continue
		}
		e := pf.Edit
		tr, diags := content.ParseTranslation(e.Path, e.Locale, pf.r.Out)
		found = append(found, diags...)
		p.reportFileErrors(pf, diags)
		a := copies[e.Article.ID]
		if a == nil {
			c := *e.Article
			c.Translations = maps.Clone(e.Article.Translations)
			a = &c
			copies[a.ID] = a
		}
		if tr != nil {
			a.Translations[e.Locale] = tr
		} else {
			delete(a.Translations, e.Locale)
		}
	}
	if lint != nil && len(copies) > 0 {
		var as []*content.Article
		for _, a := range copies {
			as = append(as, a)
		}
		// The other articles are digests, as in an incremental build: what
		// lint finds in an article depends on no more of the others, and
		// lint checks only the articles loaded whole.
		wouldBe := kb.WithArticles(as...)
		for i, a := range wouldBe.Articles {
			if copies[a.ID] != a && !includesAny(a, copies) {
				wouldBe.Release(i)
			}
		}
		found = append(found, lint(wouldBe)...)
	}
	refused := map[*PlannedFile]bool{}
	for _, d := range found {
		pf, u, ok := p.unitAt(d.Pos)
		if !ok {
			continue
		}
		if d.Locale == "" {
			d.Locale = pf.Edit.Locale
		}
		p.diags.Add(diag.Diagnostic{Pos: u.From, Rule: d.Rule, Severity: d.Severity, Locale: d.Locale,
			Message: fmt.Sprintf("%s %s, for %s: %s", pf.Edit.Article.ID, u.Key, pf.Edit.Path, d.Message)})
		refused[pf] = refused[pf] || d.Severity == diag.Error
	}
	for _, pf := range p.Files {
		if pf.r == nil || refused[pf] {
			continue
		}
		if err := pf.r.Verify(); err != nil {
			p.diags.Errorf(diag.Position{File: pf.Edit.Path}, xliff.Rule, "%v", err)
		}
	}
}

// reportFileErrors reports the errors the loader finds in a rendered file
// outside its imported units that it does not find in the file as it is:
// what the edits would break in the file as a whole, such as its size.
func (p *Plan) reportFileErrors(pf *PlannedFile, diags diag.List) {
	before := map[string]bool{}
	if pf.file.Exists {
		_, old := content.ParseTranslation(pf.Edit.Path, pf.Edit.Locale, pf.file.Data)
		for _, d := range old {
			before[d.Rule+"\x00"+d.Message] = true
		}
	}
	for _, d := range diags {
		if _, _, inUnit := p.unitAt(d.Pos); inUnit || d.Severity != diag.Error || before[d.Rule+"\x00"+d.Message] {
			continue
		}
		p.diags.Add(diag.Diagnostic{Pos: diag.Position{File: pf.Edit.Path}, Rule: d.Rule, Severity: diag.Error, Locale: pf.Edit.Locale,
			Message: fmt.Sprintf("the import would leave the file with this error at line %d: %s", d.Pos.Line, d.Message)})
	}
}

// unitAt returns the imported unit whose lines, in its file as rendered,
// hold the position.
func (p *Plan) unitAt(pos diag.Position) (*PlannedFile, localefile.ImportedUnit, bool) {
	for _, pf := range p.Files {
		if pf.r == nil || pf.Edit.Path != pos.File {
			continue
		}
		for _, u := range pf.Edit.Units {
			if s, ok := pf.r.Spans[u.Key]; ok && pos.Line >= s[0] && pos.Line <= s[1] {
				return pf, u, true
			}
		}
	}
	return nil, localefile.ImportedUnit{}, false
}

// Commit writes the plan: it writes each new file beside the one it
// replaces, checks that none of the files changed since Prepare read it,
// then renames each into place. A file that changed is a
// *localefile.ChangedError, and nothing is written. The check and the
// renames are moments apart, not one atomic step: a program that takes no
// lock and writes a file in that moment still loses its write, and an I/O
// error while renaming leaves the files renamed before it written.
func (p *Plan) Commit() (err error) {
	tmps := make([]string, len(p.Files))
	defer func() {
		for _, t := range tmps {
			if t != "" {
				os.Remove(t)
			}
		}
	}()
	for i, pf := range p.Files {
		if pf.r == nil {
			return errors.New(pf.Edit.Path + ": the edit could not be rendered")
		}
		if tmps[i], err = localefile.WriteTemp(pf.Edit.Path, pf.r.Out, pf.file.Mode); err != nil {
			return err
		}
	}
	for _, pf := range p.Files {
		if err := pf.file.Unchanged(); err != nil {
			return err
		}
	}
	for i, pf := range p.Files {
		if err := pf.file.Replace(tmps[i]); err != nil {
			return err
		}
		tmps[i] = ""
	}
	return nil
}

// Release lets go of the locks the plan holds.
func (p *Plan) Release() {
	for _, pf := range p.Files {
		pf.file.Release()
	}
}

// WriteFileAtomic replaces the file at path with data: it writes a
// temporary file beside it and renames it over the old one, so the file is
// either the old or the new one, never half written. The temporary name
// starts with a dot, which the content loader skips.
func WriteFileAtomic(path string, data []byte) error {
	mode := os.FileMode(0o644)
	if st, err := os.Stat(path); err == nil {
		mode = st.Mode().Perm()
	} else if !errors.Is(err, os.ErrNotExist) {
		return err
	}
	tmp, err := localefile.WriteTemp(path, data, mode)
	if err != nil {
		return err
	}
	if err := os.Rename(tmp, path); err != nil {
		os.Remove(tmp)
		return err
	}
	return nil
}

// includesAny reports whether the article includes one of the fragments
// among the copies: lint checks a fragment's texts where it is included.
func includesAny(a *content.Article, copies map[string]*content.Article) bool {
	for _, id := range a.IncludedFragments() {
		if c := copies[id]; c != nil && c.IsFragment() {
			return true
		}
	}
	return false
}
