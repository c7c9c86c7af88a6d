package space

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
)

// FileStore is a Store in a folder, the embedded default: one JSON file per
// space (spaces/ID.json), its primary revisions beside it
// (revisions/ID/KEY.json) and one file per binding (bindings/). Every file
// is written atomically: a temporary file in the same folder, fsync, then
// rename, so an interrupted write leaves the old content in place. A file
// that does not parse is a *CorruptError, never silently reset.
//
// Writers in several processes are serialized by an advisory lock on
// spaces/ID.lock (flock on Unix; elsewhere only within one process).
type FileStore struct {
	dir string
	mu  sync.Mutex // serializes this process's writers (flock is per process)

	// beforeRename, when set (tests), runs after the temporary file is
	// written and before it replaces the target; an error aborts the write
	// as a crash would.
	beforeRename func(target string) error
}

// NewFileStore returns a store in dir, creating it if needed.
func NewFileStore(dir string) (*FileStore, error) {
	for _, sub := range []string{"spaces", "revisions", "bindings"} {
		if err := os.MkdirAll(filepath.Join(dir, sub), 0o755); err != nil {
			return nil, err
		}
	}
	return &FileStore{dir: dir}, nil
}

// fileName turns a space id or key into a safe file name: ids of letters,
// digits, '-' and '_' are kept; anything else is hex-encoded.
func fileName(id string) string {
	safe := id != ""
	for _, c := range id {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_') {
			safe = false
			break
		}
	}
	if safe && !strings.HasPrefix(id, "x-") {
		return id
	}
	return "x-" + hex.EncodeToString([]byte(id))
}

func nameToID(name string) (string, bool) {
	if h, ok := strings.CutPrefix(name, "x-"); ok {
		b, err := hex.DecodeString(h)
		return string(b), err == nil
	}
	return name, name != ""
}

func (f *FileStore) statePath(space string) string {
	return filepath.Join(f.dir, "spaces", fileName(space)+".json")
}

// Load implements Store.
func (f *FileStore) Load(ctx context.Context, space string) (*State, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	return f.read(space)
}

func (f *FileStore) read(space string) (*State, error) {
	p := f.statePath(space)
	data, err := os.ReadFile(p)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("space %s: %w", space, ErrNotFound)
	}
	if err != nil {
		return nil, err
	}
	st := new(State)
	dec := json.NewDecoder(strings.NewReader(string(data)))
	if err := dec.Decode(st); err != nil {
		return nil, &CorruptError{Path: p, Err: err}
	}
	if dec.More() {
		return nil, &CorruptError{Path: p, Err: errors.New("data after the state")}
	}
	if st.Space != space || st.Version <= 0 {
		return nil, &CorruptError{Path: p, Err: fmt.Errorf("holds space %q version %d", st.Space, st.Version)}
	}
	return st, nil
}

// Save implements Store.
func (f *FileStore) Save(ctx context.Context, st *State) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if st.Space == "" {
		return &FieldError{Field: "space", Reason: "required"}
	}
	unlock, err := f.lock(st.Space)
	if err != nil {
		return err
	}
	defer unlock()
	cur := int64(0)
	old, err := f.read(st.Space)
	switch {
	case err == nil:
		cur = old.Version
	case !errors.Is(err, ErrNotFound):
		return err
	}
	if cur != st.Version {
		return fmt.Errorf("space %s: stored version %d, expected %d: %w", st.Space, cur, st.Version, ErrVersion)
	}
	next := *st
	next.Version = cur + 1
	data, err := json.MarshalIndent(&next, "", " ")
	if err != nil {
		return err
	}
	if err := f.writeAtomic(f.statePath(st.Space), append(data, '\n')); err != nil {
		return err
	}
	st.Version = next.Version
	return nil
}

// Delete implements Store.
func (f *FileStore) Delete(ctx context.Context, space string, version int64) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	unlock, err := f.lock(space)
	if err != nil {
		return err
	}
	defer unlock()
	old, err := f.read(space)
	if err != nil && !errors.As(err, new(*CorruptError)) {
		return err
	}
	if old != nil && old.Version != version {
		return fmt.Errorf("space %s: stored version %d, expected %d: %w", space, old.Version, version, ErrVersion)
	}
	if old == nil {
		return err // corrupt: deleting needs a readable version
	}
	if err := os.Remove(f.statePath(space)); err != nil {
		return err
	}
	_ = os.RemoveAll(filepath.Join(f.dir, "revisions", fileName(space)))
	entries, _ := os.ReadDir(filepath.Join(f.dir, "bindings"))
	for _, e := range entries {
		p := filepath.Join(f.dir, "bindings", e.Name())
		if rec, err := readBinding(p); err == nil && rec.Space == space {
			_ = os.Remove(p)
		}
	}
	return nil
}

// List implements Store.
func (f *FileStore) List(ctx context.Context) ([]string, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	entries, err := os.ReadDir(filepath.Join(f.dir, "spaces"))
	if err != nil {
		return nil, err
	}
	var ids []string
	for _, e := range entries {
		name, ok := strings.CutSuffix(e.Name(), ".json")
		if !ok || !e.Type().IsRegular() {
			continue // temporary files and locks
		}
		if id, ok := nameToID(name); ok {
			ids = append(ids, id)
		}
	}
	sort.Strings(ids)
	return ids, nil
}

func (f *FileStore) revisionPath(space, key string) string {
	return filepath.Join(f.dir, "revisions", fileName(space), fileName(key)+".json")
}

// PutRevision implements Store.
func (f *FileStore) PutRevision(ctx context.Context, space, key string, data []byte) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	p := f.revisionPath(space, key)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		return err
	}
	return f.writeAtomic(p, data)
}

// GetRevision implements Store.
func (f *FileStore) GetRevision(ctx context.Context, space, key string) ([]byte, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	data, err := os.ReadFile(f.revisionPath(space, key))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("space %s: revision %s: %w", space, key, ErrNotFound)
	}
	return data, err
}

// DeleteRevision implements Store.
func (f *FileStore) DeleteRevision(ctx context.Context, space, key string) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	err := os.Remove(f.revisionPath(space, key))
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	return err
}

type bindingRecord struct {
	Binding Binding `json:"binding"`
	Space   string  `json:"space"`
}

func (f *FileStore) bindingPath(b Binding) string {
	h := sha256.Sum256([]byte(b.URL + "\x00" + b.Ref + "\x00" + b.ProjectDir))
	return filepath.Join(f.dir, "bindings", hex.EncodeToString(h[:16])+".json")
}

func readBinding(p string) (*bindingRecord, error) {
	data, err := os.ReadFile(p)
	if err != nil {
		return nil, err
	}
	rec := new(bindingRecord)
	if err := json.Unmarshal(data, rec); err != nil {
		return nil, &CorruptError{Path: p, Err: err}
	}
	return rec, nil
}

// Bind implements Store.
func (f *FileStore) Bind(ctx context.Context, b Binding, space string) error {
	return f.withBinding(ctx, b, func(p string, rec *bindingRecord, err error) error {
		switch {
		case err == nil && rec.Space == space:
			return nil
		case err == nil:
			return &BindingError{Binding: b, Owner: rec.Space}
		case !errors.Is(err, fs.ErrNotExist):
			return err
		}
		data, err := json.Marshal(bindingRecord{Binding: b, Space: space})
		if err != nil {
			return err
		}
		return f.writeAtomic(p, data)
	})
}

// withBinding runs fn under the bindings lock with the path of b's record
// and what reading it gave.
func (f *FileStore) withBinding(ctx context.Context, b Binding, fn func(p string, rec *bindingRecord, err error) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	unlock, err := f.lock("\x00bindings")
	if err != nil {
		return err
	}
	defer unlock()
	p := f.bindingPath(b)
	rec, err := readBinding(p)
	return fn(p, rec, err)
}

// Unbind implements Store.
func (f *FileStore) Unbind(ctx context.Context, b Binding, space string) error {
	return f.withBinding(ctx, b, func(p string, rec *bindingRecord, err error) error {
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				return nil
			}
			return err
		}
		if rec.Space != space {
			return nil
		}
		return os.Remove(p)
	})
}

// writeAtomic replaces p with data: temporary file, fsync, rename, fsync
// of the folder.
func (f *FileStore) writeAtomic(p string, data []byte) error {
	dir := filepath.Dir(p)
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(p)+".tmp-*")
	if err != nil {
		return err
	}
	ok := false
	defer func() {
		if !ok {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	if _, err := tmp.Write(data); err != nil {
		return err
	}
	if err := tmp.Sync(); err != nil {
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	if f.beforeRename != nil {
		if err := f.beforeRename(p); err != nil {
			return err
		}
	}
	if err := os.Rename(tmp.Name(), p); err != nil {
		return err
	}
	ok = true
	if d, err := os.Open(dir); err == nil {
		_ = d.Sync()
		d.Close()
	}
	return nil
}

// lock takes this process's lock and the advisory file lock of name.
func (f *FileStore) lock(name string) (unlock func(), err error) {
	f.mu.Lock()
	fileUnlock, err := lockFile(filepath.Join(f.dir, "spaces", fileName(name)+".lock"))
	if err != nil {
		f.mu.Unlock()
		return nil, err
	}
	return func() {
		fileUnlock()
		f.mu.Unlock()
	}, nil
}
