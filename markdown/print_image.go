package markdown

import (
	"strconv"
	"strings"

	"github.com/seed1bfafebe/gitsync/revision"
)

// images writes a figure per GITBOOK_FORMAT.md §6:
// <figure><img src="…" alt="…" width="…"><figcaption>…</figcaption></figure>,
// inside <div data-with-frame="true"> for framed images.
func (p *printer) images(b *revision.Block, d *revision.Images) string {
	var imgs []*revision.Block
	for _, n := range b.Nodes {
		if img, ok := n.(*revision.Block); ok {
			if _, ok := img.Data.(*revision.Image); ok {
				imgs = append(imgs, img)
			}
		}
	}
	var s strings.Builder
	if len(imgs) > 1 {
		// Several images: one figure each, in a <div>.
		s.WriteString("<div>")
		for i, img := range imgs {
			if i > 0 {
				s.WriteString(" ")
			}
			s.WriteString(p.figure(img))
		}
		s.WriteString("</div>")
		return s.String()
	}
	if len(imgs) == 1 && d.WithFrame == nil && d.FullWidth == nil && d.Align == "" {
		if md, ok := p.markdownImage(imgs[0]); ok {
			return md
		}
	}
	if len(imgs) == 1 {
		s.WriteString(p.figure(imgs[0]))
	} else {
		s.WriteString("<figure><figcaption></figcaption></figure>")
	}
	switch {
	case d.WithFrame != nil && *d.WithFrame:
		return `<div data-with-frame="true">` + s.String() + `</div>`
	case d.FullWidth != nil:
		return `<div data-full-width="` + strconv.FormatBool(*d.FullWidth) + `">` + s.String() + `</div>`
	case d.Align != "":
		return `<div align="` + attrEscape(d.Align) + `">` + s.String() + `</div>`
	}
	return s.String()
}

// figure writes one image and its caption.
func (p *printer) figure(img *revision.Block) string {
	id := img.Data.(*revision.Image)
	var s strings.Builder
	s.WriteString("<figure>")
	if id.RefDark != nil {
		s.WriteString(`<picture><source srcset="` + attrEscape(p.href(id.RefDark)) + `" media="` + darkMedia + `">`)
	}
	s.WriteString(`<img src="` + attrEscape(p.href(id.Ref)) + `"`)
	if id.Alt != nil {
		s.WriteString(` alt="` + attrEscape(*id.Alt) + `"`)
	}
	if id.Width != nil {
		s.WriteString(` width="` + formatLength(*id.Width) + `"`)
	}
	if id.Height != nil {
		s.WriteString(` height="` + formatLength(*id.Height) + `"`)
	}
	s.WriteString(">")
	if id.RefDark != nil {
		s.WriteString("</picture>")
	}
	s.WriteString("<figcaption>")
	for _, f := range img.Fragments {
		if f.Fragment == "caption" {
			s.WriteString(p.htmlBlocks(f.Nodes))
		}
	}
	s.WriteString("</figcaption></figure>")
	return s.String()
}

// markdownImage writes an image with no alt, size or dark variant whose
// caption, if any, is plain text as GitBook does: ![caption](src). Anything
// else is a figure.
func (p *printer) markdownImage(img *revision.Block) (string, bool) {
	id := img.Data.(*revision.Image)
	if id.Alt != nil || id.RefDark != nil || id.Width != nil || id.Height != nil {
		return "", false
	}
	caption := ""
	for _, f := range img.Fragments {
		if f.Fragment != "caption" {
			continue
		}
		text, ok := plainParagraph(f.Nodes)
		if !ok {
			return "", false
		}
		caption = text
	}
	return "![" + escapeLinkLabel(caption) + "](" + linkDest(p.href(id.Ref)) + ")", true
}

// plainParagraph is the text of nodes when they are one paragraph of text
// without marks (or nothing at all).
func plainParagraph(nodes []revision.Node) (string, bool) {
	if len(nodes) == 0 {
		return "", true
	}
	para, ok := nodes[0].(*revision.Block)
	if len(nodes) != 1 || !ok {
		return "", false
	}
	if _, ok := para.Data.(*revision.Paragraph); !ok {
		return "", false
	}
	var s strings.Builder
	for _, n := range para.Nodes {
		t, ok := n.(*revision.Text)
		if !ok {
			return "", false
		}
		for _, l := range t.Leaves {
			if len(l.Marks) > 0 {
				return "", false
			}
			s.WriteString(l.Text)
		}
	}
	return s.String(), true
}

// formatLength writes 511, 177.33333333333331 or 50%.
func formatLength(l revision.Length) string {
	return strconv.FormatFloat(l.Value, 'f', -1, 64) + l.Unit
}
