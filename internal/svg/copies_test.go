package svg

import (
	"fmt"
	"regexp"
	"strings"
	"testing"
)

// useChain returns a figure whose group a<levels> holds ten <use> of
// a<levels-1>, and so on down to a rectangle: 10^levels rectangles drawn.
func useChain(levels int) string {
	var b strings.Builder
	b.WriteString(svgOpen + `<defs><g id="a0"><rect width="1" height="1"/></g>`)
	for i := 1; i <= levels; i++ {
		fmt.Fprintf(&b, `<g id="a%d">`, i)
		for j := range 10 {
			fmt.Fprintf(&b, `<use href="#a%d" x="%d"/>`, i-1, j)
		}
		b.WriteString(`</g>`)
	}
	fmt.Fprintf(&b, `</defs><use href="#a%d"/></svg>`, levels)
	return b.String()
}

// polyline returns points for n vertices.
func points(n int) string {
	p := make([]string, n)
	for i := range p {
		p[i] = fmt.Sprintf("%d,%d", i%10, i/10)
	}
	return strings.Join(p, " ")
}

// markerChain returns a figure whose polyline of n vertices has a marker
// at each, holding a polyline of n vertices with a marker at each, and so
// on levels deep: n^levels markers.
func markerChain(levels, n int) string {
	var b strings.Builder
	b.WriteString(svgOpen + `<defs><marker id="m0"><rect width="1" height="1"/></marker>`)
	for i := 1; i < levels; i++ {
		fmt.Fprintf(&b, `<marker id="m%d"><polyline points="%s" marker-mid="url(#m%d)"/></marker>`, i, points(n), i-1)
	}
	fmt.Fprintf(&b, `</defs><polyline points="%s" marker-mid="url(#m%d)"/></svg>`, points(n), levels-1)
	return b.String()
}

func TestSanitizeBoundsCopies(t *testing.T) {
	arrows := svgOpen + `<defs><marker id="arrow" orient="auto"><path d="M0 0L10 5L0 10z"/></marker></defs>` +
		strings.Repeat(`<line x1="0" y1="0" x2="9" y2="9" marker-end="url(#arrow)"/>`, 300) + `</svg>`
	symbol := svgOpen + `<defs><symbol id="s"><circle r="1"/><rect width="2" height="2"/></symbol></defs>` +
		strings.Repeat(`<use href="#s"/>`, 1000) + `</svg>`
	for _, c := range []struct {
		name, in string
		want     string // the problem, a regexp; "" for none
	}{
		{"a use copying a thousand", useChain(3), ""},
		{"a use copying ten thousand", useChain(4), `^1:\d+: <use> here draws more than 10000 copies of elements through <use>, markers and clip paths`},
		{"a use copying a billion", useChain(9), `^1:\d+: <use> here draws more than 10000 copies`},
		{"two thousand five hundred markers", markerChain(2, 50), ""},
		{"a million markers", markerChain(3, 100), `^1:\d+: <polyline> here draws more than 10000 copies`},
		{"arrows", arrows, ""},
		{"a symbol used a thousand times", symbol, ""},
		{"a use of its own group", svgOpen + `<g id="a"><rect/><use href="#a"/></g></svg>`, ""},
		{"uses of one another", svgOpen + `<g id="a"><use href="#b"/></g><g id="b"><use href="#a"/></g></svg>`, ""},
		// What the second group draws is counted while the first is being
		// drawn, where its use of the first draws nothing; used from
		// elsewhere, it draws the first whole.
		{"a cycle drawn whole from elsewhere", svgOpen + `<defs><g id="a">` + strings.Repeat(`<rect/>`, 5000) + `<use href="#b"/></g><g id="b"><use href="#a"/></g></defs><use href="#a"/>` + strings.Repeat(`<use href="#b"/>`, 2000) + `</svg>`,
			`^1:\d+: <use> here draws more than 10000 copies`},
		// Used from within the cycle, what was counted from outside it
		// counts more than a browser draws: never less.
		{"a small cycle used often", svgOpen + `<defs><g id="a"><rect/><use href="#b"/></g><g id="b"><use href="#a"/></g></defs>` + strings.Repeat(`<use href="#b"/><use href="#a"/>`, 500) + `</svg>`, ""},
		{"a marker drawn in itself", svgOpen + `<g marker-mid="url(#m)"><marker id="m"><path d="M0 0L1 1L2 2"/></marker><path d="M0 0L1 1L2 2"/></g></svg>`, ""},
		{"a use of what is not there", svgOpen + `<use href="#nothing"/></svg>`, ""},
		{"a marker on each vertex of a long path", svgOpen + `<marker id="m"><rect/><rect/></marker><path marker-mid="url(#m)" d="M0 0` + strings.Repeat(" L1 1", 6000) + `"/></svg>`,
			`^1:\d+: <path> here draws more than 10000 copies`},
		{"inherited markers", svgOpen + `<marker id="m"><rect/><rect/></marker><g style="marker-mid: url(#m)"><polygon points="` + points(6000) + `"/></g></svg>`,
			`^1:\d+: <polygon> here draws more than 10000 copies`},
		{"markers at the ends of a long line", svgOpen + `<marker id="m"><rect/><rect/></marker><g style="marker-start: url(#m)"><polygon marker-end="url(#m)" points="` + points(6000) + `"/></g></svg>`, ""},
		// A browser ignores a value it cannot read, and takes the
		// property from elsewhere: such values are refused.
		{"a style a browser ignores", svgOpen + `<marker id="m"><rect/></marker><polyline marker-mid="url(#m)" style="marker-mid: url(#zz) 0" points="0,0 1,1"/></svg>`,
			`^1:\d+: style marker-mid: "url\(#zz\) 0": give none, inherit or one url\(#id\)`},
		{"an attribute a browser ignores", svgOpen + `<polyline marker-mid="url(#m) 0" points="0,0 1,1"/></svg>`,
			`^1:\d+: attribute marker-mid="url\(#m\) 0": give none, inherit or one url\(#id\)`},
		{"a clip path inherited", svgOpen + `<rect clip-path="inherit"/></svg>`, `^1:\d+: attribute clip-path="inherit": a clip path is none or one url\(#id\)`},
		{"a style that inherits over an attribute", svgOpen + `<marker id="m"><rect/><rect/></marker><g marker-mid="url(#m)"><path marker-mid="none" style="marker-mid: INHERIT" d="M0 0` + strings.Repeat(" h1", 6000) + `"/></g></svg>`,
			`^1:\d+: <path> here draws more than 10000 copies`},
		{"copies of a long path", svgOpen + `<defs><path id="p" d="M0 0` + strings.Repeat(" l1 1", 10000) + `"/></defs>` + strings.Repeat(`<use href="#p"/>`, 300) + `</svg>`,
			`^1:\d+: <use> here draws more than 10000 copies`},
		{"copies of a long text", svgOpen + `<defs><text id="t">` + strings.Repeat("words ", 2000) + `</text></defs>` + strings.Repeat(`<use href="#t"/>`, 300) + `</svg>`,
			`^1:\d+: <use> here draws more than 10000 copies`},
		{"a few copies of a long path", svgOpen + `<defs><path id="p" d="M0 0` + strings.Repeat(" l1 1", 10000) + `"/></defs>` + strings.Repeat(`<use href="#p"/>`, 20) + `</svg>`, ""},
		{"an icon sheet", svgOpen + func() string {
			// Symbols are drawn only where a <use> names them.
			var b strings.Builder
			b.WriteString(`<defs>`)
			for i := range 450 {
				fmt.Fprintf(&b, `<symbol id="i%d">%s</symbol>`, i, strings.Repeat(`<rect width="1" height="1"/>`, 24))
			}
			b.WriteString(`</defs>`)
			for i := range 450 {
				fmt.Fprintf(&b, `<use href="#i%d" x="%d"/>`, i, i)
			}
			return b.String()
		}() + `</svg>`, ""},
		{"inherited markers set to none", svgOpen + `<marker id="m"><rect/><rect/></marker><g marker-end="url(#m)"><path marker-end="none" d="M0 0` + strings.Repeat(" L1 1", 6000) + `"/></g></svg>`, ""},
		{"a style that sets none over an attribute", svgOpen + `<marker id="m"><rect/><rect/></marker><path marker-mid="url(#m)" style="marker-mid: none" d="M0 0` + strings.Repeat(" h1", 6000) + `"/></svg>`, ""},
		{"a clip path drawn for every element", svgOpen + `<clipPath id="c">` + strings.Repeat(`<rect/>`, 100) + `</clipPath>` + strings.Repeat(`<rect clip-path="url(#c)"/>`, 200) + `</svg>`,
			`^1:\d+: <rect> here draws more than 10000 copies`},
		{"many marker contexts", svgOpen + func() string {
			// Each <use> draws the group in a marker context of its own,
			// so no count of it serves another.
			var b strings.Builder
			b.WriteString(`<defs>`)
			for i := range 300 {
				fmt.Fprintf(&b, `<marker id="m%d"><rect/></marker>`, i)
			}
			b.WriteString(`<g id="g">` + strings.Repeat(`<rect/><g/>`, 150) + `</g></defs>`)
			for i := range 300 {
				fmt.Fprintf(&b, `<use href="#g" marker-start="url(#m%d)"/>`, i)
			}
			return b.String()
		}() + `</svg>`, `^1:\d+: <use> here draws more than 10000 copies`},
		{"a style that sets no clip path over an attribute", svgOpen + `<clipPath id="c">` + strings.Repeat(`<rect/>`, 100) + `</clipPath>` + strings.Repeat(`<rect style="clip-path: none" clip-path="url(#c)"/>`, 200) + `</svg>`, ""},
		{"references nested deeper than the bound", svgOpen + func() string {
			var b strings.Builder
			for i := range MaxReferenceDepth + 1 {
				fmt.Fprintf(&b, `<g id="d%d"><use href="#d%d"/></g>`, i, i+1)
			}
			return b.String() + `<g id="d17"/>`
		}() + `</svg>`, `^1:\d+: references from <use> here lead into one another more than 16 deep`},
	} {
		t.Run(c.name, func(t *testing.T) {
			out, problems := Sanitize([]byte(c.in))
			if c.want == "" {
				if len(problems) > 0 || out == nil {
					t.Fatalf("problems %v", problems)
				}
				return
			}
			if len(problems) != 1 || !regexp.MustCompile(c.want).MatchString(problems[0].String()) {
				t.Fatalf("problems %v, want one matching %s", problems, c.want)
			}
			if strings.Contains(c.want, "copies") && out != nil {
				t.Errorf("kept %d bytes of a figure that cannot be drawn", len(out))
			}
		})
	}
}

func TestSanitizeBoundsStops(t *testing.T) {
	in := svgOpen + `<linearGradient id="g">` + strings.Repeat(`<stop offset="0"/>`, MaxStops) + "\n" + strings.Repeat(`<stop offset="1"/>`, 3) + `</linearGradient></svg>`
	out, problems := Sanitize([]byte(in))
	if len(problems) != 1 || !strings.HasPrefix(problems[0].String(), "2:1: a gradient holds more than 256 stops") {
		t.Fatalf("problems %v, want one at the stop past the bound", problems)
	}
	if n := strings.Count(string(out), "<stop"); n != MaxStops {
		t.Errorf("kept %d stops, want %d", n, MaxStops)
	}
}

// TestSanitizeBoundsProblems has a file of a million refused elements on
// one line listed as a thousand problems and a last that says so. Each
// counted from the start of the line, their positions took hours.
func TestSanitizeBoundsProblems(t *testing.T) {
	in := svgOpen + strings.Repeat("<x/>", 1_000_000) + "</svg>"
	_, problems := Sanitize([]byte(in))
	if len(problems) != MaxProblems+1 {
		t.Fatalf("%d problems, want %d", len(problems), MaxProblems+1)
	}
	if p := problems[MaxProblems-1]; p.Line != 1 || p.Column != len(svgOpen)+1+4*(MaxProblems-1) {
		t.Errorf("problem %d at %d:%d, want 1:%d", MaxProblems, p.Line, p.Column, len(svgOpen)+1+4*(MaxProblems-1))
	}
	if got := problems[MaxProblems].String(); got != fmt.Sprintf("1:%d: more than 1000 problems; the rest from here on are not listed", len(svgOpen)+1+4*MaxProblems) {
		t.Errorf("last problem %q", got)
	}
}

func TestSanitizeBoundsElements(t *testing.T) {
	in := svgOpen + strings.Repeat("<g/>", MaxElements-1) + "\n<rect/><rect/></svg>"
	out, problems := Sanitize([]byte(in))
	if len(problems) != 1 || problems[0].String() != "2:1: the figure holds more than 100000 elements, each of which every reader's browser draws" {
		t.Fatalf("problems %v, want one at the element past the bound", problems)
	}
	if n := strings.Count(string(out), "<") - strings.Count(string(out), "</"); n != MaxElements {
		t.Errorf("kept %d elements, want the first %d", n, MaxElements)
	}
	if _, problems := Sanitize([]byte(svgOpen + strings.Repeat("<g/>", MaxElements-1) + "</svg>")); len(problems) > 0 {
		t.Errorf("a figure of %d elements: %v", MaxElements, problems)
	}
}

func TestCopiesReportedAtTheOutermostReference(t *testing.T) {
	in := svgOpen + "\n" + `<use href="#a4"/>` + "\n<defs>" + useChain(4)[len(svgOpen)+len("<defs>"):]
	_, problems := Sanitize([]byte(in))
	if len(problems) != 1 || problems[0].Line != 2 || problems[0].Column != 1 {
		t.Fatalf("problems %v, want one at 2:1, the <use> that draws the rest", problems)
	}
}

func TestVertexBound(t *testing.T) {
	for _, c := range []struct {
		in   string
		want int // the vertices a browser gives the geometry markers at
	}{
		{"M0 0L1 1", 2},
		{"M0,0 1,1 2,2", 3},
		{"M0 0H1V1Z", 4},
		{"m0 0h1v1zm5 5l1 1", 6},
		{"M0 0C1 1 2 2 3 3S4 4 5 5", 3},
		{"M1-1-1-1.5.5.5", 3},
		{"M1e-5 2E+3L1e2.5", 2},
		{"M0 0A1 1 0 0 1 2 2", 2},
		{"M0 0a1 1 0 0110 10", 2},
		{"M0 0a1 1 0 0110 10a1 1 0 0110 10a1 1 0 0110 10a1 1 0 0110 10a1 1 0 0110 10", 6},
		{"0,0 1,1 2,2 3,3", 4}, // a points list
		{"", 0},
	} {
		got := vertexBound(c.in)
		// A bound: never fewer, and for path data as editors write it
		// not many more.
		if got < c.want || got > c.want+3 {
			t.Errorf("vertexBound(%q) = %d, want %d to %d", c.in, got, c.want, c.want+3)
		}
	}
}
