package markdown_test

import (
	"fmt"

	"github.com/seed1bfafebe/gitsync/markdown"
	"github.com/seed1bfafebe/gitsync/revision"
)

func ExampleParse() {
	src := []byte("---\ndescription: A short page.\n---\n\n# Hello\n\n{% hint style=\"info\" %}\nRead **this**.\n{% endhint %}\n")
	page, warnings := markdown.Parse(src, markdown.ParseOptions{Path: "hello.md"})
	fmt.Println(page.Title, "-", page.FrontMatter.Description)
	for _, n := range page.Document.Nodes {
		b := n.(*revision.Block)
		fmt.Println(b.Type(), b.Data.(*revision.Hint).Style, revision.PlainText(b))
	}
	fmt.Println(len(warnings), "warnings")
	// Output:
	// Hello - A short page.
	// hint info Read this.
	// 0 warnings
}

func ExamplePrint() {
	doc := &revision.Document{Nodes: []revision.Node{
		revision.NewBlock(&revision.Heading{Level: 1}, revision.NewText("Install")),
		revision.NewBlock(&revision.ListUnordered{},
			revision.NewBlock(&revision.ListItem{}, revision.NewBlock(&revision.Paragraph{}, revision.NewText("Download"))),
			revision.NewBlock(&revision.ListItem{}, revision.NewBlock(&revision.Paragraph{}, revision.NewText("Run", revision.Mark{Type: revision.MarkBold})))),
	}}
	fmt.Print(string(markdown.Print(&markdown.Page{Title: "Guide", Document: doc}, markdown.PrintOptions{})))
	// Output:
	// # Guide
	//
	// ## Install
	//
	// * Download
	// * **Run**
}
