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

var pairableTags = map[string]bool{"mark": true, "kbd": true, "sub": true, "sup": true, "span": true, "i": true, "a": true,
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
	case "a":
		if kind := buttonKind(t); kind != "" {
			href, _ := t.attr("href")
			sub := &inlineBuilder{ps: b.ps, depth: b.depth}
			sub.walkRange(kids, i+1, j, pairs, nil)
			label := revision.PlainText(sub.nodes()...)
			b.node(revision.NewInline(&revision.Button{Label: label, Kind: kind, Ref: b.ps.linkRef(href, kids[i].Pos())}))
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

// buttonKind returns "primary" or "secondary" for <a class="button primary">.
func buttonKind(t htmlTag) string {
	class, _ := t.attr("class")
	f := strings.Fields(class)
	if len(f) == 2 && f[0] == "button" && (f[1] == "primary" || f[1] == "secondary") {
		return f[1]
	}
	return ""
}
