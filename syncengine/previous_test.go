package syncengine_test

import (
	"context"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/seed1bfafebe/gitsync/internal/gittest"
	"github.com/seed1bfafebe/gitsync/revision"
	"github.com/seed1bfafebe/gitsync/syncengine"
)

// Importing with the previous revision keeps ids: a page at the same path
// keeps its id, a page whose file was moved (same content, old path gone)
// keeps the id it had, and a copy (old path still there) is a new page.
func TestImportPreviousKeepsIDs(t *testing.T) {
	v1 := map[string]string{
		"SUMMARY.md":            "# Table of contents\n\n* [Home](README.md)\n* [Install](install.md)\n* [Usage](usage.md)\n",
		"README.md":             "# Home\n\nWelcome.\n",
		"install.md":            "# Install\n\nRun the installer.\n",
		"usage.md":              "# Usage\n\nSee [install](install.md).\n",
		".gitbook/assets/a.png": "png bytes",
	}
	repo, tip := gittest.CommitFiles(t, v1)
	src := syncengine.Source{URL: "memory", Storer: repo.Storer}
	first, err := syncengine.Import(context.Background(), src, syncengine.ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	v2 := map[string]string{
		"SUMMARY.md":            "# Table of contents\n\n* [Home](README.md)\n* [Install](guide/setup.md)\n* [Usage](usage.md)\n* [Usage again](usage-copy.md)\n",
		"README.md":             "# Home\n\nWelcome back.\n",
		"guide/setup.md":        v1["install.md"],
		"usage.md":              "# Usage\n\nSee [install](guide/setup.md).\n",
		"usage-copy.md":         "# Usage\n\nSee [install](guide/setup.md).\n",
		".gitbook/assets/a.png": "png bytes",
	}
	next := gittest.AddCommit(t, repo, tip, gittest.Files(v2))
	second, err := syncengine.Import(context.Background(), src, syncengine.ImportOptions{Ref: next.String(), Previous: first.Revision})
	if err != nil {
		t.Fatal(err)
	}
	ids := func(rev *revision.Revision) map[string]string {
		out := map[string]string{}
		revision.Walk(rev.Pages, func(p, _ *revision.Page) bool {
			out[p.Title] = p.ID
			return true
		})
		return out
	}
	before, after := ids(first.Revision), ids(second.Revision)
	want := map[string]string{
		"Home":        before["Home"],    // same path, new content
		"Install":     before["Install"], // moved: install.md -> guide/setup.md
		"Usage":       before["Usage"],
		"Usage again": after["Usage again"],
	}
	if diff := cmp.Diff(want, after); diff != "" {
		t.Errorf("page ids (-want +got):\n%s", diff)
	}
	for title, id := range before {
		if after["Usage again"] == id {
			t.Errorf("the copy took the id of %q", title)
		}
	}
	// Links to the moved page point at its kept id.
	usage, _ := findPage(t, second.Revision, "Usage")
	var ref *revision.ContentRef
	revision.WalkNodes(usage.Document.Nodes, func(n revision.Node) {
		if in, ok := n.(*revision.Inline); ok {
			if l, ok := in.Data.(*revision.Link); ok {
				ref = l.Ref
			}
		}
	})
	if ref == nil || ref.Kind != revision.RefPage || ref.Page != before["Install"] {
		t.Errorf("link to the moved page: %+v, want page %s", ref, before["Install"])
	}
	if a, b := second.Revision.Files, first.Revision.Files; len(a) != 1 || len(b) != 1 || a[0].ID != b[0].ID {
		t.Errorf("file ids changed: %v -> %v", b, a)
	}
}

// Importing the same commit again with the previous revision gives the same
// ids, and a file SUMMARY.md lists twice stays two pages with two ids.
func TestImportPreviousSameCommit(t *testing.T) {
	reimportKeepsDistinctIDs(t, map[string]string{
		"SUMMARY.md": "# Table of contents\n\n* [Home](README.md)\n* [Twice](page.md)\n* [Again](page.md)\n",
		"README.md":  "# Home\n",
		"page.md":    "# Page\n",
	})
}

// Groups with one title and links with one URL are pages of their own: each
// gets its own id, and keeps it when imported again with the previous
// revision.
func TestImportRepeatedGroupsAndLinksKeepOwnIDs(t *testing.T) {
	reimportKeepsDistinctIDs(t, map[string]string{
		"SUMMARY.md": "# Table of contents\n\n* [Home](README.md)\n* [Site](https://example.com/)\n* [Site again](https://example.com/)\n* [Site](https://example.com/)\n\n" +
			"## Part\n\n* [A](a.md)\n\n## Part\n\n* [B](b.md)\n",
		"README.md": "# Home\n",
		"a.md":      "# A\n",
		"b.md":      "# B\n",
	})
}

// reimportKeepsDistinctIDs imports files twice, the second time with the
// first revision as Previous: the page ids must be the same, and distinct.
func reimportKeepsDistinctIDs(t *testing.T, files map[string]string) {
	t.Helper()
	repo, _ := gittest.CommitFiles(t, files)
	src := syncengine.Source{URL: "memory", Storer: repo.Storer}
	first, err := syncengine.Import(context.Background(), src, syncengine.ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	second, err := syncengine.Import(context.Background(), src, syncengine.ImportOptions{Previous: first.Revision})
	if err != nil {
		t.Fatal(err)
	}
	ids := func(rev *revision.Revision) []string {
		var out []string
		revision.Walk(rev.Pages, func(p, _ *revision.Page) bool {
			out = append(out, p.ID)
			return true
		})
		return out
	}
	a, b := ids(first.Revision), ids(second.Revision)
	if diff := cmp.Diff(a, b); diff != "" {
		t.Errorf("ids changed on re-import (-first +second):\n%s", diff)
	}
	seen := map[string]bool{}
	for _, id := range a {
		if seen[id] {
			t.Errorf("id %s given twice in %v", id, a)
		}
		seen[id] = true
	}
}
