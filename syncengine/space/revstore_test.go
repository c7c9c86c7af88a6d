package space_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/seed1bfafebe/gitsync/revision"
	"github.com/seed1bfafebe/gitsync/syncengine/space"
)

// TestPrimaryRevisionPersists reads the primary revision back through a
// new engine on the same file store (as a restarted process would), after
// imports that share most documents, and checks that the store holds one
// file per distinct document, no more.
func TestPrimaryRevisionPersists(t *testing.T) {
	dir := t.TempDir()
	store, err := space.NewFileStore(dir)
	if err != nil {
		t.Fatal(err)
	}
	f := newFixtureStore(t, docs, store)
	f.mustImport("s", f.importReq(1))
	f.commit(with(docs, map[string]string{"reference/api.md": "# API\n\nSecond version.\n"}))
	last := f.mustImport("s", f.importReq(2))

	restarted := space.New(space.Options{Store: store})
	got, err := restarted.Revision(f.ctx, "s")
	if err != nil {
		t.Fatal(err)
	}
	want, _ := last.Revision.MarshalJSON()
	have, _ := got.MarshalJSON()
	if diff := cmp.Diff(string(want), string(have)); diff != "" {
		t.Errorf("revision read back (-imported +stored):\n%s", diff)
	}
	distinct := map[string]bool{}
	revision.Walk(last.Revision.Pages, func(p, _ *revision.Page) bool {
		if p.Document != nil {
			distinct[revision.DocumentDigest(p.Document)] = true
		}
		return true
	})
	entries, err := os.ReadDir(filepath.Join(dir, "revisions", "s"))
	if err != nil {
		t.Fatal(err)
	}
	docFiles, revFiles := 0, 0
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), "doc-") {
			docFiles++
		} else {
			revFiles++
		}
	}
	if docFiles != len(distinct) || revFiles != 1 {
		t.Errorf("store holds %d document files and %d revisions; want %d and 1", docFiles, revFiles, len(distinct))
	}
	// A host's edit on the restarted engine exports from the stored state.
	if err := restarted.SetRevision(f.ctx, "s", editTitle(got, "README.md", "Start")); err != nil {
		t.Fatal(err)
	}
	rs := space.New(space.Options{Store: store, Resolvers: map[string]space.Resolver{"mem": f.repos.resolver}})
	res, err := rs.Export(f.ctx, "s", space.ExportRequest{URL: f.url, Ref: "refs/heads/main", CommitMessage: "m", Timestamp: ts(3)})
	if err != nil || res.Commit == "" {
		t.Errorf("export after restart = %+v, %v", res, err)
	}
}
