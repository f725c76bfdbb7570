package resolve

import (
	"slices"

	"github.com/kbcdev/kbc/internal/content"
)

// Numbers are the numbers of an article's figures and footnotes as a
// reader of one page meets them.
type Numbers struct {
	figures   map[string]int
	footnotes map[string]int
	// FootnoteOrder lists footnote ids by number.
	FootnoteOrder []string
	// FigureCount is how many figures are numbered.
	FigureCount int
}

// Figure returns the number of the figure with the given id, or 0.
func (n *Numbers) Figure(id string) int { return n.figures[id] }

// Footnote returns the number of the footnote with the given id, or 0.
func (n *Numbers) Footnote(id string) int { return n.footnotes[id] }

// Number numbers figures and footnotes by their first reference in the
// article's reading order (content.Article.WalkBranches, through the
// branches of each procedure that branches gives), in the texts as
// localized returns them: a translation may cite in another order. A
// figure's alt text and caption are read where the figure is shown, so
// their references do not count. Figures and footnotes never referenced
// are numbered after the others, in the order they are declared.
func (r *Article) Number(localized func(*content.Text) string, branches func(*content.Procedure) []string) *Numbers {
	n := &Numbers{figures: map[string]int{}, footnotes: map[string]int{}}
	r.Article.WalkBranches(branches, func(t *content.Text, at content.Place) {
		if t == nil || at.Role == content.FigureAlt || at.Role == content.FigureCaption {
			return
		}
		for _, ref := range content.ParseRefs(localized(t)) {
			switch ref.Kind {
			case content.RefFigure:
				if r.figures[ref.Target] != nil {
					n.addFigure(ref.Target)
				}
			case content.RefFootnote:
				if r.footnotes[ref.Target] != nil {
					n.addFootnote(ref.Target)
				}
			}
		}
	})
	for _, f := range r.Article.Footnotes {
		n.addFootnote(f.ID)
	}
	for _, f := range r.Article.Figures {
		n.addFigure(f.ID)
	}
	return n
}

func (n *Numbers) addFigure(id string) {
	if n.figures[id] == 0 {
		n.FigureCount++
		n.figures[id] = n.FigureCount
	}
}

func (n *Numbers) addFootnote(id string) {
	if n.footnotes[id] == 0 {
		n.FootnoteOrder = append(n.FootnoteOrder, id)
		n.footnotes[id] = len(n.FootnoteOrder)
	}
}

// FigureViews numbers the figures as a reader of each platform branch
// meets them on a page with platform tabs, which shows one branch of
// every procedure at a time: the one the reader chose, or the first of a
// procedure that does not have it. views are the platforms, of those
// kb.yaml lists (platforms, in its order), that some procedure of the
// article shows a tab for; branches gives the branches of a procedure
// the page shows. On a page without tabs views is empty.
func (r *Article) FigureViews(platforms []string, localized func(*content.Text) string, branches func(*content.Procedure) []string) (views []string, nums map[string]*Numbers) {
	tabbed := map[string]bool{}
	for _, p := range r.Article.Procedures {
		if bs := branches(p); len(bs) > 1 {
			for _, b := range bs {
				tabbed[b] = true
			}
		}
	}
	nums = map[string]*Numbers{}
	for _, v := range platforms {
		if !tabbed[v] {
			continue
		}
		views = append(views, v)
		nums[v] = r.Number(localized, func(p *content.Procedure) []string {
			switch bs := branches(p); {
			case len(bs) < 2:
				return bs
			case slices.Contains(bs, v):
				return []string{v}
			default:
				return bs[:1]
			}
		})
	}
	return views, nums
}
