package syncengine

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"io/fs"
	"sort"
	"strings"
	"time"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/filemode"
	"github.com/go-git/go-git/v5/plumbing/object"
	"github.com/go-git/go-git/v5/plumbing/storer"
	"github.com/go-git/go-git/v5/storage/memory"

	"github.com/seed1bfafebe/gitsync/internal/gitobj"
)

// treeChange is the new state of one path of a tree: a blob, or deleted.
type treeChange struct {
	Hash   plumbing.Hash
	Mode   filemode.FileMode
	Delete bool
}

// writeTree applies changes (slash paths to new states) to base (nil for an
// empty tree), stores every new tree object and returns the root tree's id.
// Subtrees no change touches are reused as they are; a folder left empty is
// removed, as Git has no empty trees.
func writeTree(s storer.EncodedObjectStorer, base *object.Tree, changes map[string]treeChange) (plumbing.Hash, error) {
	entries := map[string]object.TreeEntry{}
	if base != nil {
		for _, e := range base.Entries {
			entries[e.Name] = e
		}
	}
	sub := map[string]map[string]treeChange{}
	for p, c := range changes {
		name, rest, nested := strings.Cut(p, "/")
		if !nested {
			if c.Delete {
				delete(entries, name)
				continue
			}
			mode := c.Mode
			if mode == 0 {
				mode = filemode.Regular
			}
			entries[name] = object.TreeEntry{Name: name, Mode: mode, Hash: c.Hash}
			continue
		}
		if sub[name] == nil {
			sub[name] = map[string]treeChange{}
		}
		sub[name][rest] = c
	}
	for name, ch := range sub {
		var subBase *object.Tree
		if e, ok := entries[name]; ok && e.Mode == filemode.Dir {
			t, err := object.GetTree(s, e.Hash)
			if err != nil {
				return plumbing.ZeroHash, fmt.Errorf("read tree %s: %w", name, err)
			}
			subBase = t
		}
		h, err := writeTree(s, subBase, ch)
		if err != nil {
			return plumbing.ZeroHash, err
		}
		if h == emptyTree {
			delete(entries, name)
			continue
		}
		entries[name] = object.TreeEntry{Name: name, Mode: filemode.Dir, Hash: h}
	}
	t := &object.Tree{}
	for _, e := range entries {
		t.Entries = append(t.Entries, e)
	}
	sort.Slice(t.Entries, func(i, j int) bool { return treeSortKey(t.Entries[i]) < treeSortKey(t.Entries[j]) })
	if len(t.Entries) == 0 {
		return emptyTree, nil
	}
	obj := s.NewEncodedObject()
	if err := t.Encode(obj); err != nil {
		return plumbing.ZeroHash, err
	}
	return s.SetEncodedObject(obj)
}

// emptyTree is the id of Git's empty tree.
var emptyTree = plumbing.NewHash("4b825dc642cb6eb9a060e54bf8d69288fbee4904")

// treeSortKey orders entries as Git does: folders sort as if named "name/".
func treeSortKey(e object.TreeEntry) string {
	if e.Mode == filemode.Dir {
		return e.Name + "/"
	}
	return e.Name
}

// MemoryRepository commits the files of fsys into a new in-memory
// repository (branch main, checked out as HEAD) and returns it as a Source.
// The CLI imports its embedded sample this way; hosts can use it to import
// content that is not in Git yet.
func MemoryRepository(ctx context.Context, fsys fs.FS, message string) (Source, error) {
	st := memory.NewStorage()
	changes := map[string]treeChange{}
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		if !d.Type().IsRegular() {
			return nil
		}
		f, err := fsys.Open(p)
		if err != nil {
			return err
		}
		var buf bytes.Buffer
		_, err = io.Copy(&buf, f)
		f.Close()
		if err != nil {
			return err
		}
		h, err := gitobj.WriteBlob(st, buf.Bytes())
		if err != nil {
			return err
		}
		changes[p] = treeChange{Hash: h, Mode: filemode.Regular}
		return nil
	})
	if err != nil {
		return Source{}, err
	}
	root, err := writeTree(st, nil, changes)
	if err != nil {
		return Source{}, err
	}
	when := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	sig := object.Signature{Name: "gitsync", Email: "gitsync@localhost", When: when}
	commit, err := writeCommit(st, root, nil, message, sig, sig)
	if err != nil {
		return Source{}, err
	}
	main := plumbing.NewBranchReferenceName("main")
	if err := st.SetReference(plumbing.NewHashReference(main, commit)); err != nil {
		return Source{}, err
	}
	if err := st.SetReference(plumbing.NewSymbolicReference(plumbing.HEAD, main)); err != nil {
		return Source{}, err
	}
	return Source{URL: "memory", Storer: st}, nil
}

// writeCommit stores a commit object and returns its id.
func writeCommit(s storer.EncodedObjectStorer, tree plumbing.Hash, parents []plumbing.Hash, msg string, author, committer object.Signature) (plumbing.Hash, error) {
	c := &object.Commit{Author: author, Committer: committer, Message: msg, TreeHash: tree, ParentHashes: parents}
	obj := s.NewEncodedObject()
	if err := c.Encode(obj); err != nil {
		return plumbing.ZeroHash, err
	}
	return s.SetEncodedObject(obj)
}
