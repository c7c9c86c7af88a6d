package httpapi

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"github.com/seed1bfafebe/gitsync/syncengine/space"
)

// Pending is an operation that was queued but had not started when
// Shutdown stopped waiting. Request is its JSON body with the URL's
// credentials removed, so a Pending may be stored; Resume queues it again
// (an operation whose repository needed those credentials then fails, and
// its sender must send it again).
type Pending struct {
	SpaceID   string          `json:"spaceId"`
	Direction Direction       `json:"direction"`
	Request   json.RawMessage `json:"request"`
}

// Shutdown stops taking operations (503 from then on) and waits for the
// queued ones to end. If ctx ends first, the running operations are
// cancelled and the ones that never started are returned, each space's in
// order, for the host to keep and hand to Resume after a restart. Call it
// after http.Server.Shutdown, so no request is still adding operations.
func (h *Handler) Shutdown(ctx context.Context) []Pending {
	left := h.q.shutdown(ctx)
	out := make([]Pending, 0, len(left))
	for _, o := range left {
		out = append(out, Pending{SpaceID: o.snap.SpaceID, Direction: o.snap.Direction, Request: o.body})
		o.finish(errors.New("server shut down before the operation started; kept for a restart"), StateFailure, h.opts.Now())
	}
	return out
}

// Resume queues operations that an earlier Shutdown returned, in order, and
// returns their new ids. Operations that cannot be queued again (refused,
// out of order, invalid) are reported in the joined error; the others
// are queued.
func (h *Handler) Resume(ctx context.Context, ops []Pending) ([]string, error) {
	var ids []string
	var errs []error
	for _, p := range ops {
		var req opRequest
		switch p.Direction {
		case DirectionImport:
			var r space.ImportRequest
			if err := json.Unmarshal(p.Request, &r); err != nil {
				errs = append(errs, fmt.Errorf("space %s: import: %w", p.SpaceID, err))
				continue
			}
			req = importReq{&r}
		case DirectionExport:
			var r space.ExportRequest
			if err := json.Unmarshal(p.Request, &r); err != nil {
				errs = append(errs, fmt.Errorf("space %s: export: %w", p.SpaceID, err))
				continue
			}
			req = exportReq{&r}
		default:
			errs = append(errs, fmt.Errorf("space %s: unknown direction %q", p.SpaceID, p.Direction))
			continue
		}
		o, err := h.addOp(ctx, p.SpaceID, p.Direction, req)
		if err != nil {
			errs = append(errs, fmt.Errorf("space %s: %s: %w", p.SpaceID, p.Direction, err))
			continue
		}
		ids = append(ids, o.snap.ID)
	}
	return ids, errors.Join(errs...)
}
