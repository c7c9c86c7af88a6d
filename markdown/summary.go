package markdown

import (
	"fmt"
	"strings"

	"github.com/seed1bfafebe/gitsync/revision"
	"github.com/yuin/goldmark/ast"
)

// ParseSummary reads a SUMMARY.md (GITBOOK_FORMAT.md §2): "# Title", then
// "* [Title](target "link title")" entries nested by indentation, "## Group"
// headings (with an optional anchor) holding the entries that follow them
// up to the next group or a "***" line, and generated pages (an entry
// holding a fenced YAML block). path is used in warnings. It never fails:
// what it cannot read is skipped with a warning.
func ParseSummary(src []byte, path string) (*Summary, []Warning) {
	return ParseSummaryWith(src, SummaryOptions{Path: path})
}

// SummaryOptions configure ParseSummaryWith.
type SummaryOptions struct {
	// Path is the file's path, used in warnings.
	Path string
	// MaxNesting bounds how deep entries (and block quotes) may nest: an
	// entry nested deeper is kept at that depth, under the deepest entry
	// above it, with a WarnLimit warning naming the first such line. 0
	// means DefaultMaxNesting; a negative value, no limit.
	MaxNesting int
}

// ParseSummaryWith is ParseSummary with options.
func ParseSummaryWith(src []byte, opts SummaryOptions) (*Summary, []Warning) {
	path := opts.Path
	norm, _ := normalize(src)
	ps := &parseState{opts: ParseOptions{Path: path}}
	if max := maxNesting(opts.MaxNesting); len(norm) > max {
		// goldmark's cost grows with the square of the depth (nesting.go).
		var line int
		if norm, line = clampNesting(norm, max); line > 0 {
			ps.warns = append(ps.warns, Warning{Path: path, Line: line, Code: WarnLimit,
				Message: fmt.Sprintf("entries nested deeper than %d levels (or past %d nested lines) are kept higher", max, nestingBudget(max))})
		}
	}
	ps.setSource(norm)
	doc := ps.goldmark(norm)
	s := &Summary{}
	var group *SummaryEntry
	titled := false
	for c := doc.FirstChild(); c != nil; c = c.NextSibling() {
		pos := ps.nodePos(c)
		switch n := c.(type) {
		case *ast.Heading:
			nodes, anchor := ps.headingInlines(n)
			text := revision.PlainText(nodes...)
			switch {
			case n.Level == 1 && !titled:
				s.Title, titled = revision.PlainText(ps.inlines(n)...), true
			case n.Level == 2:
				group = &SummaryEntry{Title: text, Anchor: anchor, Group: true, Line: ps.line(pos), Children: []*SummaryEntry{}}
				s.Entries = append(s.Entries, group)
			default:
				ps.warn(pos, WarnSummary, "heading ignored: "+text)
			}
		case *ast.List:
			entries := ps.summaryList(n)
			if group != nil {
				group.Children = append(group.Children, entries...)
			} else {
				s.Entries = append(s.Entries, entries...)
			}
		case *ast.ThematicBreak:
			// GitBook ends the last group with "***": what follows is
			// top-level again.
			group = nil
		default:
			ps.warn(pos, WarnSummary, "content other than entries and groups ignored")
		}
	}
	return s, ps.warns
}

func (ps *parseState) summaryList(l *ast.List) []*SummaryEntry {
	var out []*SummaryEntry
	for it := l.FirstChild(); it != nil; it = it.NextSibling() {
		pos := ps.nodePos(it)
		e := &SummaryEntry{Line: ps.line(pos)}
		for c := it.FirstChild(); c != nil; c = c.NextSibling() {
			switch n := c.(type) {
			case *ast.Paragraph, *ast.TextBlock:
				if e.Title != "" || e.Target != "" {
					ps.warn(ps.nodePos(n), WarnSummary, "extra text in an entry ignored")
					continue
				}
				link := firstLink(n)
				if link == nil {
					e.Title = strings.TrimSpace(revision.PlainText(ps.inlines(n)...))
					ps.warn(pos, WarnUnlinkedEntry, "entry "+quoteTitle(e.Title)+" has no link")
					continue
				}
				e.Title = strings.TrimSpace(revision.PlainText((&inlineBuilder{ps: ps}).linkText(link)...))
				e.Target = unescape(link.Destination)
				e.LinkTitle = unescape(link.Title)
			case *ast.FencedCodeBlock:
				if e.Title != "" || e.Target != "" || e.Computed != nil {
					ps.warn(ps.nodePos(n), WarnSummary, "extra code in an entry ignored")
					continue
				}
				computed, err := yamlToJSON(ps.codeText(n))
				if err != nil {
					ps.warn(ps.nodePos(n), WarnSummary, "generated page is not a YAML mapping: "+err.Error())
					computed = nil
				}
				e.Computed = computed
			case *ast.List:
				e.Children = append(e.Children, ps.summaryList(n)...)
			default:
				ps.warn(ps.nodePos(c), WarnSummary, "content other than entries ignored")
			}
		}
		out = append(out, e)
	}
	return out
}

func firstLink(n ast.Node) *ast.Link {
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		if l, ok := c.(*ast.Link); ok {
			return l
		}
		if c.HasChildren() {
			if l := firstLink(c); l != nil {
				return l
			}
		}
	}
	return nil
}

func quoteTitle(s string) string { return "\"" + s + "\"" }
