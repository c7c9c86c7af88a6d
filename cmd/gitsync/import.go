package main

import (
	"context"
	"embed"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"os"

	"github.com/seed1bfafebe/gitsync/revision"
	"github.com/seed1bfafebe/gitsync/syncengine"
)

// sample is a small GitBook project, imported when no repository is named.
//
//go:embed all:sample
var sample embed.FS

func runImport(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fl := newFlags("import", "import [--ref REF] [--dir DIR] [--previous REV.json] [-o REV.json] [--timings] [REPO]", stderr)
	ref := fl.String("ref", "", "branch, tag or commit id to import (default HEAD)")
	dir := fl.String("dir", "", "project directory inside the repository")
	prevPath := fl.String("previous", "", "revision `JSON` of an earlier import, whose ids are kept")
	out := fl.String("o", "", "write the revision to `FILE` instead of standard output")
	timings := fl.Bool("timings", false, "print the time of each stage (repo_fetch, config_check, content_process, finalize, write_json) to standard error")
	pos, err := parseFlags(fl, args)
	if err != nil {
		return err
	}
	if len(pos) > 1 {
		return usagef("one repository at most, got %d", len(pos))
	}
	opts := syncengine.ImportOptions{Ref: *ref, ProjectDir: *dir}
	if *prevPath != "" {
		prev, err := readRevision(*prevPath)
		if err != nil {
			return err
		}
		opts.Previous = prev
	}
	var show func(syncengine.Progress)
	if isTerminal(stderr) {
		show = progressPrinter(stderr)
	}
	timer := newStageTimer()
	opts.Progress = func(p syncengine.Progress) {
		if *timings {
			timer.observe(p)
		}
		if show != nil {
			show(p)
		}
	}
	var res *syncengine.ImportResult
	if len(pos) == 0 {
		sub, err := fs.Sub(sample, "sample")
		if err != nil {
			return err
		}
		src, err := syncengine.MemoryRepository(ctx, sub, "Import the embedded sample")
		if err != nil {
			return err
		}
		res, err = syncengine.Import(ctx, src, opts)
		if err != nil {
			return err
		}
	} else {
		res, err = syncengine.Import(ctx, syncengine.Source{URL: pos[0]}, opts)
		if err != nil {
			return err
		}
	}
	if show != nil {
		fmt.Fprint(stderr, "\r\033[K")
	}
	for _, w := range res.Warnings {
		fmt.Fprintln(stderr, syncengine.RedactURL(w.String()))
	}
	if *timings {
		timer.mark("write_json")
		defer timer.print(stderr)
	}
	return writeJSON(*out, stdout, res.Revision)
}

func readRevision(path string) (*revision.Revision, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	rev := new(revision.Revision)
	if err := json.Unmarshal(data, rev); err != nil {
		return nil, fmt.Errorf("%s: not a revision: %w", path, err)
	}
	return rev, nil
}

// writeJSON writes v as indented JSON to the file out, or to stdout when
// out is empty or "-". A revision is streamed a page at a time (its JSON
// can be a hundred times the size of the Markdown it comes from); a file
// left half-written by an error is removed.
func writeJSON(out string, stdout io.Writer, v any) error {
	if out == "" || out == "-" {
		return revision.Encode(stdout, v)
	}
	f, err := os.Create(out)
	if err != nil {
		return err
	}
	err = revision.Encode(f, v)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(out)
	}
	return err
}
