package markdown

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/seed1bfafebe/gitsync/revision"
	"gopkg.in/yaml.v3"
)

func TestParseFrontMatterAndTitle(t *testing.T) {
	src := "---\ndescription: >-\n  A folded\n  description.\nicon: book\ncover: ../.gitbook/assets/c.png\ncoverY: 12.5\nlayout:\n  width: wide\n  title:\n    visible: false\n  cover:\n    visible: true\n    size: full\nhidden: true\nnoIndex: true\ncustom: kept\n---\n\n# The *Title*\n\nBody.\n"
	p, warns := Parse([]byte(src), ParseOptions{Path: "p.md"})
	if len(warns) != 0 {
		t.Errorf("warnings: %v", warns)
	}
	layout := revision.DefaultLayout()
	layout.Width, layout.Title, layout.Cover, layout.CoverSize = "wide", false, true, "full"
	want := &FrontMatter{
		Description: "A folded description.", Icon: "book", Cover: "../.gitbook/assets/c.png", CoverY: rp(12.5),
		Layout: &layout, LayoutKeys: []string{"width", "title", "cover"}, Hidden: true, NoIndex: true,
		Source: strings.TrimPrefix(src[:strings.Index(src, "---\n\n")], "---\n"),
	}
	if diff := cmp.Diff(want, p.FrontMatter, cmpopts.IgnoreFields(FrontMatter{}, "Node")); diff != "" {
		t.Errorf("front matter (-want +got):\n%s", diff)
	}
	if p.FrontMatter.Node == nil || p.FrontMatter.Node.Kind != yaml.MappingNode || len(p.FrontMatter.Node.Content) != 16 {
		t.Errorf("front matter node = %+v", p.FrontMatter.Node)
	}
	if p.Title != "The Title" {
		t.Errorf("title = %q", p.Title)
	}
	if want := strings.Index(src, "\nBody") - 0; p.BodyStart != want {
		t.Errorf("BodyStart = %d, want %d", p.BodyStart, want)
	}
	if diff := cmp.Diff([]revision.Node{rPara(rText("Body."))}, p.Document.Nodes); diff != "" {
		t.Error(diff)
	}
	if got := src[p.Spans[0].Start:p.Spans[0].End]; got != "Body." {
		t.Errorf("span = %q", got)
	}
}

func TestParsePageEdges(t *testing.T) {
	cases := []struct {
		name      string
		src       string
		title     string
		bodyStart int
		fm        bool
		spans     []string
	}{
		{"empty", "", "", 0, false, nil},
		{"title only", "# T\n", "T", 4, false, nil},
		{"title without newline", "# T", "T", 3, false, nil},
		{"no title", "Text\n", "", 0, false, []string{"Text"}},
		{"title not first", "Intro\n\n# Late\n", "", 0, false, []string{"Intro", "# Late"}},
		{"setext is not a title", "T\n=\n\nx\n", "", 0, false, []string{"T\n=", "x"}},
		{"front matter without title", "---\nicon: x\n---\n\npara\n", "", 16, true, []string{"para"}},
		{"empty front matter", "---\n---\n# T\n", "T", 12, true, nil},
		{"lone rule is no front matter", "---\n\ntext\n", "", 0, false, []string{"---", "text"}},
		{"blank lines kept out of spans", "# T\n\n\na\n\n\nb\n\n  \n", "T", 4, false, []string{"a", "b", ""}},
		{"bom", "\ufeff# T\n\nx\n", "T", 7, false, []string{"x"}},
		{"crlf", "---\r\nicon: x\r\n---\r\n\r\n# T\r\n\r\n* a\r\n* b\r\n\r\n```\r\nc\r\n```\r\n", "T", 26, true,
			[]string{"* a\r\n* b", "```\r\nc\r\n```"}},
		{"spans of containers", "## H\n\n{% hint style=\"info\" %}\nx\n\ny\n{% endhint %}\n\n> q\n> r\n\n| a |\n| - |\n| b |\n",
			"", 0, false, []string{"## H", "{% hint style=\"info\" %}\nx\n\ny\n{% endhint %}", "> q\n> r", "| a |\n| - |\n| b |"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p, _ := Parse([]byte(c.src), ParseOptions{})
			checkSpans(t, c.name, []byte(c.src), p)
			if p.Title != c.title || p.BodyStart != c.bodyStart || (p.FrontMatter != nil) != c.fm {
				t.Errorf("title %q body %d fm %v; want %q %d %v", p.Title, p.BodyStart, p.FrontMatter != nil, c.title, c.bodyStart, c.fm)
			}
			var got []string
			for _, s := range p.Spans {
				got = append(got, c.src[s.Start:s.End])
			}
			if diff := cmp.Diff(c.spans, got); diff != "" {
				t.Errorf("spans (-want +got):\n%s", diff)
			}
		})
	}
}

func TestParseCRLFFrontMatterSource(t *testing.T) {
	src := "---\r\ndescription: d\r\n---\r\n# T\r\n"
	p, _ := Parse([]byte(src), ParseOptions{})
	if p.FrontMatter == nil || p.FrontMatter.Source != "description: d\r\n" || p.FrontMatter.Description != "d" || p.Title != "T" {
		t.Errorf("page = %+v, fm = %+v", p, p.FrontMatter)
	}
}

func TestParseWarnings(t *testing.T) {
	src := strings.Join([]string{
		"---",                    // 1
		"description: [oops",     // 2
		"---",                    // 3
		"",                       // 4
		"# T",                    // 5
		"",                       // 6
		"{% hint style=\"x\" %}", // 7
		"",                       // 8
		"{% mystery %}",          // 9
		"",                       // 10
		"<section>odd</section>", // 11
		"",                       // 12
		"* item",                 // 13
		"",                       // 14
		"  {% tabs %}",           // 15
		"",                       // 16
		"{% endtabs %}",          // 17
		"",                       // 18
		"[x](broken-reference)",  // 19
		"",                       // 20
		"$$",                     // 21
		"x",                      // 22
	}, "\n")
	p, warns := Parse([]byte(src), ParseOptions{Path: "w.md"})
	type wl struct {
		Line int
		Code string
	}
	var got []wl
	for _, w := range warns {
		if w.Path != "w.md" || w.Message == "" {
			t.Errorf("warning %+v lacks path or message", w)
		}
		got = append(got, wl{w.Line, w.Code})
	}
	want := []wl{
		{2, WarnFrontMatter},
		{7, WarnUnclosedTag},
		{9, WarnUnknownBlock},
		{11, WarnUnknownHTML},
		{15, WarnUnclosedTag},
		{17, WarnUnknownBlock},
		{19, WarnBrokenReference},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("warnings (-want +got):\n%s\n%v", diff, warns)
	}
	if p.FrontMatter == nil || p.FrontMatter.Node != nil || p.FrontMatter.Source != "description: [oops\n" {
		t.Errorf("invalid front matter = %+v", p.FrontMatter)
	}
}

func TestParseInvalidUTF8(t *testing.T) {
	_, warns := Parse([]byte("ok\n\nbad \xff byte\n"), ParseOptions{})
	if len(warns) != 1 || warns[0].Code != WarnInvalidUTF8 || warns[0].Line != 3 {
		t.Errorf("warnings = %v", warns)
	}
}

func TestParseSummary(t *testing.T) {
	src := "# Contents\n\n* [Intro](README.md)\n* [Guide](guide/README.md)\n  * [First\\_step](guide/01\\_first.md)\n    - [Deep](<guide/deep page.md>)\n* Unlinked\n  * [Child](child.md)\n\n## Reference\n\n* [API](api.md)\n* [Site](https://example.org/)\n\n## Empty group\n"
	s, warns := ParseSummary([]byte(src), "SUMMARY.md")
	want := &Summary{Title: "Contents", Entries: []*SummaryEntry{
		{Title: "Intro", Target: "README.md", Line: 3},
		{Title: "Guide", Target: "guide/README.md", Line: 4, Children: []*SummaryEntry{
			{Title: "First_step", Target: "guide/01_first.md", Line: 5, Children: []*SummaryEntry{
				{Title: "Deep", Target: "guide/deep page.md", Line: 6},
			}},
		}},
		{Title: "Unlinked", Line: 7, Children: []*SummaryEntry{{Title: "Child", Target: "child.md", Line: 8}}},
		{Title: "Reference", Group: true, Line: 10, Children: []*SummaryEntry{
			{Title: "API", Target: "api.md", Line: 12},
			{Title: "Site", Target: "https://example.org/", Line: 13},
		}},
		{Title: "Empty group", Group: true, Line: 15, Children: []*SummaryEntry{}},
	}}
	if diff := cmp.Diff(want, s); diff != "" {
		t.Errorf("summary (-want +got):\n%s", diff)
	}
	if len(warns) != 1 || warns[0].Code != WarnUnlinkedEntry || warns[0].Line != 7 || warns[0].Path != "SUMMARY.md" {
		t.Errorf("warnings = %v", warns)
	}
}

func TestParseSummaryCRLFAndJunk(t *testing.T) {
	s, warns := ParseSummary([]byte("# TOC\r\n\r\nstray text\r\n\r\n* [A](a.md)\r\n"), "S.md")
	if s.Title != "TOC" || len(s.Entries) != 1 || s.Entries[0].Target != "a.md" || s.Entries[0].Line != 5 {
		t.Errorf("summary = %+v", s)
	}
	if len(warns) != 1 || warns[0].Code != WarnSummary || warns[0].Line != 3 {
		t.Errorf("warnings = %v", warns)
	}
}
