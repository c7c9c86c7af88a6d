package markdown

import (
	"strings"
	"testing"

	"github.com/seed1bfafebe/gitsync/revision"
)

const (
	bold   = revision.MarkBold
	italic = revision.MarkItalic
	code   = revision.MarkCode
)

func TestParseBasicBlocks(t *testing.T) { runParseCases(t, basicBlockCases()) }

func basicBlockCases() []parseCase {
	return []parseCase{
		{"paragraph breaks", "one\ntwo\\\nthree  \nfour<br>five\n",
			[]revision.Node{rPara(rText("one two\nthree\nfour\nfive"))}},
		{"two paragraphs", "alpha\n\nbeta\n",
			[]revision.Node{rPara(rText("alpha")), rPara(rText("beta"))}},
		{"headings", "## Two\n\n### Three\n\n#### Four\n",
			[]revision.Node{
				rBlock(&revision.Heading{Level: 1}, rText("Two")),
				rBlock(&revision.Heading{Level: 2}, rText("Three")),
				rBlock(&revision.Heading{Level: 3}, rText("Four")),
			}},
		{"level one heading after title", "# Title\n\n# Again\n",
			[]revision.Node{rBlock(&revision.Heading{Level: 1}, rText("Again"))}},
		{"deep heading is opaque", "##### Five\n\n###### Six\n",
			[]revision.Node{rOpaque("##### Five"), rOpaque("###### Six")}},
		{"anchor equal to slug kept", `## Set up the tool <a href="#set-up-the-tool" id="set-up-the-tool"></a>` + "\n",
			[]revision.Node{rBlock(&revision.Heading{Level: 1, ID: "set-up-the-tool"}, rText("Set up the tool"))}},
		{"custom anchor kept", `### Overview <a href="#other-name" id="other-name"></a>` + "\n",
			[]revision.Node{rBlock(&revision.Heading{Level: 2, ID: "other-name"}, rText("Overview"))}},
		{"anchor outside the id pattern stays inline", `## Hi <a href="#Big_Id" id="Big_Id"></a>` + "\n",
			[]revision.Node{rBlock(&revision.Heading{Level: 1}, rText("Hi "), rInline(`<a href="#Big_Id" id="Big_Id"></a>`))}},
		{"legacy anchor", `### Users <a id="user-list"></a>` + "\n",
			[]revision.Node{rBlock(&revision.Heading{Level: 2, ID: "user-list"}, rText("Users"))}},
		{"setext heading", "Under\n-----\n",
			[]revision.Node{rBlock(&revision.Heading{Level: 1}, rText("Under"))}},
		{"divider", "***\n",
			[]revision.Node{rBlock(&revision.Divider{})}},
		{"quote", "> quoted\n> more\n",
			[]revision.Node{rBlock(&revision.Quote{}, rPara(rText("quoted more")))}},
		{"fenced code", "```go\nfunc f() {}\n\n// end\n```\n",
			[]revision.Node{rCode(&revision.Code{Syntax: "go"}, "func f() {}", "", "// end")}},
		{"fence info first word", "```python title\nx = 1\n```\n",
			[]revision.Node{rCode(&revision.Code{Syntax: "python"}, "x = 1")}},
		{"empty fence", "```\n```\n",
			[]revision.Node{rCode(&revision.Code{}, "")}},
		{"indented code", "    a\n    b\n",
			[]revision.Node{rCode(&revision.Code{}, "a", "b")}},
		{"math block", "$$\nx^2 + y\n$$\n",
			[]revision.Node{rBlock(&revision.Math{Formula: "x^2 + y"})}},
		{"lone $$ line is text", "$$\nx\n",
			[]revision.Node{rPara(rText("$$ x"))}},
		{"link reference definition", "[ref]: https://example.org\n",
			[]revision.Node{rOpaque("[ref]: https://example.org")}},
		{"html comment", "<!-- note -->\n",
			[]revision.Node{rOpaque("<!-- note -->")}},
	}
}

func TestParseLists(t *testing.T) { runParseCases(t, listCases()) }

func listCases() []parseCase {
	return []parseCase{
		{"bullets nested", "* a\n  * b\n* c\n",
			[]revision.Node{rBlock(&revision.ListUnordered{},
				rItem(rPara(rText("a")), rBlock(&revision.ListUnordered{}, rItem(rPara(rText("b"))))),
				rItem(rPara(rText("c"))))}},
		{"dash bullets", "- x\n- y\n",
			[]revision.Node{rBlock(&revision.ListUnordered{}, rItem(rPara(rText("x"))), rItem(rPara(rText("y"))))}},
		{"ordered from one", "1. x\n2. y\n",
			[]revision.Node{rBlock(&revision.ListOrdered{}, rItem(rPara(rText("x"))), rItem(rPara(rText("y"))))}},
		{"ordered from three", "3. x\n",
			[]revision.Node{rBlock(&revision.ListOrdered{Start: rp(3)}, rItem(rPara(rText("x"))))}},
		{"tasks", "- [ ] todo\n- [x] done\n- plain\n",
			[]revision.Node{rBlock(&revision.ListTasks{},
				rBlock(&revision.ListItem{Checked: rp(false)}, rPara(rText("todo"))),
				rBlock(&revision.ListItem{Checked: rp(true)}, rPara(rText("done"))),
				rBlock(&revision.ListItem{Checked: rp(false)}, rPara(rText("plain"))))}},
		{"loose item with two blocks", "* first\n\n  second\n",
			[]revision.Node{rBlock(&revision.ListUnordered{}, rItem(rPara(rText("first")), rPara(rText("second"))))}},
	}
}

func TestParseGitBookTags(t *testing.T) { runParseCases(t, tagCases()) }

func tagCases() []parseCase {
	return []parseCase{
		{"hint", "{% hint style=\"warning\" %}\nCareful **now**.\n{% endhint %}\n",
			[]revision.Node{rBlock(&revision.Hint{Style: "warning"}, rPara(rLeaves(rLeaf("Careful "), rLeaf("now", bold), rLeaf("."))))}},
		{"hint on one line", "{% hint style=\"success\" %} Done.{% endhint %}\n",
			[]revision.Node{rBlock(&revision.Hint{Style: "success"}, rPara(rText("Done.")))}},
		{"tabs", "{% tabs %}\n{% tab title=\"One\" %}\nfirst\n{% endtab %}\n\n{% tab title=\"Two\" %}\n{% hint style=\"info\" %}\nnested\n{% endhint %}\n{% endtab %}\n{% endtabs %}\n",
			[]revision.Node{rBlock(&revision.Tabs{},
				rBlock(&revision.TabsItem{Title: "One"}, rPara(rText("first"))),
				rBlock(&revision.TabsItem{Title: "Two"}, rBlock(&revision.Hint{Style: "info"}, rPara(rText("nested")))))}},
		{"stepper", "{% stepper %}\n{% step %}\n### Go\n{% endstep %}\n{% endstepper %}\n",
			[]revision.Node{rBlock(&revision.Stepper{}, rBlock(&revision.StepperStep{}, rBlock(&revision.Heading{Level: 2}, rText("Go"))))}},
		{"code wrapper", "{% code title=\"a.sh\" overflow=\"wrap\" lineNumbers=\"true\" %}\n```bash\necho hi\n```\n{% endcode %}\n",
			[]revision.Node{rCode(&revision.Code{Syntax: "bash", Title: "a.sh", Overflow: "wrap", LineNumbers: rp(true)}, "echo hi")}},
		{"tags inside code are code", "```liquid\n{% hint style=\"info\" %}\n{% endhint %}\n```\n",
			[]revision.Node{rCode(&revision.Code{Syntax: "liquid"}, "{% hint style=\"info\" %}", "{% endhint %}")}},
		{"end tag inside nested code", "{% tab title=\"A\" %}\n```\n{% endtab %}\n```\n{% endtab %}\n",
			[]revision.Node{rOpaque("{% tab title=\"A\" %}\n```\n{% endtab %}\n```\n{% endtab %}")}},
		{"end tag inside code in tabs", "{% tabs %}\n{% tab title=\"A\" %}\n```\n{% endtab %}\n```\n{% endtab %}\n{% endtabs %}\n",
			[]revision.Node{rBlock(&revision.Tabs{}, rBlock(&revision.TabsItem{Title: "A"}, rCode(&revision.Code{}, "{% endtab %}")))}},
		{"block not allowed in its container is opaque", "{% hint style=\"info\" %}\n```\n{% endhint %}\n```\n{% endhint %}\n",
			[]revision.Node{rBlock(&revision.Hint{Style: "info"}, rOpaque("```\n{% endhint %}\n```"))}},
		{"content-ref", "{% content-ref url=\"setup.md\" %}\n[setup.md](setup.md)\n{% endcontent-ref %}\n",
			[]revision.Node{rBlock(&revision.ContentRefBlock{Ref: revision.URLRef("setup.md")})}},
		{"content-ref with a title label is opaque", "{% content-ref url=\"setup.md\" %}\n[Set up](setup.md)\n{% endcontent-ref %}\n",
			[]revision.Node{rOpaque("{% content-ref url=\"setup.md\" %}\n[Set up](setup.md)\n{% endcontent-ref %}")}},
		{"embed", "{% embed url=\"https://video.example/v1\" %}\n",
			[]revision.Node{rBlock(&revision.Embed{URL: "https://video.example/v1"})}},
		{"file", "{% file src=\"../.gitbook/assets/a.pdf\" %}\n{% endfile %}\n",
			[]revision.Node{rBlock(&revision.FileBlock{Ref: revision.URLRef("../.gitbook/assets/a.pdf")})}},
		{"file with caption is opaque", "{% file src=\"a.pdf\" %}\nThe manual\n{% endfile %}\n",
			[]revision.Node{rOpaque("{% file src=\"a.pdf\" %}\nThe manual\n{% endfile %}")}},
		{"include", "{% include \"../.gitbook/includes/note.md\" %}\n",
			[]revision.Node{rBlock(&revision.ReusableContentBlock{Ref: revision.URLRef("../.gitbook/includes/note.md")})}},
		{"openapi", "{% openapi src=\"specs/api.yaml\" path=\"/v1/items\" method=\"get\" %}\n[api.yaml](specs/api.yaml)\n{% endopenapi %}\n",
			[]revision.Node{rBlock(&revision.Swagger{Ref: revision.URLRef("specs/api.yaml"), Path: "/v1/items", Method: "get"})}},
		{"openapi with other body is opaque", "{% openapi src=\"s.yaml\" path=\"/x\" method=\"get\" %}\n[Spec](s.yaml)\n{% endopenapi %}\n",
			[]revision.Node{rOpaque("{% openapi src=\"s.yaml\" path=\"/x\" method=\"get\" %}\n[Spec](s.yaml)\n{% endopenapi %}")}},
		{"openapi with broken link is opaque", "{% openapi src=\"s.yaml\" path=\"/x\" method=\"get\" %}\n[Broken link](broken-reference)\n{% endopenapi %}\n",
			[]revision.Node{rOpaque("{% openapi src=\"s.yaml\" path=\"/x\" method=\"get\" %}\n[Broken link](broken-reference)\n{% endopenapi %}")}},
		{"openapi-operation", "{% openapi-operation spec=\"pets\" path=\"/pets\" method=\"post\" %}\n[OpenAPI pets](https://x.example/p.yaml)\n{% endopenapi-operation %}\n",
			[]revision.Node{rOpaque("{% openapi-operation spec=\"pets\" path=\"/pets\" method=\"post\" %}\n[OpenAPI pets](https://x.example/p.yaml)\n{% endopenapi-operation %}")}},
		{"columns", "{% columns %}\n{% column width=\"40%\" %}\nleft\n{% endcolumn %}\n{% column %}\nright\n{% endcolumn %}\n{% endcolumns %}\n",
			[]revision.Node{rBlock(&revision.Columns{},
				rBlock(&revision.Column{Width: &revision.Length{Value: 40, Unit: "%"}}, rPara(rText("left"))),
				rBlock(&revision.Column{}, rPara(rText("right"))))}},
		{"updates", "{% updates format=\"full\" %}\n{% update date=\"2024-05-01\" %}\nShipped.\n{% endupdate %}\n{% endupdates %}\n",
			[]revision.Node{rBlock(&revision.Updates{Format: "full"}, rBlock(&revision.Update{Date: "2024-05-01"}, rPara(rText("Shipped."))))}},
		{"if", "{% if visitor.claims.beta %}\nBeta only.\n{% endif %}\n",
			[]revision.Node{rBlock(&revision.If{Expression: "visitor.claims.beta"}, rPara(rText("Beta only.")))}},
		{"unknown paired tag", "{% swagger method=\"get\" %}\nbody **x**\n{% endswagger %}\n",
			[]revision.Node{rOpaque("{% swagger method=\"get\" %}\nbody **x**\n{% endswagger %}")}},
		{"unknown single tag", "{% raw_thing %}\n",
			[]revision.Node{rOpaque("{% raw_thing %}")}},
		{"unclosed hint", "{% hint style=\"info\" %}\nbody\n",
			[]revision.Node{rOpaque("{% hint style=\"info\" %}"), rPara(rText("body"))}},
		{"unclosed tag whose body starts on its line", "0000\n{% tab %}{% tab %}\n{% endtab %}\n",
			[]revision.Node{rPara(rText("0000")), rOpaque("{% tab %}{% tab %}\n{% endtab %}")}},
		{"unclosed tag whose body starts on its line, rest of body kept", "{% hint %}{% tab %}\nx\n{% endtab %}\n\ny\n    {% endhint %}\n",
			[]revision.Node{rOpaque("{% hint %}{% tab %}\nx\n{% endtab %}"), rPara(rText("y {% endhint %}"))}},
		{"stray end tag", "{% endhint %}\n",
			[]revision.Node{rOpaque("{% endhint %}")}},
		{"tabs with stray content are opaque", "{% tabs %}\nloose\n{% endtabs %}\n",
			[]revision.Node{rOpaque("{% tabs %}\nloose\n{% endtabs %}")}},
		{"hint in list item", "* item\n\n  {% hint style=\"danger\" %}\n  inner\n  {% endhint %}\n",
			[]revision.Node{rBlock(&revision.ListUnordered{}, rItem(rPara(rText("item")), rBlock(&revision.Hint{Style: "danger"}, rPara(rText("inner")))))}},
	}
}

func TestParseHTMLBlocks(t *testing.T) {
	img := func(src, alt string, w *revision.Length) *revision.Block {
		return rBlock(&revision.Image{Ref: revision.URLRef(src), Alt: &alt, Width: w})
	}
	withCaption := func(b *revision.Block, nodes ...revision.Node) *revision.Block {
		b.Fragments = []*revision.Fragment{{Fragment: "caption", Nodes: nodes}}
		return b
	}
	expandable := func(open *bool, title []revision.Node, body ...revision.Node) *revision.Block {
		b := rBlock(&revision.Expandable{DefaultExpanded: open})
		if body == nil {
			body = []revision.Node{}
		}
		b.Fragments = []*revision.Fragment{
			{Fragment: "expandable-title", Type: "expandable-title", Nodes: []revision.Node{rPara(title...)}},
			{Fragment: "expandable-body", Type: "expandable-body", Nodes: body},
		}
		return b
	}
	runParseCases(t, []parseCase{
		{"figure with empty caption", `<figure><img src="../a.png" alt=""><figcaption></figcaption></figure>` + "\n",
			[]revision.Node{rBlock(&revision.Images{}, img("../a.png", "", nil))}},
		{"figure with caption and width", `<figure><img src="b.png" alt="A chart" width="320"><figcaption><p>Sales <strong>up</strong></p></figcaption></figure>` + "\n",
			[]revision.Node{rBlock(&revision.Images{}, withCaption(img("b.png", "A chart", &revision.Length{Value: 320}),
				rPara(rLeaves(rLeaf("Sales "), rLeaf("up", bold)))))}},
		{"framed figure", `<div data-with-frame="true"><figure><img src="c.png" alt=""><figcaption></figcaption></figure></div>` + "\n",
			[]revision.Node{rBlock(&revision.Images{WithFrame: rp(true)}, img("c.png", "", nil))}},
		{"framed bare image kept as written", `<div data-with-frame="true"><img src="c.png" alt="x"></div>` + "\n",
			[]revision.Node{rOpaque(`<div data-with-frame="true"><img src="c.png" alt="x"></div>`)}},
		{"aligned figure", `<div align="center"><figure><img src="d.png" alt=""><figcaption></figcaption></figure></div>` + "\n",
			[]revision.Node{rBlock(&revision.Images{Align: "center"}, img("d.png", "", nil))}},
		{"bare img block", `<img src="e.png" alt="e" width="50%">` + "\n",
			[]revision.Node{rBlock(&revision.Images{}, img("e.png", "e", &revision.Length{Value: 50, Unit: "%"}))}},
		{"image paragraph: its text is the caption", "![A cat](cat.png)\n",
			[]revision.Node{rBlock(&revision.Images{}, withCaption(&revision.Block{Data: &revision.Image{Ref: revision.URLRef("cat.png")}}, rPara(rText("A cat"))))}},
		{"image paragraph without text", "![](cat.png)\n",
			[]revision.Node{rBlock(&revision.Images{}, &revision.Block{Data: &revision.Image{Ref: revision.URLRef("cat.png")}})}},
		{"figure with an empty alt", `<figure><img src="cat.png" alt=""><figcaption></figcaption></figure>` + "\n",
			[]revision.Node{rBlock(&revision.Images{}, img("cat.png", "", nil))}},
		{"figure with unknown markup is opaque", `<figure><video src="v.mp4"></video></figure>` + "\n",
			[]revision.Node{rOpaque(`<figure><video src="v.mp4"></video></figure>`)}},
		{"details", "<details>\n\n<summary>Why <strong>this</strong>?</summary>\n\nBecause.\n\n* one\n\n</details>\n",
			[]revision.Node{expandable(nil, []revision.Node{rLeaves(rLeaf("Why "), rLeaf("this", bold), rLeaf("?"))},
				rPara(rText("Because.")), rBlock(&revision.ListUnordered{}, rItem(rPara(rText("one")))))}},
		{"details open", "<details open>\n\n<summary>T</summary>\n\nB\n\n</details>\n",
			[]revision.Node{expandable(rp(true), []revision.Node{rText("T")}, rPara(rText("B")))}},
		{"unknown div", "<div class=\"note\">\n\ntext\n\n</div>\n",
			[]revision.Node{rOpaque("<div class=\"note\">"), rPara(rText("text")), rOpaque("</div>")}},
	})
}

func TestParseSchemaNesting(t *testing.T) {
	// An expandable may not hold an expandable, a list item may not hold
	// images: they become opaque Markdown, links printed as written.
	src := "<details>\n\n<summary>Outer</summary>\n\n<details>\n\n<summary>Inner</summary>\n\nx\n\n</details>\n\n</details>\n\n" +
		"* item\n\n  ![pic](../assets/My%20pic.png)\n"
	res := fakeResolver{files: map[string]*revision.ContentRef{"../assets/My%20pic.png": revision.FileRef("F")}}
	p, _ := Parse([]byte(src), ParseOptions{Resolver: res})
	body := p.Document.Nodes[0].(*revision.Block).Fragments[1].Nodes
	if o, ok := body[0].(*revision.Opaque); !ok || !strings.HasPrefix(o.Source, "<details>") || !strings.Contains(o.Source, "Inner") {
		t.Errorf("nested details = %#v", body[0])
	}
	item := p.Document.Nodes[1].(*revision.Block).Nodes[0].(*revision.Block)
	if o, ok := item.Nodes[1].(*revision.Opaque); !ok || !strings.Contains(o.Source, "../assets/My%20pic.png") {
		t.Errorf("image in list item = %#v", item.Nodes[1])
	}
}

func TestParseTables(t *testing.T) {
	cell := func(nodes ...revision.Node) []revision.Node { return []revision.Node{rPara(nodes...)} }
	table := func(view revision.TableView, defs []revision.TableDefinition, rows [][][]revision.Node) *revision.Block {
		tb := &revision.Table{View: view, Records: map[string]revision.TableRecord{}, Definition: map[string]revision.TableDefinition{}}
		for _, d := range defs {
			tb.Definition[d.ID] = d
		}
		var frags []*revision.Fragment
		for i, r := range rows {
			rec := revision.TableRecord{OrderIndex: orderIndex(i), Values: map[string]revision.CellValue{}}
			for j, c := range r {
				id := cellFragment(i, j)
				rec.Values[columnID(j)] = revision.CellValue{Fragment: id}
				frags = append(frags, &revision.Fragment{Fragment: id, Nodes: c})
			}
			tb.Records[recordID(i)] = rec
		}
		b := rBlock(tb)
		b.Fragments = frags
		return b
	}
	runParseCases(t, []parseCase{
		{"pipe table", "| Name | Size |\n| :--: | ---: |\n| **a** | 1 |\n| b |  |\n",
			[]revision.Node{table(revision.TableView{Type: "grid", Columns: []string{"c0", "c1"}},
				[]revision.TableDefinition{{ID: "c0", Title: "Name", Type: "text", TextAlignment: "center"}, {ID: "c1", Title: "Size", Type: "text", TextAlignment: "right"}},
				[][][]revision.Node{
					{cell(rText("a", bold)), cell(rText("1"))},
					{cell(rText("b")), cell(rText(""))},
				})}},
		{"pipe table escapes and breaks", "| A |\n| --- |\n| x \\| y<br>z |\n",
			[]revision.Node{table(revision.TableView{Type: "grid", Columns: []string{"c0"}},
				[]revision.TableDefinition{{ID: "c0", Title: "A", Type: "text", TextAlignment: "left"}},
				[][][]revision.Node{{cell(rText("x | y\nz"))}})}},
		{"html table", `<table data-full-width="true"><thead><tr><th width="120">Key</th><th>Value</th></tr></thead><tbody><tr><td><code>k</code></td><td><p>one</p><p>two</p></td></tr></tbody></table>` + "\n",
			[]revision.Node{func() *revision.Block {
				b := table(revision.TableView{Type: "grid", Columns: []string{"c0", "c1"}, ColumnWidths: map[string]float64{"c0": 120}},
					[]revision.TableDefinition{{ID: "c0", Title: "Key", Type: "text", TextAlignment: "left"}, {ID: "c1", Title: "Value", Type: "text", TextAlignment: "left"}},
					[][][]revision.Node{{cell(rText("k", code)), {rPara(rText("one")), rPara(rText("two"))}}})
				b.Data.(*revision.Table).FullWidth = rp(true)
				return b
			}()}},
		{"html table with unmodeled attribute is opaque", `<table><thead><tr><th data-unknown="top">A</th></tr></thead><tbody></tbody></table>` + "\n",
			[]revision.Node{rOpaque(`<table><thead><tr><th data-unknown="top">A</th></tr></thead><tbody></tbody></table>`)}},
	})

	// Cards: hidden content-ref target column.
	src := `<table data-view="cards"><thead><tr><th></th><th data-hidden data-card-target data-type="content-ref"></th></tr></thead><tbody><tr><td><strong>Start</strong></td><td><a href="start.md">start.md</a></td></tr></tbody></table>` + "\n"
	p, _ := Parse([]byte(src), ParseOptions{})
	tb := p.Document.Nodes[0].(*revision.Block).Data.(*revision.Table)
	if tb.View.Type != "cards" || tb.View.CardSize != "medium" || tb.View.TargetDefinition != "c1" || len(tb.View.Columns) != 1 || tb.View.Columns[0] != "c0" {
		t.Errorf("cards view = %+v", tb.View)
	}
	if got := tb.Records["r0"].Values["c1"].Ref; got == nil || got.URL != "start.md" || tb.Definition["c1"].Type != "content-ref" {
		t.Errorf("content-ref cell = %+v, definition %+v", got, tb.Definition["c1"])
	}
}
