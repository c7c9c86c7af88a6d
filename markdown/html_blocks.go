package markdown

import (
	"strconv"
	"strings"

	"github.com/seed1bfafebe/gitsync/revision"
	"github.com/yuin/goldmark/ast"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// HTML blocks GitBook writes (GITBOOK_FORMAT.md §4): <figure> images,
// <div data-with-frame> around a figure, <table> and <details>. goldmark
// gives them as HTMLBlock nodes (details: our own container, see
// ext_details.go); the HTML is parsed with x/net/html. Anything else, or
// anything not cleanly mapped, is an Opaque block holding the source.

// htmlSource returns the source of an HTML block, closure line included.
func (ps *parseState) htmlSource(n *ast.HTMLBlock) string {
	s := ps.linesSource(n)
	if n.HasClosure() {
		c := n.ClosureLine
		if s != "" {
			s += "\n"
		}
		s += strings.TrimSuffix(string(c.Value(ps.src)), "\n")
	}
	return s
}

func (ps *parseState) htmlBlock(n *ast.HTMLBlock) revision.Node {
	pos := ps.nodePos(n)
	src := ps.htmlSource(n)
	trimmed := strings.TrimSpace(src)
	var node revision.Node
	kind, why := "HTML block", ""

	switch {
	case strings.HasPrefix(trimmed, "<figure"):
		kind = "<figure>"
		node = ps.figure(trimmed, pos)
	case strings.HasPrefix(trimmed, "<div"):
		kind = "<div>"
		node = ps.framedFigure(trimmed, pos)
	case strings.HasPrefix(trimmed, "<table"):
		kind = "<table>"
		node, why = ps.htmlTable(trimmed, pos)
		if why != "" {
			why = " (" + why + ")"
		}
	case strings.HasPrefix(trimmed, "<img") && strings.HasSuffix(trimmed, `class="gitbook-drawing">`):
		kind = "<img>"
		node = ps.drawing(trimmed, pos)
	case strings.HasPrefix(trimmed, "<img"):
		kind = "<img>"
		node = ps.blockImage(trimmed, pos)
	case trimmed == "<br>":
		// A paragraph holding only a hard break.
		node = revision.NewBlock(&revision.Paragraph{}, revision.NewText("\n"))
	case strings.HasPrefix(trimmed, "<details"):
		kind = "<details>"
	case strings.HasPrefix(trimmed, "<pre"):
		kind = "<pre>"
		node = ps.preBlock(trimmed, pos)
	case strings.HasPrefix(trimmed, "<p") || strings.HasPrefix(trimmed, "<h"):
		node = ps.alignedBlock(trimmed, pos)
	}
	if node != nil {
		return node
	}
	ps.warn(pos, WarnUnknownHTML, kind+" kept as is"+why)
	return &revision.Opaque{Source: src}
}

// figure maps <figure><img …><figcaption>…</figcaption></figure>.
func (ps *parseState) figure(src string, pos int) revision.Node {
	el, ok := singleElement(src, atom.Figure)
	if !ok {
		return nil
	}
	return ps.figureNode(el, &revision.Images{}, pos)
}

// blockImage maps an <img> standing alone as a block (older pages) to an
// images block, as GitBook imports it.
func (ps *parseState) blockImage(src string, pos int) revision.Node {
	el, ok := singleElement(src, atom.Img)
	if !ok {
		return nil
	}
	img, ok := ps.figureImage(el, pos)
	if !ok {
		return nil
	}
	return revision.NewBlock(&revision.Images{}, img)
}

// framedFigure maps <div data-with-frame="true"><figure>…</figure></div>,
// <div align="center"><figure>… (or a bare <img>, unframed only), <div
// data-full-width="true"><figure>…, and <div><figure>…</figure>
// <figure>…</figure></div>: several images in one block, each with its
// caption.
func (ps *parseState) framedFigure(src string, pos int) revision.Node {
	el, ok := singleElement(src, atom.Div)
	if !ok || len(el.Attr) > 1 {
		return nil
	}
	data := &revision.Images{}
	for _, a := range el.Attr {
		switch a.Key {
		case "data-with-frame", "data-full-width":
			v, err := strconv.ParseBool(a.Val)
			if err != nil {
				return nil
			}
			if a.Key == "data-with-frame" {
				data.WithFrame = &v
			} else {
				data.FullWidth = &v
			}
		case "align":
			switch a.Val {
			case "left", "center", "right":
				data.Align = a.Val
			default:
				return nil
			}
		default:
			return nil
		}
	}
	inner, ok := elements(childNodes(el))
	if !ok || len(inner) == 0 {
		return nil
	}
	if len(inner) > 1 {
		// Several figures: each holds one image and its caption.
		if len(el.Attr) > 0 || !figuresSpaced(childNodes(el)) {
			return nil
		}
		blk := revision.NewBlock(data)
		for _, f := range inner {
			if f.DataAtom != atom.Figure {
				return nil
			}
			one, ok := ps.figureNode(f, &revision.Images{}, pos).(*revision.Block)
			if !ok || one == nil || len(one.Nodes) != 1 {
				return nil
			}
			blk.Nodes = append(blk.Nodes, one.Nodes[0])
		}
		return blk
	}
	switch inner[0].DataAtom {
	case atom.Figure:
		if len(el.Attr) == 0 {
			return nil
		}
		return ps.figureNode(inner[0], data, pos)
	case atom.Img:
		if data.WithFrame != nil || data.FullWidth != nil || data.Align == "" {
			// A framed bare <img>: the printer writes framed images as
			// <figure>, and the model cannot tell the forms apart, so the
			// block is kept as written (printer-to-reader.md R3).
			return nil
		}
		img, ok := ps.figureImage(inner[0], pos)
		if !ok {
			return nil
		}
		return revision.NewBlock(data, img)
	}
	return nil
}

// figuresSpaced reports whether the figures of a <div> are separated by one
// space each, as GitBook writes them.
func figuresSpaced(nodes []*html.Node) bool {
	for i, n := range nodes {
		if n.Type == html.TextNode && (n.Data != " " || i == 0 || i == len(nodes)-1) {
			return false
		}
		if n.Type == html.ElementNode && i > 0 && nodes[i-1].Type == html.ElementNode {
			return false
		}
	}
	return true
}

func (ps *parseState) figureNode(fig *html.Node, data *revision.Images, pos int) revision.Node {
	if len(fig.Attr) > 0 {
		return nil
	}
	els, ok := elements(childNodes(fig))
	if !ok {
		return nil
	}
	var imgs []*revision.Block
	var caption []revision.Node
	hasCaption := false
	for _, e := range els {
		switch e.DataAtom {
		case atom.Img, atom.Picture:
			if hasCaption {
				return nil
			}
			var img *revision.Block
			var ok bool
			if e.DataAtom == atom.Img {
				img, ok = ps.figureImage(e, pos)
			} else {
				img, ok = ps.figurePicture(e, pos)
			}
			if !ok {
				return nil
			}
			imgs = append(imgs, img)
		case atom.Figcaption:
			if hasCaption || len(e.Attr) > 0 {
				return nil
			}
			hasCaption = true
			c, ok := ps.domBlocks(childNodes(e), pos, 0)
			if !ok {
				return nil
			}
			caption = c
		default:
			return nil
		}
	}
	if len(imgs) == 0 || (len(imgs) > 1 && len(caption) > 0) {
		return nil
	}
	if len(caption) > 0 {
		imgs[0].Fragments = []*revision.Fragment{{Fragment: "caption", Nodes: caption}}
	}
	nodes := make([]revision.Node, len(imgs))
	for i, img := range imgs {
		nodes[i] = img
	}
	return revision.NewBlock(data, nodes...)
}

// figureImage maps <img src alt width height>.
func (ps *parseState) figureImage(e *html.Node, pos int) (*revision.Block, bool) {
	img := &revision.Image{}
	hasSrc := false
	for _, a := range e.Attr {
		switch a.Key {
		case "src":
			img.Ref = ps.fileRef(a.Val, pos)
			hasSrc = true
		case "alt":
			alt := a.Val
			img.Alt = &alt
		case "width", "height":
			l, ok := parseLength(a.Val)
			if !ok {
				return nil, false
			}
			if a.Key == "width" {
				img.Width = &l
			} else {
				img.Height = &l
			}
		default:
			return nil, false
		}
	}
	if !hasSrc {
		return nil, false
	}
	return revision.NewBlock(img), true
}

// details maps <details><summary>T</summary> body </details> to an
// expandable with title and body fragments.
func (ps *parseState) details(n *detailsBlock) revision.Node {
	pos := ps.nodePos(n)
	opaque := func(code, msg string) revision.Node {
		ps.warn(pos, code, msg)
		return &revision.Opaque{Source: ps.rangeSource(pos, ps.blockEnd(n))}
	}
	if !n.closed {
		// The details ended with its container: keep it as HTML.
		return opaque(WarnUnclosedTag, "<details> is not closed")
	}
	if n.openTag == "" {
		return opaque(WarnUnknownHTML, "<details> with attributes kept as is")
	}
	first, ok := n.FirstChild().(*ast.HTMLBlock)
	if !ok {
		return opaque(WarnUnknownHTML, "<details> without <summary> kept as is")
	}
	el, ok := singleElement(strings.TrimSpace(ps.htmlSource(first)), atom.Summary)
	if !ok || len(el.Attr) > 0 {
		return opaque(WarnUnknownHTML, "<details> summary not understood")
	}
	b := &inlineBuilder{ps: ps}
	if !b.dom(childNodes(el), nil, pos, 0) {
		return opaque(WarnUnknownHTML, "<details> summary not understood")
	}
	body := []revision.Node{}
	for c := first.NextSibling(); c != nil; c = c.NextSibling() {
		for _, p := range ps.block(c) {
			body = append(body, p.node)
		}
	}
	body = ps.fit("fragment:expandable-body", body)
	if len(body) == 0 {
		// The schema wants at least one block in the body.
		body = []revision.Node{revision.NewBlock(&revision.Paragraph{}, revision.NewText(""))}
	}
	data := &revision.Expandable{}
	if n.open {
		t := true
		data.DefaultExpanded = &t
	}
	blk := revision.NewBlock(data)
	blk.Fragments = []*revision.Fragment{
		{Fragment: "expandable-title", Type: "expandable-title", Nodes: []revision.Node{revision.NewBlock(&revision.Paragraph{}, b.result()...)}},
		{Fragment: "expandable-body", Type: "expandable-body", Nodes: body},
	}
	return blk
}

// htmlAlign maps the align attribute GitBook writes on paragraphs and
// headings to the schema's TextAlignment, and back.
var htmlAlign = map[string]string{"left": "start", "center": "center", "right": "end"}

func alignAttr(align string) string {
	for k, v := range htmlAlign {
		if v == align {
			return k
		}
	}
	return align
}

// alignedBlock maps <p align="center">…</p> and <h3 align="center">…</h3>
// (GitBook writes an aligned paragraph or heading as HTML) to a paragraph
// or heading with its alignment.
func (ps *parseState) alignedBlock(src string, pos int) revision.Node {
	el, ok := singleElement(src, 0)
	if !ok || len(el.Attr) != 1 || el.Attr[0].Key != "align" {
		return nil
	}
	align, ok := htmlAlign[el.Attr[0].Val]
	if !ok {
		return nil
	}
	var data revision.BlockData
	switch el.DataAtom {
	case atom.P:
		data = &revision.Paragraph{Align: align}
	case atom.H2, atom.H3, atom.H4:
		data = &revision.Heading{Level: int(el.Data[1]-'0') - 1, Align: align}
	default:
		return nil
	}
	b := &inlineBuilder{ps: ps}
	if !b.dom(childNodes(el), nil, pos, 0) {
		return nil
	}
	return revision.NewBlock(data, b.result()...)
}

// figurePicture maps <picture><source srcset="dark" media="(prefers-color-scheme:
// dark)"><img src alt></picture> in a figure: an image with a dark variant.
func (ps *parseState) figurePicture(e *html.Node, pos int) (*revision.Block, bool) {
	els, ok := elements(childNodes(e))
	if !ok || len(e.Attr) > 0 || len(els) != 2 || els[0].DataAtom != atom.Source || els[1].DataAtom != atom.Img {
		return nil, false
	}
	source := els[0]
	if len(source.Attr) != 2 || source.Attr[0].Key != "srcset" || source.Attr[1].Key != "media" || source.Attr[1].Val != darkMedia {
		return nil, false
	}
	img, ok := ps.figureImage(els[1], pos)
	if !ok {
		return nil, false
	}
	img.Data.(*revision.Image).RefDark = ps.fileRef(source.Attr[0].Val, pos)
	return img, true
}

// drawing maps <img src="…" alt="" class="gitbook-drawing"> (a drawing
// block; the schema gives it no alt, so one with an alt stays as written).
func (ps *parseState) drawing(src string, pos int) revision.Node {
	el, ok := singleElement(src, atom.Img)
	if !ok {
		return nil
	}
	a := el.Attr
	if len(a) != 3 || a[0].Key != "src" || a[1].Key != "alt" || a[1].Val != "" || a[2].Key != "class" || a[2].Val != "gitbook-drawing" {
		return nil
	}
	ref := ps.fileRef(a[0].Val, pos)
	if ref.Kind != revision.RefFile && ps.opts.Resolver != nil {
		return nil
	}
	return revision.NewBlock(&revision.Drawing{Ref: ref})
}
