package syncengine

import (
	"errors"
	"io"
	"io/fs"
	"time"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/filemode"
	"github.com/go-git/go-git/v5/plumbing/object"
)

// fileInfo describes a tree entry.
type fileInfo struct {
	name string
	mode fs.FileMode
	size int64
	hash plumbing.Hash
}

func entryInfo(e object.TreeEntry, size int64) fileInfo {
	return fileInfo{name: e.Name, mode: fsMode(e.Mode), size: size, hash: e.Hash}
}

func fsMode(m filemode.FileMode) fs.FileMode {
	switch m {
	case filemode.Dir:
		return fs.ModeDir | 0o755
	case filemode.Regular, filemode.Deprecated:
		return 0o644
	case filemode.Executable:
		return 0o755
	case filemode.Symlink:
		return fs.ModeSymlink | 0o777
	}
	return fs.ModeIrregular // submodules, and modes Git does not define
}

func (i fileInfo) Name() string       { return i.name }
func (i fileInfo) Size() int64        { return i.size }
func (i fileInfo) Mode() fs.FileMode  { return i.mode }
func (i fileInfo) ModTime() time.Time { return time.Time{} }
func (i fileInfo) IsDir() bool        { return i.mode.IsDir() }
func (i fileInfo) Sys() any           { return i.hash }

// dirEntry is an entry of ReadDir; Info reads the blob's size on demand.
type dirEntry struct {
	fsys   *GitFS
	parent cachedTree
	e      object.TreeEntry
}

func (d dirEntry) Name() string      { return d.e.Name }
func (d dirEntry) IsDir() bool       { return d.e.Mode == filemode.Dir }
func (d dirEntry) Type() fs.FileMode { return fsMode(d.e.Mode).Type() }
func (d dirEntry) Info() (fs.FileInfo, error) {
	return d.fsys.info("stat", d.e.Name, d.e, d.parent)
}
func (d dirEntry) String() string { return fs.FormatDirEntry(d) }

// blobFile is an open regular file; the blob is read as it is consumed.
type blobFile struct {
	info fileInfo
	blob *object.Blob
	r    io.ReadCloser
	err  error
}

func (f *blobFile) Stat() (fs.FileInfo, error) { return f.info, nil }

func (f *blobFile) Read(p []byte) (int, error) {
	if f.err != nil {
		return 0, f.err
	}
	if f.r == nil {
		if f.r, f.err = f.blob.Reader(); f.err != nil {
			return 0, f.err
		}
	}
	return f.r.Read(p)
}

func (f *blobFile) Close() error {
	if f.err == fs.ErrClosed {
		return fs.ErrClosed
	}
	f.err = fs.ErrClosed
	if f.r != nil {
		return f.r.Close()
	}
	return nil
}

// dirFile is an open directory.
type dirFile struct {
	info    fileInfo
	entries []fs.DirEntry
	closed  bool
}

func (d *dirFile) Stat() (fs.FileInfo, error) { return d.info, nil }

func (d *dirFile) Read([]byte) (int, error) {
	return 0, &fs.PathError{Op: "read", Path: d.info.name, Err: errors.New("is a directory")}
}

func (d *dirFile) Close() error {
	if d.closed {
		return fs.ErrClosed
	}
	d.closed = true
	return nil
}

// ReadDir returns the next n entries, or all that remain when n <= 0.
func (d *dirFile) ReadDir(n int) ([]fs.DirEntry, error) {
	if d.closed {
		return nil, fs.ErrClosed
	}
	if n <= 0 {
		rest := d.entries
		d.entries = nil
		return rest, nil
	}
	if len(d.entries) == 0 {
		return nil, io.EOF
	}
	n = min(n, len(d.entries))
	batch := d.entries[:n:n]
	d.entries = d.entries[n:]
	return batch, nil
}
