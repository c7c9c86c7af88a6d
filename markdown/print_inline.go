package markdown

import (
	"sort"
	"strconv"
	"strings"
	"unicode"

	"github.com/rivo/uniseg"

	"github.com/seed1bfafebe/gitsync/revision"
)

// inlineCtx says where inline content is printed: it decides how hard breaks
// are written and which characters need escaping.
type inlineCtx int

const (
	ctxBlock     inlineCtx = iota // paragraph
	ctxHeading                    // ATX heading: hard breaks impossible
	ctxTableCell                  // pipe table cell: "|" escaped, breaks as <br>
)

// markOrder is the nesting order of marks, outermost first, as GitBook nests
// them: `_**x**_`, `**`code`**`, <mark> outside everything.
var markOrder = map[revision.MarkType]int{
	revision.MarkColor:         0,
	revision.MarkItalic:        1,
	revision.MarkBold:          2,
	revision.MarkStrikethrough: 3,
	revision.MarkSuperscript:   4,
	revision.MarkSubscript:     5,
	revision.MarkKeyboard:      6,
	revision.MarkCode:          7,
}

// item is one element of a flattened inline sequence: a leaf, or an inline
// node (link, image…) or opaque inline HTML.
type item struct {
	leaf *revision.Leaf
	node revision.Node
}

func flatten(ns []revision.Node) []item {
	var out []item
	for _, n := range ns {
		switch n := n.(type) {
		case *revision.Text:
			for i := range n.Leaves {
				if n.Leaves[i].Text == "" {
					continue
				}
				out = append(out, item{leaf: &n.Leaves[i]})
			}
		case *revision.Raw, nil:
		default:
			out = append(out, item{node: n})
		}
	}
	return out
}

func markKey(m revision.Mark) string {
	return string(m.Type) + "\x00" + m.Text + "\x00" + m.Background
}

func hasMarkKey(ms []revision.Mark, k string) bool {
	for _, m := range ms {
		if markKey(m) == k {
			return true
		}
	}
	return false
}

// inlines prints inline content. Marks are opened and closed around runs of
// leaves: a mark that stays on for the following leaves stays open, marks
// that run longer are opened outside shorter ones. The content is first
// rendered as tokens, then the characters around emphasis delimiters are
// encoded where the delimiters would not form (encodeAttention).
func (p *printer) inlines(ns []revision.Node, ctx inlineCtx) string {
	outer := byte('\n')
	if p.inLink {
		outer = '['
	} else if ctx == ctxTableCell {
		outer = '|'
	}
	toks := p.inlineTokens(ns, ctx)
	after := outer
	if outer == '[' {
		after = ']'
	}
	encodeAttention(toks, outer, after)
	encodeTildes(toks)
	var b strings.Builder
	for _, t := range toks {
		b.WriteString(t.s)
	}
	return b.String()
}

func (p *printer) inlineTokens(ns []revision.Node, ctx inlineCtx) []token {
	items := flatten(ns)
	var toks []token
	var stack []revision.Mark
	closeTo := func(n int) {
		for len(stack) > n {
			m := stack[len(stack)-1]
			toks = append(toks, token{s: closeMark(m), kind: tokClose, marker: markerOf(m)})
			stack = stack[:len(stack)-1]
		}
	}
	// atLineStart: nothing printed yet on this output line (block
	// constructs could start here).
	atLineStart := func() bool {
		if len(toks) == 0 {
			return (ctx == ctxBlock || ctx == ctxHeading) && !p.inLink
		}
		return strings.HasSuffix(toks[len(toks)-1].s, "\n")
	}
	for i, it := range items {
		var marks []revision.Mark
		if it.leaf != nil {
			marks = it.leaf.Marks
		}
		// GitBook nests a leaf's marks in a fixed order (markOrder) and
		// merges a mark across leaves only while it stays outermost: keep
		// the common prefix of the open marks and the leaf's ordered marks.
		marks = orderedMarks(marks)
		keep := 0
		for keep < len(stack) && keep < len(marks) && markKey(marks[keep]) == markKey(stack[keep]) && stack[keep].Type != revision.MarkCode {
			keep++
		}
		closeTo(keep)
		if it.leaf == nil {
			toks = append(toks, token{s: p.inlineNode(it.node, ctx), kind: tokAtom})
			continue
		}
		open := marks[keep:]
		for _, m := range open {
			toks = append(toks, token{s: openMark(m), kind: tokOpen, marker: markerOf(m)})
			stack = append(stack, m)
		}
		if len(stack) > 0 && stack[len(stack)-1].Type == revision.MarkCode {
			// Remove the code mark's empty open token: the span is an atom.
			toks = toks[:len(toks)-1]
			toks = append(toks, token{s: codeSpan(it.leaf.Text, ctx), kind: tokAtom})
			stack = stack[:len(stack)-1]
			continue
		}
		var after byte
		if i+1 < len(items) {
			if next := items[i+1]; next.leaf != nil && len(next.leaf.Marks) == len(marks) {
				after = next.leaf.Text[0]
			} else if next.leaf == nil && len(stack) == 0 && isLink(next.node) {
				after = '['
			}
		}
		end := i+1 == len(items) && !p.inLink
		toks = append(toks, token{kind: tokText, s: p.escapeText(it.leaf.Text, ctx, textEdges{
			lineStart: atLineStart(),
			end:       end,
			after:     after,
		})})
	}
	closeTo(0)
	return toks
}

func isLink(n revision.Node) bool {
	if in, ok := n.(*revision.Inline); ok {
		_, ok := in.Data.(*revision.Link)
		return ok
	}
	return false
}

// orderedMarks returns the marks in nesting order, outermost first (code
// innermost), without duplicates.
func orderedMarks(ms []revision.Mark) []revision.Mark {
	out := make([]revision.Mark, 0, len(ms))
	for _, m := range ms {
		if !hasMarkKey(out, markKey(m)) {
			out = append(out, m)
		}
	}
	sort.SliceStable(out, func(x, y int) bool {
		ox, oy := markRankOf(out[x].Type), markRankOf(out[y].Type)
		if ox != oy {
			return ox < oy
		}
		return markKey(out[x]) < markKey(out[y])
	})
	return out
}

func markRankOf(t revision.MarkType) int {
	if t == revision.MarkCode {
		return len(markOrder) + 1 // always innermost, after unknown marks
	}
	if r, ok := markOrder[t]; ok {
		return r
	}
	return len(markOrder)
}

// markDelims are the opening and closing delimiters of each mark; a color
// mark opens with its style (openMark).
var markDelims = map[revision.MarkType][2]string{
	revision.MarkBold:          {"**", "**"},
	revision.MarkItalic:        {"_", "_"},
	revision.MarkStrikethrough: {"~~", "~~"},
	revision.MarkKeyboard:      {"<kbd>", "</kbd>"},
	revision.MarkSubscript:     {"<sub>", "</sub>"},
	revision.MarkSuperscript:   {"<sup>", "</sup>"},
	revision.MarkColor:         {"", "</mark>"},
}

func openMark(m revision.Mark) string {
	if m.Type == revision.MarkColor {
		var style string
		if m.Text != "" && m.Text != "default" {
			style += "color:" + m.Text + ";"
		}
		if m.Background != "" && m.Background != "default" {
			style += "background-color:" + m.Background + ";"
		}
		return `<mark style="` + style + `">`
	}
	return markDelims[m.Type][0]
}

func closeMark(m revision.Mark) string { return markDelims[m.Type][1] }

// codeSpan writes text as inline code with the shortest fence that matches
// no run of backticks inside, as mdast-util-to-markdown does (a run of two
// inside needs only a one-backtick fence),
// padded when the text starts or ends with a backtick.
func codeSpan(s string, ctx inlineCtx) string {
	runs := map[int]bool{}
	run := 0
	for i := 0; i <= len(s); i++ {
		if i < len(s) && s[i] == '`' {
			run++
			continue
		}
		if run > 0 {
			runs[run] = true
		}
		run = 0
	}
	n := 1
	for runs[n] {
		n++
	}
	fence := strings.Repeat("`", n)
	pad := ""
	if strings.HasPrefix(s, "`") || strings.HasSuffix(s, "`") ||
		(len(s) > 1 && s[0] == ' ' && s[len(s)-1] == ' ' && strings.Trim(s, " ") != "") {
		pad = " "
	}
	if ctx == ctxTableCell {
		// GFM splits cells on pipes even inside code: "\|" is read as "|".
		s = strings.ReplaceAll(s, "|", "\\|")
	}
	return fence + pad + s + pad + fence
}

// inlineNode prints a link, mention, image, emoji… (GITBOOK_FORMAT.md §5).
func (p *printer) inlineNode(n revision.Node, ctx inlineCtx) string {
	switch n := n.(type) {
	case *revision.Opaque:
		return n.Source
	case *revision.Block:
		// A block among inlines cannot be written; keep its text.
		return p.escapeText(revision.PlainText(n), ctx, textEdges{})
	case *revision.Inline:
		switch d := n.Data.(type) {
		case *revision.Link:
			saved := p.inLink
			p.inLink = true
			text := p.inlines(n.Nodes, ctx)
			p.inLink = saved
			return "[" + text + "](" + linkDest(p.href(d.Ref)) + ")"
		case *revision.Mention:
			href := p.href(d.Ref)
			return "[" + escapeLinkLabel(mentionText(d, href)) + "](" + linkDest(href) + ` "mention")`
		case *revision.InlineImage:
			if d.RefDark != nil {
				return p.picture(d)
			}
			if d.Size == "" {
				// GitBook writes an inline image without a size as Markdown.
				return "![" + escapeLinkLabel(d.Alt) + "](" + linkDest(p.href(d.Ref)) + ")"
			}
			return p.inlineImage(d)
		case *revision.Emoji:
			return `<span data-gb-custom-inline data-tag="emoji" data-code="` + d.Code + `">` + emojiChars(d.Code) + `</span>`
		case *revision.Icon:
			return `<i class="fa-` + d.Icon + `">:` + d.Icon + `:</i>`
		case *revision.InlineMath:
			return "$$" + d.Formula + "$$"
		case *revision.Button:
			return p.button(d)
		default:
			return p.inlines(n.Nodes, ctx)
		}
	}
	return ""
}

func (p *printer) inlineImage(d *revision.InlineImage) string {
	s := `<img src="` + attrEscape(p.href(d.Ref)) + `" alt="` + attrEscape(d.Alt) + `"`
	if d.Size != "" {
		s += ` data-size="` + attrEscape(d.Size) + `"`
	}
	return s + ">"
}

// picture writes an inline image with a dark variant as GitBook does.
func (p *printer) picture(d *revision.InlineImage) string {
	return `<picture><source srcset="` + attrEscape(p.href(d.RefDark)) + `" media="` + darkMedia + `">` + p.inlineImage(d) + `</picture>`
}

// button writes <a href class="button primary" data-icon>Label</a> for a
// link, <button type="button" class="button primary" data-action
// data-query data-icon>Label</button> for an action (GITBOOK_FORMAT.md §5).
func (p *printer) button(d *revision.Button) string {
	icon := ""
	if d.Icon != "" {
		icon = ` data-icon="` + attrEscape(d.Icon) + `"`
	}
	if d.Action != nil && d.Ref == nil {
		s := `<button type="button" class="button ` + d.Kind + `" data-action="` + attrEscape(d.Action.Action) + `"`
		if d.Action.Query != "" {
			s += ` data-query="` + attrEscape(d.Action.Query) + `"`
		}
		if d.Action.Slug != "" {
			s += ` data-slug="` + attrEscape(d.Action.Slug) + `"`
		}
		return s + icon + ">" + htmlText(d.Label) + "</button>"
	}
	return `<a href="` + attrEscape(p.href(d.Ref)) + `" class="button ` + d.Kind + `"` + icon + `>` + htmlText(d.Label) + `</a>`
}

// mentionText is the text of a mention: the one the page wrote when the
// reader kept it, else the one GitBook derives from the target.
func mentionText(d *revision.Mention, href string) string {
	if d.Text != "" {
		return d.Text
	}
	return mentionLabel(href)
}

// mentionLabel is the text GitBook writes in a mention: "#anchor" for an
// anchor, else the last path element of the target.
func mentionLabel(href string) string {
	if i := strings.IndexByte(href, '#'); i >= 0 {
		return href[i:]
	}
	return lastElem(href)
}

func lastElem(href string) string {
	h := strings.TrimSuffix(href, "/")
	if h == "" || h == "." {
		return "."
	}
	if i := strings.LastIndexByte(h, '/'); i >= 0 {
		return h[i+1:]
	}
	return h
}

// emojiChars turns "1f468-200d-1f4bb" into the characters. A lone code point
// whose default presentation is text (🛠, ©, ❤: one column wide) gets the
// emoji variation selector U+FE0F, as GitBook writes it: its fully-qualified
// form in Unicode's emoji list.
func emojiChars(code string) string {
	var b strings.Builder
	parts := strings.Split(code, "-")
	for _, part := range parts {
		r, err := strconv.ParseUint(part, 16, 32)
		if err != nil || r > unicode.MaxRune {
			return ""
		}
		b.WriteRune(rune(r))
	}
	s := b.String()
	if len(parts) == 1 && uniseg.StringWidth(s) == 1 {
		s += "\uFE0F"
	}
	return s
}
