package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"time"

	"github.com/seed1bfafebe/gitsync/revision"
	"github.com/seed1bfafebe/gitsync/syncengine"
	"github.com/seed1bfafebe/gitsync/syncengine/space"
)

const spaceUsage = `usage: gitsync space <command> --state DIR --space ID [flags]

commands:
  import   import a repository into a space (prints the revision JSON)
  export   export the space's primary revision as a commit
  info     print the space's Git info (JSON)
`

// runSpace syncs a space kept in a state folder by hand: the operations of
// GitBook's Git API over a file store.
func runSpace(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		return usagef("missing command (import, export or info)\n\n%s", spaceUsage)
	}
	switch args[0] {
	case "import":
		return runSpaceImport(ctx, args[1:], stdout, stderr)
	case "export":
		return runSpaceExport(ctx, args[1:], stdout, stderr)
	case "info":
		return runSpaceInfo(ctx, args[1:], stdout, stderr)
	case "-h", "--help", "help":
		fmt.Fprint(stderr, spaceUsage)
		return nil
	}
	return usagef("unknown command %q\n\n%s", args[0], spaceUsage)
}

// spaceFlags are the flags every space command takes.
type spaceFlags struct {
	state, id *string
}

func addSpaceFlags(fl interface {
	String(name, value, usage string) *string
}) spaceFlags {
	return spaceFlags{
		state: fl.String("state", "", "state `DIR` holding the spaces (created if needed)"),
		id:    fl.String("space", "", "space `ID`"),
	}
}

func (f spaceFlags) engine() (*space.Engine, error) {
	if *f.state == "" {
		return nil, usagef("--state is required")
	}
	if *f.id == "" {
		return nil, usagef("--space is required")
	}
	store, err := space.NewFileStore(*f.state)
	if err != nil {
		return nil, err
	}
	return space.New(space.Options{Store: store}), nil
}

// open opens the engine and the repository argument (made absolute),
// filling in the ref and project directory the flags left to defaults.
func (f spaceFlags) open(ctx context.Context, fl *flag.FlagSet, arg string, ref, dir *string) (*space.Engine, string, error) {
	e, err := f.engine()
	if err != nil {
		return nil, "", err
	}
	repo := absRepo(arg)
	if err := defaults(ctx, e, *f.id, repo, ref, dir, flagSet(fl, "dir")); err != nil {
		return nil, "", err
	}
	return e, repo, nil
}

// defaults fills in the ref and project directory: the space's binding
// when it has one, else the branch HEAD names.
func defaults(ctx context.Context, e *space.Engine, id, repo string, ref, dir *string, dirSet bool) error {
	st, err := e.State(ctx, id)
	if err != nil && !errors.Is(err, space.ErrNotFound) {
		return err
	}
	if st != nil && !st.Binding.IsZero() {
		if *ref == "" {
			*ref = st.Binding.Ref
		}
		if !dirSet {
			*dir = st.Binding.ProjectDir
		}
	}
	if *ref != "" {
		return nil
	}
	r, err := syncengine.OpenRepository(ctx, syncengine.Source{URL: repo})
	if err != nil {
		return err
	}
	head, err := r.Storer.Reference("HEAD")
	if err != nil {
		return fmt.Errorf("read HEAD: %w", err)
	}
	*ref = "HEAD"
	if head.Target() != "" {
		*ref = head.Target().String()
	}
	return nil
}

func runSpaceImport(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fl := newFlags("space import", "space import --state DIR --space ID [--ref REF] [--dir DIR] [--standalone] [--force] [-o REV.json] REPO", stderr)
	sf := addSpaceFlags(fl)
	ref := fl.String("ref", "", "branch, tag or commit id (default: the space's ref, else the branch HEAD names)")
	dir := fl.String("dir", "", "project directory inside the repository (default: the space's)")
	standalone := fl.Bool("standalone", false, "return a revision without changing the space")
	force := fl.Bool("force", false, "apply even when older than the last operation")
	out := fl.String("o", "", "write the revision to `FILE` instead of standard output")
	pos, err := parseFlags(fl, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usagef("one repository expected, got %d", len(pos))
	}
	e, repo, err := sf.open(ctx, fl, pos[0], ref, dir)
	if err != nil {
		return err
	}
	res, err := e.Import(ctx, *sf.id, space.ImportRequest{URL: repo, Ref: *ref, RepoProjectDirectory: *dir,
		Standalone: *standalone, Force: *force, Timestamp: time.Now().UTC()})
	if err != nil {
		return err
	}
	for _, w := range res.Warnings {
		fmt.Fprintln(stderr, syncengine.RedactURL(w.String()))
	}
	return writeJSON(*out, stdout, res.Revision)
}

// spaceExportResult is what space export prints.
type spaceExportResult struct {
	Commit  *string             `json:"commit"`
	Parent  string              `json:"parent"`
	Ref     string              `json:"ref"`
	Changes []syncengine.Change `json:"changes"`
	// Imported is the commit imported instead, when only the branch moved.
	Imported string `json:"imported,omitempty"`
}

func runSpaceExport(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fl := newFlags("space export", "space export --state DIR --space ID -m MSG [--force] [--ref REF] [--dir DIR] REPO", stderr)
	sf := addSpaceFlags(fl)
	msg := fl.String("m", "", "commit message (required)")
	force := fl.Bool("force", false, "export even when the branch and the space both changed")
	ref := fl.String("ref", "", "branch to write (default: the space's)")
	dir := fl.String("dir", "", "project directory inside the repository (default: the space's)")
	pos, err := parseFlags(fl, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usagef("one repository expected, got %d", len(pos))
	}
	if *msg == "" {
		return usagef("-m MSG is required")
	}
	e, repo, err := sf.open(ctx, fl, pos[0], ref, dir)
	if err != nil {
		return err
	}
	res, err := e.Export(ctx, *sf.id, space.ExportRequest{URL: repo, Ref: *ref, RepoProjectDirectory: *dir,
		CommitMessage: *msg, Force: *force, Timestamp: time.Now().UTC()})
	if err != nil {
		return err
	}
	out := spaceExportResult{Parent: res.Parent, Ref: res.Ref, Changes: res.Changes}
	if out.Changes == nil {
		out.Changes = []syncengine.Change{}
	}
	if res.Commit != "" {
		out.Commit = &res.Commit
	}
	if res.Imported != nil {
		out.Imported = res.Imported.Commit
		fmt.Fprintf(stderr, "the branch moved and the space did not: imported %s instead\n", res.Imported.Commit)
	}
	return writeJSON("", stdout, out)
}

func runSpaceInfo(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fl := newFlags("space info", "space info --state DIR --space ID", stderr)
	sf := addSpaceFlags(fl)
	pos, err := parseFlags(fl, args)
	if err != nil {
		return err
	}
	if len(pos) != 0 {
		return usagef("no arguments expected")
	}
	e, err := sf.engine()
	if err != nil {
		return err
	}
	gi, err := e.GitInfo(ctx, *sf.id)
	if err != nil {
		return err
	}
	return writeJSON("", stdout, gi)
}

// runDiff prints the semantic changes from one revision to another.
func runDiff(_ context.Context, args []string, stdout, stderr io.Writer) error {
	fl := newFlags("diff", "diff OLD.json NEW.json", stderr)
	pos, err := parseFlags(fl, args)
	if err != nil {
		return err
	}
	if len(pos) != 2 {
		return usagef("two revisions expected, got %d", len(pos))
	}
	var revs [2]*revision.Revision
	for i, p := range pos {
		if revs[i], err = readRevision(p); err != nil {
			return err
		}
	}
	return writeJSON("", stdout, revision.Diff(revs[0], revs[1]))
}

func flagSet(fl interface{ Visit(func(*flag.Flag)) }, name string) bool {
	set := false
	fl.Visit(func(f *flag.Flag) {
		if f.Name == name {
			set = true
		}
	})
	return set
}

// absRepo makes a local repository path absolute, so that the space binds
// the repository and not a path relative to where the command ran.
func absRepo(repo string) string {
	if strings.Contains(repo, "://") {
		return repo
	}
	if abs, err := filepath.Abs(repo); err == nil {
		return abs
	}
	return repo
}
