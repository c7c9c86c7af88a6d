package markdown

import (
	"strconv"
	"strings"

	"github.com/seed1bfafebe/gitsync/revision"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// A code block with marks (lines GitBook's editor highlights in bold) cannot
// be a fence: GitBook writes it as HTML,
//
//	<pre class="language-yaml" data-title="openapi.yaml"><code class="lang-yaml">a:
//	<strong>  b: 1
//	</strong></code></pre>
//
// each line ending with its newline, inside the marks of its last leaf. The
// code block's options are data- attributes of <pre>.

// preAttrs are the <pre> attributes of the code options, in the order
// GitBook writes them (that of {% code %}, GITBOOK_FORMAT.md §6).
var preAttrs = []string{"data-title", "data-overflow", "data-line-numbers", "data-full-width", "data-expandable"}

// preBlock maps <pre class="language-x"><code class="lang-x">…</code></pre>
// to a code block whose lines keep their marks.
func (ps *parseState) preBlock(src string, pos int) revision.Node {
	el, ok := singleElement(src, atom.Pre)
	if !ok {
		return nil
	}
	pre := el
	code, ok := elements(childNodes(pre))
	if !ok || len(code) != 1 || code[0].DataAtom != atom.Code || len(code[0].Attr) > 1 {
		return nil
	}
	d := &revision.Code{}
	for i, a := range pre.Attr {
		switch {
		case i == 0 && a.Key == "class":
			lang, ok := strings.CutPrefix(a.Val, "language-")
			if !ok || lang == "" {
				return nil
			}
			d.Syntax = lang
		case a.Key == "data-title":
			d.Title = a.Val
		case a.Key == "data-overflow":
			d.Overflow = a.Val
		case a.Key == "data-line-numbers" || a.Key == "data-full-width" || a.Key == "data-expandable":
			v, err := strconv.ParseBool(a.Val)
			if err != nil {
				return nil
			}
			switch a.Key {
			case "data-line-numbers":
				d.LineNumbers = &v
			case "data-full-width":
				d.FullWidth = &v
			default:
				d.Expandable = &v
			}
		default:
			return nil
		}
	}
	codeClass := ""
	if len(code[0].Attr) == 1 {
		if code[0].Attr[0].Key != "class" {
			return nil
		}
		codeClass = code[0].Attr[0].Val
	}
	if d.Syntax != "" && codeClass != "lang-"+d.Syntax || d.Syntax == "" && codeClass != "" {
		return nil
	}
	b := &inlineBuilder{ps: ps}
	if !b.domCode(childNodes(code[0]), nil, 0) {
		return nil
	}
	lines := codeLinesOf(b.nodes())
	if !codeHasMarks(lines) {
		// The printer writes code without marks as a fence: keep the
		// HTML as written.
		return nil
	}
	return revision.NewBlock(d, lines...)
}

// domCode reads the text and marks of a <code>: text and mark elements only.
func (b *inlineBuilder) domCode(nodes []*html.Node, marks []revision.Mark, depth int) bool {
	if depth > maxDOMDepth {
		return false
	}
	for _, n := range nodes {
		switch {
		case n.Type == html.TextNode:
			b.text(n.Data, marks)
		case n.Type == html.ElementNode && len(n.Attr) == 0:
			mt, ok := htmlTagMarks[n.Data]
			if !ok || mt == revision.MarkCode {
				return false
			}
			if !b.domCode(childNodes(n), withMark(marks, revision.Mark{Type: mt}), depth+1) {
				return false
			}
		default:
			return false
		}
	}
	return true
}

// codeLinesOf splits text nodes at newlines into code lines; the newline
// ending the last line is not a line of its own.
func codeLinesOf(nodes []revision.Node) []revision.Node {
	var lines []revision.Node
	cur := &revision.Text{}
	end := func() {
		if len(cur.Leaves) == 0 {
			cur.Leaves = []revision.Leaf{{}}
		}
		lines = append(lines, revision.NewBlock(&revision.CodeLine{}, cur))
		cur = &revision.Text{}
	}
	for _, n := range nodes {
		t, ok := n.(*revision.Text)
		if !ok {
			continue
		}
		for _, l := range t.Leaves {
			parts := strings.Split(l.Text, "\n")
			for i, part := range parts {
				if i > 0 {
					end()
				}
				// An empty marked line (<strong>\n</strong>) keeps an
				// empty leaf with its marks.
				if part != "" || i < len(parts)-1 && len(cur.Leaves) == 0 && len(l.Marks) > 0 {
					cur.Leaves = append(cur.Leaves, revision.Leaf{Text: part, Marks: l.Marks})
				}
			}
		}
	}
	if len(cur.Leaves) > 0 || len(lines) == 0 {
		end()
	}
	return lines
}

// codeHasMarks reports whether a leaf of a code block's lines has a mark.
func codeHasMarks(ns []revision.Node) bool {
	marked := false
	revision.WalkNodes(ns, func(n revision.Node) {
		if t, ok := n.(*revision.Text); ok {
			for _, l := range t.Leaves {
				if len(l.Marks) > 0 {
					marked = true
				}
			}
		}
	})
	return marked
}

// preCode prints a code block with marks as GitBook does (see above).
func (p *printer) preCode(b *revision.Block, d *revision.Code) string {
	var s strings.Builder
	s.WriteString("<pre")
	if d.Syntax != "" {
		s.WriteString(` class="language-` + attrEscape(d.Syntax) + `"`)
	}
	bools := map[string]*bool{"data-line-numbers": d.LineNumbers, "data-full-width": d.FullWidth, "data-expandable": d.Expandable}
	for _, k := range preAttrs {
		v := ""
		switch k {
		case "data-title":
			v = d.Title
		case "data-overflow":
			v = d.Overflow
		default:
			if bools[k] != nil {
				v = strconv.FormatBool(*bools[k])
			}
		}
		if v != "" {
			s.WriteString(" " + k + `="` + attrEscape(v) + `"`)
		}
	}
	s.WriteString("><code")
	if d.Syntax != "" {
		s.WriteString(` class="lang-` + attrEscape(d.Syntax) + `"`)
	}
	s.WriteString(">")
	for _, n := range b.Nodes {
		line, ok := n.(*revision.Block)
		if !ok {
			continue
		}
		var leaves []revision.Leaf
		for _, c := range line.Nodes {
			if t, ok := c.(*revision.Text); ok {
				for _, l := range t.Leaves {
					if l.Text != "" || len(l.Marks) > 0 {
						leaves = append(leaves, l)
					}
				}
			}
		}
		if len(leaves) == 0 {
			leaves = []revision.Leaf{{}}
		}
		leaves[len(leaves)-1].Text += "\n"
		s.WriteString(p.htmlLeaves(leaves, false))
	}
	s.WriteString("</code></pre>")
	return s.String()
}
