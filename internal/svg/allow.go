package svg

// The allow-list. The package doc lists the same names for readers; the
// tests check that the two agree.

// Namespace is the SVG namespace, the only one whose elements a figure
// may hold.
const Namespace = "http://www.w3.org/2000/svg"

const (
	xlinkNamespace = "http://www.w3.org/1999/xlink"
	xmlNamespace   = "http://www.w3.org/XML/1998/namespace"
)

// MaxDepth bounds how deeply elements nest; figures are shallow.
const MaxDepth = 64

// elements are the allowed elements by local name.
var elements = set(
	"svg", "g", "defs", "symbol", "use", "title", "desc",
	"path", "rect", "circle", "ellipse", "line", "polyline", "polygon",
	"text", "tspan",
	"linearGradient", "radialGradient", "stop",
	"clipPath", "marker",
)

// textElements may hold text; in any other element only whitespace is
// kept.
var textElements = set("text", "tspan", "title", "desc")

// hrefElements may refer to another element of the file with href.
var hrefElements = set("use", "linearGradient", "radialGradient")

// attributes are the allowed unprefixed attributes that are not
// properties, by the kind of value they hold.
var attributes = map[string]valueKind{
	"id":          nameValue,
	"version":     numbersValue,
	"viewBox":     numbersValue,
	"points":      numbersValue,
	"d":           pathValue,
	"transform":   transformValue,
	"style":       styleValue,
	"width":       cssValue,
	"height":      cssValue,
	"x":           cssValue,
	"y":           cssValue,
	"rx":          cssValue,
	"ry":          cssValue,
	"cx":          cssValue,
	"cy":          cssValue,
	"r":           cssValue,
	"fx":          cssValue,
	"fy":          cssValue,
	"fr":          cssValue,
	"x1":          cssValue,
	"y1":          cssValue,
	"x2":          cssValue,
	"y2":          cssValue,
	"pathLength":  cssValue,
	"dx":          cssValue,
	"dy":          cssValue,
	"rotate":      cssValue,
	"textLength":  cssValue,
	"offset":      cssValue,
	"refX":        cssValue,
	"refY":        cssValue,
	"markerWidth": cssValue,
	// Keywords, checked as any other value.
	"preserveAspectRatio": cssValue,
	"lengthAdjust":        cssValue,
	"gradientUnits":       cssValue,
	"gradientTransform":   transformValue,
	"spreadMethod":        cssValue,
	"clipPathUnits":       cssValue,
	"markerHeight":        cssValue,
	"markerUnits":         cssValue,
	"orient":              cssValue,
}

// xmlAttributes are the allowed attributes of the XML namespace.
var xmlAttributes = set("space", "lang")

// properties are the allowed presentation attributes and style
// properties; those in urlProperties may hold url(#id).
var properties = set(
	"fill", "fill-opacity", "fill-rule", "stroke", "stroke-width",
	"stroke-opacity", "stroke-linecap", "stroke-linejoin",
	"stroke-miterlimit", "stroke-dasharray", "stroke-dashoffset",
	"opacity", "color", "paint-order", "vector-effect", "stop-color",
	"stop-opacity", "color-interpolation",
	"clip-path", "clip-rule", "overflow",
	"marker-start", "marker-mid", "marker-end",
	"font-family", "font-size", "font-weight", "font-style", "font-variant",
	"font-stretch", "text-anchor", "dominant-baseline",
	"alignment-baseline", "baseline-shift", "letter-spacing",
	"word-spacing", "text-decoration", "writing-mode", "direction",
	"display", "visibility", "shape-rendering", "text-rendering",
)

var urlProperties = set("fill", "stroke", "clip-path", "marker-start", "marker-mid", "marker-end")

// colorFunctions may appear in any value; transformFunctions only in
// transform and gradientTransform.
var (
	colorFunctions     = set("rgb", "rgba", "hsl", "hsla")
	transformFunctions = set("matrix", "translate", "scale", "rotate", "skewx", "skewy")
)

func set(names ...string) map[string]bool {
	m := make(map[string]bool, len(names))
	for _, n := range names {
		m[n] = true
	}
	return m
}
