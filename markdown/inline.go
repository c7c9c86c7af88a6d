package markdown

import (
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/seed1bfafebe/gitsync/revision"
	"github.com/yuin/goldmark/ast"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/util"
)

// Inline content: goldmark inline nodes become text leaves with marks and
// inline nodes (GITBOOK_FORMAT.md §5). Text is stored unescaped.

// maxHTMLNesting bounds the nesting of inline HTML pairs (<mark><kbd>…) that
// are turned into marks; deeper tags are kept as opaque inline HTML.
const maxHTMLNesting = 32

// markRank is the canonical order of marks on a leaf, so that **_x_** and
// _**x**_ give the same leaf. The printer nests marks in this order (first
// outermost).
var markRank = map[revision.MarkType]int{
	revision.MarkBold: 0, revision.MarkItalic: 1, revision.MarkStrikethrough: 2,
	revision.MarkColor: 3, revision.MarkKeyboard: 4, revision.MarkSubscript: 5,
	revision.MarkSuperscript: 6, revision.MarkCode: 7,
}

// inlineBuilder accumulates the inline nodes of one block. The text of the
// last leaf is accumulated in pend (flushed by nodes), so that a long run of
// text pieces is linear to build.
type inlineBuilder struct {
	ps       *parseState
	out      []revision.Node
	pend     []byte // text of the last leaf of the last Text node, when open
	pendOpen bool
	trimNext bool // drop leading space (after a task check box)
	depth    int
}

func (ps *parseState) inlines(parent ast.Node) []revision.Node {
	b := &inlineBuilder{ps: ps}
	b.walk(parent, nil)
	return b.result()
}

// flush writes the pending text into the last leaf.
func (b *inlineBuilder) flush() {
	if !b.pendOpen {
		return
	}
	t := b.out[len(b.out)-1].(*revision.Text)
	t.Leaves[len(t.Leaves)-1].Text = string(b.pend)
	b.pend = b.pend[:0]
	b.pendOpen = false
}

// nodes returns the nodes built so far (possibly none).
func (b *inlineBuilder) nodes() []revision.Node {
	b.flush()
	return b.out
}

// result returns the nodes, never an empty list: a block or link with no
// content holds one empty text leaf.
func (b *inlineBuilder) result() []revision.Node {
	b.flush()
	if len(b.out) == 0 {
		return []revision.Node{revision.NewText("")}
	}
	return b.out
}

func withMark(marks []revision.Mark, m revision.Mark) []revision.Mark {
	for _, x := range marks {
		if x.Type == m.Type {
			return marks // already marked: the outer mark wins
		}
	}
	out := make([]revision.Mark, 0, len(marks)+1)
	out = append(out, marks...)
	out = append(out, m)
	slices.SortStableFunc(out, func(a, b revision.Mark) int { return markRank[a.Type] - markRank[b.Type] })
	return out
}

func (b *inlineBuilder) text(s string, marks []revision.Mark) {
	s = validText(s)
	if b.trimNext {
		s = strings.TrimLeft(s, " \t")
		if s != "" {
			b.trimNext = false
		}
	}
	if s == "" {
		return
	}
	if b.pendOpen {
		t := b.out[len(b.out)-1].(*revision.Text)
		if slices.Equal(t.Leaves[len(t.Leaves)-1].Marks, marks) {
			b.pend = append(b.pend, s...)
			return
		}
		b.flush()
		t.Leaves = append(t.Leaves, revision.Leaf{Marks: marks})
	} else {
		b.out = append(b.out, &revision.Text{Leaves: []revision.Leaf{{Marks: marks}}})
	}
	b.pend = append(b.pend[:0], s...)
	b.pendOpen = true
}

func (b *inlineBuilder) node(n revision.Node) {
	b.flush()
	b.trimNext = false
	b.out = append(b.out, n)
}

func children(n ast.Node) []ast.Node {
	var out []ast.Node
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		out = append(out, c)
	}
	return out
}

func (b *inlineBuilder) walk(parent ast.Node, marks []revision.Mark) {
	kids := children(parent)
	pairs := b.ps.pairHTML(kids)
	b.walkRange(kids, 0, len(kids), pairs, marks)
}

func (b *inlineBuilder) walkRange(kids []ast.Node, from, to int, pairs map[int]int, marks []revision.Mark) {
	src := b.ps.src
	for i := from; i < to; i++ {
		switch k := kids[i].(type) {
		case *ast.Text:
			v := k.Segment.Value(src)
			s := string(v)
			if !k.IsRaw() {
				s = unescape(v)
			}
			b.text(s, marks)
			if k.HardLineBreak() {
				b.text("\n", marks)
			} else if k.SoftLineBreak() {
				b.text(" ", marks)
			}
		case *ast.String:
			if k.IsRaw() {
				b.text(string(k.Value), marks)
			} else {
				b.text(unescape(k.Value), marks)
			}
		case *ast.CodeSpan:
			var sb strings.Builder
			for c := k.FirstChild(); c != nil; c = c.NextSibling() {
				switch t := c.(type) {
				case *ast.Text:
					sb.Write(t.Segment.Value(src))
				case *ast.String:
					sb.Write(t.Value)
				}
			}
			b.text(strings.ReplaceAll(sb.String(), "\n", " "), withMark(marks, revision.Mark{Type: revision.MarkCode}))
		case *ast.Emphasis:
			t := revision.MarkItalic
			if k.Level >= 2 {
				t = revision.MarkBold
			}
			b.walk(k, withMark(marks, revision.Mark{Type: t}))
		case *east.Strikethrough:
			b.walk(k, withMark(marks, revision.Mark{Type: revision.MarkStrikethrough}))
		case *ast.Link:
			b.link(k, marks)
		case *ast.AutoLink:
			url := string(k.URL(src))
			if k.AutoLinkType == ast.AutoLinkEmail && !strings.HasPrefix(strings.ToLower(url), "mailto:") {
				// <a@b.c> links to mailto:a@b.c (CommonMark).
				url = "mailto:" + url
			}
			ref := b.ps.linkRef(url, k.Pos())
			b.node(revision.NewInline(&revision.Link{Ref: ref}, &revision.Text{Leaves: []revision.Leaf{{Text: string(k.Label(src)), Marks: marks}}}))
		case *ast.Image:
			alt := altText(b.ps.inlines(k))
			target := unescape(k.Destination)
			b.node(revision.NewInline(&revision.InlineImage{Ref: b.ps.fileRef(target, k.Pos()), Alt: alt}))
		case *east.TaskCheckBox:
			// GFM reads a check box only in front of a paragraph; goldmark
			// also reads one at the start of a heading ("* # [x] a"),
			// which stays text.
			if h, ok := k.Parent().(*ast.Heading); ok && h.Lines().Len() > 0 {
				start := h.Lines().At(0).Start
				end := min(start+3, len(b.ps.src))
				if next, ok := k.NextSibling().(*ast.Text); ok && next.Segment.Start >= end {
					end = next.Segment.Start // the spaces after it
				}
				b.text(string(b.ps.src[start:end]), marks)
				continue
			}
			b.trimNext = true
		case *inlineMath:
			b.node(revision.NewInline(&revision.InlineMath{Formula: string(k.formula)}))
		case *ast.RawHTML:
			if end, ok := b.picture(kids, i, to); ok {
				i = end
				continue
			}
			if j, ok := pairs[i]; ok && b.depth < maxHTMLNesting {
				b.depth++
				b.htmlPair(kids, i, j, pairs, marks)
				b.depth--
				i = j
				continue
			}
			b.htmlSingle(k, marks)
		default:
			if k.HasChildren() {
				b.walk(k, marks)
			}
		}
	}
}

func (b *inlineBuilder) link(k *ast.Link, marks []revision.Mark) {
	target := unescape(k.Destination)
	ref := b.ps.linkRef(target, k.Pos())
	if string(k.Title) == "mention" {
		m := &revision.Mention{Ref: ref}
		// GitBook writes the title of a target in another space, which
		// the printer cannot derive: keep the text.
		sub := &inlineBuilder{ps: b.ps, depth: b.depth}
		sub.walk(k, nil)
		if text := revision.PlainText(sub.nodes()...); text != mentionLabel(target) {
			m.Text = text
		}
		b.node(revision.NewInline(m))
		return
	}
	sub := &inlineBuilder{ps: b.ps, depth: b.depth}
	sub.walk(k, marks)
	b.node(revision.NewInline(&revision.Link{Ref: ref}, sub.result()...))
}

// linkRef resolves a link target (GITBOOK_FORMAT.md §5): broken-reference
// and unresolved targets keep their text as a URL reference.
func (ps *parseState) linkRef(target string, pos int) *revision.ContentRef {
	return ps.origin(ps.resolveLink(target, pos), target)
}

func (ps *parseState) resolveLink(target string, pos int) *revision.ContentRef {
	if target == "broken-reference" {
		ps.warn(pos, WarnBrokenReference, "link to broken-reference")
		return revision.URLRef(target)
	}
	if ps.opts.Resolver == nil {
		return revision.URLRef(target)
	}
	if ref, ok := ps.opts.Resolver.Link(target); ok && ref != nil {
		return ref
	}
	ps.warn(pos, WarnUnresolvedLink, "cannot resolve link target "+strconv.Quote(target))
	return revision.URLRef(target)
}

// fileRef resolves an image or file source: http(s) URLs stay URLs.
func (ps *parseState) fileRef(src string, pos int) *revision.ContentRef {
	return ps.origin(ps.resolveFile(src, pos), src)
}

func (ps *parseState) resolveFile(src string, pos int) *revision.ContentRef {
	if ps.opts.Resolver == nil || isAbsURL(src) {
		return revision.URLRef(src)
	}
	if ref, ok := ps.opts.Resolver.File(src); ok && ref != nil {
		return ref
	}
	ps.warn(pos, WarnMissingFile, "cannot resolve file "+strconv.Quote(src))
	return revision.URLRef(src)
}

func isAbsURL(s string) bool {
	l := strings.ToLower(s)
	return strings.HasPrefix(l, "http://") || strings.HasPrefix(l, "https://") || strings.HasPrefix(l, "//")
}

// unescape removes backslash escapes and resolves entity and numeric
// character references, as CommonMark does for text and link targets.
func unescape(b []byte) string {
	if !strings.ContainsAny(string(b), "\\&") {
		return string(b)
	}
	var sb strings.Builder
	for i := 0; i < len(b); i++ {
		c := b[i]
		if c == '\\' && i+1 < len(b) && util.IsPunct(b[i+1]) {
			sb.WriteByte(b[i+1])
			i++
			continue
		}
		if c == '&' {
			if s, n := entity(b[i:]); n > 0 {
				sb.WriteString(s)
				i += n - 1
				continue
			}
		}
		sb.WriteByte(c)
	}
	return sb.String()
}

// entity decodes a character reference at the start of b, returning the
// text and the number of bytes read (0 when b holds none).
func entity(b []byte) (string, int) {
	end := -1
	for i := 1; i < len(b) && i < 40; i++ {
		if b[i] == ';' {
			end = i
			break
		}
		if !util.IsAlphaNumeric(b[i]) && b[i] != '#' {
			break
		}
	}
	if end < 2 {
		return "", 0
	}
	name := string(b[1:end])
	if name[0] == '#' {
		var v uint64
		var err error
		if len(name) > 1 && (name[1] == 'x' || name[1] == 'X') {
			if len(name) < 3 || len(name) > 8 {
				return "", 0
			}
			v, err = strconv.ParseUint(name[2:], 16, 32)
		} else {
			if len(name) < 2 || len(name) > 8 {
				return "", 0
			}
			v, err = strconv.ParseUint(name[1:], 10, 32)
		}
		if err != nil {
			return "", 0
		}
		r := rune(v)
		if v == 0 || v > utf8.MaxRune || !utf8.ValidRune(r) {
			r = utf8.RuneError
		}
		return string(r), end + 1
	}
	if e, ok := util.LookUpHTML5EntityByName(name); ok {
		return string(e.Characters), end + 1
	}
	return "", 0
}

// altText is the plain text of an image description: like
// revision.PlainText, but a nested image contributes its own alt text
// (CommonMark: "![foo ![bar](u)](v)" has the alt "foo bar").
func altText(nodes []revision.Node) string {
	var sb strings.Builder
	var walk func(ns []revision.Node)
	walk = func(ns []revision.Node) {
		for _, n := range ns {
			if in, ok := n.(*revision.Inline); ok {
				if img, ok := in.Data.(*revision.InlineImage); ok {
					sb.WriteString(img.Alt)
					continue
				}
				walk(in.Nodes)
				continue
			}
			sb.WriteString(revision.PlainText(n))
		}
	}
	walk(nodes)
	return sb.String()
}

// validText replaces invalid UTF-8 and U+0000 by U+FFFD, as CommonMark does
// for U+0000: the revision's JSON cannot hold a stray byte, and the printer
// cannot write one back as a character reference (Parse warns once).
func validText(s string) string {
	if utf8.ValidString(s) && !strings.Contains(s, "\x00") {
		return s
	}
	return strings.ReplaceAll(strings.ToValidUTF8(s, "\uFFFD"), "\x00", "\uFFFD")
}
