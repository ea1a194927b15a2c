package markdown

import (
	"fmt"
	"html"
	"strconv"
	"strings"

	"github.com/yuin/goldmark/ast"
	extast "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/util"

	"statusdocs/generator/macro"
)

// nodeRenderer writes the nodes this package adds, and those of goldmark's
// whose output MDN's differs from: headings, code, links.
type nodeRenderer struct{}

func (nodeRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(KindMacro, func(w util.BufWriter, _ []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
		if entering {
			_, _ = w.WriteString(n.(*Macro).HTML)
		}
		return ast.WalkSkipChildren, nil
	})
	reg.Register(KindRaw, func(w util.BufWriter, _ []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
		if entering {
			_, _ = w.WriteString(n.(*Raw).HTML)
		}
		return ast.WalkSkipChildren, nil
	})
	reg.Register(KindRawBlock, func(w util.BufWriter, _ []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
		if entering {
			_, _ = w.WriteString(n.(*RawBlock).HTML)
			_ = w.WriteByte('\n')
		}
		return ast.WalkSkipChildren, nil
	})
	reg.Register(KindNotecard, func(w util.BufWriter, _ []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
		if entering {
			fmt.Fprintf(w, "<div class=\"notecard %s\">\n", n.(*Notecard).Variant)
		} else {
			_, _ = w.WriteString("</div>\n")
		}
		return ast.WalkContinue, nil
	})
	reg.Register(KindNoteLabel, func(w util.BufWriter, _ []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
		if entering {
			fmt.Fprintf(w, "<strong>%s</strong> ", html.EscapeString(n.(*NoteLabel).Card.Label))
		}
		return ast.WalkSkipChildren, nil
	})
	reg.Register(KindPlainText, renderPlainText)
	// A task's box is a character, not goldmark's <input>: the cleaner
	// removes form controls, which made a page's boxes go whenever it
	// had raw HTML.
	reg.Register(extast.KindTaskCheckBox, func(w util.BufWriter, _ []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
		if entering {
			box := "☐"
			if n.(*extast.TaskCheckBox).IsChecked {
				box = "☑"
			}
			_, _ = w.WriteString(`<span class="task">` + box + "</span> ")
		}
		return ast.WalkContinue, nil
	})
	reg.Register(KindDefinitionList, wrap("<dl>\n", "</dl>\n"))
	reg.Register(KindDefinitionTerm, wrap("<dt>", "</dt>\n"))
	reg.Register(KindDefinitionDesc, wrap("<dd>", "</dd>\n"))
	reg.Register(ast.KindFencedCodeBlock, func(w util.BufWriter, src []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
		if entering {
			renderFencedCode(w, src, n.(*ast.FencedCodeBlock))
		}
		return ast.WalkSkipChildren, nil
	})
	reg.Register(ast.KindHeading, renderHeading)
	reg.Register(ast.KindLink, renderLink)
	reg.Register(ast.KindAutoLink, renderAutoLink)
	reg.Register(ast.KindImage, renderImage)
}

func wrap(open, close string) renderer.NodeRendererFunc {
	return func(w util.BufWriter, _ []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
		if entering {
			_, _ = w.WriteString(open)
		} else {
			_, _ = w.WriteString(close)
		}
		return ast.WalkContinue, nil
	}
}

// renderHeading writes <hN id="x"><a href="#x">text</a></hN>, with a
// GitHub anchor span first when it has one; a heading that
// holds a link of its own gets its self-link after the text instead.
func renderHeading(w util.BufWriter, _ []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	n := node.(*ast.Heading)
	id, _ := n.AttributeString("id")
	idStr, _ := id.(string)
	level := strconv.Itoa(n.Level)
	nested := hasLink(n)
	// Written piece by piece, not with fmt: a page has dozens of headings.
	if entering {
		_, _ = w.WriteString("<h")
		_, _ = w.WriteString(level)
		_, _ = w.WriteString(` id="`)
		_, _ = w.WriteString(html.EscapeString(idStr))
		_, _ = w.WriteString(`">`)
		if alias, ok := n.AttributeString(githubKey); ok {
			_, _ = w.WriteString(`<span class="heading-anchor" id="`)
			_, _ = w.WriteString(html.EscapeString(alias.(string)))
			_, _ = w.WriteString(`"></span>`)
		}
		if !nested {
			_, _ = w.WriteString(`<a class="heading-link" href="#`)
			_, _ = w.WriteString(html.EscapeString(idStr))
			_, _ = w.WriteString(`">`)
		}
		return ast.WalkContinue, nil
	}
	if nested {
		_, _ = w.WriteString(` <a class="heading-link" href="#`)
		_, _ = w.WriteString(html.EscapeString(idStr))
		_, _ = w.WriteString(`" aria-label="§">§</a>`)
	} else {
		_, _ = w.WriteString("</a>")
	}
	_, _ = w.WriteString("</h")
	_, _ = w.WriteString(level)
	_, _ = w.WriteString(">\n")
	return ast.WalkContinue, nil
}

func hasLink(n ast.Node) bool {
	found := false
	_ = ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		switch c := c.(type) {
		case *ast.Link, *ast.AutoLink:
			found = true
		case *Macro:
			found = found || containsAnchor(c.HTML)
		case *Raw:
			found = found || containsAnchor(c.HTML)
		}
		return ast.WalkContinue, nil
	})
	return found
}

func containsAnchor(s string) bool {
	for i := 0; i+2 < len(s); i++ {
		if s[i] == '<' && (s[i+1] == 'a' || s[i+1] == 'A') && (s[i+2] == ' ' || s[i+2] == '>') {
			return true
		}
	}
	return false
}

func resolved(n ast.Node) macro.Link {
	if v, ok := n.Attribute(resolvedKey); ok {
		if l, ok := v.(macro.Link); ok {
			return l
		}
	}
	return macro.Link{}
}

func renderLink(w util.BufWriter, _ []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	n := node.(*ast.Link)
	l := resolved(n)
	if !entering {
		_, _ = w.WriteString(l.Marker)
		_, _ = w.WriteString("</a>")
		return ast.WalkContinue, nil
	}
	_, _ = w.WriteString("<a")
	if l.Href != "" {
		_, _ = w.WriteString(` href="`)
		_, _ = w.WriteString(html.EscapeString(l.Href))
		_ = w.WriteByte('"')
	}
	attrs := l.Attrs
	if len(n.Title) > 0 {
		attrs = withoutTitle(attrs)
		fmt.Fprintf(w, ` title="%s"`, html.EscapeString(unescape(n.Title)))
	}
	_, _ = w.WriteString(attrs)
	_ = w.WriteByte('>')
	return ast.WalkContinue, nil
}

// withoutTitle drops a title from resolved attributes when the author gave
// the link one.
func withoutTitle(attrs string) string {
	i := strings.Index(attrs, ` title="`)
	if i < 0 {
		return attrs
	}
	end := strings.IndexByte(attrs[i+8:], '"')
	return attrs[:i] + attrs[i+8+end+1:]
}

// renderImage writes <img> with the resolved source and plain alt text.
func renderImage(w util.BufWriter, src []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkContinue, nil
	}
	n := node.(*ast.Image)
	fmt.Fprintf(w, `<img src="%s" alt="%s"`, html.EscapeString(resolved(n).Href), html.EscapeString(plainText(n, src)))
	if len(n.Title) > 0 {
		fmt.Fprintf(w, ` title="%s"`, html.EscapeString(unescape(n.Title)))
	}
	_ = w.WriteByte('>')
	return ast.WalkSkipChildren, nil
}

func renderAutoLink(w util.BufWriter, src []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkContinue, nil
	}
	n := node.(*ast.AutoLink)
	inner := html.EscapeString(string(n.Label(src)))
	_, _ = w.WriteString(resolved(n).Anchor(inner))
	return ast.WalkSkipChildren, nil
}
