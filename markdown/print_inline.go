package markdown

import (
	"sort"
	"strconv"
	"strings"

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
// that run longer are opened outside shorter ones.
func (p *printer) inlines(ns []revision.Node, ctx inlineCtx) string {
	items := flatten(ns)
	var b strings.Builder
	var stack []revision.Mark
	closeTo := func(n int) {
		for len(stack) > n {
			b.WriteString(closeMark(stack[len(stack)-1]))
			stack = stack[:len(stack)-1]
		}
	}
	atLineStart := !p.inLink
	for i, it := range items {
		var marks []revision.Mark
		if it.leaf != nil {
			marks = it.leaf.Marks
		}
		// Keep the longest prefix of the stack that the leaf still carries.
		keep := 0
		for keep < len(stack) && hasMarkKey(marks, markKey(stack[keep])) && stack[keep].Type != revision.MarkCode {
			keep++
		}
		closeTo(keep)
		if it.leaf == nil {
			b.WriteString(p.inlineNode(it.node, ctx))
			atLineStart = false
			continue
		}
		// Open the leaf's other marks, longer runs outside.
		var open []revision.Mark
		for _, m := range marks {
			if !hasMarkKey(stack, markKey(m)) {
				open = append(open, m)
			}
		}
		sortMarks(open, items, i)
		opensFlank := false
		for _, m := range open {
			b.WriteString(openMark(m))
			stack = append(stack, m)
			if flanking(m.Type) {
				opensFlank = true
			}
		}
		if len(stack) > 0 && stack[len(stack)-1].Type == revision.MarkCode {
			b.WriteString(codeSpan(it.leaf.Text))
			// A code span is closed right away: the delimiters are its own.
			stack = stack[:len(stack)-1]
			atLineStart = false
			continue
		}
		closesFlank := false
		if len(stack) > 0 {
			var next []revision.Mark
			if i+1 < len(items) && items[i+1].leaf != nil {
				next = items[i+1].leaf.Marks
			}
			for _, m := range stack {
				if flanking(m.Type) && !hasMarkKey(next, markKey(m)) {
					closesFlank = true
				}
			}
		}
		var after byte
		if i+1 < len(items) && items[i+1].leaf != nil && len(items[i+1].leaf.Marks) == len(marks) {
			after = items[i+1].leaf.Text[0]
		}
		end := i+1 == len(items) && !p.inLink
		b.WriteString(p.escapeText(it.leaf.Text, ctx, textEdges{
			lineStart:  atLineStart,
			openFlank:  opensFlank,
			closeFlank: closesFlank,
			end:        end,
			after:      after,
		}))
		atLineStart = strings.HasSuffix(it.leaf.Text, "\n")
	}
	closeTo(0)
	return b.String()
}

// sortMarks orders marks to open: code innermost, then marks running over
// more leaves outside, then markOrder.
func sortMarks(open []revision.Mark, items []item, i int) {
	sort.SliceStable(open, func(x, y int) bool {
		cx, cy := open[x].Type == revision.MarkCode, open[y].Type == revision.MarkCode
		if cx != cy {
			return cy
		}
		rx, ry := runLength(items, i, open[x]), runLength(items, i, open[y])
		if rx != ry {
			return rx > ry
		}
		return markOrder[open[x].Type] < markOrder[open[y].Type]
	})
}

// runLength counts the leaves from i on that carry mark m.
func runLength(items []item, i int, m revision.Mark) int {
	k := markKey(m)
	n := 0
	for ; i < len(items); i++ {
		if items[i].leaf == nil || !hasMarkKey(items[i].leaf.Marks, k) {
			break
		}
		n++
	}
	return n
}

// flanking marks are delimiter runs that whitespace next to them breaks.
func flanking(t revision.MarkType) bool {
	return t == revision.MarkBold || t == revision.MarkItalic || t == revision.MarkStrikethrough
}

func openMark(m revision.Mark) string {
	switch m.Type {
	case revision.MarkBold:
		return "**"
	case revision.MarkItalic:
		return "_"
	case revision.MarkStrikethrough:
		return "~~"
	case revision.MarkKeyboard:
		return "<kbd>"
	case revision.MarkSubscript:
		return "<sub>"
	case revision.MarkSuperscript:
		return "<sup>"
	case revision.MarkColor:
		var style string
		if m.Text != "" && m.Text != "default" {
			style += "color:" + m.Text + ";"
		}
		if m.Background != "" && m.Background != "default" {
			style += "background-color:" + m.Background + ";"
		}
		return `<mark style="` + style + `">`
	}
	return ""
}

func closeMark(m revision.Mark) string {
	switch m.Type {
	case revision.MarkBold:
		return "**"
	case revision.MarkItalic:
		return "_"
	case revision.MarkStrikethrough:
		return "~~"
	case revision.MarkKeyboard:
		return "</kbd>"
	case revision.MarkSubscript:
		return "</sub>"
	case revision.MarkSuperscript:
		return "</sup>"
	case revision.MarkColor:
		return "</mark>"
	}
	return ""
}

// codeSpan writes text as inline code with a fence longer than any run of
// backticks inside, padded when the text starts or ends with a backtick.
func codeSpan(s string) string {
	longest, run := 0, 0
	for i := 0; i < len(s); i++ {
		if s[i] == '`' {
			run++
			if run > longest {
				longest = run
			}
		} else {
			run = 0
		}
	}
	fence := strings.Repeat("`", longest+1)
	pad := ""
	if strings.HasPrefix(s, "`") || strings.HasSuffix(s, "`") ||
		(len(s) > 1 && s[0] == ' ' && s[len(s)-1] == ' ' && strings.Trim(s, " ") != "") {
		pad = " "
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
			return "[" + escapeLinkLabel(mentionLabel(href)) + "](" + linkDest(href) + ` "mention")`
		case *revision.InlineImage:
			return p.inlineImage(d)
		case *revision.Emoji:
			return `<span data-gb-custom-inline data-tag="emoji" data-code="` + d.Code + `">` + emojiChars(d.Code) + `</span>`
		case *revision.Icon:
			return `<i class="fa-` + d.Icon + `">:` + d.Icon + `:</i>`
		case *revision.InlineMath:
			return "$$" + d.Formula + "$$"
		case *revision.Button:
			return `<a href="` + attrEscape(p.href(d.Ref)) + `" class="button ` + d.Kind + `">` + htmlText(d.Label) + `</a>`
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

// emojiChars turns "1f468-200d-1f4bb" into the characters.
func emojiChars(code string) string {
	var b strings.Builder
	for _, part := range strings.Split(code, "-") {
		r, err := strconv.ParseUint(part, 16, 32)
		if err != nil {
			return ""
		}
		b.WriteRune(rune(r))
	}
	return b.String()
}
