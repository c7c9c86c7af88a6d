package revision_test

import (
	"fmt"

	"github.com/seed1bfafebe/gitsync/revision"
)

// Collect the link targets of a document, those inside fragments included.
func ExampleWalkNodes() {
	doc := &revision.Document{Nodes: []revision.Node{
		revision.NewBlock(&revision.Paragraph{},
			revision.NewText("See "),
			revision.NewInline(&revision.Link{Ref: revision.URLRef("https://example.com")}, revision.NewText("the site")),
			revision.NewText(".")),
		revision.NewBlock(&revision.Hint{Style: "info"},
			revision.NewBlock(&revision.Paragraph{},
				revision.NewInline(&revision.Link{Ref: revision.PageRef("p1")}, revision.NewText("a page")))),
	}}
	revision.WalkNodes(doc.Nodes, func(n revision.Node) {
		if in, ok := n.(*revision.Inline); ok {
			if l, ok := in.Data.(*revision.Link); ok {
				fmt.Println(l.Ref.Kind, l.Ref.URL+l.Ref.Page)
			}
		}
	})
	// Output:
	// url https://example.com
	// page p1
}

// Merge two edits of one page made in parallel: different words of one
// paragraph combine; the same words are a conflict the caller resolves.
func ExampleMerge() {
	page := func(text string) *revision.Revision {
		return &revision.Revision{ID: text, Pages: []*revision.Page{{Type: revision.PageDocument, ID: "p", Title: "Home",
			Document: &revision.Document{Nodes: []revision.Node{
				revision.NewBlock(&revision.Paragraph{}, revision.NewText(text))}}}}}
	}
	base := page("Install the tool, then run it once.")
	res := revision.Merge(base, page("Install the CLI, then run it once."), page("Install the tool, then run it twice."))
	rev, _ := res.Revision()
	fmt.Println(revision.PlainText(rev.Pages[0].Document.Nodes...))

	res = revision.Merge(base, page("Install the CLI, then run it once."), page("Install the app, then run it once."))
	for _, c := range res.Conflicts {
		fmt.Printf("%s %s %s: %q or %q\n", c.ID, c.Page, c.Block, revision.PlainText(c.Ours.Nodes...), revision.PlainText(c.Theirs.Nodes...))
		c.TakeTheirs()
	}
	rev, _ = res.Revision()
	fmt.Println(revision.PlainText(rev.Pages[0].Document.Nodes...))
	// Output:
	// Install the CLI, then run it twice.
	// c1 p /0: "Install the CLI, then run it once." or "Install the app, then run it once."
	// Install the app, then run it once.
}
