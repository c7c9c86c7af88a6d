package space

import (
	"errors"
	"fmt"
	"time"

	"github.com/seed1bfafebe/gitsync/revision"
)

// Errors of the engine and the stores, for errors.Is.
var (
	// ErrNotFound: the space was never synced (or was deleted).
	ErrNotFound = errors.New("space not found")
	// ErrInvalidRequest is matched by every *FieldError.
	ErrInvalidRequest = errors.New("invalid request")
	// ErrOutOfOrder is matched by every *OrderError.
	ErrOutOfOrder = errors.New("operation out of order")
	// ErrConflict is matched by every *ConflictError: both the branch and
	// the space changed since the last sync, in ways that do not merge.
	ErrConflict = errors.New("both the branch and the space changed")
	// ErrBound is matched by every *BindingError: another space already
	// syncs the same repository, ref and project directory.
	ErrBound = errors.New("repository already bound to another space")
	// ErrVersion: a Store's compare-and-swap failed, the stored version is
	// not the one the write expected (another writer won).
	ErrVersion = errors.New("state version changed")
	// ErrCorrupt is matched by every *CorruptError.
	ErrCorrupt = errors.New("corrupt state")
	// ErrNoResolver: no URL resolver is registered for the URL's scheme.
	ErrNoResolver = errors.New("no resolver for URL scheme")
)

// FieldError reports a request field that is missing or has a bad value.
type FieldError struct {
	Field  string // the JSON name, e.g. "commitMessage", "gitInfo.provider"
	Reason string // "required", or what is wrong with the value
}

// Error returns "invalid request: field: reason".
func (e *FieldError) Error() string {
	return fmt.Sprintf("%v: %s: %s", ErrInvalidRequest, e.Field, e.Reason)
}

// Unwrap makes errors.Is(err, ErrInvalidRequest) hold.
func (e *FieldError) Unwrap() error { return ErrInvalidRequest }

// OrderError reports an operation whose timestamp is older than the last
// operation applied to the space.
type OrderError struct {
	Space     string
	Timestamp time.Time // the refused operation's
	Last      time.Time // the last applied operation's
}

// Error describes both timestamps.
func (e *OrderError) Error() string {
	return fmt.Sprintf("space %s: %v: timestamp %s is older than the last applied %s",
		e.Space, ErrOutOfOrder, e.Timestamp.UTC().Format(time.RFC3339Nano), e.Last.UTC().Format(time.RFC3339Nano))
}

// Unwrap makes errors.Is(err, ErrOutOfOrder) hold.
func (e *OrderError) Unwrap() error { return ErrOutOfOrder }

// ConflictError reports an export (or import) refused because the branch
// moved since the space's last sync (from Synced to Branch) and the space
// changed too, in ways that do not merge: Conflicts are what revision.Merge could not
// combine (ours: the space; theirs: the branch), nil when no merge was
// tried (the binding changed).
type ConflictError struct {
	Space     string
	Ref       string
	Synced    string // the commit of the last sync
	Branch    string // where the branch is now
	Conflicts []*revision.Conflict
}

// Error names the ref and both commits.
func (e *ConflictError) Error() string {
	if n := len(e.Conflicts); n > 0 {
		return fmt.Sprintf("space %s: %v: %s moved from %s to %s, %d conflicts (force overrides)", e.Space, ErrConflict, e.Ref, short(e.Synced), short(e.Branch), n)
	}
	return fmt.Sprintf("space %s: %v: %s moved from %s to %s (force overrides)", e.Space, ErrConflict, e.Ref, short(e.Synced), short(e.Branch))
}

// Unwrap makes errors.Is(err, ErrConflict) hold.
func (e *ConflictError) Unwrap() error { return ErrConflict }

// BindingError reports that Binding is held by another space, Owner.
type BindingError struct {
	Binding Binding
	Owner   string
}

// Error names the binding and its owner.
func (e *BindingError) Error() string {
	return fmt.Sprintf("%v: %s is synced by space %s", ErrBound, e.Binding, e.Owner)
}

// Unwrap makes errors.Is(err, ErrBound) hold.
func (e *BindingError) Unwrap() error { return ErrBound }

// CorruptError reports stored state that cannot be read back: it is never
// silently reset.
type CorruptError struct {
	Path string // the file (FileStore) or key
	Err  error
}

// Error names the file and what is wrong.
func (e *CorruptError) Error() string {
	return fmt.Sprintf("%v: %s: %v", ErrCorrupt, e.Path, e.Err)
}

// Unwrap returns both ErrCorrupt and the cause.
func (e *CorruptError) Unwrap() []error { return []error{ErrCorrupt, e.Err} }

func short(h string) string {
	if h == "" {
		return "nothing"
	}
	if len(h) > 12 {
		return h[:12]
	}
	return h
}
