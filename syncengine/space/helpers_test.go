package space_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"sync"
	"testing"
	"time"

	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/seed1bfafebe/gitsync/internal/gittest"
	"github.com/seed1bfafebe/gitsync/revision"
	"github.com/seed1bfafebe/gitsync/syncengine"
	"github.com/seed1bfafebe/gitsync/syncengine/space"
)

// docs is a small GitBook project.
var docs = map[string]string{
	"SUMMARY.md":         "# Table of contents\n\n* [Home](README.md)\n* [Guide](guide/README.md)\n  * [Install](guide/install.md)\n  * [Configure](guide/configure.md)\n\n## Reference\n\n* [API](reference/api.md)\n",
	"README.md":          "# Home\n\nWelcome.\n\nRead the [install guide](guide/install.md).\n",
	"guide/README.md":    "# Guide\n\nHow to use it.\n",
	"guide/install.md":   "# Install\n\nFirst paragraph.\n\nSecond paragraph.\n\nThird paragraph.\n",
	"guide/configure.md": "# Configure\n\nSee [install](install.md).\n",
	"reference/api.md":   "# API\n\nThe API.\n",
}

// with returns files with changes applied; an empty value deletes a file.
func with(files map[string]string, changes map[string]string) map[string]string {
	out := map[string]string{}
	for k, v := range files {
		out[k] = v
	}
	for k, v := range changes {
		if v == "" {
			delete(out, k)
		} else {
			out[k] = v
		}
	}
	return out
}

// repos is a set of in-memory repositories reachable through the "mem"
// scheme: mem://[user:pass@]host/NAME opens repos[NAME].
type repos struct {
	mu sync.Mutex
	m  map[string]*git.Repository
}

func (r *repos) resolver(_ context.Context, u *url.URL) (syncengine.Source, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	repo, ok := r.m[u.Path]
	if !ok {
		// Quote the whole URL, credentials included: the engine must hide them.
		return syncengine.Source{}, fmt.Errorf("no repository at %s", u.String())
	}
	return syncengine.Source{URL: u.String(), Storer: repo.Storer}, nil
}

// fixture is an engine over a memory store and one repository.
type fixture struct {
	t      *testing.T
	ctx    context.Context
	repos  *repos
	repo   *git.Repository
	tip    plumbing.Hash
	engine *space.Engine
	url    string
}

func newFixture(t *testing.T, files map[string]string) *fixture {
	return newFixtureStore(t, files, space.NewMemoryStore())
}

func newFixtureStore(t *testing.T, files map[string]string, store space.Store) *fixture {
	t.Helper()
	repo, tip := gittest.CommitFiles(t, files)
	rs := &repos{m: map[string]*git.Repository{"/org/docs.git": repo}}
	f := &fixture{t: t, ctx: context.Background(), repos: rs, repo: repo, tip: tip,
		url: "mem://bot:s3cr3t-t0ken@example.com/org/docs.git"}
	f.engine = space.New(space.Options{Store: store, Resolvers: map[string]space.Resolver{"mem": rs.resolver},
		Now: func() time.Time { return time.Date(2026, 5, 6, 7, 8, 9, 0, time.UTC) }})
	return f
}

// commit commits files as the branch's new tip.
func (f *fixture) commit(files map[string]string) plumbing.Hash {
	f.t.Helper()
	f.tip = gittest.AddCommit(f.t, f.repo, f.tip, gittest.Files(files))
	return f.tip
}

func ts(minute int) time.Time { return time.Date(2026, 1, 1, 0, minute, 0, 0, time.UTC) }

func (f *fixture) importReq(minute int) space.ImportRequest {
	return space.ImportRequest{URL: f.url, Ref: "refs/heads/main", Timestamp: ts(minute)}
}

func (f *fixture) mustImport(id string, req space.ImportRequest) *space.ImportResult {
	f.t.Helper()
	res, err := f.engine.Import(f.ctx, id, req)
	if err != nil {
		f.t.Fatalf("Import: %v", err)
	}
	return res
}

// pageIDs maps each document page's file to its id (the first listing's,
// for a file SUMMARY.md lists several times).
func pageIDs(rev *revision.Revision) map[string]string {
	m := map[string]string{}
	revision.Walk(rev.Pages, func(p, _ *revision.Page) bool {
		if _, seen := m[gitPath(p)]; p.Git != nil && !seen {
			m[p.Git.Path] = p.ID
		}
		return true
	})
	return m
}

// changedPaths lists the changes of a diff as "type path-or-title".
func changedPaths(rev *revision.Revision, ch *revision.SemanticChanges) []string {
	var out []string
	files := map[string]string{}
	revision.Walk(rev.Pages, func(p, _ *revision.Page) bool {
		if p.Git != nil {
			files[p.ID] = p.Git.Path
		}
		return true
	})
	for _, c := range ch.Changes {
		switch {
		case c.Page != nil:
			name := files[c.Page.ID]
			if name == "" {
				name = c.Page.Title
			}
			out = append(out, c.Type+" "+name)
		case c.File != nil:
			out = append(out, c.Type+" "+c.File.Name)
		case c.ReusableContent != nil:
			out = append(out, c.Type+" "+c.ReusableContent.Title)
		}
	}
	return out
}

func jsonString(v any) (string, error) {
	b, err := json.Marshal(v)
	return string(b), err
}

func jsonOf(v any) string {
	s, err := jsonString(v)
	if err != nil {
		return err.Error()
	}
	return s
}

// prefixed moves every file under dir.
func prefixed(dir string, files map[string]string) map[string]string {
	out := map[string]string{}
	for k, v := range files {
		out[dir+k] = v
	}
	return out
}

func gitPath(p *revision.Page) string {
	if p.Git == nil {
		return ""
	}
	return p.Git.Path
}
