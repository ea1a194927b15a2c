package content

import (
	"bytes"

	"statusdocs/generator/flaw"
)

// Markdown parsers spend time growing with the square of nesting depth, so
// a page nested hundreds of levels deep (a broken file, or a hostile one)
// could stall the whole build. No real page comes near these depths; lines
// beyond them are flattened, with a warning, and their columns in messages
// are counted after the flattening.
const (
	maxIndent  = 128 // columns of leading white space
	maxMarkers = 32  // leading block quote and list markers
)

// flatten cuts indentation and block quote markers beyond the limits.
func flatten(file string, data []byte, flaws []flaw.Flaw) ([]byte, []flaw.Flaw) {
	var out []byte
	first := 0
	for off := 0; off < len(data); {
		end := bytes.IndexByte(data[off:], '\n')
		if end < 0 {
			end = len(data) - off
		}
		line := data[off : off+end]
		if keep, end := deepPrefix(line); end > 0 {
			if out == nil {
				out = append(make([]byte, 0, len(data)), data[:off]...)
				first = off
			}
			out = append(out, line[:keep]...)
			out = append(out, line[end:]...)
		} else if out != nil {
			out = append(out, line...)
		}
		off += end
		if off < len(data) {
			if out != nil {
				out = append(out, '\n')
			}
			off++
		}
	}
	if out == nil {
		return data, flaws
	}
	line, _ := Position(data, first)
	return out, append(flaws, flaw.New(flaw.TooDeep, file, line, 1,
		"nesting deeper than %d levels of quotes and lists or %d columns of indentation is flattened from here on", maxMarkers, maxIndent))
}

// deepPrefix measures the run of white space, block quote markers and
// list markers ("- - - x" opens three lists on one line) that starts line:
// when it goes past the limits, keep is how many of its bytes are within
// them and end where the run ends; otherwise both are 0.
func deepPrefix(line []byte) (keep, end int) {
	width, markers := 0, 0
	for i := 0; i < len(line); {
		n := 1
		switch c := line[i]; {
		case c == ' ':
			width++
		case c == '\t':
			width += 4 - width%4
		case c == '>':
			markers++
		default:
			if n = listMarker(line[i:]); n == 0 {
				return keep, end
			}
			markers++
		}
		if keep == 0 && (width > maxIndent || markers > maxMarkers) {
			keep = i
		}
		i += n
		if keep > 0 {
			end = i
		}
	}
	if keep > 0 {
		return keep, len(line)
	}
	return 0, 0
}

// listMarker is the length of the list item marker ("-", "+", "*", "1."
// or "1)") and the space or tab after it that start b, else 0.
func listMarker(b []byte) int {
	n := 0
	for n < len(b) && n < 9 && b[n] >= '0' && b[n] <= '9' {
		n++
	}
	switch {
	case n == 0 && len(b) > 0 && (b[0] == '-' || b[0] == '+' || b[0] == '*'):
		n = 1
	case n > 0 && n < len(b) && (b[n] == '.' || b[n] == ')'):
		n++
	default:
		return 0
	}
	if n < len(b) && (b[n] == ' ' || b[n] == '\t') {
		return n + 1 // the white space too: it is part of the marker, not indentation
	}
	return 0
}
