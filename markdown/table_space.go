package markdown

import (
	"bytes"
	"strings"

	"github.com/seed1bfafebe/gitsync/revision"
	"github.com/yuin/goldmark/ast"
	east "github.com/yuin/goldmark/extension/ast"
)

// GitBook pads every pipe-table cell to its column's width and writes the
// spaces a cell's own text starts or ends with as they are:
//
//	| Core         |  $167/mth |
//	| `limit`      | int       |
//	| `beautified`  | string    |
//
// GFM trims them when reading. In a column laid out exactly as GitBook lays
// it out (every cell padded to the delimiter row's width), the spaces beyond
// the one after "|" lead the cell's text; and when the delimiter row is wider
// than every cell, the one widest cell ended with the difference in spaces
// ("`beautified` " above). cellSpaces recovers both, so that such pages print
// back byte for byte. The printer keeps to the same rules (see pipeTable).

// cellEdge is what the reader adds around one cell's text.
type cellEdge struct{ lead, trail int }

// cellSpaces returns, per row (header first) and per column, the spaces to
// add before and after the cell's text. It returns nil when the table does not
// carry any.
func (ps *parseState) cellSpaces(n *east.Table) [][]cellEdge {
	src := ps.src
	ncols := len(n.Alignments)
	var rows [][]*east.TableCell
	for r := n.FirstChild(); r != nil; r = r.NextSibling() {
		var row []*east.TableCell
		for c := r.FirstChild(); c != nil && len(row) < ncols; c = c.NextSibling() {
			if tc, ok := c.(*east.TableCell); ok {
				row = append(row, tc)
			}
		}
		rows = append(rows, row)
	}
	if len(rows) == 0 || len(rows[0]) != ncols {
		return nil
	}
	widths := delimiterWidths(src, rows[0][ncols-1], ncols)
	if widths == nil {
		return nil
	}
	var out [][]cellEdge
	for j := 0; j < ncols; j++ {
		if a := n.Alignments[j]; a != east.AlignNone && a != east.AlignLeft {
			continue // padding and content spaces are not told apart
		}
		edges, ok := columnEdges(src, rows, j, widths[j])
		if !ok {
			continue
		}
		if out == nil {
			out = make([][]cellEdge, len(rows))
			for i := range out {
				out[i] = make([]cellEdge, ncols)
			}
		}
		for i, e := range edges {
			out[i][j] = e
		}
	}
	return out
}

// columnEdges checks that column j of every row is padded to w, GitBook's
// layout, and returns the content spaces each cell had.
func columnEdges(src []byte, rows [][]*east.TableCell, j, w int) ([]cellEdge, bool) {
	edges := make([]cellEdge, len(rows))
	width := make([]int, len(rows))
	for i, row := range rows {
		if j >= len(row) || row[j].Lines().Len() != 1 {
			return nil, false
		}
		seg := row[j].Lines().At(0)
		lead := spacesBefore(src, seg.Start)
		trail := spacesAfter(src, seg.Stop)
		if lead < 0 || trail < 0 {
			return nil, false
		}
		n := jsLen(string(seg.Value(src)))
		if n == 0 {
			// An empty cell: its spaces are padding (all of them are
			// counted before it).
			if lead+trail != w+2 {
				return nil, false
			}
			continue
		}
		if lead < 1 || trail < 1 || lead-1+n+trail-1 != w {
			return nil, false
		}
		edges[i].lead = lead - 1
		width[i] = lead - 1 + n
	}
	widest, at := 0, -1
	for i, n := range width {
		switch {
		case n > widest:
			widest, at = n, i
		case n == widest:
			at = -1
		}
	}
	if at >= 0 && w > widest && w > 1 {
		edges[at].trail = w - widest
	}
	return edges, true
}

// spacesBefore counts the spaces between a cell's text and the "|" before
// it, -1 when there is no such "|".
func spacesBefore(src []byte, at int) int {
	i := at
	for i > 0 && src[i-1] == ' ' {
		i--
	}
	if i == 0 || src[i-1] != '|' {
		return -1
	}
	return at - i
}

// spacesAfter counts the spaces between a cell's text and the "|" after it,
// -1 when there is no such "|".
func spacesAfter(src []byte, at int) int {
	i := at
	for i < len(src) && src[i] == ' ' {
		i++
	}
	if i == len(src) || src[i] != '|' {
		return -1
	}
	return i - at
}

// delimiterWidths reads the delimiter row, the line after the header's last
// cell, as GitBook writes it ("| --- | :-: |"): the width of each column, or
// nil when it is laid out otherwise.
func delimiterWidths(src []byte, last *east.TableCell, ncols int) []int {
	if last.Lines().Len() != 1 {
		return nil
	}
	end := last.Lines().At(0).Stop
	nl := bytes.IndexByte(src[end:], '\n')
	if nl < 0 {
		return nil
	}
	line := src[end+nl+1:]
	if k := bytes.IndexByte(line, '\n'); k >= 0 {
		line = line[:k]
	}
	first, lastPipe := bytes.IndexByte(line, '|'), bytes.LastIndexByte(line, '|')
	if first < 0 || lastPipe <= first {
		return nil
	}
	parts := bytes.Split(line[first+1:lastPipe], []byte("|"))
	if len(parts) != ncols {
		return nil
	}
	widths := make([]int, ncols)
	for j, p := range parts {
		if len(p) < 3 || p[0] != ' ' || p[len(p)-1] != ' ' || len(bytes.Trim(p[1:len(p)-1], "-:")) != 0 {
			return nil
		}
		widths[j] = len(p) - 2
	}
	return widths
}

// cellInlines reads a cell's inline content with the spaces e adds around
// it, merged into its leaves as any text is.
func (ps *parseState) cellInlines(c ast.Node, e cellEdge) []revision.Node {
	b := &inlineBuilder{ps: ps}
	b.text(strings.Repeat(" ", e.lead), nil)
	b.walk(c, nil)
	b.text(strings.Repeat(" ", e.trail), nil)
	return b.result()
}
