package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/seed1bfafebe/gitsync/revision"
	"github.com/seed1bfafebe/gitsync/syncengine"
)

func runExport(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fl := newFlags("export", `export --revision REV.json [--ref REF] [--dir DIR] -m MSG [--force] [--expect OID] [--author "Name <email>"] [--whole-pages] [--files DIR] [--agents-md FILE] [--previous-dir DIR] [--revision-out REV.json] REPO`, stderr)
	revPath := fl.String("revision", "", "revision `JSON` to export (required)")
	ref := fl.String("ref", "", "branch to commit to (default: the revision's ref, else HEAD's branch)")
	dir := fl.String("dir", "", "project directory inside the repository")
	msg := fl.String("m", "", "commit `message` (required)")
	force := fl.Bool("force", false, "commit on top of the ref whatever it points at")
	expect := fl.String("expect", "", "commit `OID` the ref must point at (default: the revision's git.oid)")
	author := fl.String("author", "", `commit author as "Name <email>" (default: the committer)`)
	whole := fl.Bool("whole-pages", false, "print changed pages whole in canonical form, as GitBook does")
	files := fl.String("files", "", "folder holding the bytes of new files (looked up by their downloadURL, then name)")
	prevDir := fl.String("previous-dir", "", "the space's project directory at the branch's tip when it moves to --dir (\".\" for the root): its files are written in --dir with their bytes, as GitBook does")
	agents := fl.String("agents-md", "", "`FILE` holding the host's agent instructions block: written as the repository root's AGENTS.md when absent, or between its gitbook-agent-instructions markers")
	revOut := fl.String("revision-out", "", "write the revision as the branch now holds it (paths, blobs, commit) to `FILE`: pass it to import --previous to keep its ids")
	pos, err := parseFlags(fl, args)
	if err != nil {
		return err
	}
	switch {
	case *revPath == "":
		return usagef("--revision is required")
	case strings.TrimSpace(*msg) == "":
		return usagef("-m MSG is required (an empty message is an error)")
	case len(pos) != 1:
		return usagef("name exactly one repository")
	}
	rev, err := readRevision(*revPath)
	if err != nil {
		return err
	}
	opts := syncengine.ExportOptions{Ref: *ref, ProjectDir: *dir, PreviousProjectDir: *prevDir, Message: *msg, Force: *force, Expect: *expect, WholePages: *whole}
	if *author != "" {
		sig, err := parseSignature(*author)
		if err != nil {
			return usagef("--author: %v", err)
		}
		opts.Author = sig
	}
	if *files != "" {
		opts.FileContent = folderContent(*files)
	}
	if *agents != "" {
		data, err := os.ReadFile(*agents)
		if err != nil {
			return fmt.Errorf("--agents-md: %w", err)
		}
		opts.AgentInstructions = data
	}
	res, err := syncengine.Export(ctx, syncengine.Source{URL: pos[0]}, rev, opts)
	if err != nil {
		return err
	}
	if *revOut != "" && res.Revision != nil {
		if err := writeJSON(*revOut, stdout, res.Revision); err != nil {
			return err
		}
	}
	return writeJSON("", stdout, res)
}

var signatureRE = regexp.MustCompile(`^\s*([^<>]*?)\s*<([^<>\s]+)>\s*$`)

func parseSignature(s string) (syncengine.Signature, error) {
	m := signatureRE.FindStringSubmatch(s)
	if m == nil {
		return syncengine.Signature{}, fmt.Errorf("%q is not of the form \"Name <email>\"", s)
	}
	return syncengine.Signature{Name: m[1], Email: m[2]}, nil
}

// folderContent finds the bytes of new revision files in a folder.
func folderContent(dir string) func(context.Context, *revision.File) ([]byte, error) {
	root := os.DirFS(dir)
	return func(_ context.Context, f *revision.File) ([]byte, error) {
		for _, name := range []string{f.DownloadURL, f.Name} {
			name = filepath.ToSlash(strings.TrimPrefix(name, "/"))
			if !fs.ValidPath(name) {
				continue
			}
			data, err := fs.ReadFile(root, name)
			if err == nil {
				return data, nil
			}
			if !errors.Is(err, fs.ErrNotExist) {
				return nil, err
			}
		}
		return nil, fmt.Errorf("%w: %s not found in %s", syncengine.ErrMissingContent, f.Name, dir)
	}
}
