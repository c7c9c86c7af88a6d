package markdown

import (
	"math/rand/v2"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestParseSimpleTagMatchesTokenizer: whenever the fast path accepts a
// tag, it must read it as x/net/html's tokenizer does.
func TestParseSimpleTagMatchesTokenizer(t *testing.T) {
	cases := []string{
		`<a href="#x" id="x">`, `</a>`, `</A >`, `<img src="a.png" alt="" data-size="line">`,
		`<br/>`, `<br />`, `<IMG SRC='x' Alt="y"/>`, `<span data-gb-custom-inline data-tag="emoji">`,
		`<mark style="color:red;">`, `<a href="x"id="y">`, `<a href = "x">`, `<a href=x>`,
		`<a href="a&amp;b">`, `<a title="two\nlines">`, `</a href="x">`, `<!-- c -->`, `<1a>`, `< a>`,
		`<a href="x" `, `<a href="x`, `<a/b>`, `<a-b c="d">text</a-b>`, `<p>rest`, `<a x.y="1" z_w:v='2'>`,
		`<td colspan="2">`, "<a\thref=\"x\"\n>", `<a href="">`, `<a>`, `<a/>`, `</a/>`,
	}
	rng := rand.New(rand.NewPCG(3, 4))
	parts := []string{"<", "</", "a", "B", "img", " ", "\t", "=", `"`, "'", "x", "-", "/", ">", "&", "\n", "data-v", ".", ":"}
	for range 20000 {
		s := "<"
		for range 1 + rng.IntN(10) {
			s += parts[rng.IntN(len(parts))]
		}
		cases = append(cases, s)
	}
	accepted := 0
	for _, raw := range cases {
		fast, ok := parseSimpleTag(raw)
		if !ok {
			continue
		}
		accepted++
		slow, sok := tokenizeTag(raw)
		if !sok {
			t.Errorf("%q: fast path read a tag, the tokenizer none", raw)
			continue
		}
		if diff := cmp.Diff(slow, fast, cmp.AllowUnexported(htmlTag{})); diff != "" {
			t.Errorf("%q (-tokenizer +fast):\n%s", raw, diff)
		}
	}
	if accepted < 20 {
		t.Errorf("the fast path accepted only %d cases", accepted)
	}
}
