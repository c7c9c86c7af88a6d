package markdown

import (
	"path"
	"strconv"
	"strings"

	"github.com/seed1bfafebe/gitsync/revision"
	"github.com/yuin/goldmark/ast"
)

// Converting {% tag %} blocks to revision blocks (GITBOOK_FORMAT.md §4).

// keepSilently is the "code" tagNode returns for a tag kept opaque by
// design, without a warning.
const keepSilently = "-"

// maxSubParse bounds the nesting of single-line tags parsed on their own
// ({% hint %}{% hint %}…{% endhint %}{% endhint %}).
const maxSubParse = 4

// tagAttrs parses key="value" pairs (double or single quotes, or bare
// values). ok is false when args holds anything else.
// hintStyles are the styles of schema DocumentBlockHint.
var hintStyles = map[string]bool{"info": true, "warning": true, "danger": true, "success": true}

func tagAttrs(args string) (map[string]string, bool) {
	attrs := map[string]string{}
	s := strings.TrimSpace(args)
	for s != "" {
		eq := strings.IndexByte(s, '=')
		if eq <= 0 {
			return attrs, false
		}
		key := strings.TrimSpace(s[:eq])
		if strings.ContainsAny(key, " \t\"'") {
			return attrs, false
		}
		s = strings.TrimLeft(s[eq+1:], " \t")
		var val string
		if s != "" && (s[0] == '"' || s[0] == '\'') {
			end := strings.IndexByte(s[1:], s[0])
			if end < 0 {
				return attrs, false
			}
			val, s = s[1:1+end], s[2+end:]
		} else {
			end := strings.IndexAny(s, " \t")
			if end < 0 {
				end = len(s)
			}
			val, s = s[:end], s[end:]
		}
		attrs[key] = val
		s = strings.TrimLeft(s, " \t")
	}
	return attrs, true
}

// tag converts a known tag block.
func (ps *parseState) tag(n *tagBlock) []placed {
	pos := ps.nodePos(n)
	if n.paired && !n.closed {
		// The body ended (its container closed) before the end tag: keep the
		// tag line as it is and the body as ordinary blocks.
		ps.warn(pos, WarnUnclosedTag, "{% "+n.name+" %} is not closed")
		out := []placed{{&revision.Opaque{Source: strings.TrimLeft(string(n.line.Value(ps.src)), " \t")}, pos}}
		c := n.FirstChild()
		if c != nil && ps.nodePos(c) < n.line.Stop {
			// The body starts on the tag's own line ({% tab %}{% tab %}): that
			// first block cannot stand apart from the tag line, keep both as is.
			out[0].node = &revision.Opaque{Source: ps.rangeSource(pos, ps.blockEnd(c))}
			c = c.NextSibling()
		}
		for ; c != nil; c = c.NextSibling() {
			out = append(out, ps.block(c)...)
		}
		return out
	}
	node, code, msg := ps.tagNode(n)
	if node == nil && code == keepSilently {
		return []placed{{&revision.Opaque{Source: ps.rangeSource(pos, ps.blockEnd(n))}, pos}}
	}
	if node == nil {
		if code == "" {
			code = WarnUnknownBlock
		}
		if strings.HasSuffix(msg, "with a caption") {
			// The API has no caption for embeds and files: say so once
			// per page, however many the page holds.
			ps.warnOnce(pos, code, msg+" kept as is (the API has no caption for it)")
		} else {
			ps.warn(pos, code, msg)
		}
		node = &revision.Opaque{Source: ps.rangeSource(pos, ps.blockEnd(n))}
	}
	return []placed{{node, pos}}
}

// tagBody converts the body of a tag: its children, or the inner text of the
// single-line form.
func (ps *parseState) tagBody(n *tagBlock, parentType string) ([]revision.Node, bool) {
	if !n.oneLine {
		nodes := ps.blocks(n, parentType)
		// Empty paragraphs ending the body: GitBook writes each as two
		// more blank lines before the end tag ("…\n\n\n{% endupdate %}").
		if last := n.LastChild(); last != nil && n.closed && ps.nodePos(last) >= 0 &&
			revision.AllowedChild(parentType, "paragraph") {
			if k := ps.blankNewlines(ps.blockEnd(last), ps.lineStart(n.endStop)); k >= 3 {
				for range (k - 1) / 2 {
					nodes = append(nodes, revision.NewBlock(&revision.Paragraph{}, revision.NewText("")))
				}
			}
		}
		return nodes, true
	}
	if ps.depth >= maxSubParse {
		return nil, false
	}
	sub := &parseState{opts: ps.opts, depth: ps.depth + 1, origins: ps.origins}
	sub.setSource(append([]byte(nil), n.inner.Value(ps.src)...))
	doc := sub.goldmark(sub.src)
	nodes := sub.blocks(doc, parentType)
	line := ps.line(ps.nodePos(n))
	for _, w := range sub.warns {
		w.Line = line
		ps.warns = append(ps.warns, w)
	}
	return nodes, true
}

// bodyEmpty reports whether a tag has no body.
func (ps *parseState) bodyEmpty(n *tagBlock) bool {
	if n.oneLine {
		return strings.TrimSpace(string(n.inner.Value(ps.src))) == ""
	}
	return n.FirstChild() == nil
}

// tagNode maps a closed or single tag; a nil node means "keep it opaque"
// with the given warning.
func (ps *parseState) tagNode(n *tagBlock) (revision.Node, string, string) {
	if n.textAfterEnd {
		return nil, "", "text after {% end" + n.name + " %} on its line: kept as written"
	}
	attrs, ok := tagAttrs(n.args)
	if n.name != "if" && n.name != "include" && !ok {
		return nil, "", "cannot read the attributes of {% " + n.name + " %}"
	}
	needsEnd := map[string]bool{"hint": true, "tabs": true, "tab": true, "stepper": true, "step": true,
		"code": true, "content-ref": true, "openapi": true, "openapi-operation": true,
		"columns": true, "column": true, "updates": true, "update": true, "if": true, "prompt": true}
	if needsEnd[n.name] && !n.paired {
		return nil, WarnUnclosedTag, "{% " + n.name + " %} is not closed"
	}
	pos := ps.nodePos(n)
	container := func(data revision.BlockData) (revision.Node, string, string) {
		body, ok := ps.tagBody(n, data.BlockType())
		if !ok {
			return nil, "", "{% " + n.name + " %} nested too deeply on one line"
		}
		return revision.NewBlock(data, body...), "", ""
	}
	switch n.name {
	case "hint":
		style := attrs["style"]
		if style == "" {
			style = "info"
		}
		if !hintStyles[style] {
			// The schema knows four styles: anything else ("warn",
			// curly-quoted values) is kept verbatim rather than renamed.
			return nil, WarnUnknownBlock, "hint style " + strconv.Quote(style) + " is not info, warning, danger or success"
		}
		return container(&revision.Hint{Style: style, Icon: attrs["icon"]})
	case "if":
		return container(&revision.If{Expression: n.args})
	case "tabs":
		return ps.itemsTag(n, "tab", &revision.Tabs{}, func(a map[string]string) revision.BlockData {
			return &revision.TabsItem{Title: a["title"], Icon: a["icon"]}
		})
	case "stepper":
		return ps.itemsTag(n, "step", &revision.Stepper{}, func(a map[string]string) revision.BlockData {
			return &revision.StepperStep{Icon: a["icon"]}
		})
	case "columns":
		return ps.itemsTag(n, "column", &revision.Columns{}, func(a map[string]string) revision.BlockData {
			c := &revision.Column{VerticalAlignment: a["verticalAlignment"]}
			if w, ok := parseLength(a["width"]); ok {
				c.Width = &w
			}
			return c
		})
	case "updates":
		return ps.itemsTag(n, "update", &revision.Updates{Format: attrs["format"]}, func(a map[string]string) revision.BlockData {
			u := &revision.Update{Date: a["date"]}
			if t := a["tags"]; t != "" {
				// tags="new-releases,fixes": the tags' slugs.
				for _, slug := range strings.Split(t, ",") {
					u.Tags = append(u.Tags, revision.TagRef(slug))
				}
			}
			return u
		})
	case "tab", "step", "column", "update":
		return nil, "", "{% " + n.name + " %} outside its parent block"
	case "code":
		return ps.codeTag(n, attrs)
	case "prompt":
		return ps.promptTag(n, attrs)
	case "content-ref":
		// The printer writes [base(url)](url) inside; another body (a page
		// title as label) is kept as written (contract DECISION).
		if !ps.canonicalInnerLink(n, attrs["url"]) {
			return nil, keepSilently, ""
		}
		return revision.NewBlock(&revision.ContentRefBlock{Ref: ps.linkRef(attrs["url"], pos)}), "", ""
	case "page-ref":
		// The legacy form ({% page-ref page="x.md" %}, one line) of a
		// content reference.
		if n.paired || attrs["page"] == "" || len(attrs) != 1 {
			return nil, "", "{% page-ref %} other than one page=\"…\" line"
		}
		return revision.NewBlock(&revision.ContentRefBlock{Ref: ps.linkRef(attrs["page"], pos)}), "", ""
	case "embed":
		if !ps.bodyEmpty(n) {
			return nil, "", "{% embed %} with a caption"
		}
		e := &revision.Embed{URL: attrs["url"]}
		for k, v := range attrs {
			switch {
			case k == "url":
			case k == "fullWidth" && (v == "true" || v == "false"):
				b := v == "true"
				e.FullWidth = &b
			default:
				// A caption or another attribute the model does not hold.
				return nil, "", "{% embed %} with attribute " + k
			}
		}
		return revision.NewBlock(e), "", ""
	case "file":
		if !ps.bodyEmpty(n) {
			return nil, "", "{% file %} with a caption"
		}
		ref := ps.fileRef(attrs["src"], pos)
		if ref.Kind != revision.RefFile && ps.opts.Resolver != nil {
			// The schema wants a file block to reference a file of the
			// revision: a source that is a URL, or a file the tree lacks
			// (missing-file was given), keeps the block as written.
			return nil, WarnMissingFile, "{% file %} whose source is not a file of the project kept as is"
		}
		return revision.NewBlock(&revision.FileBlock{Ref: ref}), "", ""
	case "include":
		target, err := strconv.Unquote(strings.TrimSpace(n.args))
		if err != nil || n.paired {
			return nil, "", "cannot read {% include %}"
		}
		return revision.NewBlock(&revision.ReusableContentBlock{Ref: ps.includeRef(target, pos)}), "", ""
	case "openapi":
		src := attrs["src"]
		if !ps.innerLink(n, src, openAPILabel(src)) {
			return nil, "", "{% openapi %} with a body gitsync does not write"
		}
		return revision.NewBlock(&revision.Swagger{Ref: ps.fileRef(src, pos), Path: attrs["path"], Method: attrs["method"]}), "", ""
	case "openapi-operation":
		// Its body links to a signed, expiring URL the model cannot hold:
		// kept as written (contract DECISION). The typed block would be
		// OpenAPIOperation{Ref: {Kind: openapi, Spec: spec}, Path, Method}.
		return nil, keepSilently, ""
	}
	return nil, "", "unknown tag {% " + n.name + " %}"
}

// itemsTag converts a tag whose body is a list of item tags ({% tabs %} of
// {% tab %}…). Anything else in the body keeps the whole block opaque.
func (ps *parseState) itemsTag(n *tagBlock, item string, data revision.BlockData, itemData func(map[string]string) revision.BlockData) (revision.Node, string, string) {
	if n.oneLine {
		return nil, "", "{% " + n.name + " %} on one line"
	}
	items := []revision.Node{}
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		t, ok := c.(*tagBlock)
		if !ok || t.name != item || !t.paired || !t.closed {
			return nil, "", "{% " + n.name + " %} holding something else than {% " + item + " %}"
		}
		a, ok := tagAttrs(t.args)
		if !ok {
			return nil, "", "cannot read the attributes of {% " + item + " %}"
		}
		d := itemData(a)
		body, ok := ps.tagBody(t, d.BlockType())
		if !ok {
			return nil, "", "{% " + item + " %} nested too deeply on one line"
		}
		items = append(items, revision.NewBlock(d, body...))
	}
	return revision.NewBlock(data, items...), "", ""
}

// codeTag converts {% code title=… %} around one fenced code block.
func (ps *parseState) codeTag(n *tagBlock, attrs map[string]string) (revision.Node, string, string) {
	c := n.FirstChild()
	if n.oneLine || c == nil || c.NextSibling() != nil {
		return nil, "", "{% code %} not holding exactly one code block"
	}
	var data revision.Code
	switch c := c.(type) {
	case *ast.FencedCodeBlock:
		if c.Info != nil {
			data.Syntax = string(c.Language(ps.src))
		}
	case *ast.CodeBlock:
	default:
		return nil, "", "{% code %} not holding a code block"
	}
	for k, v := range attrs {
		switch k {
		case "title":
			data.Title = v
		case "overflow":
			data.Overflow = v
		case "lineNumbers", "fullWidth", "expandable":
			b, err := strconv.ParseBool(v)
			if err != nil {
				return nil, "", "{% code %} attribute " + k + " is not a boolean"
			}
			switch k {
			case "lineNumbers":
				data.LineNumbers = &b
			case "fullWidth":
				data.FullWidth = &b
			default:
				data.Expandable = &b
			}
		default:
			return nil, "", "{% code %} attribute " + k + " is not known"
		}
	}
	return ps.code(c, &data), "", ""
}

// canonicalInnerLink reports whether the body of {% openapi %} or
// {% content-ref %} is the link the printer writes: [base name of src](src).
func (ps *parseState) canonicalInnerLink(n *tagBlock, src string) bool {
	return ps.innerLink(n, src, path.Base(src))
}

// openAPILabel is the text GitBook writes in the body of {% openapi %}: the
// spec's file name, or the whole URL of a spec given by URL.
func openAPILabel(src string) string {
	if isAbsURL(src) {
		return src
	}
	return lastElem(src)
}

// innerLink reports whether a tag's body is exactly [label](src).
func (ps *parseState) innerLink(n *tagBlock, src, label string) bool {
	if n.oneLine {
		return false
	}
	p, ok := n.FirstChild().(*ast.Paragraph)
	if !ok || p.NextSibling() != nil {
		return false
	}
	l, ok := p.FirstChild().(*ast.Link)
	if !ok || l.NextSibling() != nil || unescape(l.Destination) != src {
		return false
	}
	text := revision.PlainText((&inlineBuilder{ps: ps}).linkText(l)...)
	return text == label
}

func (b *inlineBuilder) linkText(l *ast.Link) []revision.Node {
	b.walk(l, nil)
	return b.nodes()
}

// includeRef resolves a {% include %} path.
func (ps *parseState) includeRef(target string, pos int) *revision.ContentRef {
	if ps.opts.Resolver == nil {
		return ps.origin(revision.URLRef(target), target)
	}
	if ref, ok := ps.opts.Resolver.Include(target); ok && ref != nil {
		return ps.origin(ref, target)
	}
	ps.warn(pos, WarnUnresolvedLink, "cannot resolve include "+strconv.Quote(target))
	return ps.origin(revision.URLRef(target), target)
}

// parseLength reads "50%" or "200" (pixels).
func parseLength(s string) (revision.Length, bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return revision.Length{}, false
	}
	unit := ""
	num := s
	if i := strings.IndexFunc(s, func(r rune) bool { return !(r >= '0' && r <= '9' || r == '.' || r == '-') }); i >= 0 {
		num, unit = s[:i], s[i:]
	}
	if unit == "px" {
		unit = ""
	}
	v, err := strconv.ParseFloat(num, 64)
	if err != nil {
		return revision.Length{}, false
	}
	return revision.Length{Value: v, Unit: unit}, true
}

// promptTag maps {% prompt description="…" icon="…" openInAIProviders="true"
// defaultExpanded="partial" %} around one fenced code block.
func (ps *parseState) promptTag(n *tagBlock, attrs map[string]string) (revision.Node, string, string) {
	d := &revision.Prompt{}
	for k, v := range attrs {
		switch k {
		case "description":
			d.Description = v
		case "icon":
			d.Icon = v
		case "openInAIProviders":
			b, err := strconv.ParseBool(v)
			if err != nil {
				return nil, "", "{% prompt %} with openInAIProviders=" + strconv.Quote(v)
			}
			d.OpenInAIProviders = &b
		case "defaultExpanded":
			if v != "hidden" && v != "partial" && v != "full" {
				return nil, "", "{% prompt %} with defaultExpanded=" + strconv.Quote(v)
			}
			d.DefaultExpanded = v
		default:
			return nil, "", "{% prompt %} with attribute " + k
		}
	}
	if _, ok := attrs["description"]; !ok {
		return nil, "", "{% prompt %} without a description"
	}
	body, ok := ps.tagBody(n, "prompt")
	if !ok || len(body) != 1 {
		return nil, "", "{% prompt %} holding something else than one code block"
	}
	if b, ok := body[0].(*revision.Block); !ok || b.Type() != "code" {
		return nil, "", "{% prompt %} holding something else than one code block"
	}
	return revision.NewBlock(d, body...), "", ""
}
