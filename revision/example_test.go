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
