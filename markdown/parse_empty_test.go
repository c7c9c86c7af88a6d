package markdown

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/seed1bfafebe/gitsync/revision"
)

// GitBook prints an empty paragraph as an empty line joined with "\n\n":
// 2k+1 blank lines between two blocks hold k empty paragraphs, a page
// ending with 2k newlines ends with k of them.
func TestParseEmptyParagraphs(t *testing.T) {
	e := func() revision.Node { return rPara(rText("")) }
	x := func(s string) revision.Node { return rPara(rText(s)) }
	cases := []struct {
		name  string
		src   string
		want  []revision.Node
		spans []Span
	}{
		{"one between", "# T\n\na\n\n\n\nb\n", []revision.Node{x("a"), e(), x("b")}, []Span{{5, 6}, {8, 8}, {10, 11}}},
		{"two between", "# T\n\na\n\n\n\n\n\nb\n", []revision.Node{x("a"), e(), e(), x("b")}, []Span{{5, 6}, {8, 8}, {10, 10}, {12, 13}}},
		{"even gap rounds down", "a\n\n\nb\n\n\n\n\nc\n", []revision.Node{x("a"), x("b"), e(), x("c")}, []Span{{0, 1}, {4, 5}, {7, 7}, {10, 11}}},
		{"after the title", "# T\n\n\n\na\n", []revision.Node{e(), x("a")}, []Span{{5, 5}, {7, 8}}},
		{"title only", "# T\n\n", []revision.Node{e()}, []Span{{5, 5}}},
		{"at the end", "a\n\n", []revision.Node{x("a"), e()}, []Span{{0, 1}, {3, 3}}},
		{"two at the end", "a\n\n\n\n", []revision.Node{x("a"), e(), e()}, []Span{{0, 1}, {3, 3}, {5, 5}}},
		{"front matter", "---\nicon: x\n---\n\n\n\na\n", []revision.Node{e(), x("a")}, []Span{{17, 17}, {19, 20}}},
		{"page start", "\n\na\n", []revision.Node{e(), x("a")}, []Span{{0, 0}, {2, 3}}},
		{"a newline alone", "\n", []revision.Node{}, []Span{}},
		{"only two", "\n\n", []revision.Node{e(), e()}, []Span{{0, 0}, {2, 2}}},
		{"only three", "\n\n\n\n", []revision.Node{e(), e(), e()}, []Span{{0, 0}, {2, 2}, {4, 4}}},
		{"crlf", "a\r\n\r\n\r\n\r\nb\r\n", []revision.Node{x("a"), e(), x("b")}, []Span{{0, 1}, {5, 5}, {9, 10}}},
		{"not in code", "```\na\n\n\n\nb\n```\n", []revision.Node{rCode(&revision.Code{}, "a", "", "", "", "b")}, []Span{{0, 14}}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p, _ := Parse([]byte(c.src), ParseOptions{})
			checkSpans(t, c.name, []byte(c.src), p)
			if diff := cmp.Diff(c.want, p.Document.Nodes); diff != "" {
				t.Errorf("nodes (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(c.spans, p.Spans); diff != "" {
				t.Errorf("spans (-want +got):\n%s", diff)
			}
			if c.name == "even gap rounds down" || c.name == "crlf" || c.name == "a newline alone" {
				return // not canonical
			}
			if got := string(Print(p, PrintOptions{})); got != c.src {
				t.Errorf("Print = %q, want %q", got, c.src)
			}
		})
	}
}

// Inside containers, blank lines between two children count the same way.
func TestParseEmptyParagraphsInContainers(t *testing.T) {
	e := func() revision.Node { return rPara(rText("")) }
	x := func(s string) revision.Node { return rPara(rText(s)) }
	runParseCases(t, []parseCase{
		{"hint", "{% hint style=\"info\" %}\na\n\n\n\nb\n{% endhint %}\n",
			[]revision.Node{rBlock(&revision.Hint{Style: "info"}, x("a"), e(), x("b"))}},
		{"hint, two blank lines", "{% hint style=\"info\" %}\na\n\n\nb\n{% endhint %}\n",
			[]revision.Node{rBlock(&revision.Hint{Style: "info"}, x("a"), x("b"))}},
		{"list item", "* a\n\n\n\n  b\n",
			[]revision.Node{rBlock(&revision.ListUnordered{}, rItem(x("a"), e(), x("b")))}},
	})
	src := "# T\n\n{% hint style=\"info\" %}\na\n\n\n\nb\n{% endhint %}\n"
	p, _ := Parse([]byte(src), ParseOptions{})
	if got := string(Print(p, PrintOptions{})); got != src {
		t.Errorf("Print(Parse(%q)) = %q", src, got)
	}
}
