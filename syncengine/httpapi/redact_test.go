package httpapi

import (
	"context"
	"encoding/json"
	"github.com/seed1bfafebe/gitsync/syncengine/space"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

// TestNoCredentialsOut sends URLs with user:password@ through every path
// that could echo them: a failing operation (whose error quotes the URL),
// Prefer: wait, the operation endpoint, Git info, the log and the
// operations Shutdown keeps.
func TestNoCredentialsOut(t *testing.T) {
	const secret = "pa55w0rd"
	url := "https://alice:" + secret + "@git.example.com/org/repo.git"
	f := newFake()
	h, logs := newTestHandler(t, f, Options{})
	var answers []*httptest.ResponseRecorder
	keep := func(w *httptest.ResponseRecorder) *httptest.ResponseRecorder {
		answers = append(answers, w)
		return w
	}

	ok := keep(do(h, "POST", "/v1/spaces/s/git/import", `{"url":"`+url+`","ref":"main","timestamp":"`+ts(1)+`"}`))
	waitOp(t, h, "s", ok)
	keep(do(h, "GET", "/v1/spaces/s/git/info", ""))
	keep(do(h, "GET", "/v1/spaces/s/git/operations/"+ok.Header().Get("Gitsync-Operation"), ""))
	keep(do(h, "POST", "/v1/spaces/s/git/import", `{"url":"`+url+`","ref":"main","timestamp":"`+ts(0)+`"}`)) // 409
	keep(do(h, "POST", "/v1/spaces/s/git/import", `{"url":"`+url+`","ref":"main","timestamp":17}`))          // 400
	keep(do(h, "POST", "/v1/spaces/s/git/export", `{"url":"`+url+`","ref":"main"}`))                         // 400
	keep(do(h, "GET", "/v1/spaces/https:%2F%2Falice:"+secret+"@host%2Fr/content", ""))                       // 404

	f.fail = errFake
	failed := keep(do(h, "POST", "/v1/spaces/s/git/export", `{"url":"`+url+`","ref":"main","commitMessage":"m","timestamp":"`+ts(2)+`"}`, "Prefer", "wait=5"))
	keep(do(h, "GET", "/v1/spaces/s/git/operations/"+failed.Header().Get("Gitsync-Operation"), ""))
	keep(do(h, "GET", "/v1/spaces/s/git/info", ""))
	f.fail = space.ErrConflict
	keep(do(h, "POST", "/v1/spaces/s/git/export", `{"url":"`+url+`","ref":"main","commitMessage":"m","timestamp":"`+ts(3)+`"}`, "Prefer", "wait=5"))

	f.gate = make(chan struct{})
	f.fail = nil
	do(h, "POST", "/v1/spaces/s/git/import", `{"url":"`+url+`","ref":"main","timestamp":"`+ts(4)+`"}`)
	waitRunning(t, h, "s")
	do(h, "POST", "/v1/spaces/s/git/import", `{"url":"`+url+`","ref":"main","timestamp":"`+ts(5)+`"}`)
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	left := h.Shutdown(ctx)
	kept, _ := json.Marshal(left)
	if len(left) != 1 {
		t.Fatalf("%d operations kept, want 1", len(left))
	}

	statuses := map[int]bool{}
	for _, w := range answers {
		statuses[w.Code] = true
		if strings.Contains(w.Body.String(), secret) || strings.Contains(strings.Join(flatten(w.Header()), " "), secret) {
			t.Errorf("a %d answer carries the password: %v %s", w.Code, w.Header(), w.Body)
		}
	}
	for _, code := range []int{200, 204, 400, 404, 409, 500} {
		if !statuses[code] {
			t.Errorf("no %d answer was checked", code)
		}
	}
	if strings.Contains(logs.String(), secret) {
		t.Errorf("the log carries the password:\n%s", logs)
	}
	if !strings.Contains(logs.String(), "git.example.com") {
		t.Errorf("the log never names the repository, so the check above proves nothing:\n%s", logs)
	}
	if strings.Contains(string(kept), secret) || strings.Contains(string(kept), "alice") {
		t.Errorf("kept operations carry the credentials: %s", kept)
	}
}

func flatten(h map[string][]string) []string {
	var out []string
	for k, vs := range h {
		out = append(out, k)
		out = append(out, vs...)
	}
	return out
}
