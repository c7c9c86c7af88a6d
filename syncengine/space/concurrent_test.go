package space_test

import (
	"errors"
	"fmt"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/seed1bfafebe/gitsync/syncengine/space"
)

// TestConcurrentOperations runs imports, exports, Git info reads and
// revision reads of one space from many goroutines, on two engines sharing
// one file store (as two processes would): every operation succeeds or is
// refused with a typed error, the order never goes back, and the ids stay.
func TestConcurrentOperations(t *testing.T) {
	store, err := space.NewFileStore(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	f := newFixtureStore(t, docs, store)
	first := f.mustImport("s", f.importReq(0))
	other := space.New(space.Options{Store: store, Resolvers: map[string]space.Resolver{"mem": f.repos.resolver}})
	engines := []*space.Engine{f.engine, other}
	const workers = 12
	var wg sync.WaitGroup
	errs := make(chan error, workers*4)
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			e := engines[w%2]
			for i := range 3 {
				req := f.importReq(1 + (w*7+i*5)%20)
				req.Force = w%5 == 0
				if _, err := e.Import(f.ctx, "s", req); err != nil && !errors.Is(err, space.ErrOutOfOrder) {
					errs <- fmt.Errorf("import: %w", err)
				}
				if _, err := e.GitInfo(f.ctx, "s"); err != nil {
					errs <- fmt.Errorf("git info: %w", err)
				}
				if rev, err := e.Revision(f.ctx, "s"); err != nil {
					errs <- fmt.Errorf("revision: %w", err)
				} else if diff := cmp.Diff(pageIDs(first.Revision), pageIDs(rev)); diff != "" {
					errs <- fmt.Errorf("ids changed:\n%s", diff)
				}
				// Another space of the same repository shares the parse cache.
				g := f.importReq(1 + i)
				g.RepoProjectDirectory = "guide"
				if _, err := e.Import(f.ctx, "g", g); err != nil && !errors.Is(err, space.ErrOutOfOrder) {
					errs <- fmt.Errorf("import of guide: %w", err)
				}
				exp := space.ExportRequest{URL: f.url, Ref: "refs/heads/main", CommitMessage: "m", Timestamp: req.Timestamp}
				if _, err := e.Export(f.ctx, "s", exp); err != nil && !errors.Is(err, space.ErrOutOfOrder) {
					errs <- fmt.Errorf("export: %w", err)
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	st, err := f.engine.State(f.ctx, "s")
	if err != nil {
		t.Fatal(err)
	}
	if !st.LastTimestamp.Equal(ts(20)) {
		t.Errorf("last timestamp %v, want the newest, %v", st.LastTimestamp, ts(20))
	}
	if st.Version < 2 {
		t.Errorf("version %d: the imports were not saved", st.Version)
	}
}
