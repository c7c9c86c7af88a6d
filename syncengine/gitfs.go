package syncengine

import (
	"fmt"
	"io"
	"io/fs"
	"path"
	"slices"
	"sort"
	"strings"
	"sync"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/filemode"
	"github.com/go-git/go-git/v5/plumbing/object"
)

// errNotDir reports a directory operation on something else.
var errNotDir = fmt.Errorf("not a directory: %w", fs.ErrInvalid)

// GitFS is a read-only io/fs.FS over a Git tree. It implements fs.FS,
// fs.ReadFileFS, fs.ReadDirFS, fs.StatFS, fs.SubFS and fs.ReadLinkFS.
//
// Paths resolve lazily, one subtree at a time, so a lookup in a tree of
// thousands of files decodes only the folders on its way. Decoded folders
// are kept in a small cache that belongs to this GitFS and the ones Sub
// derives from it; a GitFS is safe for concurrent use.
//
// Symbolic links (mode 120000) are never followed: Open, ReadFile and Stat
// fail with ErrSymlink, while ReadDir and Lstat report fs.ModeSymlink and
// ReadLink gives the target. Submodules (gitlinks, mode 160000) appear as
// fs.ModeIrregular entries and cannot be opened (ErrSubmodule). FileInfo.Sys
// returns the entry's plumbing.Hash; ModTime is always zero.
type GitFS struct {
	root        cachedTree
	maxFileSize int64
	cache       *treeCache
}

// TreeFS returns a file system over tree. tree is not modified.
func TreeFS(tree *object.Tree) *GitFS {
	return &GitFS{root: newCachedTree(tree), cache: &treeCache{}}
}

// WithMaxFileSize returns a copy of f (sharing its cache) on which opening or
// reading a file larger than n bytes fails with a *LimitError (limit
// "file-size"). n <= 0 means no limit.
func (f *GitFS) WithMaxFileSize(n int64) *GitFS {
	g := *f
	g.maxFileSize = n
	return &g
}

// Open opens the named regular file or directory.
func (f *GitFS) Open(name string) (fs.File, error) {
	e, parent, err := f.lookup("open", name)
	if err != nil {
		return nil, err
	}
	if e.Mode == filemode.Dir {
		entries, err := f.readDir(e, parent)
		if err != nil {
			return nil, &fs.PathError{Op: "open", Path: name, Err: err}
		}
		return &dirFile{info: fileInfo{name: path.Base(name), mode: fs.ModeDir | 0o755, hash: e.Hash}, entries: entries}, nil
	}
	blob, err := f.blob("open", name, e, parent)
	if err != nil {
		return nil, err
	}
	return &blobFile{info: entryInfo(e, blob.Size), blob: blob}, nil
}

// ReadFile returns the content of the named regular file.
func (f *GitFS) ReadFile(name string) ([]byte, error) {
	e, parent, err := f.lookup("read", name)
	if err != nil {
		return nil, err
	}
	if e.Mode == filemode.Dir {
		return nil, &fs.PathError{Op: "read", Path: name, Err: fmt.Errorf("is a directory: %w", fs.ErrInvalid)}
	}
	blob, err := f.blob("read", name, e, parent)
	if err != nil {
		return nil, err
	}
	r, err := blob.Reader()
	if err != nil {
		return nil, &fs.PathError{Op: "read", Path: name, Err: err}
	}
	defer r.Close()
	data := make([]byte, blob.Size)
	if _, err := io.ReadFull(r, data); err != nil {
		return nil, &fs.PathError{Op: "read", Path: name, Err: err}
	}
	return data, nil
}

// ReadDir returns the entries of the named directory, sorted by name.
func (f *GitFS) ReadDir(name string) ([]fs.DirEntry, error) {
	e, parent, err := f.lookup("readdir", name)
	if err != nil {
		return nil, err
	}
	entries, err := f.readDir(e, parent)
	if err != nil {
		return nil, &fs.PathError{Op: "readdir", Path: name, Err: err}
	}
	return entries, nil
}

// Stat describes the named file or directory. It does not follow symbolic
// links: for one it fails with ErrSymlink (use Lstat).
func (f *GitFS) Stat(name string) (fs.FileInfo, error) {
	e, parent, err := f.lookup("stat", name)
	if err != nil {
		return nil, err
	}
	if e.Mode == filemode.Symlink {
		return nil, &fs.PathError{Op: "stat", Path: name, Err: ErrSymlink}
	}
	return f.info("stat", name, e, parent)
}

// Lstat describes the named entry, symbolic links and submodules included.
func (f *GitFS) Lstat(name string) (fs.FileInfo, error) {
	e, parent, err := f.lookup("lstat", name)
	if err != nil {
		return nil, err
	}
	return f.info("lstat", name, e, parent)
}

// ReadLink returns the target of the named symbolic link, unresolved.
func (f *GitFS) ReadLink(name string) (string, error) {
	e, parent, err := f.lookup("readlink", name)
	if err != nil {
		return "", err
	}
	if e.Mode != filemode.Symlink {
		return "", &fs.PathError{Op: "readlink", Path: name, Err: fmt.Errorf("not a symbolic link: %w", fs.ErrInvalid)}
	}
	g := *f
	g.maxFileSize = 4096 // a link target, not content
	blob, err := g.blobOf("readlink", name, e, parent)
	if err != nil {
		return "", err
	}
	r, err := blob.Reader()
	if err != nil {
		return "", &fs.PathError{Op: "readlink", Path: name, Err: err}
	}
	defer r.Close()
	data, err := io.ReadAll(r)
	if err != nil {
		return "", &fs.PathError{Op: "readlink", Path: name, Err: err}
	}
	return string(data), nil
}

// Sub returns the file system rooted at the directory dir.
func (f *GitFS) Sub(dir string) (fs.FS, error) {
	if dir == "." {
		return f, nil
	}
	e, parent, err := f.lookup("sub", dir)
	if err != nil {
		return nil, err
	}
	t, err := f.subtree(parent, e)
	if err != nil {
		return nil, &fs.PathError{Op: "sub", Path: dir, Err: err}
	}
	g := *f
	g.root = t
	return &g, nil
}

// Hash returns the object id of the named entry: a blob for a file or a
// symbolic link, a tree for a directory ("." is the root tree), a commit
// for a submodule.
func (f *GitFS) Hash(name string) (plumbing.Hash, error) {
	e, _, err := f.lookup("hash", name)
	if err != nil {
		return plumbing.ZeroHash, err
	}
	return e.Hash, nil
}

// BlobID returns the blob id of the named file or symbolic link in fsys,
// when fsys knows it without reading the file: a GitFS, or any file system
// whose Lstat or Stat FileInfo.Sys is a plumbing.Hash.
func BlobID(fsys fs.FS, name string) (plumbing.Hash, bool) {
	if f, ok := fsys.(*GitFS); ok {
		e, _, err := f.lookup("hash", name)
		if err != nil || !isBlobMode(e.Mode) {
			return plumbing.ZeroHash, false
		}
		return e.Hash, true
	}
	info, err := fs.Lstat(fsys, name)
	if err != nil {
		return plumbing.ZeroHash, false
	}
	h, ok := info.Sys().(plumbing.Hash)
	if !ok || !(info.Mode().IsRegular() || info.Mode()&fs.ModeSymlink != 0) {
		return plumbing.ZeroHash, false
	}
	return h, true
}

// exists reports whether fs.Stat(fsys, name) succeeds, without reading the
// file: on a GitFS it looks the path up in the trees, where Stat decodes the
// blob to learn its size (a whole read of a loose or deltified object).
func exists(fsys fs.FS, name string) bool {
	if f, ok := fsys.(*GitFS); ok {
		e, _, err := f.lookup("stat", name)
		return err == nil && e.Mode != filemode.Symlink
	}
	_, err := fs.Stat(fsys, name)
	return err == nil
}

func isBlobMode(m filemode.FileMode) bool {
	return m == filemode.Regular || m == filemode.Executable || m == filemode.Deprecated || m == filemode.Symlink
}

// lookup resolves name to its entry and the tree that holds it. The root's
// entry is a synthetic directory entry with no parent.
func (f *GitFS) lookup(op, name string) (object.TreeEntry, cachedTree, error) {
	if !fs.ValidPath(name) {
		return object.TreeEntry{}, cachedTree{}, &fs.PathError{Op: op, Path: name, Err: fs.ErrInvalid}
	}
	if name == "." {
		return object.TreeEntry{Name: ".", Mode: filemode.Dir, Hash: f.root.tree.Hash}, cachedTree{}, nil
	}
	dir, rest := f.root, name
	for {
		elem, tail, more := strings.Cut(rest, "/")
		e, ok := dir.find(elem)
		if !ok {
			return object.TreeEntry{}, cachedTree{}, &fs.PathError{Op: op, Path: name, Err: fs.ErrNotExist}
		}
		if !more {
			return e, dir, nil
		}
		switch e.Mode {
		case filemode.Dir:
		case filemode.Symlink:
			return object.TreeEntry{}, cachedTree{}, &fs.PathError{Op: op, Path: name, Err: ErrSymlink}
		case filemode.Submodule:
			return object.TreeEntry{}, cachedTree{}, &fs.PathError{Op: op, Path: name, Err: ErrSubmodule}
		default:
			return object.TreeEntry{}, cachedTree{}, &fs.PathError{Op: op, Path: name, Err: fs.ErrNotExist}
		}
		sub, err := f.subtree(dir, e)
		if err != nil {
			return object.TreeEntry{}, cachedTree{}, &fs.PathError{Op: op, Path: name, Err: err}
		}
		dir, rest = sub, tail
	}
}

// subtree returns the tree of the directory entry e of parent (the root
// when parent is the zero cachedTree).
func (f *GitFS) subtree(parent cachedTree, e object.TreeEntry) (cachedTree, error) {
	if e.Mode != filemode.Dir {
		return cachedTree{}, errNotDir
	}
	if parent.tree == nil {
		return f.root, nil
	}
	if t, ok := f.cache.get(e.Hash); ok {
		return t, nil
	}
	// Tree.Tree caches lookups inside its receiver, which may be shared
	// between goroutines: call it on a copy. One path element is looked up
	// directly, without touching the shared cache of its receiver.
	cp := *parent.tree
	t, err := cp.Tree(e.Name)
	if err != nil {
		return cachedTree{}, err
	}
	ct := newCachedTree(t)
	f.cache.put(e.Hash, ct)
	return ct, nil
}

// blob returns the blob of the regular file e, enforcing the size limit.
func (f *GitFS) blob(op, name string, e object.TreeEntry, parent cachedTree) (*object.Blob, error) {
	switch e.Mode {
	case filemode.Symlink:
		return nil, &fs.PathError{Op: op, Path: name, Err: ErrSymlink}
	case filemode.Submodule:
		return nil, &fs.PathError{Op: op, Path: name, Err: ErrSubmodule}
	case filemode.Regular, filemode.Executable, filemode.Deprecated:
	default:
		return nil, &fs.PathError{Op: op, Path: name, Err: fmt.Errorf("mode %s: %w", e.Mode, fs.ErrInvalid)}
	}
	return f.blobOf(op, name, e, parent)
}

func (f *GitFS) blobOf(op, name string, e object.TreeEntry, parent cachedTree) (*object.Blob, error) {
	cp := *parent.tree // TreeEntryFile reads only; copied for symmetry with subtree
	file, err := cp.TreeEntryFile(&e)
	if err != nil {
		return nil, &fs.PathError{Op: op, Path: name, Err: err}
	}
	if f.maxFileSize > 0 && file.Size > f.maxFileSize {
		return nil, &fs.PathError{Op: op, Path: name, Err: &LimitError{Limit: LimitFileSize, Path: name, Value: file.Size, Max: f.maxFileSize}}
	}
	return &file.Blob, nil
}

func (f *GitFS) info(op, name string, e object.TreeEntry, parent cachedTree) (fs.FileInfo, error) {
	info := entryInfo(e, 0)
	info.name = path.Base(name)
	if isBlobMode(e.Mode) {
		cp := *parent.tree
		file, err := cp.TreeEntryFile(&e)
		if err != nil {
			return nil, &fs.PathError{Op: op, Path: name, Err: err}
		}
		info.size = file.Size
	}
	return info, nil
}

func (f *GitFS) readDir(e object.TreeEntry, parent cachedTree) ([]fs.DirEntry, error) {
	t, err := f.subtree(parent, e)
	if err != nil {
		return nil, err
	}
	entries := make([]fs.DirEntry, len(t.tree.Entries))
	for i, e := range t.tree.Entries {
		entries[i] = dirEntry{fsys: f, parent: t, e: e}
	}
	// Git orders a folder as if its name ended in '/'; io/fs wants names.
	sort.Slice(entries, func(i, j int) bool { return entries[i].Name() < entries[j].Name() })
	return entries, nil
}

// cachedTree is a decoded tree and whether its entries are in Git order,
// which allows binary search.
type cachedTree struct {
	tree   *object.Tree
	sorted bool
}

func newCachedTree(t *object.Tree) cachedTree {
	return cachedTree{tree: t, sorted: slices.IsSortedFunc(t.Entries, func(a, b object.TreeEntry) int {
		return strings.Compare(gitSortName(a), gitSortName(b))
	})}
}

func gitSortName(e object.TreeEntry) string {
	if e.Mode == filemode.Dir {
		return e.Name + "/"
	}
	return e.Name
}

// find returns the entry called name.
func (t cachedTree) find(name string) (object.TreeEntry, bool) {
	entries := t.tree.Entries
	if !t.sorted {
		for _, e := range entries {
			if e.Name == name {
				return e, true
			}
		}
		return object.TreeEntry{}, false
	}
	// A file sorts as name, a folder as name + "/": try both places.
	for _, key := range [2]string{name, name + "/"} {
		i := sort.Search(len(entries), func(i int) bool { return gitSortName(entries[i]) >= key })
		if i < len(entries) && entries[i].Name == name {
			return entries[i], true
		}
	}
	return object.TreeEntry{}, false
}

// treeCache keeps decoded trees by id for one GitFS and its Subs. It is
// bounded: when full it starts over, which is cheap and keeps memory flat.
type treeCache struct {
	mu    sync.Mutex
	trees map[plumbing.Hash]cachedTree
}

const treeCacheSize = 1024

func (c *treeCache) get(h plumbing.Hash) (cachedTree, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	t, ok := c.trees[h]
	return t, ok
}

func (c *treeCache) put(h plumbing.Hash, t cachedTree) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.trees == nil || len(c.trees) >= treeCacheSize {
		c.trees = make(map[plumbing.Hash]cachedTree)
	}
	c.trees[h] = t
}
