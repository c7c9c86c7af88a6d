package markdown

import (
	"testing"

	"github.com/seed1bfafebe/gitsync/revision"
)

func TestParseInlines(t *testing.T) {
	color := func(text, bg string) revision.Leaf {
		return revision.Leaf{Text: "c", Marks: []revision.Mark{{Type: revision.MarkColor, Text: text, Background: bg}}}
	}
	runParseCases(t, []parseCase{
		{"emphasis", "**b** _i_ *j* ~~s~~ `c`\n",
			[]revision.Node{rPara(rLeaves(rLeaf("b", bold), rLeaf(" "), rLeaf("i", italic), rLeaf(" "), rLeaf("j", italic), rLeaf(" "),
				rLeaf("s", revision.MarkStrikethrough), rLeaf(" "), rLeaf("c", code)))}},
		{"nested marks sorted", "_**x**_ **_y_**\n",
			[]revision.Node{rPara(rLeaves(rLeaf("x", bold, italic), rLeaf(" "), rLeaf("y", bold, italic)))}},
		{"code in bold", "**a `b`**\n",
			[]revision.Node{rPara(rLeaves(rLeaf("a ", bold), rLeaf("b", bold, code)))}},
		{"escapes and entities", `a\_b \*c\* &#x20;x&#x3C;y &amp; \\` + "\n",
			[]revision.Node{rPara(rText(`a_b *c*  x<y & \`))}},
		{"code span keeps backslashes", "`a\\_b`\n",
			[]revision.Node{rPara(rText(`a\_b`, code))}},
		{"link", "see [the **docs**](guide/intro.md#top) now\n",
			[]revision.Node{rPara(rText("see "), rLink("guide/intro.md#top", rLeaves(rLeaf("the "), rLeaf("docs", bold))), rText(" now"))}},
		{"link target escapes", `[v](https://x.example/watch?v=1\&t=2)` + "\n",
			[]revision.Node{rPara(rLink("https://x.example/watch?v=1&t=2", rText("v")))}},
		{"link in bold keeps marks", "**[a](b.md)**\n",
			[]revision.Node{rPara(rLink("b.md", rText("a", bold)))}},
		{"angle target", "[sp](<a b.md>)\n",
			[]revision.Node{rPara(rLink("a b.md", rText("sp")))}},
		{"mention", `[page.md](page.md "mention")` + "\n",
			[]revision.Node{rPara(revision.NewInline(&revision.Mention{Ref: revision.URLRef("page.md")}))}},
		{"broken reference", "[x](broken-reference)\n",
			[]revision.Node{rPara(rLink("broken-reference", rText("x")))}},
		{"autolink", "<https://example.org/a>\n",
			[]revision.Node{rPara(rLink("https://example.org/a", rText("https://example.org/a")))}},
		{"inline image", "an ![icon](i.png) here\n",
			[]revision.Node{rPara(rText("an "), revision.NewInline(&revision.InlineImage{Ref: revision.URLRef("i.png"), Alt: "icon"}), rText(" here"))}},
		{"html inline image", `x <img src="s.png" alt="s" data-size="line"> y` + "\n",
			[]revision.Node{rPara(rText("x "), revision.NewInline(&revision.InlineImage{Ref: revision.URLRef("s.png"), Alt: "s", Size: "line"}), rText(" y"))}},
		{"color marks", `<mark style="color:red;">c</mark><mark style="color:red;background-color:blue;">c</mark><mark style="background-color:green;">c</mark>` + "\n",
			[]revision.Node{rPara(rLeaves(color("red", "default"), color("red", "blue"), color("default", "green")))}},
		{"kbd sub sup", "<kbd>K</kbd><sub>2</sub><sup>3</sup>\n",
			[]revision.Node{rPara(rLeaves(rLeaf("K", revision.MarkKeyboard), rLeaf("2", revision.MarkSubscript), rLeaf("3", revision.MarkSuperscript)))}},
		{"emoji", `go <span data-gb-custom-inline data-tag="emoji" data-code="1f680">🚀</span>` + "\n",
			[]revision.Node{rPara(rText("go "), revision.NewInline(&revision.Emoji{Code: "1f680"}))}},
		{"icon", `<i class="fa-flask">:flask:</i> lab` + "\n",
			[]revision.Node{rPara(revision.NewInline(&revision.Icon{Icon: "flask"}), rText(" lab"))}},
		{"button", `<a href="https://x.example" class="button primary">Try it</a>` + "\n",
			[]revision.Node{rPara(revision.NewInline(&revision.Button{Label: "Try it", Kind: "primary", Ref: revision.URLRef("https://x.example")}))}},
		{"inline math", "area $$\\pi r^2$$ ok\n",
			[]revision.Node{rPara(rText("area "), revision.NewInline(&revision.InlineMath{Formula: `\pi r^2`}), rText(" ok"))}},
		{"html marks of older pages", "<code>k</code> <em>e</em> <strong>s</strong> <b>b</b> <i>i</i> <del>d</del> <code class=\"x\">c</code>\n",
			[]revision.Node{rPara(rLeaves(rLeaf("k", code), rLeaf(" "), rLeaf("e", italic), rLeaf(" "), rLeaf("s", bold), rLeaf(" "), rLeaf("b", bold), rLeaf(" "),
				rLeaf("i", italic), rLeaf(" "), rLeaf("d", revision.MarkStrikethrough), rLeaf(" ")), rInline(`<code class="x">`), rText("c"), rInline("</code>"))}},
		{"unknown inline html", "a <u>b</u> c\n",
			[]revision.Node{rPara(rText("a "), rInline("<u>"), rText("b"), rInline("</u>"), rText(" c"))}},
		{"unmatched mark tag", "a <kbd>b\n",
			[]revision.Node{rPara(rText("a "), rInline("<kbd>"), rText("b"))}},
		{"no linkify no typographer", "see www.example.org -- \"quoted\"\n",
			[]revision.Node{rPara(rText(`see www.example.org -- "quoted"`))}},
	})
}

// fakeResolver resolves what its maps hold.
type fakeResolver struct {
	links, files, includes map[string]*revision.ContentRef
}

func (r fakeResolver) Link(t string) (*revision.ContentRef, bool) { v, ok := r.links[t]; return v, ok }
func (r fakeResolver) File(t string) (*revision.ContentRef, bool) { v, ok := r.files[t]; return v, ok }
func (r fakeResolver) Include(t string) (*revision.ContentRef, bool) {
	v, ok := r.includes[t]
	return v, ok
}

func TestParseResolver(t *testing.T) {
	res := fakeResolver{
		links:    map[string]*revision.ContentRef{"a.md": revision.PageRef("P1"), "#x": revision.AnchorRef("", "x")},
		files:    map[string]*revision.ContentRef{"img.png": revision.FileRef("F1")},
		includes: map[string]*revision.ContentRef{"inc.md": revision.ReusableContentRef("R1")},
	}
	src := "[a](a.md) [x](#x) [m](missing.md) ![i](img.png) ![j](gone.png) ![w](https://w.example/p.png)\n\n" +
		"{% include \"inc.md\" %}\n\n{% include \"nope.md\" %}\n\n[b](broken-reference)\n"
	p, warns := Parse([]byte(src), ParseOptions{Path: "dir/page.md", Resolver: res})
	para := p.Document.Nodes[0].(*revision.Block)
	refOf := func(n revision.Node) *revision.ContentRef {
		switch d := n.(*revision.Inline).Data.(type) {
		case *revision.Link:
			return d.Ref
		case *revision.InlineImage:
			return d.Ref
		}
		return nil
	}
	var refs []*revision.ContentRef
	for _, n := range para.Nodes {
		if _, ok := n.(*revision.Inline); ok {
			refs = append(refs, refOf(n))
		}
	}
	want := []*revision.ContentRef{revision.PageRef("P1"), revision.AnchorRef("", "x"), revision.URLRef("missing.md"),
		revision.FileRef("F1"), revision.URLRef("gone.png"), revision.URLRef("https://w.example/p.png")}
	if len(refs) != len(want) {
		t.Fatalf("refs = %v", refs)
	}
	for i := range want {
		if *refs[i] != *want[i] {
			t.Errorf("ref %d = %+v, want %+v", i, refs[i], want[i])
		}
	}
	if got := p.Document.Nodes[1].(*revision.Block).Data.(*revision.ReusableContentBlock).Ref; *got != *revision.ReusableContentRef("R1") {
		t.Errorf("include ref = %+v", got)
	}
	wantWarns := []Warning{
		{Path: "dir/page.md", Line: 1, Code: WarnUnresolvedLink},
		{Path: "dir/page.md", Line: 1, Code: WarnMissingFile},
		{Path: "dir/page.md", Line: 5, Code: WarnUnresolvedLink},
		{Path: "dir/page.md", Line: 7, Code: WarnBrokenReference},
	}
	if len(warns) != len(wantWarns) {
		t.Fatalf("warnings = %v", warns)
	}
	for i, w := range wantWarns {
		if warns[i].Path != w.Path || warns[i].Line != w.Line || warns[i].Code != w.Code || warns[i].Message == "" {
			t.Errorf("warning %d = %v, want %v", i, warns[i], w)
		}
	}
}
