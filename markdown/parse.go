package markdown

import (
	"bytes"
	"reflect"
	"sort"
	"sync"
	"unicode/utf8"

	"github.com/seed1bfafebe/gitsync/revision"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// Parse reads a page file: front matter, title and body (GITBOOK_FORMAT.md
// §3). It never fails: what it cannot map is kept as Opaque nodes holding the
// source verbatim, and reported as warnings.
//
// Offsets: Page.Spans and Page.BodyStart index src as given. A leading UTF-8
// BOM and CRLF line endings are accepted: the page is parsed from a copy with
// "\r\n" turned into "\n" and offsets are mapped back, so a span ends before
// the "\r\n" of its last line.
func Parse(src []byte, opts ParseOptions) (*Page, []Warning) {
	norm, om := normalize(src)
	ps := &parseState{opts: opts}
	ps.setSource(norm)
	if !utf8.Valid(src) {
		at := 0
		for at < len(norm) {
			r, n := utf8.DecodeRune(norm[at:])
			if r == utf8.RuneError && n <= 1 {
				break
			}
			at += n
		}
		ps.warn(at, WarnInvalidUTF8, "the file is not valid UTF-8")
	}
	page := &Page{Document: &revision.Document{Nodes: []revision.Node{}}, Spans: []Span{}}
	fm, fmEnd := ps.frontMatter(src, norm, om)
	page.FrontMatter = fm
	body := norm
	if fmEnd > 0 {
		// Blank the front matter out so that goldmark sees empty lines while
		// every offset stays that of norm.
		body = append([]byte(nil), norm...)
		for i := 0; i < fmEnd; i++ {
			if body[i] != '\n' {
				body[i] = ' '
			}
		}
		ps.setSource(body)
	}
	// Deep nesting is cut off before goldmark, whose cost grows with the
	// square of the depth (nesting.go): the rest is kept as text.
	parsed, cut := body, -1
	if max := maxNesting(opts.MaxNesting); len(body) > max {
		if c, line, why := nestingCut(body, max); c >= 0 {
			parsed, cut = body[:c], c
			ps.warns = append(ps.warns, Warning{Path: opts.Path, Line: line, Code: WarnLimit,
				Message: why + ": the rest of the file is kept as text"})
		}
	}
	doc := ps.goldmark(parsed)

	bodyStart := fmEnd
	// headEnd is where the content before the body (front matter, title)
	// ends, before its newline; -1 when there is none.
	headEnd := -1
	if fmEnd > 0 {
		headEnd = fmEnd
		if body[fmEnd-1] == '\n' {
			headEnd--
		}
	}
	first := doc.FirstChild()
	if h, ok := first.(*ast.Heading); ok && h.Level == 1 && ps.isATX(h) {
		nodes, _ := ps.headingInlines(h)
		page.Title = revision.PlainText(nodes...)
		bodyStart = ps.lineEnd(ps.nodePos(h))
		headEnd = bodyStart
		if bodyStart < len(body) {
			bodyStart++ // the newline
		}
		first = first.NextSibling()
	}
	var items []placed
	for c := first; c != nil; c = c.NextSibling() {
		items = append(items, ps.block(c)...)
	}
	for i := range items {
		items[i].node = ps.fit("document", []revision.Node{items[i].node})[0]
	}
	if cut >= 0 {
		items = append(items, placed{&revision.Opaque{}, cut})
	}
	for i, it := range items {
		start := ps.lineStart(it.pos)
		if start < bodyStart {
			start = bodyStart
		}
		if i > 0 && start < page.Spans[i-1].End {
			start = page.Spans[i-1].End
		}
		next := len(body)
		if i+1 < len(items) {
			next = max(ps.lineStart(items[i+1].pos), start)
		}
		end := ps.lastContentEnd(start, next)
		if o, ok := it.node.(*revision.Opaque); ok && !o.Inline {
			// At top level an opaque block is exactly the (normalized) bytes
			// of its span, indentation included.
			o.Source = string(body[start:end])
		}
		page.Document.Nodes = append(page.Document.Nodes, it.node)
		page.Spans = append(page.Spans, Span{Start: start, End: end})
	}
	ps.emptyParagraphs(page, headEnd)
	for i := range page.Spans {
		page.Spans[i] = Span{Start: om.orig(page.Spans[i].Start), End: om.orig(page.Spans[i].End)}
	}
	page.BodyStart = om.orig(bodyStart)
	if !utf8.Valid(src) {
		// JSON strings are Unicode: what the revision holds must be too, or
		// its JSON would not decode to it (warned above).
		sanitizeStrings(reflect.ValueOf(page.Document))
		page.Title = validText(page.Title)
	}
	return page, ps.warns
}

// sanitizeStrings replaces invalid UTF-8 in every settable string reachable
// from v (through pointers, interfaces, slices, arrays, maps and exported
// struct fields) as validText does.
func sanitizeStrings(v reflect.Value) {
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if !v.IsNil() {
			sanitizeStrings(v.Elem())
		}
	case reflect.String:
		if v.CanSet() {
			if s := v.String(); !utf8.ValidString(s) {
				v.SetString(validText(s))
			}
		}
	case reflect.Slice, reflect.Array:
		if v.Kind() == reflect.Slice && v.Type().Elem().Kind() == reflect.Uint8 {
			return // bytes, such as Raw JSON, are not text
		}
		for i := 0; i < v.Len(); i++ {
			sanitizeStrings(v.Index(i))
		}
	case reflect.Struct:
		for i := 0; i < v.NumField(); i++ {
			if v.Type().Field(i).IsExported() {
				sanitizeStrings(v.Field(i))
			}
		}
	case reflect.Map:
		for _, k := range v.MapKeys() {
			e := reflect.New(v.Type().Elem()).Elem()
			e.Set(v.MapIndex(k))
			sanitizeStrings(e)
			v.SetMapIndex(k, e)
		}
	}
}

// placed is a converted block with the offset where its source starts.
type placed struct {
	node revision.Node
	pos  int
}

// parseState is the state of one Parse call.
type parseState struct {
	src        []byte // the source goldmark parsed (normalized)
	opts       ParseOptions
	warns      []Warning
	lineStarts []int
	depth      int // nesting of sub-parses (single-line tags)
	// origins maps the references made while parsing to the target text
	// they were read from (see fit).
	origins map[*revision.ContentRef]string
	// warned holds the messages warnOnce gave.
	warned map[string]bool
}

func (ps *parseState) setSource(src []byte) {
	ps.src = src
	ps.lineStarts = ps.lineStarts[:0]
	ps.lineStarts = append(ps.lineStarts, 0)
	for i, c := range src {
		if c == '\n' {
			ps.lineStarts = append(ps.lineStarts, i+1)
		}
	}
}

func (ps *parseState) warn(pos int, code, msg string) {
	ps.warns = append(ps.warns, Warning{Path: ps.opts.Path, Line: ps.line(pos), Code: code, Message: msg})
}

// warnOnce warns about a construct the API cannot hold, once per page and
// message: a page may hold it many times.
func (ps *parseState) warnOnce(pos int, code, msg string) {
	if ps.warned[code+msg] {
		return
	}
	if ps.warned == nil {
		ps.warned = map[string]bool{}
	}
	ps.warned[code+msg] = true
	ps.warn(pos, code, msg)
}

// line returns the 1-based line number of offset pos (0 when unknown).
func (ps *parseState) line(pos int) int {
	if pos < 0 || ps.depth > 0 {
		return 0
	}
	return sort.SearchInts(ps.lineStarts, pos+1)
}

func (ps *parseState) lineStart(pos int) int {
	if pos <= 0 {
		return 0
	}
	if pos > len(ps.src) {
		pos = len(ps.src)
	}
	return bytes.LastIndexByte(ps.src[:pos], '\n') + 1
}

// lineEnd returns the offset of the newline ending the line holding pos (or
// len(src)).
func (ps *parseState) lineEnd(pos int) int {
	if pos < 0 {
		pos = 0
	}
	if pos >= len(ps.src) {
		return len(ps.src)
	}
	if i := bytes.IndexByte(ps.src[pos:], '\n'); i >= 0 {
		return pos + i
	}
	return len(ps.src)
}

// lastContentEnd returns the end (before its newline) of the last non-blank
// line starting in [start, next); start when every line is blank.
func (ps *parseState) lastContentEnd(start, next int) int {
	e := next
	for e > start {
		ls := ps.lineStart(e - 1)
		if ls < start {
			ls = start
		}
		le := e
		if le > 0 && ps.src[le-1] == '\n' {
			le--
		}
		if !util.IsBlank(ps.src[ls:le]) {
			return le
		}
		e = ls
	}
	return start
}

// goldmark parses src with GitBook's extensions. Linkify and typographer are
// off: GitBook keeps URLs and quotes as written.
func (ps *parseState) goldmark(src []byte) ast.Node {
	pc := parser.NewContext()
	pc.Set(endTagsKey, scanEndTags(src))
	return gitbookParser().Parse(text.NewReader(src), parser.WithContext(pc))
}

// gitbookParser is goldmark's parser with GitBook's extensions, made once:
// building one costs more than parsing a small page, and a goldmark parser
// is safe for concurrent use (its extensions here keep no state: what one
// parse needs travels in its parser.Context).
var gitbookParser = sync.OnceValue(func() parser.Parser {
	return goldmark.New(goldmark.WithExtensions(extension.Table, extension.Strikethrough, extension.TaskList, gitbookExtension{})).Parser()
})

// gitbookExtension adds GitBook's blocks and inline math to goldmark.
type gitbookExtension struct{}

func (gitbookExtension) Extend(m goldmark.Markdown) {
	m.Parser().AddOptions(
		parser.WithBlockParsers(
			util.Prioritized(tagParser{}, 50),
			util.Prioritized(mathBlockParser{}, 650),
			util.Prioritized(detailsParser{}, 850),
		),
		parser.WithInlineParsers(util.Prioritized(inlineMathParser{}, 150)),
	)
}

// nodePos returns the offset where n's source starts, -1 when unknown.
func (ps *parseState) nodePos(n ast.Node) int {
	if p := n.Pos(); p >= 0 {
		if _, isTable := n.(*east.Table); !isTable {
			return p
		}
	}
	// Nodes made by transformers (tables) may lack a position: use the first
	// descendant that has one.
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		if p := c.Pos(); p >= 0 {
			return p
		}
		if c.Type() == ast.TypeBlock && c.Lines().Len() > 0 {
			return c.Lines().At(0).Start
		}
	}
	if n.Type() == ast.TypeBlock && n.Lines().Len() > 0 {
		return n.Lines().At(0).Start
	}
	return n.Pos()
}

// offsetMap maps offsets of the normalized source back to the original.
type offsetMap struct {
	bom int
	crs []int // normalized offsets of the "\n"s whose "\r" was dropped
}

func (m offsetMap) orig(x int) int { return x + m.bom + sort.SearchInts(m.crs, x) }

// normalize drops a UTF-8 BOM and turns CRLF into LF.
func normalize(src []byte) ([]byte, offsetMap) {
	var m offsetMap
	if bytes.HasPrefix(src, []byte("\xef\xbb\xbf")) {
		src = src[3:]
		m.bom = 3
	}
	if !bytes.Contains(src, []byte("\r\n")) {
		return src, m
	}
	out := make([]byte, 0, len(src))
	for i := 0; i < len(src); i++ {
		if src[i] == '\r' && i+1 < len(src) && src[i+1] == '\n' {
			m.crs = append(m.crs, len(out))
			continue
		}
		out = append(out, src[i])
	}
	return out, m
}

// emptyParagraphs adds the empty paragraphs of GitBook's model to the body.
// GitBook prints an empty paragraph as an empty line and joins blocks with
// "\n\n", adding the final newline only when the output does not end with
// one: two blocks with k empty paragraphs between them are separated by
// 2k+2 newlines (2k+1 blank lines), and a body ending with k empty
// paragraphs ends with 2k newlines after its last line. A gap of n newlines
// between two blocks thus holds (n-2)/2 empty paragraphs, the end of the page
// n/2; at the very start of a page without front matter or title, where no
// newline separates the body from what precedes it, the gap counts 2 more
// (a page of empty paragraphs only is a special case: see gap).
//
// Each empty paragraph is a Paragraph with one empty Text leaf; its span is
// empty, at the start of the blank line it stands for: the offset after the
// (2i)th newline of the gap for the i-th one (after the (2i-2)th at the
// start of a page). The bytes between spans are so exactly the "\n\n"
// separators, and printing a changed neighbour reproduces them.
// page.Spans are normalized offsets here.
func (ps *parseState) emptyParagraphs(page *Page, headEnd int) {
	src := ps.src
	nodes := page.Document.Nodes
	spans := page.Spans
	var outNodes []revision.Node
	var outSpans []Span
	// gap adds the empty paragraphs of src[from:to]; extra is 2 at the
	// start of a bare page; trailing is set for the end of the page.
	gap := func(from, to, extra int, trailing bool) {
		var nls []int
		for i := from; i < to; i++ {
			switch src[i] {
			case '\n':
				nls = append(nls, i)
			case ' ', '\t':
			default:
				return // not a run of blank lines
			}
		}
		n := len(nls) + extra
		k := (n - 2) / 2
		if trailing {
			k = n / 2
		}
		if trailing && extra > 0 {
			// A bare page of k > 1 empty paragraphs is 2k-2 newlines (the
			// printer writes one alone as "", like no block at all).
			k = 0
			if len(nls) >= 2 {
				k = len(nls)/2 + 1
			}
		}
		for i := 1; i <= k; i++ {
			at := from
			if j := 2*i - extra; j > 0 {
				at = nls[j-1] + 1
			}
			outNodes = append(outNodes, revision.NewBlock(&revision.Paragraph{}, revision.NewText("")))
			outSpans = append(outSpans, Span{Start: at, End: at})
		}
	}
	prev, extra := headEnd, 0
	if prev < 0 {
		prev, extra = 0, 2
	}
	for i, n := range nodes {
		gap(prev, spans[i].Start, extra, false)
		outNodes = append(outNodes, n)
		outSpans = append(outSpans, spans[i])
		prev, extra = spans[i].End, 0
	}
	gap(prev, len(src), extra, true)
	if len(outNodes) == len(nodes) {
		return
	}
	page.Document.Nodes = outNodes
	page.Spans = outSpans
}
