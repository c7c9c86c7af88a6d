package syncengine

import (
	"context"
	"errors"
	"fmt"

	"github.com/go-git/go-git/v5/plumbing"

	"github.com/seed1bfafebe/gitsync/revision"
)

// ErrMergeConflict is what MergeExport returns (through *MergeConflictError)
// when the space's changes and the branch's do not combine.
var ErrMergeConflict = errors.New("the space and the branch changed the same content")

// MergeConflictError holds the conflicts of a MergeExport that could not
// complete; the branch is unchanged. Resolve them on Merge and call
// MergeExport again with a Resolve function, or export with Force.
type MergeConflictError struct {
	Ref       string
	Merge     *revision.MergeResult
	Conflicts []*revision.Conflict // the unresolved ones
}

func (e *MergeConflictError) Error() string {
	return fmt.Sprintf("%s: %d conflicts: %v", e.Ref, len(e.Conflicts), ErrMergeConflict)
}

// Unwrap makes errors.Is(err, ErrMergeConflict) hold.
func (e *MergeConflictError) Unwrap() error { return ErrMergeConflict }

// MergeExportOptions are ExportOptions plus the merge's base.
type MergeExportOptions struct {
	ExportOptions
	// Base is the commit the space last synced with (required): the common
	// ancestor of the space's revision and the branch.
	Base string
	// Resolve, if set, is called with the merge when it has conflicts; it
	// resolves what it can (Conflict.TakeOurs, TakeTheirs, Replace). Ours
	// is the space's side, theirs the branch's.
	Resolve func(*revision.MergeResult) error
}

// MergeExportResult is what MergeExport did.
type MergeExportResult struct {
	*ExportResult
	// Merged is false when the branch had not moved since Base: a plain
	// export was enough.
	Merged bool
	Merge  *revision.MergeResult
}

// MergeExport exports the space's revision rev onto a branch that moved
// since the space last synced with it (at opts.Base): it imports Base and
// the branch's tip (keeping rev's ids), merges the three with
// revision.Merge (ours: the space; theirs: the branch) and, when the merge
// is clean or Resolve resolved it, writes the merged revision as one commit
// whose parents are the branch's tip and Base. Otherwise it returns a
// *MergeConflictError and leaves the branch alone. When the branch is still
// at Base it is Export.
func MergeExport(ctx context.Context, src Source, rev *revision.Revision, opts MergeExportOptions) (*MergeExportResult, error) {
	if opts.Base == "" {
		return nil, errors.New("merge export: no base commit")
	}
	repo, err := OpenRepository(ctx, src)
	if err != nil {
		return nil, err
	}
	refName, err := exportRef(repo, rev, opts.Ref)
	if err != nil {
		return nil, err
	}
	tip, err := repo.Storer.Reference(refName)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", refName, ErrRefNotFound)
	}
	head := tip.Hash().String()
	if head == opts.Base {
		eo := opts.ExportOptions
		eo.Ref, eo.Expect = refName.String(), head
		res, err := Export(ctx, src, rev, eo)
		if err != nil {
			return nil, err
		}
		return &MergeExportResult{ExportResult: res}, nil
	}
	if _, err := repo.CommitObject(plumbing.NewHash(opts.Base)); err != nil {
		return nil, fmt.Errorf("merge base %s: %w", opts.Base, err)
	}
	imp := func(ref string) (*revision.Revision, error) {
		res, err := Import(ctx, src, ImportOptions{Ref: ref, ProjectDir: opts.ProjectDir, Previous: rev,
			ParseCache: opts.ParseCache})
		if err != nil {
			return nil, err
		}
		return res.Revision, nil
	}
	base, err := imp(opts.Base)
	if err != nil {
		return nil, fmt.Errorf("merge base: %w", err)
	}
	theirs, err := imp(head)
	if err != nil {
		return nil, err
	}
	m := revision.Merge(base, rev, theirs)
	if !m.Clean() && opts.Resolve != nil {
		if err := opts.Resolve(m); err != nil {
			return nil, err
		}
	}
	if left := m.Unresolved(); len(left) > 0 {
		return nil, &MergeConflictError{Ref: refName.String(), Merge: m, Conflicts: left}
	}
	merged, err := m.Revision()
	if err != nil {
		return nil, err
	}
	merged.Git = &revision.GitCommit{OID: head, Ref: refName.String()}
	eo := opts.ExportOptions
	eo.Ref, eo.Expect = refName.String(), head
	eo.MergeParents = append(append([]string{}, eo.MergeParents...), opts.Base)
	res, err := Export(ctx, src, merged, eo)
	if err != nil {
		return nil, err
	}
	return &MergeExportResult{ExportResult: res, Merged: true, Merge: m}, nil
}
