package markdown

import (
	"strconv"
	"strings"

	"github.com/seed1bfafebe/gitsync/revision"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// Typed columns of GitBook's HTML tables (cards tables above all):
//
//	select:   <th>Title<select multiple><option value="id" label="L" color="blue"></option>…</select></th>,
//	          cells <span data-option="id">L, </span><span data-option="id2">L2</span>
//	checkbox: <th data-type="checkbox">, cells "true" or "false"
//	image:    <th data-type="image"> (data-card-cover, data-card-cover-dark),
//	          cells <a href="../.gitbook/assets/x.png">x.png</a>

// thSelect reads the <select> of a header cell; isSelect is false when the
// cell has none, ok false when it holds something else the model cannot.
func thSelect(th *html.Node) (sel struct {
	multiple *bool
	options  []revision.SelectOption
}, isSelect, ok bool) {
	for c := th.FirstChild; c != nil; c = c.NextSibling {
		switch {
		case c.Type == html.TextNode:
		case c.Type == html.ElementNode && c.DataAtom == atom.Select && !isSelect:
			isSelect = true
			multiple := false
			for _, a := range c.Attr {
				if a.Key != "multiple" {
					return sel, false, false
				}
				multiple = true
			}
			sel.multiple = &multiple
			opts, ok := elements(childNodes(c))
			if !ok {
				return sel, false, false
			}
			sel.options = []revision.SelectOption{}
			for _, o := range opts {
				if o.DataAtom != atom.Option || len(o.Attr) != 3 || o.Attr[0].Key != "value" ||
					o.Attr[1].Key != "label" || o.Attr[2].Key != "color" || o.FirstChild != nil {
					return sel, false, false
				}
				sel.options = append(sel.options, revision.SelectOption{Value: o.Attr[0].Val, Label: o.Attr[1].Val, Color: o.Attr[2].Val})
			}
		default:
			return sel, false, false
		}
	}
	return sel, isSelect, true
}

// typedCell reads a cell of a select, checkbox or image column; a nil value
// is an empty cell.
func (ps *parseState) typedCell(d revision.TableDefinition, kids []*html.Node, pos int) (*revision.CellValue, bool) {
	if len(kids) == 0 {
		return nil, true
	}
	switch d.Type {
	case "checkbox":
		if len(kids) != 1 || kids[0].Type != html.TextNode {
			return nil, false
		}
		v, err := strconv.ParseBool(kids[0].Data)
		if err != nil || kids[0].Data != strconv.FormatBool(v) {
			return nil, false
		}
		return &revision.CellValue{Bool: &v}, true
	case "image":
		if len(kids) != 1 || kids[0].DataAtom != atom.A || len(kids[0].Attr) != 1 || kids[0].Attr[0].Key != "href" {
			return nil, false
		}
		href := kids[0].Attr[0].Val
		v := &revision.CellValue{Ref: ps.fileRef(href, pos)}
		if text := textContent(kids[0]); text != lastElem(href) {
			v.Text = text
		}
		return v, true
	}
	// select: spans naming options, labels joined by ", ".
	labels := map[string]string{}
	for _, o := range d.Options {
		labels[o.Value] = o.Label
	}
	var values []string
	for i, k := range kids {
		if k.DataAtom != atom.Span || len(k.Attr) != 1 || k.Attr[0].Key != "data-option" {
			return nil, false
		}
		label, known := labels[k.Attr[0].Val]
		want := label
		if i < len(kids)-1 {
			want += ", "
		}
		if !known || textContent(k) != want || k.FirstChild == nil || k.FirstChild.NextSibling != nil {
			return nil, false
		}
		values = append(values, k.Attr[0].Val)
	}
	if len(values) > 1 && (d.Multiple == nil || !*d.Multiple) {
		return nil, false
	}
	return &revision.CellValue{Select: values}, true
}

// selectHTML writes the <select> of a select column's header cell.
func selectHTML(d revision.TableDefinition) string {
	var b strings.Builder
	b.WriteString("<select")
	if d.Multiple != nil && *d.Multiple {
		b.WriteString(" multiple")
	}
	b.WriteString(">")
	for _, o := range d.Options {
		b.WriteString(`<option value="` + attrEscape(o.Value) + `" label="` + attrEscape(o.Label) + `" color="` + attrEscape(o.Color) + `"></option>`)
	}
	b.WriteString("</select>")
	return b.String()
}

// typedCell writes a cell by its column's type.
func (p *printer) typedCell(d revision.TableDefinition, v revision.CellValue, frags map[string]*revision.Fragment) string {
	switch d.Type {
	case "checkbox":
		if v.Bool == nil {
			return ""
		}
		return strconv.FormatBool(*v.Bool)
	case "select":
		values := v.Select
		if values == nil {
			values = v.Files // as decoded from JSON
		}
		labels := map[string]string{}
		for _, o := range d.Options {
			labels[o.Value] = o.Label
		}
		var b strings.Builder
		for i, val := range values {
			label := labels[val]
			if i < len(values)-1 {
				label += ", "
			}
			b.WriteString(`<span data-option="` + attrEscape(val) + `">` + htmlText(label) + "</span>")
		}
		return b.String()
	}
	return p.htmlCell(v, frags)
}
