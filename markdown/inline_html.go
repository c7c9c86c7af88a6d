package markdown

import (
	"strings"

	"github.com/seed1bfafebe/gitsync/revision"
	"github.com/yuin/goldmark/ast"
	"golang.org/x/net/html"
)

// Inline HTML GitBook writes (GITBOOK_FORMAT.md §5): <mark>, <kbd>, <sub>,
// <sup> are marks (and, from older pages, <code>, <em>, <strong>…); <span data-tag="emoji">, <i class="fa-…">, <img>,
// <a class="button …"> are inline nodes; <br> is a hard break. goldmark gives
// each tag as a RawHTML node; pairs are matched among siblings. Anything else
// is kept verbatim as an inline Opaque node.

// htmlTag is one parsed HTML tag.
type htmlTag struct {
	name      string
	end, self bool
	attrs     []html.Attribute
}

// parseTag parses raw as one HTML tag. ok is false for comments, text and
// anything else that is not a single tag.
func parseTag(raw string) (htmlTag, bool) {
	if t, ok := parseSimpleTag(raw); ok {
		return t, true
	}
	return tokenizeTag(raw)
}

// tokenizeTag is parseTag through x/net/html's tokenizer.
func tokenizeTag(raw string) (htmlTag, bool) {
	z := html.NewTokenizer(strings.NewReader(raw))
	tt := z.Next()
	switch tt {
	case html.StartTagToken, html.EndTagToken, html.SelfClosingTagToken:
	default:
		return htmlTag{}, false
	}
	tok := z.Token()
	return htmlTag{name: tok.Data, end: tt == html.EndTagToken, self: tt == html.SelfClosingTagToken, attrs: tok.Attr}, true
}

func (t htmlTag) attr(key string) (string, bool) {
	return attrOf(t.attrs, key)
}

func attrOf(attrs []html.Attribute, key string) (string, bool) {
	for _, a := range attrs {
		if a.Namespace == "" && a.Key == key {
			return a.Val, true
		}
	}
	return "", false
}

func rawSource(k *ast.RawHTML, src []byte) string {
	var sb strings.Builder
	for i := 0; i < k.Segments.Len(); i++ {
		s := k.Segments.At(i)
		sb.Write(s.Value(src))
	}
	return sb.String()
}

var pairableTags = map[string]bool{"mark": true, "kbd": true, "sub": true, "sup": true, "span": true, "i": true, "a": true, "button": true,
	"code": true, "em": true, "strong": true, "b": true, "s": true, "del": true}

// htmlTagMarks are the HTML elements read as marks (GITBOOK_FORMAT.md §5):
// <kbd>, <sub> and <sup> as GitBook writes them, and the elements older
// pages use for emphasis (the printer writes Markdown back). Among inlines
// the latter count only without attributes, and <i> too (with a Font
// Awesome class it is an icon).
var htmlTagMarks = map[string]revision.MarkType{
	"kbd": revision.MarkKeyboard, "sub": revision.MarkSubscript, "sup": revision.MarkSuperscript,
	"code": revision.MarkCode, "em": revision.MarkItalic,
	"strong": revision.MarkBold, "b": revision.MarkBold, "s": revision.MarkStrikethrough, "del": revision.MarkStrikethrough,
}

// pairHTML matches opening and closing inline HTML tags among siblings; the
// result maps the index of an opening tag to that of its closing tag.
func (ps *parseState) pairHTML(kids []ast.Node) map[int]int {
	var pairs map[int]int
	type open struct {
		name string
		idx  int
	}
	var stack []open
	for i, k := range kids {
		r, ok := k.(*ast.RawHTML)
		if !ok {
			continue
		}
		t, ok := parseTag(rawSource(r, ps.src))
		if !ok || !pairableTags[t.name] || t.self {
			continue
		}
		if !t.end {
			stack = append(stack, open{t.name, i})
			continue
		}
		for p := len(stack) - 1; p >= 0; p-- {
			if stack[p].name == t.name {
				if pairs == nil {
					pairs = map[int]int{}
				}
				pairs[stack[p].idx] = i
				stack = stack[:p]
				break
			}
		}
	}
	return pairs
}

func (b *inlineBuilder) htmlPair(kids []ast.Node, i, j int, pairs map[int]int, marks []revision.Mark) {
	src := b.ps.src
	openRaw := rawSource(kids[i].(*ast.RawHTML), src)
	closeRaw := rawSource(kids[j].(*ast.RawHTML), src)
	t, _ := parseTag(openRaw)
	var mark *revision.Mark
	switch t.name {
	case "mark":
		if m, ok := colorMark(t); ok {
			mark = &m
		}
	case "kbd", "sub", "sup":
		mark = &revision.Mark{Type: htmlTagMarks[t.name]}
	case "span":
		if tag, _ := t.attr("data-tag"); tag == "emoji" {
			if code, ok := t.attr("data-code"); ok && code != "" {
				b.node(revision.NewInline(&revision.Emoji{Code: code}))
				return
			}
		}
	case "i":
		if icon := faIcon(t); icon != "" {
			b.node(revision.NewInline(&revision.Icon{Icon: icon}))
			return
		}
	case "a", "button":
		if kind := buttonKind(t); kind != "" {
			sub := &inlineBuilder{ps: b.ps, depth: b.depth}
			sub.walkRange(kids, i+1, j, pairs, nil)
			label := revision.PlainText(sub.nodes()...)
			if btn, ok := b.ps.button(t, kind, label, kids[i].Pos()); ok {
				b.node(btn)
				return
			}
			// A button GitBook writes but the API cannot hold (an <a
			// class="button"> without a link): kept whole.
			b.ps.warnOnce(kids[i].Pos(), WarnUnknownHTML, "<"+t.name+` class="button">`+" without a link or action kept as is")
			b.node(&revision.Opaque{Source: b.rangeSource(kids, i, j), Inline: true})
			return
		}
	}
	if mark == nil && len(t.attrs) == 0 {
		if mt, ok := htmlTagMarks[t.name]; ok {
			mark = &revision.Mark{Type: mt}
		} else if t.name == "i" {
			mark = &revision.Mark{Type: revision.MarkItalic}
		}
	}
	if mark != nil {
		b.walkRange(kids, i+1, j, pairs, withMark(marks, *mark))
		return
	}
	b.node(&revision.Opaque{Source: openRaw, Inline: true})
	b.walkRange(kids, i+1, j, pairs, marks)
	b.node(&revision.Opaque{Source: closeRaw, Inline: true})
}

// rangeSource is the source of the inline nodes kids[i..j].
func (b *inlineBuilder) rangeSource(kids []ast.Node, i, j int) string {
	var sb strings.Builder
	for k := i; k <= j; k++ {
		sb.WriteString(inlineSource(kids[k], b.ps.src))
	}
	return sb.String()
}

// inlineSource returns the source of an inline node as written.
func inlineSource(n ast.Node, src []byte) string {
	if r, ok := n.(*ast.RawHTML); ok {
		return rawSource(r, src)
	}
	if t, ok := n.(*ast.Text); ok {
		s := string(t.Segment.Value(src))
		if t.SoftLineBreak() || t.HardLineBreak() {
			s += "\n"
		}
		return s
	}
	var sb strings.Builder
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		sb.WriteString(inlineSource(c, src))
	}
	return sb.String()
}

// button maps <a href class="button primary" data-icon> and
// <button type="button" class="button primary" data-action data-query
// data-icon> (GITBOOK_FORMAT.md §5) to a button inline; ok is false for
// attributes the model cannot hold.
func (ps *parseState) button(t htmlTag, kind, label string, pos int) (*revision.Inline, bool) {
	d := &revision.Button{Label: label, Kind: kind}
	var action revision.ButtonAction
	for _, a := range t.attrs {
		switch {
		case a.Key == "class":
		case a.Key == "data-icon" && a.Val != "":
			d.Icon = a.Val
		case t.name == "a" && a.Key == "href":
			d.Ref = ps.linkRef(a.Val, pos)
		case t.name == "button" && a.Key == "type" && a.Val == "button":
		case t.name == "button" && a.Key == "data-action":
			action.Action = a.Val
		case t.name == "button" && a.Key == "data-query":
			action.Query = a.Val
		case t.name == "button" && a.Key == "data-slug":
			action.Slug = a.Val
		default:
			return nil, false
		}
	}
	if t.name == "button" {
		switch {
		case action.Action == "select" && action.Slug != "" && action.Query == "":
		case (action.Action == "search" || action.Action == "ask") && action.Slug == "":
		default:
			return nil, false
		}
		if _, ok := t.attr("type"); !ok {
			return nil, false
		}
		d.Action = &action
	}
	if d.Ref == nil && d.Action == nil {
		return nil, false
	}
	return revision.NewInline(d), true
}

// picture reads the inline image GitBook writes with a dark variant:
// <picture><source srcset="dark" media="(prefers-color-scheme: dark)"><img
// src="light" alt="…"></picture>, four raw HTML nodes from kids[i]. It
// returns the index of </picture>.
func (b *inlineBuilder) picture(kids []ast.Node, i, to int) (int, bool) {
	if i+3 >= to {
		return 0, false
	}
	var tags [4]htmlTag
	for k := range tags {
		r, ok := kids[i+k].(*ast.RawHTML)
		if !ok {
			return 0, false
		}
		if tags[k], ok = parseTag(rawSource(r, b.ps.src)); !ok {
			return 0, false
		}
	}
	pic, source, img, end := tags[0], tags[1], tags[2], tags[3]
	if pic.name != "picture" || pic.end || len(pic.attrs) > 0 || end.name != "picture" || !end.end {
		return 0, false
	}
	if source.name != "source" || source.end || len(source.attrs) != 2 ||
		source.attrs[0].Key != "srcset" || source.attrs[1].Key != "media" || source.attrs[1].Val != darkMedia {
		return 0, false
	}
	if img.name != "img" || img.end || !imgAttrsInOrder(img.attrs) {
		return 0, false
	}
	node, ok := b.ps.inlineImage(img, kids[i+2].Pos())
	if !ok {
		return 0, false
	}
	node.Data.(*revision.InlineImage).RefDark = b.ps.fileRef(source.attrs[0].Val, kids[i+1].Pos())
	b.node(node)
	return i + 3, true
}

// darkMedia is the media query of a <picture>'s dark variant.
const darkMedia = "(prefers-color-scheme: dark)"

// imgAttrsInOrder reports whether an inline <img> has the attributes the
// printer writes, in its order: src, alt, then optionally data-size.
func imgAttrsInOrder(attrs []html.Attribute) bool {
	keys := make([]string, len(attrs))
	for i, a := range attrs {
		keys[i] = a.Key
	}
	k := strings.Join(keys, " ")
	return k == "src alt" || k == "src alt data-size"
}

func (b *inlineBuilder) htmlSingle(k *ast.RawHTML, marks []revision.Mark) {
	raw := rawSource(k, b.ps.src)
	t, ok := parseTag(raw)
	if ok && !t.end {
		switch t.name {
		case "br":
			b.text("\n", marks)
			return
		case "img":
			if img, ok := b.ps.inlineImage(t, k.Pos()); ok {
				b.node(img)
				return
			}
		}
	}
	b.node(&revision.Opaque{Source: raw, Inline: true})
}

// inlineImage maps <img src alt data-size> to an inline image.
func (ps *parseState) inlineImage(t htmlTag, pos int) (*revision.Inline, bool) {
	src, ok := t.attr("src")
	if !ok {
		return nil, false
	}
	alt, _ := t.attr("alt")
	size, _ := t.attr("data-size")
	return revision.NewInline(&revision.InlineImage{Ref: ps.fileRef(src, pos), Alt: alt, Size: size}), true
}

// colorMark reads <mark style="color:red;background-color:blue;">; a part
// that is absent is "default".
func colorMark(t htmlTag) (revision.Mark, bool) {
	style, ok := t.attr("style")
	if !ok {
		return revision.Mark{}, false
	}
	m := revision.Mark{Type: revision.MarkColor, Text: "default", Background: "default"}
	for _, decl := range strings.Split(style, ";") {
		k, v, found := strings.Cut(decl, ":")
		if !found {
			if strings.TrimSpace(decl) != "" {
				return revision.Mark{}, false
			}
			continue
		}
		switch strings.TrimSpace(k) {
		case "color":
			m.Text = strings.TrimSpace(v)
		case "background-color":
			m.Background = strings.TrimSpace(v)
		default:
			return revision.Mark{}, false
		}
	}
	return m, true
}

// faIcon returns the Font Awesome icon name of <i class="fa-flask">.
func faIcon(t htmlTag) string {
	class, _ := t.attr("class")
	icon := ""
	for _, c := range strings.Fields(class) {
		if strings.HasPrefix(c, "fa-") && len(c) > 3 {
			icon = c[3:]
		}
	}
	return icon
}

// buttonKind returns "primary" or "secondary" for <a class="button primary">
// or <button class="button secondary">.
func buttonKind(t htmlTag) string {
	class, _ := t.attr("class")
	f := strings.Fields(class)
	if len(f) == 2 && f[0] == "button" && (f[1] == "primary" || f[1] == "secondary") {
		return f[1]
	}
	return ""
}
