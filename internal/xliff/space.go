package xliff

import "strings"

// xmlSpace is the whitespace of XML: space, tab, line feed and carriage
// return (a parser has already turned CRLF into LF).
const xmlSpace = " \t\n\r"

// normalizeSpace applies kbc's handling of whitespace under XLIFF's
// xml:space="default", which leaves it to the application, to a target
// whose source text is source. kbc exports with xml:space="preserve"; a
// document without it has been through a tool that may have pretty-printed
// it, so the whitespace such a tool adds is taken for layout, not text:
//
//   - the whitespace at either end of the target is layout, and the
//     target gets the source's own leading and trailing whitespace (often
//     none; a Markdown block ends with a line break);
//   - where the source is one line, a line break inside the target and the
//     whitespace around it are one space, as a tool wraps a long line;
//   - where the source has lines, the target keeps its line breaks, and
//     the indentation common to its lines is dropped, as a tool indents
//     them all (Markdown's own indentation, as of a nested list, is what
//     is left).
//
// Whitespace within a line is text either way.
func normalizeSpace(target, source string) string {
	lead := target[:len(target)-len(strings.TrimLeft(target, xmlSpace))]
	core := strings.Trim(target, xmlSpace)
	if core == "" {
		return ""
	}
	if strings.Contains(core, "\n") {
		if strings.Contains(source, "\n") {
			core = dedent(core, lead)
		} else {
			core = joinLines(core)
		}
	}
	srcLead := source[:len(source)-len(strings.TrimLeft(source, xmlSpace))]
	srcTrail := source[len(strings.TrimRight(source, xmlSpace)):]
	return srcLead + core + srcTrail
}

// joinLines turns each line break of s, with the whitespace around it,
// into one space.
func joinLines(s string) string {
	lines := strings.Split(s, "\n")
	for i := range lines {
		lines[i] = strings.Trim(lines[i], xmlSpace)
	}
	return strings.Join(lines, " ")
}

// dedent drops from the lines of s the indentation they all share. The
// first line's own indentation is what lead, the whitespace trimmed before
// it, holds after its last line break; without one, the first line
// followed the start tag and says nothing about indentation. Lines of
// whitespace only are empty lines.
func dedent(s, lead string) string {
	lines := strings.Split(s, "\n")
	var common string
	known := false
	share := func(indent string) {
		if !known {
			common, known = indent, true
			return
		}
		n := 0
		for n < len(common) && n < len(indent) && common[n] == indent[n] {
			n++
		}
		common = common[:n]
	}
	if i := strings.LastIndexByte(lead, '\n'); i >= 0 {
		share(lead[i+1:])
	}
	for _, l := range lines[1:] {
		if strings.Trim(l, xmlSpace) != "" {
			share(l[:len(l)-len(strings.TrimLeft(l, " \t"))])
		}
	}
	for i := 1; i < len(lines); i++ {
		if strings.Trim(lines[i], xmlSpace) == "" {
			lines[i] = ""
			continue
		}
		lines[i] = strings.TrimPrefix(lines[i], common)
	}
	return strings.Join(lines, "\n")
}
