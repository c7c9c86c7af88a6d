package space_test

import (
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
