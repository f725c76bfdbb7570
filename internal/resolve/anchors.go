package resolve

// The ids an article page gives the elements it makes itself: the
// requirements, troubleshooting, see-also and footnote sections, its
// contents, figures, footnotes and the marks that cite them, platform
// tabs and their panels, and the copies of a step shown on several
// branches. Each starts with an underscore and joins its parts with
// underscores, which the ids of content cannot hold (they are lower-case
// words joined by hyphens): no writer's id can collide with one of
// them, or two of them with each other, and a writer's ids stay the
// anchors of the parts they name, which other pages link to.
const (
	RequirementsAnchor    = "_requirements"
	ContentsAnchor        = "_contents"
	TroubleshootingAnchor = "_troubleshooting"
	SeeAlsoAnchor         = "_see-also"
	FootnotesAnchor       = "_footnotes"
)

// FigureAnchor is the id of a figure where it is first shown.
func FigureAnchor(fig string) string { return "_fig_" + fig }

// FigureCopyAnchor is the id of a figure shown again on a platform
// branch of a procedure.
func FigureCopyAnchor(fig, proc, branch string) string {
	return "_fig_" + fig + "_" + proc + "_" + branch
}

// FootnoteAnchor is the id of a footnote in the list of footnotes.
func FootnoteAnchor(fn string) string { return "_fn_" + fn }

// FootnoteMarkAnchor is the id of the first mark that cites a footnote,
// where the footnote's back-link leads.
func FootnoteMarkAnchor(fn string) string { return "_fnref_" + fn }

// StepCopyAnchor is the id of a step on one platform branch of a
// procedure with several; the step's own id marks its first copy.
func StepCopyAnchor(step, branch string) string { return "_step_" + step + "_" + branch }

// PanelAnchor, TabAnchor and BranchTitleAnchor are the ids of a platform
// branch's panel, its tab and the panel's heading.
func PanelAnchor(proc, branch string) string       { return "_panel_" + proc + "_" + branch }
func TabAnchor(proc, branch string) string         { return "_tab_" + proc + "_" + branch }
func BranchTitleAnchor(proc, branch string) string { return "_title_" + proc + "_" + branch }
