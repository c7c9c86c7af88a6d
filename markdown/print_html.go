package markdown

import (
	"strconv"
	"strings"

	"github.com/seed1bfafebe/gitsync/revision"
)

// Inside HTML (<summary>, <figcaption>, HTML table cells) GitBook writes its
// content as HTML too, escaped as hast-util-to-html does: "<p>…</p>",
// "<strong>", "<code>", "&#x3C;" for "<".

// htmlBlocks prints blocks as HTML.
func (p *printer) htmlBlocks(ns []revision.Node) string {
	var b strings.Builder
	for _, n := range ns {
		b.WriteString(p.htmlBlock(n))
	}
	return b.String()
}

// htmlBlocksInline prints the content of a lone paragraph without <p>.
func (p *printer) htmlBlocksInline(ns []revision.Node) string {
	if len(ns) == 1 {
		if b, ok := ns[0].(*revision.Block); ok {
			if _, ok := b.Data.(*revision.Paragraph); ok {
				return p.htmlInlines(b.Nodes)
			}
		}
	}
	return p.htmlBlocks(ns)
}

func (p *printer) htmlBlock(n revision.Node) string {
	switch n := n.(type) {
	case *revision.Opaque:
		return n.Source
	case *revision.Block:
		switch d := n.Data.(type) {
		case *revision.Paragraph:
			return "<p>" + p.htmlInlines(n.Nodes) + "</p>"
		case *revision.Heading:
			l := strconv.Itoa(d.Level + 1)
			return "<h" + l + ">" + p.htmlInlines(n.Nodes) + "</h" + l + ">"
		case *revision.ListUnordered:
			return "<ul>" + p.htmlItems(n.Nodes) + "</ul>"
		case *revision.ListTasks:
			return "<ul>" + p.htmlItems(n.Nodes) + "</ul>"
		case *revision.ListOrdered:
			if d.Start != nil && *d.Start != 1 {
				return `<ol start="` + strconv.Itoa(*d.Start) + `">` + p.htmlItems(n.Nodes) + "</ol>"
			}
			return "<ol>" + p.htmlItems(n.Nodes) + "</ol>"
		case *revision.Code:
			return "<pre><code>" + htmlText(p.codeLines(n.Nodes)) + "</code></pre>"
		case *revision.Quote:
			return "<blockquote>" + p.htmlBlocks(n.Nodes) + "</blockquote>"
		case *revision.Divider:
			return "<hr>"
		case *revision.Images:
			return p.images(n, d)
		}
		return p.htmlBlocks(n.Nodes)
	}
	return ""
}

func (p *printer) htmlItems(ns []revision.Node) string {
	var b strings.Builder
	for _, n := range ns {
		if it, ok := n.(*revision.Block); ok {
			b.WriteString("<li>" + p.htmlBlocksInline(it.Nodes) + "</li>")
		}
	}
	return b.String()
}

// htmlMarkTags is how the printer writes a mark in HTML (htmlTagMarks reads).
var htmlMarkTags = map[revision.MarkType]string{
	revision.MarkBold:          "strong",
	revision.MarkItalic:        "em",
	revision.MarkStrikethrough: "s",
	revision.MarkCode:          "code",
	revision.MarkKeyboard:      "kbd",
	revision.MarkSubscript:     "sub",
	revision.MarkSuperscript:   "sup",
}

func htmlOpen(m revision.Mark) string {
	if m.Type == revision.MarkColor {
		return openMark(m)
	}
	return "<" + htmlMarkTags[m.Type] + ">"
}

func htmlClose(m revision.Mark) string {
	if m.Type == revision.MarkColor {
		return "</mark>"
	}
	return "</" + htmlMarkTags[m.Type] + ">"
}

// htmlInlines prints inline content as HTML, nesting marks like inlines does.
func (p *printer) htmlInlines(ns []revision.Node) string {
	return p.htmlMarked(flatten(ns), true)
}

// htmlLeaves prints leaves as HTML; br says whether a newline is written
// <br> (in text) or kept (in code).
func (p *printer) htmlLeaves(leaves []revision.Leaf, br bool) string {
	items := make([]item, len(leaves))
	for i := range leaves {
		items[i] = item{leaf: &leaves[i]}
	}
	return p.htmlMarked(items, br)
}

func (p *printer) htmlMarked(items []item, br bool) string {
	var b strings.Builder
	var stack []revision.Mark
	closeTo := func(n int) {
		for len(stack) > n {
			b.WriteString(htmlClose(stack[len(stack)-1]))
			stack = stack[:len(stack)-1]
		}
	}
	for _, it := range items {
		var marks []revision.Mark
		if it.leaf != nil {
			marks = orderedMarks(it.leaf.Marks)
		}
		keep := 0
		for keep < len(stack) && keep < len(marks) && markKey(marks[keep]) == markKey(stack[keep]) {
			keep++
		}
		closeTo(keep)
		if it.leaf == nil {
			b.WriteString(p.htmlInline(it.node))
			continue
		}
		for _, m := range marks[keep:] {
			b.WriteString(htmlOpen(m))
			stack = append(stack, m)
		}
		if br {
			b.WriteString(strings.ReplaceAll(htmlText(it.leaf.Text), "\n", "<br>"))
		} else {
			b.WriteString(htmlText(it.leaf.Text))
		}
	}
	closeTo(0)
	return b.String()
}

func (p *printer) htmlInline(n revision.Node) string {
	switch n := n.(type) {
	case *revision.Opaque:
		return n.Source
	case *revision.Inline:
		switch d := n.Data.(type) {
		case *revision.Link:
			return `<a href="` + attrEscape(p.href(d.Ref)) + `">` + p.htmlInlines(n.Nodes) + "</a>"
		case *revision.Mention:
			h := p.href(d.Ref)
			return `<a data-mention href="` + attrEscape(h) + `">` + htmlText(mentionText(d, h)) + "</a>"
		case *revision.InlineImage:
			if d.RefDark != nil {
				return p.picture(d)
			}
			return p.inlineImage(d)
		}
		return p.inlineNode(n, ctxTableCell)
	}
	return ""
}
