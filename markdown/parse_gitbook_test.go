package markdown

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/seed1bfafebe/gitsync/revision"
)

// Heading text before an anchor keeps its trailing space: only the space
// separating it from the anchor is dropped.
func TestParseHeadingAnchorSpace(t *testing.T) {
	h := func(id string, ns ...revision.Node) revision.Node {
		return rBlock(&revision.Heading{Level: 2, ID: id}, ns...)
	}
	runParseCases(t, []parseCase{
		{"one space", `### Use it <a href="#use-it" id="use-it"></a>` + "\n", []revision.Node{h("use-it", rText("Use it"))}},
		{"two spaces", `### Use it  <a href="#use-it" id="use-it"></a>` + "\n", []revision.Node{h("use-it", rText("Use it "))}},
		{"no space", `### Use it<a href="#use-it" id="use-it"></a>` + "\n", []revision.Node{h("use-it", rText("Use it"))}},
		{"after a mark", `### **Use** <a href="#use" id="use"></a>` + "\n", []revision.Node{h("use", rText("Use", revision.MarkBold))}},
	})
	for _, src := range []string{
		"# T\n\n### Use it  <a href=\"#use-it\" id=\"use-it\"></a>\n",
		"# T\n\n### Use it <a href=\"#use-it\" id=\"use-it\"></a>\n",
	} {
		p, _ := Parse([]byte(src), ParseOptions{})
		if got := string(Print(p, PrintOptions{})); got != src {
			t.Errorf("Print(Parse(%q)) = %q", src, got)
		}
	}
}

// Integration blocks ({% @owner/name … %}) are kept verbatim.
func TestParseIntegrationBlock(t *testing.T) {
	line := `{% @github-files/github-code-block url="https://github.com/o/r" %}`
	runParseCases(t, []parseCase{
		{"integration", "# T\n\n" + line + "\n\nx\n", []revision.Node{rOpaque(line), rPara(rText("x"))}},
		{"no attributes", "{% @arcade/embed %}\n", []revision.Node{rOpaque("{% @arcade/embed %}")}},
		{"bare @ is text", "{% @ %}\n", []revision.Node{rPara(rText("{% @ %}"))}},
	})
	src := "# T\n\n" + line + "\n"
	p, _ := Parse([]byte(src), ParseOptions{})
	if got := string(Print(p, PrintOptions{})); got != src {
		t.Errorf("Print(Parse(%q)) = %q", src, got)
	}
}

// {% embed fullWidth="…" %} sets Embed.FullWidth; other attributes keep the
// tag opaque.
func TestParseEmbedFullWidth(t *testing.T) {
	u := "https://video.example/v1"
	runParseCases(t, []parseCase{
		{"full width", `{% embed url="` + u + `" fullWidth="true" %}` + "\n", []revision.Node{rBlock(&revision.Embed{URL: u, FullWidth: rp(true)})}},
		{"not full width", `{% embed url="` + u + `" fullWidth="false" %}` + "\n", []revision.Node{rBlock(&revision.Embed{URL: u, FullWidth: rp(false)})}},
		{"caption attribute", `{% embed url="` + u + `" caption="c" %}` + "\n", []revision.Node{rOpaque(`{% embed url="` + u + `" caption="c" %}`)}},
	})
	for _, v := range []string{"true", "false"} {
		src := "# T\n\n{% embed url=\"" + u + "\" fullWidth=\"" + v + "\" %}\n"
		p, _ := Parse([]byte(src), ParseOptions{})
		if got := string(Print(p, PrintOptions{})); got != src {
			t.Errorf("Print(Parse(%q)) = %q", src, got)
		}
	}
}

// CommonMark: email autolinks link to mailto:, and an image's alt text
// includes the alt of nested images.
func TestParseAutolinkAndAlt(t *testing.T) {
	runParseCases(t, []parseCase{
		{"email autolink", "<a@b.example>\n", []revision.Node{rPara(rLink("mailto:a@b.example", rText("a@b.example")))}},
		{"mailto autolink", "<mailto:a@b.example>\n", []revision.Node{rPara(rLink("mailto:a@b.example", rText("mailto:a@b.example")))}},
		{"nested image caption", "![foo ![bar](/u)](/v)\n", []revision.Node{rBlock(&revision.Images{}, &revision.Block{Data: &revision.Image{Ref: revision.URLRef("/v")},
			Fragments: []*revision.Fragment{{Fragment: "caption", Nodes: []revision.Node{rPara(rText("foo "), revision.NewInline(&revision.InlineImage{Ref: revision.URLRef("/u"), Alt: "bar"}))}}}})}},
		{"nested inline image alt", "x ![foo ![bar](/u)](/v)\n", []revision.Node{rPara(rText("x "), revision.NewInline(&revision.InlineImage{Ref: revision.URLRef("/v"), Alt: "foo bar"}))}},
	})
}

// A "\" ending a paragraph is text, escaped or not (CommonMark example
// 644; GitBook's 2026 exporter writes a hard break there as <br>).
func TestParseTrailingBackslash(t *testing.T) {
	runParseCases(t, []parseCase{
		{"backslash at the end", "a\\\n\n\nb\n", []revision.Node{rPara(rText("a\\")), rPara(rText("b"))}},
		{"last line of the file", "a\nb\\", []revision.Node{rPara(rText("a b\\"))}},
		{"escaped backslash", "a\\\\\n", []revision.Node{rPara(rText("a\\"))}},
		{"inside code", "`a\\`\n", []revision.Node{rPara(rText("a\\", revision.MarkCode))}},
	})
}

// A pipe-table cell written as HTML blocks reads as those blocks.
func TestParsePipeCellHTMLBlocks(t *testing.T) {
	src := "| A | B |\n| - | - |\n| <p><code>x</code></p><p>y \\| z</p> | <p>intro:</p><ul><li>one</li></ul> |\n| <p>a</p>b | plain |\n"
	p, _ := Parse([]byte(src), ParseOptions{})
	tbl := p.Document.Nodes[0].(*revision.Block)
	frag := func(id string) []revision.Node {
		for _, f := range tbl.Fragments {
			if f.Fragment == id {
				return f.Nodes
			}
		}
		return nil
	}
	want := map[string][]revision.Node{
		"r0c0": {rPara(rText("x", revision.MarkCode)), rPara(rText("y | z"))},
		"r0c1": {rPara(rText("intro:")), rBlock(&revision.ListUnordered{}, rItem(rPara(rText("one"))))},
		"r1c1": {rPara(rText("plain"))},
	}
	for id, w := range want {
		if diff := cmp.Diff(w, frag(id)); diff != "" {
			t.Errorf("cell %s (-want +got):\n%s", id, diff)
		}
	}
	if got := frag("r1c0"); len(got) != 1 {
		t.Errorf("cell r1c0 (not only HTML blocks) = %d blocks, want one paragraph", len(got))
	}
	p, _ = Parse([]byte("| A |\n| - |\n| <p>the `id`</p><p>b</p> |\n"), ParseOptions{})
	tbl = p.Document.Nodes[0].(*revision.Block)
	if got := frag("r0c0"); len(got) != 1 {
		t.Errorf("cell with Markdown inside its HTML = %d blocks, want one paragraph (inline reading)", len(got))
	}
	// Characters Markdown leaves as they are ("_" inside a word, a lone "*")
	// do not force the inline reading (printer-to-reader.md R15).
	p, _ = Parse([]byte("| A |\n| - |\n| <p><code>uuid_nil</code> ()</p><p>a *() b</p> |\n"), ParseOptions{})
	tbl = p.Document.Nodes[0].(*revision.Block)
	if diff := cmp.Diff([]revision.Node{rPara(rLeaves(rLeaf("uuid_nil", revision.MarkCode), rLeaf(" ()"))), rPara(rText("a *() b"))}, frag("r0c0")); diff != "" {
		t.Errorf("cell with plain '_' and '*' (-want +got):\n%s", diff)
	}
	// Printed back (pipe or HTML table), the cells read the same, also in a
	// table mixing HTML-block cells and cells read inline.
	for _, src := range []string{
		"| A | B |\n| - | - |\n| <p><code>x</code></p><p>y \\| z</p> | <p>intro:</p><ul><li>one</li></ul> |\n",
		"| A |\n| - |\n| <p><code>a_b</code></p><p>c</p> |\n| <p><code>d_e</code></p><p>f<br>g</p> |\n| <p>the `id`</p><p>h</p> |\n",
	} {
		p, _ = Parse([]byte(src), ParseOptions{})
		out := Print(p, PrintOptions{})
		p2, _ := Parse(out, ParseOptions{})
		if diff := cmp.Diff(p.Document.Nodes, p2.Document.Nodes); diff != "" {
			t.Errorf("Parse(Print(%q)) differs; printed:\n%s\n%s", src, out, diff)
		}
	}
}

// Invalid UTF-8 and U+0000 in text become U+FFFD (CommonMark for U+0000;
// the revision JSON cannot hold stray bytes).
func TestParseInvalidTextBytes(t *testing.T) {
	runParseCases(t, []parseCase{
		{"invalid utf-8", "0\xa8\xa8*0*0\n", []revision.Node{rPara(rLeaves(rLeaf("0\uFFFD"), rLeaf("0", revision.MarkItalic), rLeaf("0")))}},
		{"nul", "a\x00b\n", []revision.Node{rPara(rText("a\uFFFDb"))}},
		{"code", "```\na\x00\n```\n", []revision.Node{rCode(&revision.Code{}, "a\uFFFD")}},
	})
}

// An unknown tag line right inside a container does not keep the
// container from closing.
func TestParseUnknownTagLineInContainer(t *testing.T) {
	runParseCases(t, []parseCase{
		{"in a tab", "{% tabs %}\n{% tab title=\"A\" %}\n{% x %}\n{% endtab %}\n{% endtabs %}\n",
			[]revision.Node{rBlock(&revision.Tabs{}, rBlock(&revision.TabsItem{Title: "A"}, rOpaque("{% x %}")))}},
		{"in a hint", "{% hint style=\"info\" %}\n{% @a/b %}\n{% endhint %}\n",
			[]revision.Node{rBlock(&revision.Hint{Style: "info"}, rOpaque("{% @a/b %}"))}},
	})
}

// A check box is read only in front of a paragraph: at the start of a
// heading it stays text, and the list is not a task list.
func TestParseCheckBoxInHeading(t *testing.T) {
	runParseCases(t, []parseCase{
		{"heading", "* # [X] done\n", []revision.Node{rBlock(&revision.ListUnordered{},
			rBlock(&revision.ListItem{}, rBlock(&revision.Heading{Level: 1}, rText("[X] done"))))}},
		{"paragraph", "* [x] done\n", []revision.Node{rBlock(&revision.ListTasks{},
			rBlock(&revision.ListItem{Checked: rp(true)}, rPara(rText("done"))))}},
	})
}

// Text after an end tag on its line is neither lost nor moved into the
// body: the tag is kept as written.
func TestParseTextAfterEndTag(t *testing.T) {
	hint := "{% hint style=\"info\" %}\nNote\n{% endhint %} trailing words"
	tabs := "{% tabs %}\n{% tab title=\"A\" %}\na\n{% endtab %}\n{% endtabs %}after"
	runParseCases(t, []parseCase{
		{"hint", hint + "\n", []revision.Node{rOpaque(hint)}},
		{"tabs", tabs + "\n\nnext\n", []revision.Node{rOpaque(tabs), rPara(rText("next"))}},
		{"spaces only", "{% hint style=\"info\" %}\nNote\n{% endhint %}  \n", []revision.Node{rBlock(&revision.Hint{Style: "info"}, rPara(rText("Note")))}},
	})
}
