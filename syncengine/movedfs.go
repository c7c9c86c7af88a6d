package syncengine

import (
	"io/fs"
	"path"
	"strings"
)

// movedFS shows the tree fsys as if the folder from were at to: a name
// under to is read under from, every other name as it is. An export whose
// space changed folder reads its base through it, so that the space's
// files in the previous folder are the base of the ones it writes in the
// new folder (ExportOptions.PreviousProjectDir).
type movedFS struct {
	fsys     fs.FS
	from, to string // cleaned folders; "" is the root
}

var (
	_ fs.StatFS     = movedFS{}
	_ fs.ReadDirFS  = movedFS{}
	_ fs.ReadFileFS = movedFS{}
)

// name maps a name of the moved view to the underlying tree.
func (m movedFS) name(name string) string {
	rest, ok := "", false
	switch {
	case m.to == "":
		rest, ok = name, true
	case name == m.to:
		rest, ok = ".", true
	case strings.HasPrefix(name, m.to+"/"):
		rest, ok = name[len(m.to)+1:], true
	}
	if !ok {
		return name
	}
	if m.from == "" {
		return rest
	}
	return path.Join(m.from, rest)
}

func (m movedFS) check(op, name string) error {
	if !fs.ValidPath(name) {
		return &fs.PathError{Op: op, Path: name, Err: fs.ErrInvalid}
	}
	return nil
}

// Open implements fs.FS.
func (m movedFS) Open(name string) (fs.File, error) {
	if err := m.check("open", name); err != nil {
		return nil, err
	}
	return m.fsys.Open(m.name(name))
}

// Stat implements fs.StatFS.
func (m movedFS) Stat(name string) (fs.FileInfo, error) {
	if err := m.check("stat", name); err != nil {
		return nil, err
	}
	return fs.Stat(m.fsys, m.name(name))
}

// ReadDir implements fs.ReadDirFS.
func (m movedFS) ReadDir(name string) ([]fs.DirEntry, error) {
	if err := m.check("readdir", name); err != nil {
		return nil, err
	}
	return fs.ReadDir(m.fsys, m.name(name))
}

// ReadFile implements fs.ReadFileFS.
func (m movedFS) ReadFile(name string) ([]byte, error) {
	if err := m.check("readfile", name); err != nil {
		return nil, err
	}
	return fs.ReadFile(m.fsys, m.name(name))
}
