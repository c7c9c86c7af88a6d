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

// TestRedactedRequests checks that the body an import or export keeps
// carries no credentials in any URL, Git info's included, and that
// redacting leaves the caller's request as it was.
func TestRedactedRequests(t *testing.T) {
	const secret = "pa55w0rd"
	url := "https://alice:" + secret + "@git.example.com/org/repo.git"
	imp := &space.ImportRequest{URL: url, Ref: "main", RepoTreeURL: url, RepoCommitURL: url,
		GitInfo: &space.GitInfoUpdate{Provider: "github", URL: url}}
	exp := &space.ExportRequest{URL: url, Ref: "main", CommitMessage: "m", RepoTreeURL: url, RepoCommitURL: url,
		GitInfo: &space.GitInfoUpdate{Provider: "github", URL: url}}
	for _, tc := range []struct {
		name    string
		req     interface{ redacted() ([]byte, error) }
		gitInfo *space.GitInfoUpdate
	}{
		{"import", importReq{imp}, imp.GitInfo},
		{"export", exportReq{exp}, exp.GitInfo},
	} {
		b, err := tc.req.redacted()
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		if strings.Contains(string(b), secret) {
			t.Errorf("%s: redacted body carries the password: %s", tc.name, b)
		}
		if got := strings.Count(string(b), "git.example.com"); got != 4 {
			t.Errorf("%s: redacted body names the host %d times, want 4: %s", tc.name, got, b)
		}
		if tc.gitInfo.URL != url {
			t.Errorf("%s: redacting changed the caller's gitInfo.url to %q", tc.name, tc.gitInfo.URL)
		}
	}
	if imp.URL != url || exp.RepoCommitURL != url {
		t.Error("redacting changed the caller's request")
	}
}
