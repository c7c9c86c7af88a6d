package httpapi

import (
	"context"
	"encoding/json"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/go-git/go-git/v5"
	"github.com/seed1bfafebe/gitsync/internal/gittest"
	"github.com/seed1bfafebe/gitsync/internal/schematest"
	"github.com/seed1bfafebe/gitsync/revision"
	"github.com/seed1bfafebe/gitsync/syncengine"
	"github.com/seed1bfafebe/gitsync/syncengine/space"
)

var docsFiles = gittest.Files(map[string]string{
	"SUMMARY.md": "# Table of contents\n\n* [Home](README.md)\n* [Setup](setup.md)\n",
	"README.md":  "# Home\n\nStart with the [setup](setup.md).\n",
	"setup.md":   "# Setup\n\nInstall it.\n",
})

// realEngine is a space engine in memory that reads every https URL from
// repo, as a service reading its own mirror would.
func realEngine(t *testing.T, files fstest.MapFS) (*space.Engine, *git.Repository) {
	t.Helper()
	repo, _ := gittest.CommitFS(t, files)
	src := syncengine.Source{URL: "mirror", Storer: repo.Storer}
	eng := space.New(space.Options{Resolvers: map[string]space.Resolver{
		"https": func(ctx context.Context, u *url.URL) (syncengine.Source, error) { return src, nil },
	}})
	return eng, repo
}

// TestRealEngine drives the handler over the real space engine: every
// status the engine can cause, and no credential in any answer, log line or
// stored state.
func TestRealEngine(t *testing.T) {
	const password = "ghp_S3CRET"
	repoURL := "https://x-access-token:" + password + "@github.com/acme/docs.git"
	eng, repo := realEngine(t, docsFiles)
	h, logs := newTestHandler(t, eng, Options{})
	ctx := context.Background()
	var answers []*httptest.ResponseRecorder
	check := func(w *httptest.ResponseRecorder, status int, msg string) *httptest.ResponseRecorder {
		t.Helper()
		answers = append(answers, w)
		if w.Code != status {
			t.Fatalf("status %d, want %d: %s", w.Code, status, w.Body)
		}
		if status >= 400 {
			checkErrorBody(t, w, status, msg)
		}
		return w
	}
	body := func(sec int, extra string) string {
		return `{"url":"` + repoURL + `","ref":"refs/heads/main","timestamp":"` + ts(sec) + `"` + extra + `}`
	}
	wait := []string{"Prefer", "wait=30"}

	check(do(h, "POST", "/v1/spaces/s/git/import", body(10, ""), wait...), 204, "")
	info := check(do(h, "GET", "/v1/spaces/s/git/info", ""), 200, "")
	var gi struct{ RepoName string }
	if err := json.Unmarshal(info.Body.Bytes(), &gi); err != nil || gi.RepoName != "acme/docs" {
		t.Errorf("info %s", info.Body)
	}
	content := check(do(h, "GET", "/v1/spaces/s/content", ""), 200, "")
	schematest.ValidateRevision(t, content.Body.Bytes())

	check(do(h, "DELETE", "/v1/spaces/s/git/legacy-installation", ""), 204, "")
	if err := eng.MarkLegacyInstallation(ctx, "s"); err != nil {
		t.Fatal(err)
	}
	check(do(h, "DELETE", "/v1/spaces/s/git/legacy-installation", ""), 205, "")
	check(do(h, "DELETE", "/v1/spaces/s/git/legacy-installation", ""), 204, "")

	check(do(h, "POST", "/v1/spaces/s/git/import", body(5, "")), 409, "out of order")
	check(do(h, "POST", "/v1/spaces/other/git/import", body(10, ""), wait...), 409, "already bound")
	check(do(h, "POST", "/v1/spaces/s/git/import", strings.Replace(body(11, ""), "refs/heads/main", "refs/heads/nope", 1), wait...), 400, "ref not found")
	check(do(h, "POST", "/v1/spaces/s/git/import", strings.Replace(body(11, ""), "https://", "ftp://", 1), wait...), 400, "no resolver")
	check(do(h, "POST", "/v1/spaces/s/git/export", body(12, ""), wait...), 400, "commitMessage")

	// Both sides move: the branch gets a commit, the space an edit.
	head, err := repo.Head()
	if err != nil {
		t.Fatal(err)
	}
	moved := gittest.Files(map[string]string{"setup.md": "# Setup\n\nInstall it twice.\n"})
	for name, f := range docsFiles {
		if moved[name] == nil {
			moved[name] = f
		}
	}
	gittest.AddCommit(t, repo, head.Hash(), moved)
	rev, err := eng.Revision(ctx, "s")
	if err != nil {
		t.Fatal(err)
	}
	// The space edits the same words: the merge conflicts (edits that
	// combine would merge into a merge commit).
	revision.Walk(rev.Pages, func(p, _ *revision.Page) bool {
		if p.Git != nil && p.Git.Path == "setup.md" {
			p.Document = &revision.Document{Nodes: []revision.Node{
				revision.NewBlock(&revision.Paragraph{}, revision.NewText("Install it once."))}}
		}
		return true
	})
	if err := eng.SetRevision(ctx, "s", rev); err != nil {
		t.Fatal(err)
	}
	check(do(h, "POST", "/v1/spaces/s/git/export", body(13, `,"commitMessage":"Edit"`), wait...), 409, "changed")
	check(do(h, "POST", "/v1/spaces/s/git/export", body(14, `,"commitMessage":"Edit","force":true`), wait...), 204, "")

	st, err := eng.State(ctx, "s")
	if err != nil {
		t.Fatal(err)
	}
	stored, _ := json.Marshal(st)
	if strings.Contains(string(stored), password) || !strings.Contains(string(stored), "github.com/acme/docs.git") {
		t.Errorf("stored state: %s", stored)
	}
	for _, w := range answers {
		if strings.Contains(w.Body.String(), password) {
			t.Errorf("a %d answer carries the password: %s", w.Code, w.Body)
		}
	}
	if strings.Contains(logs.String(), password) {
		t.Errorf("the log carries the password:\n%s", logs)
	}
}
