package httpapi

// Stand-ins for package space until its branch lands; replaced then.

import (
	"context"
	"encoding/json"
	"errors"
	"time"

	"github.com/seed1bfafebe/gitsync/revision"
	"github.com/seed1bfafebe/gitsync/syncengine"
)

var (
	errNotFound       = errors.New("space not found")
	errInvalidRequest = errors.New("invalid request")
	errOutOfOrder     = errors.New("operation out of order")
	errConflict       = errors.New("both the branch and the space changed")
)

type ImportRequest struct {
	URL        string    `json:"url"`
	Ref        string    `json:"ref"`
	Timestamp  time.Time `json:"timestamp,omitzero"`
	Force      bool      `json:"force,omitempty"`
	Standalone bool      `json:"standalone,omitempty"`
}

func (r *ImportRequest) Validate() error {
	if r.URL == "" || r.Ref == "" {
		return errInvalidRequest
	}
	return nil
}

type ExportRequest struct {
	URL           string    `json:"url"`
	Ref           string    `json:"ref"`
	CommitMessage string    `json:"commitMessage"`
	Timestamp     time.Time `json:"timestamp,omitzero"`
	Force         bool      `json:"force,omitempty"`
}

func (r *ExportRequest) Validate() error {
	if r.URL == "" || r.Ref == "" || r.CommitMessage == "" {
		return errInvalidRequest
	}
	return nil
}

type GitInfo struct {
	RepoName             string    `json:"repoName"`
	InstallationProvider string    `json:"installationProvider,omitempty"`
	Integration          string    `json:"integration,omitempty"`
	URL                  string    `json:"url,omitempty"`
	UpdatedAt            time.Time `json:"updatedAt,omitzero"`
}

type ImportResult struct{}
type ExportResult struct{}

// Spaces is the part of a space engine the handler uses; *space.Engine
// has these methods.
type Spaces interface {
	Import(ctx context.Context, spaceID string, req ImportRequest) (*ImportResult, error)
	Export(ctx context.Context, spaceID string, req ExportRequest) (*ExportResult, error)
	GitInfo(ctx context.Context, spaceID string) (*GitInfo, error)
	RemoveLegacyInstallation(ctx context.Context, spaceID string) (removed bool, err error)
	Revision(ctx context.Context, spaceID string) (*revision.Revision, error)
}

type importReq struct{ r *ImportRequest }

func (q importReq) validate() error      { return q.r.Validate() }
func (q importReq) timestamp() time.Time { return q.r.Timestamp }
func (q importReq) force() bool          { return q.r.Force }
func (q importReq) redacted() ([]byte, error) {
	c := *q.r
	c.URL = syncengine.RedactURL(c.URL)
	return json.Marshal(&c)
}
func (q importReq) run(s Spaces, id string) func(context.Context) error {
	return func(ctx context.Context) error { _, err := s.Import(ctx, id, *q.r); return err }
}

type exportReq struct{ r *ExportRequest }

func (q exportReq) validate() error      { return q.r.Validate() }
func (q exportReq) timestamp() time.Time { return q.r.Timestamp }
func (q exportReq) force() bool          { return q.r.Force }
func (q exportReq) redacted() ([]byte, error) {
	c := *q.r
	c.URL = syncengine.RedactURL(c.URL)
	return json.Marshal(&c)
}
func (q exportReq) run(s Spaces, id string) func(context.Context) error {
	return func(ctx context.Context) error { _, err := s.Export(ctx, id, *q.r); return err }
}
