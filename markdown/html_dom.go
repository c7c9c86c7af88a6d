package markdown

import (
	"strings"

	"github.com/seed1bfafebe/gitsync/revision"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// HTML fragments GitBook writes inside HTML blocks (figure captions, table
// cells, summaries) are parsed with x/net/html and mapped to blocks and
// inlines. A fragment holding anything we do not model makes the caller keep
// the whole block opaque: domOK is false.

// maxDOMDepth bounds the element nesting we walk.
const maxDOMDepth = 64

// parseHTMLFragment parses src as body content.
func parseHTMLFragment(src string) ([]*html.Node, bool) {
	ctx := &html.Node{Type: html.ElementNode, Data: "body", DataAtom: atom.Body}
	nodes, err := html.ParseFragment(strings.NewReader(src), ctx)
	if err != nil {
		return nil, false
	}
	return nodes, true
}

// elements returns the element children of nodes, failing on non-blank text
// or anything else but comments-free whitespace.
// singleElement parses src as an HTML fragment holding one element, blank
// text around it allowed, and returns that element when it is a (any
// element when a is 0).
func singleElement(src string, a atom.Atom) (*html.Node, bool) {
	nodes, ok := parseHTMLFragment(src)
	if !ok {
		return nil, false
	}
	els, ok := elements(nodes)
	if !ok || len(els) != 1 || a != 0 && els[0].DataAtom != a {
		return nil, false
	}
	return els[0], true
}

func elements(nodes []*html.Node) ([]*html.Node, bool) {
	var out []*html.Node
	for _, n := range nodes {
		switch n.Type {
		case html.ElementNode:
			out = append(out, n)
		case html.TextNode:
			if strings.TrimSpace(n.Data) != "" {
				return nil, false
			}
		default:
			return nil, false
		}
	}
	return out, true
}

func childNodes(n *html.Node) []*html.Node {
	var out []*html.Node
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		out = append(out, c)
	}
	return out
}

func isBlank(s string) bool { return strings.TrimSpace(s) == "" }

// domBlocks maps the content of a caption or cell: <p> paragraphs, <ul>/<ol>
// lists, or bare inline content (one paragraph).
func (ps *parseState) domBlocks(nodes []*html.Node, pos, depth int) ([]revision.Node, bool) {
	if depth > maxDOMDepth {
		return nil, false
	}
	out := []revision.Node{}
	var inline []*html.Node
	flush := func() bool {
		if len(inline) == 0 {
			return true
		}
		allBlank := true
		for _, n := range inline {
			if n.Type != html.TextNode || !isBlank(n.Data) {
				allBlank = false
			}
		}
		if allBlank {
			inline = nil
			return true
		}
		b := &inlineBuilder{ps: ps}
		if !b.dom(inline, nil, pos, depth+1) {
			return false
		}
		out = append(out, revision.NewBlock(&revision.Paragraph{}, b.result()...))
		inline = nil
		return true
	}
	for _, n := range nodes {
		if n.Type == html.ElementNode && (n.DataAtom == atom.P || n.DataAtom == atom.Ul || n.DataAtom == atom.Ol ||
			n.DataAtom == atom.H2 || n.DataAtom == atom.H3 || n.DataAtom == atom.H4) {
			if !flush() {
				return nil, false
			}
			switch n.DataAtom {
			case atom.P, atom.H2, atom.H3, atom.H4:
				if len(n.Attr) > 0 {
					return nil, false
				}
				b := &inlineBuilder{ps: ps}
				if !b.dom(childNodes(n), nil, pos, depth+1) {
					return nil, false
				}
				var data revision.BlockData = &revision.Paragraph{}
				if n.DataAtom != atom.P {
					// GitBook writes heading-N as <hN+1> in HTML.
					data = &revision.Heading{Level: int(n.Data[1]-'0') - 1}
				}
				out = append(out, revision.NewBlock(data, b.result()...))
			default:
				l, ok := ps.domList(n, pos, depth+1)
				if !ok {
					return nil, false
				}
				out = append(out, l)
			}
			continue
		}
		inline = append(inline, n)
	}
	if !flush() {
		return nil, false
	}
	return out, true
}

func (ps *parseState) domList(n *html.Node, pos, depth int) (revision.Node, bool) {
	items, ok := elements(childNodes(n))
	if !ok || len(n.Attr) > 0 {
		return nil, false
	}
	var lis []revision.Node
	for _, li := range items {
		if li.DataAtom != atom.Li || len(li.Attr) > 0 {
			return nil, false
		}
		body, ok := ps.domBlocks(childNodes(li), pos, depth+1)
		if !ok {
			return nil, false
		}
		lis = append(lis, revision.NewBlock(&revision.ListItem{}, body...))
	}
	if n.DataAtom == atom.Ol {
		return revision.NewBlock(&revision.ListOrdered{}, lis...), true
	}
	return revision.NewBlock(&revision.ListUnordered{}, lis...), true
}

// dom adds HTML inline content to the builder.
func (b *inlineBuilder) dom(nodes []*html.Node, marks []revision.Mark, pos, depth int) bool {
	if depth > maxDOMDepth {
		return false
	}
	ps := b.ps
	for _, n := range nodes {
		switch n.Type {
		case html.TextNode:
			b.text(domText(n.Data), marks)
			continue
		case html.ElementNode:
		default:
			return false
		}
		t := htmlTag{name: n.Data, attrs: n.Attr}
		kids := childNodes(n)
		var mark *revision.Mark
		switch n.DataAtom {
		case atom.Strong, atom.B, atom.Em, atom.Code, atom.S, atom.Del, atom.Kbd, atom.Sub, atom.Sup:
			mark = &revision.Mark{Type: htmlTagMarks[n.Data]}
		case atom.Mark:
			m, ok := colorMark(t)
			if !ok {
				return false
			}
			mark = &m
		case atom.Br:
			b.text("\n", marks)
			continue
		case atom.Img:
			img, ok := ps.inlineImage(t, pos)
			if !ok {
				return false
			}
			b.node(img)
			continue
		case atom.I:
			if icon := faIcon(t); icon != "" {
				b.node(revision.NewInline(&revision.Icon{Icon: icon}))
				continue
			}
			if len(n.Attr) > 0 {
				return false
			}
			mark = &revision.Mark{Type: revision.MarkItalic}
		case atom.Span:
			if tag, _ := t.attr("data-tag"); tag == "emoji" {
				if code, _ := t.attr("data-code"); code != "" {
					b.node(revision.NewInline(&revision.Emoji{Code: code}))
					continue
				}
			}
			return false
		case atom.Picture:
			img, ok := ps.domPicture(n, pos)
			if !ok {
				return false
			}
			b.node(img)
			continue
		case atom.Button:
			kind := buttonKind(t)
			sub := &inlineBuilder{ps: ps}
			if kind == "" || !sub.dom(kids, marks, pos, depth+1) {
				return false
			}
			btn, ok := ps.button(t, kind, revision.PlainText(sub.nodes()...), pos)
			if !ok {
				return false
			}
			b.node(btn)
			continue
		case atom.A:
			href, ok := t.attr("href")
			if !ok {
				return false
			}
			if len(n.Attr) == 2 && n.Attr[0].Key == "data-mention" && n.Attr[1].Key == "href" {
				// <a data-mention href="page.md">page.md</a>: a mention.
				sub := &inlineBuilder{ps: ps}
				if !sub.dom(kids, nil, pos, depth+1) {
					return false
				}
				m := &revision.Mention{Ref: ps.linkRef(href, pos)}
				if text := revision.PlainText(sub.nodes()...); text != mentionLabel(href) {
					m.Text = text
				}
				b.node(revision.NewInline(m))
				continue
			}
			sub := &inlineBuilder{ps: ps}
			if !sub.dom(kids, marks, pos, depth+1) {
				return false
			}
			if kind := buttonKind(t); kind != "" {
				btn, ok := ps.button(t, kind, revision.PlainText(sub.nodes()...), pos)
				if !ok {
					return false
				}
				b.node(btn)
				continue
			}
			if len(n.Attr) > 1 {
				return false
			}
			b.node(revision.NewInline(&revision.Link{Ref: ps.linkRef(href, pos)}, sub.result()...))
			continue
		default:
			return false
		}
		if n.DataAtom != atom.Mark && len(n.Attr) > 0 {
			return false
		}
		if !b.dom(kids, withMark(marks, *mark), pos, depth+1) {
			return false
		}
	}
	return true
}

// domText drops the layout whitespace of multi-line HTML: whitespace runs
// holding a newline are removed at the ends of a text and become one space
// inside it. One-line HTML (what GitBook writes) is kept as is.
func domText(s string) string {
	if !strings.ContainsAny(s, "\n") {
		return s
	}
	var sb strings.Builder
	i := 0
	for i < len(s) {
		j := i
		for j < len(s) && (s[j] == ' ' || s[j] == '\t' || s[j] == '\n' || s[j] == '\r') {
			j++
		}
		if j > i {
			run := s[i:j]
			switch {
			case !strings.Contains(run, "\n"):
				sb.WriteString(run)
			case i > 0 && j < len(s):
				sb.WriteByte(' ')
			}
			i = j
			continue
		}
		sb.WriteByte(s[i])
		i++
	}
	return sb.String()
}

// domPicture maps <picture><source srcset media><img src alt></picture>
// (see inlineBuilder.picture).
func (ps *parseState) domPicture(n *html.Node, pos int) (*revision.Inline, bool) {
	els, ok := elements(childNodes(n))
	if !ok || len(n.Attr) > 0 || len(els) != 2 || els[0].DataAtom != atom.Source || els[1].DataAtom != atom.Img {
		return nil, false
	}
	source, img := els[0], els[1]
	if len(source.Attr) != 2 || source.Attr[0].Key != "srcset" || source.Attr[1].Key != "media" || source.Attr[1].Val != darkMedia ||
		!imgAttrsInOrder(img.Attr) || img.FirstChild != nil {
		return nil, false
	}
	in, ok := ps.inlineImage(htmlTag{name: "img", attrs: img.Attr}, pos)
	if !ok {
		return nil, false
	}
	in.Data.(*revision.InlineImage).RefDark = ps.fileRef(source.Attr[0].Val, pos)
	return in, true
}
