package resolve

import "github.com/kbcdev/kbc/internal/content"

// Graph is the step graph of one platform branch of a procedure: the
// steps shown on that branch, their derived numbers, and where each leads.
type Graph struct {
	Proc     *content.Procedure
	Platform string // "" for a procedure without branches
	Steps    []*content.Step
	Number   map[*content.Step]int    // 1-based, derived from order
	ByID     map[string]*content.Step // steps of this branch by id
	Edges    map[*content.Step][]Edge
}

// Edge is a transition from one step to another: a choice's next, or the
// fall-through to the following step (Choice nil, or a choice without next).
type Edge struct {
	From, To *content.Step
	Choice   *content.Choice
}

// buildGraph derives the branch graph. A step without choices, or with a
// choice that names no next step, falls through to the following step; a
// choice with a next leads there. Targets missing from the branch are left
// out here and reported by the step-graph rule.
func buildGraph(p *content.Procedure, platform string) *Graph {
	g := &Graph{
		Proc: p, Platform: platform,
		Steps:  p.Branch(platform),
		Number: map[*content.Step]int{},
		ByID:   map[string]*content.Step{},
		Edges:  map[*content.Step][]Edge{},
	}
	for i, s := range g.Steps {
		g.Number[s] = i + 1
		if _, dup := g.ByID[s.ID]; !dup {
			g.ByID[s.ID] = s
		}
	}
	for i, s := range g.Steps {
		var following *content.Step
		if i+1 < len(g.Steps) {
			following = g.Steps[i+1]
		}
		fallsThrough := len(s.Choices) == 0
		for _, c := range s.Choices {
			switch {
			case c.End:
			case c.Next == "":
				fallsThrough = true
			default:
				if t := g.ByID[c.Next]; t != nil {
					g.Edges[s] = append(g.Edges[s], Edge{From: s, To: t, Choice: c})
				}
			}
		}
		if fallsThrough && following != nil {
			g.Edges[s] = append(g.Edges[s], Edge{From: s, To: following})
		}
	}
	return g
}

// Reachable returns the steps reachable from the first step of the branch.
func (g *Graph) Reachable() map[*content.Step]bool {
	seen := map[*content.Step]bool{}
	if len(g.Steps) == 0 {
		return seen
	}
	stack := []*content.Step{g.Steps[0]}
	seen[g.Steps[0]] = true
	for len(stack) > 0 {
		s := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		for _, e := range g.Edges[s] {
			if !seen[e.To] {
				seen[e.To] = true
				stack = append(stack, e.To)
			}
		}
	}
	return seen
}
