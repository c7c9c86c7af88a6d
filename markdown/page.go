package markdown

import (
	"encoding/json"
	"fmt"

	"github.com/seed1bfafebe/gitsync/revision"
	"gopkg.in/yaml.v3"
)

// Page is a parsed page file: front matter, title and document.
type Page struct {
	// FrontMatter is nil when the file has none.
	FrontMatter *FrontMatter
	// Title is the text of the page's first "# " heading ("" when none).
	Title string
	// Document holds the body after the title. Headings are shifted: "##"
	// is heading-1, "###" heading-2, "####" heading-3.
	Document *revision.Document
	// Spans gives, for each top-level node of Document (same index), the
	// byte range of its source in the file. Export uses them to keep the
	// bytes of unchanged blocks. Nil for pages that were not parsed.
	Spans []Span
	// BodyStart is the offset where the body (after front matter and title)
	// starts in the source.
	BodyStart int
}

// Span is a byte range [Start, End) of a source file.
type Span struct {
	Start, End int
}

// FrontMatter is the YAML front matter of a page, mapped to the page fields
// GitBook knows. Keys gitsync does not know are kept in Node and printed back.
type FrontMatter struct {
	Description string
	Icon        string
	// Cover is the cover image path as written; CoverY its vertical offset.
	Cover  string
	CoverY *float64
	// CoverHeight is the cover's height in pixels ("coverHeight").
	CoverHeight *float64
	// Layout is nil when the front matter has no layout key. LayoutKeys
	// lists the layout keys present (width, title, description,
	// tableOfContents, outline, pagination, metadata, cover…) in file order,
	// so that printing writes back exactly those.
	Layout        *revision.Layout
	LayoutKeys    []string
	Hidden        bool
	NoIndex       bool
	NoRobotsIndex bool
	// Tags are the page's tags: "- slug", or "- tag: slug" with "primary:
	// true" for the primary one.
	Tags []revision.PageTag
	// Node is the whole front matter as parsed by yaml.v3 (a mapping), for
	// the keys gitsync does not model.
	Node *yaml.Node
	// Source is the front matter text between the --- lines, verbatim.
	Source string
}

// Resolver turns link targets found in a page into content references. The
// targets are given as written (Markdown escapes removed), relative to the
// page's file. ok is false when the target cannot be resolved: the reader then
// keeps the original text as a URL reference and reports a warning.
type Resolver interface {
	// Link resolves a link target: a page (with optional #anchor), an anchor
	// in the same page (#x), a file, or an absolute URL.
	Link(target string) (ref *revision.ContentRef, ok bool)
	// File resolves an image, file or openapi spec source to a file.
	File(src string) (ref *revision.ContentRef, ok bool)
	// Include resolves a {% include %} path to a reusable content.
	Include(src string) (ref *revision.ContentRef, ok bool)
}

// Linker turns content references back into link targets relative to the
// page being printed. It returns the target as it is to be written, before
// Markdown escaping (the printer escapes).
type Linker interface {
	Href(ref *revision.ContentRef) string
}

// Warning is something odd but not fatal found in a file.
type Warning struct {
	Path    string
	Line    int
	Code    string
	Message string
}

func (w Warning) String() string {
	if w.Line > 0 {
		return fmt.Sprintf("%s:%d: %s: %s", w.Path, w.Line, w.Code, w.Message)
	}
	return fmt.Sprintf("%s: %s: %s", w.Path, w.Code, w.Message)
}

// Warning codes. They are stable: scripts match on them.
const (
	WarnUnresolvedLink  = "unresolved-link"
	WarnMissingFile     = "missing-file"
	WarnUnknownBlock    = "unknown-block"
	WarnUnknownHTML     = "unknown-html"
	WarnFrontMatter     = "invalid-front-matter"
	WarnUnclosedTag     = "unclosed-tag"
	WarnBrokenReference = "broken-reference"
	WarnSummary         = "summary"
	WarnUnlinkedEntry   = "unlinked-entry"
	WarnInvalidUTF8     = "invalid-utf8"
	// WarnLimit: the file goes past a limit (nesting deeper than
	// ParseOptions.MaxNesting); what lies past it is kept as text.
	WarnLimit = "limit"
)

// ParseOptions configure Parse.
type ParseOptions struct {
	// Path is the page's path, used in warnings.
	Path string
	// Resolver resolves links; nil keeps every target as a URL reference
	// without warnings (as `gitsync fmt` does).
	Resolver Resolver
	// MaxNesting bounds how deep block quotes, list items, container tags
	// and <details> may nest (see nesting.go): from the first line nested
	// deeper, the rest of the page is one Opaque block holding its text,
	// with a WarnLimit warning naming that line. 0 means
	// DefaultMaxNesting; a negative value, no limit.
	MaxNesting int
}

// PrintOptions configure Print.
type PrintOptions struct {
	// Linker prints references; nil prints URL references only and page,
	// file and anchor references by id.
	Linker Linker
}

// Summary is a parsed SUMMARY.md: the table of contents.
type Summary struct {
	// Title is the text of the "# " heading ("Table of contents").
	Title string
	// Entries are the top-level entries: pages, and groups ("## " headings)
	// holding the pages that follow them.
	Entries []*SummaryEntry
}

// SummaryEntry is one entry of SUMMARY.md.
type SummaryEntry struct {
	Title string
	// Target is the link target as written, Markdown escapes removed
	// ("preface/01_intro.md", "https://…"); "" for an unlinked entry
	// ("* Guidelines") and for groups.
	Target string
	// LinkTitle is the link's title ("* [Title](a.md "Short")"), GitBook's
	// shorter title for the table of contents (the page's linkTitle).
	LinkTitle string
	// Group is true for a "## " heading. Anchor is the id of the heading's
	// trailing anchor ("## Get Started <a href="#getting-started"
	// id="getting-started"></a>"), the group's slug when it is not the slug
	// of its title.
	Group  bool
	Anchor string
	// Computed is the source of a generated page, an entry holding a
	// fenced YAML block ("type: builtin:openapi" and its props and
	// dependencies), as JSON with the keys in their written order; nil for
	// other entries.
	Computed json.RawMessage
	Line     int
	Children []*SummaryEntry
}
