// Package content holds the knowledge-base model: articles, procedures,
// steps, figures, troubleshooting entries and their translations, each
// element carrying the source position it was loaded from, and the loader
// that builds the model from YAML files (read, checked and parsed by
// package contentfile).
package content

import (
	"path/filepath"
	"slices"
	"strings"
	"sync"

	"github.com/kbcdev/kbc/internal/diag"
)

// KB is a loaded knowledge base: its configuration and its articles.
type KB struct {
	Root     string // the content folder, holding kb.yaml
	Config   *Config
	Articles []*Article // sorted by ID
	byID     map[string]*Article
	// Fragments are the fragments under _fragments/, sorted by id. They
	// are always loaded whole: the articles that include them need them.
	Fragments []*Fragment
	fragByID  map[string]*Fragment
	// unloaded holds the ids of the article folders that failed to load,
	// as their names spell them (see Unloaded).
	unloaded map[string]bool
	// unloadedFragments holds the names of the fragment folders that
	// failed to load (see FragmentUnloaded).
	unloadedFragments map[string]bool
	// configFailed is set when kb.yaml could not be parsed: the knowledge
	// base holds no articles then (see ConfigFailed).
	configFailed bool

	releaseMu sync.Mutex // serializes Release
}

// ConfigFailed reports whether kb.yaml could not be parsed, or declares
// no locale it could read: the articles
// were not loaded, since without the locales and platforms it declares
// every one of them would be reported for it, and nothing is checked
// until kb.yaml's own findings are fixed.
func (kb *KB) ConfigFailed() bool { return kb.configFailed }

// Article returns the article with the given id, or nil.
func (kb *KB) Article(id string) *Article { return kb.byID[id] }

// Unloaded reports whether id is that of an article folder of the
// knowledge base that failed to load, going by the folder's name: the
// findings of its files say why, and what refers to it cannot be checked
// until they are fixed, rather than being wrong.
func (kb *KB) Unloaded(id string) bool { return kb.unloaded[strings.ToUpper(id)] }

// SomeUnloaded reports whether an article folder of the knowledge base
// failed to load: what it refers to, such as the fragments it includes,
// is not known until its findings are fixed.
func (kb *KB) SomeUnloaded() bool { return len(kb.unloaded) > 0 }

func (kb *KB) markUnloaded(dir string) {
	if kb.unloaded == nil {
		kb.unloaded = map[string]bool{}
	}
	kb.unloaded[strings.ToUpper(filepath.Base(dir))] = true
}

// Config is the knowledge-base configuration file, kb.yaml.
type Config struct {
	File string
	// Digest sums what kb.yaml says: each YAML node, its value and its
	// place, and not its comments. A comment written or edited where it
	// moves no line leaves it as it was, and with it every page and
	// finding built on the file. Empty for a file that did not parse.
	Digest       string
	SourceLocale string   // the locale articles are written in unless they say otherwise
	Locales      []string // every locale the site is built in; the first is the default
	Platforms    []*Platform
	External     []*External // articles that live outside this knowledge base
	LocalesPos   diag.Position
	// RequiredLocales are the locales every article must be translated
	// into before it is published: their missing units are errors.
	RequiredLocales []string
	// Fallback is FallbackSource or FallbackOmit: what a locale's page of
	// an article not translated into it shows.
	Fallback string
	// Rules set the severity of lint rules' findings (see RuleSetting).
	Rules []*RuleSetting
	// Variables are the values prose names with {{var:NAME}}, in the
	// order kb.yaml declares them.
	Variables []*Variable
	// Site is what the help site shows of its publisher; nil when kb.yaml
	// says nothing of it.
	Site *Site
	// Categories group the articles on the site, in order; with none, the
	// home page lists every article.
	Categories []*Category
}

// HasLocale reports whether the locale is configured.
func (c *Config) HasLocale(l string) bool { return slices.Contains(c.Locales, l) }

// Platform returns the platform with the given id, or nil.
func (c *Config) Platform(id string) *Platform {
	for _, p := range c.Platforms {
		if p.ID == id {
			return p
		}
	}
	return nil
}

// ExternalRef returns the external reference with the given id, or nil.
func (c *Config) ExternalRef(id string) *External {
	for _, e := range c.External {
		if e.ID == id {
			return e
		}
	}
	return nil
}

// Platform is one branch of the platform vocabulary, such as android.
type Platform struct {
	ID    string
	Pos   diag.Position
	Names map[string]Text // localized display name by locale
}

// External is a referenced article that is not part of this knowledge base.
type External struct {
	ID     string
	Pos    diag.Position
	URL    string
	URLPos diag.Position
	Titles map[string]Text // localized title by locale
}

// Title returns the external article's title in locale, or in the source
// locale where it has none in locale, and the locale it is in.
func (e *External) Title(locale, source string) (Text, string) {
	if t := e.Titles[locale]; t.Value != "" {
		return t, locale
	}
	return e.Titles[source], source
}

// Text is a piece of prose: inline Markdown with typed references. Key is
// the stable translation key of the unit, such as
// "procedures.activate.steps.open-app.text". The zero Text is absent.
type Text struct {
	Key   string
	Value string
	Pos   diag.Position // where the scalar starts
	// shape records how the scalar was written so that an offset inside
	// Value can be mapped back to a line and column.
	shape scalarShape
	// from is the fragment whose text it is, nil for an article's own: a
	// text is translated in the files of the folder that holds it.
	from *Fragment
}

// Fragment returns the fragment whose text t is, or nil for a text of an
// article.
func (t Text) Fragment() *Fragment { return t.from }

// IsZero reports whether the text is absent.
func (t Text) IsZero() bool { return t.Value == "" && !t.Pos.IsValid() }

// Article is one knowledge-base article: a folder holding the source file
// and one translation file per other locale.
type Article struct {
	ID              string
	Pos             diag.Position // position of the id value
	Dir             string        // the article folder
	File            string        // the source file
	Lang            string        // the source locale
	Status          string        // Draft, Published or Retired
	ReplacedBy      Ref           // of a retired article
	Title           Text
	Summary         Text
	Requirements    []Text
	Notes           []*Note
	Sections        []*Section
	Figures         []*Figure
	Procedures      []*Procedure
	Troubleshooting []*Trouble
	Footnotes       []*Footnote
	SeeAlso         []Ref
	// ListIncludes are the entries of the requirements, notes and
	// troubleshooting lists that include a fragment's entries of that
	// list. Once the knowledge base is linked, Requirements, Notes and
	// Troubleshooting hold the included entries in their places.
	ListIncludes []*ListInclude
	// SectionID names the kb.yaml section the article is listed in, not
	// to be confused with Sections, its blocks of prose.
	SectionID  string
	SectionPos diag.Position
	// Updated is when the article's source text was last changed, as its
	// writer dated it (YYYY-MM-DD); empty when undated.
	Updated    string
	UpdatedPos diag.Position
	// Translations holds the text-only files by locale; the source locale
	// is not among them.
	Translations map[string]*Translation
	// FailedTranslations holds the locales whose translation file is in
	// the folder but failed to load: its findings say why.
	FailedTranslations map[string]bool

	digest *Digest // set when the article stands in for an unloaded one
	// setAside marks the stand-in of an article LoadLean loaded and set
	// aside; refers holds what Refers returned for the whole article.
	setAside   bool
	refers     []string
	isFragment bool // the article is how a fragment is held
	linked     bool // its includes are connected to their fragments (KB.linkArticle)
	// written holds the lists as the file writes them, without the
	// entries of included fragments.
	written writtenLists
	// fileBytes is the size of the source file it was loaded from.
	fileBytes int
}

// loadedBytes is the size of the files the article was loaded from: its
// source file and its translations.
func (a *Article) loadedBytes() int {
	n := a.fileBytes
	for _, tr := range a.Translations {
		n += tr.fileBytes
	}
	return n
}

// Note is a note, tip or warning shown near the top of an article.
type Note struct {
	ID   string
	Pos  diag.Position
	Kind string // "note", "tip" or "warning"
	Text Text
	from *Fragment // the fragment that holds it, nil for an article's own
}

// NoteKinds are the values a note's kind may take.
var NoteKinds = []string{"note", "tip", "warning"}

// Section is a block of prose with an optional table, for articles (or
// parts of them) that explain rather than instruct.
type Section struct {
	ID    string
	Pos   diag.Position
	Title Text
	Body  Text // Markdown paragraphs and lists
	Table *Table
}

// Table is a small data table with a header row.
type Table struct {
	Pos     diag.Position
	Caption Text
	Header  []Text
	Rows    [][]Text
}

// Figure is an image declared once and referenced with {{fig:ID}}.
type Figure struct {
	ID     string
	Pos    diag.Position
	Src    string // slash-separated, relative to the article folder
	SrcPos diag.Position
	// Fragment is the id of the fragment the figure is included from,
	// whose folder Src then leads into; "" for the article's own.
	Fragment string
	Alt      Text
	Caption  Text
}

// Procedure is a numbered sequence of steps, possibly branched by platform.
type Procedure struct {
	ID           string
	Pos          diag.Position
	Title        Text
	Intro        Text
	Platforms    []string // empty: one branch for every platform
	PlatformsPos diag.Position
	Steps        []*Step    // the steps written in the file
	Includes     []*Include // the step entries that include a fragment's steps
	// shown are the steps the procedure shows: those written, with the
	// steps of included fragments in place (see Shown). Set when the
	// knowledge base is linked.
	shown []*Step
	// overflow is the inclusion that would have brought shown past
	// MaxShownSteps, nil when none did (see Overflow).
	overflow *Inclusion
	// inFragment is set on the procedure that holds a fragment's steps.
	inFragment bool
}

// Shown returns the steps the procedure shows on one branch or another, in
// order: those written in the file, and in place of each include the
// steps of the fragment it names, with this procedure as their Proc.
// Steps are numbered from this list.
func (p *Procedure) Shown() []*Step {
	if p.shown != nil {
		return p.shown
	}
	return p.Steps
}

// Overflow returns the inclusion whose steps would have brought the
// procedure past MaxShownSteps, and were left out, or nil.
func (p *Procedure) Overflow() *Inclusion { return p.overflow }

// stepKey returns the translation key that starts the keys of a step's
// texts: procedures.ID.steps.STEP in an article, steps.STEP in a fragment.
func (p *Procedure) stepKey(step string) string {
	if p.inFragment {
		return "steps." + step
	}
	return "procedures." + p.ID + ".steps." + step
}

// Branches returns the platform branches of the procedure; a procedure
// without platforms has one branch named "".
func (p *Procedure) Branches() []string {
	if len(p.Platforms) == 0 {
		return []string{""}
	}
	return p.Platforms
}

// Branch returns the steps shown on the platform branch, in order. Their
// index plus one is their number: numbers are derived, never typed.
func (p *Procedure) Branch(platform string) []*Step {
	var steps []*Step
	for _, s := range p.Shown() {
		if s.On(platform) {
			steps = append(steps, s)
		}
	}
	return steps
}

// Step is one numbered instruction.
type Step struct {
	ID           string
	Pos          diag.Position
	Proc         *Procedure
	Platforms    []string // empty: shown on every branch of the procedure
	PlatformsPos diag.Position
	Text         Text
	Choices      []*Choice // rendered as 1.a, 1.b
	Result       Text      // what the reader sees when the step succeeded
	Note         Text
	// Via is set on a step a procedure shows from a fragment: the
	// inclusion it came through. Such a step is made when the knowledge
	// base is linked, a copy of the fragment's step, Origin, with the
	// including procedure as Proc and the platforms it is shown on there.
	Via    *Inclusion
	Origin *Step
}

// Fragment returns the fragment that holds the step, for a step included
// from one, or nil.
func (s *Step) Fragment() *Fragment {
	if s.Via == nil {
		return nil
	}
	return s.Via.Target
}

// On reports whether the step is shown on the platform branch; "" is the
// branch of a procedure without platforms.
func (s *Step) On(platform string) bool {
	return platform == "" || len(s.Platforms) == 0 || slices.Contains(s.Platforms, platform)
}

// Choice is one alternative inside a step: when the condition holds, do
// the text, then go on with Next (or the following step when Next is empty).
type Choice struct {
	Pos     diag.Position
	When    Text
	Text    Text
	Next    string
	NextPos diag.Position
	Back    bool // Next may lead to an earlier step on purpose
	End     bool // the procedure ends after this choice
}

// Trouble is a troubleshooting entry.
type Trouble struct {
	ID      string
	Pos     diag.Position
	Symptom Text
	Cause   Text
	Remedy  Text
	from    *Fragment // the fragment that holds it, nil for an article's own
}

// Footnote is referenced from prose with {{fn:ID}}.
type Footnote struct {
	ID   string
	Pos  diag.Position
	Text Text
}

// Ref is a reference to an article by KB id, as in see_also.
type Ref struct {
	ID  string
	Pos diag.Position
}

// Translation is a text-only file for one locale, keyed by the source's
// translation keys.
type Translation struct {
	Lang  string
	File  string
	Units map[string]*Unit
	Order []*Unit // as written in the file
	// Updated is when the translation was last changed, as its translator
	// dated it (YYYY-MM-DD); empty when undated.
	Updated    string
	UpdatedPos diag.Position

	fileBytes int // the size of the file it was loaded from
}

// Unit is one translated text and the fingerprint of the source text it was
// translated from.
type Unit struct {
	Key       string
	KeyPos    diag.Position
	Text      Text
	Source    string
	SourcePos diag.Position
	// SourceNumber is set for a fingerprint written unquoted that YAML
	// reads as a number other than its digits, such as 00768409 (768409)
	// or 1218e646 (a float too large to hold): kbc takes the digits as
	// written, another YAML tool would not.
	SourceNumber bool
}
