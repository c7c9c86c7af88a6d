package httpapi

import (
	"context"
	"errors"
	"fmt"
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
	info    map[string]*GitInfo
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
	return &fakeSpaces{applied: map[string][]applied{}, info: map[string]*GitInfo{},
		legacy: map[string]bool{}, last: map[string]time.Time{}}
}

func (f *fakeSpaces) apply(ctx context.Context, space string, dir Direction, url string, ts time.Time, force bool, msg string) error {
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
	if !force && !ts.IsZero() && ts.Before(f.last[space]) {
		return fmt.Errorf("fake: %w", errOutOfOrder)
	}
	if ts.After(f.last[space]) {
		f.last[space] = ts
	}
	f.applied[space] = append(f.applied[space], applied{dir, ts, msg})
	f.info[space] = &GitInfo{RepoName: syncengine.RedactURL(url), URL: "https://example.com/tree", UpdatedAt: ts}
	return nil
}

func (f *fakeSpaces) Import(ctx context.Context, space string, req ImportRequest) (*ImportResult, error) {
	return &ImportResult{}, f.apply(ctx, space, DirectionImport, req.URL, req.Timestamp, req.Force, "")
}

func (f *fakeSpaces) Export(ctx context.Context, space string, req ExportRequest) (*ExportResult, error) {
	return &ExportResult{}, f.apply(ctx, space, DirectionExport, req.URL, req.Timestamp, req.Force, req.CommitMessage)
}

func (f *fakeSpaces) GitInfo(ctx context.Context, space string) (*GitInfo, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if gi := f.info[space]; gi != nil {
		c := *gi
		return &c, nil
	}
	return nil, fmt.Errorf("space %s: %w", space, errNotFound)
}

func (f *fakeSpaces) RemoveLegacyInstallation(ctx context.Context, space string) (bool, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.info[space] == nil {
		return false, fmt.Errorf("space %s: %w", space, errNotFound)
	}
	removed := f.legacy[space]
	f.legacy[space] = false
	return removed, nil
}

func (f *fakeSpaces) Revision(ctx context.Context, space string) (*revision.Revision, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.info[space] == nil {
		return nil, fmt.Errorf("space %s: %w", space, errNotFound)
	}
	return &revision.Revision{ID: "rev-" + space, Pages: []*revision.Page{}}, nil
}

func (f *fakeSpaces) appliedTo(space string) []applied {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]applied(nil), f.applied[space]...)
}

var errFake = errors.New("fake failure")
