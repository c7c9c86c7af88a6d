package revision

import (
	"bytes"
	"encoding/json"
	"fmt"
)

// Revision is a GitBook revision: the page tree, the files and the reusable
// contents of a space at one point in time (schema Revision, type "edits").
type Revision struct {
	ID               string
	Parents          []string
	Pages            []*Page
	Files            []*File
	ReusableContents []*ReusableContent
	// Tags are the tags the space defines (see Tag).
	Tags      []*Tag
	CreatedAt string // RFC 3339
	AppURL    string // urls.app
	Git       *GitCommit
}

// GitCommit is the commit a revision was imported from (schema GitSyncCommit).
type GitCommit struct {
	OID              string `json:"oid"`
	Message          string `json:"message"`
	CreatedByGitBook bool   `json:"createdByGitBook"`
	URL              string `json:"url,omitempty"`
	Ref              string `json:"ref,omitempty"`
}

// GitBlob is where a page or file lives in the Git tree (schema GitSyncBlob).
// Path is relative to the content root.
type GitBlob struct {
	OID  string `json:"oid"`
	Path string `json:"path"`
}

// PageType is the type of a page.
type PageType string

// The page types.
const (
	PageDocument PageType = "document"
	PageGroup    PageType = "group"
	PageLink     PageType = "link"
	// PageComputed is a page generated from a source (an OpenAPI
	// specification): schema RevisionPageComputed.
	PageComputed PageType = "computed"
)

// Page is a page of the tree: a document, a group or a link. Which fields
// are used depends on Type.
type Page struct {
	Type  PageType
	ID    string
	Title string
	// LinkTitle is the shorter title of the table of contents (SUMMARY.md
	// writes it as the entry link's title).
	LinkTitle string
	Slug      string // document, group
	Path      string // document, group: the slug path in the revision
	// Document pages.
	Description   string
	Icon          string
	Emoji         string
	Hidden        bool
	NoIndex       bool
	NoRobotsIndex bool
	Layout        *Layout // nil: GitBook's defaults
	Cover         *Cover
	Tags          []PageTag
	Git           *GitBlob
	AppURL        string // urls.app
	Document      *Document
	// Document and group pages.
	Pages []*Page
	// Link pages.
	Target *ContentRef
	Href   string
	// Computed pages: the source they are generated from
	// (ComputedContentSourceRevision: {"type": "builtin:openapi", "props":
	// …, "dependencies": …}), keys in the order SUMMARY.md writes them.
	Computed json.RawMessage
}

// PageTag is a tag of a page (schema RevisionPageTag): the tag's slug and
// whether it is the page's primary tag.
type PageTag struct {
	Tag     string
	Primary bool
}

type pageTagJSON struct {
	Tag     tagRefJSON `json:"tag"`
	Primary bool       `json:"primary,omitempty"`
}

type tagRefJSON struct {
	Kind string `json:"kind"`
	Tag  string `json:"tag"`
}

// MarshalJSON encodes the tag as {"tag": {"kind": "tag", "tag": slug},
// "primary": true}.
func (t PageTag) MarshalJSON() ([]byte, error) {
	return jsonMarshal(pageTagJSON{Tag: tagRefJSON{Kind: "tag", Tag: t.Tag}, Primary: t.Primary})
}

// UnmarshalJSON decodes a page tag.
func (t *PageTag) UnmarshalJSON(b []byte) error {
	var j pageTagJSON
	if err := json.Unmarshal(b, &j); err != nil {
		return err
	}
	*t = PageTag{Tag: j.Tag.Tag, Primary: j.Primary}
	return nil
}

// Layout is a page's layout options (schema RevisionPageLayoutOptions).
type Layout struct {
	Width           string `json:"width"`
	Cover           bool   `json:"cover"`
	CoverSize       string `json:"coverSize"`
	CoverMask       string `json:"coverMask"`
	Title           bool   `json:"title"`
	Description     bool   `json:"description"`
	TableOfContents bool   `json:"tableOfContents"`
	Outline         bool   `json:"outline"`
	Pagination      bool   `json:"pagination"`
	Metadata        bool   `json:"metadata"`
	Tags            bool   `json:"tags"`
	Actions         bool   `json:"actions"`
	Anchors         bool   `json:"anchors"`
}

// DefaultLayout returns GitBook's default layout options.
func DefaultLayout() Layout {
	return Layout{Width: "default", Cover: true, CoverSize: "hero", CoverMask: "none",
		Title: true, Description: true, TableOfContents: true, Outline: true,
		Pagination: true, Metadata: true, Tags: true, Actions: true, Anchors: true}
}

// Cover is a page's cover image (schema RevisionPageDocumentCover).
type Cover struct {
	Ref     *ContentRef `json:"ref,omitempty"`
	RefDark *ContentRef `json:"refDark,omitempty"`
	YPos    float64     `json:"yPos"`
	Height  *float64    `json:"height,omitempty"`
}

// File is a file of the revision: an asset or any file a page references.
type File struct {
	ID          string      `json:"id"`
	Name        string      `json:"name"`
	ContentType string      `json:"contentType"`
	DownloadURL string      `json:"downloadURL"`
	Size        int64       `json:"size"`
	Dimensions  *Dimensions `json:"dimensions,omitempty"`
	Git         *GitBlob    `json:"git,omitempty"`
}

// Dimensions are an image's size in pixels.
type Dimensions struct {
	Width  int `json:"width"`
	Height int `json:"height"`
}

// ReusableContent is content included by several pages
// (.gitbook/includes/*.md). Document is its body, carried inline under
// "content" next to the API's "document" id so that a revision is
// self-contained.
type ReusableContent struct {
	ID         string
	Title      string
	Git        *GitBlob
	DocumentID string
	Document   *Document
}

// --- JSON ---

type revisionJSON struct {
	Object           string             `json:"object"`
	Type             string             `json:"type"`
	ID               string             `json:"id"`
	Parents          []string           `json:"parents"`
	Pages            []*Page            `json:"pages"`
	Files            []*File            `json:"files"`
	ReusableContents []*ReusableContent `json:"reusableContents"`
	Tags             []*Tag             `json:"tags"`
	CreatedAt        string             `json:"createdAt"`
	URLs             urlsJSON           `json:"urls"`
	Git              *GitCommit         `json:"git,omitempty"`
}

type urlsJSON struct {
	App string `json:"app"`
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

// MarshalJSON encodes the revision in the API's shape.
// The fields are those of revisionJSON, in its order; the pages are
// appended as they are encoded (see Page.MarshalJSON).
func (r *Revision) MarshalJSON() ([]byte, error) {
	var buf bytes.Buffer
	err := r.appendTo(&buf, nil)
	return buf.Bytes(), err
}

// appendTo writes the revision's compact JSON to buf. flush, if set, is
// called after each page, so that a streaming encoder (Encode) can pass on
// what buf holds and hold one page at a time, not the whole revision.
func (r *Revision) appendTo(buf *bytes.Buffer, flush func() error) error {
	buf.WriteString(`{"object":"revision","type":"edits","id":`)
	err := appendJSON(buf, r.ID)
	field := func(key string, v any) {
		if err == nil {
			buf.WriteString(`,"` + key + `":`)
			err = appendJSON(buf, v)
		}
	}
	field("parents", nonNil(r.Parents))
	if err == nil {
		buf.WriteString(`,"pages":`)
		err = appendPages(buf, r.Pages, flush)
	}
	field("files", nonNil(r.Files))
	field("reusableContents", nonNil(r.ReusableContents))
	field("tags", nonNil(r.Tags))
	field("createdAt", r.CreatedAt)
	field("urls", urlsJSON{r.AppURL})
	if r.Git != nil {
		field("git", r.Git)
	}
	buf.WriteByte('}')
	return err
}

// appendPages writes pages as a JSON array, calling flush (if set) after
// each page.
func appendPages(buf *bytes.Buffer, pages []*Page, flush func() error) error {
	buf.WriteByte('[')
	for i, p := range pages {
		if i > 0 {
			buf.WriteByte(',')
		}
		if p == nil {
			buf.WriteString("null")
			continue
		}
		if err := p.appendTo(buf, flush); err != nil {
			return err
		}
		if flush != nil {
			if err := flush(); err != nil {
				return err
			}
		}
	}
	buf.WriteByte(']')
	return nil
}

// UnmarshalJSON decodes a revision.
func (r *Revision) UnmarshalJSON(b []byte) error {
	var j revisionJSON
	if err := json.Unmarshal(b, &j); err != nil {
		return err
	}
	if j.Object != "" && j.Object != "revision" {
		return fmt.Errorf("revision: object is %q, want \"revision\"", j.Object)
	}
	*r = Revision{ID: j.ID, Parents: j.Parents, Pages: j.Pages, Files: j.Files,
		ReusableContents: j.ReusableContents, Tags: j.Tags, CreatedAt: j.CreatedAt, AppURL: j.URLs.App, Git: j.Git}
	return nil
}

type pageJSON struct {
	ID          string          `json:"id"`
	Title       string          `json:"title"`
	LinkTitle   string          `json:"linkTitle,omitempty"`
	Kind        string          `json:"kind,omitempty"`
	Type        PageType        `json:"type"`
	Emoji       string          `json:"emoji,omitempty"`
	Icon        string          `json:"icon,omitempty"`
	Slug        *string         `json:"slug,omitempty"`
	Path        *string         `json:"path,omitempty"`
	Description string          `json:"description,omitempty"`
	Hidden      bool            `json:"hidden,omitempty"`
	NoIndex     bool            `json:"noIndex,omitempty"`
	NoRobots    bool            `json:"noRobotsIndex,omitempty"`
	URLs        *urlsJSON       `json:"urls,omitempty"`
	Layout      *Layout         `json:"layout,omitempty"`
	Cover       *Cover          `json:"cover,omitempty"`
	Tags        *[]PageTag      `json:"tags,omitempty"`
	Computed    json.RawMessage `json:"computed,omitempty"`
	Git         *GitBlob        `json:"git,omitempty"`
	Target      *ContentRef     `json:"target,omitempty"`
	Href        string          `json:"href,omitempty"`
	Document    *Document       `json:"document,omitempty"`
	Pages       []*Page         `json:"pages,omitempty"`
}

// MarshalJSON encodes the page as RevisionPageDocument, RevisionPageGroup or
// RevisionPageLink.
func (p *Page) MarshalJSON() ([]byte, error) {
	var buf bytes.Buffer
	if err := p.appendTo(&buf, nil); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// appendTo writes the page's compact JSON to buf; flush is appendPages's.
func (p *Page) appendTo(buf *bytes.Buffer, flush func() error) error {
	j := pageJSON{ID: p.ID, Title: p.Title, LinkTitle: p.LinkTitle, Type: p.Type, Icon: p.Icon, Emoji: p.Emoji, Hidden: p.Hidden}
	switch p.Type {
	case PageDocument:
		j.Kind = "sheet"
		j.Slug, j.Path = &p.Slug, &p.Path
		j.Description = p.Description
		j.URLs = &urlsJSON{p.AppURL}
		layout := DefaultLayout()
		if p.Layout != nil {
			layout = *p.Layout
		}
		j.Layout = &layout
		j.Cover = p.Cover
		tags := nonNil(p.Tags)
		j.Tags = &tags
		j.NoIndex, j.NoRobots = p.NoIndex, p.NoRobotsIndex
		j.Git = p.Git
		j.Document = p.Document
		if j.Document == nil {
			j.Document = &Document{}
		}
		j.Pages = nonNil(p.Pages)
	case PageGroup:
		j.Kind = "group"
		j.Slug, j.Path = &p.Slug, &p.Path
		j.Pages = nonNil(p.Pages)
	case PageLink:
		j.Kind = "link"
		j.Target = p.Target
		if j.Target == nil {
			j.Target = URLRef(p.Href)
		}
		j.Href = p.Href
	case PageComputed:
		j.Computed = p.Computed
		if len(j.Computed) == 0 {
			j.Computed = json.RawMessage("{}")
		}
	default:
		return fmt.Errorf("page %s: unknown type %q", p.ID, p.Type)
	}
	// The document and the child pages are appended to the page's own
	// fields, not encoded through encoding/json (see appendNodes).
	doc, pages := j.Document, j.Pages
	j.Document, j.Pages = nil, nil
	head, err := jsonMarshal(j)
	if err != nil {
		return err
	}
	buf.Write(head[:len(head)-1]) // without its "}"
	if doc != nil {
		buf.WriteString(`,"document":`)
		if err := doc.appendTo(buf); err != nil {
			return err
		}
	}
	if pages != nil {
		buf.WriteString(`,"pages":`)
		if err := appendPages(buf, pages, flush); err != nil {
			return err
		}
	}
	buf.WriteByte('}')
	return nil
}

// UnmarshalJSON decodes a page of any type.
func (p *Page) UnmarshalJSON(b []byte) error {
	var j pageJSON
	if err := json.Unmarshal(b, &j); err != nil {
		return err
	}
	*p = Page{Type: j.Type, ID: j.ID, Title: j.Title, LinkTitle: j.LinkTitle, Emoji: j.Emoji, Icon: j.Icon,
		Description: j.Description, Hidden: j.Hidden, NoIndex: j.NoIndex, NoRobotsIndex: j.NoRobots,
		Layout: j.Layout, Cover: j.Cover, Git: j.Git, Target: j.Target, Href: j.Href, Document: j.Document,
		Pages: j.Pages, Computed: j.Computed}
	if j.Tags != nil && len(*j.Tags) > 0 {
		p.Tags = *j.Tags
	}
	if j.Slug != nil {
		p.Slug = *j.Slug
	}
	if j.Path != nil {
		p.Path = *j.Path
	}
	if j.URLs != nil {
		p.AppURL = j.URLs.App
	}
	if p.Layout != nil && *p.Layout == DefaultLayout() {
		p.Layout = nil
	}
	return nil
}

type reusableJSON struct {
	ID       string    `json:"id"`
	Title    string    `json:"title"`
	Git      *GitBlob  `json:"git,omitempty"`
	Document string    `json:"document,omitempty"`
	Content  *Document `json:"content,omitempty"`
}

// MarshalJSON encodes the reusable content (schema RevisionReusableContent).
func (rc *ReusableContent) MarshalJSON() ([]byte, error) {
	return jsonMarshal(reusableJSON{rc.ID, rc.Title, rc.Git, rc.DocumentID, rc.Document})
}

// UnmarshalJSON decodes a reusable content.
func (rc *ReusableContent) UnmarshalJSON(b []byte) error {
	var j reusableJSON
	if err := json.Unmarshal(b, &j); err != nil {
		return err
	}
	*rc = ReusableContent{ID: j.ID, Title: j.Title, Git: j.Git, DocumentID: j.Document, Document: j.Content}
	return nil
}

// Walk calls fn for every page of the tree in depth-first order, with its
// parent (nil at the top). It stops early when fn returns false.
func Walk(pages []*Page, fn func(p, parent *Page) bool) {
	var walk func(ps []*Page, parent *Page) bool
	walk = func(ps []*Page, parent *Page) bool {
		for _, p := range ps {
			if !fn(p, parent) || !walk(p.Pages, p) {
				return false
			}
		}
		return true
	}
	walk(pages, nil)
}
