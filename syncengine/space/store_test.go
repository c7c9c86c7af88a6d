package space_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"

	"github.com/seed1bfafebe/gitsync/syncengine/space"
	"github.com/seed1bfafebe/gitsync/syncengine/space/storetest"
)

func TestMemoryStoreConformance(t *testing.T) {
	storetest.Run(t, func(*testing.T) space.Store { return space.NewMemoryStore() })
}

func TestFileStoreConformance(t *testing.T) {
	storetest.Run(t, func(t *testing.T) space.Store {
		s, err := space.NewFileStore(t.TempDir())
		if err != nil {
			t.Fatal(err)
		}
		return s
	})
}

// TestFileStoreTwoProcesses runs writers through two FileStores on one
// folder, as two processes would (each has its own in-process lock; only
// the file lock serializes them): no update is lost.
func TestFileStoreTwoProcesses(t *testing.T) {
	dir := t.TempDir()
	var stores [2]space.Store
	for i := range stores {
		s, err := space.NewFileStore(dir)
		if err != nil {
			t.Fatal(err)
		}
		stores[i] = s
	}
	ctx := context.Background()
	if err := stores[0].Save(ctx, &space.State{Space: "s"}); err != nil {
		t.Fatal(err)
	}
	const writers, each = 6, 8
	var wg sync.WaitGroup
	for w := range writers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			s := stores[w%2]
			for i := range each {
				for {
					st, err := s.Load(ctx, "s")
					if err != nil {
						t.Error(err)
						return
					}
					st.Groups = append(st.Groups, space.Named{ID: fmt.Sprintf("%d-%d", w, i)})
					if err = s.Save(ctx, st); err == nil {
						break
					}
					if !errors.Is(err, space.ErrVersion) {
						t.Error(err)
						return
					}
				}
			}
		}()
	}
	wg.Wait()
	st, err := stores[1].Load(ctx, "s")
	if err != nil {
		t.Fatal(err)
	}
	if len(st.Groups) != writers*each {
		t.Errorf("%d updates kept of %d", len(st.Groups), writers*each)
	}
}
