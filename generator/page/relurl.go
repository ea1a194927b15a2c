package page

import "strings"

// relativeURL is the link from the page at from (a path of the site ending
// in "/", as pages are served) to to (a path of the site, maybe with a
// ?query or #fragment) relative to from, when it is shorter than to; ""
// when it is not, or when either is not a path that resolves as written:
// not starting with one "/", holding a backslash (which browsers read as
// "/"), or a "." or ".." segment, plain or percent-encoded (which browsers
// resolve away, so that counting segments would go wrong). A relative link
// never starts with a segment holding a ":" (it would read as a scheme).
func relativeURL(from, to string) string {
	p, tail := splitPath(to)
	if !isPageDir(from) || !resolvesAsWritten(p) {
		return ""
	}
	var b strings.Builder
	writeRelative(&b, from, p, tail)
	return b.String()
}

// isPageDir reports a URL that relativeURL can link from.
func isPageDir(from string) bool {
	return strings.HasSuffix(from, "/") && resolvesAsWritten(from)
}

// splitPath splits a URL before its ?query or #fragment.
func splitPath(u string) (path, tail string) {
	if i := strings.IndexAny(u, "?#"); i >= 0 {
		return u[:i], u[i:]
	}
	return u, ""
}

// writeRelative writes, escaped for an attribute, relativeURL(from, p+tail)
// for a from and a p already checked, and reports whether it was shorter:
// when it was not, it writes nothing.
func writeRelative(b *strings.Builder, from, p, tail string) bool {
	dir := commonDir(from, p)
	rest := p[dir:]
	ups := strings.Count(from[dir:], "/")
	first, _, _ := strings.Cut(rest, "/")
	dot := ups == 0 && (strings.Contains(first, ":") || rest == "" && tail == "")
	n := ups*3 + len(rest) + len(tail)
	if dot {
		n += 2
	}
	if n >= len(p)+len(tail) {
		return false
	}
	for range ups {
		b.WriteString("../")
	}
	if dot {
		b.WriteString("./")
	}
	writeEscaped(b, rest)
	writeEscaped(b, tail)
	return true
}

// commonDir is the length of the longest prefix of a and b that ends in "/".
func commonDir(a, b string) int {
	n := 0
	for i := 0; i < len(a) && i < len(b) && a[i] == b[i]; i++ {
		if a[i] == '/' {
			n = i + 1
		}
	}
	return n
}

// resolvesAsWritten reports a path that starts with one "/" and that
// browsers resolve segment by segment as it is written.
func resolvesAsWritten(p string) bool {
	if !strings.HasPrefix(p, "/") || strings.HasPrefix(p, "//") || strings.IndexByte(p, '\\') >= 0 {
		return false
	}
	if strings.IndexByte(p, '.') < 0 && strings.IndexByte(p, '%') < 0 {
		return true // no dot segment, plain or encoded
	}
	for seg := range strings.SplitSeq(p[1:], "/") {
		switch strings.ToLower(seg) {
		case ".", "..", "%2e", ".%2e", "%2e.", "%2e%2e":
			return false
		}
	}
	return true
}
