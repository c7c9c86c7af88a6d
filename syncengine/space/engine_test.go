package space_test

import (
	"errors"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/seed1bfafebe/gitsync/revision"
	"github.com/seed1bfafebe/gitsync/syncengine"
	"github.com/seed1bfafebe/gitsync/syncengine/space"
)

func TestImportOrder(t *testing.T) {
	f := newFixture(t, docs)
	f.mustImport("s", f.importReq(10))
	c2 := f.commit(with(docs, map[string]string{"reference/api.md": "# API\n\nChanged.\n"}))
	_, err := f.engine.Import(f.ctx, "s", f.importReq(5))
	var oe *space.OrderError
	if !errors.As(err, &oe) || !errors.Is(err, space.ErrOutOfOrder) || !oe.Last.Equal(ts(10)) {
		t.Fatalf("older import: err = %v, want *OrderError with last 00:10", err)
	}
	st, _ := f.engine.State(f.ctx, "s")
	if st.LastCommit == c2.String() {
		t.Errorf("a refused import was applied")
	}
	// The same timestamp is not older: accepted.
	f.mustImport("s", f.importReq(10))
	req := f.importReq(1)
	req.Force = true
	f.mustImport("s", req)
	st, _ = f.engine.State(f.ctx, "s")
	if st.LastCommit != c2.String() {
		t.Errorf("forced import not applied: last commit %s", st.LastCommit)
	}
	if !st.LastTimestamp.Equal(ts(10)) {
		t.Errorf("a forced older import moved the order back to %v", st.LastTimestamp)
	}
	// Exports are ordered too.
	_, err = f.engine.Export(f.ctx, "s", space.ExportRequest{URL: f.url, Ref: "refs/heads/main", CommitMessage: "m", Timestamp: ts(9)})
	if !errors.Is(err, space.ErrOutOfOrder) {
		t.Errorf("older export: err = %v, want ErrOutOfOrder", err)
	}
}

func TestStandaloneImport(t *testing.T) {
	f := newFixture(t, docs)
	first := f.mustImport("s", f.importReq(1))
	before, _ := f.engine.State(f.ctx, "s")
	f.commit(with(docs, map[string]string{"reference/api.md": "# API\n\nStandalone.\n"}))
	req := f.importReq(0) // older, but standalone imports are not ordered
	req.Standalone = true
	req.GitInfo = &space.GitInfoUpdate{Provider: "gitlab", URL: "https://gitlab.example.com/x"}
	res := f.mustImport("s", req)
	if res.Commit == first.Commit {
		t.Fatalf("standalone import did not read the new commit")
	}
	if diff := cmp.Diff(pageIDs(first.Revision), pageIDs(res.Revision)); diff != "" {
		t.Errorf("standalone import does not use the space's ids (-primary +standalone):\n%s", diff)
	}
	after, _ := f.engine.State(f.ctx, "s")
	if diff := cmp.Diff(before, after); diff != "" {
		t.Errorf("standalone import changed the state (-before +after):\n%s", diff)
	}
	prim, err := f.engine.Revision(f.ctx, "s")
	if err != nil || prim.Git.OID != first.Commit {
		t.Errorf("primary revision = %v, %v; want the first import's", prim.Git, err)
	}
	// A standalone import of a space never synced leaves it unknown.
	if _, err := f.engine.Import(f.ctx, "fresh", req); err != nil {
		t.Fatal(err)
	}
	if _, err := f.engine.GitInfo(f.ctx, "fresh"); !errors.Is(err, space.ErrNotFound) {
		t.Errorf("GitInfo after a standalone import = %v, want ErrNotFound", err)
	}
}

func TestProjectDirectoryAndURLs(t *testing.T) {
	files := map[string]string{
		"docs/README.md":   "# Docs\n\nSee [the tool](../tool/main.go) and [guide](guide.md).\n",
		"docs/guide.md":    "# Guide\n\nText.\n",
		"other/README.md":  "# Other project\n",
		"tool/main.go":     "package main\n",
		"docs/SUMMARY.md":  "# Summary\n\n* [Docs](README.md)\n* [Guide](guide.md)\n",
		"other/SUMMARY.md": "# Summary\n\n* [Other](README.md)\n",
	}
	f := newFixture(t, files)
	req := f.importReq(1)
	req.RepoProjectDirectory = "docs"
	req.RepoTreeURL = "https://example.com/org/docs/blob/main/"
	req.RepoCommitURL = "https://example.com/org/docs/commit/"
	res := f.mustImport("s", req)
	var titles []string
	revision.Walk(res.Revision.Pages, func(p, _ *revision.Page) bool { titles = append(titles, p.Title); return true })
	if diff := cmp.Diff([]string{"Docs", "Guide"}, titles); diff != "" {
		t.Errorf("pages of the project directory (-want +got):\n%s", diff)
	}
	if want := "https://example.com/org/docs/commit/" + res.Commit; res.Revision.Git.URL != want {
		t.Errorf("git.url = %q, want %q", res.Revision.Git.URL, want)
	}
	if res.Revision.Git.Ref != "refs/heads/main" {
		t.Errorf("git.ref = %q", res.Revision.Git.Ref)
	}
	doc, _ := res.Revision.Pages[0].Document.MarshalJSON()
	if !strings.Contains(string(doc), `"url":"https://example.com/org/docs/blob/main/tool/main.go"`) {
		t.Errorf("a link leaving the project is not under repoTreeURL:\n%s", doc)
	}
	gi, err := f.engine.GitInfo(f.ctx, "s")
	if err != nil {
		t.Fatal(err)
	}
	want := &space.GitInfo{RepoName: "org/docs", URL: "https://example.com/org/docs/blob/main/", UpdatedAt: gi.UpdatedAt}
	if diff := cmp.Diff(want, gi); diff != "" || gi.UpdatedAt.IsZero() {
		t.Errorf("GitInfo (-want +got):\n%s", diff)
	}
}

func TestGitInfoAndLegacy(t *testing.T) {
	f := newFixture(t, docs)
	if _, err := f.engine.GitInfo(f.ctx, "s"); !errors.Is(err, space.ErrNotFound) {
		t.Errorf("GitInfo of an unknown space = %v, want ErrNotFound", err)
	}
	if _, err := f.engine.RemoveLegacyInstallation(f.ctx, "s"); !errors.Is(err, space.ErrNotFound) {
		t.Errorf("RemoveLegacyInstallation of an unknown space = %v, want ErrNotFound", err)
	}
	req := f.importReq(1)
	req.GitInfo = &space.GitInfoUpdate{Provider: "github", URL: "https://github.com/org/docs"}
	f.mustImport("s", req)
	gi, err := f.engine.GitInfo(f.ctx, "s")
	if err != nil {
		t.Fatal(err)
	}
	got, _ := jsonString(gi)
	if want := `{"repoName":"org/docs","installationProvider":"github","integration":"github","url":"https://github.com/org/docs","updatedAt":"2026-05-06T07:08:09Z"}`; got != want {
		t.Errorf("GitInfo JSON = %s\nwant %s", got, want)
	}
	if removed, err := f.engine.RemoveLegacyInstallation(f.ctx, "s"); err != nil || removed {
		t.Errorf("RemoveLegacyInstallation with none = %v, %v; want already removed", removed, err)
	}
	if err := f.engine.MarkLegacyInstallation(f.ctx, "s"); err != nil {
		t.Fatal(err)
	}
	if removed, err := f.engine.RemoveLegacyInstallation(f.ctx, "s"); err != nil || !removed {
		t.Errorf("RemoveLegacyInstallation = %v, %v; want removed", removed, err)
	}
	if removed, err := f.engine.RemoveLegacyInstallation(f.ctx, "s"); err != nil || removed {
		t.Errorf("second RemoveLegacyInstallation = %v, %v; want already removed", removed, err)
	}
}

func TestExportConflictWhenBothMoved(t *testing.T) {
	f := newFixture(t, docs)
	first := f.mustImport("s", f.importReq(1))
	edited := editTitle(first.Revision, "reference/api.md", "API edited in GitBook")
	if err := f.engine.SetRevision(f.ctx, "s", edited); err != nil {
		t.Fatal(err)
	}
	// The branch retitles the same page differently: the merge conflicts.
	moved := f.commit(with(docs, map[string]string{"guide/install.md": "# Install\n\nPushed to the branch.\n",
		"SUMMARY.md": strings.Replace(docs["SUMMARY.md"], "[API]", "[API retitled in Git]", 1)}))
	req := space.ExportRequest{URL: f.url, Ref: "refs/heads/main", CommitMessage: "GITBOOK-2: edit", Timestamp: ts(2)}
	_, err := f.engine.Export(f.ctx, "s", req)
	var ce *space.ConflictError
	if !errors.As(err, &ce) || !errors.Is(err, space.ErrConflict) || ce.Branch != moved.String() || ce.Synced != first.Commit {
		t.Fatalf("Export = %v, want *ConflictError from %s to %s", err, first.Commit, moved)
	}
	if len(ce.Conflicts) != 1 || ce.Conflicts[0].Field != "title" {
		t.Errorf("conflicts %+v, want the page title's", ce.Conflicts)
	}
	if ref, _ := f.repo.Reference("refs/heads/main", true); ref.Hash() != moved {
		t.Errorf("a refused export moved the branch")
	}
	req.Force = true
	res, err := f.engine.Export(f.ctx, "s", req)
	if err != nil {
		t.Fatalf("forced Export: %v", err)
	}
	if res.Commit == "" || res.Parent != moved.String() {
		t.Fatalf("forced export = %+v, want a commit on %s", res, moved)
	}
	st, _ := f.engine.State(f.ctx, "s")
	if st.LastCommit != res.Commit || st.Changed || st.LastOperation != "export" {
		t.Errorf("state after export: last %s changed %v op %s", st.LastCommit, st.Changed, st.LastOperation)
	}
	// The next import of the branch keeps every id.
	again := f.mustImport("s", f.importReq(3))
	if diff := cmp.Diff(pageIDs(first.Revision), pageIDs(again.Revision)); diff != "" {
		t.Errorf("ids after export and import (-first +again):\n%s", diff)
	}
}

func TestExportImportsWhenOnlyBranchMoved(t *testing.T) {
	f := newFixture(t, docs)
	f.mustImport("s", f.importReq(1))
	moved := f.commit(with(docs, map[string]string{"reference/api.md": "# API\n\nNew on the branch.\n"}))
	res, err := f.engine.Export(f.ctx, "s", space.ExportRequest{URL: f.url, Ref: "refs/heads/main", CommitMessage: "m", Timestamp: ts(2)})
	if err != nil {
		t.Fatal(err)
	}
	if res.Commit != "" || res.Imported == nil || res.Imported.Commit != moved.String() {
		t.Fatalf("Export = %+v, want an import of %s and no commit", res, moved)
	}
	prim, _ := f.engine.Revision(f.ctx, "s")
	if prim.Git.OID != moved.String() {
		t.Errorf("primary revision at %s, want %s", prim.Git.OID, moved)
	}
	if diff := cmp.Diff([]string{"page_edited reference/api.md"}, changedPaths(prim, res.Imported.Changes)); diff != "" {
		t.Errorf("changes (-want +got):\n%s", diff)
	}
}

func TestForcedExportWhenOnlyBranchMovedImports(t *testing.T) {
	f := newFixture(t, docs)
	f.mustImport("s", f.importReq(1))
	moved := f.commit(with(docs, map[string]string{"reference/api.md": "# API\n\nNew on the branch.\n"}))
	res, err := f.engine.Export(f.ctx, "s", space.ExportRequest{URL: f.url, Ref: "refs/heads/main", CommitMessage: "m", Timestamp: ts(2), Force: true})
	if err != nil {
		t.Fatal(err)
	}
	if res.Commit != "" || res.Imported == nil {
		t.Errorf("forced export with nothing to write = %+v, want an import", res)
	}
	if ref, _ := f.repo.Reference("refs/heads/main", true); ref.Hash() != moved {
		t.Errorf("a forced export of an unchanged space rewrote the branch")
	}
}

func TestExportCreatesBranch(t *testing.T) {
	f := newFixture(t, docs)
	first := f.mustImport("s", f.importReq(1))
	if err := f.engine.SetRevision(f.ctx, "s", editTitle(first.Revision, "reference/api.md", "API v2")); err != nil {
		t.Fatal(err)
	}
	res, err := f.engine.Export(f.ctx, "s", space.ExportRequest{URL: f.url, Ref: "refs/heads/v2", CommitMessage: "GITBOOK-1: v2", Timestamp: ts(2)})
	if err != nil {
		t.Fatal(err)
	}
	ref, err := f.repo.Reference("refs/heads/v2", true)
	if err != nil || res.Commit == "" || ref.Hash().String() != res.Commit {
		t.Fatalf("export to a new branch = %+v (branch %v, %v)", res, ref, err)
	}
	st, _ := f.engine.State(f.ctx, "s")
	if st.Binding.Ref != "refs/heads/v2" || st.LastCommit != res.Commit {
		t.Errorf("state after exporting to a new branch: %+v", st.Binding)
	}
}

func TestExportWritesSpaceEdits(t *testing.T) {
	f := newFixture(t, docs)
	first := f.mustImport("s", f.importReq(1))
	if err := f.engine.SetRevision(f.ctx, "s", editTitle(first.Revision, "guide/configure.md", "Set up")); err != nil {
		t.Fatal(err)
	}
	res, err := f.engine.Export(f.ctx, "s", space.ExportRequest{URL: f.url, Ref: "refs/heads/main", CommitMessage: "GITBOOK-1: title", Timestamp: ts(2)})
	if err != nil {
		t.Fatal(err)
	}
	if res.Commit == "" || res.Parent != first.Commit {
		t.Fatalf("Export = %+v", res)
	}
	if res.Parsed != 0 || res.Reused != len(docs)-1 {
		t.Errorf("export parsed %d and reused %d content files of the commit the space holds; want 0 and %d", res.Parsed, res.Reused, len(docs)-1)
	}
	var paths []string
	for _, c := range res.Changes {
		paths = append(paths, c.Change+" "+c.Path)
	}
	sort.Strings(paths)
	if diff := cmp.Diff([]string{"modified SUMMARY.md"}, paths); diff != "" {
		t.Errorf("export changes (-want +got):\n%s", diff)
	}
	// Nothing changed since: a second export writes nothing.
	again, err := f.engine.Export(f.ctx, "s", space.ExportRequest{URL: f.url, Ref: "refs/heads/main", CommitMessage: "m", Timestamp: ts(3)})
	if err != nil || again.Commit != "" || again.Imported != nil {
		t.Errorf("second export = %+v, %v; want nothing", again, err)
	}
}

func TestBindingRefusesSecondSpace(t *testing.T) {
	f := newFixture(t, docs)
	f.mustImport("a", f.importReq(1))
	req := f.importReq(1)
	req.URL = "mem://other:creds@example.com/org/docs.git" // the same repository, other credentials
	_, err := f.engine.Import(f.ctx, "b", req)
	var be *space.BindingError
	if !errors.As(err, &be) || be.Owner != "a" {
		t.Fatalf("second space on the same binding: err = %v, want *BindingError owned by a", err)
	}
	// A failed import does not keep the binding it claimed.
	req.RepoProjectDirectory = "missing"
	if _, err := f.engine.Import(f.ctx, "c", req); !errors.Is(err, syncengine.ErrProjectNotFound) {
		t.Fatalf("import of a missing project directory: %v", err)
	}
	req.RepoProjectDirectory = "guide"
	if _, err := f.engine.Import(f.ctx, "b", req); err != nil {
		t.Errorf("another project directory: %v", err)
	}
	req.RepoProjectDirectory = "missing"
	if _, err := f.engine.Import(f.ctx, "d", req); errors.Is(err, space.ErrBound) {
		t.Errorf("a failed import kept its binding: %v", err)
	}
	req.RepoProjectDirectory = ""
	req.Standalone = true
	if _, err := f.engine.Import(f.ctx, "c", req); err != nil {
		t.Errorf("a standalone import binds nothing: %v", err)
	}
}

func TestResolvers(t *testing.T) {
	f := newFixture(t, docs)
	req := f.importReq(1)
	req.URL = "ssh://git@example.com/org/docs.git"
	if _, err := f.engine.Import(f.ctx, "s", req); !errors.Is(err, space.ErrNoResolver) {
		t.Errorf("unregistered scheme: err = %v, want ErrNoResolver", err)
	}
	req.URL = "mem://bot:s3cr3t-t0ken@example.com/org/missing.git"
	_, err := f.engine.Import(f.ctx, "s", req)
	if err == nil || strings.Contains(err.Error(), "s3cr3t") {
		t.Errorf("resolver error = %v: want an error without the credentials", err)
	}
	req.URL = f.url
	req.Ref = "refs/heads/nope"
	_, err = f.engine.Import(f.ctx, "s", req)
	if !errors.Is(err, syncengine.ErrRefNotFound) || strings.Contains(err.Error(), "s3cr3t") {
		t.Errorf("missing ref: err = %v", err)
	}
}

func editTitle(rev *revision.Revision, file, title string) *revision.Revision {
	out := *rev
	out.Pages = clonePages(rev.Pages, func(p *revision.Page) {
		if p.Git != nil && p.Git.Path == file {
			p.Title = title
		}
	})
	return &out
}

func clonePages(pages []*revision.Page, edit func(*revision.Page)) []*revision.Page {
	out := make([]*revision.Page, len(pages))
	for i, p := range pages {
		c := *p
		c.Pages = clonePages(p.Pages, edit)
		edit(&c)
		out[i] = &c
	}
	return out
}

func TestProgress(t *testing.T) {
	f := newFixture(t, docs)
	var mu sync.Mutex
	var stages []string
	f.engine = space.New(space.Options{Resolvers: map[string]space.Resolver{"mem": f.repos.resolver},
		Progress: func(id string, p syncengine.Progress) {
			mu.Lock()
			defer mu.Unlock()
			if id == "s" && (len(stages) == 0 || stages[len(stages)-1] != p.Stage) {
				stages = append(stages, p.Stage)
			}
		}})
	f.mustImport("s", f.importReq(1))
	want := []string{syncengine.StageRepoFetch, syncengine.StageConfigCheck, syncengine.StageContentProcess, syncengine.StageFinalize}
	if diff := cmp.Diff(want, stages); diff != "" {
		t.Errorf("stages (-want +got):\n%s", diff)
	}
}

func TestSetRevisionRefusesNulls(t *testing.T) {
	f := newFixture(t, docs)
	for _, rev := range []*revision.Revision{nil, {Pages: []*revision.Page{nil}},
		{Pages: []*revision.Page{{Type: revision.PageDocument, ID: "a", Pages: []*revision.Page{nil}}}},
		{Files: []*revision.File{nil}}, {ReusableContents: []*revision.ReusableContent{nil}}} {
		if err := f.engine.SetRevision(f.ctx, "s", rev); !errors.Is(err, space.ErrInvalidRequest) {
			t.Errorf("SetRevision(%+v) = %v, want ErrInvalidRequest", rev, err)
		}
	}
}
