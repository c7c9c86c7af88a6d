// Command synthrepo writes a synthetic GitBook project (package synth) as a
// Git repository on disk, for benchmarks of the command line tool:
//
//	go run ./internal/synth/synthrepo -pages 10000 -o /tmp/synth10k.git
//	go run ./internal/synth/synthrepo -from FOLDER -o /tmp/project.git
//
// The repository is bare; with -from it holds the folder's files instead.
package main

import (
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"testing/fstest"

	"github.com/go-git/go-billy/v5/osfs"
	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/cache"
	"github.com/go-git/go-git/v5/storage/filesystem"
	"github.com/seed1bfafebe/gitsync/internal/synth"
	"github.com/seed1bfafebe/gitsync/internal/synth/synthgit"
)

func main() {
	pages := flag.Int("pages", 1000, "number of pages")
	seed := flag.Uint64("seed", 1, "seed of the generator")
	from := flag.String("from", "", "commit this folder instead of a synthetic project")
	out := flag.String("o", "", "folder of the bare repository to create (required)")
	flag.Parse()
	if *out == "" || flag.NArg() != 0 {
		flag.Usage()
		os.Exit(2)
	}
	if err := run(*pages, *seed, *from, *out); err != nil {
		fmt.Fprintln(os.Stderr, "synthrepo:", err)
		os.Exit(1)
	}
}

func run(pages int, seed uint64, from, out string) error {
	files := synth.Generate(synth.Options{Pages: pages, Seed: seed}).Files
	if from != "" {
		var err error
		if files, err = readFolder(from); err != nil {
			return err
		}
	}
	st := filesystem.NewStorage(osfs.New(out), cache.NewObjectLRUDefault())
	if _, err := git.Init(st, nil); err != nil {
		return err
	}
	_, err := synthgit.Commit(st, files, plumbing.ZeroHash, "synthetic project")
	return err
}

// readFolder reads the regular files under dir; symbolic links and .git
// folders are left out.
func readFolder(dir string) (fstest.MapFS, error) {
	files := fstest.MapFS{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && d.Name() == ".git" {
			return filepath.SkipDir
		}
		if !d.Type().IsRegular() {
			return nil
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(dir, p)
		if err != nil {
			return err
		}
		files[filepath.ToSlash(rel)] = &fstest.MapFile{Data: data}
		return nil
	})
	return files, err
}
