package revision_test

import (
	"fmt"

	"github.com/seed1bfafebe/gitsync/revision"
)

func ExampleDiff() {
	doc := func(text string) *revision.Document {
		return &revision.Document{Nodes: []revision.Node{revision.NewBlock(&revision.Paragraph{}, revision.NewText(text))}}
	}
	old := &revision.Revision{Pages: []*revision.Page{
		{Type: revision.PageDocument, ID: "a", Title: "Intro", Document: doc("Hello")},
		{Type: revision.PageDocument, ID: "b", Title: "Old page", Document: doc("Bye")},
	}}
	new := &revision.Revision{Pages: []*revision.Page{
		{Type: revision.PageDocument, ID: "a", Title: "Introduction", Document: doc("Hello")},
		{Type: revision.PageDocument, ID: "c", Title: "New page", Document: doc("Hi")},
	}}
	for _, c := range revision.Diff(old, new).Changes {
		fmt.Println(c.Type, c.Page.ID, c.Page.Title)
	}
	// Output:
	// page_edited a Introduction
	// page_created c New page
	// page_deleted b Old page
}
