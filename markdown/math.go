package markdown

import (
	"bytes"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// Math: "$$" on its own line opens a block formula closed by another "$$"
// line (a "$$" line with no other after it is text); "$$x$$" inside text is an inline formula (GITBOOK_FORMAT.md §4, §5).

// KindMathBlock is the goldmark node kind of a $$ block.
var KindMathBlock = ast.NewNodeKind("GitBookMathBlock")

type mathBlock struct {
	ast.BaseBlock
	closed bool
}

func (n *mathBlock) Kind() ast.NodeKind { return KindMathBlock }
func (n *mathBlock) IsRaw() bool        { return true }
func (n *mathBlock) Dump(source []byte, level int) {
	ast.DumpHelper(n, source, level, nil, nil)
}

type mathBlockParser struct{}

func isMathFence(line []byte) bool {
	return bytes.Equal(bytes.TrimSpace(line), []byte("$$"))
}

func (mathBlockParser) Trigger() []byte { return []byte{'$'} }

func (mathBlockParser) Open(parent ast.Node, reader text.Reader, pc parser.Context) (ast.Node, parser.State) {
	line, seg := reader.PeekLine()
	if !isMathFence(line) || !endTags(pc).hasEndAfter("$$", seg.Start) {
		return nil, parser.NoChildren
	}
	reader.AdvanceToEOL()
	return &mathBlock{}, parser.NoChildren
}

func (mathBlockParser) Continue(node ast.Node, reader text.Reader, pc parser.Context) parser.State {
	n := node.(*mathBlock)
	line, seg := reader.PeekLine()
	if isMathFence(line) {
		n.closed = true
		reader.AdvanceToEOL()
		return parser.Close
	}
	n.Lines().Append(seg)
	reader.AdvanceToEOL()
	return parser.Continue | parser.NoChildren
}

func (mathBlockParser) Close(node ast.Node, reader text.Reader, pc parser.Context) {}
func (mathBlockParser) CanInterruptParagraph() bool                                { return true }
func (mathBlockParser) CanAcceptIndentedLine() bool                                { return false }

// KindInlineMath is the goldmark node kind of $$x$$ in text.
var KindInlineMath = ast.NewNodeKind("GitBookInlineMath")

type inlineMath struct {
	ast.BaseInline
	formula []byte
}

func (n *inlineMath) Kind() ast.NodeKind { return KindInlineMath }
func (n *inlineMath) Dump(source []byte, level int) {
	ast.DumpHelper(n, source, level, map[string]string{"formula": string(n.formula)}, nil)
}

type inlineMathParser struct{}

func (inlineMathParser) Trigger() []byte { return []byte{'$'} }

func (inlineMathParser) Parse(parent ast.Node, block text.Reader, pc parser.Context) ast.Node {
	line, _ := block.PeekLine()
	if !bytes.HasPrefix(line, []byte("$$")) {
		return nil
	}
	end := bytes.Index(line[2:], []byte("$$"))
	if end <= 0 {
		return nil
	}
	formula := line[2 : 2+end]
	if util.IsBlank(formula) {
		return nil
	}
	block.Advance(2 + end + 2)
	return &inlineMath{formula: append([]byte(nil), formula...)}
}
