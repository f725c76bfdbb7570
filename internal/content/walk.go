package content

// Role says what part of an article a walk is at: a text (Title, StepText,
// …) or, for a visit without a text, a part that holds texts (Section,
// Step, …).
type Role uint8

// The roles of texts, in the order an article holds them.
const (
	Title Role = iota + 1
	Summary
	Requirement
	NoteText
	SectionTitle
	SectionBody
	TableCaption
	TableHeader
	TableCell
	FigureAlt
	FigureCaption
	ProcedureTitle
	ProcedureIntro
	StepText
	ChoiceWhen
	ChoiceText
	StepResult
	StepNote
	TroubleSymptom
	TroubleCause
	TroubleRemedy
	FootnoteText
)

// The roles of the parts that hold texts. A walk visits a part, with a
// nil text, before the texts and parts it holds, so that a reader of the
// walk meets every part even when its texts are absent.
const (
	NotePart Role = iota + 64
	SectionPart
	FigurePart
	ProcedurePart
	BranchPart
	StepPart
	ChoicePart
	TroublePart
	FootnotePart
)

var roleNames = map[Role]string{
	Title: "title", Summary: "summary", Requirement: "requirement", NoteText: "note",
	SectionTitle: "section title", SectionBody: "section body", TableCaption: "table caption",
	TableHeader: "table header", TableCell: "table cell", FigureAlt: "alt text", FigureCaption: "figure caption",
	ProcedureTitle: "procedure title", ProcedureIntro: "procedure introduction", StepText: "step",
	ChoiceWhen: "choice condition", ChoiceText: "choice", StepResult: "step result", StepNote: "step note",
	TroubleSymptom: "troubleshooting: symptom", TroubleCause: "troubleshooting: cause",
	TroubleRemedy: "troubleshooting: remedy", FootnoteText: "footnote",
	NotePart: "note", SectionPart: "section", FigurePart: "figure", ProcedurePart: "procedure",
	BranchPart: "platform branch", StepPart: "step", ChoicePart: "choice", TroublePart: "troubleshooting entry",
	FootnotePart: "footnote",
}

// String names the role as a writer or translator would.
func (r Role) String() string {
	if n, ok := roleNames[r]; ok {
		return n
	}
	return "unknown part"
}

// IsPart reports whether the role is that of a part rather than a text.
func (r Role) IsPart() bool { return r >= NotePart }

// Place is where a walk is in an article: the role of the text or part,
// and the parts around it. Fields that do not apply are zero.
type Place struct {
	Role Role
	// Index is the position of a requirement, of a choice in its step and
	// of a header cell in its row; Row and Index together locate a table
	// cell.
	Index, Row int
	Note       *Note
	Section    *Section
	Figure     *Figure
	Proc       *Procedure
	// Branch is the platform branch whose steps are being walked, when a
	// walk goes through a procedure once per branch (WalkBranches); ""
	// otherwise.
	Branch   string
	Step     *Step
	Choice   *Choice
	Trouble  *Trouble
	Footnote *Footnote
	// Fragment is the fragment whose step, figure, requirement, note or
	// troubleshooting entry the walk is in, when the article shows it
	// through an include; nil for the article's own.
	Fragment *Fragment
}

// Walk calls visit for every text of the article, and for every part
// that holds texts, in the one order kbc reads an article in: title,
// summary, requirements, notes, sections (title, body, table), figures
// (alt text, caption), procedures (title, introduction, then each step
// with its choices, result and note), troubleshooting entries and
// footnotes. Translation files list their units in this order, lint
// reports in it, and the site numbers figures and footnotes by the first
// reference met in it. Absent texts are not visited; parts are visited
// with a nil text.
//
// The steps of a procedure are those it shows (Procedure.Shown): an
// include is walked where it stands, as the steps of the fragment it
// names, with Place.Fragment set to the fragment. Their texts are the
// fragment's own (see Text.Fragment).
//
// Every step is visited once; see WalkBranches for a walk that follows
// each platform branch.
func (a *Article) Walk(visit func(t *Text, at Place)) {
	a.walk(nil, visit)
}

// WalkBranches is Walk, but it goes through the steps of each procedure
// once per branch that branches returns for it, in that order, visiting
// a BranchPart and then the steps shown on that branch, as a reader who
// follows each branch in turn meets them. A procedure for which branches
// returns none is not visited at all.
func (a *Article) WalkBranches(branches func(*Procedure) []string, visit func(t *Text, at Place)) {
	if branches == nil {
		branches = func(*Procedure) []string { return nil }
	}
	a.walk(branches, visit)
}

func (a *Article) walk(branches func(*Procedure) []string, visit func(*Text, Place)) {
	text := func(t *Text, at Place) {
		if !t.IsZero() {
			visit(t, at)
		}
	}
	text(&a.Title, Place{Role: Title})
	text(&a.Summary, Place{Role: Summary})
	for i := range a.Requirements {
		r := &a.Requirements[i]
		text(r, Place{Role: Requirement, Index: i, Fragment: a.foreign(r.from)})
	}
	for _, n := range a.Notes {
		from := a.foreign(n.from)
		visit(nil, Place{Role: NotePart, Note: n, Fragment: from})
		text(&n.Text, Place{Role: NoteText, Note: n, Fragment: from})
	}
	for _, s := range a.Sections {
		walkSection(s, visit, text)
	}
	for _, f := range a.Figures {
		from := a.foreign(f.Alt.from)
		visit(nil, Place{Role: FigurePart, Figure: f, Fragment: from})
		text(&f.Alt, Place{Role: FigureAlt, Figure: f, Fragment: from})
		text(&f.Caption, Place{Role: FigureCaption, Figure: f, Fragment: from})
	}
	for _, p := range a.Procedures {
		if branches == nil {
			walkProcedureHead(p, visit, text)
			walkSteps(p, "", p.Shown(), visit, text)
			continue
		}
		shown := branches(p)
		if len(shown) == 0 {
			continue
		}
		walkProcedureHead(p, visit, text)
		for _, b := range shown {
			visit(nil, Place{Role: BranchPart, Proc: p, Branch: b})
			walkSteps(p, b, p.Branch(b), visit, text)
		}
	}
	for _, t := range a.Troubleshooting {
		at := Place{Role: TroublePart, Trouble: t, Fragment: a.foreign(t.from)}
		visit(nil, at)
		at.Role = TroubleSymptom
		text(&t.Symptom, at)
		at.Role = TroubleCause
		text(&t.Cause, at)
		at.Role = TroubleRemedy
		text(&t.Remedy, at)
	}
	for _, f := range a.Footnotes {
		visit(nil, Place{Role: FootnotePart, Footnote: f})
		text(&f.Text, Place{Role: FootnoteText, Footnote: f})
	}
}

func walkSection(s *Section, visit, text func(*Text, Place)) {
	at := Place{Role: SectionPart, Section: s}
	visit(nil, at)
	at.Role = SectionTitle
	text(&s.Title, at)
	at.Role = SectionBody
	text(&s.Body, at)
	if s.Table == nil {
		return
	}
	at.Role = TableCaption
	text(&s.Table.Caption, at)
	for i := range s.Table.Header {
		text(&s.Table.Header[i], Place{Role: TableHeader, Section: s, Index: i})
	}
	for r, row := range s.Table.Rows {
		for c := range row {
			text(&row[c], Place{Role: TableCell, Section: s, Row: r, Index: c})
		}
	}
}

func walkProcedureHead(p *Procedure, visit, text func(*Text, Place)) {
	at := Place{Role: ProcedurePart, Proc: p}
	visit(nil, at)
	at.Role = ProcedureTitle
	text(&p.Title, at)
	at.Role = ProcedureIntro
	text(&p.Intro, at)
}

// walkSteps walks steps of a procedure, on a branch or ("") on all.
func walkSteps(p *Procedure, branch string, steps []*Step, visit, text func(*Text, Place)) {
	for _, s := range steps {
		at := Place{Proc: p, Branch: branch, Step: s, Role: StepPart, Fragment: s.Fragment()}
		visit(nil, at)
		at.Role = StepText
		text(&s.Text, at)
		for i, c := range s.Choices {
			cat := at
			cat.Choice, cat.Index = c, i
			cat.Role = ChoicePart
			visit(nil, cat)
			cat.Role = ChoiceWhen
			text(&c.When, cat)
			cat.Role = ChoiceText
			text(&c.Text, cat)
		}
		at.Role = StepResult
		text(&s.Result, at)
		at.Role = StepNote
		text(&s.Note, at)
	}
}

// foreign returns the fragment, unless it is the article itself: a
// fragment's own texts are not another's.
func (a *Article) foreign(f *Fragment) *Fragment {
	if f == nil || &f.Article == a {
		return nil
	}
	return f
}
