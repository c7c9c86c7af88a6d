package space_test

import (
	"testing"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/object"
	"github.com/google/go-cmp/cmp"

	"github.com/seed1bfafebe/gitsync/syncengine/space"
)

// TestExportToAnotherProjectDirectory moves a space from the root to docs/
// on the commit it holds: the export writes every file of the space in
// docs/ with its bytes and leaves the root alone, and the space is then
// bound to docs/.
func TestExportToAnotherProjectDirectory(t *testing.T) {
	f := newFixture(t, docs)
	first := f.mustImport("s", f.importReq(1))
	res, err := f.engine.Export(f.ctx, "s", space.ExportRequest{URL: f.url, Ref: "refs/heads/main",
		RepoProjectDirectory: "docs", CommitMessage: "GITBOOK-2: move", Timestamp: ts(2)})
	if err != nil {
		t.Fatal(err)
	}
	if res.Commit == "" || res.Parent != first.Commit {
		t.Fatalf("export to another project directory = %+v, want a commit on %s", res, first.Commit)
	}
	c, err := f.repo.CommitObject(plumbing.NewHash(res.Commit))
	if err != nil {
		t.Fatal(err)
	}
	files, err := c.Files()
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	if err := files.ForEach(func(file *object.File) error {
		s, err := file.Contents()
		got[file.Name] = s
		return err
	}); err != nil {
		t.Fatal(err)
	}
	want := map[string]string{}
	for name, data := range docs {
		want[name] = data
		want["docs/"+name] = data
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("tree after the move (-want +got):\n%s", diff)
	}
	st, err := f.engine.State(f.ctx, "s")
	if err != nil {
		t.Fatal(err)
	}
	if st.Binding.ProjectDir != "docs" || st.LastCommit != res.Commit {
		t.Errorf("state after the move: %+v, last commit %s", st.Binding, st.LastCommit)
	}
}
