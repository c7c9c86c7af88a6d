package markdown

import (
	"bytes"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// <details> … </details> is a container block: GitBook writes its summary
// and body as Markdown separated by blank lines (GITBOOK_FORMAT.md §4), which
// CommonMark would split into unrelated HTML blocks. The parser runs before
// goldmark's HTML block parser and only opens when a </details> line follows.

// KindDetails is the goldmark node kind of a <details> block.
var KindDetails = ast.NewNodeKind("GitBookDetails")

type detailsBlock struct {
	ast.BaseBlock
	open    bool // <details open>
	openTag string
	closed  bool
	line    text.Segment
	endStop int
}

func (n *detailsBlock) Kind() ast.NodeKind { return KindDetails }
func (n *detailsBlock) Dump(source []byte, level int) {
	ast.DumpHelper(n, source, level, nil, nil)
}

type detailsParser struct{}

func (detailsParser) Trigger() []byte { return []byte{'<'} }

func (detailsParser) Open(parent ast.Node, reader text.Reader, pc parser.Context) (ast.Node, parser.State) {
	line, seg := reader.PeekLine()
	i := 0
	for i < len(line) && line[i] == ' ' {
		i++
	}
	if !bytes.HasPrefix(line[i:], []byte("<details")) {
		return nil, parser.NoChildren
	}
	j := i + len("<details")
	if j >= len(line) || (line[j] != '>' && line[j] != ' ') {
		return nil, parser.NoChildren
	}
	gt := bytes.IndexByte(line[j:], '>')
	if gt < 0 || !endTags(pc).hasEndAfter("<details>", seg.Start) || containerDepth(pc) >= maxTagNesting {
		return nil, parser.NoChildren
	}
	tag := line[i : j+gt+1]
	attrs := bytes.Fields(tag[len("<details") : len(tag)-1])
	node := &detailsBlock{openTag: string(tag), line: text.NewSegment(seg.Start, seg.Stop-trailingNewline(line))}
	for _, a := range attrs {
		if bytes.Equal(a, []byte("open")) || bytes.HasPrefix(a, []byte("open=")) {
			node.open = true
		} else {
			node.openTag = "" // attributes we do not model: kept opaque
		}
	}
	rest := line[j+gt+1:]
	if util.IsBlank(rest) {
		reader.AdvanceToEOL()
		return node, parser.HasChildren
	}
	reader.Advance(j + gt + 1)
	return node, parser.HasChildren
}

func isDetailsEnd(line []byte) bool {
	return bytes.HasPrefix(bytes.TrimLeft(line, " \t"), []byte("</details>"))
}

func (detailsParser) Continue(node ast.Node, reader text.Reader, pc parser.Context) parser.State {
	n := node.(*detailsBlock)
	if n.closed {
		return parser.Close
	}
	line, seg := reader.PeekLine()
	if w, _ := util.IndentWidth(line, reader.LineOffset()); w < 4 && isDetailsEnd(line) && !innerOwnsLine(n, pc, "<details>") {
		n.closed = true
		n.endStop = seg.Stop - trailingNewline(line)
		reader.AdvanceToEOL()
		return parser.Close
	}
	return parser.Continue | parser.HasChildren
}

func (detailsParser) Close(node ast.Node, reader text.Reader, pc parser.Context) {}
func (detailsParser) CanInterruptParagraph() bool                                { return true }
func (detailsParser) CanAcceptIndentedLine() bool                                { return false }
