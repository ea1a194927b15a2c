package markdown

import (
	"github.com/yuin/goldmark/ast"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
)

// A table column aligned with colons (|:--|:-:|--:|) gets a class on each
// of its cells, align-left, align-center or align-right, which the theme
// styles. goldmark would write an inline style instead, and the site keeps
// inline styles out of its pages (a page's own HTML may not have them).
type tableAlignTransformer struct{}

var alignClasses = map[east.Alignment][]byte{
	east.AlignLeft:   []byte("align-left"),
	east.AlignCenter: []byte("align-center"),
	east.AlignRight:  []byte("align-right"),
}

func (tableAlignTransformer) Transform(doc *ast.Document, _ text.Reader, _ parser.Context) {
	walkBlocks(doc, func(n ast.Node) {
		if c, ok := n.(*east.TableCell); ok {
			if class := alignClasses[c.Alignment]; class != nil {
				c.SetAttributeString("class", class)
			}
		}
	})
}
