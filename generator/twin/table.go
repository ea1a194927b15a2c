package twin

import (
	"strings"

	nethtml "golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// maxRows bounds rowspan (browsers stop at 65534): each row a cell
// covers costs an entry per column.
const maxRows = 16

// grid is a table laid out: its rows of cells, colspan and rowspan spread
// over the cells they cover, and how many of its first rows are headers.
type grid struct {
	rows    [][]string
	headers int
	spans   map[[2]int]string // cells a rowspan from above covers: row, column → text; nil for none
}

// table writes a table as a GFM table: one header row (the header rows
// joined per column, or the first row), then the others. A caption
// becomes a paragraph above it.
func (c *converter) table(n *nethtml.Node) string {
	g := &grid{}
	var caption string
	for ch := n.FirstChild; ch != nil; ch = ch.NextSibling {
		switch ch.DataAtom {
		case atom.Caption:
			caption = c.paragraphOf(ch)
		case atom.Thead:
			c.section(g, ch, true)
		case atom.Tbody, atom.Tfoot:
			c.section(g, ch, false)
		case atom.Tr:
			c.row(g, ch, false)
		}
	}
	t := g.markdown()
	if caption != "" && t != "" {
		return caption + "\n\n" + t
	}
	return caption + t
}

// section adds the rows of a thead, tbody or tfoot.
func (c *converter) section(g *grid, n *nethtml.Node, header bool) {
	for ch := n.FirstChild; ch != nil; ch = ch.NextSibling {
		if ch.DataAtom == atom.Tr {
			c.row(g, ch, header)
		}
	}
}

// row adds a row, its cells placed past those rowspans above cover.
func (c *converter) row(g *grid, n *nethtml.Node, header bool) {
	r := len(g.rows)
	if header && g.headers == r {
		g.headers++
	}
	cells := make([]string, 0, countCells(n))
	fill := func() {
		for {
			text, ok := g.spans[[2]int{r, len(cells)}]
			if !ok {
				return
			}
			cells = append(cells, text)
		}
	}
	for ch := n.FirstChild; ch != nil; ch = ch.NextSibling {
		if ch.DataAtom != atom.Td && ch.DataAtom != atom.Th {
			continue
		}
		fill()
		w := c.inline(false, true)
		w.children(ch)
		text := c.written(w, "")
		cols, rows := span(ch, "colspan", MaxColumns-len(cells)), span(ch, "rowspan", maxRows)
		if rows > 1 && g.spans == nil {
			g.spans = map[[2]int]string{}
		}
		for i := range cols {
			for j := 1; j < rows; j++ {
				g.spans[[2]int{r + j, len(cells) + i}] = text
			}
		}
		for range cols {
			cells = append(cells, text)
		}
	}
	fill()
	g.rows = append(g.rows, cells)
}

// countCells is how many td and th a row has: most rows have as many
// cells, a few more (colspan, rowspan).
func countCells(tr *nethtml.Node) int {
	n := 0
	for ch := tr.FirstChild; ch != nil; ch = ch.NextSibling {
		if ch.DataAtom == atom.Td || ch.DataAtom == atom.Th {
			n++
		}
	}
	return n
}

// span is a cell's colspan or rowspan, 1 to limit (1 when limit is
// less): cells past MaxColumns are not spread.
func span(n *nethtml.Node, key string, limit int) int {
	v, err := atoi(strings.TrimSpace(attr(n, key)))
	if err != nil || v < 1 {
		return 1
	}
	return max(1, min(v, limit))
}

// markdown writes the grid, "" when it has no cells.
func (g *grid) markdown() string {
	width := 0
	for _, r := range g.rows {
		width = max(width, len(r))
	}
	width = min(width, MaxColumns)
	if width == 0 {
		return ""
	}
	head, body := g.rows[:max(g.headers, 1)], g.rows[max(g.headers, 1):]
	var b strings.Builder
	b.Grow(g.size(width))
	writeRow(&b, joinHeaders(head, width), width)
	b.WriteString("|")
	for range width {
		b.WriteString(" --- |")
	}
	b.WriteString("\n")
	for _, r := range body {
		writeRow(&b, r, width)
	}
	return strings.TrimSuffix(b.String(), "\n")
}

// size is at least the length of the grid written width cells wide:
// the rows, the header rows joined, and the delimiter row.
func (g *grid) size(width int) int {
	size := 2 + 6*width
	for _, r := range g.rows {
		size += 2 + 3*width
		for _, text := range r {
			size += len(text) + 1
		}
	}
	return size
}

// joinHeaders makes one header row of several: each column's distinct
// texts, in order.
func joinHeaders(rows [][]string, width int) []string {
	out := make([]string, width)
	var parts []string
	for col := range width {
		parts = parts[:0]
		for _, r := range rows {
			if col < len(r) && r[col] != "" && (len(parts) == 0 || parts[len(parts)-1] != r[col]) {
				parts = append(parts, r[col])
			}
		}
		out[col] = strings.Join(parts, " ")
	}
	return out
}

// writeRow writes a row of width cells: missing ones empty, those past
// width joined to the last.
func writeRow(b *strings.Builder, cells []string, width int) {
	if len(cells) > width {
		cells = append(cells[:width-1:width-1], strings.Join(cells[width-1:], " "))
	}
	b.WriteString("|")
	for i := range width {
		text := ""
		if i < len(cells) {
			text = cells[i]
		}
		b.WriteString(" ")
		b.WriteString(text)
		b.WriteString(" |")
	}
	b.WriteString("\n")
}
