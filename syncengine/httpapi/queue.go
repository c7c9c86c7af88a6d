package httpapi

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"github.com/seed1bfafebe/gitsync/syncengine/space"
	"log/slog"
	"sort"
	"sync"
	"time"
)

// ErrQueueFull reports that a space already has Options.QueueDepth
// operations waiting (HTTP 429).
var ErrQueueFull = errors.New("operation queue of the space is full")

// ErrShuttingDown reports an operation sent after Shutdown began (HTTP 503).
var ErrShuttingDown = errors.New("server is shutting down")

// queue runs each space's operations one at a time, in timestamp order, with
// at most cap(sem) operations running over all spaces.
type queue struct {
	depth, history int
	timeout        time.Duration
	settle         time.Duration
	now            func() time.Time
	log            *slog.Logger

	base   context.Context
	cancel context.CancelFunc
	sem    chan struct{}
	wg     sync.WaitGroup

	mu      sync.Mutex
	spaces  map[string]*spaceQueue
	byID    map[string]*op
	closed  bool // no new operations
	stopped bool // workers leave what is pending
}

// spaceQueue is one space's pending operations, sorted by key.
type spaceQueue struct {
	pending []*op
	running *op
	worker  bool      // a goroutine is draining pending
	started time.Time // newest timestamp of a started operation, or applied per the store
	ended   []*op     // the last history ended operations, oldest first
	latest  *op       // the newest started operation
}

func newQueue(depth, workers, history int, timeout, settle time.Duration, now func() time.Time, log *slog.Logger) *queue {
	ctx, cancel := context.WithCancel(context.Background())
	return &queue{
		depth: depth, history: history, timeout: timeout, settle: settle, now: now, log: log,
		base: ctx, cancel: cancel,
		sem:    make(chan struct{}, workers),
		spaces: make(map[string]*spaceQueue),
		byID:   make(map[string]*op),
	}
}

// newOpID returns a random operation id.
func newOpID() string {
	var b [8]byte
	_, _ = rand.Read(b[:]) // crypto/rand.Read never fails (Go 1.24+)
	return "op_" + hex.EncodeToString(b[:])
}

// add queues run for spaceID. last is the timestamp of the space's last
// applied operation as its store knows it (zero when unknown).
func (q *queue) add(spaceID string, dir Direction, ts time.Time, force bool, last time.Time, body []byte, run func(context.Context) error) (*op, error) {
	now := q.now()
	o := &op{
		queued: time.Now(),
		done:   make(chan struct{}),
		run:    run,
		body:   body,
		snap: Operation{
			ID: newOpID(), SpaceID: spaceID, State: StateRunning, Direction: dir,
			Stage: stageRepoFetch, StartedAt: now, UpdatedAt: now, Force: force,
		},
	}
	if !ts.IsZero() {
		t := ts
		o.snap.Timestamp = &t
	}
	q.mu.Lock()
	defer q.mu.Unlock()
	if q.closed {
		return nil, ErrShuttingDown
	}
	sq := q.spaces[spaceID]
	if sq == nil {
		sq = &spaceQueue{}
		q.spaces[spaceID] = sq
	}
	if last.After(sq.started) {
		sq.started = last // what the store applied counts as started
	}
	last = sq.started
	if !force && !ts.IsZero() && ts.Before(last) {
		return nil, &space.OrderError{Space: spaceID, Timestamp: ts, Last: last}
	}
	if len(sq.pending) >= q.depth {
		return nil, ErrQueueFull
	}
	// A forced operation, or one without a timestamp, goes last: its key
	// is the tail's. Others go after every pending key not after theirs.
	o.key = ts
	if force || ts.IsZero() {
		o.key = sq.started
		if n := len(sq.pending); n > 0 {
			o.key = sq.pending[n-1].key
		}
	}
	i := sort.Search(len(sq.pending), func(i int) bool { return sq.pending[i].key.After(o.key) })
	sq.pending = append(sq.pending, nil)
	copy(sq.pending[i+1:], sq.pending[i:])
	sq.pending[i] = o
	q.byID[o.snap.ID] = o
	if !sq.worker {
		sq.worker = true
		q.wg.Add(1)
		go q.work(sq)
	}
	return o, nil
}

// work runs sq's operations until none is pending.
func (q *queue) work(sq *spaceQueue) {
	defer q.wg.Done()
	for {
		// Take a slot first, so that operations that arrive meanwhile
		// are sorted in before the next one is chosen.
		select {
		case q.sem <- struct{}{}:
		case <-q.base.Done():
			q.mu.Lock()
			sq.worker = false
			q.mu.Unlock()
			return
		}
		q.mu.Lock()
		if len(sq.pending) == 0 || q.stopped {
			sq.worker = false
			q.mu.Unlock()
			<-q.sem
			return
		}
		o := sq.pending[0]
		if wait := q.settle - time.Since(o.queued); wait > 0 {
			// Too fresh: give older requests still in flight the
			// chance to sort in before it.
			q.mu.Unlock()
			<-q.sem
			select {
			case <-time.After(wait):
			case <-q.base.Done():
			}
			continue
		}
		sq.pending = sq.pending[1:]
		sq.running, sq.latest = o, o
		if ts := o.snap.Timestamp; ts != nil && ts.After(sq.started) {
			sq.started = *ts
		}
		q.mu.Unlock()

		q.runOp(o)
		<-q.sem

		q.mu.Lock()
		sq.running = nil
		sq.ended = append(sq.ended, o)
		if len(sq.ended) > q.history {
			delete(q.byID, sq.ended[0].snap.ID)
			sq.ended = sq.ended[1:]
		}
		q.mu.Unlock()
	}
}

// runOp runs o under the operation timeout and records its outcome. A
// panic in the engine is a bug: the operation fails and the server lives.
func (q *queue) runOp(o *op) {
	ctx, cancel := context.WithTimeout(q.base, q.timeout)
	defer cancel()
	start := time.Now()
	err := func() (err error) {
		defer func() {
			if r := recover(); r != nil {
				err = fmt.Errorf("%w: %v", errInternal, r)
			}
		}()
		return o.run(ctx)
	}()
	o.run = nil // the request, credentials included, is no longer needed
	state := StateSuccess
	switch {
	case err == nil:
	case errors.Is(ctx.Err(), context.DeadlineExceeded):
		state = StateTimeout
	default:
		state = StateFailure
	}
	o.finish(err, state, q.now())
	s := o.snapshot()
	attrs := []any{"space", s.SpaceID, "operation", s.ID, "direction", s.Direction,
		"state", s.State, "duration", time.Since(start).Round(time.Microsecond)}
	if s.Error != "" {
		attrs = append(attrs, "error", s.Error)
	}
	q.log.Info("operation", attrs...)
}

// get returns the operation id of spaceID.
func (q *queue) get(spaceID, id string) (*op, error) {
	q.mu.Lock()
	defer q.mu.Unlock()
	o := q.byID[id]
	if o == nil || o.snap.SpaceID != spaceID {
		return nil, ErrOperationNotFound
	}
	return o, nil
}

// started reports whether an operation of spaceID started in this queue.
func (q *queue) started(spaceID string) bool {
	q.mu.Lock()
	defer q.mu.Unlock()
	sq := q.spaces[spaceID]
	return sq != nil && sq.latest != nil
}

// latest returns the newest started operation of spaceID, or nil.
func (q *queue) latest(spaceID string) *op {
	q.mu.Lock()
	defer q.mu.Unlock()
	if sq := q.spaces[spaceID]; sq != nil {
		return sq.latest
	}
	return nil
}

// wait blocks until o ends or ctx is done.
func wait(ctx context.Context, o *op) (Operation, error) {
	select {
	case <-o.done:
		return o.snapshot(), nil
	case <-ctx.Done():
		return o.snapshot(), ctx.Err()
	}
}

// shutdown refuses new operations and waits for the queued ones to end.
// When ctx ends first, the running operations are cancelled and the ones
// that never started are returned, in each space's order.
func (q *queue) shutdown(ctx context.Context) []*op {
	q.mu.Lock()
	q.closed = true
	q.mu.Unlock()
	drained := make(chan struct{})
	go func() { q.wg.Wait(); close(drained) }()
	select {
	case <-drained:
		q.cancel()
		return nil
	case <-ctx.Done():
	}
	q.mu.Lock()
	q.stopped = true
	q.mu.Unlock()
	q.cancel()
	<-drained
	q.mu.Lock()
	defer q.mu.Unlock()
	ids := make([]string, 0, len(q.spaces))
	for id := range q.spaces {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	var left []*op
	for _, id := range ids {
		left = append(left, q.spaces[id].pending...)
		q.spaces[id].pending = nil
	}
	return left
}
