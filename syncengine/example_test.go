package syncengine_test

import (
	"context"
	"fmt"
	"log"
	"testing/fstest"

	"github.com/seed1bfafebe/gitsync/revision"
	"github.com/seed1bfafebe/gitsync/syncengine"
)

// exampleRepo commits a two-page GitBook project into an in-memory
// repository. A host would pass syncengine.Source{URL: "/path/to/repo"}
// or the go-git storer of its own mirror instead.
func exampleRepo() syncengine.Source {
	src, err := syncengine.MemoryRepository(context.Background(), fstest.MapFS{
		"SUMMARY.md":    {Data: []byte("# Table of contents\n\n* [Home](README.md)\n* [Setup](setup.md)\n")},
		"README.md":     {Data: []byte("# Home\n\nStart with the [setup](setup.md).\n")},
		"setup.md":      {Data: []byte("# Setup\n\nInstall it.\n")},
		".gitbook.yaml": {Data: []byte("root: ./\n")},
	}, "Initial docs")
	if err != nil {
		log.Fatal(err)
	}
	return src
}

func ExampleImport() {
	ctx := context.Background()
	res, err := syncengine.Import(ctx, exampleRepo(), syncengine.ImportOptions{Ref: "main"})
	if err != nil {
		log.Fatal(err)
	}
	revision.Walk(res.Revision.Pages, func(p, _ *revision.Page) bool {
		fmt.Printf("%s (%s)\n", p.Title, p.Git.Path)
		return true
	})
	fmt.Println(len(res.Warnings), "warnings")
	// Output:
	// Home (README.md)
	// Setup (setup.md)
	// 0 warnings
}

func ExampleExport() {
	ctx := context.Background()
	src := exampleRepo()
	res, err := syncengine.Import(ctx, src, syncengine.ImportOptions{})
	if err != nil {
		log.Fatal(err)
	}
	// Edit the Setup page: its paragraph gets new text.
	setup := res.Revision.Pages[1]
	setup.Document.Nodes[0] = revision.NewBlock(&revision.Paragraph{}, revision.NewText("Install it with your package manager."))

	out, err := syncengine.Export(ctx, src, res.Revision, syncengine.ExportOptions{
		Message: "Explain the setup",
		Author:  syncengine.Signature{Name: "Ada", Email: "ada@example.com"},
	})
	if err != nil {
		log.Fatal(err) // errors.Is(err, syncengine.ErrConflict) if the branch moved meanwhile
	}
	for _, c := range out.Changes {
		fmt.Println(c.Change, c.Path)
	}
	// Output:
	// modified setup.md
}

// Page ids survive a round trip through Git when the next import is given
// the revision the export committed, even for a page whose file moved.
func ExampleExportResult_revision() {
	ctx := context.Background()
	src := exampleRepo()
	res, err := syncengine.Import(ctx, src, syncengine.ImportOptions{})
	if err != nil {
		log.Fatal(err)
	}
	// Nest Setup under Home.
	home, setup := res.Revision.Pages[0], res.Revision.Pages[1]
	res.Revision.Pages = res.Revision.Pages[:1]
	home.Pages = append(home.Pages, setup)

	out, err := syncengine.Export(ctx, src, res.Revision, syncengine.ExportOptions{Message: "Nest the setup"})
	if err != nil {
		log.Fatal(err)
	}
	again, err := syncengine.Import(ctx, src, syncengine.ImportOptions{Previous: out.Revision})
	if err != nil {
		log.Fatal(err)
	}
	moved := again.Revision.Pages[0].Pages[0]
	fmt.Println(moved.Title, moved.ID == setup.ID)
	// Output:
	// Setup true
}

// ExampleExportOptions_agentInstructions gives the export the host's agent
// instructions block: a repository without AGENTS.md gets it at its root.
func ExampleExportOptions_agentInstructions() {
	ctx := context.Background()
	src := exampleRepo()
	res, err := syncengine.Import(ctx, src, syncengine.ImportOptions{})
	if err != nil {
		log.Fatal(err)
	}
	block := "<!-- gitbook-agent-instructions:start -->\n\nEdit the pages, keep SUMMARY.md in step.\n\n<!-- gitbook-agent-instructions:end -->\n"
	out, err := syncengine.Export(ctx, src, res.Revision, syncengine.ExportOptions{
		Message:           "Agent instructions",
		AgentInstructions: []byte(block),
	})
	if err != nil {
		log.Fatal(err)
	}
	for _, c := range out.Changes {
		fmt.Println(c.Change, c.Path)
	}
	// Output:
	// added AGENTS.md
}

// A space moves from the repository's root to docs/: its files are written
// there with their bytes (GitBook's way), and the root's stay.
func ExampleExportOptions_previousProjectDir() {
	ctx := context.Background()
	src := exampleRepo()
	res, err := syncengine.Import(ctx, src, syncengine.ImportOptions{})
	if err != nil {
		log.Fatal(err)
	}
	out, err := syncengine.Export(ctx, src, res.Revision, syncengine.ExportOptions{
		Message:            "Move the docs into docs/",
		ProjectDir:         "docs",
		PreviousProjectDir: ".",
	})
	if err != nil {
		log.Fatal(err)
	}
	for _, c := range out.Changes {
		fmt.Println(c.Change, c.Path)
	}
	// Output:
	// added docs/README.md
	// added docs/SUMMARY.md
	// added docs/setup.md
}
