package markdown

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/seed1bfafebe/gitsync/revision"
)

func para(ns ...revision.Node) *revision.Block {
	return revision.NewBlock(&revision.Paragraph{}, ns...)
}

func txt(s string, marks ...revision.MarkType) *revision.Text {
	var ms []revision.Mark
	for _, m := range marks {
		ms = append(ms, revision.Mark{Type: m})
	}
	return revision.NewText(s, ms...)
}

func leaves(ls ...revision.Leaf) *revision.Text { return &revision.Text{Leaves: ls} }

func leaf(s string, marks ...revision.MarkType) revision.Leaf {
	var ms []revision.Mark
	for _, m := range marks {
		ms = append(ms, revision.Mark{Type: m})
	}
	return revision.Leaf{Text: s, Marks: ms}
}

func ptr[T any](v T) *T { return &v }

func TestPrintBlock(t *testing.T) {
	bold, italic, code := revision.MarkBold, revision.MarkItalic, revision.MarkCode
	tests := []struct {
		name string
		node revision.Node
		want string
	}{
		{"plain", para(txt("Hello world")), "Hello world"},
		{"escapes", para(txt("a*b_c [d] `e` <x> | ~ $5 & {% x %}")), "a\\*b\\_c \\[d] \\`e\\` \\<x> | \\~ $5 & \\{% x %\\}"},
		{"ampersand entity", para(txt("&amp; and & ")), `\&amp; and &&#x20;`},
		{"line start", para(txt("# not heading\n- not list\n1. not ordered")), "\\# not heading\\\n\\- not list\\\n1\\. not ordered"},
		{"trailing space", para(txt("end. ")), "end.&#x20;"},
		{"nested marks", para(leaves(leaf("a ", italic), leaf("b", bold, italic), leaf(" c", italic))), "_a **b** c_"},
		{"marks in fixed order", para(leaves(leaf("a", bold, italic), leaf(" b", bold))), "_**a**_**&#x20;b**"},
		{"italic inside a word", para(leaves(leaf("the "), leaf("m", italic), leaf("anager"))), "the _&#x6D;_&#x61;nager"},
		{"italic between letters", para(leaves(leaf("a", italic), leaf("b", bold, italic), leaf("c", italic))), "_a**b**c_"},
		{"italic inside bold word", para(leaves(leaf("x", bold), leaf("y", italic), leaf("z", bold))), "**x**_y_**z**"},
		{"bold after a letter", para(leaves(leaf("x"), leaf("(y)", bold))), "&#x78;**(y)**"},
		{"bold between letters", para(leaves(leaf("x"), leaf("y", bold), leaf("z"))), "x**y**z"},
		{"italic outside bold", para(txt("x", italic, bold)), "_**x**_"},
		{"bold code", para(txt("k", bold, code)), "**`k`**"},
		{"space before closing mark", para(leaves(leaf("hi ", bold), leaf("there"))), "**hi&#x20;**&#x74;here"},
		{"space after opening mark", para(leaves(leaf("x", italic), leaf(" y", bold))), "_x_**&#x20;y**"},
		{"code with backtick", para(txt("a`b", code)), "``a`b``"},
		{"code with double backtick", para(txt("a``b", code)), "`a``b`"},
		{"bracket", para(txt("[x]")), `\[x]`},
		{"bracket in link", para(revision.NewInline(&revision.Link{Ref: revision.URLRef("u")}, txt("[x]"))), `[\[x\]](u)`},
		{"inline image", para(txt("a "), revision.NewInline(&revision.InlineImage{Ref: revision.URLRef("i.png"), Alt: "b"})), "a ![b](i.png)"},
		{"inline image sized", para(revision.NewInline(&revision.InlineImage{Ref: revision.URLRef("i.png"), Size: "line"})), `<img src="i.png" alt="" data-size="line">`},
		{"trailing backslash", para(txt(`a\`)), `a\\`},
		{"tilde before strike", para(leaves(leaf("~"), leaf("x", revision.MarkStrikethrough))), "&#x7E;~~x~~"},
		{"heading number", revision.NewBlock(&revision.Heading{Level: 1}, txt("1. Intro")), "## 1. Intro"},
		{"bold number", para(txt("1. Step", bold)), "**1. Step**"},
		{"link", para(revision.NewInline(&revision.Link{Ref: revision.URLRef("https://x.org/?a=1&b=2")}, txt("site", bold))), `[**site**](https://x.org/?a=1\&b=2)`},
		{"link with space", para(revision.NewInline(&revision.Link{Ref: revision.URLRef("a b.md")}, txt("x"))), "[x](<a b.md>)"},
		{"mention", para(revision.NewInline(&revision.Mention{Ref: revision.URLRef("../dir/page.md")})), `[page.md](../dir/page.md "mention")`},
		{"emoji", para(revision.NewInline(&revision.Emoji{Code: "1f50d"})), `<span data-gb-custom-inline data-tag="emoji" data-code="1f50d">🔍</span>`},
		{"emoji text presentation", para(revision.NewInline(&revision.Emoji{Code: "1f6e0"})), `<span data-gb-custom-inline data-tag="emoji" data-code="1f6e0">🛠` + "\uFE0F" + `</span>`},
		{"emoji sequence", para(revision.NewInline(&revision.Emoji{Code: "1f468-200d-1f4bb"})), `<span data-gb-custom-inline data-tag="emoji" data-code="1f468-200d-1f4bb">👨` + "\u200d" + `💻</span>`},
		{"color", para(txt("red", revision.MarkType("x")), leaves(revision.Leaf{Text: "hot", Marks: []revision.Mark{{Type: revision.MarkColor, Text: "red", Background: "default"}}})), `red<mark style="color:red;">hot</mark>`},
		{"heading id", revision.NewBlock(&revision.Heading{Level: 2, ID: "x1"}, txt("Title")), `### Title <a href="#x1" id="x1"></a>`},
		{"empty heading", revision.NewBlock(&revision.Heading{Level: 2}, txt("")), "###"},
		{"divider", revision.NewBlock(&revision.Divider{}), "***"},
		{"opaque", &revision.Opaque{Source: "<div>\nkept\n</div>"}, "<div>\nkept\n</div>"},
		{"raw", &revision.Raw{JSON: []byte(`{"object":"block","type":"drawing"}`)}, ""},
		{"hint", revision.NewBlock(&revision.Hint{Style: "info"}, para(txt("Note."))), "{% hint style=\"info\" %}\nNote.\n{% endhint %}"},
		{"code wrapper", revision.NewBlock(&revision.Code{Syntax: "js", Title: "a.js", LineNumbers: ptr(true)},
			revision.NewBlock(&revision.CodeLine{}, txt("x()")), revision.NewBlock(&revision.CodeLine{}, txt(""))),
			"{% code title=\"a.js\" lineNumbers=\"true\" %}\n```js\nx()\n\n```\n{% endcode %}"},
		{"code fence", revision.NewBlock(&revision.Code{}, revision.NewBlock(&revision.CodeLine{}, txt("```"))), "````\n```\n````"},
		{"spread item", revision.NewBlock(&revision.ListUnordered{},
			revision.NewBlock(&revision.ListItem{}, para(txt("a")), para(txt("b"))),
			revision.NewBlock(&revision.ListItem{}, para(txt("c")), revision.NewBlock(&revision.ListUnordered{}, revision.NewBlock(&revision.ListItem{}, para(txt("d")))))),
			"*   a\n\n    b\n* c\n  * d"},
		{"ordered start", revision.NewBlock(&revision.ListOrdered{Start: ptr(3)},
			revision.NewBlock(&revision.ListItem{}, para(txt("x"))), revision.NewBlock(&revision.ListItem{}, para(txt("y")))),
			"3. x\n4. y"},
		{"tasks", revision.NewBlock(&revision.ListTasks{},
			revision.NewBlock(&revision.ListItem{Checked: ptr(true)}, para(txt("done"))), revision.NewBlock(&revision.ListItem{Checked: ptr(false)}, para(txt("todo")))),
			"- [x] done\n- [ ] todo"},
		{"adjacent lists", revision.NewBlock(&revision.Quote{},
			revision.NewBlock(&revision.ListUnordered{}, revision.NewBlock(&revision.ListItem{}, para(txt("a")))),
			revision.NewBlock(&revision.ListUnordered{}, revision.NewBlock(&revision.ListItem{}, para(txt("b")))),
			revision.NewBlock(&revision.ListUnordered{}, revision.NewBlock(&revision.ListItem{}, para(txt("c")))),
			revision.NewBlock(&revision.ListOrdered{}, revision.NewBlock(&revision.ListItem{}, para(txt("d")))),
			revision.NewBlock(&revision.ListOrdered{}, revision.NewBlock(&revision.ListItem{}, para(txt("e"))))),
			"> * a\n>\n> - b\n>\n> * c\n>\n> 1. d\n>\n> 1) e"},
		{"aligned figure", revision.NewBlock(&revision.Images{Align: "center"}, revision.NewBlock(&revision.Image{Ref: revision.URLRef("a.png"), Height: &revision.Length{Value: 20}})),
			`<div align="center"><figure><img src="a.png" alt="" height="20"><figcaption></figcaption></figure></div>`},
		{"quote", revision.NewBlock(&revision.Quote{}, para(txt("a")), para(txt("b"))), "> a\n>\n> b"},
		{"figure", revision.NewBlock(&revision.Images{WithFrame: ptr(true)}, &revision.Block{Data: &revision.Image{Ref: revision.URLRef("a.png"), Alt: "A & B", Width: &revision.Length{Value: 300}},
			Fragments: []*revision.Fragment{{Fragment: "caption", Nodes: []revision.Node{para(txt("cap <x>"))}}}}),
			`<div data-with-frame="true"><figure><img src="a.png" alt="A &#x26; B" width="300"><figcaption><p>cap &#x3C;x></p></figcaption></figure></div>`},
		{"math", revision.NewBlock(&revision.Math{Formula: "x^2"}), "$$\nx^2\n$$"},
		{"content ref", revision.NewBlock(&revision.ContentRefBlock{Ref: revision.URLRef("dir/")}), "{% content-ref url=\"dir/\" %}\n[dir](dir/)\n{% endcontent-ref %}"},
		{"expandable", &revision.Block{Data: &revision.Expandable{}, Fragments: []*revision.Fragment{
			{Fragment: "expandable-title", Type: "expandable-title", Nodes: []revision.Node{para(txt("T "), txt("<b>", code))}},
			{Fragment: "expandable-body", Type: "expandable-body", Nodes: []revision.Node{para(txt("Body"))}}}},
			"<details>\n\n<summary>T <code>&#x3C;b></code></summary>\n\nBody\n\n</details>"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := string(PrintBlock(tt.node, PrintOptions{}))
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("PrintBlock (-want +got):\n%s", diff)
			}
		})
	}
}

func gridTable(align []string, rows ...[]string) *revision.Block {
	t := &revision.Table{View: revision.TableView{Type: "grid"}, Records: map[string]revision.TableRecord{}, Definition: map[string]revision.TableDefinition{}}
	b := &revision.Block{Data: t}
	for c, title := range rows[0] {
		id := "c" + string(rune('0'+c))
		t.View.Columns = append(t.View.Columns, id)
		t.Definition[id] = revision.TableDefinition{ID: id, Title: title, Type: "text", TextAlignment: align[c]}
	}
	for r, row := range rows[1:] {
		rid := "r" + string(rune('0'+r))
		rec := revision.TableRecord{OrderIndex: "a" + string(rune('0'+r)), Values: map[string]revision.CellValue{}}
		for c, cell := range row {
			fid := rid + t.View.Columns[c]
			rec.Values[t.View.Columns[c]] = revision.CellValue{Fragment: fid}
			b.Fragments = append(b.Fragments, &revision.Fragment{Fragment: fid, Nodes: []revision.Node{para(txt(cell))}})
		}
		t.Records[rid] = rec
	}
	return b
}

func TestPrintTable(t *testing.T) {
	got := string(PrintBlock(gridTable([]string{"left", "right", "center"},
		[]string{"Key", "N", "Mid"}, []string{"a|b", "10", "x"}, []string{"", "7", "wide cell"}), PrintOptions{}))
	want := "| Key  |  N |    Mid    |\n| ---- | -: | :-------: |\n| a\\|b | 10 |     x     |\n|      |  7 | wide cell |"
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("table (-want +got):\n%s", diff)
	}
}

func TestPrintFrontMatter(t *testing.T) {
	long := "A description long enough that GitBook folds it over more than one line of YAML text."
	tests := []struct {
		name string
		fm   *FrontMatter
		want string
	}{
		{"nil", nil, ""},
		{"order", &FrontMatter{Icon: "gear", Description: "Short.", Hidden: true}, "---\ndescription: Short.\nicon: gear\nhidden: true\n---\n"},
		{"folded", &FrontMatter{Description: long}, "---\ndescription: >-\n  A description long enough that GitBook folds it over more than one line of\n  YAML text.\n---\n"},
		{"quoted", &FrontMatter{Description: "Note: this"}, "---\ndescription: 'Note: this'\n---\n"},
		{"source kept", &FrontMatter{Description: "x", Source: "description:   x   # mine\n"}, "---\ndescription:   x   # mine\n---\n"},
		{"source stale", &FrontMatter{Description: "y", Source: "description: x\n"}, "---\ndescription: y\n---\n"},
		{"invalid source", &FrontMatter{Source: "a: [\n"}, "---\na: [\n---\n"},
		{"layout", &FrontMatter{Layout: func() *revision.Layout { l := revision.DefaultLayout(); l.Outline = false; return &l }(),
			LayoutKeys: []string{"title", "outline"}}, "---\nlayout:\n  title:\n    visible: true\n  outline:\n    visible: false\n---\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, string(PrintFrontMatter(tt.fm))); diff != "" {
				t.Errorf("PrintFrontMatter (-want +got):\n%s", diff)
			}
		})
	}
}

func TestPrintSummary(t *testing.T) {
	s := &Summary{Title: "Table of contents", Entries: []*SummaryEntry{
		{Title: "Welcome", Target: "README.md"},
		{Title: "Setup", Target: "setup/README.md", Children: []*SummaryEntry{{Title: "First steps", Target: "setup/first_steps.md"}}},
		{Title: "Reference", Group: true, Children: []*SummaryEntry{{Title: "API", Target: "reference/api.md"}, {Title: "Spaced", Target: "a b.md"}}},
	}}
	want := "# Table of contents\n\n* [Welcome](README.md)\n* [Setup](setup/README.md)\n  * [First steps](setup/first\\_steps.md)\n\n## Reference\n\n* [API](reference/api.md)\n* [Spaced](<a b.md>)\n"
	if diff := cmp.Diff(want, string(PrintSummary(s))); diff != "" {
		t.Errorf("PrintSummary (-want +got):\n%s", diff)
	}
}

func TestPrintPage(t *testing.T) {
	p := &Page{FrontMatter: &FrontMatter{Description: "D"}, Title: "T", Document: &revision.Document{Nodes: []revision.Node{para(txt("x")), para(txt("y"))}}}
	want := "---\ndescription: D\n---\n\n# T\n\nx\n\ny\n"
	if diff := cmp.Diff(want, string(Print(p, PrintOptions{}))); diff != "" {
		t.Errorf("Print (-want +got):\n%s", diff)
	}
}

// TestEncodeInfo checks the table GitBook (mdast-util-to-markdown) uses to
// decide which characters around a delimiter run to encode.
func TestEncodeInfo(t *testing.T) {
	tests := []struct {
		outside, inside rune
		marker          byte
		in, out         bool
	}{
		{'x', 'y', '_', true, true},
		{'x', 'y', '*', false, false},
		{'x', ' ', '*', true, true},
		{'x', '.', '*', false, true},
		{' ', 'y', '_', false, false},
		{' ', ' ', '_', true, true},
		{' ', '.', '_', false, false},
		{'.', 'y', '_', false, false},
		{'.', ' ', '*', true, false},
		{'.', '.', '*', false, false},
		{-1, ' ', '*', true, true},
		{'。', 'y', '_', false, false},
	}
	for _, tt := range tests {
		in, out := encodeInfo(tt.outside, tt.inside, tt.marker)
		if in != tt.in || out != tt.out {
			t.Errorf("encodeInfo(%q, %q, %c) = %v, %v; want %v, %v", tt.outside, tt.inside, tt.marker, in, out, tt.in, tt.out)
		}
	}
}

// TestPrintTableHTMLCells checks that a cell of several blocks, or with a
// hard break, is written as HTML inside the pipe table, as GitBook does.
func TestPrintTableHTMLCells(t *testing.T) {
	b := gridTable([]string{"left", "left"}, []string{"K", "V"}, []string{"a", "x"})
	for _, f := range b.Fragments {
		if f.Fragment == "r0c1" {
			f.Nodes = []revision.Node{para(txt("p|q")), para(txt("k", revision.MarkCode), txt(" a\nb"))}
		}
	}
	got := string(PrintBlock(b, PrintOptions{}))
	want := "| K | V                                       |\n| - | --------------------------------------- |\n| a | <p>p\\|q</p><p><code>k</code> a<br>b</p> |"
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("table (-want +got):\n%s", diff)
	}
}
