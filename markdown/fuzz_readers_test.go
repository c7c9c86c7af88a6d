package markdown

import (
	"bytes"
	"reflect"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// FuzzSummary reads any bytes as a SUMMARY.md: no panic, the same result
// twice, and the printed table of contents reads back to the same linked
// entries.
// Seeds: below and testdata/fuzz/FuzzSummary.
func FuzzSummary(f *testing.F) {
	for _, s := range []string{
		"# Table of contents\n\n* [Home](README.md)\n* [Guide](guide/README.md)\n  * [Install](guide/install.md)\n\n## Reference\n\n* [API](reference/api.md)\n",
		"# TOC\r\n\r\nstray text\r\n\r\n* [A](a.md)\r\n",
		"* [Deep](d.md)\n" + deepList(80),
		"* Unlinked\n  * [Child](c.md#anchor)\n* [Site](https://example.com)\n",
		"## Group\n\n* [x](<a b.md>)\n> * [q](q.md)\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		s1, _ := ParseSummary(src, "SUMMARY.md")
		again, _ := ParseSummary(bytes.Clone(src), "SUMMARY.md")
		// reflect first: cmp.Diff takes exponential time on deep trees.
		if !reflect.DeepEqual(s1, again) {
			t.Fatalf("ParseSummary is not deterministic:\n%s", cmp.Diff(s1, again))
		}
		// Printing keeps every page: the linked entries read back in the
		// same order. (Printing is not always a fixed point yet: an
		// unlinked entry with an empty title prints as a bare "*".)
		p1 := PrintSummary(s1)
		s2, _ := ParseSummary(p1, "SUMMARY.md")
		if t1, t2 := summaryTargets(s1.Entries, nil), summaryTargets(s2.Entries, nil); !reflect.DeepEqual(t1, t2) {
			t.Fatalf("printing lost entries:\n%q\n%q\n%s", src, p1, cmp.Diff(t1, t2))
		}
	})
}

func summaryTargets(es []*SummaryEntry, out []string) []string {
	for _, e := range es {
		if e.Target != "" {
			out = append(out, e.Target)
		}
		out = summaryTargets(e.Children, out)
	}
	return out
}

// FuzzFrontMatter reads any bytes as a page's front matter: no panic, the
// same result twice, and printing the front matter it read gives a front
// matter that reads back to the same fields.
// Seeds: below and testdata/fuzz/FuzzFrontMatter.
func FuzzFrontMatter(f *testing.F) {
	for _, s := range []string{
		"description: A page\nicon: book\n",
		"layout:\n  width: wide\n  title:\n    visible: false\ncover: .gitbook/assets/c.png\ncoverY: -12.5\n",
		"hidden: true\nnoIndex: true\nunknown: [1, 2]\n",
		"a: &x [1, 2]\nb: *x\ndescription: *x\n",
		"description: |\n  multi\n  line\n",
		"- not a mapping\n",
		"description: \"unterminated\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, fm []byte) {
		if bytes.Contains(fm, []byte("\n---")) || bytes.HasPrefix(fm, []byte("---")) {
			return // that would end the front matter early: another input
		}
		src := append(append([]byte("---\n"), fm...), "\n---\n# Title\n"...)
		p1, _ := Parse(src, ParseOptions{Path: "p.md"})
		p2, _ := Parse(bytes.Clone(src), ParseOptions{Path: "p.md"})
		if diff := cmp.Diff(p1.FrontMatter, p2.FrontMatter, fmFieldsOnly()); diff != "" {
			t.Fatalf("front matter not deterministic:\n%s", diff)
		}
		if p1.FrontMatter == nil {
			return
		}
		printed := PrintFrontMatter(p1.FrontMatter)
		back, _ := Parse(append(printed, "# Title\n"...), ParseOptions{Path: "p.md"})
		if back.FrontMatter == nil {
			t.Fatalf("printed front matter does not read back:\n%s", printed)
		}
		if diff := cmp.Diff(p1.FrontMatter, back.FrontMatter, fmFieldsOnly()); diff != "" {
			t.Fatalf("front matter changed through print:\n%s\nprinted:\n%s", diff, printed)
		}
	})
}

// fmFieldsOnly compares the fields of a front matter that a page
// holds, not the YAML tree and text it was read from.
func fmFieldsOnly() cmp.Option {
	return cmp.FilterPath(func(p cmp.Path) bool {
		switch p.Last().String() {
		case ".Node", ".Source":
			return true
		}
		return false
	}, cmp.Ignore())
}
