package markdown_test

import (
	"fmt"
	"strings"

	"github.com/seed1bfafebe/gitsync/markdown"
	"github.com/seed1bfafebe/gitsync/revision"
)

// Nesting past the limit is cut off before the Markdown parser: the rest of
// the page is kept as text, with a warning naming the line.
func ExampleParseOptions_maxNesting() {
	src := []byte("# Deep\n\nIntro.\n\n" + strings.Repeat(">", 10000) + " deep\n")
	page, warnings := markdown.Parse(src, markdown.ParseOptions{Path: "deep.md"})
	last := page.Document.Nodes[len(page.Document.Nodes)-1].(*revision.Opaque)
	fmt.Println(len(page.Document.Nodes), "nodes; the last one keeps", len(last.Source), "bytes as text")
	fmt.Println(warnings[0])
	// Output:
	// 2 nodes; the last one keeps 10005 bytes as text
	// deep.md:5: limit: nested deeper than 64 levels: the rest of the file is kept as text
}

// A SUMMARY.md nested deeper than the limit keeps all its entries: those too
// deep come up to the deepest level allowed, after the entry they were in.
func ExampleParseSummaryWith() {
	src := []byte("# Table of contents\n\n* [A](a.md)\n  * [B](b.md)\n    * [C](c.md)\n      * [D](d.md)\n")
	sum, warnings := markdown.ParseSummaryWith(src, markdown.SummaryOptions{Path: "SUMMARY.md", MaxNesting: 2})
	a := sum.Entries[0]
	for _, e := range a.Children {
		fmt.Println(e.Title, "under", a.Title)
	}
	fmt.Println(warnings[0].Line, warnings[0].Code)
	// Output:
	// B under A
	// C under A
	// D under A
	// 5 limit
}
