package httpapi

import (
	"context"
	"encoding/json"
	"errors"
	"github.com/seed1bfafebe/gitsync/syncengine/space"
	"net/http"

	"github.com/seed1bfafebe/gitsync/revision"
	"github.com/seed1bfafebe/gitsync/syncengine"
)

// errInternal marks a bug (a panic in the engine): the only cause of 500.
var errInternal = errors.New("internal error")

// errorBody is GitBook's Error schema: {"error":{"code":404,"message":"…"}}.
type errorBody struct {
	Error errorDetail `json:"error"`
}

type errorDetail struct {
	Code    int    `json:"code"`
	Message string `json:"message"`
	// Conflicts are the merge conflicts of a 409, when the engine's error
	// carries them (see Conflicter).
	Conflicts []*revision.Conflict `json:"conflicts,omitempty"`
}

// Conflicter is an error that carries the conflicts of a three-way merge:
// a 409 caused by one lists them in its body, error.conflicts, so the
// client can resolve them and export again.
type Conflicter interface {
	error
	Conflicts() []*revision.Conflict
}

// statusError is an error with the HTTP status the handler answers.
type statusError struct {
	status int
	msg    string
}

func (e *statusError) Error() string { return e.msg }

// statusOf maps an engine error to its HTTP status. What the engine refuses
// because of the request is 4xx; only errInternal and errors nobody
// classified are 500.
func statusOf(err error) int {
	var se *statusError
	var mbe *http.MaxBytesError
	var ce *syncengine.ConfigError
	switch {
	case errors.As(err, &se):
		return se.status
	case errors.As(err, &mbe):
		return http.StatusRequestEntityTooLarge
	case errors.Is(err, ErrOperationNotFound), errors.Is(err, space.ErrNotFound):
		return http.StatusNotFound
	case errors.Is(err, space.ErrOutOfOrder), errors.Is(err, space.ErrConflict),
		errors.Is(err, space.ErrBound), errors.Is(err, space.ErrVersion):
		return http.StatusConflict
	case errors.Is(err, ErrQueueFull):
		return http.StatusTooManyRequests
	case errors.Is(err, ErrShuttingDown), errors.Is(err, context.Canceled):
		return http.StatusServiceUnavailable
	case errors.Is(err, context.DeadlineExceeded):
		return http.StatusGatewayTimeout // Options.OperationTimeout
	case errors.Is(err, space.ErrInvalidRequest),
		errors.Is(err, space.ErrNoResolver),
		errors.Is(err, syncengine.ErrRefNotFound),
		errors.Is(err, syncengine.ErrUnsupportedURL),
		errors.Is(err, syncengine.ErrPathEscapes),
		errors.Is(err, syncengine.ErrLimit),
		errors.As(err, &ce):
		return http.StatusBadRequest
	}
	return http.StatusInternalServerError
}

// writeJSON answers status with v as JSON.
func writeJSON(w http.ResponseWriter, status int, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		status = http.StatusInternalServerError
		b, _ = json.Marshal(errorBody{errorDetail{Code: status, Message: "internal error: encoding the answer"}})
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = w.Write(append(b, '\n'))
}

// writeError answers err as GitBook's error body, without URL credentials.
// A 500 says no more than "internal error": its cause goes to the log.
func writeError(w http.ResponseWriter, err error) int {
	status := statusOf(err)
	msg := redactText(err.Error())
	if status == http.StatusInternalServerError {
		msg = "internal error"
	}
	if status == http.StatusUnauthorized {
		w.Header().Set("WWW-Authenticate", `Bearer realm="gitsync"`)
	}
	if status == http.StatusTooManyRequests || status == http.StatusServiceUnavailable {
		w.Header().Set("Retry-After", "1")
	}
	detail := errorDetail{Code: status, Message: msg}
	var c Conflicter
	if status == http.StatusConflict && errors.As(err, &c) {
		detail.Conflicts = c.Conflicts()
	}
	writeJSON(w, status, errorBody{detail})
	return status
}

// redactText removes URL credentials from a message.
func redactText(s string) string { return syncengine.RedactText(s) }
