package svg

import (
	"bytes"
	"math"
	"slices"
	"strings"
	"unicode/utf8"
)

// MaxCopies bounds what a figure's references draw again, beyond what the
// file draws itself: a <use> draws the element it names, a marker on a
// path, line, polyline or polygon is drawn at every vertex (marker-mid)
// or at its ends (marker-start, marker-end), and a clip path for every
// element it clips. Each may name elements that do the same, so that a
// file of 2 KB can ask for a billion elements. An element counts 1, and 1
// more for every copyWeightUnit vertices of its geometry or characters of
// its text: a long path drawn again costs a browser more than a square.
// In headless Chromium a figure whose <use> elements copy 11,000
// squares took 1.3 s longer to show than one that copies none, 111,000
// took 11 s, and 1.1 million (or as many markers) did not show in two
// minutes, in every reader's browser; 300 copies of a path of 10,000
// segments took 4.8 s. A figure refers to a symbol or an arrowhead some
// dozens of times.
const MaxCopies = 10_000

// copyWeightUnit is how many vertices or characters count as one more
// element in MaxCopies.
const copyWeightUnit = 32

// MaxElements bounds the elements of a figure itself, which the tree the
// copies are counted on holds: a figure of a help article holds some
// hundreds, a detailed diagram some thousands.
const MaxElements = 100_000

// MaxStops bounds the stops of a gradient, which a browser goes through
// for every element painted with it: a gradient has a few.
const MaxStops = 256

// MaxReferenceDepth bounds how many references lead one into another
// (a <use> of a group that holds a <use>…); figures need a few.
const MaxReferenceDepth = 16

// figNode is an element the sanitizer kept, with what counting its
// copies needs. A figure holds thousands of elements at most, and most
// refer to nothing.
type figNode struct {
	name string
	id   string
	href string    // what a <use> names, without its "#"
	refs *nodeRefs // the reference properties the element sets, if any
	pos  int       // offset of its "<" in the file
	// parent, firstChild, lastChild and next (its next sibling) are
	// indexes in sanitizer.nodes; -1 for none.
	parent, firstChild, lastChild, next int32
	// vertices is at most how many vertices the element's geometry has;
	// text counts the characters of its own text.
	vertices, text int
	stops          int // of a gradient
}

// weight is what the element counts for in MaxCopies.
func (n *figNode) weight() int {
	return 1 + n.vertices/copyWeightUnit + n.text/copyWeightUnit
}

// nodeRefs are the properties of an element that refer to others, as
// its attributes and its style="…" (which wins) set them.
type nodeRefs struct {
	clipPath [2]reference
	markers  [2][3]reference
}

// reference is what a property that names an element is set to. The
// allow-list keeps only the forms referenceProblem accepts.
type reference struct {
	kind referenceKind
	id   string // for refURL
}

type referenceKind uint8

const (
	refUnset   referenceKind = iota // not set here
	refNone                         // none, initial
	refInherit                      // inherit, unset: what the parent has
	refURL                          // url(#id)
)

// Where a node's reference properties come from; the style attribute wins.
const (
	fromAttribute = iota
	fromStyle
)

var markerProperties = [3]string{"marker-start", "marker-mid", "marker-end"}

// parseReference reads the value of a property that names an element.
func parseReference(value string) (reference, bool) {
	v := strings.Trim(value, cssSpace)
	switch strings.ToLower(v) {
	case "none", "initial":
		return reference{kind: refNone}, true
	case "inherit", "unset":
		return reference{kind: refInherit}, true
	}
	if len(v) < len("url()") || !strings.EqualFold(v[:4], "url(") || v[len(v)-1] != ')' {
		return reference{}, false
	}
	arg := urlArgument(v[4 : len(v)-1])
	if !localRef.MatchString(arg) {
		return reference{}, false
	}
	return reference{kind: refURL, id: arg[1:]}, true
}

// referenceProblem says what is wrong with the value of a marker or clip
// property, or "". A browser ignores a value it cannot read and takes
// the property from elsewhere, which a count of what the figure draws
// would have to guess: only the forms it reads are kept.
func referenceProblem(name, value string) string {
	if name != "clip-path" && !slices.Contains(markerProperties[:], name) {
		return ""
	}
	r, ok := parseReference(value)
	switch {
	case !ok:
		return "give none, inherit or one url(#id)"
	case name == "clip-path" && r.kind == refInherit && !strings.EqualFold(strings.Trim(value, cssSpace), "unset"):
		return "a clip path is none or one url(#id)"
	}
	return ""
}

// addNode records a kept element that starts at offset start.
func (s *sanitizer) addNode(name string, start int) {
	if s.nodes == nil {
		// Every element starts with a "<": one allocation holds them.
		s.nodes = make([]figNode, 0, min(bytes.Count(s.data, []byte("<")), MaxElements))
	}
	i := int32(len(s.nodes))
	n := figNode{name: name, pos: start, parent: -1, firstChild: -1, lastChild: -1, next: -1}
	if len(s.open) > 0 {
		n.parent = int32(s.open[len(s.open)-1].node)
		p := &s.nodes[n.parent]
		if p.lastChild < 0 {
			p.firstChild = i
		} else {
			s.nodes[p.lastChild].next = i
		}
		p.lastChild = i
	}
	if name == "line" {
		n.vertices = 2
	}
	s.nodes = append(s.nodes, n)
}

// addText counts text kept in the innermost element.
func (s *sanitizer) addText(t []byte) {
	if len(s.open) > 0 {
		s.nodes[s.open[len(s.open)-1].node].text += utf8.RuneCount(t)
	}
}

// noteAttribute records a kept attribute of the element last added, as
// it is written out.
func (s *sanitizer) noteAttribute(name, value string) {
	n := &s.nodes[len(s.nodes)-1]
	switch {
	case name == "id":
		n.id = value
	case name == "href" && n.name == "use":
		n.href = strings.TrimPrefix(value, "#")
		s.refers = true
	case name == "style":
		// As style writes it: "name: value" joined by "; ", which no
		// kept value holds.
		for _, d := range strings.Split(value, "; ") {
			if p, v, ok := strings.Cut(d, ": "); ok {
				s.refers = n.noteProperty(p, v, fromStyle) || s.refers
			}
		}
	case properties[name]:
		s.refers = n.noteProperty(name, value, fromAttribute) || s.refers
	default:
		n.noteGeometry(name, value)
	}
}

// noteProperty records a kept presentation attribute or style
// declaration that refers to other elements, and reports whether it is
// one.
func (n *figNode) noteProperty(name, value string, from int) bool {
	i := slices.Index(markerProperties[:], name)
	if i < 0 && name != "clip-path" {
		return false
	}
	r, _ := parseReference(value) // the allow-list kept only what it reads
	if n.refs == nil {
		n.refs = &nodeRefs{}
	}
	if i < 0 {
		n.refs.clipPath[from] = r
	} else {
		n.refs.markers[from][i] = r
	}
	return true
}

// noteGeometry records how many vertices the element's geometry may have.
func (n *figNode) noteGeometry(name, value string) {
	if name == "d" && n.name == "path" || name == "points" && (n.name == "polyline" || n.name == "polygon") {
		n.vertices = vertexBound(value)
	}
}

// vertexBound is at most how many vertices path data or a points list
// has, plus one for a polygon's closing. Each segment of a path takes as
// many numbers as its command's arity (closing it none), and a points
// list is pairs. Arc flags may be written together with the number after
// them (0 0 1 1 as "0 011"), so an arc is counted as five numbers, the
// fewest it may read as.
func vertexBound(v string) int {
	vertices, arity, numbers := 1, 2, 0
	segments := func() {
		vertices += (numbers + arity - 1) / arity
		numbers = 0
	}
	for i := 0; i < len(v); {
		c := v[i]
		switch {
		case c >= '0' && c <= '9', c == '.', c == '-', c == '+':
			i = skipNumber(v, i)
			numbers++
		case c >= 'A' && c <= 'Z', c >= 'a' && c <= 'z':
			segments()
			switch c | 0x20 {
			case 'z':
				vertices++
			case 'h', 'v':
				arity = 1
			case 'c':
				arity = 6
			case 's', 'q':
				arity = 4
			case 'a':
				arity = 5
			default:
				arity = 2
			}
			i++
		default:
			i++
		}
	}
	segments()
	return vertices
}

// skipNumber returns where the number that starts at v[i] ends: a sign,
// digits, a fraction and an exponent, each optional, as path data and
// points write them, and always past v[i].
func skipNumber(v string, i int) int {
	start := i
	if v[i] == '-' || v[i] == '+' {
		i++
	}
	i = skipDigits(v, i)
	if i < len(v) && v[i] == '.' {
		i = skipDigits(v, i+1)
	}
	if i < len(v) && (v[i] == 'e' || v[i] == 'E') {
		j := i + 1
		if j < len(v) && (v[j] == '-' || v[j] == '+') {
			j++
		}
		if k := skipDigits(v, j); k > j {
			i = k
		}
	}
	return max(i, start+1)
}

func skipDigits(v string, i int) int {
	for i < len(v) && v[i] >= '0' && v[i] <= '9' {
		i++
	}
	return i
}

// markerContext is the marker each of marker-start, marker-mid and
// marker-end names where an element inherits them: node indexes, -1 for
// none.
type markerContext [3]int

var noMarkers = markerContext{-1, -1, -1}

// drawnOnlyWhenNamed are the elements whose content is drawn only where
// a reference names them, never where the file has them.
var drawnOnlyWhenNamed = set("defs", "symbol", "marker", "clipPath", "linearGradient", "radialGradient")

// copyCount counts what a figure draws with its references (see
// MaxCopies), each element weighted.
type copyCount struct {
	s     *sanitizer
	ids   map[string]int // the first element of each id, as browsers take it
	drawn map[nodeInContext]int
	// busy holds the nodes being counted, each with its depth in the
	// count: a reference back to one draws nothing there.
	busy map[nodeInContext]int
	// limit is the weight of the figure's own elements and MaxCopies;
	// counts stop there. computed counts the nodes counted so far,
	// each of which is drawn at least once, and stops there too.
	limit, computed int
	refs            []int // the references being followed, outermost first
	stopped         bool
	// most is the outermost reference that has drawn the most, and
	// mostDrawn what it drew: where a figure is reported whose many
	// small references add up.
	most, mostDrawn int
}

type nodeInContext struct {
	node int
	ctx  markerContext
}

// checkCopies reports a figure whose references draw more than MaxCopies
// beyond its own elements, or lead into one another more than
// MaxReferenceDepth deep. A reference to an element the figure does not
// have draws nothing, in browsers as here. It reports whether the figure
// may be drawn.
func (s *sanitizer) checkCopies() bool {
	if !s.refers {
		return true // most figures: nothing is drawn twice
	}
	c := &copyCount{s: s, ids: map[string]int{}, drawn: map[nodeInContext]int{}, busy: map[nodeInContext]int{}, limit: MaxCopies, most: -1}
	for i, n := range s.nodes {
		if _, seen := c.ids[n.id]; n.id != "" && !seen {
			c.ids[n.id] = i
		}
		c.limit += n.weight()
	}
	c.count(0, noMarkers)
	return !c.stopped
}

// count returns what the node draws, itself included, in the inherited
// marker context ctx, up to the limit. A reference back into what is
// being drawn counts nothing, as browsers draw nothing for it. back is
// the depth of the outermost node being counted that such a reference
// led back to (noCycle for none): what a node draws is remembered only
// when every such reference leads back to it or within it, since drawn
// from elsewhere, where what it refers back to is not being drawn, it
// draws more.
func (c *copyCount) count(node int, ctx markerContext) (total, back int) {
	key := nodeInContext{node, ctx}
	if d, ok := c.drawn[key]; ok {
		return d, noCycle
	}
	if depth, ok := c.busy[key]; ok {
		return 0, depth
	}
	if c.stopped {
		return 0, noCycle
	}
	if c.computed++; c.computed > c.limit {
		c.tooMany(node)
		return 0, noCycle
	}
	depth := len(c.busy)
	c.busy[key] = depth
	defer delete(c.busy, key)
	back = noCycle
	add := func(d, b int) {
		total += d
		back = min(back, b)
	}
	n := &c.s.nodes[node]
	ctx = c.own(n, ctx)
	total = n.weight()
	for child := n.firstChild; child >= 0; child = c.s.nodes[child].next {
		if !drawnOnlyWhenNamed[c.s.nodes[child].name] {
			add(c.count(int(child), ctx))
		}
	}
	if t, ok := c.ids[n.href]; ok && n.name == "use" {
		add(c.follow(node, t, ctx, 1))
	}
	if t, ok := c.clipPath(n); ok {
		add(c.follow(node, t, c.declared(t), 1))
	}
	if n.vertices > 0 {
		for i, m := range ctx {
			times := 1 // marker-start and marker-end: once
			if i == 1 {
				times = n.vertices // marker-mid: at every vertex (an upper bound)
			}
			if m >= 0 {
				add(c.follow(node, m, c.declared(m), times))
			}
		}
	}
	if c.stopped {
		return 0, noCycle
	}
	if total > c.limit {
		c.tooMany(node)
		return 0, noCycle
	}
	if back >= depth {
		c.drawn[key] = total
		back = noCycle
	}
	return total, back
}

// noCycle is the depth count gives when no reference led back.
const noCycle = math.MaxInt

// clipPath returns the clip path the element names, if it names one.
func (c *copyCount) clipPath(n *figNode) (int, bool) {
	if n.refs == nil {
		return 0, false
	}
	r := n.refs.clipPath[fromStyle]
	if r.kind == refUnset {
		r = n.refs.clipPath[fromAttribute]
	}
	t, ok := c.ids[r.id]
	return t, ok && r.kind == refURL && c.s.nodes[t].name == "clipPath"
}

// follow counts what node draws of target, times times over, in the
// marker context target inherits there.
func (c *copyCount) follow(node, target int, ctx markerContext, times int) (drew, back int) {
	if len(c.refs) >= MaxReferenceDepth {
		if !c.stopped {
			n := c.s.nodes[c.refs[0]]
			c.s.report(n.pos, "references from <%s> here lead into one another more than %d deep", n.name, MaxReferenceDepth)
		}
		c.stopped = true
		return 0, noCycle
	}
	c.refs = append(c.refs, node)
	d, back := c.count(target, ctx)
	c.refs = c.refs[:len(c.refs)-1]
	drew = times * d
	if d > 0 && times > c.limit/d {
		drew = c.limit + 1 // more than any figure may draw; count reports it
	}
	if len(c.refs) == 0 && drew > c.mostDrawn {
		c.most, c.mostDrawn = node, drew
	}
	return drew, back
}

// tooMany reports that the figure draws too many copies: at the
// outermost reference being followed, or else at the reference that drew
// the most, or else at the node.
func (c *copyCount) tooMany(node int) {
	if c.stopped {
		return
	}
	c.stopped = true
	switch {
	case len(c.refs) > 0:
		node = c.refs[0]
	case c.most >= 0:
		node = c.most
	}
	n := c.s.nodes[node]
	c.s.report(n.pos, "<%s> here draws more than %d copies of elements through <use>, markers and clip paths, and every reader's browser draws each one; make the figure with fewer copies", n.name, MaxCopies)
}

// own returns the marker context the node's children inherit: ctx, with
// what the node sets itself in its place.
func (c *copyCount) own(n *figNode, ctx markerContext) markerContext {
	if n.refs == nil {
		return ctx
	}
	for i := range ctx {
		r := n.refs.markers[fromStyle][i]
		if r.kind == refUnset {
			r = n.refs.markers[fromAttribute][i]
		}
		switch r.kind {
		case refNone:
			ctx[i] = -1
		case refURL:
			ctx[i] = -1 // a name that is no marker draws none
			if t, ok := c.ids[r.id]; ok && c.s.nodes[t].name == "marker" {
				ctx[i] = t
			}
		}
	}
	return ctx
}

// declared returns the marker context the element inherits where the
// file declares it: what a marker's or a clip path's content inherits,
// wherever it is drawn.
func (c *copyCount) declared(node int) markerContext {
	var chain []int
	for p := c.s.nodes[node].parent; p >= 0; p = c.s.nodes[p].parent {
		chain = append(chain, int(p))
	}
	ctx := noMarkers
	for i := len(chain) - 1; i >= 0; i-- {
		ctx = c.own(&c.s.nodes[chain[i]], ctx)
	}
	return ctx
}
