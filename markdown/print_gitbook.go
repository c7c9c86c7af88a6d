package markdown

import (
	"strings"

	"github.com/seed1bfafebe/gitsync/revision"
)

// GitBook's {% tag %} blocks (GITBOOK_FORMAT.md §4): the tags stand on their
// own lines, directly around their body (no blank line inside the tags), and
// siblings tags (tabs, steps, columns) are separated by one blank line.

// tagBody prints the blocks inside a tag followed by a newline ("" when empty).
func (p *printer) tagBody(ns []revision.Node) string {
	s := p.blocks(ns)
	if s == "" {
		return ""
	}
	return s + "\n"
}

func attr(name, value string) string {
	return " " + name + `="` + value + `"`
}

func boolAttr(name string, v *bool) string {
	if v == nil {
		return ""
	}
	if *v {
		return attr(name, "true")
	}
	return attr(name, "false")
}

func (p *printer) hint(b *revision.Block, d *revision.Hint) string {
	open := `{% hint style="` + d.Style + `"`
	if d.Icon != "" {
		open += attr("icon", d.Icon)
	}
	return open + " %}\n" + p.tagBody(b.Nodes) + "{% endhint %}"
}

func (p *printer) tabs(b *revision.Block) string {
	return "{% tabs %}\n" + p.tagBody(b.Nodes) + "{% endtabs %}"
}

func (p *printer) tab(b *revision.Block, d *revision.TabsItem) string {
	open := `{% tab title="` + d.Title + `"`
	if d.Icon != "" {
		open += attr("icon", d.Icon)
	}
	return open + " %}\n" + p.tagBody(b.Nodes) + "{% endtab %}"
}

func (p *printer) stepper(b *revision.Block) string {
	return "{% stepper %}\n" + p.tagBody(b.Nodes) + "{% endstepper %}"
}

func (p *printer) columns(b *revision.Block, d *revision.Columns) string {
	return "{% columns" + boolAttr("fullWidth", d.FullWidth) + " %}\n" + p.tagBody(b.Nodes) + "{% endcolumns %}"
}

func (p *printer) column(b *revision.Block, d *revision.Column) string {
	open := "{% column"
	if d.Width != nil {
		open += attr("width", formatLength(*d.Width))
	}
	if d.VerticalAlignment != "" {
		open += attr("valign", d.VerticalAlignment)
	}
	return open + " %}\n" + p.tagBody(b.Nodes) + "{% endcolumn %}"
}

func (p *printer) updates(b *revision.Block, d *revision.Updates) string {
	open := "{% updates"
	if d.Format != "" {
		open += attr("format", d.Format)
	}
	return open + " %}\n" + p.tagBody(b.Nodes) + "{% endupdates %}"
}

func (p *printer) update(b *revision.Block, d *revision.Update) string {
	tags := ""
	if len(d.Tags) > 0 {
		slugs := make([]string, len(d.Tags))
		for i, t := range d.Tags {
			slugs[i] = t.Tag
		}
		tags = attr("tags", strings.Join(slugs, ","))
	}
	return "{% update" + attr("date", d.Date) + tags + " %}\n" + p.tagBody(b.Nodes) + "{% endupdate %}"
}

func (p *printer) embed(d *revision.Embed) string {
	return "{% embed" + attr("url", d.URL) + boolAttr("fullWidth", d.FullWidth) + " %}"
}

// contentRef writes the card with the link GitBook puts inside: the target's
// last path element as text.
func (p *printer) contentRef(d *revision.ContentRefBlock) string {
	h := p.href(d.Ref)
	return "{% content-ref" + attr("url", h) + " %}\n[" + escapeLinkLabel(lastElem(h)) + "](" + linkDest(h) + ")\n{% endcontent-ref %}"
}

// swagger writes the spec's file name as the inner link's text, unescaped as
// GitBook writes it ("[api_spec.yaml](…)").
func (p *printer) swagger(d *revision.Swagger) string {
	h := p.href(d.Ref)
	return "{% openapi" + attr("src", h) + attr("path", d.Path) + attr("method", d.Method) + " %}\n[" +
		openAPILabel(h) + "](" + linkDest(h) + ")\n{% endopenapi %}"
}

func (p *printer) openAPIOperation(d *revision.OpenAPIOperation) string {
	spec := ""
	if d.Ref != nil {
		spec = d.Ref.Spec
	}
	return "{% openapi-operation" + attr("spec", spec) + attr("path", d.Path) + attr("method", d.Method) + " %}\n" +
		"[" + escapeLinkLabel("OpenAPI "+spec) + "](" + linkDest(p.href(d.Ref)) + ")\n{% endopenapi-operation %}"
}

// code writes a fenced block, wrapped in {% code %} when it has attributes
// (GITBOOK_FORMAT.md §6: title, overflow, lineNumbers, fullWidth, expandable).
func (p *printer) code(b *revision.Block, d *revision.Code) string {
	if codeHasMarks(b.Nodes) {
		return p.preCode(b, d)
	}
	content := p.codeLines(b.Nodes)
	fence := "```"
	for strings.Contains(content, fence) {
		fence += "`"
	}
	s := fence + d.Syntax + "\n"
	if len(b.Nodes) > 0 {
		s += content + "\n"
	}
	s += fence
	wrap := ""
	if d.Title != "" {
		wrap += attr("title", d.Title)
	}
	if d.Overflow != "" {
		wrap += attr("overflow", d.Overflow)
	}
	wrap += boolAttr("lineNumbers", d.LineNumbers) + boolAttr("fullWidth", d.FullWidth) + boolAttr("expandable", d.Expandable)
	if wrap == "" {
		return s
	}
	return "{% code" + wrap + " %}\n" + s + "\n{% endcode %}"
}

func (p *printer) codeLines(ns []revision.Node) string {
	lines := make([]string, 0, len(ns))
	for _, n := range ns {
		if _, raw := n.(*revision.Raw); raw {
			continue
		}
		lines = append(lines, revision.PlainText(n))
	}
	return strings.Join(lines, "\n")
}

// expandable writes <details> with the title as HTML in <summary> and the
// body as Markdown, each separated by blank lines.
func (p *printer) expandable(b *revision.Block, d *revision.Expandable) string {
	var title, body []revision.Node
	for _, f := range b.Fragments {
		switch f.Fragment {
		case "expandable-title":
			title = f.Nodes
		case "expandable-body":
			body = f.Nodes
		}
	}
	open := "<details>"
	if d.DefaultExpanded != nil && *d.DefaultExpanded {
		open = "<details open>"
	}
	s := open + "\n\n<summary>" + p.htmlBlocksInline(title) + "</summary>\n\n"
	if bs := p.blocks(body); bs != "" {
		s += bs + "\n\n"
	}
	return s + "</details>"
}

// prompt writes {% prompt %} around its code block, attributes in GitBook's
// order.
func (p *printer) prompt(b *revision.Block, d *revision.Prompt) string {
	open := "{% prompt" + attr("description", d.Description)
	if d.Icon != "" {
		open += attr("icon", d.Icon)
	}
	open += boolAttr("openInAIProviders", d.OpenInAIProviders)
	if d.DefaultExpanded != "" {
		open += attr("defaultExpanded", d.DefaultExpanded)
	}
	return open + " %}\n" + p.tagBody(b.Nodes) + "{% endprompt %}"
}
