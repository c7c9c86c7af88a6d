// Package gittest builds Git repositories in memory for tests: one commit
// from a map of files or a folder on disk, more commits on top, refs and
// annotated tags. Authors and times are fixed, so object ids are stable
// from run to run and tests may compare them.
package gittest

import (
	"encoding/hex"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/filemode"
	"github.com/go-git/go-git/v5/plumbing/object"
	"github.com/go-git/go-git/v5/plumbing/storer"
	"github.com/go-git/go-git/v5/storage/memory"

	"github.com/seed1bfafebe/gitsync/internal/gitobj"
)

// Branch is the branch the helpers commit to; HEAD points at it.
const Branch = plumbing.ReferenceName("refs/heads/main")

// Signature is the author and committer of every commit the helpers make.
// The time of a commit is Signature.When plus one minute per ancestor.
var Signature = object.Signature{
	Name:  "Gitsync Test",
	Email: "test@example.com",
	When:  time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC),
}

// Files converts a map of path to content into an fstest.MapFS of regular
// files, for CommitFS and AddCommit.
func Files(files map[string]string) fstest.MapFS {
	m := make(fstest.MapFS, len(files))
	for name, data := range files {
		m[name] = &fstest.MapFile{Data: []byte(data)}
	}
	return m
}

// CommitFS creates an in-memory repository with one commit whose tree holds
// files, on refs/heads/main, with HEAD pointing at that branch. It returns
// the repository and the commit id.
//
// A file's Mode chooses its Git mode: fs.ModeSymlink makes a symbolic link
// whose target is Data; fs.ModeIrregular makes a submodule (gitlink) whose
// commit id is Data in hex; any execute bit makes an executable file.
// Directories are implied by the paths; MapFS entries with fs.ModeDir are
// ignored, so empty directories cannot be committed (as in Git).
func CommitFS(t testing.TB, files fstest.MapFS) (*git.Repository, plumbing.Hash) {
	t.Helper()
	repo, err := git.InitWithOptions(memory.NewStorage(), nil, git.InitOptions{DefaultBranch: Branch})
	if err != nil {
		t.Fatalf("gittest: init: %v", err)
	}
	return repo, AddCommit(t, repo, plumbing.ZeroHash, files)
}

// CommitFiles is CommitFS for a map of path to content.
func CommitFiles(t testing.TB, files map[string]string) (*git.Repository, plumbing.Hash) {
	t.Helper()
	return CommitFS(t, Files(files))
}

// CommitDir commits the folder dir (for instance a corpus tree) into a new
// in-memory repository, as CommitFS does. Symbolic links are committed as
// links, never followed; ".git" folders are skipped.
func CommitDir(t testing.TB, dir string) (*git.Repository, plumbing.Hash) {
	t.Helper()
	files := fstest.MapFS{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if d.Name() == ".git" {
				return filepath.SkipDir
			}
			return nil
		}
		rel, err := filepath.Rel(dir, p)
		if err != nil {
			return err
		}
		rel = filepath.ToSlash(rel)
		switch {
		case d.Type()&fs.ModeSymlink != 0:
			target, err := os.Readlink(p)
			if err != nil {
				return err
			}
			files[rel] = &fstest.MapFile{Data: []byte(filepath.ToSlash(target)), Mode: fs.ModeSymlink}
		case d.Type().IsRegular():
			data, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			info, err := d.Info()
			if err != nil {
				return err
			}
			files[rel] = &fstest.MapFile{Data: data, Mode: info.Mode().Perm()}
		}
		return nil
	})
	if err != nil {
		t.Fatalf("gittest: reading %s: %v", dir, err)
	}
	return CommitFS(t, files)
}

// AddCommit commits files as the whole tree of a new commit whose parent is
// parent (none when parent is the zero hash), moves refs/heads/main to it
// and returns its id. Use SetRef to build other branches.
func AddCommit(t testing.TB, repo *git.Repository, parent plumbing.Hash, files fstest.MapFS) plumbing.Hash {
	t.Helper()
	return AddCommitMessage(t, repo, parent, files, "commit")
}

// AddCommitMessage is AddCommit with a commit message.
func AddCommitMessage(t testing.TB, repo *git.Repository, parent plumbing.Hash, files fstest.MapFS, message string) plumbing.Hash {
	t.Helper()
	tree, err := writeTree(repo.Storer, files)
	if err != nil {
		t.Fatalf("gittest: writing tree: %v", err)
	}
	sig := Signature
	c := &object.Commit{TreeHash: tree, Message: message}
	if !parent.IsZero() {
		p, err := repo.CommitObject(parent)
		if err != nil {
			t.Fatalf("gittest: parent %s: %v", parent, err)
		}
		sig.When = p.Committer.When.Add(time.Minute)
		c.ParentHashes = []plumbing.Hash{parent}
	}
	c.Author, c.Committer = sig, sig
	h := storeObject(t, repo.Storer, c)
	SetRef(t, repo, Branch, h)
	return h
}

// SetRef points the reference name (e.g. "refs/heads/dev") at h.
func SetRef(t testing.TB, repo *git.Repository, name plumbing.ReferenceName, h plumbing.Hash) {
	t.Helper()
	if err := repo.Storer.SetReference(plumbing.NewHashReference(name, h)); err != nil {
		t.Fatalf("gittest: set %s: %v", name, err)
	}
}

// Tag creates the annotated tag refs/tags/name pointing at the object
// target (a commit, or another tag to build chains) and returns the tag
// object's id.
func Tag(t testing.TB, repo *git.Repository, name string, target plumbing.Hash) plumbing.Hash {
	t.Helper()
	obj, err := repo.Storer.EncodedObject(plumbing.AnyObject, target)
	if err != nil {
		t.Fatalf("gittest: tag target %s: %v", target, err)
	}
	tag := &object.Tag{
		Name:       name,
		Tagger:     Signature,
		Message:    "tag " + name + "\n",
		TargetType: obj.Type(),
		Target:     target,
	}
	h := storeObject(t, repo.Storer, tag)
	SetRef(t, repo, plumbing.NewTagReferenceName(name), h)
	return h
}

type encoder interface {
	Encode(plumbing.EncodedObject) error
}

func storeObject(t testing.TB, s storer.EncodedObjectStorer, o encoder) plumbing.Hash {
	t.Helper()
	obj := s.NewEncodedObject()
	if err := o.Encode(obj); err != nil {
		t.Fatalf("gittest: encode: %v", err)
	}
	h, err := s.SetEncodedObject(obj)
	if err != nil {
		t.Fatalf("gittest: store: %v", err)
	}
	return h
}

// writeTree stores the blobs and trees for files and returns the root tree.
func writeTree(s storer.EncodedObjectStorer, files fstest.MapFS) (plumbing.Hash, error) {
	dirs := map[string][]object.TreeEntry{"": nil}
	var addDir func(dir string)
	addDir = func(dir string) {
		if _, ok := dirs[dir]; ok {
			return
		}
		dirs[dir] = nil
		addDir(parentDir(dir))
	}
	for name, f := range files {
		if f.Mode.IsDir() {
			continue
		}
		if !fs.ValidPath(name) || name == "." {
			return plumbing.ZeroHash, &fs.PathError{Op: "commit", Path: name, Err: fs.ErrInvalid}
		}
		e := object.TreeEntry{Name: path.Base(name), Mode: filemode.Regular}
		switch {
		case f.Mode&fs.ModeSymlink != 0:
			e.Mode = filemode.Symlink
		case f.Mode&fs.ModeIrregular != 0:
			e.Mode = filemode.Submodule
			b, err := hex.DecodeString(strings.TrimSpace(string(f.Data)))
			if err != nil || len(b) != len(plumbing.ZeroHash) {
				return plumbing.ZeroHash, &fs.PathError{Op: "commit submodule", Path: name, Err: fs.ErrInvalid}
			}
			copy(e.Hash[:], b)
		case f.Mode&0o111 != 0:
			e.Mode = filemode.Executable
		}
		if e.Mode != filemode.Submodule {
			var err error
			if e.Hash, err = gitobj.WriteBlob(s, f.Data); err != nil {
				return plumbing.ZeroHash, err
			}
		}
		dir := parentDir(name)
		addDir(dir)
		dirs[dir] = append(dirs[dir], e)
	}
	// Deepest folders first, so each tree is stored before its parent.
	names := make([]string, 0, len(dirs))
	for d := range dirs {
		names = append(names, d)
	}
	depth := func(d string) int {
		if d == "" {
			return 0
		}
		return 1 + strings.Count(d, "/")
	}
	sort.Slice(names, func(i, j int) bool {
		if di, dj := depth(names[i]), depth(names[j]); di != dj {
			return di > dj
		}
		return names[i] < names[j]
	})
	var root plumbing.Hash
	for _, d := range names {
		entries := dirs[d]
		// Git orders entries by name, with a folder's name read as "name/".
		sort.Slice(entries, func(i, j int) bool { return sortName(entries[i]) < sortName(entries[j]) })
		for i := 1; i < len(entries); i++ {
			if entries[i].Name == entries[i-1].Name {
				return plumbing.ZeroHash, &fs.PathError{Op: "commit", Path: path.Join(d, entries[i].Name), Err: fs.ErrExist}
			}
		}
		tree := &object.Tree{Entries: entries}
		obj := s.NewEncodedObject()
		if err := tree.Encode(obj); err != nil {
			return plumbing.ZeroHash, err
		}
		h, err := s.SetEncodedObject(obj)
		if err != nil {
			return plumbing.ZeroHash, err
		}
		if d == "" {
			root = h
			continue
		}
		p := parentDir(d)
		dirs[p] = append(dirs[p], object.TreeEntry{Name: path.Base(d), Mode: filemode.Dir, Hash: h})
	}
	return root, nil
}

func parentDir(name string) string {
	if i := strings.LastIndexByte(name, '/'); i >= 0 {
		return name[:i]
	}
	return ""
}

func sortName(e object.TreeEntry) string {
	if e.Mode == filemode.Dir {
		return e.Name + "/"
	}
	return e.Name
}
