package markdown

import (
	"strings"

	"github.com/seed1bfafebe/gitsync/revision"
	"github.com/yuin/goldmark/ast"
	east "github.com/yuin/goldmark/extension/ast"
)

// A pipe table's header cells are column titles, which the API holds as
// plain strings. A header cell with formatting ("| **Feature** |": marks,
// code, a link) keeps its Markdown as the title, and a title that reads
// as formatted Markdown prints as it is: GitBook does the same (it wrote
// "| **Feature**             | **Plan Required**   |" back, padded to the
// bold text's width, when GITBOOK-1259 in its docs rewrote the page), and
// nothing the header says is lost. A plain header reads as its text and
// prints escaped, as before.

// headerTitle reads header cell c: its text, or its Markdown source when
// it is formatted.
func (ps *parseState) headerTitle(c ast.Node, e cellEdge) string {
	inl := ps.cellInlines(c, e)
	if !formatted(inl) || c.Lines().Len() != 1 {
		return revision.PlainText(inl...)
	}
	seg := c.Lines().At(0)
	src := string(seg.Value(ps.src))
	if strings.ContainsAny(src, "\n\r") {
		return revision.PlainText(inl...)
	}
	// The spaces the reader recovers around a plain cell's text are the
	// padding here: the title is the cell's Markdown as written.
	return src
}

// formatted reports whether inline nodes hold more than unmarked text.
func formatted(nodes []revision.Node) bool {
	for _, n := range nodes {
		switch n := n.(type) {
		case *revision.Text:
			for _, l := range n.Leaves {
				if len(l.Marks) > 0 {
					return true
				}
			}
		case *revision.Block:
			if formatted(n.Nodes) {
				return true
			}
		default:
			return true
		}
	}
	return false
}

// headerCell writes a column title in a pipe table's header row: as it is
// when it is the Markdown of a formatted header cell (it reads back as
// itself), else escaped.
func headerCell(title string) string {
	if strings.TrimSpace(title) == "" || strings.ContainsAny(title, "\n\r") || strings.Contains(strings.ReplaceAll(title, `\|`, ""), "|") ||
		!strings.ContainsAny(title, "*_`[<~$:!\\&") {
		return escapeCellText(title)
	}
	if t, ok := readHeaderTitle(title); ok && t == title {
		return title
	}
	return escapeCellText(title)
}

// readHeaderTitle reads title as the one header cell of a pipe table:
// what the title read back is, and whether the cell is formatted.
func readHeaderTitle(title string) (string, bool) {
	src := []byte("| " + title + " |\n| - |\n")
	ps := &parseState{}
	ps.setSource(src)
	root := ps.goldmark(src)
	tbl, ok := root.FirstChild().(*east.Table)
	if !ok || tbl.NextSibling() != nil {
		return "", false
	}
	head, ok := tbl.FirstChild().(*east.TableHeader)
	if !ok || head.FirstChild() == nil || head.FirstChild() != head.LastChild() {
		return "", false
	}
	c := head.FirstChild()
	return ps.headerTitle(c, cellEdge{}), formatted(ps.cellInlines(c, cellEdge{}))
}
