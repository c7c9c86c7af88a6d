package syncengine_test

import (
	"context"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/seed1bfafebe/gitsync/revision"
	"github.com/seed1bfafebe/gitsync/syncengine"
)

// outsideRepo is a space in "space/" whose SUMMARY.md lists a page stored
// outside it ("../shared/blocks/tabs.md"), as GitBook's Git Sync writes
// when a page of the space lives in another folder of the repository; one
// entry names a missing file and one leaves the repository.
var outsideRepo = map[string]string{
	"space/SUMMARY.md": "# Table of contents\n\n* [Home](README.md)\n* [Tabs](../shared/blocks/tabs.md)\n" +
		"* [Gone](../shared/missing.md)\n* [Escape](../../escape.md)\n",
	"space/README.md":               "# Home\n\nSee [tabs](../shared/blocks/tabs.md).\n",
	"space/.gitbook/assets/pic.png": "png",
	"shared/blocks/tabs.md":         "# Tabs\n\nBack [home](../../space/) and [pic](../../space/.gitbook/assets/pic.png).\n",
	"shared/other.md":               "# Other\n\nNot listed, never touched.\n",
}

func importOutside(t *testing.T, f *fixture) *syncengine.ImportResult {
	t.Helper()
	res, err := syncengine.Import(context.Background(), f.src, syncengine.ImportOptions{ProjectDir: "space"})
	if err != nil {
		t.Fatalf("Import: %v", err)
	}
	return res
}

// TestOutsidePageImport: the entry is a document page whose file is the
// one outside the space, its links resolved from where it lies, and links
// to it from the space resolve to it; entries naming no file, or leaving
// the repository, stay links as written.
func TestOutsidePageImport(t *testing.T) {
	f := newFixture(t, outsideRepo)
	res := importOutside(t, f)
	rev := res.Revision
	tabs, _ := findPage(t, rev, "Tabs")
	home, _ := findPage(t, rev, "Home")
	if tabs.Type != revision.PageDocument || tabs.Git == nil || tabs.Git.Path != "../shared/blocks/tabs.md" {
		t.Fatalf("Tabs = %s page with git %+v, want a document page at ../shared/blocks/tabs.md", tabs.Type, tabs.Git)
	}
	var refs []string
	walkTestRefs(tabs.Document.Nodes, func(r *revision.ContentRef) { refs = append(refs, string(r.Kind)+":"+r.Page+r.File+r.URL) })
	var pic string
	for _, fl := range rev.Files {
		if fl.Git.Path == ".gitbook/assets/pic.png" {
			pic = fl.ID
		}
	}
	if want := []string{"page:" + home.ID, "file:" + pic}; pic == "" || !cmp.Equal(refs, want) {
		t.Errorf("Tabs' refs = %q, want %q", refs, want)
	}
	refs = nil
	walkTestRefs(home.Document.Nodes, func(r *revision.ContentRef) { refs = append(refs, string(r.Kind)+":"+r.Page+r.URL) })
	if want := []string{"page:" + tabs.ID}; !cmp.Equal(refs, want) {
		t.Errorf("Home's refs = %q, want %q", refs, want)
	}
	for _, title := range []string{"Gone", "Escape"} {
		p, _ := findPage(t, rev, title)
		if p.Type != revision.PageLink {
			t.Errorf("%s = %s page, want a link page", title, p.Type)
		}
	}
	var escapes int
	for _, w := range res.Warnings {
		if w.Code == "path-escapes" {
			escapes++
		}
	}
	if escapes != 1 {
		t.Errorf("%d path-escapes warnings, want 1 (the entry leaving the repository): %v", escapes, res.Warnings)
	}
}

// TestOutsidePageExport: an unchanged export writes nothing, an edit of the
// page outside the space writes its file there, and a page dropped from
// the table of contents keeps its file (GitBook never deletes outside the
// space).
func TestOutsidePageExport(t *testing.T) {
	f := newFixture(t, outsideRepo)
	if res := f.export(importOutside(t, f).Revision, syncengine.ExportOptions{ProjectDir: "space"}); res.Commit != "" {
		t.Fatalf("unchanged export wrote %v", changesOf(res))
	}

	rev := importOutside(t, f).Revision
	tabs, _ := findPage(t, rev, "Tabs")
	tabs.Document.Nodes = append(tabs.Document.Nodes, paragraph("Added."))
	res := f.export(rev, syncengine.ExportOptions{ProjectDir: "space", WholePages: true})
	if got, want := changesOf(res), []string{"modified shared/blocks/tabs.md"}; !cmp.Equal(got, want) {
		t.Errorf("changes = %q, want %q", got, want)
	}
	got := f.files(res.Commit)["shared/blocks/tabs.md"]
	if want := outsideRepo["shared/blocks/tabs.md"] + "\nAdded.\n"; got != want {
		t.Errorf("shared/blocks/tabs.md:\n%s\nwant:\n%s", got, want)
	}

	rev = importOutside(t, f).Revision
	kept := rev.Pages[:0]
	for _, p := range rev.Pages {
		if p.Title != "Tabs" {
			kept = append(kept, p)
		}
	}
	rev.Pages = kept
	res = f.export(rev, syncengine.ExportOptions{ProjectDir: "space"})
	files := f.files(res.Commit)
	if _, ok := files["shared/blocks/tabs.md"]; !ok {
		t.Errorf("dropping the page deleted its file outside the space; changes %q", changesOf(res))
	}
	if strings.Contains(files["space/SUMMARY.md"], "tabs.md") {
		t.Errorf("SUMMARY.md still lists the dropped page:\n%s", files["space/SUMMARY.md"])
	}
}

// walkTestRefs calls fn on the target of every link of nodes, in order.
func walkTestRefs(nodes []revision.Node, fn func(*revision.ContentRef)) {
	revision.WalkNodes(nodes, func(n revision.Node) {
		if in, ok := n.(*revision.Inline); ok {
			if l, ok := in.Data.(*revision.Link); ok && l.Ref != nil {
				fn(l.Ref)
			}
		}
	})
}

// TestOutsidePageExportNeverLeavesRepository: a revision whose page names
// a Git path that climbs out of the repository gets a path in the space.
func TestOutsidePageExportNeverLeavesRepository(t *testing.T) {
	f := newFixture(t, outsideRepo)
	rev := importOutside(t, f).Revision
	tabs, _ := findPage(t, rev, "Tabs")
	tabs.Git.Path = "../../escape.md"
	tabs.Document.Nodes = append(tabs.Document.Nodes, paragraph("Added."))
	res := f.export(rev, syncengine.ExportOptions{ProjectDir: "space"})
	for _, c := range res.Changes {
		if strings.Contains(c.Path, "..") || !strings.HasPrefix(c.Path, "space/") {
			t.Errorf("change %s %s: outside the space", c.Change, c.Path)
		}
	}
	if _, ok := f.files(res.Commit)["space/escape.md"]; !ok {
		t.Errorf("the page was not written in the space: %q", changesOf(res))
	}
}
