package revision

// ContentRef is a reference to content: a page, an anchor, a file, a URL, a
// reusable content or an OpenAPI spec (schema ContentRef). Kind says which of
// the other fields is set.
type ContentRef struct {
	Kind            RefKind `json:"kind"`
	URL             string  `json:"url,omitempty"`
	Page            string  `json:"page,omitempty"`
	Anchor          string  `json:"anchor,omitempty"`
	File            string  `json:"file,omitempty"`
	ReusableContent string  `json:"reusableContent,omitempty"`
	Spec            string  `json:"spec,omitempty"`
	Tag             string  `json:"tag,omitempty"`
	Space           string  `json:"space,omitempty"`
}

// RefKind is the kind of a ContentRef.
type RefKind string

// The kinds of ContentRef gitsync produces.
const (
	RefURL             RefKind = "url"
	RefPage            RefKind = "page"
	RefAnchor          RefKind = "anchor"
	RefFile            RefKind = "file"
	RefReusableContent RefKind = "reusable-content"
	RefOpenAPI         RefKind = "openapi"
	RefTag             RefKind = "tag"
)

// URLRef returns a reference to an external URL (also used for a link target
// that could not be resolved: its original text is kept).
func URLRef(u string) *ContentRef { return &ContentRef{Kind: RefURL, URL: u} }

// PageRef returns a reference to a page by id.
func PageRef(id string) *ContentRef { return &ContentRef{Kind: RefPage, Page: id} }

// AnchorRef returns a reference to an anchor, in page pageID or, when pageID
// is empty, in the current page.
func AnchorRef(pageID, anchor string) *ContentRef {
	return &ContentRef{Kind: RefAnchor, Page: pageID, Anchor: anchor}
}

// TagRef returns a reference to a tag of the space by its slug.
func TagRef(slug string) *ContentRef { return &ContentRef{Kind: RefTag, Tag: slug} }

// FileRef returns a reference to a revision file by id.
func FileRef(id string) *ContentRef { return &ContentRef{Kind: RefFile, File: id} }

// ReusableContentRef returns a reference to a reusable content by id.
func ReusableContentRef(id string) *ContentRef {
	return &ContentRef{Kind: RefReusableContent, ReusableContent: id}
}

// MarshalJSON writes the fields of the reference's kind, the one the kind
// requires included even when empty (an image with src="" is a URL
// reference to "").
func (r ContentRef) MarshalJSON() ([]byte, error) {
	type plain ContentRef
	switch r.Kind {
	case RefURL:
		return jsonMarshal(struct {
			Kind RefKind `json:"kind"`
			URL  string  `json:"url"`
		}{r.Kind, r.URL})
	case RefFile:
		return jsonMarshal(struct {
			Kind  RefKind `json:"kind"`
			File  string  `json:"file"`
			Space string  `json:"space,omitempty"`
		}{r.Kind, r.File, r.Space})
	case RefPage:
		return jsonMarshal(struct {
			Kind  RefKind `json:"kind"`
			Page  string  `json:"page"`
			Space string  `json:"space,omitempty"`
		}{r.Kind, r.Page, r.Space})
	case RefAnchor:
		return jsonMarshal(struct {
			Kind   RefKind `json:"kind"`
			Page   string  `json:"page,omitempty"`
			Anchor string  `json:"anchor"`
			Space  string  `json:"space,omitempty"`
		}{r.Kind, r.Page, r.Anchor, r.Space})
	case RefTag:
		return jsonMarshal(struct {
			Kind  RefKind `json:"kind"`
			Tag   string  `json:"tag"`
			Space string  `json:"space,omitempty"`
		}{r.Kind, r.Tag, r.Space})
	}
	return jsonMarshal(plain(r))
}
