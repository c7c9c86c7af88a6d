package space

import (
	"context"

	"github.com/seed1bfafebe/gitsync/revision"
)

// Import imports req.Ref of the repository into space: the revision
// becomes the space's primary revision (unless req.Standalone), every page
// and file keeps the id the space gave it, and only content files the
// engine has not parsed before are parsed.
func (e *Engine) Import(ctx context.Context, space string, req ImportRequest) (*ImportResult, error) {
	return nil, errNotImplemented
}

// Export writes the space's primary revision to req.Ref as one commit.
// When the branch moved since the last sync and the space changed too, it
// refuses with a *ConflictError (req.Force overrides); when only the branch
// moved, it imports the branch instead.
func (e *Engine) Export(ctx context.Context, space string, req ExportRequest) (*ExportResult, error) {
	return nil, errNotImplemented
}

// GitInfo returns the space's Git info; ErrNotFound when the space was
// never synced.
func (e *Engine) GitInfo(ctx context.Context, space string) (*GitInfo, error) {
	return nil, errNotImplemented
}

// RemoveLegacyInstallation removes the space's legacy Git Sync
// installation: removed is true when there was one (HTTP 205), false when
// it was already removed (HTTP 204). ErrNotFound for an unknown space.
func (e *Engine) RemoveLegacyInstallation(ctx context.Context, space string) (removed bool, err error) {
	return false, errNotImplemented
}

// MarkLegacyInstallation records that the space has a legacy Git Sync
// installation (a host migrating spaces calls it), creating the space's
// state if needed.
func (e *Engine) MarkLegacyInstallation(ctx context.Context, space string) error {
	return errNotImplemented
}

// Revision returns the space's primary revision; ErrNotFound when it has
// none. Treat its documents as read-only.
func (e *Engine) Revision(ctx context.Context, space string) (*revision.Revision, error) {
	return nil, errNotImplemented
}

// SetRevision replaces the space's primary revision: the space changed on
// GitBook's side. The next export writes it; an export finding that the
// branch moved meanwhile refuses with a *ConflictError. Pages and files
// keep the Git paths and blobs of the revision they came from, so the
// export knows what moved. The engine keeps rev: do not modify it after.
func (e *Engine) SetRevision(ctx context.Context, space string, rev *revision.Revision) error {
	return errNotImplemented
}

// State returns a copy of the space's stored state; ErrNotFound when none.
func (e *Engine) State(ctx context.Context, space string) (*State, error) {
	return e.store.Load(ctx, space)
}
