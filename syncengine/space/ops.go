package space

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/seed1bfafebe/gitsync/revision"
	"github.com/seed1bfafebe/gitsync/syncengine"
)

// maxAttempts bounds how often an operation is retried when another writer
// changed the space's state first. Another engine on the same store may
// apply a queue of operations back to back, so a writer can lose many
// rounds in a row: 20 was seen to run out on a loaded machine.
const maxAttempts = 50

// Import imports req.Ref of the repository into space: the revision
// becomes the space's primary revision (unless req.Standalone), every page
// and file keeps the id the space gave it, and only content files the
// engine has not parsed before are parsed.
//
// When the space changed since its last sync (SetRevision) and the branch
// moved too, the import merges the two (revision.Merge over the last
// synced commit): the primary revision keeps the space's changes with the
// branch's (ImportResult.Merged; the next export writes them), or the
// import is refused with a *ConflictError holding the conflicts. req.Force
// keeps the branch's side, as an import without a merge does.
//
// A standalone import is not ordered (its timestamp is not checked) and
// changes nothing in the space: it only returns the revision, with the
// space's ids.
func (e *Engine) Import(ctx context.Context, space string, req ImportRequest) (*ImportResult, error) {
	if err := req.Validate(); err != nil {
		return nil, err
	}
	if req.Standalone {
		st, err := e.load(ctx, space)
		if err != nil {
			return nil, err
		}
		res, _, err := e.importState(ctx, st, req)
		return res, err
	}
	unlock := e.lock(space)
	defer unlock()
	var res *ImportResult
	err := e.retry(ctx, func() error {
		st, err := e.load(ctx, space)
		if err != nil {
			return err
		}
		r, next, err := e.importState(ctx, st, req)
		if err != nil {
			return err
		}
		if err := e.commit(ctx, st, next, r.Revision); err != nil {
			return err
		}
		res = r
		return nil
	})
	if err != nil {
		e.release(ctx, space, req.URL, req.Ref, req.RepoProjectDirectory)
	}
	return res, err
}

// release gives up the binding a failed operation may have claimed, unless
// the space holds it.
func (e *Engine) release(ctx context.Context, space, rawURL, ref, dir string) {
	projectDir, _ := cleanProjectDir(dir)
	b := Binding{URL: syncengine.RedactURL(rawURL), Ref: ref, ProjectDir: projectDir}
	if st, err := e.store.Load(ctx, space); errors.Is(err, ErrNotFound) || (err == nil && st.Binding != b) {
		_ = e.store.Unbind(ctx, b, space)
	}
}

// importState imports req into a copy of st: the result and the state to
// save (nil for a standalone import).
func (e *Engine) importState(ctx context.Context, st *State, req ImportRequest) (*ImportResult, *State, error) {
	if !req.Standalone {
		if err := checkOrder(st, req.Timestamp, req.Force); err != nil {
			return nil, nil, err
		}
	}
	b, err := e.open(ctx, st, req.URL, req.Ref, req.RepoProjectDirectory, req.Standalone)
	if err != nil {
		return nil, nil, err
	}
	if b.commit == nil {
		return nil, nil, fmt.Errorf("import %s: %w", b.binding, syncengine.ErrRefNotFound)
	}
	tree, err := b.commit.Tree()
	if err != nil {
		return nil, nil, fmt.Errorf("read tree of %s: %w", b.commit.Hash, err)
	}
	cache := e.repoCache(req.RepoCacheID, b.binding.URL)
	prev := previous(st, b.repo, tree, b.binding.ProjectDir)
	imp, err := syncengine.Import(ctx, b.src(), syncengine.ImportOptions{
		Ref: b.commit.Hash.String(), ProjectDir: b.binding.ProjectDir, Previous: prev,
		RepoTreeURL: treeURLTemplate(syncengine.RedactURL(req.RepoTreeURL)), Concurrency: e.opts.Concurrency,
		Limits: e.opts.Limits, Logger: e.log, ParseCache: cache.view(), Progress: e.progress(st.Space),
	})
	if err != nil {
		return nil, nil, redactErr(err, req.URL)
	}
	rev := imp.Revision
	rev.Git.Ref = b.refName
	rev.Git.URL = commitURL(syncengine.RedactURL(req.RepoCommitURL), imp.Commit)
	if len(rev.Parents) == 1 && rev.Parents[0] == rev.ID {
		rev.Parents = nil // the same commit again
	}
	old, err := e.primary(ctx, st)
	if err != nil {
		return nil, nil, err
	}
	merged := false
	if !req.Standalone && !req.Force && st.Changed && st.LastCommit != "" && imp.Commit != st.LastCommit && b.binding == st.Binding {
		// Both moved: keep the space's changes, merged with the branch's.
		m, err := mergeImport(ctx, b.src(), st, old, rev, syncengine.ImportOptions{ProjectDir: b.binding.ProjectDir,
			Limits: e.opts.Limits, ParseCache: cache.view()})
		if err != nil {
			return nil, nil, redactErr(err, req.URL)
		}
		rev, merged = m, true
	}
	res := &ImportResult{Revision: rev, Merged: merged, Commit: imp.Commit, Ref: b.refName, Warnings: imp.Warnings,
		Changes: revision.Diff(old, rev)}
	res.Parsed, res.Reused = cache.counts()
	e.log.Debug("space import", "space", st.Space, "repo", b.binding.URL, "commit", imp.Commit,
		"parsed", res.Parsed, "reused", res.Reused, "standalone", req.Standalone)
	if req.Standalone {
		return res, nil, nil
	}
	next := st.clone()
	next.Binding = b.binding
	next.RepoCacheID = req.RepoCacheID
	next.LastCommit = imp.Commit
	next.LastOperation = "import"
	next.Changed = merged // the space's changes merged in are not in the branch yet
	e.advance(next, req.Timestamp, req.GitInfo, req.RepoTreeURL)
	record(next, rev, st.Pages)
	return res, next, nil
}

// Export writes the space's primary revision to req.Ref as one commit.
// When the branch moved since the last sync and the space changed too, it
// merges the two (revision.Merge over the last synced commit) into a merge
// commit, or refuses with a *ConflictError holding the conflicts (req.Force
// overrides: the space's revision goes on top of the branch); when only the
// branch moved, it imports the branch instead (ExportResult.Imported),
// forced or not. A space with no edits since its last sync exports nothing;
// a branch that does not exist yet is created. The branch's tip is read
// through the parse cache,
// so the commit the space already holds is not parsed again.
func (e *Engine) Export(ctx context.Context, space string, req ExportRequest) (*ExportResult, error) {
	if err := req.Validate(); err != nil {
		return nil, err
	}
	unlock := e.lock(space)
	defer unlock()
	var res *ExportResult
	err := e.retry(ctx, func() error {
		r, err := e.exportOnce(ctx, space, req)
		res = r
		return err
	})
	if err != nil {
		e.release(ctx, space, req.URL, req.Ref, req.RepoProjectDirectory)
	}
	return res, err
}

func (e *Engine) exportOnce(ctx context.Context, space string, req ExportRequest) (*ExportResult, error) {
	st, err := e.load(ctx, space)
	if err != nil {
		return nil, err
	}
	if st.Version == 0 || st.RevisionKey == "" {
		return nil, fmt.Errorf("export space %s: no primary revision: %w", space, ErrNotFound)
	}
	if err := checkOrder(st, req.Timestamp, req.Force); err != nil {
		return nil, err
	}
	b, err := e.open(ctx, st, req.URL, req.Ref, req.RepoProjectDirectory, req.Standalone)
	if err != nil {
		return nil, err
	}
	tip := ""
	if b.commit != nil {
		tip = b.commit.Hash.String()
	}
	res := &ExportResult{Parent: tip, Ref: b.refName}
	// relocated: the space keeps its repository, ref and commit but moves
	// to another project directory; it is written there as GitBook does,
	// each unchanged file with its bytes (ExportOptions.PreviousProjectDir).
	relocated := tip != "" && tip == st.LastCommit && b.binding.URL == st.Binding.URL &&
		b.binding.Ref == st.Binding.Ref && b.binding.ProjectDir != st.Binding.ProjectDir
	moved := tip != "" && (tip != st.LastCommit || b.binding != st.Binding) && !relocated
	mergeBase := ""
	switch {
	case moved && !st.Changed:
		// Only the branch moved: bring the space up to it (whatever
		// Force says: there is nothing of the space's to write).
		imp, next, err := e.importState(ctx, st, req.importRequest())
		if err != nil {
			return nil, err
		}
		if err := e.commit(ctx, st, next, imp.Revision); err != nil {
			return nil, err
		}
		res.Imported = imp
		return res, nil
	case moved && !req.Force:
		if st.LastCommit == "" || b.binding != st.Binding {
			return nil, &ConflictError{Space: space, Ref: b.binding.Ref, Synced: st.LastCommit, Branch: tip}
		}
		// Both moved: merge the space's changes with the branch's over
		// the commit they both started from.
		mergeBase = st.LastCommit
	case tip != "" && !moved && !st.Changed && !relocated:
		return res, nil // the branch holds the space already
	}
	// The space changed (or the branch is new): write it, on top of
	// whatever the branch holds when forced.
	if p := e.progress(space); p != nil {
		p(syncengine.Progress{Stage: syncengine.StageContentProcess})
		defer p(syncengine.Progress{Stage: syncengine.StageFinalize})
	}
	rev, err := e.primary(ctx, st)
	if err != nil {
		return nil, err
	}
	cache := e.repoCache(req.RepoCacheID, b.binding.URL)
	opts := syncengine.ExportOptions{
		Ref: b.binding.Ref, ProjectDir: b.binding.ProjectDir, Message: req.CommitMessage,
		Author: e.opts.Author, Committer: e.opts.Committer, Expect: tip, Force: req.Force,
		ParseCache: cache.view(), Time: e.now(),
	}
	if relocated {
		opts.PreviousProjectDir = st.Binding.ProjectDir
		if opts.PreviousProjectDir == "" {
			opts.PreviousProjectDir = "."
		}
	}
	var exp *syncengine.ExportResult
	if mergeBase != "" {
		exp, err = mergeExport(ctx, b.src(), rev, opts, mergeBase, &ConflictError{Space: space, Ref: b.binding.Ref, Synced: st.LastCommit, Branch: tip})
		res.Merged = err == nil
	} else {
		exp, err = syncengine.Export(ctx, b.src(), rev, opts)
	}
	if err != nil {
		return nil, redactErr(err, req.URL)
	}
	res.Commit, res.Parent, res.Ref, res.Changes = exp.Commit, exp.Parent, exp.Ref, exp.Changes
	res.Parsed, res.Reused = cache.counts()
	if req.Standalone {
		return res, nil
	}
	next := st.clone()
	next.Binding = b.binding
	next.RepoCacheID = req.RepoCacheID
	next.LastOperation = "export"
	next.Changed = false
	e.advance(next, req.Timestamp, req.GitInfo, req.RepoTreeURL)
	newRev := rev
	if exp.Revision != nil {
		newRev = exp.Revision
		next.LastCommit = exp.Revision.Git.OID
		newRev.Git.URL = commitURL(syncengine.RedactURL(req.RepoCommitURL), newRev.Git.OID)
		record(next, newRev, st.Pages)
	}
	if err := e.commit(ctx, st, next, newRev); err != nil {
		return nil, err
	}
	return res, nil
}

// GitInfo returns the space's Git info; ErrNotFound when the space was
// never synced.
func (e *Engine) GitInfo(ctx context.Context, space string) (*GitInfo, error) {
	st, err := e.store.Load(ctx, space)
	if err != nil {
		return nil, err
	}
	if st.GitInfo == nil {
		return nil, fmt.Errorf("space %s: never synced: %w", space, ErrNotFound)
	}
	gi := *st.GitInfo
	return &gi, nil
}

// RemoveLegacyInstallation removes the space's legacy Git Sync
// installation: removed is true when there was one (HTTP 205), false when
// it was already removed (HTTP 204). ErrNotFound for an unknown space.
func (e *Engine) RemoveLegacyInstallation(ctx context.Context, space string) (removed bool, err error) {
	unlock := e.lock(space)
	defer unlock()
	err = e.retry(ctx, func() error {
		st, err := e.store.Load(ctx, space)
		if err != nil {
			return err
		}
		removed = st.LegacyInstallation
		if !removed {
			return nil
		}
		next := st.clone()
		next.LegacyInstallation = false
		return e.store.Save(ctx, next)
	})
	return removed, err
}

// MarkLegacyInstallation records that the space has a legacy Git Sync
// installation (a host migrating spaces calls it), creating the space's
// state if needed.
func (e *Engine) MarkLegacyInstallation(ctx context.Context, space string) error {
	unlock := e.lock(space)
	defer unlock()
	return e.retry(ctx, func() error {
		st, err := e.load(ctx, space)
		if err != nil {
			return err
		}
		if st.LegacyInstallation && st.Version > 0 {
			return nil
		}
		next := st.clone()
		next.LegacyInstallation = true
		return e.store.Save(ctx, next)
	})
}

// Revision returns the space's primary revision; ErrNotFound when it has
// none. Treat its documents as read-only.
func (e *Engine) Revision(ctx context.Context, space string) (*revision.Revision, error) {
	st, err := e.store.Load(ctx, space)
	if err != nil {
		return nil, err
	}
	rev, err := e.primary(ctx, st)
	if err == nil && rev == nil {
		err = fmt.Errorf("space %s: no primary revision: %w", space, ErrNotFound)
	}
	return rev, err
}

// SetRevision replaces the space's primary revision: the space changed on
// GitBook's side. The next export writes it; an export finding that the
// branch moved meanwhile merges the two, and refuses with a *ConflictError
// only where they conflict (see Export). Pages and files keep the Git
// paths and blobs of the revision they came from, so the export knows what
// moved. The engine keeps rev: do not modify it after.
func (e *Engine) SetRevision(ctx context.Context, space string, rev *revision.Revision) error {
	if err := checkRevision(rev); err != nil {
		return err
	}
	unlock := e.lock(space)
	defer unlock()
	return e.retry(ctx, func() error {
		st, err := e.load(ctx, space)
		if err != nil {
			return err
		}
		next := st.clone()
		next.Changed = true
		return e.commit(ctx, st, next, rev)
	})
}

// checkRevision refuses a revision the engine cannot store: nil, or with
// nil pages, files or reusable contents (JSON nulls).
func checkRevision(rev *revision.Revision) error {
	if rev == nil {
		return &FieldError{Field: "revision", Reason: "required"}
	}
	var bad string
	var walk func([]*revision.Page)
	walk = func(ps []*revision.Page) {
		for _, p := range ps {
			if p == nil {
				bad = "pages"
				return
			}
			walk(p.Pages)
		}
	}
	walk(rev.Pages)
	for _, f := range rev.Files {
		if f == nil {
			bad = "files"
		}
	}
	for _, rc := range rev.ReusableContents {
		if rc == nil {
			bad = "reusableContents"
		}
	}
	if bad != "" {
		return &FieldError{Field: "revision." + bad, Reason: "holds null"}
	}
	return nil
}

// State returns a copy of the space's stored state; ErrNotFound when none.
func (e *Engine) State(ctx context.Context, space string) (*State, error) {
	return e.store.Load(ctx, space)
}

// checkOrder refuses an operation older than the last one applied.
func checkOrder(st *State, ts time.Time, force bool) error {
	if force || ts.IsZero() || st.LastTimestamp.IsZero() || !ts.Before(st.LastTimestamp) {
		return nil
	}
	return &OrderError{Space: st.Space, Timestamp: ts, Last: st.LastTimestamp}
}

// advance records an applied operation's timestamp (the order never goes
// back, even for a forced older operation) and Git info.
func (e *Engine) advance(st *State, ts time.Time, gi *GitInfoUpdate, treeURL string) {
	if ts.After(st.LastTimestamp) {
		st.LastTimestamp = ts
	}
	info := GitInfo{RepoName: repoName(st.Binding.URL), URL: treeURL}
	if st.GitInfo != nil {
		info = *st.GitInfo
		info.RepoName = repoName(st.Binding.URL)
	}
	if gi != nil {
		if gi.Provider != "" {
			info.InstallationProvider, info.Integration = gi.Provider, gi.Provider
		}
		if gi.URL != "" {
			info.URL = syncengine.RedactURL(gi.URL)
		}
	}
	if info.URL == "" && treeURL != "" {
		info.URL = syncengine.RedactURL(treeURL)
	}
	info.UpdatedAt = e.now().UTC()
	st.GitInfo = &info
}

// progress is the syncengine progress callback for space, nil without
// Options.Progress.
func (e *Engine) progress(space string) func(syncengine.Progress) {
	if e.opts.Progress == nil {
		return nil
	}
	return func(p syncengine.Progress) { e.opts.Progress(space, p) }
}

func (e *Engine) now() time.Time {
	if e.opts.Now != nil {
		return e.opts.Now()
	}
	return time.Now()
}

// load returns the space's state, or a new one (Version 0) when none is
// stored.
func (e *Engine) load(ctx context.Context, space string) (*State, error) {
	st, err := e.store.Load(ctx, space)
	if errors.Is(err, ErrNotFound) {
		return &State{Space: space}, nil
	}
	return st, err
}

// lock serializes the operations on one space in this engine.
func (e *Engine) lock(space string) (unlock func()) {
	e.mu.Lock()
	l, ok := e.locks[space]
	if !ok {
		l = new(spaceLock)
		e.locks[space] = l
	}
	l.users++
	e.mu.Unlock()
	l.mu.Lock()
	return func() {
		l.mu.Unlock()
		e.mu.Lock()
		if l.users--; l.users == 0 {
			delete(e.locks, space)
		}
		e.mu.Unlock()
	}
}

// retry runs op again when it lost a compare-and-swap to another writer,
// after a random pause that grows with the attempts, so that writers in
// other processes queued on the same space do not win every time.
func (e *Engine) retry(ctx context.Context, op func() error) error {
	var err error
	for attempt := range maxAttempts {
		if err = op(); !errors.Is(err, ErrVersion) {
			return err
		}
		pause := time.Duration(rand.Int64N(int64(attempt+1) * int64(5*time.Millisecond)))
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(pause):
		}
	}
	return err
}
