package httpapi

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"github.com/seed1bfafebe/gitsync/syncengine/space"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/seed1bfafebe/gitsync/revision"
)

// opRequest is what the queue needs of an import or export request.
type opRequest interface {
	validate() error
	timestamp() time.Time
	force() bool
	redacted() ([]byte, error) // the request as JSON, URL credentials removed
	run(s Spaces, spaceID string) func(context.Context) error
}

func (h *Handler) postImport(w http.ResponseWriter, r *http.Request) {
	var req space.ImportRequest
	if !h.decode(w, r, &req) {
		return
	}
	h.enqueue(w, r, DirectionImport, importReq{&req})
}

func (h *Handler) postExport(w http.ResponseWriter, r *http.Request) {
	var req space.ExportRequest
	if !h.decode(w, r, &req) {
		return
	}
	h.enqueue(w, r, DirectionExport, exportReq{&req})
}

// enqueue validates req, queues run and answers 204 with the operation's
// id, or the operation's error status when the client asked to wait
// ("Prefer: wait=N") and it failed in time.
func (h *Handler) enqueue(w http.ResponseWriter, r *http.Request, dir Direction, req opRequest) {
	o, err := h.addOp(r.Context(), r.PathValue("spaceId"), dir, req)
	if err != nil {
		h.fail(w, err)
		return
	}
	if rec := recorderOf(w); rec != nil {
		rec.opID = o.snap.ID
	}
	// The operation endpoint is a sibling of .../git/import: keep whatever
	// prefix the host mounted the handler under.
	path := r.URL.EscapedPath()
	loc := path[:strings.LastIndexByte(path, '/')] + "/operations/" + o.snap.ID
	w.Header().Set("Location", loc)
	w.Header().Set("Gitsync-Operation", o.snap.ID)
	if d := preferWait(r.Header.Values("Prefer"), h.opts.MaxWait); d > 0 {
		ctx, cancel := context.WithTimeout(r.Context(), d)
		defer cancel()
		if snap, err := wait(ctx, o); err == nil {
			w.Header().Set("Preference-Applied", "wait="+strconv.Itoa(int(d/time.Second)))
			if snap.State != StateSuccess {
				o.mu.Lock()
				oerr := o.err
				o.mu.Unlock()
				if oerr == nil {
					oerr = errors.New(snap.Error)
				}
				h.fail(w, oerr)
				return
			}
		}
	}
	w.WriteHeader(http.StatusNoContent)
}

// addOp validates req and queues it.
func (h *Handler) addOp(ctx context.Context, spaceID string, dir Direction, req opRequest) (*op, error) {
	if err := req.validate(); err != nil {
		return nil, err
	}
	body, err := req.redacted()
	if err != nil {
		return nil, fmt.Errorf("%w: %v", errInternal, err)
	}
	var last time.Time
	if !h.q.started(spaceID) {
		// Once an operation of the space started here, the queue knows
		// the order better than the store; before, ask the store (the
		// last run of the server may have applied newer ones).
		last = h.lastApplied(ctx, spaceID)
	}
	return h.q.add(spaceID, dir, req.timestamp(), req.force(), last, body, req.run(h.spaces, spaceID))
}

// lastApplied asks the engine for the timestamp of the space's last applied
// operation, when it can tell.
func (h *Handler) lastApplied(ctx context.Context, spaceID string) time.Time {
	if h.lastApp == nil {
		return time.Time{}
	}
	return h.lastApp(ctx, spaceID)
}

// preferWait reads "Prefer: wait=N" (RFC 7240), in seconds, bounded by max.
func preferWait(values []string, max time.Duration) time.Duration {
	for _, v := range values {
		for _, pref := range strings.Split(v, ",") {
			name, val, ok := strings.Cut(strings.TrimSpace(pref), "=")
			if !ok || !strings.EqualFold(strings.TrimSpace(name), "wait") {
				continue
			}
			n, err := strconv.Atoi(strings.Trim(strings.TrimSpace(val), `"`))
			if err != nil || n <= 0 {
				continue
			}
			return min(time.Duration(n)*time.Second, max)
		}
	}
	return 0
}

// decode reads a JSON body into v: 413 past the limit, 400 when it is not
// one JSON object of the right shape.
func (h *Handler) decode(w http.ResponseWriter, r *http.Request, v any) bool {
	if r.ContentLength > h.opts.MaxBodyBytes {
		h.fail(w, &statusError{http.StatusRequestEntityTooLarge,
			fmt.Sprintf("request body of %d bytes is over the limit of %d", r.ContentLength, h.opts.MaxBodyBytes)})
		return false
	}
	body := http.MaxBytesReader(w, r.Body, h.opts.MaxBodyBytes)
	dec := json.NewDecoder(body)
	err := dec.Decode(v)
	if err == nil && dec.More() {
		err = errors.New("data after the JSON object")
	}
	if err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			h.fail(w, &statusError{http.StatusRequestEntityTooLarge,
				fmt.Sprintf("request body is over the limit of %d bytes", mbe.Limit)})
			return false
		}
		h.fail(w, &statusError{http.StatusBadRequest, "invalid JSON body: " + err.Error()})
		return false
	}
	drain(body)
	return true
}

// gitSyncState is GitBook's GitSyncState: the space's Git info and its
// latest operation.
type gitSyncState struct {
	*space.GitInfo
	Operation *stateOperation `json:"operation,omitempty"`
}

// stateOperation is GitSyncState.operation.
type stateOperation struct {
	State     OperationState `json:"state"`
	Direction Direction      `json:"direction"`
	StartedAt time.Time      `json:"startedAt"`
	EndedAt   *time.Time     `json:"endedAt,omitempty"`
	Error     string         `json:"error,omitempty"`
}

func (h *Handler) getInfo(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("spaceId")
	info, err := h.spaces.GitInfo(r.Context(), id)
	if err != nil {
		h.fail(w, err)
		return
	}
	st := gitSyncState{GitInfo: info}
	if o := h.q.latest(id); o != nil {
		s := o.snapshot()
		st.Operation = &stateOperation{State: s.State, Direction: s.Direction, StartedAt: s.StartedAt, Error: s.Error}
		if s.Done() {
			t := s.UpdatedAt
			st.Operation.EndedAt = &t
		}
	}
	writeJSON(w, http.StatusOK, st)
}

func (h *Handler) deleteLegacy(w http.ResponseWriter, r *http.Request) {
	removed, err := h.spaces.RemoveLegacyInstallation(r.Context(), r.PathValue("spaceId"))
	switch {
	case err != nil:
		h.fail(w, err)
	case removed:
		w.WriteHeader(http.StatusResetContent)
	default:
		w.WriteHeader(http.StatusNoContent)
	}
}

func (h *Handler) getContent(w http.ResponseWriter, r *http.Request) {
	rev, err := h.spaces.Revision(r.Context(), r.PathValue("spaceId"))
	if err != nil {
		h.fail(w, err)
		return
	}
	b, err := revision.Marshal(rev)
	if err != nil {
		h.fail(w, fmt.Errorf("%w: encoding the revision: %v", errInternal, err))
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(b)
}

// getOperation serves an operation's state; ?wait=30s (or =30) waits up
// to that long (bounded by Options.MaxWait) for it to end.
func (h *Handler) getOperation(w http.ResponseWriter, r *http.Request) {
	o, err := h.q.get(r.PathValue("spaceId"), r.PathValue("operationId"))
	if err != nil {
		h.fail(w, err)
		return
	}
	if v := r.URL.Query().Get("wait"); v != "" {
		d, err := time.ParseDuration(v)
		if err != nil {
			n, nerr := strconv.Atoi(v)
			if nerr != nil || n < 0 {
				h.fail(w, &statusError{http.StatusBadRequest, "wait: want a duration such as 30s"})
				return
			}
			d = time.Duration(n) * time.Second
		}
		ctx, cancel := context.WithTimeout(r.Context(), min(d, h.opts.MaxWait))
		defer cancel()
		_, _ = wait(ctx, o)
	}
	writeJSON(w, http.StatusOK, o.snapshot())
}

// Operation returns the state of operation id of spaceID, or
// ErrOperationNotFound.
func (h *Handler) Operation(spaceID, id string) (Operation, error) {
	o, err := h.q.get(spaceID, id)
	if err != nil {
		return Operation{}, err
	}
	return o.snapshot(), nil
}

// Wait blocks until operation id of spaceID ends, or ctx is done, and
// returns its state. The id is the Gitsync-Operation header of the 204.
func (h *Handler) Wait(ctx context.Context, spaceID, id string) (Operation, error) {
	o, err := h.q.get(spaceID, id)
	if err != nil {
		return Operation{}, err
	}
	return wait(ctx, o)
}
