package syncengine

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"strings"
	"time"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/seed1bfafebe/gitsync/revision"
)

// ImportOptions configure Import. The zero value imports HEAD of the whole
// repository.
type ImportOptions struct {
	// Ref is a branch, tag or commit id; "" means HEAD.
	Ref string
	// ProjectDir is the folder of the space inside the repository
	// (repoProjectDirectory); "" is the repository root.
	ProjectDir string
	// Previous is the revision of an earlier import of the same space. Pages,
	// files and reusable contents whose path is unchanged keep their ids, and
	// so does a page whose file was moved unchanged (same blob, old path
	// gone).
	Previous *revision.Revision
	// RepoTreeURL, when set, is a template for links that leave the content
	// root: "{path}" is replaced by the repository path ("https://host/org/repo/blob/main/{path}").
	RepoTreeURL string
	// Concurrency bounds how many pages are parsed at once; 0 means GOMAXPROCS.
	Concurrency int
	// Limits bound what a repository may make the engine read.
	Limits Limits
	// Progress, if set, is called as the import moves through its stages.
	Progress func(Progress)
	// Logger receives debug logs; nil discards them.
	Logger *slog.Logger
	// ParseCache, if set, keeps parsed content files across imports: a
	// file whose blob was parsed before at the same path is not parsed
	// again.
	ParseCache ParseCache
}

// Progress reports an import stage (the names of GitBook's
// GitSyncOperationStage) and, during content_process, pages done of total.
type Progress struct {
	Stage       string
	Done, Total int
}

// The import stages, in order.
const (
	StageRepoFetch      = "repo_fetch"
	StageConfigCheck    = "config_check"
	StageContentProcess = "content_process"
	StageFinalize       = "finalize"
)

// ImportResult is what Import returns.
type ImportResult struct {
	Revision *revision.Revision
	// Config is the project's .gitbook.yaml (defaults when absent).
	Config Config
	// Root is the content root inside the repository ("" = repository root).
	Root string
	// Commit is the imported commit id, Ref the full name of the ref that was
	// resolved ("" when a commit id was given).
	Commit string
	Ref    string
	// Warnings are the odd but not fatal things found, in a stable order.
	Warnings []Warning
}

// Import reads the repository src at opts.Ref and converts the project in
// opts.ProjectDir into a revision. It never dials the network.
func Import(ctx context.Context, src Source, opts ImportOptions) (*ImportResult, error) {
	opts.report(Progress{Stage: StageRepoFetch})
	repo, err := OpenRepository(ctx, src)
	if err != nil {
		return nil, err
	}
	commit, refName, err := ResolveRef(repo, opts.Ref)
	if err != nil {
		return nil, err
	}
	tree, err := commit.Tree()
	if err != nil {
		return nil, fmt.Errorf("read tree of %s: %w", commit.Hash, err)
	}
	fsys := TreeFS(tree).WithMaxFileSize(opts.Limits.fileSize())
	res, err := ImportFS(ctx, fsys, opts)
	if err != nil {
		return nil, err
	}
	res.Commit = commit.Hash.String()
	res.Ref = refName.String()
	if refName == plumbing.HEAD {
		res.Ref = ""
	}
	rev := res.Revision
	rev.ID = revision.NewID("revision", res.Commit, cleanDir(opts.ProjectDir))
	rev.CreatedAt = commit.Committer.When.UTC().Format(time.RFC3339)
	rev.Git = &revision.GitCommit{
		OID:              res.Commit,
		Message:          commit.Message,
		CreatedByGitBook: createdByGitBook(commit.Message, commit.Committer.Email),
		Ref:              res.Ref,
	}
	if opts.Previous != nil && opts.Previous.ID != "" {
		rev.Parents = []string{opts.Previous.ID}
	}
	rev.AppURL = appURL("revisions", rev.ID)
	return res, nil
}

// createdByGitBook reports whether a commit looks like one GitBook wrote
// (GITBOOK_FORMAT.md §7).
func createdByGitBook(msg, committer string) bool {
	return strings.HasPrefix(msg, "GITBOOK-") || strings.HasPrefix(msg, "GitBook: ") ||
		strings.EqualFold(committer, "ghost@gitbook.com")
}

// ImportFS converts the project in opts.ProjectDir of fsys into a revision.
// fsys may be a Git tree ([TreeFS]), a folder (os.DirFS) or an fstest.MapFS:
// this is the seam that lets hosts and tests import without a repository.
// opts.Ref is ignored; the revision has no Git commit.
func ImportFS(ctx context.Context, fsys fs.FS, opts ImportOptions) (*ImportResult, error) {
	res, _, err := importFS(ctx, fsys, opts, false)
	return res, err
}

// importFS is ImportFS; with keepParsed it also returns every parsed content
// file by content-root-relative path.
func importFS(ctx context.Context, fsys fs.FS, opts ImportOptions, keepParsed bool) (*ImportResult, map[string]parsedFile, error) {
	opts.report(Progress{Stage: StageConfigCheck})
	projectDir := cleanDir(opts.ProjectDir)
	if projectDir != "" {
		if fi, err := fs.Stat(fsys, projectDir); err != nil || !fi.IsDir() {
			return nil, nil, fmt.Errorf("project directory %q: %w", projectDir, ErrProjectNotFound)
		}
	}
	cfg, warns, err := readConfig(fsys, projectDir, opts.Limits)
	if err != nil {
		return nil, nil, err
	}
	root, err := ResolveRoot(projectDir, cfg)
	if err != nil {
		return nil, nil, err
	}
	if root != "" {
		if fi, err := fs.Stat(fsys, root); err != nil || !fi.IsDir() {
			return nil, nil, &ConfigError{Path: joinPath(projectDir, ".gitbook.yaml"), Err: fmt.Errorf("root %q: %w", root, ErrProjectNotFound)}
		}
	}
	b := newBuilder(ctx, fsys, root, projectDir, cfg, opts)
	b.keepParsed = keepParsed
	b.warns = append(b.warns, warns...)
	rev, err := b.build()
	if err != nil {
		return nil, nil, err
	}
	opts.report(Progress{Stage: StageFinalize})
	rev.ID = revision.NewID("revision", projectDir)
	rev.AppURL = appURL("revisions", rev.ID)
	return &ImportResult{Revision: rev, Config: cfg, Root: root, Warnings: b.sortedWarnings()}, b.parsed, nil
}

func readConfig(fsys fs.FS, projectDir string, limits Limits) (Config, []Warning, error) {
	path := joinPath(projectDir, ".gitbook.yaml")
	data, err := fs.ReadFile(fsys, path)
	if errors.Is(err, fs.ErrNotExist) {
		cfg, _, err := ParseConfig(path, nil)
		return cfg, nil, err
	}
	if err != nil {
		return Config{}, nil, fmt.Errorf("read %s: %w", path, err)
	}
	return parseConfig(path, data, limits.yamlAliases())
}

func (o *ImportOptions) report(p Progress) {
	if o.Progress != nil {
		o.Progress(p)
	}
}

func (o *ImportOptions) logger() *slog.Logger {
	if o.Logger != nil {
		return o.Logger
	}
	return slog.New(slog.DiscardHandler)
}

// appURL is the urls.app of a revision or page: gitsync has no web app, so it
// is a stable, schema-valid URI naming the object.
func appURL(kind, id string) string { return "gitsync:" + kind + "/" + id }
