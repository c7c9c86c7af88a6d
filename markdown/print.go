package markdown

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/seed1bfafebe/gitsync/revision"
)

// Print writes a page as GitBook's Git Sync writes it (GITBOOK_FORMAT.md §6):
// front matter, a blank line, "# Title", a blank line, the body's blocks
// separated by one blank line, and exactly one final newline.
//
// Opaque nodes are printed verbatim. Raw nodes (JSON of a kind gitsync does
// not know) have no Markdown form: they print nothing, so a document holding
// them loses them on export rather than gaining a made-up construct.
func Print(p *Page, opts PrintOptions) []byte {
	if p == nil {
		return nil
	}
	var b strings.Builder
	if fm := PrintFrontMatter(p.FrontMatter); fm != nil {
		b.Write(fm)
		b.WriteString("\n")
	}
	if p.Title != "" {
		b.WriteString("# ")
		b.WriteString(escapeHeadingText(p.Title))
		b.WriteString("\n")
	}
	pr := &printer{opts: opts}
	var body string
	if p.Document != nil {
		body = pr.blocks(p.Document.Nodes)
	}
	if body != "" || hasBlocks(p.Document) {
		if p.Title != "" {
			b.WriteString("\n")
		}
		b.WriteString(body)
		// Like mdast-util-to-markdown, end with a newline unless the output
		// is empty or already does: a trailing empty paragraph leaves "…\n\n".
		if b.Len() > 0 && !strings.HasSuffix(b.String(), "\n") {
			b.WriteString("\n")
		}
	}
	if b.Len() == 0 {
		return []byte{}
	}
	return []byte(b.String())
}

// hasBlocks reports whether the document has a block that prints (possibly
// as an empty line: an empty paragraph).
func hasBlocks(d *revision.Document) bool {
	if d == nil {
		return false
	}
	for _, n := range d.Nodes {
		if _, raw := n.(*revision.Raw); !raw && n != nil {
			return true
		}
	}
	return false
}

// PrintBlock prints one block as it stands at the top level of a page,
// without a trailing newline.
func PrintBlock(n revision.Node, opts PrintOptions) []byte {
	pr := &printer{opts: opts}
	return []byte(pr.block(n))
}

// printer holds the options of one Print call. Blocks are rendered to
// strings (without trailing newline) and containers indent their children's
// lines, the way mdast-util-to-markdown (which GitBook uses) does.
type printer struct {
	opts PrintOptions
	// inLink is set while printing a link's text: a space before "]" is
	// written as is (GitBook writes "[Azure OpenAI ](…)").
	inLink bool
	// lastBullet is the marker of the list printed last in the current flow
	// of blocks ("" after any other block): a list right after a list takes
	// the other marker.
	lastBullet string
}

// blocks prints sibling blocks separated by one blank line.
func (p *printer) blocks(ns []revision.Node) string {
	return p.join(ns, "\n\n")
}

func (p *printer) join(ns []revision.Node, sep string) string {
	var parts []string
	for _, n := range ns {
		// A list inside another block (a <details> body) is not next to
		// the list before that block.
		saved := p.lastBullet
		if !isList(n) {
			p.lastBullet = ""
		}
		s := p.block(n)
		if s == "" {
			p.lastBullet = saved
			if _, ok := n.(*revision.Raw); ok {
				continue
			}
		}
		// An empty paragraph (an empty line) does not separate two lists:
		// "* a\n\n\n\n* b" is one list, so it keeps the alternation.
		if !isList(n) && s != "" {
			p.lastBullet = ""
		}
		parts = append(parts, s)
	}
	return strings.Join(parts, sep)
}

func isList(n revision.Node) bool {
	if b, ok := n.(*revision.Block); ok {
		switch b.Data.(type) {
		case *revision.ListUnordered, *revision.ListOrdered, *revision.ListTasks:
			return true
		}
	}
	return false
}

// block prints a block node.
func (p *printer) block(n revision.Node) string {
	switch n := n.(type) {
	case *revision.Opaque:
		return n.Source
	case *revision.Raw, nil:
		return ""
	case *revision.Text, *revision.Inline:
		// Inlines where a block is expected: print them as a paragraph.
		return p.inlines([]revision.Node{n}, ctxBlock)
	case *revision.Block:
		return p.blockNode(n)
	}
	return ""
}

func (p *printer) blockNode(b *revision.Block) string {
	switch d := b.Data.(type) {
	case *revision.Paragraph:
		return p.paragraph(b)
	case *revision.Heading:
		return p.heading(b, d)
	case *revision.ListUnordered, *revision.ListOrdered, *revision.ListTasks:
		return p.list(b)
	case *revision.ListItem:
		return p.listItem(b, "*")
	case *revision.Divider:
		return "***"
	case *revision.Quote:
		return p.quote(b)
	case *revision.Code:
		return p.code(b, d)
	case *revision.CodeLine:
		return p.codeLines([]revision.Node{b})
	case *revision.Hint:
		return p.hint(b, d)
	case *revision.Prompt:
		return p.prompt(b, d)
	case *revision.Tabs:
		return p.tabs(b)
	case *revision.TabsItem:
		return p.tab(b, d)
	case *revision.Stepper:
		return p.stepper(b)
	case *revision.StepperStep:
		return "{% step %}\n" + p.tagBody(b.Nodes) + "{% endstep %}"
	case *revision.Expandable:
		return p.expandable(b, d)
	case *revision.Images:
		return p.images(b, d)
	case *revision.Image:
		return p.images(&revision.Block{Data: &revision.Images{}, Nodes: []revision.Node{b}}, &revision.Images{})
	case *revision.Embed:
		return p.embed(d)
	case *revision.Drawing:
		return `<img src="` + attrEscape(p.href(d.Ref)) + `" alt="" class="gitbook-drawing">`
	case *revision.ContentRefBlock:
		return p.contentRef(d)
	case *revision.FileBlock:
		return `{% file src="` + attrEscape(p.href(d.Ref)) + `" %}`
	case *revision.ReusableContentBlock:
		return `{% include "` + p.href(d.Ref) + `" %}`
	case *revision.Swagger:
		return p.swagger(d)
	case *revision.OpenAPIOperation:
		return p.openAPIOperation(d)
	case *revision.Math:
		return "$$\n" + d.Formula + "\n$$"
	case *revision.Table:
		return p.table(b, d)
	case *revision.If:
		return "{% if " + d.Expression + " %}\n" + p.tagBody(b.Nodes) + "{% endif %}"
	case *revision.Columns:
		return p.columns(b, d)
	case *revision.Column:
		return p.column(b, d)
	case *revision.Updates:
		return p.updates(b, d)
	case *revision.Update:
		return p.update(b, d)
	}
	return ""
}

func (p *printer) paragraph(b *revision.Block) string {
	if d, ok := b.Data.(*revision.Paragraph); ok && d.Align != "" {
		// GitBook writes an aligned paragraph as HTML.
		return `<p align="` + attrEscape(alignAttr(d.Align)) + `">` + p.htmlInlines(b.Nodes) + "</p>"
	}
	return p.inlines(b.Nodes, ctxBlock)
}

// heading prints "##"…"####" (heading-1…3, GITBOOK_FORMAT.md §3) with the
// anchor suffix when the id is not the default slug.
func (p *printer) heading(b *revision.Block, h *revision.Heading) string {
	level := h.Level
	if level < 1 {
		level = 1
	}
	if level > 3 {
		level = 3
	}
	if h.Align != "" {
		// GitBook writes an aligned heading as HTML, without an anchor.
		tag := "h" + strconv.Itoa(level+1)
		return "<" + tag + ` align="` + attrEscape(alignAttr(h.Align)) + `">` + p.htmlInlines(b.Nodes) + "</" + tag + ">"
	}
	text := p.inlines(b.Nodes, ctxHeading)
	s := strings.Repeat("#", level+1)
	if text != "" || h.ID != "" {
		s += " " + text
	}
	if h.ID != "" {
		// Before the anchor a trailing space of the text is written raw, as
		// GitBook does ("### Text  <a …>"): the reader drops only the
		// separator.
		if t, ok := strings.CutSuffix(s, "&#x20;"); ok && !strings.HasSuffix(t, `\`) && strings.TrimSpace(t[level+1:]) != "" {
			s = t + " "
		}
		s += fmt.Sprintf(` <a href="#%s" id="%s"></a>`, h.ID, h.ID)
	}
	return s
}

// quote prefixes every line with "> " (">" alone on blank lines).
func (p *printer) quote(b *revision.Block) string {
	body := p.blocks(b.Nodes)
	lines := strings.Split(body, "\n")
	for i, l := range lines {
		if l == "" {
			lines[i] = ">"
		} else {
			lines[i] = "> " + l
		}
	}
	return strings.Join(lines, "\n")
}

// indent prefixes every non-blank line but the first with pad.
func indent(s, pad string) string {
	lines := strings.Split(s, "\n")
	for i := 1; i < len(lines); i++ {
		if lines[i] != "" {
			lines[i] = pad + lines[i]
		}
	}
	return strings.Join(lines, "\n")
}
