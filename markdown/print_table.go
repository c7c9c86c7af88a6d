package markdown

import (
	"sort"
	"strconv"
	"strings"
	"unicode/utf16"

	"github.com/seed1bfafebe/gitsync/revision"
)

// table prints a grid table whose cells are single paragraphs as a padded
// pipe table, anything else (cards, full width, column widths, block cells)
// as one-line HTML (GITBOOK_FORMAT.md §6).
func (p *printer) table(b *revision.Block, t *revision.Table) string {
	frags := map[string]*revision.Fragment{}
	for _, f := range b.Fragments {
		frags[f.Fragment] = f
	}
	rows := sortedRecords(t)
	if p.pipeable(t, rows, frags) {
		return p.pipeTable(t, rows, frags)
	}
	return p.htmlTable(t, rows, frags)
}

func sortedRecords(t *revision.Table) []revision.TableRecord {
	ids := make([]string, 0, len(t.Records))
	for id := range t.Records {
		ids = append(ids, id)
	}
	sort.Slice(ids, func(i, j int) bool {
		ri, rj := t.Records[ids[i]], t.Records[ids[j]]
		if ri.OrderIndex != rj.OrderIndex {
			return ri.OrderIndex < rj.OrderIndex
		}
		return ids[i] < ids[j]
	})
	rows := make([]revision.TableRecord, len(ids))
	for i, id := range ids {
		rows[i] = t.Records[id]
	}
	return rows
}

// cellNodes returns the blocks of a text cell (nil for an empty cell).
func cellNodes(v revision.CellValue, frags map[string]*revision.Fragment) []revision.Node {
	if f := frags[v.Fragment]; f != nil {
		return f.Nodes
	}
	return nil
}

func (p *printer) pipeable(t *revision.Table, rows []revision.TableRecord, frags map[string]*revision.Fragment) bool {
	if t.View.Type != "grid" && t.View.Type != "" || t.FullWidth != nil || len(t.View.ColumnWidths) > 0 || t.View.HideHeader || t.Search != nil {
		return false
	}
	if len(t.View.Columns) == 0 || len(t.View.Columns) != len(t.Definition) {
		return false
	}
	for _, c := range t.View.Columns {
		d, ok := t.Definition[c]
		if !ok || d.Type != "text" && d.Type != "" || d.VerticalAlignment != "" {
			return false
		}
	}
	for _, r := range rows {
		for _, c := range t.View.Columns {
			v := r.Values[c]
			if v.Ref != nil || v.Files != nil {
				return false
			}
			ns := cellNodes(v, frags)
			for _, n := range ns {
				if !pipeCellBlock(n) {
					return false
				}
			}
			if len(ns) > 0 && !pipeCellInline(ns) && htmlHoldsMarkdown(p.htmlBlocks(ns)) {
				// The reader takes Markdown syntax inside a cell's HTML for
				// Markdown (printer-to-reader.md R15): keep the <table> form.
				return false
			}
		}
	}
	return true
}

// pipeCellBlock reports whether a block can stand in a pipe table cell:
// GitBook writes a cell of several blocks as HTML inside the pipe table
// ("| <p>a</p><p>b</p> |", "| <ul><li>x</li></ul> |").
func pipeCellBlock(n revision.Node) bool {
	b, ok := n.(*revision.Block)
	if !ok {
		return false
	}
	switch b.Data.(type) {
	case *revision.Paragraph, *revision.ListUnordered, *revision.ListOrdered:
		return true
	}
	return false
}

func isParagraph(n revision.Node) bool {
	if b, ok := n.(*revision.Block); ok {
		_, ok := b.Data.(*revision.Paragraph)
		return ok
	}
	return false
}

// jsLen measures like JavaScript's String.length, as GitBook's table
// formatter does.
func jsLen(s string) int {
	n := 0
	for _, r := range s {
		n += len(utf16.Encode([]rune{r}))
	}
	return n
}

// pipeCellInline reports whether a cell is written as Markdown inline
// content: one paragraph without a hard break (else it is written as HTML:
// "<p>a<br>b</p>", "<p>a</p><p>b</p>").
func pipeCellInline(ns []revision.Node) bool {
	return len(ns) == 1 && isParagraph(ns[0]) && !strings.Contains(revision.PlainText(ns[0]), "\n")
}

func (p *printer) pipeCell(ns []revision.Node) string {
	if pipeCellInline(ns) {
		return p.inlines(ns[0].(*revision.Block).Nodes, ctxTableCell)
	}
	return strings.ReplaceAll(p.htmlBlocks(ns), "|", "\\|")
}

func (p *printer) pipeTable(t *revision.Table, rows []revision.TableRecord, frags map[string]*revision.Fragment) string {
	cols := t.View.Columns
	cells := make([][]string, 0, len(rows)+1)
	head := make([]string, len(cols))
	for i, c := range cols {
		head[i] = headerCell(t.Definition[c].Title)
	}
	cells = append(cells, head)
	for _, r := range rows {
		row := make([]string, len(cols))
		for i, c := range cols {
			row[i] = p.pipeCell(cellNodes(r.Values[c], frags))
		}
		cells = append(cells, row)
	}
	width := make([]int, len(cols))
	align := make([]string, len(cols))
	for i, c := range cols {
		align[i] = t.Definition[c].TextAlignment
		edgeSpaces(cells, i, align[i])
		width[i] = 1
		switch align[i] {
		case "center":
			width[i] = 3
		case "right":
			width[i] = 2
		}
		for _, row := range cells {
			if l := jsLen(row[i]); l > width[i] {
				width[i] = l
			}
		}
	}
	var b strings.Builder
	writeRow := func(row []string) {
		b.WriteString("|")
		for i, cell := range row {
			pad := width[i] - jsLen(cell)
			left := 0
			switch align[i] {
			case "right":
				left = pad
			case "center":
				left = pad / 2
			}
			b.WriteString(" " + strings.Repeat(" ", left) + cell + strings.Repeat(" ", pad-left) + " |")
		}
	}
	writeRow(cells[0])
	b.WriteString("\n|")
	for i := range cols {
		dash := strings.Repeat("-", width[i])
		switch align[i] {
		case "center":
			dash = ":" + dash[2:] + ":"
		case "right":
			dash = dash[1:] + ":"
		}
		b.WriteString(" " + dash + " |")
	}
	for _, row := range cells[1:] {
		b.WriteString("\n")
		writeRow(row)
	}
	return b.String()
}

// edgeSpaces keeps the spaces that start or end the cells of column i as
// they are where the reader can tell them from padding (cellSpaces): leading
// ones in a column aligned left, trailing ones in the one cell that is the
// widest of its column without them. Others are written "&#x20;".
func edgeSpaces(cells [][]string, i int, align string) {
	plain := align != "center" && align != "right"
	var ends []int
	for r, row := range cells {
		if !plain && strings.HasPrefix(row[i], " ") {
			row[i] = "&#x20;" + row[i][1:]
		}
		if strings.HasSuffix(row[i], " ") {
			ends = append(ends, r)
		}
	}
	if plain && len(ends) == 1 && widestWithout(cells, i, ends[0]) {
		return
	}
	for _, r := range ends {
		cells[r][i] = encodeLastSpace(cells[r][i])
	}
}

// widestWithout reports whether cell r of column i, without its trailing
// spaces, is still wider than every other cell of the column.
func widestWithout(cells [][]string, i, r int) bool {
	own := jsLen(strings.TrimRight(cells[r][i], " "))
	if own == 0 {
		return false
	}
	for k, row := range cells {
		if k != r && jsLen(row[i]) >= own {
			return false
		}
	}
	return true
}

func encodeLastSpace(s string) string {
	if !strings.HasSuffix(s, " ") {
		return s
	}
	return s[:len(s)-1] + "&#x20;"
}

// escapeCellText escapes a header title for a pipe table cell.
func escapeCellText(s string) string {
	var p printer
	return p.escapeText(s, ctxTableCell, textEdges{lineStart: true, end: true})
}

func (p *printer) htmlTable(t *revision.Table, rows []revision.TableRecord, frags map[string]*revision.Fragment) string {
	var b strings.Builder
	b.WriteString("<table")
	if t.View.HideHeader {
		b.WriteString(" data-header-hidden")
	}
	if t.View.Type == "cards" {
		if t.View.CardSize != "" && t.View.CardSize != "medium" {
			b.WriteString(` data-card-size="` + t.View.CardSize + `"`)
		}
		if t.View.Wrap != nil {
			b.WriteString(` data-card-wrap="` + strconv.FormatBool(*t.View.Wrap) + `"`)
		}
		b.WriteString(` data-view="cards"`)
	}
	if t.FullWidth != nil {
		b.WriteString(` data-full-width="` + strconv.FormatBool(*t.FullWidth) + `"`)
	}
	if t.Search != nil {
		b.WriteString(` data-search="` + strconv.FormatBool(*t.Search) + `"`)
	}
	b.WriteString("><thead><tr>")
	// Hidden columns (not in the view) come after the visible ones.
	cols := append([]string(nil), t.View.Columns...)
	visible := map[string]bool{}
	for _, c := range cols {
		visible[c] = true
	}
	var hidden []string
	for id := range t.Definition {
		if !visible[id] {
			hidden = append(hidden, id)
		}
	}
	// In the reader's order: "c5" before "c10" (GITBOOK-1255 in GitBook's
	// docs has twelve columns, seven of them hidden).
	sort.Slice(hidden, func(i, j int) bool { return naturalLess(hidden[i], hidden[j]) })
	cols = append(cols, hidden...)
	for _, c := range cols {
		d := t.Definition[c]
		b.WriteString("<th")
		if w, ok := t.View.ColumnWidths[c]; ok {
			b.WriteString(` width="` + strconv.FormatFloat(w, 'f', -1, 64) + `"`)
		}
		if !visible[c] {
			b.WriteString(" data-hidden")
		}
		if c == t.View.TargetDefinition && t.View.TargetDefinition != "" {
			b.WriteString(" data-card-target")
		}
		if c == t.View.CoverDefinition && t.View.CoverDefinition != "" {
			b.WriteString(" data-card-cover")
		}
		if c == t.View.CoverDefinitionDark && t.View.CoverDefinitionDark != "" {
			b.WriteString(" data-card-cover-dark")
		}
		if d.Type == "select" {
			b.WriteString(cellAlign(d) + ">" + htmlText(d.Title) + selectHTML(d) + "</th>")
			continue
		}
		if d.Type != "" && d.Type != "text" {
			b.WriteString(` data-type="` + d.Type + `"`)
		}
		b.WriteString(cellAlign(d) + ">" + htmlText(d.Title) + "</th>")
	}
	b.WriteString("</tr></thead><tbody>")
	for _, r := range rows {
		b.WriteString("<tr>")
		for _, c := range cols {
			// GitBook repeats the column's alignment on each cell.
			b.WriteString("<td" + cellAlign(t.Definition[c]) + ">" + p.typedCell(t.Definition[c], r.Values[c], frags) + "</td>")
		}
		b.WriteString("</tr>")
	}
	b.WriteString("</tbody></table>")
	return b.String()
}

func (p *printer) htmlCell(v revision.CellValue, frags map[string]*revision.Fragment) string {
	if v.Ref != nil {
		h := p.href(v.Ref)
		text := v.Text
		if text == "" {
			text = lastElem(h)
		}
		return `<a href="` + attrEscape(h) + `">` + htmlText(text) + "</a>"
	}
	if v.Files != nil {
		var b strings.Builder
		for _, f := range v.Files {
			h := p.href(&revision.ContentRef{Kind: revision.RefFile, File: f})
			b.WriteString(`<a href="` + attrEscape(h) + `">` + htmlText(lastElem(h)) + "</a>")
		}
		return b.String()
	}
	return p.htmlBlocksInline(cellNodes(v, frags))
}

// htmlHoldsMarkdown reports whether the text of a cell's HTML holds Markdown
// syntax that the reader would read as Markdown in a pipe cell (see
// markdownInText); plain "uuid_generate_v1" does not count.
func htmlHoldsMarkdown(h string) bool {
	nodes, ok := parseHTMLFragment(h)
	if !ok {
		return true
	}
	for _, n := range nodes {
		if markdownInText(n) {
			return true
		}
	}
	return false
}

// cellAlign writes a column's alignment attributes.
func cellAlign(d revision.TableDefinition) string {
	s := ""
	if d.TextAlignment == "center" || d.TextAlignment == "right" {
		s += ` align="` + d.TextAlignment + `"`
	}
	if d.VerticalAlignment != "" {
		s += ` valign="` + d.VerticalAlignment + `"`
	}
	return s
}

// naturalLess orders ids by their text, a run of digits at the end by its
// number ("c9" before "c10").
func naturalLess(a, b string) bool {
	pa, na := splitNumber(a)
	pb, nb := splitNumber(b)
	if pa != pb || na == "" || nb == "" {
		return a < b
	}
	ta, tb := strings.TrimLeft(na, "0"), strings.TrimLeft(nb, "0")
	if len(ta) != len(tb) {
		return len(ta) < len(tb)
	}
	if ta != tb {
		return ta < tb
	}
	return a < b
}

// splitNumber splits s into its text and the digits it ends with.
func splitNumber(s string) (string, string) {
	i := len(s)
	for i > 0 && s[i-1] >= '0' && s[i-1] <= '9' {
		i--
	}
	return s[:i], s[i:]
}
