package syncengine

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"

	"github.com/go-git/go-billy/v5"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/storage/filesystem"
)

// Moving a ref in a repository on disk. go-git's filesystem storer opens the
// loose ref file, truncates it and writes the new id: a reader that opens
// the file in between reads an empty ref, and reports the branch missing
// while an export runs. Git itself never rewrites a ref in place: it writes
// the new value to "<ref>.lock", created exclusively (which also locks the
// ref against other writers, Git's own included), and renames it over the
// ref, which replaces the file in one step. casFile does the same, so a
// reader sees the old commit or the new one, never nothing.

// errRefLocked reports a ref whose lock file exists: another writer is
// moving it (or died while doing so and left the lock behind, as Git would).
var errRefLocked = errors.New("ref is locked by another writer")

// casFile points refName at commit if it still points at tip (if it still
// does not exist, for a nil tip), in the repository st on disk. conflict
// builds the error for a ref that moved. ok is false when st is not a
// repository casFile knows how to write to (the caller then uses the
// storer's own compare-and-swap).
func casFile(st *filesystem.Storage, refName plumbing.ReferenceName, commit plumbing.Hash, tip *plumbing.Reference, conflict func() error) (ok bool, err error) {
	fsys := st.Filesystem()
	if !billy.CapabilityCheck(fsys, billy.WriteCapability) {
		return false, nil
	}
	name := refName.String()
	if err := fsys.MkdirAll(path.Dir(name), 0o777); err != nil {
		return true, err
	}
	lockName := name + ".lock"
	lock, err := fsys.OpenFile(lockName, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o666)
	if err != nil {
		if errors.Is(err, fs.ErrExist) {
			return true, fmt.Errorf("%w (%s: %v)", conflict(), lockName, errRefLocked)
		}
		return true, err
	}
	renamed := false
	defer func() {
		if !renamed {
			lock.Close()
			fsys.Remove(lockName)
		}
	}()
	// With the lock held, the ref cannot move under us (unless a writer
	// ignores the lock protocol, as go-git's SetReference does).
	cur, err := st.Reference(refName)
	switch {
	case errors.Is(err, plumbing.ErrReferenceNotFound):
		if tip != nil {
			return true, conflict()
		}
	case err != nil:
		return true, err
	case tip == nil || cur.Hash() != tip.Hash():
		return true, conflict()
	}
	if _, err := lock.Write([]byte(commit.String() + "\n")); err != nil {
		return true, err
	}
	if s, ok := lock.(interface{ Sync() error }); ok {
		// The rename must not reach the disk before the bytes do: after a
		// crash the ref would be an empty file.
		if err := s.Sync(); err != nil {
			return true, err
		}
	}
	if err := lock.Close(); err != nil {
		return true, err
	}
	if err := fsys.Rename(lockName, name); err != nil {
		return true, err
	}
	renamed = true
	return true, nil
}
