package httpapi

import (
	"context"
	"errors"
	"fmt"
	"github.com/seed1bfafebe/gitsync/syncengine/space"
	"sync"
	"time"

	"github.com/seed1bfafebe/gitsync/revision"
	"github.com/seed1bfafebe/gitsync/syncengine"
)

// fakeSpaces is a Spaces that records the operations it applies. It keeps
// the timestamp order itself, as the real engine does, so a queue that
// applied out of order would make it fail.
type fakeSpaces struct {
	mu      sync.Mutex
	applied map[string][]applied
	info    map[string]*space.GitInfo
	legacy  map[string]bool
	last    map[string]time.Time

	// gate, when set, is received from before each operation applies.
	gate chan struct{}
	// fail, when set, is the error of every import and export.
	fail error
	// panicking makes every import panic.
	panicking bool
	// work is how long each operation takes.
	work time.Duration
}

type applied struct {
	Direction Direction
	Timestamp time.Time
	Message   string
}

func newFake() *fakeSpaces {
	return &fakeSpaces{applied: map[string][]applied{}, info: map[string]*space.GitInfo{},
		legacy: map[string]bool{}, last: map[string]time.Time{}}
}

func (f *fakeSpaces) apply(ctx context.Context, spaceID string, dir Direction, url string, ts time.Time, force bool, msg string) error {
	if f.gate != nil {
		select {
		case <-f.gate:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	if f.work > 0 {
		time.Sleep(f.work)
	}
	if f.panicking {
		panic("fake engine bug")
	}
	if f.fail != nil {
		return fmt.Errorf("%s %s: %w", dir, url, f.fail) // quotes the URL, as Git does
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if !force && !ts.IsZero() && ts.Before(f.last[spaceID]) {
		return fmt.Errorf("fake: %w", space.ErrOutOfOrder)
	}
	if ts.After(f.last[spaceID]) {
		f.last[spaceID] = ts
	}
	f.applied[spaceID] = append(f.applied[spaceID], applied{dir, ts, msg})
	f.info[spaceID] = &space.GitInfo{RepoName: syncengine.RedactURL(url), URL: "https://example.com/tree", UpdatedAt: ts}
	return nil
}

func (f *fakeSpaces) Import(ctx context.Context, spaceID string, req space.ImportRequest) (*space.ImportResult, error) {
	return &space.ImportResult{}, f.apply(ctx, spaceID, DirectionImport, req.URL, req.Timestamp, req.Force, "")
}

func (f *fakeSpaces) Export(ctx context.Context, spaceID string, req space.ExportRequest) (*space.ExportResult, error) {
	return &space.ExportResult{}, f.apply(ctx, spaceID, DirectionExport, req.URL, req.Timestamp, req.Force, req.CommitMessage)
}

func (f *fakeSpaces) GitInfo(ctx context.Context, spaceID string) (*space.GitInfo, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if gi := f.info[spaceID]; gi != nil {
		c := *gi
		return &c, nil
	}
	return nil, fmt.Errorf("space %s: %w", spaceID, space.ErrNotFound)
}

func (f *fakeSpaces) RemoveLegacyInstallation(ctx context.Context, spaceID string) (bool, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.info[spaceID] == nil {
		return false, fmt.Errorf("space %s: %w", spaceID, space.ErrNotFound)
	}
	removed := f.legacy[spaceID]
	f.legacy[spaceID] = false
	return removed, nil
}

func (f *fakeSpaces) Revision(ctx context.Context, spaceID string) (*revision.Revision, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.info[spaceID] == nil {
		return nil, fmt.Errorf("space %s: %w", spaceID, space.ErrNotFound)
	}
	return &revision.Revision{ID: "rev-" + spaceID, Pages: []*revision.Page{}}, nil
}

func (f *fakeSpaces) appliedTo(spaceID string) []applied {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]applied(nil), f.applied[spaceID]...)
}

var errFake = errors.New("fake failure")
