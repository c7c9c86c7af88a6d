package gittest

import (
	"io/fs"
	"os"
	"path/filepath"
	"testing"
	"testing/fstest"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/filemode"
)

// gitTree is the tree `git write-tree` gives for sample, computed with Git
// 2.x: a.txt "hi\n", d/b.md "x", run.sh executable, link -> a.txt.
const gitTree = "3eced3de72fe9e70bae75f96275115c576edc0eb"

func sample() fstest.MapFS {
	return fstest.MapFS{
		"a.txt":  {Data: []byte("hi\n")},
		"d/b.md": {Data: []byte("x")},
		"run.sh": {Data: []byte("#!/bin/sh\n"), Mode: 0o755},
		"link":   {Data: []byte("a.txt"), Mode: fs.ModeSymlink},
	}
}

func TestCommitFSMatchesGit(t *testing.T) {
	repo, h := CommitFS(t, sample())
	c, err := repo.CommitObject(h)
	if err != nil {
		t.Fatal(err)
	}
	if c.TreeHash.String() != gitTree {
		t.Errorf("tree = %s, want %s (as git write-tree)", c.TreeHash, gitTree)
	}
	head, err := repo.Head()
	if err != nil || head.Name() != Branch || head.Hash() != h {
		t.Errorf("HEAD = %v, %v; want %s at %s", head, err, Branch, h)
	}
	if !c.Author.When.Equal(Signature.When) || len(c.ParentHashes) != 0 {
		t.Errorf("commit = %v", c)
	}
}

func TestDeterministic(t *testing.T) {
	_, h1 := CommitFS(t, sample())
	_, h2 := CommitFS(t, sample())
	if h1 != h2 {
		t.Errorf("same files, different commits: %s, %s", h1, h2)
	}
	_, h3 := CommitFiles(t, map[string]string{"a.txt": "hi\n"})
	_, h4 := CommitFiles(t, map[string]string{"a.txt": "hi!\n"})
	if h3 == h4 {
		t.Error("different files, same commit")
	}
}

func TestAddCommitAndTag(t *testing.T) {
	repo, c1 := CommitFiles(t, map[string]string{"a.txt": "one"})
	c2 := AddCommitMessage(t, repo, c1, Files(map[string]string{"a.txt": "two", "b/c.txt": "c"}), "second\n")
	head, err := repo.Head()
	if err != nil || head.Hash() != c2 {
		t.Fatalf("main = %v, %v; want %s", head, err, c2)
	}
	commit, err := repo.CommitObject(c2)
	if err != nil {
		t.Fatal(err)
	}
	if len(commit.ParentHashes) != 1 || commit.ParentHashes[0] != c1 || commit.Message != "second\n" {
		t.Errorf("commit = %v", commit)
	}
	if want := Signature.When.Add(60e9); !commit.Committer.When.Equal(want) {
		t.Errorf("time = %v, want %v", commit.Committer.When, want)
	}
	f, err := commit.File("b/c.txt")
	if err != nil {
		t.Fatal(err)
	}
	if s, _ := f.Contents(); s != "c" {
		t.Errorf("b/c.txt = %q", s)
	}

	tag := Tag(t, repo, "v1", c1)
	ref, err := repo.Tag("v1")
	if err != nil || ref.Hash() != tag {
		t.Fatalf("refs/tags/v1 = %v, %v", ref, err)
	}
	to, err := repo.TagObject(tag)
	if err != nil || to.Target != c1 || to.TargetType != plumbing.CommitObject {
		t.Errorf("tag = %v, %v", to, err)
	}
}

func TestSubmodule(t *testing.T) {
	id := "0123456789abcdef0123456789abcdef01234567"
	repo, h := CommitFS(t, fstest.MapFS{"lib": {Data: []byte(id), Mode: fs.ModeIrregular}})
	c, _ := repo.CommitObject(h)
	tree, err := c.Tree()
	if err != nil {
		t.Fatal(err)
	}
	if e := tree.Entries[0]; e.Mode != filemode.Submodule || e.Hash.String() != id {
		t.Errorf("entry = %+v", e)
	}
}

func TestCommitDir(t *testing.T) {
	dir := t.TempDir()
	for name, f := range sample() {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		var err error
		if f.Mode&fs.ModeSymlink != 0 {
			err = os.Symlink(string(f.Data), p)
		} else {
			err = os.WriteFile(p, f.Data, 0o644|f.Mode.Perm())
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	if err := os.MkdirAll(filepath.Join(dir, ".git", "objects"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, ".git", "HEAD"), []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	repo, h := CommitDir(t, dir)
	c, _ := repo.CommitObject(h)
	if c.TreeHash.String() != gitTree {
		t.Errorf("tree = %s, want %s", c.TreeHash, gitTree)
	}
}
