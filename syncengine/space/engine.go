package space

import (
	"context"
	"log/slog"
	"net/url"
	"sync"
	"time"

	"github.com/seed1bfafebe/gitsync/revision"
	"github.com/seed1bfafebe/gitsync/syncengine"
)

// Resolver opens a repository URL of one scheme: it returns the Source the
// engine reads, for example the host's own mirror of a remote repository.
// u still carries its credentials (the resolver may need them); the engine
// never stores or logs them.
type Resolver func(ctx context.Context, u *url.URL) (syncengine.Source, error)

// Options configure an Engine.
type Options struct {
	// Store keeps the spaces' state; nil means a new MemoryStore.
	Store Store
	// Resolvers open repository URLs by scheme ("https", "ssh"…). Local
	// paths and file:// URLs open directly unless a "file" resolver is
	// registered. A URL of another scheme without a resolver is refused
	// with ErrNoResolver.
	Resolvers map[string]Resolver
	// Logger receives debug logs (never a credential); nil discards them.
	Logger *slog.Logger
	// Now is the clock for Git info's updatedAt; nil means time.Now.
	Now func() time.Time
	// Author and Committer of exports; zero means syncengine's defaults.
	Author, Committer syncengine.Signature
	// CacheSize bounds how many parsed content files the engine keeps in
	// memory across operations (per engine, shared by all repoCacheIDs);
	// 0 means 50,000, a negative value disables the cache.
	CacheSize int
	// Limits and Concurrency are passed to every import.
	Limits      syncengine.Limits
	Concurrency int
	// Progress, if set, is called as an operation on a space moves through
	// GitBook's stages (repo_fetch, config_check, content_process with pages
	// done of total, finalize). It must be safe for concurrent use.
	Progress func(space string, p syncengine.Progress)
}

// Engine applies GitBook's Git operations to spaces. It is safe for
// concurrent use: operations on one space run one at a time in an engine,
// and engines sharing a Store see each other's writes (compare-and-swap;
// an operation that loses the race is retried on the new state).
type Engine struct {
	opts  Options
	store Store
	log   *slog.Logger
	cache *parseCache

	mu    sync.Mutex
	locks map[string]*spaceLock  // per space, while in use
	hot   map[string]hotRevision // the primary revision of each space used
}

// New returns an engine.
func New(opts Options) *Engine {
	e := &Engine{opts: opts, store: opts.Store, log: opts.Logger,
		locks: map[string]*spaceLock{}, hot: map[string]hotRevision{}}
	if e.store == nil {
		e.store = NewMemoryStore()
	}
	if e.log == nil {
		e.log = slog.New(slog.DiscardHandler)
	}
	size := opts.CacheSize
	if size == 0 {
		size = 50000
	}
	if size > 0 {
		e.cache = newParseCache(size)
	}
	return e
}

// Store returns the engine's store.
func (e *Engine) Store() Store { return e.store }

// ImportResult is what Import did.
type ImportResult struct {
	// Revision is the imported revision. Its documents may be shared with
	// the engine's cache and with earlier results: treat them as read-only
	// (replace a page's Document rather than edit it in place).
	Revision *revision.Revision
	// Commit is the imported commit, Ref the full ref name resolved.
	Commit, Ref string
	// Changes are the semantic changes from the previous primary revision
	// to Revision (every page created on a first import).
	Changes *revision.SemanticChanges
	// Warnings are the import's warnings, in a stable order.
	Warnings []syncengine.Warning
	// Parsed and Reused count the content files parsed and the ones taken
	// from the cache.
	Parsed, Reused int
	// Merged is set when the space had changed since its last sync as the
	// branch had: Revision is the space's changes merged with the branch's
	// (revision.Merge), and the next export writes them to the branch.
	Merged bool
}

// ExportResult is what Export did.
type ExportResult struct {
	// Commit is the new commit, "" when nothing changed; Parent the commit
	// the branch was at; Ref the branch.
	Commit, Parent, Ref string
	// Changes are the paths the commit changed.
	Changes []syncengine.Change
	// Imported is set when the branch had moved while the space had not:
	// the export imported the branch instead (Commit is then "").
	Imported *ImportResult
	// Parsed and Reused count the content files of the branch's tip that
	// the export parsed, and the ones it took from the cache (the commit
	// the space holds is not parsed again).
	Parsed, Reused int
	// Merged is set when both the branch and the space had moved and their
	// changes merged (revision.Merge): Commit is then a merge commit whose
	// parents are the branch's tip and the space's last synced commit.
	Merged bool
}
