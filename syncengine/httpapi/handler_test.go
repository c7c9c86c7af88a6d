package httpapi

import (
	"bytes"
	"context"
	"encoding/json"
	"github.com/seed1bfafebe/gitsync/syncengine/space"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/seed1bfafebe/gitsync/internal/schematest"
	"github.com/seed1bfafebe/gitsync/revision"
	"github.com/seed1bfafebe/gitsync/syncengine"
)

const testToken = "t0ken-for-tests"

func newTestHandler(t *testing.T, f Spaces, opts Options) (*Handler, *logBuffer) {
	t.Helper()
	logs := &logBuffer{}
	if opts.Token == "" && !opts.Anonymous {
		opts.Token = testToken
	}
	opts.Logger = slog.New(slog.NewJSONHandler(logs, nil))
	h, err := New(f, opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		h.Shutdown(ctx)
	})
	return h, logs
}

// do sends one request with the test token (unless hdr sets Authorization).
func do(h http.Handler, method, path, body string, hdr ...string) *httptest.ResponseRecorder {
	r := httptest.NewRequest(method, path, strings.NewReader(body))
	r.Header.Set("Authorization", "Bearer "+testToken)
	for i := 0; i+1 < len(hdr); i += 2 {
		if hdr[i+1] == "" {
			r.Header.Del(hdr[i])
		} else {
			r.Header.Set(hdr[i], hdr[i+1])
		}
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	return w
}

func ts(sec int) string {
	return time.Date(2025, 1, 1, 0, 0, sec, 0, time.UTC).Format(time.RFC3339)
}

func importBody(sec int) string {
	return `{"url":"/repos/docs.git","ref":"refs/heads/main","timestamp":"` + ts(sec) + `"}`
}

// waitOp waits for the operation a 204 named.
func waitOp(t *testing.T, h *Handler, space string, w *httptest.ResponseRecorder) Operation {
	t.Helper()
	if w.Code != http.StatusNoContent {
		t.Fatalf("status %d, want 204: %s", w.Code, w.Body)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	o, err := h.Wait(ctx, space, w.Header().Get("Gitsync-Operation"))
	if err != nil {
		t.Fatal(err)
	}
	return o
}

func TestStatusCodes(t *testing.T) {
	f := newFake()
	h, _ := newTestHandler(t, f, Options{MaxBodyBytes: 512})
	waitOp(t, h, "synced", do(h, "POST", "/v1/spaces/synced/git/import", importBody(10)))
	f.legacy["synced"] = true

	big := `{"url":"/r","ref":"main","repoTreeURL":"` + strings.Repeat("x", 600) + `"}`
	tests := []struct {
		name         string
		method, path string
		body         string
		hdr          []string
		status       int
		msg          string // substring of the error message
	}{
		{"import queued", "POST", "/v1/spaces/s1/git/import", importBody(1), nil, 204, ""},
		{"export queued", "POST", "/v1/spaces/s1/git/export", `{"url":"/r","ref":"refs/heads/main","commitMessage":"m"}`, nil, 204, ""},
		{"info", "GET", "/v1/spaces/synced/git/info", "", nil, 200, ""},
		{"content", "GET", "/v1/spaces/synced/content", "", nil, 200, ""},
		{"legacy removed", "DELETE", "/v1/spaces/synced/git/legacy-installation", "", nil, 205, ""},
		{"legacy already removed", "DELETE", "/v1/spaces/synced/git/legacy-installation", "", nil, 204, ""},
		{"no token", "GET", "/v1/spaces/synced/git/info", "", []string{"Authorization", ""}, 401, "bearer token"},
		{"wrong token", "GET", "/v1/spaces/synced/git/info", "", []string{"Authorization", "Bearer nope"}, 401, "bearer token"},
		{"token as prefix", "GET", "/v1/spaces/synced/git/info", "", []string{"Authorization", "Bearer " + testToken + "x"}, 401, "bearer token"},
		{"basic scheme", "GET", "/v1/spaces/synced/git/info", "", []string{"Authorization", "Basic " + testToken}, 401, "bearer token"},
		{"not JSON", "POST", "/v1/spaces/s1/git/import", `url=x`, nil, 400, "invalid JSON"},
		{"two objects", "POST", "/v1/spaces/s1/git/import", importBody(2) + importBody(3), nil, 400, "after the JSON object"},
		{"wrong type", "POST", "/v1/spaces/s1/git/import", `{"url":1,"ref":"main"}`, nil, 400, "invalid JSON"},
		{"bad timestamp", "POST", "/v1/spaces/s1/git/import", `{"url":"/r","ref":"main","timestamp":"yesterday"}`, nil, 400, "invalid JSON"},
		{"missing url", "POST", "/v1/spaces/s1/git/import", `{"ref":"main"}`, nil, 400, "invalid request"},
		{"missing commit message", "POST", "/v1/spaces/s1/git/export", `{"url":"/r","ref":"main"}`, nil, 400, "invalid request"},
		{"info never synced", "GET", "/v1/spaces/new/git/info", "", nil, 404, "space not found"},
		{"content never synced", "GET", "/v1/spaces/new/content", "", nil, 404, "space not found"},
		{"legacy never synced", "DELETE", "/v1/spaces/new/git/legacy-installation", "", nil, 404, "space not found"},
		{"unknown operation", "GET", "/v1/spaces/synced/git/operations/op_0", "", nil, 404, "operation not found"},
		{"unknown endpoint", "GET", "/v1/spaces/synced/git/nothing", "", nil, 404, "no such endpoint"},
		{"other method", "GET", "/v1/spaces/synced/git/import", "", nil, 405, "allowed: POST"},
		{"out of order", "POST", "/v1/spaces/synced/git/import", importBody(5), nil, 409, "out of order"},
		{"forced out of order", "POST", "/v1/spaces/synced/git/import", `{"url":"/r","ref":"main","force":true,"timestamp":"` + ts(5) + `"}`, nil, 204, ""},
		{"body over limit", "POST", "/v1/spaces/s1/git/import", big, nil, 413, "over the limit"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := do(h, tt.method, tt.path, tt.body, tt.hdr...)
			if w.Code != tt.status {
				t.Fatalf("status %d, want %d: %s", w.Code, tt.status, w.Body)
			}
			if tt.status < 400 {
				return
			}
			checkErrorBody(t, w, tt.status, tt.msg)
		})
	}
}

// checkErrorBody checks GitBook's error body against the API schema.
func checkErrorBody(t *testing.T, w *httptest.ResponseRecorder, status int, msg string) {
	t.Helper()
	if ct := w.Header().Get("Content-Type"); ct != "application/json" {
		t.Errorf("Content-Type %q", ct)
	}
	schematest.Validate(t, "Error", w.Body.Bytes())
	var e errorBody
	if err := json.Unmarshal(w.Body.Bytes(), &e); err != nil {
		t.Fatal(err)
	}
	if e.Error.Code != status || !strings.Contains(e.Error.Message, msg) {
		t.Errorf("error body %+v, want code %d and a message with %q", e.Error, status, msg)
	}
}

func TestBodyOverLimitWithoutContentLength(t *testing.T) {
	h, _ := newTestHandler(t, newFake(), Options{MaxBodyBytes: 64})
	r := httptest.NewRequest("POST", "/v1/spaces/s/git/import", io.MultiReader(strings.NewReader(`{"url":"`+strings.Repeat("a", 100)), strings.NewReader(`"}`)))
	r.ContentLength = -1 // chunked: the limit is found while reading
	r.Header.Set("Authorization", "Bearer "+testToken)
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	if w.Code != 413 {
		t.Fatalf("status %d, want 413", w.Code)
	}
	checkErrorBody(t, w, 413, "over the limit")
}

func TestStatusFromEngine(t *testing.T) {
	tests := []struct {
		name   string
		setup  func(*fakeSpaces)
		status int
		msg    string
		state  OperationState
	}{
		{"conflict", func(f *fakeSpaces) { f.fail = space.ErrConflict }, 409, "changed", StateFailure},
		{"merge conflicts", func(f *fakeSpaces) { f.fail = mergeConflicts{} }, 409, "1 conflict", StateFailure},
		{"ref not found", func(f *fakeSpaces) { f.fail = syncengine.ErrRefNotFound }, 400, "ref not found", StateFailure},
		{"unclassified", func(f *fakeSpaces) { f.fail = errFake }, 500, "internal error", StateFailure},
		{"engine panics", func(f *fakeSpaces) { f.panicking = true }, 500, "internal error", StateFailure},
		{"timeout", func(f *fakeSpaces) { f.gate = make(chan struct{}) }, 504, "deadline", StateTimeout},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFake()
			tt.setup(f)
			h, logs := newTestHandler(t, f, Options{OperationTimeout: 50 * time.Millisecond})
			w := do(h, "POST", "/v1/spaces/s/git/import", importBody(1), "Prefer", "wait=5")
			if w.Code != tt.status {
				t.Fatalf("status %d, want %d: %s", w.Code, tt.status, w.Body)
			}
			checkErrorBody(t, w, tt.status, tt.msg)
			if _, ok := f.fail.(mergeConflicts); ok && !strings.Contains(w.Body.String(), `"conflicts":[{"id":"c1","kind":"blocks"`) {
				t.Errorf("409 without the conflicts: %s", w.Body)
			}
			o, err := h.Operation("s", w.Header().Get("Gitsync-Operation"))
			if err != nil {
				t.Fatal(err)
			}
			if o.State != tt.state || o.Error == "" {
				t.Errorf("operation %+v, want state %s with an error", o, tt.state)
			}
			if tt.status == 500 && !strings.Contains(logs.String(), `"level":"ERROR"`) {
				t.Errorf("a 500 is not logged as an error:\n%s", logs)
			}
		})
	}
}

func TestOperationEndpoint(t *testing.T) {
	f := newFake()
	f.gate = make(chan struct{})
	h, _ := newTestHandler(t, f, Options{})
	w := do(h, "POST", "/v1/spaces/s/git/import", importBody(1))
	if w.Code != 204 || w.Body.Len() != 0 {
		t.Fatalf("status %d body %q, want an empty 204", w.Code, w.Body)
	}
	id := w.Header().Get("Gitsync-Operation")
	if loc := w.Header().Get("Location"); loc != "/v1/spaces/s/git/operations/"+id {
		t.Errorf("Location %q", loc)
	}
	get := func(query string) Operation {
		t.Helper()
		w := do(h, "GET", "/v1/spaces/s/git/operations/"+id+query, "")
		if w.Code != 200 {
			t.Fatalf("status %d: %s", w.Code, w.Body)
		}
		schematest.Validate(t, "GitSyncSpaceOperation", w.Body.Bytes())
		var o Operation
		if err := json.Unmarshal(w.Body.Bytes(), &o); err != nil {
			t.Fatal(err)
		}
		return o
	}
	if o := get("?wait=10ms"); o.State != StateRunning || o.Stage != "repo_fetch" || o.Direction != DirectionImport {
		t.Errorf("while gated: %+v", o)
	}
	if w := do(h, "GET", "/v1/spaces/s/git/operations/"+id+"?wait=soon", ""); w.Code != 400 {
		t.Errorf("?wait=soon: status %d, want 400", w.Code)
	}
	close(f.gate)
	o := get("?wait=10")
	if o.State != StateSuccess || o.CompletedAt == nil || o.Stage != "finalize" {
		t.Errorf("after: %+v", o)
	}
	if o.Timestamp == nil || o.Timestamp.Format(time.RFC3339) != ts(1) {
		t.Errorf("timestamp %v", o.Timestamp)
	}
	// An id that needs escaping stays escaped in Location.
	w2 := do(h, "POST", "/v1/spaces/a%2Fb%20c/git/export", `{"url":"/r","ref":"main","commitMessage":"m"}`)
	if loc := w2.Header().Get("Location"); !strings.HasPrefix(loc, "/v1/spaces/a%2Fb%20c/git/operations/op_") {
		t.Errorf("Location %q", loc)
	}
	// Another space does not see the operation.
	if w := do(h, "GET", "/v1/spaces/other/git/operations/"+id, ""); w.Code != 404 {
		t.Errorf("other space: status %d", w.Code)
	}
	// Git info reports it as the space's latest operation.
	w = do(h, "GET", "/v1/spaces/s/git/info", "")
	var st struct {
		RepoName  string
		Operation struct {
			State     OperationState
			Direction Direction
			EndedAt   *time.Time
		}
	}
	if err := json.Unmarshal(w.Body.Bytes(), &st); err != nil {
		t.Fatal(err)
	}
	if st.RepoName != "/repos/docs.git" || st.Operation.State != StateSuccess || st.Operation.EndedAt == nil {
		t.Errorf("info %s", w.Body)
	}
}

// TestQueueOrder queues operations behind a gated one and checks that they
// apply in timestamp order, not arrival order; one older than the started
// one is refused.
func TestQueueOrder(t *testing.T) {
	f := newFake()
	f.gate = make(chan struct{})
	h, _ := newTestHandler(t, f, Options{})
	var last *httptest.ResponseRecorder
	for _, sec := range []int{10, 30, 20, 25, 15} {
		last = do(h, "POST", "/v1/spaces/s/git/import", importBody(sec))
		if last.Code != 204 {
			t.Fatalf("ts %d: status %d: %s", sec, last.Code, last.Body)
		}
		if sec == 10 {
			// Let the first one start, so that the others queue behind it.
			waitRunning(t, h, "s")
		}
	}
	if w := do(h, "POST", "/v1/spaces/s/git/import", importBody(5)); w.Code != 409 {
		t.Errorf("older than the running one: status %d", w.Code)
	}
	close(f.gate)
	waitOp(t, h, "s", last)
	h.Shutdown(context.Background())
	var got []int
	for _, a := range f.appliedTo("s") {
		got = append(got, a.Timestamp.Second())
	}
	if diff := cmp.Diff([]int{10, 15, 20, 25, 30}, got); diff != "" {
		t.Errorf("applied order (-want +got):\n%s", diff)
	}
}

// waitRunning waits until space has a started operation.
func waitRunning(t *testing.T, h *Handler, space string) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for h.q.latest(space) == nil {
		if time.Now().After(deadline) {
			t.Fatal("no operation started")
		}
		time.Sleep(time.Millisecond)
	}
}

func TestQueueFull(t *testing.T) {
	f := newFake()
	f.gate = make(chan struct{})
	h, _ := newTestHandler(t, f, Options{QueueDepth: 2})
	do(h, "POST", "/v1/spaces/s/git/import", importBody(1))
	waitRunning(t, h, "s")
	for sec := 2; sec <= 3; sec++ {
		if w := do(h, "POST", "/v1/spaces/s/git/import", importBody(sec)); w.Code != 204 {
			t.Fatalf("status %d", w.Code)
		}
	}
	w := do(h, "POST", "/v1/spaces/s/git/import", importBody(4))
	if w.Code != 429 || w.Header().Get("Retry-After") == "" {
		t.Fatalf("status %d, Retry-After %q; want 429 with Retry-After", w.Code, w.Header().Get("Retry-After"))
	}
	checkErrorBody(t, w, 429, "full")
	// Other spaces have their own queue.
	if w := do(h, "POST", "/v1/spaces/t/git/import", importBody(4)); w.Code != 204 {
		t.Errorf("another space: status %d", w.Code)
	}
	close(f.gate)
}

func TestNewWithoutToken(t *testing.T) {
	if _, err := New(newFake(), Options{}); err != ErrNoToken {
		t.Errorf("New without a token: %v, want ErrNoToken", err)
	}
	h, err := New(newFake(), Options{Anonymous: true})
	if err != nil {
		t.Fatal(err)
	}
	if w := do(h, "GET", "/v1/spaces/x/git/info", "", "Authorization", ""); w.Code != 404 {
		t.Errorf("anonymous: status %d, want 404", w.Code)
	}
}

func TestLogLinePerRequest(t *testing.T) {
	h, logs := newTestHandler(t, newFake(), Options{})
	do(h, "GET", "/v1/spaces/x/git/info", "")
	do(h, "GET", "/v1/spaces/x/content", "", "Authorization", "")
	w := do(h, "POST", "/v1/spaces/x/git/import", importBody(1), "Prefer", "wait=5")
	var lines []string
	for _, l := range strings.Split(strings.TrimSpace(logs.String()), "\n") {
		if strings.Contains(l, `"msg":"request"`) {
			lines = append(lines, l)
		}
	}
	if w.Code != 204 || len(lines) != 3 {
		t.Fatalf("status %d; %d request lines, want 3:\n%s", w.Code, len(lines), logs)
	}
	var got []map[string]any
	for _, l := range lines {
		var m map[string]any
		if err := json.Unmarshal([]byte(l), &m); err != nil {
			t.Fatal(err)
		}
		got = append(got, map[string]any{"msg": m["msg"], "method": m["method"], "path": m["path"], "status": m["status"], "error": m["error"], "operation": m["operation"] != nil})
	}
	want := []map[string]any{
		{"msg": "request", "method": "GET", "path": "/v1/spaces/x/git/info", "status": 404.0, "error": "space x: space not found", "operation": false},
		{"msg": "request", "method": "GET", "path": "/v1/spaces/x/content", "status": 401.0, "error": "missing or invalid bearer token", "operation": false},
		{"msg": "request", "method": "POST", "path": "/v1/spaces/x/git/import", "status": 204.0, "error": nil, "operation": true},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("log lines (-want +got):\n%s", diff)
	}
}

func TestPreferWait(t *testing.T) {
	tests := []struct {
		in   []string
		want time.Duration
	}{
		{nil, 0},
		{[]string{"wait=3"}, 3 * time.Second},
		{[]string{"respond-async, wait=2"}, 2 * time.Second},
		{[]string{"Wait = \"4\""}, 4 * time.Second},
		{[]string{"wait=1000"}, time.Minute},
		{[]string{"wait=-1"}, 0},
		{[]string{"return=minimal"}, 0},
	}
	for _, tt := range tests {
		if got := preferWait(tt.in, time.Minute); got != tt.want {
			t.Errorf("preferWait(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}

// logBuffer is a log destination that goroutines write while a test
// reads it.
type logBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (l *logBuffer) Write(b []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.Write(b)
}

func (l *logBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.String()
}

// TestQueueForceAndNoTimestamp: a forced operation and one without a
// timestamp go to the end of the queue; later timestamps still sort in
// before them only if they are not after their keys.
func TestQueueForceAndNoTimestamp(t *testing.T) {
	f := newFake()
	f.gate = make(chan struct{})
	h, _ := newTestHandler(t, f, Options{})
	send := func(body string) {
		t.Helper()
		if w := do(h, "POST", "/v1/spaces/s/git/import", body); w.Code != 204 {
			t.Fatalf("%s: status %d: %s", body, w.Code, w.Body)
		}
	}
	send(importBody(10))
	waitRunning(t, h, "s")
	send(importBody(30))
	send(`{"url":"/r","ref":"main","force":true,"timestamp":"` + ts(5) + `"}`)
	send(importBody(20))
	send(`{"url":"/r","ref":"main"}`)
	send(importBody(40))
	close(f.gate)
	h.Shutdown(ctx2(t))
	var got []int
	for _, a := range f.appliedTo("s") {
		got = append(got, a.Timestamp.Second())
	}
	// 20 sorts before 30; the forced 5 stays after 30; 0 (no timestamp)
	// after it; 40 sorts after both, whose keys are 30.
	if diff := cmp.Diff([]int{10, 20, 30, 5, 0, 40}, got); diff != "" {
		t.Errorf("applied order (-want +got):\n%s", diff)
	}
}

// mergeConflicts is an engine error with merge conflicts.
type mergeConflicts struct{}

func (mergeConflicts) Error() string { return "export: 1 conflict" }
func (mergeConflicts) Unwrap() error { return space.ErrConflict }
func (mergeConflicts) Conflicts() []*revision.Conflict {
	return []*revision.Conflict{{ID: "c1", Kind: revision.ConflictBlocks, Page: "p1", Message: "both edited the block"}}
}
