package markdown

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/seed1bfafebe/gitsync/revision"
	"github.com/yuin/goldmark/ast"
)

// deepList is a bullet list nested n levels, one item per line.
func deepList(n int) string {
	var b strings.Builder
	for i := range n {
		fmt.Fprintf(&b, "%s- item %d\n", strings.Repeat("  ", i), i)
	}
	return b.String()
}

// deepTags nests n {% tabs %}/{% tab %} pairs, closed in order.
func deepTags(n int) string {
	var b strings.Builder
	for i := range n {
		fmt.Fprintf(&b, "{%% tabs %%}\n{%% tab title=\"t%d\" %%}\n", i)
	}
	b.WriteString("x\n")
	for range n {
		b.WriteString("{% endtab %}\n{% endtabs %}\n")
	}
	return b.String()
}

// deepDetails nests n expandables.
func deepDetails(n int) string {
	return strings.Repeat("<details>\n<summary>s</summary>\n\n", n) + "x\n\n" + strings.Repeat("</details>\n", n)
}

// wideList is n copies of a list nested depth levels, apart.
func wideList(n, depth int) string {
	return strings.Repeat(deepList(depth)+"\n", n)
}

// TestParseNestingLimit: every deep shape is cut at the first line past the
// limit, that line is named by one limit warning, and the rest of the page
// is one opaque block holding its text, so nothing is lost; in bounded time.
func TestParseNestingLimit(t *testing.T) {
	tests := []struct {
		name     string
		src      string
		max      int
		wantLine int // 0: no limit warning
	}{
		{"quotes 100,000 deep", "# Deep\n\n" + strings.Repeat(">", 100000) + " deep\n", 0, 3},
		{"spaced quotes", "# Deep\n\n" + strings.Repeat("> ", 100) + "deep\n", 0, 3},
		{"list 2,000 deep", "# Deep\n\n" + deepList(2000), 0, 3 + DefaultMaxNesting},
		{"list at the limit", "# Deep\n\n" + deepList(DefaultMaxNesting), 0, 0},
		{"one list line", "* " + strings.Repeat("- ", 500) + "x\n", 0, 1},
		{"ordered", "# Deep\n\n" + strings.Repeat("1. ", 300) + "x\n", 0, 3},
		{"quotes in lists", "text\n\n" + strings.Repeat("- > ", 40) + "x\n", 0, 3},
		{"tabs 100 deep", deepTags(100), 0, DefaultMaxNesting + 1},
		{"details 100 deep", "# D\n\n" + deepDetails(100), 0, 3 + 3*DefaultMaxNesting},
		{"lazy lines do not reset the depth", lazyDeep(200), 0, 2*DefaultMaxNesting + 1},
		{"limit set lower", "# Deep\n\n> > > x\n", 2, 3},
		{"no limit", "# Deep\n\n" + deepList(100), -1, 0},
		{"budget of nested lines", wideList(600, 60), 0, budgetLine(60)},
		{"fenced code is not nested", "```\n" + strings.Repeat(">", 1000) + "\n```\n\nafter\n", 0, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			start := time.Now()
			p, warns := Parse([]byte(tt.src), ParseOptions{Path: "deep.md", MaxNesting: tt.max})
			if d := time.Since(start); d > 20*time.Second {
				t.Errorf("Parse took %v", d)
			}
			checkSpans(t, tt.name, []byte(tt.src), p)
			var limits []Warning
			for _, w := range warns {
				if w.Code == WarnLimit {
					limits = append(limits, w)
				}
			}
			if tt.wantLine == 0 {
				if len(limits) > 0 {
					t.Fatalf("limit warnings %v, want none", limits)
				}
				return
			}
			if len(limits) != 1 || limits[0].Line != tt.wantLine || limits[0].Path != "deep.md" {
				t.Fatalf("limit warnings %v, want one at deep.md:%d", limits, tt.wantLine)
			}
			nodes := p.Document.Nodes
			for len(nodes) > 1 && isEmptyParagraph(nodes[len(nodes)-1]) {
				nodes = nodes[:len(nodes)-1] // the page's trailing blank lines
			}
			last, ok := nodes[len(nodes)-1].(*revision.Opaque)
			if !ok {
				t.Fatalf("last node %T, want the rest kept as *revision.Opaque", nodes[len(nodes)-1])
			}
			rest := restFromLine(tt.src, tt.wantLine)
			if last.Source != strings.TrimRight(rest, "\n") {
				t.Errorf("opaque source is not the rest of the page from line %d:\n%.200q\nwant\n%.200q", tt.wantLine, last.Source, rest)
			}
		})
	}
}

// lazyDeep nests n list levels with a lazy continuation line after each
// item: the lines carry no indentation, but goldmark keeps every item open.
func lazyDeep(n int) string {
	var b strings.Builder
	for i := range n {
		fmt.Fprintf(&b, "%s- item %d\nlazy\n", strings.Repeat("  ", i), i)
	}
	return b.String()
}

// budgetLine is the line where wideList(_, depth) exhausts the nesting
// budget of the default limit.
func budgetLine(depth int) int {
	budget := nestingBudget(DefaultMaxNesting)
	line := 1
	for {
		for d := 1; d <= depth; d++ {
			if budget -= d; budget < 0 {
				return line
			}
			line++
		}
		// The blank line between lists continues the open items.
		if budget -= depth; budget < 0 {
			return line
		}
		line++
	}
}

func isEmptyParagraph(n revision.Node) bool {
	b, ok := n.(*revision.Block)
	return ok && revision.PlainText(b) == "" && len(b.Nodes) == 1
}

func restFromLine(src string, line int) string {
	for range line - 1 {
		src = src[strings.IndexByte(src, '\n')+1:]
	}
	return src
}

// TestFormatDeepIsFixedPoint: a page cut by the limit prints back with its
// deep part verbatim, and printing is a fixed point.
func TestFormatDeepIsFixedPoint(t *testing.T) {
	for _, src := range []string{
		"# Deep\n\n" + strings.Repeat(">", 5000) + " deep\n",
		"# Deep\n\nintro\n\n" + deepList(300),
		deepTags(70),
		"# D\n\n" + deepDetails(70),
	} {
		once := Format("p.md", []byte(src))
		if twice := Format("p.md", once); !bytes.Equal(once, twice) {
			t.Errorf("Format is not a fixed point:\n%s", cmp.Diff(string(once), string(twice)))
		}
		p, _ := Parse([]byte(src), ParseOptions{})
		o := p.Document.Nodes[len(p.Document.Nodes)-1].(*revision.Opaque)
		if !bytes.Contains(once, []byte(o.Source)) {
			t.Errorf("the printed page lost the deep part %.80q", o.Source)
		}
	}
}

// TestParseSummaryNestingLimit: a SUMMARY.md nested 1,000 levels keeps all
// its entries, none deeper than the limit, with one limit warning naming the
// first line moved up.
func TestParseSummaryNestingLimit(t *testing.T) {
	var b strings.Builder
	b.WriteString("# Table of contents\n\n")
	const n = 1000
	for i := range n {
		fmt.Fprintf(&b, "%s* [Page %d](p%d.md)\n", strings.Repeat("  ", i), i, i)
	}
	b.WriteString("* [Last](last.md)\n")
	start := time.Now()
	s, warns := ParseSummary([]byte(b.String()), "SUMMARY.md")
	if d := time.Since(start); d > 20*time.Second {
		t.Errorf("ParseSummary took %v", d)
	}
	want := []Warning{{Path: "SUMMARY.md", Line: 3 + DefaultMaxNesting, Code: WarnLimit,
		Message: fmt.Sprintf("entries nested deeper than %d levels (or past %d nested lines) are kept higher", DefaultMaxNesting, nestingBudget(DefaultMaxNesting))}}
	if diff := cmp.Diff(want, warns); diff != "" {
		t.Errorf("warnings (-want +got):\n%s", diff)
	}
	var targets []string
	deepest := 0
	var walk func(es []*SummaryEntry, depth int)
	walk = func(es []*SummaryEntry, depth int) {
		for _, e := range es {
			targets = append(targets, e.Target)
			deepest = max(deepest, depth)
			walk(e.Children, depth+1)
		}
	}
	walk(s.Entries, 1)
	if len(targets) != n+1 || targets[n-1] != fmt.Sprintf("p%d.md", n-1) || targets[n] != "last.md" {
		t.Errorf("%d entries (last %q), want %d ending with p%d.md and last.md", len(targets), targets[len(targets)-1], n+1, n-1)
	}
	if deepest != DefaultMaxNesting {
		t.Errorf("deepest entry at level %d, want %d", deepest, DefaultMaxNesting)
	}
	if s.Entries[1].Target != "last.md" {
		t.Errorf("the entry after the deep ones is not back at the top level")
	}
}

// TestNestingNeverUndercounts compares the scanner with goldmark: on every
// line, it counts at least as many containers as goldmark opens, so no shape
// gets deep nesting past it. Cases are the shapes whose rules differ (lazy
// lines, blank lines, tabs, code, thematic breaks).
func TestNestingNeverUndercounts(t *testing.T) {
	for _, src := range nestingSeeds() {
		checkNestingBound(t, []byte(src))
	}
}

func nestingSeeds() []string {
	return []string{
		deepList(20),
		lazyDeep(10),
		"> > a\nb\n> c\n\n>\n> > > d\n",
		"- a\n\n  - b\n\n\n    - c\n      > d\n  e\n",
		"1. a\n   2) b\n      - c\n\t- d\n\t\t- e\n",
		"- - - x\n- - -\n* * * y\n",
		"-\n  - a\n-\n\n  b\n",
		"- a\n      code\n  - b\n        - c\n",
		"  > - > - > x\n  >   - y\n",
		"{% tabs %}\n{% tab %}\n- a\n  - b\n{% endtab %}\n{% endtabs %}\n",
		"<details>\n<summary>x</summary>\n\n> a\n\n</details>\n",
		"```\n- a\n  - b\n```\n- c\n",
		"- a\n  ```\n  > b\n  ```\n",
		"> ```\n> - a\n- b\n  - c\n",
		"- a\n- b\n -c\n  - d\n   - e\n",
	}
}

// checkNestingBound fails when a line of src holds more goldmark container
// blocks than the scanner counts.
func checkNestingBound(t *testing.T, src []byte) {
	t.Helper()
	norm, _ := normalize(src)
	ps := &parseState{}
	ps.setSource(norm)
	doc := ps.goldmark(norm)
	// goldmark's depth per line: the containers whose first line is at or
	// before it and whose last line is at or after it, counted where each
	// block starts and ends.
	lines := len(ps.lineStarts)
	want := make([]int, lines+1)
	var walk func(n ast.Node, depth int)
	walk = func(n ast.Node, depth int) {
		for c := n.FirstChild(); c != nil; c = c.NextSibling() {
			d := depth
			switch cn := c.(type) {
			case *tagBlock:
				if cn.paired && !cn.oneLine {
					d++
				}
			case *ast.Blockquote, *ast.ListItem, *detailsBlock:
				d++
			}
			if d > depth {
				if first, last := blockLines(ps, c); first > 0 {
					for l := first; l <= last; l++ {
						want[l] = max(want[l], d)
					}
				}
			}
			if c.Type() == ast.TypeBlock {
				walk(c, d)
			}
		}
	}
	walk(doc, 0)
	s := nestingScanner{max: 1 << 20}
	for i, start := 0, 0; start <= len(norm) && i < lines; i++ {
		end := bytes.IndexByte(norm[start:], '\n')
		if end < 0 {
			end = len(norm)
		} else {
			end += start
		}
		got, _ := s.line(norm[start:end])
		if got < want[i+1] {
			t.Fatalf("line %d %q: scanner depth %d < goldmark's %d\nsource:\n%s", i+1, norm[start:end], got, want[i+1], src)
		}
		start = end + 1
	}
}

// blockLines returns the first and last line of a block's own text (its
// lines or its descendants'), 0 when it has none.
func blockLines(ps *parseState, n ast.Node) (first, last int) {
	lo, hi := -1, -1
	var visit func(n ast.Node)
	visit = func(n ast.Node) {
		if n.Type() == ast.TypeBlock && n.Lines().Len() > 0 {
			s, e := n.Lines().At(0).Start, n.Lines().At(n.Lines().Len()-1).Stop-1
			if lo < 0 || s < lo {
				lo = s
			}
			hi = max(hi, e)
		}
		if p := n.Pos(); p >= 0 && (lo < 0 || p < lo) {
			lo = p
		}
		for c := n.FirstChild(); c != nil; c = c.NextSibling() {
			visit(c)
		}
	}
	visit(n)
	if lo < 0 {
		return 0, 0
	}
	return ps.line(lo), ps.line(max(hi, lo))
}

// FuzzNesting checks the scanner's bound against goldmark on any input.
func FuzzNesting(f *testing.F) {
	for _, s := range nestingSeeds() {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		if len(src) > 4096 {
			return // goldmark is quadratic in depth: keep each run short
		}
		checkNestingBound(t, src)
	})
}
