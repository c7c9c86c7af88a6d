package space_test

import (
	"context"
	"fmt"
	"log"
	"net/url"
	"testing/fstest"
	"time"

	"github.com/seed1bfafebe/gitsync/syncengine"
	"github.com/seed1bfafebe/gitsync/syncengine/space"
)

// exampleEngine returns an engine whose "mem" URLs open a small in-memory
// repository (a host would map its remote URLs to its own mirrors).
func exampleEngine() *space.Engine {
	src, err := syncengine.MemoryRepository(context.Background(), fstest.MapFS{
		"README.md":  {Data: []byte("# Home\n\nWelcome.\n")},
		"install.md": {Data: []byte("# Install\n\nRun it.\n")},
	}, "Initial docs")
	if err != nil {
		log.Fatal(err)
	}
	mirror := func(_ context.Context, u *url.URL) (syncengine.Source, error) { return src, nil }
	return space.New(space.Options{
		Store:     space.NewMemoryStore(), // or space.NewFileStore(dir), or the host's database
		Resolvers: map[string]space.Resolver{"mem": mirror},
	})
}

func ExampleEngine_Import() {
	ctx := context.Background()
	e := exampleEngine()
	res, err := e.Import(ctx, "space-1", space.ImportRequest{
		URL:       "mem://bot:token@example.com/org/docs.git", // the token never reaches the state
		Ref:       "refs/heads/main",
		Timestamp: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC),
	})
	if err != nil {
		log.Fatal(err)
	}
	for _, c := range res.Changes.Changes {
		fmt.Println(c.Type, c.Page.Title)
	}
	fmt.Println("parsed:", res.Parsed)
	// A second import of the same commit parses nothing and changes nothing.
	res, _ = e.Import(ctx, "space-1", space.ImportRequest{URL: "mem://example.com/org/docs.git", Ref: "refs/heads/main"})
	fmt.Println("parsed:", res.Parsed, "changes:", len(res.Changes.Changes))
	// Output:
	// page_created Home
	// page_created Install
	// parsed: 2
	// parsed: 0 changes: 0
}

func ExampleEngine_Export() {
	ctx := context.Background()
	e := exampleEngine()
	req := space.ImportRequest{URL: "mem://example.com/org/docs.git", Ref: "refs/heads/main"}
	if _, err := e.Import(ctx, "space-1", req); err != nil {
		log.Fatal(err)
	}
	// The space changes on GitBook's side: a page is renamed.
	rev, _ := e.Revision(ctx, "space-1")
	edited := *rev
	page := *rev.Pages[1]
	page.Title = "Installation"
	edited.Pages = append(edited.Pages[:1:1], &page)
	if err := e.SetRevision(ctx, "space-1", &edited); err != nil {
		log.Fatal(err)
	}
	res, err := e.Export(ctx, "space-1", space.ExportRequest{URL: req.URL, Ref: req.Ref, CommitMessage: "GITBOOK-1: rename a page"})
	if err != nil {
		log.Fatal(err)
	}
	for _, c := range res.Changes {
		fmt.Println(c.Change, c.Path)
	}
	// Output:
	// added SUMMARY.md
}

func ExampleEngine_GitInfo() {
	ctx := context.Background()
	e := exampleEngine()
	if _, err := e.GitInfo(ctx, "space-1"); err != nil {
		fmt.Println(err) // the HTTP layer answers 404
	}
	_, err := e.Import(ctx, "space-1", space.ImportRequest{URL: "mem://example.com/org/docs.git", Ref: "refs/heads/main",
		GitInfo: &space.GitInfoUpdate{Provider: "github", URL: "https://github.com/org/docs"}})
	if err != nil {
		log.Fatal(err)
	}
	gi, _ := e.GitInfo(ctx, "space-1")
	fmt.Println(gi.RepoName, gi.InstallationProvider, gi.URL)
	// Output:
	// space space-1: space not found
	// org/docs github https://github.com/org/docs
}

func ExampleEngine_RemoveLegacyInstallation() {
	ctx := context.Background()
	e := exampleEngine()
	if err := e.MarkLegacyInstallation(ctx, "space-1"); err != nil {
		log.Fatal(err)
	}
	removed, _ := e.RemoveLegacyInstallation(ctx, "space-1")
	fmt.Println("removed:", removed) // HTTP 205
	removed, _ = e.RemoveLegacyInstallation(ctx, "space-1")
	fmt.Println("removed:", removed) // already removed: HTTP 204
	// Output:
	// removed: true
	// removed: false
}
