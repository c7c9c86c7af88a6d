package syncengine

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strings"

	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/filemode"
	"github.com/go-git/go-git/v5/plumbing/object"
	"github.com/seed1bfafebe/gitsync/internal/gitobj"
	"github.com/seed1bfafebe/gitsync/markdown"
	"github.com/seed1bfafebe/gitsync/revision"
)

// exportPlan is what an export writes: the changes to report and the tree
// changes (repository paths) that make them.
type exportPlan struct {
	changes     []Change
	treeChanges map[string]treeChange

	// Where the revision's pages, files and reusable contents are written:
	// content-root-relative paths by id, and the content root.
	pagePath, filePath, rcPath map[string]string
	root                       string
}

// exporter computes an exportPlan: it lays out paths for the revision's
// pages, files and reusable contents, prints what changed and compares
// everything with the base tree. All paths are content-root-relative unless
// named repo paths.
type exporter struct {
	ctx  context.Context
	repo *git.Repository
	rev  *revision.Revision
	opts ExportOptions

	base   fs.FS // the base tree; nil when there is none
	src    fs.FS // where the space's base is read: base, or base moved (PreviousProjectDir)
	root   string
	cfg    Config
	cur    *revision.Revision
	parsed map[string]parsedFile

	// The base state, by content-root-relative path.
	curPageByPath   map[string]*revision.Page
	curParentKey    map[string]map[string]bool // path -> where SUMMARY.md lists it (parentKey)
	curNoFile       map[string]bool            // ids of base document pages without a file
	owned           map[string]bool
	curBlobs        map[plumbing.Hash]string // blob id -> an owned file with it
	curSummaryBytes []byte
	curSummary      *markdown.Summary
	summaryTargets  map[string]string // page path -> target as SUMMARY wrote it

	// The new layout.
	pagePath   map[string]string    // page id -> path ("" for a page without file)
	filePath   map[string]string    // file id -> path
	rcPath     map[string]string    // reusable content id -> path
	moved      map[string]bool      // page and file ids whose path changed
	curIDPaths [3]map[string]string // base page, file, reusable content paths by id (basePaths)
	takenPaths map[string]bool

	out map[string][]byte // path -> new bytes (only what is written)

	// For twin: the paths pages keep, the base's page paths in order, and
	// the base files already taken as a moved page's original.
	keptPaths map[string]bool
	basePaths []string
	twinUsed  map[string]bool
}

func planExport(ctx context.Context, repo *git.Repository, baseTree *object.Tree, rev *revision.Revision, opts ExportOptions) (*exportPlan, error) {
	x := &exporter{ctx: ctx, repo: repo, rev: rev, opts: opts,
		curPageByPath: map[string]*revision.Page{}, curParentKey: map[string]map[string]bool{}, curNoFile: map[string]bool{}, owned: map[string]bool{},
		curBlobs: map[plumbing.Hash]string{}, summaryTargets: map[string]string{},
		pagePath: map[string]string{}, filePath: map[string]string{}, rcPath: map[string]string{},
		moved: map[string]bool{}, takenPaths: map[string]bool{}, out: map[string][]byte{}}
	if err := x.loadBase(baseTree); err != nil {
		return nil, err
	}
	if err := x.layoutFiles(); err != nil {
		return nil, err
	}
	x.layoutReusable()
	x.layoutPages(rev.Pages, nil)
	x.printPages()
	x.printReusable()
	x.printSummary()
	x.planTags()
	x.planAgents()
	plan, err := x.diff()
	if err != nil {
		return nil, err
	}
	plan.pagePath, plan.filePath, plan.rcPath, plan.root = x.pagePath, x.filePath, x.rcPath, x.root
	return plan, nil
}

func (x *exporter) loadBase(baseTree *object.Tree) error {
	projectDir := cleanDir(x.opts.ProjectDir)
	if baseTree == nil {
		x.cfg = DefaultConfig()
		root, err := ResolveRoot(projectDir, x.cfg)
		x.root = root
		x.cur = &revision.Revision{}
		return err
	}
	x.base = TreeFS(baseTree)
	x.src = x.base
	if x.moving() {
		x.src = movedFS{fsys: x.base, from: cleanDir(x.opts.PreviousProjectDir), to: projectDir}
	}
	if projectDir != "" {
		if _, err := fs.Stat(x.src, projectDir); errors.Is(err, fs.ErrNotExist) {
			// A project directory that does not exist yet is created.
			x.cfg = DefaultConfig()
			x.root = projectDir
			x.cur = &revision.Revision{}
			return x.loadRepoIncludes(projectDir)
		}
	}
	res, parsed, err := importFS(x.ctx, x.src, ImportOptions{ProjectDir: projectDir, ParseCache: x.opts.ParseCache}, true)
	if err != nil {
		return fmt.Errorf("read the base tree: %w", err)
	}
	x.cur, x.parsed, x.root, x.cfg = res.Revision, parsed, res.Root, res.Config
	revision.Walk(x.cur.Pages, func(p, parent *revision.Page) bool {
		if p.Type == revision.PageDocument && p.Git != nil {
			x.curPageByPath[p.Git.Path] = p
			if x.curParentKey[p.Git.Path] == nil {
				x.curParentKey[p.Git.Path] = map[string]bool{}
			}
			x.curParentKey[p.Git.Path][parentKey(parent)] = true
			x.own(p.Git.Path)
		}
		if p.Type == revision.PageDocument && p.Git == nil {
			x.curNoFile[p.ID] = true
		}
		return true
	})
	for _, f := range x.cur.Files {
		x.own(f.Git.Path)
		if f.Git.OID != "" {
			x.curBlobs[plumbing.NewHash(f.Git.OID)] = f.Git.Path
		}
	}
	for _, rc := range x.cur.ReusableContents {
		x.own(rc.Git.Path)
	}
	if data, err := fs.ReadFile(x.src, x.repoPath(x.cfg.Summary)); err == nil {
		x.own(x.cfg.Summary)
		x.curSummaryBytes = data
		x.curSummary, _ = markdown.ParseSummary(data, x.cfg.Summary)
		x.indexSummaryTargets(path.Dir(x.cfg.Summary), x.curSummary.Entries)
	}
	return nil
}

// moving reports whether the space changed folder since the base
// (ExportOptions.PreviousProjectDir).
func (x *exporter) moving() bool {
	return x.opts.PreviousProjectDir != "" && cleanDir(x.opts.PreviousProjectDir) != cleanDir(x.opts.ProjectDir)
}

// loadRepoIncludes reads the repository root's reusable contents for a
// space whose folder the base tree lacks: they are the space's too (see
// builder.collectIncludes), and an unchanged one must keep its bytes.
func (x *exporter) loadRepoIncludes(projectDir string) error {
	b := newBuilder(x.ctx, x.base, x.root, projectDir, x.cfg, ImportOptions{ProjectDir: projectDir, ParseCache: x.opts.ParseCache})
	b.keepParsed = true
	if err := b.collectIncludes(); err != nil {
		return fmt.Errorf("read the base tree: %w", err)
	}
	if err := b.parseReusable(); err != nil {
		return fmt.Errorf("read the base tree: %w", err)
	}
	x.parsed = b.parsed
	for _, rc := range sortedValues(b.reusable, func(rc *revision.ReusableContent) string { return rc.Git.Path }) {
		x.cur.ReusableContents = append(x.cur.ReusableContents, rc)
		x.own(rc.Git.Path)
	}
	return nil
}

func (x *exporter) own(p string) {
	x.owned[p] = true
}

func (x *exporter) repoPath(p string) string { return joinPath(x.root, p) }

func (x *exporter) indexSummaryTargets(dir string, entries []*markdown.SummaryEntry) {
	if dir == "." {
		dir = ""
	}
	for _, e := range entries {
		if e.Target != "" && !isExternal(e.Target) {
			t, _ := splitFragment(e.Target)
			if p, ok := resolveInRepo(x.root, dir, unescapePath(t)); ok {
				if _, seen := x.summaryTargets[p]; !seen {
					x.summaryTargets[p] = e.Target
				}
			}
		}
		x.indexSummaryTargets(dir, e.Children)
	}
}

// parentKey identifies where a page hangs: under the top, a group (by id)
// or a document page (by its file).
func parentKey(parent *revision.Page) string {
	switch {
	case parent == nil:
		return ""
	case parent.Type == revision.PageGroup:
		return "group:" + parent.ID
	case parent.Git != nil:
		return "page:" + parent.Git.Path
	}
	return "id:" + parent.ID
}

// baseBlob returns the blob id of a content path in the base tree.
func (x *exporter) baseBlob(p string) (plumbing.Hash, bool) {
	if x.base == nil {
		return plumbing.ZeroHash, false
	}
	return BlobID(x.base, x.repoPath(p))
}

// diff compares the planned bytes and deletions with the base tree.
func (x *exporter) diff() (*exportPlan, error) {
	plan := &exportPlan{treeChanges: map[string]treeChange{}}
	wanted := map[string]bool{}
	for _, p := range x.pagePath {
		if p != "" {
			wanted[p] = true
		}
	}
	for _, p := range x.filePath {
		wanted[p] = true
	}
	for _, p := range x.rcPath {
		wanted[p] = true
	}
	wanted[x.cfg.Summary] = true
	renamedFrom := map[string]string{}
	revision.Walk(x.rev.Pages, func(p, _ *revision.Page) bool {
		if np := x.pagePath[p.ID]; p.Git != nil && np != "" && np != p.Git.Path && x.owned[p.Git.Path] && !wanted[p.Git.Path] && !outsideRoot(p.Git.Path) {
			renamedFrom[np] = p.Git.Path
		}
		return true
	})
	for _, f := range x.rev.Files {
		if np := x.filePath[f.ID]; f.Git != nil && np != f.Git.Path && x.owned[f.Git.Path] && !wanted[f.Git.Path] {
			renamedFrom[np] = f.Git.Path
		}
	}
	consumed := map[string]bool{}
	paths := make([]string, 0, len(x.out))
	for p := range x.out {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	for _, p := range paths {
		data := x.out[p]
		h := plumbing.ComputeHash(plumbing.BlobObject, data)
		old, exists := x.baseBlob(p)
		if exists && old == h {
			continue
		}
		if _, err := gitobj.WriteBlob(x.repo.Storer, data); err != nil {
			return nil, err
		}
		plan.treeChanges[x.repoPath(p)] = treeChange{Hash: h, Mode: filemode.Regular}
		switch from, ok := renamedFrom[p]; {
		case exists:
			plan.changes = append(plan.changes, Change{Path: x.repoPath(p), Change: "modified"})
		case ok:
			consumed[from] = true
			plan.changes = append(plan.changes, Change{Path: x.repoPath(p), Change: "renamed", From: x.repoPath(from)})
		default:
			plan.changes = append(plan.changes, Change{Path: x.repoPath(p), Change: "added"})
		}
	}
	var gone []string
	for p := range x.owned {
		// A page file outside the content root (one SUMMARY.md listed as
		// "../other/page.md") is never deleted: GitBook leaves it when the
		// page moves into the space or leaves the table of contents.
		if !wanted[p] && !outsideRoot(p) {
			gone = append(gone, p)
		}
	}
	sort.Strings(gone)
	for _, p := range gone {
		h, exists := x.baseBlob(p)
		if !exists {
			continue
		}
		if x.moving() && p != tagsFile {
			// The space moved: a file of the new folder is the space's
			// only when it is the one the space had in its previous
			// folder; another space's file is left alone. The tags file
			// is always the space's (GitBook deleted another space's one
			// when it wrote a space without tags there, 454f9f45c9).
			if old, ok := BlobID(x.src, x.repoPath(p)); !ok || old != h {
				continue
			}
		}
		plan.treeChanges[x.repoPath(p)] = treeChange{Delete: true}
		if !consumed[p] {
			plan.changes = append(plan.changes, Change{Path: x.repoPath(p), Change: "deleted"})
		}
	}
	sort.SliceStable(plan.changes, func(i, j int) bool { return plan.changes[i].Path < plan.changes[j].Path })
	return plan, nil
}

// rel is the relative link between two content-root-relative paths, which
// may lie outside the content root ("../other/page.md"): it is computed on
// their repository paths.
func (x *exporter) rel(from, to string) string {
	return rel(x.repoPath(from), x.repoPath(to))
}

// rel returns the relative link from the folder of the file from to the
// path to ("a/b.md", "../c/d.png").
func rel(from, to string) string {
	dir := path.Dir(from)
	if dir == "." {
		dir = ""
	}
	var fromParts, toParts []string
	if dir != "" {
		fromParts = strings.Split(dir, "/")
	}
	toParts = strings.Split(to, "/")
	i := 0
	for i < len(fromParts) && i < len(toParts)-1 && fromParts[i] == toParts[i] {
		i++
	}
	var b bytes.Buffer
	for range fromParts[i:] {
		b.WriteString("../")
	}
	b.WriteString(strings.Join(toParts[i:], "/"))
	return b.String()
}
