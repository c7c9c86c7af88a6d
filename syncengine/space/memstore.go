package space

import (
	"context"
	"encoding/json"
	"fmt"
	"sort"
	"sync"
)

// MemoryStore is a Store in memory, for tests and single-process hosts
// that need no durability. Its zero value is not usable: call
// NewMemoryStore.
type MemoryStore struct {
	mu        sync.Mutex
	states    map[string][]byte // JSON, so no caller ever shares a map
	versions  map[string]int64
	revisions map[string]map[string][]byte
	bindings  map[Binding]string
}

// NewMemoryStore returns an empty store.
func NewMemoryStore() *MemoryStore {
	return &MemoryStore{states: map[string][]byte{}, versions: map[string]int64{}, revisions: map[string]map[string][]byte{}, bindings: map[Binding]string{}}
}

// Load implements Store.
func (m *MemoryStore) Load(ctx context.Context, space string) (*State, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	m.mu.Lock()
	data, ok := m.states[space]
	m.mu.Unlock()
	if !ok {
		return nil, fmt.Errorf("space %s: %w", space, ErrNotFound)
	}
	st := new(State)
	if err := json.Unmarshal(data, st); err != nil {
		return nil, &CorruptError{Path: space, Err: err}
	}
	return st, nil
}

// Save implements Store.
func (m *MemoryStore) Save(ctx context.Context, st *State) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if st.Space == "" {
		return fmt.Errorf("save: %w", &FieldError{Field: "space", Reason: "required"})
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	cur, err := m.versionLocked(st.Space)
	if err != nil {
		return err
	}
	if cur != st.Version {
		return fmt.Errorf("space %s: stored version %d, expected %d: %w", st.Space, cur, st.Version, ErrVersion)
	}
	next := *st
	next.Version = cur + 1
	data, err := json.Marshal(&next)
	if err != nil {
		return err
	}
	m.states[st.Space] = data
	m.versions[st.Space] = next.Version
	st.Version = next.Version
	return nil
}

func (m *MemoryStore) versionLocked(space string) (int64, error) {
	return m.versions[space], nil
}

// Delete implements Store.
func (m *MemoryStore) Delete(ctx context.Context, space string, version int64) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if _, ok := m.states[space]; !ok {
		return fmt.Errorf("space %s: %w", space, ErrNotFound)
	}
	cur, err := m.versionLocked(space)
	if err != nil {
		return err
	}
	if cur != version {
		return fmt.Errorf("space %s: stored version %d, expected %d: %w", space, cur, version, ErrVersion)
	}
	delete(m.states, space)
	delete(m.versions, space)
	delete(m.revisions, space)
	for b, owner := range m.bindings {
		if owner == space {
			delete(m.bindings, b)
		}
	}
	return nil
}

// List implements Store.
func (m *MemoryStore) List(ctx context.Context) ([]string, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	ids := make([]string, 0, len(m.states))
	for id := range m.states {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	return ids, nil
}

// PutRevision implements Store.
func (m *MemoryStore) PutRevision(ctx context.Context, space, key string, data []byte) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.revisions[space] == nil {
		m.revisions[space] = map[string][]byte{}
	}
	m.revisions[space][key] = append([]byte(nil), data...)
	return nil
}

// GetRevision implements Store.
func (m *MemoryStore) GetRevision(ctx context.Context, space, key string) ([]byte, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	data, ok := m.revisions[space][key]
	if !ok {
		return nil, fmt.Errorf("space %s: revision %s: %w", space, key, ErrNotFound)
	}
	return append([]byte(nil), data...), nil
}

// DeleteRevision implements Store.
func (m *MemoryStore) DeleteRevision(ctx context.Context, space, key string) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	delete(m.revisions[space], key)
	return nil
}

// Bind implements Store.
func (m *MemoryStore) Bind(ctx context.Context, b Binding, space string) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if owner, ok := m.bindings[b]; ok && owner != space {
		return &BindingError{Binding: b, Owner: owner}
	}
	m.bindings[b] = space
	return nil
}

// Unbind implements Store.
func (m *MemoryStore) Unbind(ctx context.Context, b Binding, space string) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.bindings[b] == space {
		delete(m.bindings, b)
	}
	return nil
}
