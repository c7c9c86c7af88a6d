package syncengine

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/object"
	"github.com/go-git/go-git/v5/storage"
	"github.com/go-git/go-git/v5/storage/filesystem"
	"github.com/seed1bfafebe/gitsync/revision"
)

// Errors of Export.
var (
	// ErrConflict: the ref no longer points where the export expected
	// (another export or a push won the race). Nothing was written.
	ErrConflict = errors.New("ref moved: conflict")
	// ErrDirtyWorktree: the ref is checked out in a work tree with
	// uncommitted changes, which an export would overwrite.
	ErrDirtyWorktree = errors.New("work tree has uncommitted changes")
	// ErrEmptyMessage: an export needs a commit message.
	ErrEmptyMessage = errors.New("empty commit message")
	// ErrMissingContent: a new file of the revision has no bytes to write.
	ErrMissingContent = errors.New("file content not available")
)

// ConflictError says where the ref was expected and where it is.
type ConflictError struct {
	Ref              string
	Expected, Actual string
}

func (e *ConflictError) Error() string {
	return fmt.Sprintf("%s is at %s, expected %s: %v", e.Ref, short(e.Actual), short(e.Expected), ErrConflict)
}

// Unwrap makes errors.Is(err, ErrConflict) hold.
func (e *ConflictError) Unwrap() error { return ErrConflict }

func short(h string) string {
	if h == "" {
		return "nothing (no such ref)"
	}
	if len(h) > 12 {
		return h[:12]
	}
	return h
}

// Signature is a commit author or committer.
type Signature struct {
	Name, Email string
}

// DefaultCommitter is the committer of exports when none is given.
var DefaultCommitter = Signature{Name: "gitsync", Email: "gitsync@users.noreply.localhost"}

// ExportOptions configure Export.
type ExportOptions struct {
	// Ref is the branch to write ("main" or "refs/heads/main"); "" means the
	// ref the revision was imported from, or else the branch HEAD names.
	Ref string
	// ProjectDir is the folder of the space inside the repository.
	ProjectDir string
	// PreviousProjectDir is the folder the space's files are in at the
	// base commit when it is not ProjectDir: the space changed folder. The
	// export then reads the space's base from the previous folder, as if
	// it stood at ProjectDir, and writes the space into ProjectDir the way
	// GitBook does: a page, file or reusable content unchanged since its
	// file there is written with that file's bytes, a changed page gets
	// its changed blocks printed into them. Files already in ProjectDir
	// that the space did not hold in its previous folder are left alone,
	// and so are the previous folder's files (another space may use them).
	// "." names the root; "" (or ProjectDir itself) means the space did not
	// move.
	PreviousProjectDir string
	// Message is the commit message (required).
	Message string
	// Author is the requesting user; Committer defaults to DefaultCommitter
	// and Author to Committer.
	Author, Committer Signature
	// Expect is the commit the ref must point at (compare-and-swap); ""
	// means the commit the revision was imported from (rev.Git.OID).
	Expect string
	// Force commits on top of whatever the ref points at.
	Force bool
	// WholePages prints every changed page whole in canonical form, as
	// GitBook does, instead of reprinting only the changed blocks.
	WholePages bool
	// FileContent returns the bytes of a revision file that is not in the
	// repository yet (a new upload). Nil means no new files can be written.
	FileContent func(ctx context.Context, f *revision.File) ([]byte, error)
	// Time is the commit time; zero means now.
	Time time.Time
	// ParseCache, if set, is used to read the branch's tip, as in Import.
	ParseCache ParseCache
	// AgentInstructions is the host's agent instructions block (GitBook
	// writes one telling coding agents how to edit a synced repository),
	// usually framed by the lines "<!-- gitbook-agent-instructions:start -->"
	// and "<!-- gitbook-agent-instructions:end -->"; text without them is
	// framed by them. When non-nil, the export writes it as AGENTS.md at
	// the repository root if that file is absent, replaces the region
	// between the two markers (markers included) if the file has them and
	// the region differs, and otherwise leaves a user's AGENTS.md alone.
	// Nil never touches AGENTS.md. gitsync ships no text of its own.
	AgentInstructions []byte
	// MergeParents are more parents of the commit, after the ref's tip: the
	// commit is a merge (see MergeExport). Each must exist.
	MergeParents []string
}

// Change is one path an export changed.
type Change struct {
	Path   string `json:"path"`
	Change string `json:"change"` // added, modified, deleted, renamed
	From   string `json:"from,omitempty"`
}

// ExportResult is what Export did. Commit is "" when nothing changed.
type ExportResult struct {
	Commit  string   `json:"-"`
	Parent  string   `json:"parent"`
	Ref     string   `json:"ref"`
	Changes []Change `json:"-"`
	// Revision is the exported revision as the branch now holds it: the
	// same pages, files and reusable contents, each with the path and blob
	// it has in the branch's tree, and Git naming the branch's commit. Pass
	// it as ImportOptions.Previous to keep every id, moved pages included,
	// when importing the branch later. Documents are shared with the
	// revision given to Export. It is nil when the branch has no commit.
	Revision *revision.Revision `json:"-"`
}

// Export writes rev into the repository as one commit on opts.Ref: pages,
// SUMMARY.md, reusable contents and assets, with minimal diffs. The ref
// moves only by compare-and-swap against the expected commit.
func Export(ctx context.Context, src Source, rev *revision.Revision, opts ExportOptions) (*ExportResult, error) {
	if strings.TrimSpace(opts.Message) == "" {
		return nil, ErrEmptyMessage
	}
	repo, err := OpenRepository(ctx, src)
	if err != nil {
		return nil, err
	}
	refName, err := exportRef(repo, rev, opts.Ref)
	if err != nil {
		return nil, err
	}
	res := &ExportResult{Ref: refName.String(), Changes: []Change{}}
	var tip *plumbing.Reference
	if r, err := repo.Storer.Reference(refName); err == nil {
		tip = r
		res.Parent = r.Hash().String()
	} else if !errors.Is(err, plumbing.ErrReferenceNotFound) {
		return nil, err
	}
	expected := opts.Expect
	if expected == "" && rev.Git != nil {
		expected = rev.Git.OID
	}
	if tip != nil && !opts.Force && expected != "" && tip.Hash().String() != expected {
		return nil, &ConflictError{Ref: refName.String(), Expected: expected, Actual: tip.Hash().String()}
	}
	wt, err := checkedOutClean(repo, refName)
	if err != nil {
		return nil, err
	}
	var base *object.Commit
	switch {
	case tip != nil:
		base, err = repo.CommitObject(tip.Hash())
	case rev.Git != nil && rev.Git.OID != "":
		// A new branch starts where the revision was imported from.
		base, err = repo.CommitObject(plumbing.NewHash(rev.Git.OID))
		if errors.Is(err, plumbing.ErrObjectNotFound) {
			base, err = nil, nil
		}
	}
	if err != nil {
		return nil, err
	}
	var baseTree *object.Tree
	if base != nil {
		if baseTree, err = base.Tree(); err != nil {
			return nil, err
		}
	}
	plan, err := planExport(ctx, repo, baseTree, rev, opts)
	if err != nil {
		return nil, err
	}
	if len(plan.changes) == 0 {
		if base != nil {
			res.Revision = committedRevision(rev, plan, baseTree, base.Hash, refName, base.Message)
		}
		return res, nil
	}
	treeHash, err := writeTree(repo.Storer, baseTree, plan.treeChanges)
	if err != nil {
		return nil, err
	}
	when := opts.Time
	if when.IsZero() {
		when = time.Now()
	}
	committer := opts.Committer
	if committer.Email == "" && committer.Name == "" {
		committer = DefaultCommitter
	}
	author := opts.Author
	if author.Email == "" && author.Name == "" {
		author = committer
	}
	var parents []plumbing.Hash
	if base != nil {
		parents = []plumbing.Hash{base.Hash}
	}
	for _, p := range opts.MergeParents {
		h := plumbing.NewHash(p)
		if _, err := repo.CommitObject(h); err != nil || h.String() != p {
			return nil, fmt.Errorf("merge parent %q: %w", p, plumbing.ErrObjectNotFound)
		}
		parents = append(parents, h)
	}
	commit, err := writeCommit(repo.Storer, treeHash, parents, opts.Message,
		object.Signature{Name: author.Name, Email: author.Email, When: when},
		object.Signature{Name: committer.Name, Email: committer.Email, When: when})
	if err != nil {
		return nil, err
	}
	if err := compareAndSwap(repo, refName, commit, tip); err != nil {
		return nil, err
	}
	if wt != nil {
		if err := wt.Reset(&git.ResetOptions{Commit: commit, Mode: git.HardReset}); err != nil {
			return nil, fmt.Errorf("committed %s but could not update the work tree: %w", commit, err)
		}
	}
	res.Commit = commit.String()
	res.Changes = plan.changes
	if tree, err := repo.TreeObject(treeHash); err == nil {
		res.Revision = committedRevision(rev, plan, tree, commit, refName, opts.Message)
	}
	return res, nil
}

// committedRevision copies rev with the Git locations the export gave it in
// tree, the tree of commit.
func committedRevision(rev *revision.Revision, plan *exportPlan, tree *object.Tree, commit plumbing.Hash, ref plumbing.ReferenceName, message string) *revision.Revision {
	blob := func(p string) *revision.GitBlob {
		if p == "" {
			return nil
		}
		g := &revision.GitBlob{Path: p}
		if e, err := tree.FindEntry(joinPath(plan.root, p)); err == nil {
			g.OID = e.Hash.String()
		}
		return g
	}
	out := *rev
	out.Git = &revision.GitCommit{OID: commit.String(), Message: message, Ref: ref.String()}
	var pages func([]*revision.Page) []*revision.Page
	pages = func(ps []*revision.Page) []*revision.Page {
		if ps == nil {
			return nil
		}
		cp := make([]*revision.Page, len(ps))
		for i, p := range ps {
			if p == nil {
				continue
			}
			c := *p
			if c.Type == revision.PageDocument {
				c.Git = blob(plan.pagePath[p.ID])
			}
			c.Pages = pages(p.Pages)
			cp[i] = &c
		}
		return cp
	}
	out.Pages = pages(rev.Pages)
	out.Files = make([]*revision.File, len(rev.Files))
	for i, f := range rev.Files {
		if f == nil {
			continue
		}
		c := *f
		if g := blob(plan.filePath[f.ID]); g != nil {
			c.Git = g
		}
		out.Files[i] = &c
	}
	out.ReusableContents = make([]*revision.ReusableContent, len(rev.ReusableContents))
	for i, rc := range rev.ReusableContents {
		if rc == nil {
			continue
		}
		c := *rc
		if g := blob(plan.rcPath[rc.ID]); g != nil {
			c.Git = g
		}
		out.ReusableContents[i] = &c
	}
	return &out
}

// casMu makes the compare-and-swap atomic within this process: go-git's
// memory storage checks and sets without a lock, and no storer guards the
// creation of a ref (old == nil). On disk, the ref's lock file (Git's
// protocol, refwrite.go) guards against other processes, and the ref is
// replaced by a rename, so that readers never see it missing.
//
// A Storer the host provides is read and written through its own methods:
// it must be safe for concurrent use if the host reads it while an export
// runs (go-git's memory storage is not).
var casMu sync.Mutex

// compareAndSwap points refName at commit if it still points at tip (or,
// when tip is nil, if it still does not exist).
func compareAndSwap(repo *git.Repository, refName plumbing.ReferenceName, commit plumbing.Hash, tip *plumbing.Reference) error {
	casMu.Lock()
	defer casMu.Unlock()
	conflict := func() error {
		ce := &ConflictError{Ref: refName.String()}
		if tip != nil {
			ce.Expected = tip.Hash().String()
		}
		if r, err := repo.Storer.Reference(refName); err == nil {
			ce.Actual = r.Hash().String()
		}
		return ce
	}
	if st, ok := repo.Storer.(*filesystem.Storage); ok {
		// On disk, the ref is replaced in one step (refwrite.go).
		if done, err := casFile(st, refName, commit, tip, conflict); done {
			return err
		}
	}
	if tip == nil {
		if _, err := repo.Storer.Reference(refName); err == nil {
			return conflict()
		}
	}
	if err := repo.Storer.CheckAndSetReference(plumbing.NewHashReference(refName, commit), tip); err != nil {
		if errors.Is(err, storage.ErrReferenceHasChanged) {
			return conflict()
		}
		return err
	}
	return nil
}

// exportRef picks the branch an export writes.
func exportRef(repo *git.Repository, rev *revision.Revision, ref string) (plumbing.ReferenceName, error) {
	if ref == "" && rev.Git != nil {
		ref = rev.Git.Ref
	}
	if ref == "" {
		head, err := repo.Storer.Reference(plumbing.HEAD)
		if err != nil {
			return "", fmt.Errorf("no ref given and HEAD unreadable: %w", err)
		}
		if head.Type() != plumbing.SymbolicReference {
			return "", errors.New("no ref given and HEAD is detached: name a branch")
		}
		return head.Target(), nil
	}
	if strings.HasPrefix(ref, "refs/") {
		return plumbing.ReferenceName(ref), nil
	}
	return plumbing.NewBranchReferenceName(ref), nil
}

// checkedOutClean returns the work tree when refName is checked out in it,
// after checking it has no uncommitted changes; nil for a bare repository
// or another branch.
func checkedOutClean(repo *git.Repository, refName plumbing.ReferenceName) (*git.Worktree, error) {
	wt, err := repo.Worktree()
	if err != nil {
		return nil, nil // bare or in memory
	}
	head, err := repo.Storer.Reference(plumbing.HEAD)
	if err != nil || head.Type() != plumbing.SymbolicReference || head.Target() != refName {
		return nil, nil
	}
	st, err := wt.Status()
	if err != nil {
		return nil, err
	}
	if !st.IsClean() {
		var dirty []string
		for p, s := range st {
			if s.Worktree != git.Unmodified || s.Staging != git.Unmodified {
				dirty = append(dirty, p)
			}
		}
		sort.Strings(dirty)
		if len(dirty) > 5 {
			dirty = append(dirty[:5], "…")
		}
		return nil, fmt.Errorf("%s is checked out: %w (%s); commit or stash them first", refName.Short(), ErrDirtyWorktree, strings.Join(dirty, ", "))
	}
	return wt, nil
}

// MarshalJSON writes the result as the CLI prints it: "commit" is null when
// nothing changed.
func (r *ExportResult) MarshalJSON() ([]byte, error) {
	type plain ExportResult
	var commit *string
	if r.Commit != "" {
		commit = &r.Commit
	}
	changes := r.Changes
	if changes == nil {
		changes = []Change{}
	}
	return json.Marshal(struct {
		Commit *string `json:"commit"`
		*plain
		Changes []Change `json:"changes"`
	}{commit, (*plain)(r), changes})
}
