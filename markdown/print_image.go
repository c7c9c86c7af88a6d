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
	var s strings.Builder
	for _, n := range b.Nodes {
		img, ok := n.(*revision.Block)
		if !ok {
			continue
		}
		id, ok := img.Data.(*revision.Image)
		if !ok {
			continue
		}
		s.WriteString(`<figure><img src="` + attrEscape(p.href(id.Ref)) + `" alt="` + attrEscape(id.Alt) + `"`)
		if id.Width != nil {
			s.WriteString(` width="` + formatLength(*id.Width) + `"`)
		}
		s.WriteString("><figcaption>")
		for _, f := range img.Fragments {
			if f.Fragment == "caption" {
				s.WriteString(p.htmlBlocks(f.Nodes))
			}
		}
		s.WriteString("</figcaption></figure>")
	}
	if d.WithFrame != nil && *d.WithFrame {
		return `<div data-with-frame="true">` + s.String() + `</div>`
	}
	return s.String()
}

// formatLength writes 511, 177.33333333333331 or 50%.
func formatLength(l revision.Length) string {
	return strconv.FormatFloat(l.Value, 'f', -1, 64) + l.Unit
}
