package space_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/go-git/go-git/v5/plumbing"

	"github.com/seed1bfafebe/gitsync/revision"
	"github.com/seed1bfafebe/gitsync/syncengine/space"
)

// TestExportMergesWhenBothMoved: the space retitled a page while someone
// pushed an edit of another page: the export merges both into one commit
// whose parents are the branch's tip and the space's last synced commit.
func TestExportMergesWhenBothMoved(t *testing.T) {
	f := newFixture(t, docs)
	first := f.mustImport("s", f.importReq(1))
	if err := f.engine.SetRevision(f.ctx, "s", editTitle(first.Revision, "reference/api.md", "API edited in GitBook")); err != nil {
		t.Fatal(err)
	}
	moved := f.commit(with(docs, map[string]string{"guide/install.md": "# Install\n\nPushed to the branch.\n"}))
	res, err := f.engine.Export(f.ctx, "s", space.ExportRequest{URL: f.url, Ref: "refs/heads/main", CommitMessage: "GITBOOK-2: merge", Timestamp: ts(2)})
	if err != nil {
		t.Fatalf("Export: %v", err)
	}
	if !res.Merged || res.Commit == "" {
		t.Fatalf("export = %+v, want a merge commit", res)
	}
	c, err := f.repo.CommitObject(plumbing.NewHash(res.Commit))
	if err != nil {
		t.Fatal(err)
	}
	if len(c.ParentHashes) != 2 || c.ParentHashes[0] != moved || c.ParentHashes[1].String() != first.Commit {
		t.Errorf("parents %v, want [%s %s]", c.ParentHashes, moved, first.Commit)
	}
	read := func(path string) string {
		file, err := c.File(path)
		if err != nil {
			t.Fatal(err)
		}
		s, _ := file.Contents()
		return s
	}
	if got := read("guide/install.md"); got != "# Install\n\nPushed to the branch.\n" {
		t.Errorf("the branch's edit is lost: %q", got)
	}
	if got := read("SUMMARY.md"); !strings.Contains(got, "[API edited in GitBook](reference/api.md)") {
		t.Errorf("the space's edit is lost:\n%s", got)
	}
	st, _ := f.engine.State(f.ctx, "s")
	if st.LastCommit != res.Commit || st.Changed {
		t.Errorf("state after the merge: last %s changed %v", st.LastCommit, st.Changed)
	}
	rev, err := f.engine.Revision(f.ctx, "s")
	if err != nil {
		t.Fatal(err)
	}
	var titles []string
	revision.Walk(rev.Pages, func(p, _ *revision.Page) bool { titles = append(titles, p.Title); return true })
	if !strings.Contains(strings.Join(titles, "|"), "API edited in GitBook") {
		t.Errorf("primary revision's titles after the merge: %q", titles)
	}
}

// TestImportMergesWhenBothMoved: an import that finds the space changed
// since its last sync keeps the space's changes, merged with the branch's,
// and the next export writes them; conflicting changes refuse the import
// unless forced (the branch then wins, as before).
func TestImportMergesWhenBothMoved(t *testing.T) {
	f := newFixture(t, docs)
	first := f.mustImport("s", f.importReq(1))
	if err := f.engine.SetRevision(f.ctx, "s", editTitle(first.Revision, "reference/api.md", "API edited in GitBook")); err != nil {
		t.Fatal(err)
	}
	f.commit(with(docs, map[string]string{"guide/install.md": "# Install\n\nPushed to the branch.\n"}))
	res := f.mustImport("s", f.importReq(2))
	var titles []string
	revision.Walk(res.Revision.Pages, func(p, _ *revision.Page) bool { titles = append(titles, p.Title); return true })
	if !res.Merged || !strings.Contains(strings.Join(titles, "|"), "API edited in GitBook") ||
		!strings.Contains(revision.PlainText(findFile(res.Revision, "guide/install.md").Document.Nodes...), "Pushed to the branch.") {
		t.Fatalf("merged import: merged %v, titles %q", res.Merged, titles)
	}
	if st, _ := f.engine.State(f.ctx, "s"); !st.Changed || st.LastCommit != res.Commit {
		t.Errorf("state after a merged import: changed %v last %s", st.Changed, st.LastCommit)
	}
	exp, err := f.engine.Export(f.ctx, "s", space.ExportRequest{URL: f.url, Ref: "refs/heads/main", CommitMessage: "GITBOOK-3", Timestamp: ts(3)})
	if err != nil || exp.Commit == "" || exp.Merged {
		t.Fatalf("export after the merged import: %+v %v", exp, err)
	}

	// Both sides retitle one page: a conflict; forced, the branch wins.
	rev, _ := f.engine.Revision(f.ctx, "s")
	if err := f.engine.SetRevision(f.ctx, "s", editTitle(rev, "reference/api.md", "API by the space")); err != nil {
		t.Fatal(err)
	}
	f.commit(with(docs, map[string]string{"SUMMARY.md": strings.Replace(docs["SUMMARY.md"], "[API]", "[API by Git]", 1)}))
	_, err = f.engine.Import(f.ctx, "s", f.importReq(4))
	var ce *space.ConflictError
	if !errors.As(err, &ce) || len(ce.Conflicts) != 1 {
		t.Fatalf("import with a conflict: %v", err)
	}
	req := f.importReq(4)
	req.Force = true
	forced := f.mustImport("s", req)
	titles = nil
	revision.Walk(forced.Revision.Pages, func(p, _ *revision.Page) bool { titles = append(titles, p.Title); return true })
	if forced.Merged || !strings.Contains(strings.Join(titles, "|"), "API by Git") {
		t.Errorf("forced import: merged %v titles %q", forced.Merged, titles)
	}
}

func findFile(rev *revision.Revision, path string) *revision.Page {
	var found *revision.Page
	revision.Walk(rev.Pages, func(p, _ *revision.Page) bool {
		if p.Git != nil && p.Git.Path == path {
			found = p
		}
		return found == nil
	})
	return found
}
