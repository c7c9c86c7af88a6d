package markdown

import "github.com/seed1bfafebe/gitsync/revision"

// href turns a reference into a link target through the Linker. Without a
// Linker, URL references print their URL and the others a stable placeholder:
// the id they point to ("#anchor" for anchors).
func (p *printer) href(ref *revision.ContentRef) string {
	if ref == nil {
		return ""
	}
	if p.opts.Linker != nil {
		return p.opts.Linker.Href(ref)
	}
	switch ref.Kind {
	case revision.RefURL:
		return ref.URL
	case revision.RefAnchor:
		return ref.Page + "#" + ref.Anchor
	case revision.RefPage:
		return ref.Page
	case revision.RefFile:
		return ref.File
	case revision.RefReusableContent:
		return ref.ReusableContent
	case revision.RefOpenAPI:
		return ref.Spec
	}
	return ref.URL
}
