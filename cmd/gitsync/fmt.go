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
	fl := newFlags("fmt", "fmt [-l] [-w] [-d] [--dir DIR] PATH", stderr)
	list := fl.Bool("l", false, "list files whose canonical form differs")
	write := fl.Bool("w", false, "write the canonical form back to the files")
	diff := fl.Bool("d", false, "print unified diffs to the canonical form")
	dir := fl.String("dir", "", "project directory inside the folder PATH")
	pos, err := parseFlags(fl, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usagef("name one Markdown file or project folder")
	}
	fi, err := os.Stat(pos[0])
	if err != nil {
		return err
	}
	var files []string
	if fi.IsDir() {
		files, err = projectMarkdown(filepath.Join(pos[0], *dir))
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
		out := markdown.Format(name, src)
		changed := !bytes.Equal(src, out)
		switch {
		case *list || *write || *diff:
			if changed && *list {
				fmt.Fprintln(stdout, name)
			}
			if changed && *diff {
				io.WriteString(stdout, unifiedDiff(name, string(src), string(out)))
			}
			if changed && *write {
				if err := writeFileKeepMode(name, out); err != nil {
					return err
				}
			}
		default:
			if _, err := stdout.Write(out); err != nil {
				return err
			}
		}
	}
	return nil
}

// projectMarkdown lists the Markdown files of a project folder: the content
// root named by its .gitbook.yaml (or the folder), pages, SUMMARY.md and
// .gitbook/includes; not hidden folders or node_modules.
func projectMarkdown(dir string) ([]string, error) {
	root := dir
	if data, err := os.ReadFile(filepath.Join(dir, ".gitbook.yaml")); err == nil {
		cfg, _, err := syncengine.ParseConfig(".gitbook.yaml", data)
		if err != nil {
			return nil, err
		}
		r, err := syncengine.ResolveRoot("", cfg)
		if err != nil {
			return nil, err
		}
		root = filepath.Join(dir, filepath.FromSlash(r))
	}
	var files []string
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		name := d.Name()
		if d.IsDir() {
			rel, _ := filepath.Rel(root, p)
			if p != root && (strings.HasPrefix(name, ".") || name == "node_modules") && filepath.ToSlash(rel) != ".gitbook" && filepath.ToSlash(rel) != ".gitbook/includes" {
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
		return nil, err
	}
	sort.Strings(files)
	return files, err
}

func writeFileKeepMode(name string, data []byte) error {
	fi, err := os.Stat(name)
	if err != nil {
		return err
	}
	return os.WriteFile(name, data, fi.Mode().Perm())
}
