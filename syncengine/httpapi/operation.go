package httpapi

import (
	"context"
	"errors"
	"sync"
	"time"
)

// OperationState is an operation's GitSyncOperationState.
type OperationState string

// The states of GitBook's GitSyncOperationState. A queued operation is
// already running: GitBook has no separate state for it.
const (
	StateRunning OperationState = "running"
	StateSuccess OperationState = "success"
	StateFailure OperationState = "failure"
	StateTimeout OperationState = "timeout"
)

// Direction is an operation's GitSyncOperationDirection.
type Direction string

// The two directions of GitBook's GitSyncOperationDirection.
const (
	DirectionImport Direction = "import"
	DirectionExport Direction = "export"
)

// Operation is a snapshot of one queued import or export, in the JSON
// shape of GitBook's GitSyncSpaceOperation plus its id, its space and the
// timestamp of its request.
type Operation struct {
	ID        string         `json:"id"`
	SpaceID   string         `json:"spaceId"`
	State     OperationState `json:"state"`
	Direction Direction      `json:"direction"`
	// Stage is the GitSyncOperationStage reached: repo_fetch until the
	// operation ends (queued or running), finalize once ended.
	Stage string `json:"stage"`
	// DispatchedTasks and CompletedTasks are always 0, as in GitBook.
	DispatchedTasks int `json:"dispatchedTasks"`
	CompletedTasks  int `json:"completedTasks"`
	// StartedAt is when the operation was queued.
	StartedAt time.Time `json:"startedAt"`
	UpdatedAt time.Time `json:"updatedAt"`
	// CompletedAt is set when State is success.
	CompletedAt *time.Time `json:"completedAt,omitempty"`
	// Error says why the operation failed, without URL credentials.
	Error string `json:"error,omitempty"`
	// Timestamp is the request's timestamp; nil when it gave none.
	Timestamp *time.Time `json:"timestamp,omitempty"`
	// Force is the request's force flag.
	Force bool `json:"force,omitempty"`
}

// Done reports whether the operation has ended.
func (o Operation) Done() bool { return o.State != StateRunning }

// ErrOperationNotFound reports an operation id the handler does not know
// (never queued, or forgotten: a space keeps its last Options.History
// ended operations).
var ErrOperationNotFound = errors.New("operation not found")

// op is the live record of an operation; mu guards its fields after it is
// queued.
type op struct {
	mu   sync.Mutex
	snap Operation
	err  error // the engine's error, for Prefer: wait
	done chan struct{}

	// Fixed at creation.
	queued time.Time // on the monotonic clock, for Options.Settle
	key    time.Time // sort key in the space's queue
	run    func(ctx context.Context) error
	body   []byte // the request, credentials removed, kept if unfinished
}

func (o *op) snapshot() Operation {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.snap
}

// finish records the outcome and wakes the waiters.
func (o *op) finish(err error, state OperationState, now time.Time) {
	o.mu.Lock()
	o.err = err
	o.snap.State = state
	o.snap.Stage = stageFinalize
	o.snap.UpdatedAt = now
	if state == StateSuccess {
		t := now
		o.snap.CompletedAt = &t
	} else if err != nil {
		o.snap.Error = redactText(err.Error())
	}
	o.mu.Unlock()
	close(o.done)
}

const (
	stageRepoFetch = "repo_fetch"
	stageFinalize  = "finalize"
)
