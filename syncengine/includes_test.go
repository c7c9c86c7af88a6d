package syncengine_test

import (
	"context"
	"sort"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/seed1bfafebe/gitsync/internal/schematest"
	"github.com/seed1bfafebe/gitsync/revision"
	"github.com/seed1bfafebe/gitsync/syncengine"
)

// includesRepo is a space in "space/" whose page includes a reusable
// content stored at the repository root, as GitBook's 2026 Git Sync
// writes the organization's reusable contents whatever the space's
// folder; the root include shows an asset of the space and includes
// another root include. One root include and one of the space are
// included by no page (GitBook exports them all the same).
var includesRepo = map[string]string{
	"space/SUMMARY.md":                 "# Table of contents\n\n* [Home](README.md)\n",
	"space/README.md":                  "# Home\n\n{% include \"../.gitbook/includes/shared.md\" %}\n",
	"space/.gitbook/assets/pic.png":    "png",
	"space/.gitbook/includes/local.md": "---\ntitle: Local block\n---\n\nLocal, included by no page.\n",
	".gitbook/includes/shared.md": "---\ntitle: Shared block\n---\n\n" +
		"<figure><img src=\"../../space/.gitbook/assets/pic.png\" alt=\"\"><figcaption></figcaption></figure>\n\n" +
		"{% include \"nested.md\" %}\n",
	".gitbook/includes/nested.md": "---\ntitle: Nested\n---\n\nIncluded by the shared block.\n",
	".gitbook/includes/unused.md": "---\ntitle: Unused\n---\n\nIncluded by nothing.\n",
	".gitbook/includes/notes.txt": "not Markdown, not an include\n",
	"README.md":                   "# Another space at the root\n",
}

func importIncludes(t *testing.T, f *fixture, opts syncengine.ImportOptions) *syncengine.ImportResult {
	t.Helper()
	if opts.ProjectDir == "" {
		opts.ProjectDir = "space"
	}
	res, err := syncengine.Import(context.Background(), f.src, opts)
	if err != nil {
		t.Fatalf("Import: %v", err)
	}
	return res
}

// reusableByPath indexes a revision's reusable contents by Git path.
func reusableByPath(rev *revision.Revision) map[string]*revision.ReusableContent {
	out := map[string]*revision.ReusableContent{}
	for _, rc := range rev.ReusableContents {
		out[rc.Git.Path] = rc
	}
	return out
}

// includeRefs lists the reusable contents the blocks of nodes include.
func includeRefs(nodes []revision.Node) []string {
	var out []string
	revision.WalkNodes(nodes, func(n revision.Node) {
		if b, ok := n.(*revision.Block); ok {
			if rb, ok := b.Data.(*revision.ReusableContentBlock); ok && rb.Ref != nil {
				out = append(out, rb.Ref.ReusableContent)
			}
		}
	})
	return out
}

// TestRepositoryIncludesImport: every Markdown file under the content
// root's and the repository root's .gitbook/includes is a reusable content
// (those outside the space by their path from the content root), each with
// its front matter title; includes resolve to them, from a page and from
// another include; the revision is schema-valid.
func TestRepositoryIncludesImport(t *testing.T) {
	f := newFixture(t, includesRepo)
	rev := importIncludes(t, f, syncengine.ImportOptions{}).Revision
	got := map[string]string{}
	for p, rc := range reusableByPath(rev) {
		got[p] = rc.Title
	}
	want := map[string]string{
		"../.gitbook/includes/shared.md": "Shared block",
		"../.gitbook/includes/nested.md": "Nested",
		"../.gitbook/includes/unused.md": "Unused",
		".gitbook/includes/local.md":     "Local block",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Fatalf("reusable contents (-want +got):\n%s", diff)
	}
	rcs := reusableByPath(rev)
	home, _ := findPage(t, rev, "Home")
	if got, want := includeRefs(home.Document.Nodes), []string{rcs["../.gitbook/includes/shared.md"].ID}; !cmp.Equal(got, want) {
		t.Errorf("Home includes %q, want %q", got, want)
	}
	shared := rcs["../.gitbook/includes/shared.md"]
	if got, want := includeRefs(shared.Document.Nodes), []string{rcs["../.gitbook/includes/nested.md"].ID}; !cmp.Equal(got, want) {
		t.Errorf("the shared block includes %q, want %q", got, want)
	}
	var pic string
	for _, fl := range rev.Files {
		if fl.Git.Path == ".gitbook/assets/pic.png" {
			pic = fl.ID
		}
	}
	var files []string
	revision.WalkNodes(shared.Document.Nodes, func(n revision.Node) {
		if b, ok := n.(*revision.Block); ok {
			if img, ok := b.Data.(*revision.Image); ok && img.Ref != nil {
				files = append(files, img.Ref.File)
			}
		}
	})
	if pic == "" || !cmp.Equal(files, []string{pic}) {
		t.Errorf("the shared block's images name files %q, want the space's pic.png (%q)", files, pic)
	}
	data, err := revision.Marshal(rev)
	if err != nil {
		t.Fatal(err)
	}
	schematest.ValidateRevision(t, data)

	// The space at the root has the root's includes as its own, once.
	root := importIncludes(t, f, syncengine.ImportOptions{ProjectDir: "."}).Revision
	var paths []string
	for _, rc := range root.ReusableContents {
		paths = append(paths, rc.Git.Path)
	}
	wantRoot := []string{".gitbook/includes/nested.md", ".gitbook/includes/shared.md", ".gitbook/includes/unused.md"}
	if !cmp.Equal(paths, wantRoot) {
		t.Errorf("root space's reusable contents = %q, want %q", paths, wantRoot)
	}
}

// TestRepositoryIncludesKeepIDs: a re-import with the previous revision
// keeps the ids of reusable contents outside the space, included or not.
func TestRepositoryIncludesKeepIDs(t *testing.T) {
	f := newFixture(t, includesRepo)
	prev := importIncludes(t, f, syncengine.ImportOptions{}).Revision
	for _, rc := range prev.ReusableContents {
		rc.ID = "kept-" + strings.NewReplacer("/", "-", ".", "-").Replace(rc.Git.Path)
	}
	rev := importIncludes(t, f, syncengine.ImportOptions{Previous: prev}).Revision
	for p, rc := range reusableByPath(rev) {
		if want := reusableByPath(prev)[p].ID; rc.ID != want {
			t.Errorf("%s: id %q, want the previous %q", p, rc.ID, want)
		}
	}
	home, _ := findPage(t, rev, "Home")
	if got, want := includeRefs(home.Document.Nodes), []string{reusableByPath(prev)["../.gitbook/includes/shared.md"].ID}; !cmp.Equal(got, want) {
		t.Errorf("Home includes %q, want %q", got, want)
	}
}

// TestRepositoryIncludesParseCache: a parse cache shared by the imports
// of two spaces (which both read the root's includes, resolving their
// links to different ids) changes nothing in what either returns.
func TestRepositoryIncludesParseCache(t *testing.T) {
	f := newFixture(t, includesRepo)
	cache := &mapCache{}
	for _, dir := range []string{"space", ".", "space"} {
		plain, err := revision.Marshal(importIncludes(t, f, syncengine.ImportOptions{ProjectDir: dir}).Revision)
		if err != nil {
			t.Fatal(err)
		}
		cached, err := revision.Marshal(importIncludes(t, f, syncengine.ImportOptions{ProjectDir: dir, ParseCache: cache}).Revision)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(string(plain), string(cached)); diff != "" {
			t.Errorf("--dir %s: the cached import differs (-plain +cached):\n%s", dir, diff)
		}
	}
	if len(cache.m) == 0 {
		t.Error("the cache holds nothing")
	}
}

// TestRepositoryIncludesExport: an unchanged export writes nothing; an
// edited root include is written where it lies, outside the space, its
// image linked from there; a reusable content dropped from the revision is
// deleted in the space but never outside it.
func TestRepositoryIncludesExport(t *testing.T) {
	f := newFixture(t, includesRepo)
	for _, whole := range []bool{false, true} {
		rev := importIncludes(t, f, syncengine.ImportOptions{}).Revision
		if res := f.export(rev, syncengine.ExportOptions{ProjectDir: "space", WholePages: whole}); res.Commit != "" {
			t.Fatalf("unchanged export (whole pages %v) wrote %v", whole, changesOf(res))
		}
	}

	rev := importIncludes(t, f, syncengine.ImportOptions{}).Revision
	shared := reusableByPath(rev)["../.gitbook/includes/shared.md"]
	shared.Document.Nodes = append(shared.Document.Nodes, paragraph("Added."))
	res := f.export(rev, syncengine.ExportOptions{ProjectDir: "space"})
	if got, want := changesOf(res), []string{"modified .gitbook/includes/shared.md"}; !cmp.Equal(got, want) {
		t.Errorf("changes = %q, want %q", got, want)
	}
	if got, want := f.files(res.Commit)[".gitbook/includes/shared.md"], includesRepo[".gitbook/includes/shared.md"]+"\nAdded.\n"; got != want {
		t.Errorf(".gitbook/includes/shared.md:\n%s\nwant:\n%s", got, want)
	}

	rev = importIncludes(t, f, syncengine.ImportOptions{}).Revision
	kept := rev.ReusableContents[:0]
	for _, rc := range rev.ReusableContents {
		if rc.Title != "Unused" && rc.Title != "Local block" {
			kept = append(kept, rc)
		}
	}
	rev.ReusableContents = kept
	res = f.export(rev, syncengine.ExportOptions{ProjectDir: "space"})
	if got, want := changesOf(res), []string{"deleted space/.gitbook/includes/local.md"}; !cmp.Equal(got, want) {
		t.Errorf("changes = %q, want %q", got, want)
	}
}

// TestRepositoryIncludesNewOne: a new reusable content goes to the
// repository root's .gitbook/includes when only the root has one, and to
// the space's otherwise.
func TestRepositoryIncludesNewOne(t *testing.T) {
	for _, tc := range []struct {
		name     string
		withOwn  bool
		wantPath string
	}{
		{"only the root has includes", false, ".gitbook/includes/new-block.md"},
		{"the space has its own", true, "space/.gitbook/includes/new-block.md"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			files := map[string]string{}
			for p, s := range includesRepo {
				if tc.withOwn || !strings.HasPrefix(p, "space/.gitbook/includes/") {
					files[p] = s
				}
			}
			f := newFixture(t, files)
			rev := importIncludes(t, f, syncengine.ImportOptions{}).Revision
			rev.ReusableContents = append(rev.ReusableContents, &revision.ReusableContent{ID: "new", Title: "New block",
				Document: &revision.Document{Nodes: []revision.Node{paragraph("Fresh.")}}})
			res := f.export(rev, syncengine.ExportOptions{ProjectDir: "space"})
			var added []string
			for _, c := range res.Changes {
				added = append(added, c.Change+" "+c.Path)
			}
			sort.Strings(added)
			if want := []string{"added " + tc.wantPath}; !cmp.Equal(added, want) {
				t.Errorf("changes = %q, want %q", added, want)
			}
		})
	}
}

// TestRepositoryIncludesNewFolder: exporting a space into a folder the
// branch lacks yet leaves the repository root's unchanged includes as
// they are, even written in a form gitsync would not print.
func TestRepositoryIncludesNewFolder(t *testing.T) {
	files := map[string]string{}
	for p, s := range includesRepo {
		files[p] = s
	}
	files[".gitbook/includes/unused.md"] = "---\ntitle: 'Unused'\n---\n\nIncluded   by  nothing.\n"
	rev := importIncludes(t, newFixture(t, files), syncengine.ImportOptions{}).Revision
	base := map[string]string{}
	for p, s := range files {
		if !strings.HasPrefix(p, "space/") {
			base[p] = s
		}
	}
	f := newFixture(t, base)
	res := f.export(rev, syncengine.ExportOptions{ProjectDir: "space", Force: true,
		FileContent: func(context.Context, *revision.File) ([]byte, error) { return []byte("png"), nil }})
	var got []string
	for _, c := range changesOf(res) {
		if !strings.HasPrefix(c, "added space/") {
			got = append(got, c)
		}
	}
	if len(got) > 0 {
		t.Errorf("changes outside the new folder: %q", got)
	}
	if tree := f.files(res.Commit); tree["space/README.md"] == "" {
		t.Errorf("the space was not written: %q", changesOf(res))
	}
}
