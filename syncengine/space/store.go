package space

import "context"

// Store keeps the state of spaces. A host may back it with its own
// database; every Store must pass the conformance suite in package
// storetest. Several engines (processes) may share one Store: writes are
// compare-and-swap on State.Version, so no update is lost.
//
// Methods must be safe for concurrent use, and must never return or keep a
// State the caller may still modify: Load returns a fresh copy and Save
// copies what it stores.
type Store interface {
	// Load returns the state of space, with Version set; ErrNotFound when
	// none was saved. Stored data that cannot be read is a *CorruptError.
	Load(ctx context.Context, space string) (*State, error)
	// Save stores st if the stored version is st.Version (0: nothing stored
	// yet) and sets st.Version to the new version; otherwise it stores
	// nothing and returns an error wrapping ErrVersion.
	Save(ctx context.Context, st *State) error
	// Delete removes the state of space if its version is version
	// (ErrVersion otherwise, ErrNotFound when there is none), with the
	// space's revisions.
	Delete(ctx context.Context, space string, version int64) error
	// List returns the ids of the spaces with a state, sorted.
	List(ctx context.Context) ([]string, error)

	// PutRevision stores revision data (JSON) of space under key. Keys name
	// content: putting a key twice stores the same data.
	PutRevision(ctx context.Context, space, key string, data []byte) error
	// GetRevision returns what PutRevision stored; ErrNotFound if nothing.
	GetRevision(ctx context.Context, space, key string) ([]byte, error)
	// DeleteRevision removes a revision; deleting a missing one is no error.
	DeleteRevision(ctx context.Context, space, key string) error

	// Bind claims b for space. Claiming a binding the space holds already
	// succeeds; one another space holds is a *BindingError.
	Bind(ctx context.Context, b Binding, space string) error
	// Unbind releases b if space holds it; otherwise it does nothing.
	Unbind(ctx context.Context, b Binding, space string) error
}
