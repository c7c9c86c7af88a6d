package httpapi

import (
	"context"
	"crypto/sha256"
	"crypto/subtle"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"runtime"
	"strings"
	"time"
)

// Options configure a Handler. The zero value of every field but Token has
// a useful default.
type Options struct {
	// Token is the bearer token every request must carry
	// ("Authorization: Bearer TOKEN"), compared in constant time. It is
	// required unless Anonymous is set.
	Token string
	// Anonymous serves requests without a token: only for a handler
	// behind the host's own authentication.
	Anonymous bool
	// Logger gets one line per request and one per ended operation; nil
	// discards them.
	Logger *slog.Logger
	// MaxBodyBytes bounds a request body (413 beyond); 0 means 1 MiB.
	MaxBodyBytes int64
	// QueueDepth bounds the operations waiting in one space's queue (429
	// beyond); 0 means 64.
	QueueDepth int
	// Workers bounds the operations running at once over all spaces; 0
	// means GOMAXPROCS.
	Workers int
	// History is how many ended operations a space keeps for the
	// operation endpoint; 0 means 64.
	History int
	// OperationTimeout ends an operation in state timeout; 0 means 10
	// minutes.
	OperationTimeout time.Duration
	// Settle holds each operation that long in its queue before it
	// starts, so that requests sent at once but arriving out of order
	// sort into timestamp order instead of being refused; 0 starts at
	// once (GitBook's behaviour).
	Settle time.Duration
	// MaxWait bounds ?wait= and "Prefer: wait="; 0 means one minute.
	MaxWait time.Duration
	// Now is the clock of operation times; nil means time.Now.
	Now func() time.Time
}

// Handler serves GitBook's Git Sync endpoints (see the package doc) over a
// space engine, running imports and exports in per-space background
// queues. Create it with New; stop it with Shutdown.
type Handler struct {
	spaces  Spaces
	opts    Options
	log     *slog.Logger
	token   [sha256.Size]byte
	q       *queue
	mux     *http.ServeMux
	lastApp func(ctx context.Context, spaceID string) time.Time
}

// ErrNoToken reports Options without a Token and without Anonymous.
var ErrNoToken = errors.New("httpapi: Options.Token is empty and Options.Anonymous is not set")

// New returns a Handler serving spaces.
func New(spaces Spaces, opts Options) (*Handler, error) {
	if opts.Token == "" && !opts.Anonymous {
		return nil, ErrNoToken
	}
	if opts.MaxBodyBytes <= 0 {
		opts.MaxBodyBytes = 1 << 20
	}
	if opts.QueueDepth <= 0 {
		opts.QueueDepth = 64
	}
	if opts.Workers <= 0 {
		opts.Workers = runtime.GOMAXPROCS(0)
	}
	if opts.History <= 0 {
		opts.History = 64
	}
	if opts.OperationTimeout <= 0 {
		opts.OperationTimeout = 10 * time.Minute
	}
	if opts.MaxWait <= 0 {
		opts.MaxWait = time.Minute
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	log := opts.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	h := &Handler{
		spaces: spaces,
		opts:   opts,
		log:    log,
		token:  sha256.Sum256([]byte(opts.Token)),
		q:      newQueue(opts.QueueDepth, opts.Workers, opts.History, opts.OperationTimeout, opts.Settle, opts.Now, log),
		mux:    http.NewServeMux(),
	}
	h.lastApp = lastAppliedFunc(spaces)
	h.routes()
	return h, nil
}

func (h *Handler) routes() {
	const sp = "/v1/spaces/{spaceId}"
	h.mux.HandleFunc("POST "+sp+"/git/import", h.postImport)
	h.mux.HandleFunc("POST "+sp+"/git/export", h.postExport)
	h.mux.HandleFunc("GET "+sp+"/git/info", h.getInfo)
	h.mux.HandleFunc("DELETE "+sp+"/git/legacy-installation", h.deleteLegacy)
	h.mux.HandleFunc("GET "+sp+"/content", h.getContent)
	h.mux.HandleFunc("GET "+sp+"/git/operations/{operationId}", h.getOperation)
}

// ServeHTTP authenticates the request, routes it and logs one line.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	start := time.Now()
	rec := &recorder{ResponseWriter: w}
	if h.authorized(r) {
		h.mux.ServeHTTP(&muxErrors{recorder: rec, h: h}, r)
	} else {
		h.fail(rec, &statusError{http.StatusUnauthorized, "missing or invalid bearer token"})
	}
	if rec.status == 0 {
		rec.status = http.StatusOK
	}
	attrs := []any{
		"method", r.Method,
		"path", redactText(r.URL.Path),
		"status", rec.status,
		"bytes", rec.bytes,
		"duration", time.Since(start).Round(time.Microsecond),
		"remote", r.RemoteAddr,
	}
	if rec.opID != "" {
		attrs = append(attrs, "operation", rec.opID)
	}
	if rec.err != nil {
		attrs = append(attrs, "error", redactText(rec.err.Error()))
	}
	level := slog.LevelInfo
	if rec.status >= 500 {
		level = slog.LevelError
	}
	h.log.Log(r.Context(), level, "request", attrs...)
}

// authorized compares the bearer token in constant time: both sides are
// hashed first, so neither the content nor the length of the token leaks
// through timing.
func (h *Handler) authorized(r *http.Request) bool {
	if h.opts.Anonymous {
		return true
	}
	auth := r.Header.Get("Authorization")
	const prefix = "bearer "
	if len(auth) < len(prefix) || !strings.EqualFold(auth[:len(prefix)], prefix) {
		return false
	}
	got := sha256.Sum256([]byte(strings.TrimSpace(auth[len(prefix):])))
	return subtle.ConstantTimeCompare(got[:], h.token[:]) == 1
}

// fail answers err and keeps it for the request's log line.
func (h *Handler) fail(w http.ResponseWriter, err error) {
	if rec := recorderOf(w); rec != nil {
		rec.err = err
	}
	writeError(w, err)
}

// recorderOf returns the recorder under w, nil when w has none (a host
// calling a route handler directly).
func recorderOf(w http.ResponseWriter) *recorder {
	switch w := w.(type) {
	case *recorder:
		return w
	case *muxErrors:
		return w.recorder
	}
	return nil
}

// recorder keeps what the log line reports.
type recorder struct {
	http.ResponseWriter
	status int
	bytes  int64
	opID   string
	err    error
}

func (r *recorder) WriteHeader(status int) {
	if r.status == 0 {
		r.status = status
	}
	r.ResponseWriter.WriteHeader(status)
}

func (r *recorder) Write(b []byte) (int, error) {
	if r.status == 0 {
		r.status = http.StatusOK
	}
	n, err := r.ResponseWriter.Write(b)
	r.bytes += int64(n)
	return n, err
}

// muxErrors turns the plain-text 404 and 405 of http.ServeMux (no such
// endpoint, another method) into GitBook's error body; 405 keeps its
// Allow header.
type muxErrors struct {
	*recorder
	h        *Handler
	replaced bool
}

func (m *muxErrors) WriteHeader(status int) {
	if (status == http.StatusNotFound || status == http.StatusMethodNotAllowed) &&
		strings.HasPrefix(m.Header().Get("Content-Type"), "text/plain") {
		m.replaced = true
		m.Header().Del("X-Content-Type-Options")
		msg := "no such endpoint"
		if status == http.StatusMethodNotAllowed {
			msg = "method not allowed; allowed: " + m.Header().Get("Allow")
		}
		m.h.fail(m.recorder, &statusError{status, msg})
		return
	}
	m.recorder.WriteHeader(status)
}

func (m *muxErrors) Write(b []byte) (int, error) {
	if m.replaced {
		return len(b), nil
	}
	return m.recorder.Write(b)
}

// Unwrap lets http.ResponseController reach the underlying writer.
func (r *recorder) Unwrap() http.ResponseWriter { return r.ResponseWriter }

// drain reads what is left of a body so the connection can be reused.
func drain(r io.Reader) { _, _ = io.Copy(io.Discard, io.LimitReader(r, 1<<16)) }
