package markdown

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/seed1bfafebe/gitsync/revision"
)

func TestPrintBlock(t *testing.T) {
	bold, italic, code := revision.MarkBold, revision.MarkItalic, revision.MarkCode
	tests := []struct {
		name string
		node revision.Node
		want string
	}{
		{"plain", rPara(rText("Hello world")), "Hello world"},
		{"escapes", rPara(rText("a*b_c [d] `e` <x> | ~ $5 & {% x %}")), "a\\*b\\_c \\[d] \\`e\\` \\<x> | \\~ $5 & \\{% x %\\}"},
		{"ampersand entity", rPara(rText("&amp; and & ")), `\&amp; and &&#x20;`},
		{"line start", rPara(rText("# not heading\n- not list\n1. not ordered")), "\\# not heading\\\n\\- not list\\\n1\\. not ordered"},
		{"trailing space", rPara(rText("end. ")), "end.&#x20;"},
		{"nested marks", rPara(rLeaves(rLeaf("a ", italic), rLeaf("b", bold, italic), rLeaf(" c", italic))), "_a **b** c_"},
		{"marks in fixed order", rPara(rLeaves(rLeaf("a", bold, italic), rLeaf(" b", bold))), "_**a**_**&#x20;b**"},
		{"italic inside a word", rPara(rLeaves(rLeaf("the "), rLeaf("m", italic), rLeaf("anager"))), "the _&#x6D;_&#x61;nager"},
		{"italic between letters", rPara(rLeaves(rLeaf("a", italic), rLeaf("b", bold, italic), rLeaf("c", italic))), "_a**b**c_"},
		{"italic inside bold word", rPara(rLeaves(rLeaf("x", bold), rLeaf("y", italic), rLeaf("z", bold))), "**x**_y_**z**"},
		{"bold after a letter", rPara(rLeaves(rLeaf("x"), rLeaf("(y)", bold))), "&#x78;**(y)**"},
		{"bold between letters", rPara(rLeaves(rLeaf("x"), rLeaf("y", bold), rLeaf("z"))), "x**y**z"},
		{"italic outside bold", rPara(rText("x", italic, bold)), "_**x**_"},
		{"bold code", rPara(rText("k", bold, code)), "**`k`**"},
		{"space before closing mark", rPara(rLeaves(rLeaf("hi ", bold), rLeaf("there"))), "**hi&#x20;**&#x74;here"},
		{"space after opening mark", rPara(rLeaves(rLeaf("x", italic), rLeaf(" y", bold))), "_x_**&#x20;y**"},
		{"code with backtick", rPara(rText("a`b", code)), "``a`b``"},
		{"code with double backtick", rPara(rText("a``b", code)), "`a``b`"},
		{"bracket", rPara(rText("[x]")), `\[x]`},
		{"bracket in link", rPara(revision.NewInline(&revision.Link{Ref: revision.URLRef("u")}, rText("[x]"))), `[\[x\]](u)`},
		{"inline image", rPara(rText("a "), revision.NewInline(&revision.InlineImage{Ref: revision.URLRef("i.png"), Alt: "b"})), "a ![b](i.png)"},
		{"inline image sized", rPara(revision.NewInline(&revision.InlineImage{Ref: revision.URLRef("i.png"), Size: "line"})), `<img src="i.png" alt="" data-size="line">`},
		{"trailing backslash", rPara(rText(`a\`)), `a\\`},
		{"tilde before strike", rPara(rLeaves(rLeaf("~"), rLeaf("x", revision.MarkStrikethrough))), "&#x7E;~~x~~"},
		{"heading number", revision.NewBlock(&revision.Heading{Level: 1}, rText("1. Intro")), "## 1. Intro"},
		{"bold number", rPara(rText("1. Step", bold)), "**1. Step**"},
		{"link", rPara(revision.NewInline(&revision.Link{Ref: revision.URLRef("https://x.org/?a=1&b=2")}, rText("site", bold))), `[**site**](https://x.org/?a=1\&b=2)`},
		{"link with space", rPara(revision.NewInline(&revision.Link{Ref: revision.URLRef("a b.md")}, rText("x"))), "[x](<a b.md>)"},
		{"mention", rPara(revision.NewInline(&revision.Mention{Ref: revision.URLRef("../dir/page.md")})), `[page.md](../dir/page.md "mention")`},
		{"emoji", rPara(revision.NewInline(&revision.Emoji{Code: "1f50d"})), `<span data-gb-custom-inline data-tag="emoji" data-code="1f50d">🔍</span>`},
		{"emoji text presentation", rPara(revision.NewInline(&revision.Emoji{Code: "1f6e0"})), `<span data-gb-custom-inline data-tag="emoji" data-code="1f6e0">🛠` + "\uFE0F" + `</span>`},
		{"emoji sequence", rPara(revision.NewInline(&revision.Emoji{Code: "1f468-200d-1f4bb"})), `<span data-gb-custom-inline data-tag="emoji" data-code="1f468-200d-1f4bb">👨` + "\u200d" + `💻</span>`},
		{"color", rPara(rText("red", revision.MarkType("x")), rLeaves(revision.Leaf{Text: "hot", Marks: []revision.Mark{{Type: revision.MarkColor, Text: "red", Background: "default"}}})), `red<mark style="color:red;">hot</mark>`},
		{"heading id", revision.NewBlock(&revision.Heading{Level: 2, ID: "x1"}, rText("Title")), `### Title <a href="#x1" id="x1"></a>`},
		{"empty heading", revision.NewBlock(&revision.Heading{Level: 2}, rText("")), "###"},
		{"divider", revision.NewBlock(&revision.Divider{}), "***"},
		{"opaque", &revision.Opaque{Source: "<div>\nkept\n</div>"}, "<div>\nkept\n</div>"},
		{"raw", &revision.Raw{JSON: []byte(`{"object":"block","type":"drawing"}`)}, ""},
		{"hint", revision.NewBlock(&revision.Hint{Style: "info"}, rPara(rText("Note."))), "{% hint style=\"info\" %}\nNote.\n{% endhint %}"},
		{"code wrapper", revision.NewBlock(&revision.Code{Syntax: "js", Title: "a.js", LineNumbers: rp(true)},
			revision.NewBlock(&revision.CodeLine{}, rText("x()")), revision.NewBlock(&revision.CodeLine{}, rText(""))),
			"{% code title=\"a.js\" lineNumbers=\"true\" %}\n```js\nx()\n\n```\n{% endcode %}"},
		{"code fence", revision.NewBlock(&revision.Code{}, revision.NewBlock(&revision.CodeLine{}, rText("```"))), "````\n```\n````"},
		{"spread item", revision.NewBlock(&revision.ListUnordered{},
			revision.NewBlock(&revision.ListItem{}, rPara(rText("a")), rPara(rText("b"))),
			revision.NewBlock(&revision.ListItem{}, rPara(rText("c")), revision.NewBlock(&revision.ListUnordered{}, revision.NewBlock(&revision.ListItem{}, rPara(rText("d")))))),
			"*   a\n\n    b\n* c\n  * d"},
		{"ordered start", revision.NewBlock(&revision.ListOrdered{Start: rp(3)},
			revision.NewBlock(&revision.ListItem{}, rPara(rText("x"))), revision.NewBlock(&revision.ListItem{}, rPara(rText("y")))),
			"3. x\n4. y"},
		{"tasks", revision.NewBlock(&revision.ListTasks{},
			revision.NewBlock(&revision.ListItem{Checked: rp(true)}, rPara(rText("done"))), revision.NewBlock(&revision.ListItem{Checked: rp(false)}, rPara(rText("todo")))),
			"* [x] done\n* [ ] todo"},
		{"adjacent lists", revision.NewBlock(&revision.Quote{},
			revision.NewBlock(&revision.ListUnordered{}, revision.NewBlock(&revision.ListItem{}, rPara(rText("a")))),
			revision.NewBlock(&revision.ListUnordered{}, revision.NewBlock(&revision.ListItem{}, rPara(rText("b")))),
			revision.NewBlock(&revision.ListUnordered{}, revision.NewBlock(&revision.ListItem{}, rPara(rText("c")))),
			revision.NewBlock(&revision.ListOrdered{}, revision.NewBlock(&revision.ListItem{}, rPara(rText("d")))),
			revision.NewBlock(&revision.ListOrdered{}, revision.NewBlock(&revision.ListItem{}, rPara(rText("e"))))),
			"> * a\n>\n> - b\n>\n> * c\n>\n> 1. d\n>\n> 1) e"},
		{"aligned figure", revision.NewBlock(&revision.Images{Align: "center"}, revision.NewBlock(&revision.Image{Ref: revision.URLRef("a.png"), Height: &revision.Length{Value: 20}})),
			`<div align="center"><figure><img src="a.png" height="20"><figcaption></figcaption></figure></div>`},
		{"image with a caption and no alt", revision.NewBlock(&revision.Images{}, &revision.Block{Data: &revision.Image{Ref: revision.URLRef("a b.png")},
			Fragments: []*revision.Fragment{{Fragment: "caption", Nodes: []revision.Node{rPara(rText("A *chart*"))}}}}),
			`![A \*chart\*](<a b.png>)`},
		{"image with neither caption nor alt", revision.NewBlock(&revision.Images{}, revision.NewBlock(&revision.Image{Ref: revision.URLRef("a.png")})), `![](a.png)`},
		{"image with an empty alt", revision.NewBlock(&revision.Images{}, revision.NewBlock(&revision.Image{Ref: revision.URLRef("a.png"), Alt: rp("")})),
			`<figure><img src="a.png" alt=""><figcaption></figcaption></figure>`},
		{"image with a caption in bold", revision.NewBlock(&revision.Images{}, &revision.Block{Data: &revision.Image{Ref: revision.URLRef("a.png")},
			Fragments: []*revision.Fragment{{Fragment: "caption", Nodes: []revision.Node{rPara(&revision.Text{Leaves: []revision.Leaf{{Text: "A", Marks: []revision.Mark{{Type: "bold"}}}}})}}}}),
			`<figure><img src="a.png"><figcaption><p><strong>A</strong></p></figcaption></figure>`},
		{"quote", revision.NewBlock(&revision.Quote{}, rPara(rText("a")), rPara(rText("b"))), "> a\n>\n> b"},
		{"figure", revision.NewBlock(&revision.Images{WithFrame: rp(true)}, &revision.Block{Data: &revision.Image{Ref: revision.URLRef("a.png"), Alt: rp("A & B"), Width: &revision.Length{Value: 300}},
			Fragments: []*revision.Fragment{{Fragment: "caption", Nodes: []revision.Node{rPara(rText("cap <x>"))}}}}),
			`<div data-with-frame="true"><figure><img src="a.png" alt="A &#x26; B" width="300"><figcaption><p>cap &#x3C;x></p></figcaption></figure></div>`},
		{"math", revision.NewBlock(&revision.Math{Formula: "x^2"}), "$$\nx^2\n$$"},
		{"content ref", revision.NewBlock(&revision.ContentRefBlock{Ref: revision.URLRef("dir/")}), "{% content-ref url=\"dir/\" %}\n[dir](dir/)\n{% endcontent-ref %}"},
		{"expandable", &revision.Block{Data: &revision.Expandable{}, Fragments: []*revision.Fragment{
			{Fragment: "expandable-title", Type: "expandable-title", Nodes: []revision.Node{rPara(rText("T "), rText("<b>", code))}},
			{Fragment: "expandable-body", Type: "expandable-body", Nodes: []revision.Node{rPara(rText("Body"))}}}},
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
			b.Fragments = append(b.Fragments, &revision.Fragment{Fragment: fid, Nodes: []revision.Node{rPara(rText(cell))}})
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
		// GitBook's own order (its "GitBook: Update content" commit of the guides space).
		{"order", &FrontMatter{Icon: "gear", Description: "Short.", Hidden: true}, "---\ndescription: Short.\nhidden: true\nicon: gear\n---\n"},
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
	p := &Page{FrontMatter: &FrontMatter{Description: "D"}, Title: "T", Document: &revision.Document{Nodes: []revision.Node{rPara(rText("x")), rPara(rText("y"))}}}
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
			f.Nodes = []revision.Node{rPara(rText("p|q")), rPara(rText("k", revision.MarkCode), rText(" a\nb"))}
		}
	}
	got := string(PrintBlock(b, PrintOptions{}))
	want := "| K | V                                       |\n| - | --------------------------------------- |\n| a | <p>p\\|q</p><p><code>k</code> a<br>b</p> |"
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("table (-want +got):\n%s", diff)
	}
}
