package space

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"sync"

	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/object"
	"github.com/seed1bfafebe/gitsync/revision"
	"github.com/seed1bfafebe/gitsync/syncengine"
)

type spaceLock struct {
	mu    sync.Mutex
	users int // guarded by Engine.mu
}

// opened is a request's repository, opened and bound.
type opened struct {
	repo    *git.Repository
	binding Binding
	commit  *object.Commit // nil when the ref does not exist (yet)
	refName string         // full name, "" for a commit id or HEAD
}

// src is the repository as a Source for syncengine: its storer, named by
// the URL without credentials.
func (o *opened) src() syncengine.Source {
	return syncengine.Source{URL: o.binding.URL, Storer: o.repo.Storer}
}

// open resolves the URL, checks the binding (claiming it unless
// standalone) and resolves ref.
func (e *Engine) open(ctx context.Context, st *State, rawURL, ref, dir string, standalone bool) (*opened, error) {
	projectDir, _ := cleanProjectDir(dir)
	src, redacted, err := e.source(ctx, rawURL)
	if err != nil {
		return nil, err
	}
	o := &opened{binding: Binding{URL: redacted, Ref: ref, ProjectDir: projectDir}}
	if !standalone && o.binding != st.Binding {
		if err := e.store.Bind(ctx, o.binding, st.Space); err != nil {
			return nil, err
		}
	}
	o.repo, err = syncengine.OpenRepository(ctx, src)
	if err != nil {
		return nil, redactErr(err, rawURL)
	}
	c, name, err := syncengine.ResolveRef(o.repo, ref)
	switch {
	case errors.Is(err, syncengine.ErrRefNotFound):
		return o, nil
	case err != nil:
		return nil, redactErr(err, rawURL)
	}
	o.commit = c
	if name != plumbing.HEAD {
		o.refName = name.String()
	}
	return o, nil
}

// cacheView hands one operation a view of the engine's parse cache.
type cacheView struct{ rc *repoCache }

func (e *Engine) repoCache(cacheID, redactedURL string) cacheView {
	if e.cache == nil {
		return cacheView{}
	}
	if cacheID == "" {
		cacheID = "url:" + redactedURL
	}
	return cacheView{&repoCache{c: e.cache, repo: cacheID}}
}

func (v cacheView) view() syncengine.ParseCache {
	if v.rc == nil {
		return nil
	}
	return v.rc
}

// counts returns the content files parsed and reused so far.
func (v cacheView) counts() (parsed, reused int) {
	if v.rc == nil {
		return 0, 0
	}
	p := int(v.rc.parsed.Load())
	return p, max(int(v.rc.gets.Load())-p, 0)
}

// commit stores rev as next's primary revision and saves next over st
// (compare-and-swap). On success the old revision is deleted.
func (e *Engine) commit(ctx context.Context, st, next *State, rev *revision.Revision) error {
	// A key of its own per write: a writer that loses the race deletes
	// only what it wrote.
	var nonce [8]byte
	if _, err := rand.Read(nonce[:]); err != nil {
		return err
	}
	key := fmt.Sprintf("v%d-%s-%x", st.Version+1, rev.ID, nonce)
	base, err := e.primed(ctx, st)
	if err != nil {
		return err
	}
	pr, err := e.putRevision(ctx, st.Space, key, rev, base)
	if err != nil {
		return err
	}
	next.RevisionKey, next.RevisionID = key, rev.ID
	next.Version = st.Version
	if err := e.store.Save(ctx, next); err != nil {
		// Only the revision's own key: its documents may be the ones a
		// writer that won the race stored under the same content keys.
		_ = e.store.DeleteRevision(ctx, st.Space, key)
		return err
	}
	if st.RevisionKey != "" {
		e.deleteRevision(ctx, st.Space, st.RevisionKey, base, pr)
	}
	if st.Binding != next.Binding && !st.Binding.IsZero() {
		_ = e.store.Unbind(ctx, st.Binding, st.Space)
	}
	e.remember(st.Space, key, pr)
	return nil
}
