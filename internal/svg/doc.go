// Package svg sanitizes the SVG figures of a knowledge base by an
// allow-list. The help site publishes a figure at a URL of its own, where
// a browser opening it runs whatever it holds in the site's origin and
// outside the pages' Content-Security-Policy; so a figure is parsed, only
// what is listed here is kept, and the kept tree is written out anew.
// The original bytes are never published. Sanitize reports everything
// outside the list as a problem at its line and column in the file, and
// kbc refuses a figure that has any.
//
// # Document
//
// A figure is one well-formed XML document in UTF-8 (a leading byte-order
// mark is allowed) whose root is an <svg> element in the SVG namespace,
// http://www.w3.org/2000/svg. The XML declaration and comments are
// dropped. Refused: DOCTYPE (and with it every entity declaration; only
// XML's own entities and character references are read), processing
// instructions such as <?xml-stylesheet?>, a second root element, text
// outside <text>, <tspan>, <title> and <desc>, a bidirectional control
// character in text (as in content files), elements nested deeper than
// MaxDepth, more than MaxElements elements, and an attribute given twice
// (href and xlink:href count as one).
//
// # Elements
//
// Only these, in the SVG namespace, under any prefix:
//
//	structure  svg g defs symbol use title desc
//	shapes     path rect circle ellipse line polyline polygon
//	text       text tspan
//	paint      linearGradient radialGradient stop
//	clipping   clipPath marker
//
// Everything else is refused, with its content: among others <script>,
// <style>, <foreignObject>, <a>, <image>, <animate>, <set>, <iframe>,
// <object>, <form>, <meta>, <filter>, <mask>, <pattern>, <switch>, and any
// element of another namespace (XHTML, editors' metadata).
//
// # Attributes
//
// Unprefixed, on any allowed element:
//
//	core        id xml:space xml:lang
//	svg         version width height viewBox preserveAspectRatio
//	geometry    x y width height rx ry cx cy r fx fy fr x1 y1 x2 y2
//	            points d transform pathLength
//	text        dx dy rotate textLength lengthAdjust
//	gradients   gradientUnits gradientTransform spreadMethod offset
//	clip paths  clipPathUnits
//	markers     refX refY markerWidth markerHeight markerUnits orient
//	style       style, holding declarations of the properties below
//
// and every property below as a presentation attribute (fill="red").
// href, or xlink:href in the XLink namespace, is allowed on <use>,
// <linearGradient> and <radialGradient> and must be a reference into the
// file itself, "#id"; it is written out as href. Namespace declarations
// are read and not written out: the output declares the SVG namespace on
// its root and uses no prefix. Every other attribute is refused, among
// them event attributes (onload=…), class, and attributes of other
// namespaces.
//
// # Properties
//
// In presentation attributes and in style="…" declarations:
//
//	paint       fill fill-opacity fill-rule stroke stroke-width
//	            stroke-opacity stroke-linecap stroke-linejoin
//	            stroke-miterlimit stroke-dasharray stroke-dashoffset
//	            opacity color paint-order vector-effect stop-color
//	            stop-opacity color-interpolation
//	clipping    clip-path clip-rule overflow
//	markers     marker-start marker-mid marker-end
//	text        font-family font-size font-weight font-style font-variant
//	            font-stretch text-anchor dominant-baseline
//	            alignment-baseline baseline-shift letter-spacing
//	            word-spacing text-decoration writing-mode direction
//	rendering   display visibility shape-rendering text-rendering
//
// # Values
//
// A value is a sequence of identifiers, numbers with an optional unit or
// %, hex colors (#fff), quoted strings (holding no backslash, line break
// or any of < > & { } @ ! ;), and commas, with the functions rgb() rgba()
// hsl() hsla() and, in transform, matrix() translate() scale() rotate()
// skewX() skewY(). url() is allowed only in fill, stroke, clip-path and
// marker-* and only as a reference into the file, url(#id). Nothing else
// is: no backslash escapes, no comments, no at-rules, no "!important", no
// other functions (image-set(), var(), attr(), expression(), …). d holds
// path data only, points and viewBox numbers only, id a name
// ([A-Za-z_][A-Za-z0-9_.-]*).
//
// # References
//
// A <use> draws the element it names again; a marker is drawn at every
// vertex of a path, line, polyline or polygon that names it in
// marker-mid, and at its ends in marker-start and marker-end (itself or
// through an ancestor, as marker properties inherit); a clip path is
// drawn for every element it clips. What they draw may hold more
// references. The content of <defs>, <symbol>, <marker>, <clipPath> and
// the gradients is drawn only where it is named. Together the references
// may draw at most MaxCopies elements beyond the weight of the file's
// own, an element weighing 1 and 1 more for every 32 vertices of its
// geometry or characters of its text, counted as browsers draw them (a
// reference back into what it is part of draws nothing); and they may
// lead into one another at most MaxReferenceDepth deep. A figure over
// either is refused whole, and the problem is reported at the outermost
// reference that leads to the copies, or at the one that drew the most.
// So that the count reads what a browser reads, marker-start,
// marker-mid, marker-end and clip-path hold none, initial, unset, one
// url(#id), or (markers only) inherit, and nothing else. A gradient
// holds at most MaxStops stops.
//
// Sanitize lists at most MaxProblems problems, and a last one saying
// that there are more.
//
// # Output
//
// Sanitize writes the kept tree canonically: the root declares the SVG
// namespace, names carry no prefix, attributes keep their order, values
// are re-escaped, declarations of style are written "name: value"
// separated by "; ", whitespace between elements and all text in text
// elements is kept as it is. The same input gives the same bytes, and
// sanitizing the output again gives it unchanged and without problems.
package svg
