package markdown

import (
	"bytes"
	"regexp"
	"strings"

	"github.com/seed1bfafebe/gitsync/revision"
	"github.com/yuin/goldmark/ast"
	east "github.com/yuin/goldmark/extension/ast"
)

// Markdown blocks to revision blocks (GITBOOK_FORMAT.md §4).

// blocks converts the children of a container whose revision type is
// parentType ("list-item", "hint", "fragment:expandable-body"…).
func (ps *parseState) blocks(parent ast.Node, parentType string) []revision.Node {
	out := []revision.Node{}
	prevEnd := -1
	for c := parent.FirstChild(); c != nil; c = c.NextSibling() {
		// Empty paragraphs between two children, as at the top level (see
		// emptyParagraphs): only where the lines between them are blank
		// (in a tag body, a list item; not behind "> " prefixes).
		if pos := ps.nodePos(c); prevEnd >= 0 && pos >= prevEnd {
			if n := ps.blankNewlines(prevEnd, ps.lineStart(pos)); n >= 4 {
				for range (n - 2) / 2 {
					out = append(out, revision.NewBlock(&revision.Paragraph{}, revision.NewText("")))
				}
			}
		}
		for _, p := range ps.block(c) {
			out = append(out, p.node)
		}
		prevEnd = -1
		if ps.nodePos(c) >= 0 {
			prevEnd = ps.blockEnd(c)
		}
	}
	return ps.fit(parentType, out)
}

// blankNewlines counts the newlines in src[from:to], -1 when it holds
// anything but blank lines.
func (ps *parseState) blankNewlines(from, to int) int {
	if from < 0 || to > len(ps.src) || from > to {
		return -1
	}
	n := 0
	for _, c := range ps.src[from:to] {
		switch c {
		case '\n':
			n++
		case ' ', '\t':
		default:
			return -1
		}
	}
	return n
}

// fit replaces the blocks GitBook's schema does not allow in parentType (a
// code block in a blockquote, an image in a list item…) by Opaque blocks
// holding their canonical Markdown, so that the revision validates and the
// printer writes them back in place. Links print back as written in the
// page (see originLinker).
func (ps *parseState) fit(parentType string, nodes []revision.Node) []revision.Node {
	for i, n := range nodes {
		b, ok := n.(*revision.Block)
		if !ok || revision.AllowedChild(parentType, b.Type()) {
			continue
		}
		src := PrintBlock(b, PrintOptions{Linker: originLinker(ps.origins)})
		nodes[i] = &revision.Opaque{Source: strings.TrimRight(string(src), "\n")}
	}
	return nodes
}

// originLinker prints references back as the target text they were read
// from in this page.
type originLinker map[*revision.ContentRef]string

func (l originLinker) Href(ref *revision.ContentRef) string {
	if t, ok := l[ref]; ok {
		return t
	}
	if ref != nil {
		return ref.URL
	}
	return ""
}

// origin records the target text a reference was read from.
func (ps *parseState) origin(ref *revision.ContentRef, target string) *revision.ContentRef {
	if ps.origins == nil {
		ps.origins = map[*revision.ContentRef]string{}
	}
	ps.origins[ref] = target
	return ref
}

// block converts one goldmark block. It usually gives one node; an unclosed
// {% tag %} gives its line (opaque) followed by its body's blocks.
func (ps *parseState) block(n ast.Node) []placed {
	pos := ps.nodePos(n)
	one := func(node revision.Node) []placed { return []placed{{node, pos}} }
	switch n := n.(type) {
	case *ast.Paragraph, *ast.TextBlock:
		return one(ps.paragraph(n))
	case *ast.Heading:
		return one(ps.heading(n))
	case *ast.ThematicBreak:
		return one(revision.NewBlock(&revision.Divider{}))
	case *ast.FencedCodeBlock:
		syntax := ""
		if n.Info != nil {
			syntax = string(n.Language(ps.src))
		}
		return one(ps.code(n, &revision.Code{Syntax: syntax}))
	case *ast.CodeBlock:
		return one(ps.code(n, &revision.Code{}))
	case *ast.List:
		return one(ps.list(n))
	case *ast.Blockquote:
		return one(revision.NewBlock(&revision.Quote{}, ps.blocks(n, "blockquote")...))
	case *ast.HTMLBlock:
		return one(ps.htmlBlock(n))
	case *east.Table:
		return one(ps.pipeTable(n))
	case *tagBlock:
		return ps.tag(n)
	case *rawTagBlock:
		if n.closed && n.Lines().Len() == 1 && strings.HasPrefix(strings.TrimSpace(ps.linesSource(n)), "{% end") {
			ps.warn(pos, WarnUnknownBlock, "end tag {% end"+n.name+" %} without its opening tag")
		} else if !n.closed {
			ps.warn(pos, WarnUnclosedTag, "{% "+n.name+" %} is not closed")
		} else {
			ps.warn(pos, WarnUnknownBlock, "unknown tag {% "+n.name+" %} kept as is")
		}
		return one(&revision.Opaque{Source: ps.linesSource(n)})
	case *detailsBlock:
		return one(ps.details(n))
	case *ast.LinkReferenceDefinition:
		// Kept as written: links using it are resolved already.
		return one(&revision.Opaque{Source: ps.linesSource(n)})
	case *mathBlock:
		if !n.closed {
			ps.warn(pos, WarnUnclosedTag, "$$ block is not closed")
			return one(&revision.Opaque{Source: ps.rangeSource(pos, ps.blockEnd(n))})
		}
		return one(revision.NewBlock(&revision.Math{Formula: strings.TrimSuffix(ps.linesSource(n), "\n")}))
	}
	ps.warn(pos, WarnUnknownBlock, "unsupported block "+n.Kind().String())
	return one(&revision.Opaque{Source: ps.rangeSource(pos, ps.blockEnd(n))})
}

// paragraph converts a paragraph; one image alone is an images block whose
// caption is the image's text and which has no alt: GitBook documents
// "![The GitBook Logo](…)" as a block with a caption, and its 2026 exporter
// writes such an image back that way (GITBOOK_FORMAT.md §4).
func (ps *parseState) paragraph(n ast.Node) revision.Node {
	var img *ast.Image
	only := true
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		if i, ok := c.(*ast.Image); ok && img == nil {
			img = i
			continue
		}
		if t, ok := c.(*ast.Text); ok && len(bytes.TrimSpace(t.Segment.Value(ps.src))) == 0 {
			continue
		}
		only = false
		break
	}
	if img != nil && only {
		ref := ps.fileRef(unescape(img.Destination), img.Pos())
		image := revision.NewBlock(&revision.Image{Ref: ref})
		if caption := ps.inlines(img); !emptyText(caption) {
			image.Fragments = []*revision.Fragment{{Fragment: "caption", Nodes: []revision.Node{revision.NewBlock(&revision.Paragraph{}, caption...)}}}
		}
		return revision.NewBlock(&revision.Images{}, image)
	}
	// A backslash ending a paragraph is text (CommonMark example 644), as
	// GitBook reads it too: its 2026 exporter writes it "\\" and a hard
	// break ending a paragraph "<br>" (GitbookIO public-docs history).
	return revision.NewBlock(&revision.Paragraph{}, ps.inlines(n)...)
}

// emptyText reports whether nodes hold no text and nothing else.
func emptyText(nodes []revision.Node) bool {
	for _, n := range nodes {
		t, ok := n.(*revision.Text)
		if !ok {
			return false
		}
		for _, l := range t.Leaves {
			if l.Text != "" {
				return false
			}
		}
	}
	return true
}

var headingIDPattern = regexp.MustCompile(`^[-a-z0-9.+_]+$`)

// heading converts "##"…"####" (heading-1…3); a "#" after the title is
// heading-1 too; "#####" and deeper are kept opaque (GITBOOK_FORMAT.md §3).
func (ps *parseState) heading(h *ast.Heading) revision.Node {
	pos := ps.nodePos(h)
	if h.Level >= 5 {
		return &revision.Opaque{Source: ps.rangeSource(pos, ps.blockEnd(h))}
	}
	nodes, id := ps.headingInlines(h)
	level := max(h.Level-1, 1)
	if !ps.isATX(h) {
		level = 1
	}
	return revision.NewBlock(&revision.Heading{Level: level, ID: id}, nodes...)
}

// headingInlines converts a heading's text and reads its trailing anchor
// <a href="#x" id="x"></a>: the id is returned when it matches the schema's
// id pattern; another anchor stays as opaque inline HTML.
func (ps *parseState) headingInlines(h *ast.Heading) ([]revision.Node, string) {
	kids := children(h)
	var anchor string
	var anchorRaw string
	if n := len(kids); n >= 2 {
		o, ok1 := kids[n-2].(*ast.RawHTML)
		c, ok2 := kids[n-1].(*ast.RawHTML)
		if ok1 && ok2 {
			ot, okOpen := parseTag(rawSource(o, ps.src))
			ct, okClose := parseTag(rawSource(c, ps.src))
			if okOpen && okClose && ot.name == "a" && !ot.end && ct.name == "a" && ct.end && (len(ot.attrs) == 2 || len(ot.attrs) == 1) {
				// GitBook writes <a href="#x" id="x"></a>; older pages <a id="x"></a>.
				href, hasHref := ot.attr("href")
				id, hasID := ot.attr("id")
				if hasID && (href == "#"+id || !hasHref && len(ot.attrs) == 1) {
					anchor = id
					anchorRaw = rawSource(o, ps.src) + rawSource(c, ps.src)
					kids = kids[:n-2]
				}
			}
		}
	}
	b := &inlineBuilder{ps: ps}
	b.walkRange(kids, 0, len(kids), ps.pairHTML(kids), nil)
	if anchor == "" {
		return b.result(), ""
	}
	if !headingIDPattern.MatchString(anchor) {
		b.node(&revision.Opaque{Source: anchorRaw, Inline: true})
		return b.result(), ""
	}
	// The id is kept even when it equals the slug of the text: GitBook
	// writes the anchor in both cases, and only Heading.ID can print it
	// back (agreed with the printer; the contract said to drop it).
	trimSeparator(b)
	return b.result(), anchor
}

// trimSeparator drops the space (or tab) that separates a heading's text
// from its anchor. Other trailing whitespace belongs to the text: GitBook
// writes "### Text  <a …>" for the text "Text " (the printer writes the
// text, then " <a …>").
func trimSeparator(b *inlineBuilder) {
	b.flush()
	if len(b.out) == 0 {
		return
	}
	t, ok := b.out[len(b.out)-1].(*revision.Text)
	if !ok || len(t.Leaves) == 0 {
		return
	}
	last := &t.Leaves[len(t.Leaves)-1]
	if len(last.Marks) > 0 {
		return // the separator is unmarked text
	}
	if n := len(last.Text); n > 0 && (last.Text[n-1] == ' ' || last.Text[n-1] == '\t') {
		last.Text = last.Text[:n-1]
	}
	if last.Text == "" {
		t.Leaves = t.Leaves[:len(t.Leaves)-1]
		if len(t.Leaves) == 0 {
			b.out = b.out[:len(b.out)-1]
		}
	}
}

// isATX reports whether h is written with "#" (not underlined).
func (ps *parseState) isATX(h *ast.Heading) bool {
	p := h.Pos()
	return p >= 0 && p < len(ps.src) && ps.src[p] == '#'
}

// code converts a code block: one code-line per line.
func (ps *parseState) code(n ast.Node, data *revision.Code) revision.Node {
	lines := n.Lines()
	nodes := make([]revision.Node, 0, lines.Len())
	for i := 0; i < lines.Len(); i++ {
		seg := lines.At(i)
		v := seg.Value(ps.src)
		v = bytes.TrimSuffix(v, []byte("\n"))
		nodes = append(nodes, revision.NewBlock(&revision.CodeLine{}, revision.NewText(validText(string(v)))))
	}
	if len(nodes) == 0 {
		nodes = append(nodes, revision.NewBlock(&revision.CodeLine{}, revision.NewText("")))
	}
	return revision.NewBlock(data, nodes...)
}

// list converts a list: a list with any task item is a task list.
func (ps *parseState) list(n *ast.List) revision.Node {
	var items []revision.Node
	tasks := false
	var checks []*bool
	for it := n.FirstChild(); it != nil; it = it.NextSibling() {
		var checked *bool
		if first := it.FirstChild(); first != nil && (first.Kind() == ast.KindParagraph || first.Kind() == ast.KindTextBlock) {
			if cb, ok := first.FirstChild().(*east.TaskCheckBox); ok {
				v := cb.IsChecked
				checked = &v
				tasks = true
			}
		}
		checks = append(checks, checked)
		items = append(items, revision.NewBlock(&revision.ListItem{}, ps.blocks(it, "list-item")...))
	}
	if tasks {
		for i, it := range items {
			c := checks[i]
			if c == nil {
				c = new(bool)
			}
			it.(*revision.Block).Data = &revision.ListItem{Checked: c}
		}
		return revision.NewBlock(&revision.ListTasks{}, items...)
	}
	if n.IsOrdered() {
		var start *int
		if n.Start != 1 {
			s := n.Start
			start = &s
		}
		return revision.NewBlock(&revision.ListOrdered{Start: start}, items...)
	}
	return revision.NewBlock(&revision.ListUnordered{}, items...)
}

// linesSource joins the lines of a leaf block (without the final newline).
func (ps *parseState) linesSource(n ast.Node) string {
	var sb strings.Builder
	lines := n.Lines()
	for i := 0; i < lines.Len(); i++ {
		seg := lines.At(i)
		sb.Write(seg.Value(ps.src))
	}
	return strings.TrimSuffix(sb.String(), "\n")
}

// blockEnd returns the offset of the end (before the newline) of the last
// line of n's source, as far as goldmark's segments and our own nodes tell.
func (ps *parseState) blockEnd(n ast.Node) int {
	end := -1
	switch t := n.(type) {
	case *tagBlock:
		if t.closed {
			return t.endStop
		}
	case *detailsBlock:
		if t.closed {
			return t.endStop
		}
	case *ast.HTMLBlock:
		if t.HasClosure() {
			end = t.ClosureLine.Stop
		}
	case *ast.FencedCodeBlock, *mathBlock:
		// The closing fence is the line after the last line.
		fence := ps.lineEnd(ps.pos(n)) + 1
		if l := n.Lines().Len(); l > 0 {
			fence = n.Lines().At(l - 1).Stop
		}
		end = ps.lineEnd(min(fence, len(ps.src)))
	}
	if n.Type() == ast.TypeBlock && n.Lines().Len() > 0 {
		end = max(end, n.Lines().At(n.Lines().Len()-1).Stop)
	}
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		if c.Type() == ast.TypeBlock {
			end = max(end, ps.blockEnd(c))
		}
	}
	if end < 0 {
		end = ps.lineEnd(ps.pos(n))
	}
	if end > 0 && end <= len(ps.src) && ps.src[end-1] == '\n' {
		end--
	}
	return ps.lineEnd(max(end-1, 0))
}

func (ps *parseState) pos(n ast.Node) int { return max(ps.nodePos(n), 0) }

// rangeSource returns the source from start to end, dedented by the column
// of start so that a block nested in a list keeps its own indentation only.
func (ps *parseState) rangeSource(start, end int) string {
	if start < 0 {
		start = 0
	}
	if end > len(ps.src) {
		end = len(ps.src)
	}
	if end < start {
		end = ps.lineEnd(start)
	}
	col := start - ps.lineStart(start)
	s := string(ps.src[start:end])
	if col == 0 || !strings.Contains(s, "\n") {
		return s
	}
	lines := strings.Split(s, "\n")
	for i := 1; i < len(lines); i++ {
		l := lines[i]
		k := 0
		for k < col && k < len(l) && l[k] == ' ' {
			k++
		}
		lines[i] = l[k:]
	}
	return strings.Join(lines, "\n")
}
