package space

import (
	"context"
	"errors"
	"fmt"

	"github.com/seed1bfafebe/gitsync/revision"
	"github.com/seed1bfafebe/gitsync/syncengine"
)

// mergeExport exports the space's revision over a branch that moved since
// the last sync at base: syncengine.MergeExport merges the two sides and
// writes a merge commit. Conflicts come back as conflict, with them.
func mergeExport(ctx context.Context, src syncengine.Source, rev *revision.Revision, opts syncengine.ExportOptions, base string, conflict *ConflictError) (*syncengine.ExportResult, error) {
	res, err := syncengine.MergeExport(ctx, src, rev, syncengine.MergeExportOptions{ExportOptions: opts, Base: base})
	var mc *syncengine.MergeConflictError
	if errors.As(err, &mc) {
		conflict.Conflicts = mc.Conflicts
		return nil, conflict
	}
	if err != nil {
		return nil, err
	}
	return res.ExportResult, nil
}

// mergeImport merges the branch's import (theirs) with the space's primary
// revision (ours) over the import of the last synced commit; conflicts are
// a *ConflictError holding them.
func mergeImport(ctx context.Context, src syncengine.Source, st *State, ours, theirs *revision.Revision, opts syncengine.ImportOptions) (*revision.Revision, error) {
	opts.Ref, opts.Previous = st.LastCommit, ours
	base, err := syncengine.Import(ctx, src, opts)
	if err != nil {
		return nil, fmt.Errorf("import the last synced commit %s: %w", short(st.LastCommit), err)
	}
	m := revision.Merge(base.Revision, ours, theirs)
	if !m.Clean() {
		return nil, &ConflictError{Space: st.Space, Ref: st.Binding.Ref, Synced: st.LastCommit, Branch: theirs.Git.OID, Conflicts: m.Conflicts}
	}
	merged, err := m.Revision()
	if err != nil {
		return nil, err
	}
	// The merged revision keeps the import's identity: its commit, id and
	// parents; its pages are the merge's.
	merged.ID, merged.Parents, merged.Git, merged.CreatedAt, merged.AppURL = theirs.ID, theirs.Parents, theirs.Git, theirs.CreatedAt, theirs.AppURL
	return merged, nil
}
