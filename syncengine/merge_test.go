package syncengine_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/go-git/go-git/v5/plumbing"

	"github.com/seed1bfafebe/gitsync/internal/gittest"
	"github.com/seed1bfafebe/gitsync/revision"
	"github.com/seed1bfafebe/gitsync/syncengine"
)

// editLeaf replaces text in the first leaf that holds it, on the page at
// path (a copy of the page's document: imports may share documents).
func editLeaf(t *testing.T, rev *revision.Revision, path, old, new string) {
	t.Helper()
	done := false
	revision.Walk(rev.Pages, func(p, _ *revision.Page) bool {
		if p.Git == nil || p.Git.Path != path || p.Document == nil {
			return true
		}
		p.Document = &revision.Document{SchemaVersion: p.Document.SchemaVersion, Nodes: cloneNodes(p.Document.Nodes)}
		revision.WalkNodes(p.Document.Nodes, func(n revision.Node) {
			if tx, ok := n.(*revision.Text); ok && !done {
				for i := range tx.Leaves {
					if strings.Contains(tx.Leaves[i].Text, old) {
						tx.Leaves[i].Text = strings.Replace(tx.Leaves[i].Text, old, new, 1)
						done = true
						return
					}
				}
			}
		})
		return false
	})
	if !done {
		t.Fatalf("%s: no leaf holds %q", path, old)
	}
}

func TestMergeExport(t *testing.T) {
	ctx := context.Background()
	setup := func(t *testing.T, gitInstall string) (*fixture, *revision.Revision, plumbing.Hash, plumbing.Hash) {
		f := newFixture(t, docsRepo)
		rev := f.importRev()
		base := f.tip
		// The branch moves: someone pushes an edit of the install page.
		head := gittest.AddCommit(t, f.repo, base, gittest.Files(docsWith(map[string]string{"guide/install.md": gitInstall})))
		return f, rev, base, head
	}
	t.Run("clean", func(t *testing.T) {
		f, rev, base, head := setup(t, "# Install\n\nFirst paragraph, from Git.\n\nSecond paragraph.\n\nThird paragraph.\n")
		// Meanwhile the space edits another paragraph of that page, and
		// another page.
		editLeaf(t, rev, "guide/install.md", "Third paragraph.", "Third paragraph, from the space.")
		editLeaf(t, rev, "README.md", "Welcome to the docs.", "Welcome to our docs.")
		if _, err := syncengine.Export(ctx, f.src, rev, syncengine.ExportOptions{Message: "space"}); !errors.Is(err, syncengine.ErrConflict) {
			t.Fatalf("plain export over a moved branch: %v, want ErrConflict", err)
		}
		res, err := syncengine.MergeExport(ctx, f.src, rev, syncengine.MergeExportOptions{
			ExportOptions: syncengine.ExportOptions{Message: "Merge the space"}, Base: base.String()})
		if err != nil {
			t.Fatal(err)
		}
		if !res.Merged || res.Commit == "" {
			t.Fatalf("no merge commit: %+v", res)
		}
		c, err := f.repo.CommitObject(plumbing.NewHash(res.Commit))
		if err != nil {
			t.Fatal(err)
		}
		if len(c.ParentHashes) != 2 || c.ParentHashes[0] != head || c.ParentHashes[1] != base {
			t.Errorf("parents %v, want [%s %s]", c.ParentHashes, head, base)
		}
		files := f.files(res.Commit)
		if got, want := files["guide/install.md"], "# Install\n\nFirst paragraph, from Git.\n\nSecond paragraph.\n\nThird paragraph, from the space.\n"; got != want {
			t.Errorf("install.md:\n%s\nwant:\n%s", got, want)
		}
		if !strings.Contains(files["README.md"], "Welcome to our docs.") {
			t.Errorf("README.md lost the space's edit:\n%s", files["README.md"])
		}
		if files["guide/configure.md"] != docsRepo["guide/configure.md"] {
			t.Error("an untouched page changed")
		}
	})
	t.Run("conflict", func(t *testing.T) {
		f, rev, base, head := setup(t, "# Install\n\nFirst paragraph.\n\nSecond paragraph, from Git.\n\nThird paragraph.\n")
		editLeaf(t, rev, "guide/install.md", "Second paragraph.", "Second paragraph, from the space.")
		opts := syncengine.MergeExportOptions{ExportOptions: syncengine.ExportOptions{Message: "Merge"}, Base: base.String()}
		_, err := syncengine.MergeExport(ctx, f.src, rev, opts)
		var ce *syncengine.MergeConflictError
		if !errors.As(err, &ce) || !errors.Is(err, syncengine.ErrMergeConflict) || len(ce.Conflicts) != 1 {
			t.Fatalf("err %v, want one merge conflict", err)
		}
		c := ce.Conflicts[0]
		if c.PagePath == "" || !strings.Contains(revision.PlainText(c.Ours.Nodes...), "from the space") || !strings.Contains(revision.PlainText(c.Theirs.Nodes...), "from Git") {
			t.Errorf("conflict %+v", c)
		}
		if tip, _ := f.repo.Reference(gittest.Branch, true); tip.Hash() != head {
			t.Error("the branch moved on a conflict")
		}
		opts.Resolve = func(m *revision.MergeResult) error {
			for _, c := range m.Unresolved() {
				c.TakeOurs()
			}
			return nil
		}
		res, err := syncengine.MergeExport(ctx, f.src, rev, opts)
		if err != nil {
			t.Fatal(err)
		}
		if got := f.files(res.Commit)["guide/install.md"]; !strings.Contains(got, "Second paragraph, from the space.") {
			t.Errorf("resolved with ours:\n%s", got)
		}
	})
	t.Run("branch did not move", func(t *testing.T) {
		f := newFixture(t, docsRepo)
		rev := f.importRev()
		editLeaf(t, rev, "README.md", "Welcome to the docs.", "Welcome to our docs.")
		res, err := syncengine.MergeExport(ctx, f.src, rev, syncengine.MergeExportOptions{
			ExportOptions: syncengine.ExportOptions{Message: "Edit"}, Base: f.tip.String()})
		if err != nil || res.Merged || res.Commit == "" {
			t.Fatalf("%+v %v", res, err)
		}
	})
}
