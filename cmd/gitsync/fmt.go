package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/seed1bfafebe/gitsync/markdown"
	"github.com/seed1bfafebe/gitsync/syncengine"
)

func runFmt(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	return runFmtIn(ctx, args, os.Stdin, stdout, stderr)
}

// stdinName names the standard input in -l and -d output, as gofmt does.
const stdinName = "<standard input>"

func runFmtIn(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	fl := newFlags("fmt", "fmt [-l] [-w] [-d] [--dir DIR] [PATH | -]", stderr)
	list := fl.Bool("l", false, "list files whose canonical form differs")
	write := fl.Bool("w", false, "write the canonical form back to the files")
	diff := fl.Bool("d", false, "print unified diffs to the canonical form")
	dir := fl.String("dir", "", "project directory inside the folder PATH")
	pos, err := parseFlags(fl, args)
	if err != nil {
		return err
	}
	if len(pos) > 1 {
		return usagef("name one Markdown file or project folder")
	}
	if len(pos) == 0 || pos[0] == "-" {
		// Like gofmt without a path: format the standard input.
		if *write {
			return usagef("cannot use -w with standard input")
		}
		src, err := io.ReadAll(stdin)
		if err != nil {
			return err
		}
		return fmtOne(stdinName, src, markdown.Format(stdinName, src), *list, *diff, false, stdout)
	}
	fi, err := os.Stat(pos[0])
	if err != nil {
		return err
	}
	var files []string
	summary := ""
	if fi.IsDir() {
		files, summary, err = projectMarkdown(filepath.Join(pos[0], *dir))
		if err != nil {
			return err
		}
	} else {
		files = []string{pos[0]}
	}
	for _, name := range files {
		if err := ctx.Err(); err != nil {
			return err
		}
		src, err := os.ReadFile(name)
		if err != nil {
			return err
		}
		var out []byte
		if name == summary {
			out = markdown.FormatSummary(name, src)
		} else {
			out = markdown.Format(name, src)
		}
		if err := fmtOne(name, src, out, *list, *diff, *write, stdout); err != nil {
			return err
		}
	}
	return nil
}

// fmtOne reports or writes the canonical form out of one file's src: the
// form itself when no flag is set.
func fmtOne(name string, src, out []byte, list, diff, write bool, stdout io.Writer) error {
	if !list && !diff && !write {
		_, err := stdout.Write(out)
		return err
	}
	if bytes.Equal(src, out) {
		return nil
	}
	if list {
		if _, err := fmt.Fprintln(stdout, name); err != nil {
			return err
		}
	}
	if diff {
		if _, err := io.WriteString(stdout, unifiedDiff(name, string(src), string(out))); err != nil {
			return err
		}
	}
	if write {
		return writeFileKeepMode(name, out)
	}
	return nil
}

// projectMarkdown lists the Markdown files of a project folder: the content
// root named by its .gitbook.yaml (or the folder), pages, the table of
// contents (summary: its path, when .gitbook.yaml names one) and
// .gitbook/includes; not hidden folders or node_modules.
func projectMarkdown(dir string) (files []string, summary string, err error) {
	root := dir
	if data, err := os.ReadFile(filepath.Join(dir, ".gitbook.yaml")); err == nil {
		cfg, _, err := syncengine.ParseConfig(".gitbook.yaml", data)
		if err != nil {
			return nil, "", err
		}
		r, err := syncengine.ResolveRoot("", cfg)
		if err != nil {
			return nil, "", err
		}
		root = filepath.Join(dir, filepath.FromSlash(r))
		if cfg.Summary != "" {
			summary = filepath.Join(root, filepath.FromSlash(cfg.Summary))
		}
	}
	err = filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		name := d.Name()
		if d.IsDir() {
			rel, _ := filepath.Rel(root, p)
			rel = filepath.ToSlash(rel)
			if p != root && (strings.HasPrefix(name, ".") || name == "node_modules") && rel != ".gitbook" {
				return filepath.SkipDir
			}
			// Under .gitbook only the includes are pages: a .md file under
			// .gitbook/assets is an uploaded file, never reformatted.
			if strings.HasPrefix(rel, ".gitbook/") && rel != ".gitbook/includes" {
				return filepath.SkipDir
			}
			return nil
		}
		if d.Type().IsRegular() && strings.EqualFold(filepath.Ext(name), ".md") {
			files = append(files, p)
		}
		return nil
	})
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return nil, "", err
	}
	sort.Strings(files)
	return files, summary, err
}

func writeFileKeepMode(name string, data []byte) error {
	fi, err := os.Stat(name)
	if err != nil {
		return err
	}
	return os.WriteFile(name, data, fi.Mode().Perm())
}
