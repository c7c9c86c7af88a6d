package httpapi

import (
	"context"
	"encoding/json"
	"time"

	"github.com/seed1bfafebe/gitsync/revision"
	"github.com/seed1bfafebe/gitsync/syncengine"
	"github.com/seed1bfafebe/gitsync/syncengine/space"
)

// Spaces is what the handler needs of a space engine: *space.Engine
// satisfies it, and a test or a host may pass its own.
type Spaces interface {
	Import(ctx context.Context, spaceID string, req space.ImportRequest) (*space.ImportResult, error)
	Export(ctx context.Context, spaceID string, req space.ExportRequest) (*space.ExportResult, error)
	GitInfo(ctx context.Context, spaceID string) (*space.GitInfo, error)
	RemoveLegacyInstallation(ctx context.Context, spaceID string) (removed bool, err error)
	Revision(ctx context.Context, spaceID string) (*revision.Revision, error)
}

// stater is what an engine that can tell a space's last applied timestamp
// has (*space.Engine does). The handler then refuses an out-of-order
// operation with 409 at once, after a restart too, instead of queueing one
// that can only fail.
type stater interface {
	State(ctx context.Context, spaceID string) (*space.State, error)
}

// lastAppliedFunc returns how the handler learns a space's last applied
// timestamp from spaces, or nil.
func lastAppliedFunc(spaces Spaces) func(context.Context, string) time.Time {
	st, ok := spaces.(stater)
	if !ok {
		return nil
	}
	return func(ctx context.Context, spaceID string) time.Time {
		s, err := st.State(ctx, spaceID)
		if err != nil || s == nil {
			return time.Time{} // never synced, or unreadable: the engine will say
		}
		return s.LastTimestamp
	}
}

// redactURLs removes credentials from every URL of a request.
func redactURLs(urls ...*string) {
	for _, u := range urls {
		*u = syncengine.RedactURL(*u)
	}
}

// redactRequest removes credentials from the URLs an import or export
// request carries, copying its GitInfo rather than writing through the
// caller's pointer.
func redactRequest(url, treeURL, commitURL *string, gi **space.GitInfoUpdate) {
	redactURLs(url, treeURL, commitURL)
	if *gi != nil {
		c := **gi
		redactURLs(&c.URL)
		*gi = &c
	}
}

type importReq struct{ r *space.ImportRequest }

func (q importReq) validate() error      { return q.r.Validate() }
func (q importReq) timestamp() time.Time { return q.r.Timestamp }
func (q importReq) force() bool          { return q.r.Force }
func (q importReq) redacted() ([]byte, error) {
	c := *q.r
	redactRequest(&c.URL, &c.RepoTreeURL, &c.RepoCommitURL, &c.GitInfo)
	return json.Marshal(&c)
}
func (q importReq) run(s Spaces, id string) func(context.Context) error {
	return func(ctx context.Context) error { _, err := s.Import(ctx, id, *q.r); return err }
}

type exportReq struct{ r *space.ExportRequest }

func (q exportReq) validate() error      { return q.r.Validate() }
func (q exportReq) timestamp() time.Time { return q.r.Timestamp }
func (q exportReq) force() bool          { return q.r.Force }
func (q exportReq) redacted() ([]byte, error) {
	c := *q.r
	redactRequest(&c.URL, &c.RepoTreeURL, &c.RepoCommitURL, &c.GitInfo)
	return json.Marshal(&c)
}
func (q exportReq) run(s Spaces, id string) func(context.Context) error {
	return func(ctx context.Context) error { _, err := s.Export(ctx, id, *q.r); return err }
}
