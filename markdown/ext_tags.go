package markdown

import (
	"bytes"
	"sort"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// GitBook's Liquid-like block tags ({% hint %}…{% endhint %}) as goldmark
// block parsers (GITBOOK_FORMAT.md §4). A tag stands on its own line; its body
// is normal Markdown, so a known paired tag is a container block whose
// children goldmark parses as usual. Unknown paired tags ({% raw %},
// {% swagger %}…) are kept as raw leaf blocks: their bodies are not Markdown
// we model, and they are printed back verbatim.

// KindTag is the goldmark node kind of a known {% tag %} block.
var KindTag = ast.NewNodeKind("GitBookTag")

// KindRawTag is the goldmark node kind of an unknown {% tag %} block.
var KindRawTag = ast.NewNodeKind("GitBookRawTag")

// tagBlock is a {% name args %} block. For a paired tag the body is the
// node's children (container form) or, when the whole tag stands on one line
// ({% hint %}text{% endhint %}), the segment inner.
type tagBlock struct {
	ast.BaseBlock
	name   string
	args   string
	paired bool // an end tag is expected
	closed bool // the end tag was seen
	// oneLine is set for the single-line form; inner is then its body.
	oneLine bool
	inner   text.Segment
	// line is the opening line (without newline); endStop the offset of the
	// end of the closing line (without newline) once closed.
	line    text.Segment
	endStop int
	// textAfterEnd is set when text follows the end tag on its line
	// ("{% endhint %} x"): the whole tag is then kept as it is.
	textAfterEnd bool
}

func (n *tagBlock) Kind() ast.NodeKind { return KindTag }
func (n *tagBlock) Dump(source []byte, level int) {
	ast.DumpHelper(n, source, level, map[string]string{"name": n.name, "args": n.args}, nil)
}

// rawTagBlock is an unknown paired tag: its Lines are all its lines, the
// opening and closing tag lines included.
type rawTagBlock struct {
	ast.BaseBlock
	name   string
	closed bool
}

func (n *rawTagBlock) Kind() ast.NodeKind { return KindRawTag }
func (n *rawTagBlock) IsRaw() bool        { return true }
func (n *rawTagBlock) Dump(source []byte, level int) {
	ast.DumpHelper(n, source, level, map[string]string{"name": n.name}, nil)
}

// knownTags are the tags whose bodies are Markdown mapped to revision blocks.
var knownTags = map[string]bool{
	"hint": true, "tabs": true, "tab": true, "stepper": true, "step": true,
	"code": true, "content-ref": true, "embed": true, "file": true,
	"include": true, "openapi": true, "openapi-operation": true,
	"columns": true, "column": true, "updates": true, "update": true, "if": true,
	"prompt":   true,
	"page-ref": true, // legacy: a content-ref GitBook now writes {% content-ref %}
}

// tagLine is a parsed tag: "{% name args %}" at the start of line, rest
// being what follows "%}".
type tagLine struct {
	name, args string
	end        bool // {% endname %}
	rest       []byte
	restStart  int // offset of rest in the line
}

// parseTagLine reads "{%" name args "%}" at the start of line (leading
// spaces allowed). ok is false when line does not start with a tag.
func parseTagLine(line []byte) (t tagLine, ok bool) {
	i := 0
	for i < len(line) && (line[i] == ' ' || line[i] == '\t') {
		i++
	}
	if !bytes.HasPrefix(line[i:], []byte("{%")) {
		return t, false
	}
	i += 2
	if i < len(line) && line[i] == '-' { // {%- trims whitespace in Liquid
		i++
	}
	for i < len(line) && line[i] == ' ' {
		i++
	}
	ns := i
	// Integration blocks are named "@owner/name" ({% @github-files/github-code-block url="…" %}).
	integration := i < len(line) && line[i] == '@'
	if integration {
		i++
	}
	for i < len(line) && (isTagNameByte(line[i]) || integration && (line[i] == '/' || line[i] == '.')) {
		i++
	}
	if integration && i == ns+1 {
		return t, false
	}
	if i == ns {
		return t, false
	}
	name := string(line[ns:i])
	closeAt := bytes.Index(line[i:], []byte("%}"))
	if closeAt < 0 {
		return t, false
	}
	args := bytes.TrimSpace(line[i : i+closeAt])
	args = bytes.TrimSuffix(args, []byte("-"))
	if len(args) > 0 && i < len(line) && line[i] != ' ' && line[i] != '\t' {
		return t, false // "{% hint-x" handled above; "{% hint"x" is not a tag
	}
	t.name = name
	t.args = string(bytes.TrimSpace(args))
	if len(name) > 3 && name[:3] == "end" {
		t.end = true
		t.name = name[3:]
	}
	t.restStart = i + closeAt + 2
	t.rest = line[t.restStart:]
	return t, true
}

func isTagNameByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_'
}

// endTagIndex is, per tag name, the sorted offsets of the lines that start
// with {% endname %}. It is computed once per page (one pass over the lines)
// and tells a block parser whether a tag it opens has an end tag after it,
// without scanning the rest of the page for each tag.
type endTagIndex map[string][]int

var endTagsKey = parser.NewContextKey()

func scanEndTags(src []byte) endTagIndex {
	idx := endTagIndex{}
	for off := 0; off < len(src); {
		end := bytes.IndexByte(src[off:], '\n')
		next := len(src)
		if end >= 0 {
			next = off + end + 1
		} else {
			end = len(src) - off
		}
		line := src[off : off+end]
		if t, ok := parseTagLine(line); ok && t.end {
			idx[t.name] = append(idx[t.name], off)
		} else if ok && optionalEnd[t.name] {
			idx["{% "+t.name] = append(idx["{% "+t.name], off)
		} else if isMathFence(line) {
			idx["$$"] = append(idx["$$"], off)
		} else if p := bytes.Index(line, []byte("</details>")); p >= 0 && util.IsBlank(line[:p]) {
			idx["<details>"] = append(idx["<details>"], off)
		}
		off = next
	}
	return idx
}

// optionalEnd are the tags GitBook writes alone or with a body (an embed or
// a file with a caption): one of them is paired only with an end tag that
// comes before the next tag of its name.
var optionalEnd = map[string]bool{"embed": true, "file": true}

// hasEndAfter reports whether an end tag of name starts after offset pos
// (and, for optionalEnd tags, before the next opening tag of name).
func (idx endTagIndex) hasEndAfter(name string, pos int) bool {
	offs := idx[name]
	i := sort.SearchInts(offs, pos+1)
	if i >= len(offs) {
		return false
	}
	if optionalEnd[name] {
		opens := idx["{% "+name]
		if j := sort.SearchInts(opens, pos+1); j < len(opens) && opens[j] < offs[i] {
			return false
		}
	}
	return true
}

func endTags(pc parser.Context) endTagIndex {
	if v, ok := pc.Get(endTagsKey).(endTagIndex); ok {
		return v
	}
	return nil
}

type tagParser struct{}

func (tagParser) Trigger() []byte { return []byte{'{'} }

func (tagParser) Open(parent ast.Node, reader text.Reader, pc parser.Context) (ast.Node, parser.State) {
	line, seg := reader.PeekLine()
	t, ok := parseTagLine(line)
	if !ok {
		return nil, parser.NoChildren
	}
	lineSeg := text.NewSegment(seg.Start, seg.Stop-trailingNewline(line))
	paired := !t.end && endTags(pc).hasEndAfter(t.name, seg.Start)
	if t.end || !knownTags[t.name] {
		node := &rawTagBlock{name: t.name}
		node.Lines().Append(seg)
		reader.AdvanceToEOL()
		if !paired {
			node.closed = true // a single tag line: nothing more to read
		}
		return node, parser.NoChildren
	}
	node := &tagBlock{name: t.name, args: t.args, paired: paired, line: lineSeg}
	rest := t.rest
	// Single-line form: {% hint %}body{% endhint %}.
	trimmed := bytes.TrimRight(rest, " \t\r\n")
	endTag := []byte("{% end" + t.name + " %}")
	if bytes.HasSuffix(trimmed, endTag) {
		node.oneLine, node.closed, node.paired = true, true, true
		start := seg.Start + t.restStart
		node.inner = text.NewSegment(start, start+len(trimmed)-len(endTag))
		node.endStop = lineSeg.Stop
		reader.AdvanceToEOL()
		return node, parser.NoChildren
	}
	if !paired {
		reader.AdvanceToEOL()
		return node, parser.NoChildren
	}
	if containerDepth(pc) >= maxTagNesting {
		node.paired = false // kept as an opaque line
		reader.AdvanceToEOL()
		return node, parser.NoChildren
	}
	if util.IsBlank(rest) {
		reader.AdvanceToEOL()
		return node, parser.HasChildren
	}
	// The body starts on the tag's line: let goldmark open children there.
	reader.Advance(t.restStart)
	return node, parser.HasChildren
}

func (tagParser) Continue(node ast.Node, reader text.Reader, pc parser.Context) parser.State {
	line, seg := reader.PeekLine()
	switch n := node.(type) {
	case *rawTagBlock:
		if n.closed {
			return parser.Close
		}
		if t, ok := parseTagLine(line); ok && t.end && t.name == n.name {
			n.Lines().Append(seg)
			n.closed = true
			reader.AdvanceToEOL()
			return parser.Close
		}
		n.Lines().Append(seg)
		reader.AdvanceToEOL()
		return parser.Continue | parser.NoChildren
	case *tagBlock:
		if n.closed || !n.paired {
			return parser.Close
		}
		if w, _ := util.IndentWidth(line, reader.LineOffset()); w < 4 {
			if t, ok := parseTagLine(line); ok && t.end && t.name == n.name && !innerOwnsLine(n, pc, t.name) {
				n.closed = true
				n.endStop = seg.Stop - trailingNewline(line)
				// The text is not left to goldmark: it would continue the
				// body's last paragraph with it.
				n.textAfterEnd = !util.IsBlank(t.rest)
				reader.AdvanceToEOL()
				return parser.Close
			}
		}
		return parser.Continue | parser.HasChildren
	}
	return parser.Close
}

// maxTagNesting bounds the nesting of {% tag %} and <details> containers:
// goldmark checks every open block on every line, so deeper nesting would
// make parsing quadratic. A deeper tag is kept as an opaque line.
const maxTagNesting = 32

// containerDepth counts the open tag and details containers.
func containerDepth(pc parser.Context) int {
	d := 0
	for _, b := range pc.OpenedBlocks() {
		switch b.Node.(type) {
		case *tagBlock, *detailsBlock:
			d++
		}
	}
	return d
}

// innerOwnsLine reports whether a block opened inside n must see the current
// line first: a fenced code block (tags in code are code), a raw block, or a
// tag of the same name nested in n (it closes first).
func innerOwnsLine(n ast.Node, pc parser.Context, name string) bool {
	opened := pc.OpenedBlocks()
	found := false
	for _, b := range opened {
		if b.Node == n {
			found = true
			continue
		}
		if !found {
			continue
		}
		switch c := b.Node.(type) {
		case *rawTagBlock:
			// A single tag line (closed on its line) owns nothing after it.
			if !c.closed {
				return true
			}
		case *ast.FencedCodeBlock, *mathBlock:
			return true
		case *tagBlock:
			if c.name == name && c.paired && !c.closed {
				return true
			}
		case *detailsBlock:
			if name == "<details>" {
				return true
			}
		}
	}
	return false
}

func (tagParser) Close(node ast.Node, reader text.Reader, pc parser.Context) {}
func (tagParser) CanInterruptParagraph() bool                                { return true }
func (tagParser) CanAcceptIndentedLine() bool                                { return false }

func trailingNewline(line []byte) int {
	n := 0
	if len(line) > 0 && line[len(line)-1] == '\n' {
		n++
		if len(line) > 1 && line[len(line)-2] == '\r' {
			n++
		}
	}
	return n
}
