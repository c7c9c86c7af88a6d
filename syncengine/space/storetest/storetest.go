// Package storetest is a conformance suite for implementations of
// space.Store, in the way of testing/fstest: a host backing spaces with its
// own database runs Run on it in a test.
package storetest

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/seed1bfafebe/gitsync/syncengine/space"
)

// Run checks that the stores newStore returns behave as space.Store says:
// not-found errors, compare-and-swap on versions, isolation of the states
// handed in and out, revisions, bindings, deletion, and concurrent writers.
// newStore must return an empty store each time it is called.
func Run(t *testing.T, newStore func(t *testing.T) space.Store) {
	t.Helper()
	for _, tc := range []struct {
		name string
		fn   func(*testing.T, space.Store)
	}{
		{"LoadMissing", testLoadMissing},
		{"SaveLoad", testSaveLoad},
		{"CompareAndSwap", testCompareAndSwap},
		{"Isolation", testIsolation},
		{"List", testList},
		{"Delete", testDelete},
		{"Revisions", testRevisions},
		{"Bindings", testBindings},
		{"Concurrent", testConcurrent},
		{"Canceled", testCanceled},
	} {
		t.Run(tc.name, func(t *testing.T) { tc.fn(t, newStore(t)) })
	}
}

// sample returns a state with every field set.
func sample(id string) *space.State {
	return &space.State{
		Space:         id,
		Binding:       space.Binding{URL: "https://example.com/org/repo.git", Ref: "refs/heads/main", ProjectDir: "docs"},
		RepoCacheID:   "cache-1",
		LastCommit:    "0123456789abcdef0123456789abcdef01234567",
		LastTimestamp: time.Date(2026, 1, 2, 3, 4, 5, 6000, time.UTC),
		LastOperation: "import",
		GitInfo: &space.GitInfo{RepoName: "org/repo", InstallationProvider: "github", Integration: "github",
			URL: "https://example.com/org/repo/tree/main", UpdatedAt: time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)},
		LegacyInstallation: true,
		Changed:            true,
		RevisionKey:        "v1-abc",
		RevisionID:         "abc",
		Pages: map[string]space.Entry{
			"README.md":  {ID: "p1", Blob: "b1"},
			"a/page.md":  {ID: "p2", Blob: "b2", Origin: "old/page.md"},
			"ünïcode.md": {ID: "p3", Blob: "b3"},
		},
		Files:     map[string]space.Entry{".gitbook/assets/x.png": {ID: "f1", Blob: "b4"}},
		Reusables: map[string]space.Entry{".gitbook/includes/r.md": {ID: "r1", Blob: "b5"}},
		Groups:    []space.Named{{ID: "g1", Title: "Group"}},
		Links:     []space.Named{{ID: "l1", Title: "Link", URL: "https://example.com"}},
	}
}

func testLoadMissing(t *testing.T, s space.Store) {
	ctx := context.Background()
	if _, err := s.Load(ctx, "nope"); !errors.Is(err, space.ErrNotFound) {
		t.Errorf("Load(missing) = %v, want ErrNotFound", err)
	}
	if _, err := s.GetRevision(ctx, "nope", "k"); !errors.Is(err, space.ErrNotFound) {
		t.Errorf("GetRevision(missing) = %v, want ErrNotFound", err)
	}
	if err := s.Delete(ctx, "nope", 1); !errors.Is(err, space.ErrNotFound) {
		t.Errorf("Delete(missing) = %v, want ErrNotFound", err)
	}
}

func testSaveLoad(t *testing.T, s space.Store) {
	ctx := context.Background()
	st := sample("s1")
	if err := s.Save(ctx, st); err != nil {
		t.Fatalf("Save new: %v", err)
	}
	if st.Version != 1 {
		t.Errorf("Version after first Save = %d, want 1", st.Version)
	}
	got, err := s.Load(ctx, "s1")
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	if diff := cmp.Diff(st, got); diff != "" {
		t.Errorf("Load after Save (-saved +loaded):\n%s", diff)
	}
	got.LastCommit = "next"
	if err := s.Save(ctx, got); err != nil {
		t.Fatalf("Save over version 1: %v", err)
	}
	if got.Version != 2 {
		t.Errorf("Version after second Save = %d, want 2", got.Version)
	}
	again, err := s.Load(ctx, "s1")
	if err != nil || again.LastCommit != "next" || again.Version != 2 {
		t.Errorf("Load = %+v, %v; want LastCommit next, version 2", again, err)
	}
}

func testCompareAndSwap(t *testing.T, s space.Store) {
	ctx := context.Background()
	st := sample("cas")
	if err := s.Save(ctx, st); err != nil {
		t.Fatal(err)
	}
	a, _ := s.Load(ctx, "cas")
	b, _ := s.Load(ctx, "cas")
	a.LastCommit = "from-a"
	if err := s.Save(ctx, a); err != nil {
		t.Fatalf("first writer: %v", err)
	}
	b.LastCommit = "from-b"
	if err := s.Save(ctx, b); !errors.Is(err, space.ErrVersion) {
		t.Errorf("stale writer: err = %v, want ErrVersion", err)
	}
	if b.Version != 1 {
		t.Errorf("a failed Save changed the version to %d", b.Version)
	}
	got, _ := s.Load(ctx, "cas")
	if got.LastCommit != "from-a" {
		t.Errorf("stale write landed: LastCommit = %q", got.LastCommit)
	}
	fresh := sample("cas")
	if err := s.Save(ctx, fresh); !errors.Is(err, space.ErrVersion) {
		t.Errorf("Save of version 0 over a stored state: err = %v, want ErrVersion", err)
	}
	ahead := sample("new-ahead")
	ahead.Version = 3
	if err := s.Save(ctx, ahead); !errors.Is(err, space.ErrVersion) {
		t.Errorf("Save of version 3 where nothing is stored: err = %v, want ErrVersion", err)
	}
}

func testIsolation(t *testing.T, s space.Store) {
	ctx := context.Background()
	st := sample("iso")
	if err := s.Save(ctx, st); err != nil {
		t.Fatal(err)
	}
	st.Pages["README.md"] = space.Entry{ID: "changed"}
	st.GitInfo.RepoName = "changed"
	got, _ := s.Load(ctx, "iso")
	if got.Pages["README.md"].ID != "p1" || got.GitInfo.RepoName != "org/repo" {
		t.Errorf("the store shares the saved state with its caller")
	}
	got.Pages["a/page.md"] = space.Entry{ID: "changed"}
	again, _ := s.Load(ctx, "iso")
	if again.Pages["a/page.md"].ID != "p2" {
		t.Errorf("the store shares a loaded state with its caller")
	}
}

func testList(t *testing.T, s space.Store) {
	ctx := context.Background()
	ids := []string{"b", "a", "with/slash", "..", "ünï", "x-1"}
	for _, id := range ids {
		if err := s.Save(ctx, &space.State{Space: id}); err != nil {
			t.Fatalf("Save %q: %v", id, err)
		}
	}
	got, err := s.List(ctx)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"..", "a", "b", "with/slash", "x-1", "ünï"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("List (-want +got):\n%s", diff)
	}
	for _, id := range ids {
		if st, err := s.Load(ctx, id); err != nil || st.Space != id {
			t.Errorf("Load(%q) = %v, %v", id, st, err)
		}
	}
}

func testDelete(t *testing.T, s space.Store) {
	ctx := context.Background()
	st := sample("del")
	if err := s.Save(ctx, st); err != nil {
		t.Fatal(err)
	}
	if err := s.PutRevision(ctx, "del", "k", []byte(`{}`)); err != nil {
		t.Fatal(err)
	}
	if err := s.Bind(ctx, st.Binding, "del"); err != nil {
		t.Fatal(err)
	}
	if err := s.Delete(ctx, "del", 7); !errors.Is(err, space.ErrVersion) {
		t.Errorf("Delete with a wrong version: %v, want ErrVersion", err)
	}
	if err := s.Delete(ctx, "del", st.Version); err != nil {
		t.Fatalf("Delete: %v", err)
	}
	if _, err := s.Load(ctx, "del"); !errors.Is(err, space.ErrNotFound) {
		t.Errorf("Load after Delete: %v, want ErrNotFound", err)
	}
	if _, err := s.GetRevision(ctx, "del", "k"); !errors.Is(err, space.ErrNotFound) {
		t.Errorf("revision survives its space: %v", err)
	}
	if err := s.Bind(ctx, st.Binding, "other"); err != nil {
		t.Errorf("binding survives its space: %v", err)
	}
	if ids, _ := s.List(ctx); len(ids) != 0 {
		t.Errorf("List after Delete = %v", ids)
	}
}

func testRevisions(t *testing.T, s space.Store) {
	ctx := context.Background()
	data := []byte(`{"object":"revision"}`)
	if err := s.PutRevision(ctx, "r", "k/1", data); err != nil {
		t.Fatal(err)
	}
	data[0] = 'X' // the store must have copied it
	got, err := s.GetRevision(ctx, "r", "k/1")
	if err != nil || string(got) != `{"object":"revision"}` {
		t.Errorf("GetRevision = %q, %v", got, err)
	}
	if _, err := s.GetRevision(ctx, "other", "k/1"); !errors.Is(err, space.ErrNotFound) {
		t.Errorf("revisions leak across spaces: %v", err)
	}
	if err := s.DeleteRevision(ctx, "r", "k/1"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.GetRevision(ctx, "r", "k/1"); !errors.Is(err, space.ErrNotFound) {
		t.Errorf("GetRevision after delete: %v", err)
	}
	if err := s.DeleteRevision(ctx, "r", "k/1"); err != nil {
		t.Errorf("DeleteRevision of a missing key: %v", err)
	}
}

func testBindings(t *testing.T, s space.Store) {
	ctx := context.Background()
	b := space.Binding{URL: "https://example.com/r.git", Ref: "refs/heads/main", ProjectDir: "docs"}
	if err := s.Bind(ctx, b, "one"); err != nil {
		t.Fatal(err)
	}
	if err := s.Bind(ctx, b, "one"); err != nil {
		t.Errorf("re-binding by the owner: %v", err)
	}
	err := s.Bind(ctx, b, "two")
	var be *space.BindingError
	if !errors.As(err, &be) || be.Owner != "one" || !errors.Is(err, space.ErrBound) {
		t.Errorf("Bind by another space = %v, want *BindingError owned by one", err)
	}
	other := b
	other.ProjectDir = "other"
	if err := s.Bind(ctx, other, "two"); err != nil {
		t.Errorf("another project directory is another binding: %v", err)
	}
	if err := s.Unbind(ctx, b, "two"); err != nil {
		t.Fatal(err)
	}
	if err := s.Bind(ctx, b, "two"); !errors.Is(err, space.ErrBound) {
		t.Errorf("Unbind by a non-owner released the binding: %v", err)
	}
	if err := s.Unbind(ctx, b, "one"); err != nil {
		t.Fatal(err)
	}
	if err := s.Bind(ctx, b, "two"); err != nil {
		t.Errorf("Bind after the owner's Unbind: %v", err)
	}
}

// testConcurrent runs writers that each add one group to a shared space,
// retrying on version conflicts: none is lost.
func testConcurrent(t *testing.T, s space.Store) {
	ctx := context.Background()
	if err := s.Save(ctx, &space.State{Space: "conc"}); err != nil {
		t.Fatal(err)
	}
	const writers, each = 8, 5
	var wg sync.WaitGroup
	errs := make(chan error, writers)
	for w := range writers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range each {
				for {
					st, err := s.Load(ctx, "conc")
					if err != nil {
						errs <- err
						return
					}
					st.Groups = append(st.Groups, space.Named{ID: fmt.Sprintf("%d-%d", w, i)})
					err = s.Save(ctx, st)
					if err == nil {
						break
					}
					if !errors.Is(err, space.ErrVersion) {
						errs <- err
						return
					}
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	st, err := s.Load(ctx, "conc")
	if err != nil {
		t.Fatal(err)
	}
	if len(st.Groups) != writers*each || st.Version != writers*each+1 {
		t.Errorf("after %d writes: %d groups, version %d", writers*each, len(st.Groups), st.Version)
	}
}

func testCanceled(t *testing.T, s space.Store) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := s.Save(ctx, sample("c")); err == nil {
		t.Errorf("Save with a canceled context succeeded")
	}
	if _, err := s.Load(ctx, "c"); err == nil {
		t.Errorf("Load with a canceled context succeeded")
	}
}
