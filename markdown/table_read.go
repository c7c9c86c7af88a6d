package markdown

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/seed1bfafebe/gitsync/revision"
	"github.com/yuin/goldmark/ast"
	east "github.com/yuin/goldmark/extension/ast"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// Tables (GITBOOK_FORMAT.md §4): pipe tables and GitBook's HTML <table>
// become table blocks. Ids are derived from positions so that parsing a
// printed table gives the same table: columns "c0"…, records "r0"… ordered by
// "a0000"…, cell fragments "r0c0"….

func columnID(j int) string        { return "c" + strconv.Itoa(j) }
func recordID(i int) string        { return "r" + strconv.Itoa(i) }
func orderIndex(i int) string      { return fmt.Sprintf("a%04d", i) }
func cellFragment(i, j int) string { return recordID(i) + columnID(j) }

// tableBuilder collects a table's columns, records and cell fragments.
type tableBuilder struct {
	t     *revision.Table
	frags []*revision.Fragment
}

func newTableBuilder(view string) *tableBuilder {
	return &tableBuilder{t: &revision.Table{
		View:       revision.TableView{Type: view, Columns: []string{}},
		Records:    map[string]revision.TableRecord{},
		Definition: map[string]revision.TableDefinition{},
	}}
}

func (tb *tableBuilder) column(j int, title, typ, align string, visible bool) {
	id := columnID(j)
	tb.t.Definition[id] = revision.TableDefinition{ID: id, Title: title, Type: typ, TextAlignment: align}
	if visible {
		tb.t.View.Columns = append(tb.t.View.Columns, id)
	}
}

func (tb *tableBuilder) record(i int) revision.TableRecord {
	r := revision.TableRecord{OrderIndex: orderIndex(i), Values: map[string]revision.CellValue{}}
	tb.t.Records[recordID(i)] = r
	return r
}

func (tb *tableBuilder) textCell(r revision.TableRecord, i, j int, nodes []revision.Node) {
	if len(nodes) == 0 {
		nodes = []revision.Node{revision.NewBlock(&revision.Paragraph{}, revision.NewText(""))}
	}
	id := cellFragment(i, j)
	r.Values[columnID(j)] = revision.CellValue{Fragment: id}
	tb.frags = append(tb.frags, &revision.Fragment{Fragment: id, Nodes: nodes})
}

func (tb *tableBuilder) block() *revision.Block {
	b := revision.NewBlock(tb.t)
	b.Fragments = tb.frags
	if b.Fragments == nil {
		b.Fragments = []*revision.Fragment{}
	}
	return b
}

// pipeTable maps a GFM pipe table to a grid table.
func (ps *parseState) pipeTable(n *east.Table) revision.Node {
	tb := newTableBuilder("grid")
	ncols := len(n.Alignments)
	edges := ps.cellSpaces(n)
	edge := func(i, j int) cellEdge {
		if edges == nil {
			return cellEdge{}
		}
		return edges[i][j]
	}
	row := 0
	for r := n.FirstChild(); r != nil; r = r.NextSibling() {
		if _, isHeader := r.(*east.TableHeader); isHeader {
			j := 0
			for c := r.FirstChild(); c != nil && j < ncols; c = c.NextSibling() {
				title := ps.headerTitle(c, edge(0, j))
				tb.column(j, title, "text", alignName(n.Alignments[j]), true)
				j++
			}
			for ; j < ncols; j++ {
				tb.column(j, "", "text", alignName(n.Alignments[j]), true)
			}
			continue
		}
		rec := tb.record(row)
		j := 0
		for c := r.FirstChild(); c != nil && j < ncols; c = c.NextSibling() {
			nodes, ok := ps.pipeCellBlocks(c)
			if !ok {
				nodes = []revision.Node{revision.NewBlock(&revision.Paragraph{}, ps.cellInlines(c, edge(row+1, j))...)}
			}
			tb.textCell(rec, row, j, nodes)
			j++
		}
		for ; j < ncols; j++ {
			tb.textCell(rec, row, j, nil)
		}
		row++
	}
	return tb.block()
}

// pipeCellBlocks reads a pipe-table cell written as HTML blocks: GitBook
// writes a cell holding several blocks as "<p>…</p><p>…</p>" or
// "<p>…</p><ul><li>…</li></ul>" inside the pipe table. ok is false when the
// cell is not made of <p>, <ul> and <ol> elements only.
func (ps *parseState) pipeCellBlocks(c ast.Node) ([]revision.Node, bool) {
	if c.Lines().Len() != 1 {
		return nil, false
	}
	seg := c.Lines().At(0)
	raw := string(seg.Value(ps.src))
	if !strings.HasPrefix(raw, "<p>") && !strings.HasPrefix(raw, "<ul>") && !strings.HasPrefix(raw, "<ol>") {
		return nil, false
	}
	nodes, ok := parseHTMLFragment(strings.ReplaceAll(raw, `\|`, "|"))
	if !ok {
		return nil, false
	}
	els, ok := elements(nodes)
	if !ok || len(els) == 0 {
		return nil, false
	}
	for _, e := range els {
		if e.DataAtom != atom.P && e.DataAtom != atom.Ul && e.DataAtom != atom.Ol || len(e.Attr) > 0 || markdownInText(e) {
			return nil, false
		}
	}
	return ps.domBlocks(nodes, seg.Start, 0)
}

// markdownInText reports whether a text node under n holds Markdown syntax
// (GitBook reads "<p>the `id`</p>" in a pipe cell as code): such cells keep
// the inline reading. Characters that Markdown leaves as they are
// ("uuid_generate_v1", a lone "*") do not count.
func markdownInText(n *html.Node) bool {
	if n.Type == html.TextNode {
		return !plainMarkdown(n.Data)
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if markdownInText(c) {
			return true
		}
	}
	return false
}

// plainMarkdown reports whether s, the decoded text of an HTML text node,
// read as Markdown, is s itself as plain text. A "<" or "&" there was an
// entity reference or a literal in the source, which Markdown keeps as text.
func plainMarkdown(s string) bool {
	t := strings.Trim(s, " \t")
	if !strings.ContainsAny(t, "*_`[]~\\$!") {
		return true
	}
	t = strings.NewReplacer("<", "%", "&", "%").Replace(t)
	src := []byte(t)
	para := (&parseState{}).goldmark(src).FirstChild()
	if para == nil || para.NextSibling() != nil || para.Kind() != ast.KindParagraph {
		return false
	}
	var b []byte
	for c := para.FirstChild(); c != nil; c = c.NextSibling() {
		tx, ok := c.(*ast.Text)
		if !ok || tx.SoftLineBreak() || tx.HardLineBreak() {
			return false
		}
		b = append(b, tx.Segment.Value(src)...)
	}
	// goldmark keeps backslash escapes in the text segments (they are
	// decoded when rendering): "\\_" is not plain.
	return string(b) == t && !markdownEscape.MatchString(t)
}

var markdownEscape = regexp.MustCompile(`\\[!-/:-@\[-` + "`" + `{-~]`)

func alignName(a east.Alignment) string {
	switch a {
	case east.AlignCenter:
		return "center"
	case east.AlignRight:
		return "right"
	}
	return "left"
}

// htmlTable maps GitBook's HTML <table>: grid or cards view, hidden columns,
// content-ref and files columns, full width. Anything else: nil (opaque).
func (ps *parseState) htmlTable(src string, pos int) (revision.Node, string) {
	nodes, ok := parseHTMLFragment(src)
	if !ok {
		return nil, "not parsable"
	}
	els, ok := elements(nodes)
	if !ok || len(els) != 1 || els[0].DataAtom != atom.Table {
		return nil, "not a single table"
	}
	table := els[0]
	tb := newTableBuilder("grid")
	for _, a := range table.Attr {
		switch a.Key {
		case "data-view":
			if a.Val != "cards" && a.Val != "grid" {
				return nil, "data-view"
			}
			tb.t.View.Type = a.Val
			if a.Val == "cards" && tb.t.View.CardSize == "" {
				tb.t.View.CardSize = "medium"
			}
		case "data-card-size":
			tb.t.View.CardSize = a.Val
		case "data-full-width":
			v, err := strconv.ParseBool(a.Val)
			if err != nil {
				return nil, "data-full-width"
			}
			tb.t.FullWidth = &v
		case "data-header-hidden":
			tb.t.View.HideHeader = true
		case "data-search", "data-card-wrap":
			v, err := strconv.ParseBool(a.Val)
			if err != nil {
				return nil, a.Key
			}
			if a.Key == "data-search" {
				tb.t.Search = &v
			} else {
				tb.t.View.Wrap = &v
			}
		default:
			return nil, "table attribute " + a.Key
		}
	}
	parts, ok := elements(childNodes(table))
	if !ok {
		return nil, "table content"
	}
	var head *html.Node
	var rows []*html.Node
	for _, p := range parts {
		switch {
		case p.DataAtom == atom.Thead && head == nil && len(p.Attr) == 0:
			trs, ok := elements(childNodes(p))
			if !ok || len(trs) != 1 || trs[0].DataAtom != atom.Tr || len(trs[0].Attr) > 0 {
				return nil, "thead"
			}
			head = trs[0]
		case p.DataAtom == atom.Tbody && len(p.Attr) == 0:
			trs, ok := elements(childNodes(p))
			if !ok {
				return nil, "tbody"
			}
			rows = append(rows, trs...)
		default:
			return nil, "table part"
		}
	}
	if head == nil {
		return nil, "no thead"
	}
	ths, ok := elements(childNodes(head))
	if !ok || len(ths) == 0 {
		return nil, "no header cells"
	}
	types := make([]string, len(ths))
	for j, th := range ths {
		if th.DataAtom != atom.Th {
			return nil, "header cell element"
		}
		typ, align, valign, visible := "text", "", "", true
		for _, a := range th.Attr {
			switch a.Key {
			case "data-type":
				typ = a.Val
			case "data-hidden":
				visible = false
			case "data-card-target":
				tb.t.View.TargetDefinition = columnID(j)
			case "data-card-cover":
				tb.t.View.CoverDefinition = columnID(j)
			case "data-card-cover-dark":
				tb.t.View.CoverDefinitionDark = columnID(j)
			case "width":
				w, err := strconv.ParseFloat(a.Val, 64)
				if err != nil {
					return nil, "th width"
				}
				if tb.t.View.ColumnWidths == nil {
					tb.t.View.ColumnWidths = map[string]float64{}
				}
				tb.t.View.ColumnWidths[columnID(j)] = w
			case "align":
				align = a.Val
			case "valign":
				switch a.Val {
				case "top", "middle", "bottom":
					valign = a.Val
				default:
					return nil, "th valign"
				}
			case "style":
				v, found := strings.CutPrefix(strings.TrimSuffix(strings.TrimSpace(a.Val), ";"), "text-align:")
				if !found {
					return nil, "th style"
				}
				align = strings.TrimSpace(v)
			default:
				return nil, "th attribute " + a.Key
			}
		}
		sel, isSelect, ok := thSelect(th)
		if !ok {
			return nil, "th select"
		}
		if isSelect {
			if typ != "text" {
				return nil, "column type"
			}
			typ = "select"
		}
		switch typ {
		case "text", "content-ref", "files", "select", "checkbox", "image":
		default:
			return nil, "column type"
		}
		switch align {
		case "", "left", "center", "right":
		default:
			return nil, "alignment"
		}
		if align == "" {
			align = "left"
		}
		types[j] = typ
		tb.column(j, strings.TrimSpace(textContent(th)), typ, align, visible)
		d := tb.t.Definition[columnID(j)]
		d.VerticalAlignment = valign
		if isSelect {
			d.Multiple, d.Options = sel.multiple, sel.options
		}
		if (typ == "select" || typ == "checkbox" || typ == "image") && align == "left" {
			d.TextAlignment = ""
		}
		tb.t.Definition[columnID(j)] = d
	}
	for i, tr := range rows {
		if tr.DataAtom != atom.Tr || len(tr.Attr) > 0 {
			return nil, "row element"
		}
		tds, ok := elements(childNodes(tr))
		if !ok || len(tds) > len(ths) {
			return nil, "row cells"
		}
		rec := tb.record(i)
		for j := range ths {
			var kids []*html.Node
			if j < len(tds) {
				if tds[j].DataAtom != atom.Td || !cellAttrsOK(tds[j].Attr, tb.t.Definition[columnID(j)]) {
					return nil, "td attribute"
				}
				kids = childNodes(tds[j])
			}
			if !ps.htmlCell(tb, rec, i, j, types[j], kids, pos) {
				return nil, "cell content"
			}
		}
	}
	return tb.block(), ""
}

// htmlCell maps one cell: blocks for text columns, a link for content-ref,
// links to files for files columns.
func (ps *parseState) htmlCell(tb *tableBuilder, rec revision.TableRecord, i, j int, typ string, kids []*html.Node, pos int) bool {
	switch typ {
	case "select", "checkbox", "image":
		v, ok := ps.typedCell(tb.t.Definition[columnID(j)], kids, pos)
		if ok && v != nil {
			rec.Values[columnID(j)] = *v
		}
		return ok
	case "content-ref", "files":
		links, ok := elements(kids)
		if !ok {
			return false
		}
		var files []string
		for _, a := range links {
			href, ok := attrOf(a.Attr, "href")
			if a.DataAtom != atom.A || !ok || len(a.Attr) != 1 {
				return false
			}
			if typ == "content-ref" {
				if len(links) != 1 {
					return false
				}
				v := revision.CellValue{Ref: ps.linkRef(href, pos)}
				if text := textContent(a); text != lastElem(href) {
					v.Text = text
				}
				rec.Values[columnID(j)] = v
				continue
			}
			ref := ps.fileRef(href, pos)
			id := ref.File
			if ref.Kind != revision.RefFile {
				id = href
			}
			files = append(files, id)
		}
		if typ == "files" && files != nil {
			rec.Values[columnID(j)] = revision.CellValue{Files: files}
		}
		return true
	}
	if len(kids) == 1 && kids[0].Type == html.TextNode && strings.Trim(kids[0].Data, " ") == "" {
		// "<td> </td>": GitBook keeps a cell holding only spaces as text.
		tb.textCell(rec, i, j, []revision.Node{revision.NewBlock(&revision.Paragraph{}, revision.NewText(kids[0].Data))})
		return true
	}
	nodes, ok := ps.domBlocks(kids, pos, 0)
	if !ok {
		return false
	}
	tb.textCell(rec, i, j, nodes)
	return true
}

func textContent(n *html.Node) string {
	var sb strings.Builder
	var walk func(n *html.Node, depth int)
	walk = func(n *html.Node, depth int) {
		if depth > maxDOMDepth {
			return
		}
		if n.Type == html.TextNode {
			sb.WriteString(n.Data)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c, depth+1)
		}
	}
	walk(n, 0)
	return sb.String()
}

// cellAttrsOK accepts the alignment attributes GitBook repeats on each cell,
// when they agree with the column's alignment.
func cellAttrsOK(attrs []html.Attribute, d revision.TableDefinition) bool {
	align := d.TextAlignment
	for _, a := range attrs {
		var v string
		switch a.Key {
		case "valign":
			if a.Val != d.VerticalAlignment {
				return false
			}
			continue
		case "align":
			v = a.Val
		case "style":
			var found bool
			v, found = strings.CutPrefix(strings.TrimSuffix(strings.TrimSpace(a.Val), ";"), "text-align:")
			if !found {
				return false
			}
		default:
			return false
		}
		if strings.TrimSpace(v) != align {
			return false
		}
	}
	return true
}
