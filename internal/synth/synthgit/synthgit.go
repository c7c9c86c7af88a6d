// Package synthgit stores files (a synthetic project of package synth) as a
// commit of a go-git repository, in memory or on disk.
package synthgit

import (
	"sort"
	"strings"
	"testing/fstest"
	"time"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/filemode"
	"github.com/go-git/go-git/v5/plumbing/object"
	"github.com/go-git/go-git/v5/storage"

	"github.com/seed1bfafebe/gitsync/internal/gitobj"
)

// Branch is the branch Commit writes; HEAD points at it.
const Branch = plumbing.ReferenceName("refs/heads/main")

// signature is the author and committer of every commit: fixed, so commit
// ids are the same from run to run.
var signature = object.Signature{Name: "Synth", Email: "synth@example.com", When: time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC)}

// Commit stores files as one commit on Branch of the repository s, with
// parent as its parent (plumbing.ZeroHash for none), points HEAD at Branch
// and returns the commit id. s may be a go-git memory storer or a
// filesystem one (a repository on disk).
func Commit(s storage.Storer, files fstest.MapFS, parent plumbing.Hash, message string) (plumbing.Hash, error) {
	names := make([]string, 0, len(files))
	for name, f := range files {
		if !f.Mode.IsDir() {
			names = append(names, name)
		}
	}
	sort.Strings(names)
	root, err := writeDir(s, files, names, "")
	if err != nil {
		return plumbing.ZeroHash, err
	}
	sig := signature
	c := &object.Commit{Author: sig, Committer: sig, Message: message, TreeHash: root}
	if !parent.IsZero() {
		c.ParentHashes = []plumbing.Hash{parent}
	}
	h, err := store(s, c)
	if err != nil {
		return plumbing.ZeroHash, err
	}
	if err := s.SetReference(plumbing.NewHashReference(Branch, h)); err != nil {
		return plumbing.ZeroHash, err
	}
	if err := s.SetReference(plumbing.NewSymbolicReference(plumbing.HEAD, Branch)); err != nil {
		return plumbing.ZeroHash, err
	}
	return h, nil
}

// writeDir stores the tree of the folder prefix ("" for the root) holding
// names (sorted, all under prefix) and returns its id.
func writeDir(s storage.Storer, files fstest.MapFS, names []string, prefix string) (plumbing.Hash, error) {
	var entries []object.TreeEntry
	for i := 0; i < len(names); {
		rest := strings.TrimPrefix(names[i], prefix)
		if elem, _, nested := strings.Cut(rest, "/"); nested {
			sub := prefix + elem + "/"
			j := i
			for j < len(names) && strings.HasPrefix(names[j], sub) {
				j++
			}
			h, err := writeDir(s, files, names[i:j], sub)
			if err != nil {
				return plumbing.ZeroHash, err
			}
			entries = append(entries, object.TreeEntry{Name: elem, Mode: filemode.Dir, Hash: h})
			i = j
			continue
		}
		h, err := gitobj.WriteBlob(s, files[names[i]].Data)
		if err != nil {
			return plumbing.ZeroHash, err
		}
		entries = append(entries, object.TreeEntry{Name: rest, Mode: filemode.Regular, Hash: h})
		i++
	}
	// Git orders a folder as if its name ended in "/".
	sort.Slice(entries, func(i, j int) bool { return sortName(entries[i]) < sortName(entries[j]) })
	return store(s, &object.Tree{Entries: entries})
}

func sortName(e object.TreeEntry) string {
	if e.Mode == filemode.Dir {
		return e.Name + "/"
	}
	return e.Name
}

func store(s storage.Storer, o interface {
	Encode(plumbing.EncodedObject) error
}) (plumbing.Hash, error) {
	obj := s.NewEncodedObject()
	if err := o.Encode(obj); err != nil {
		return plumbing.ZeroHash, err
	}
	return s.SetEncodedObject(obj)
}
