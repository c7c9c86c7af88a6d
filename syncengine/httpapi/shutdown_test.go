package httpapi

import (
	"context"
	"encoding/json"
	"github.com/seed1bfafebe/gitsync/syncengine/space"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func TestShutdownDrains(t *testing.T) {
	f := newFake()
	h, _ := newTestHandler(t, f, Options{})
	for sec := 1; sec <= 5; sec++ {
		if w := do(h, "POST", "/v1/spaces/s/git/import", importBody(sec)); w.Code != 204 {
			t.Fatalf("status %d", w.Code)
		}
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if left := h.Shutdown(ctx); len(left) != 0 {
		t.Errorf("%d operations left after a drain", len(left))
	}
	if n := len(f.appliedTo("s")); n != 5 {
		t.Errorf("%d operations applied, want 5", n)
	}
	w := do(h, "POST", "/v1/spaces/s/git/import", importBody(6))
	if w.Code != 503 {
		t.Fatalf("after Shutdown: status %d, want 503", w.Code)
	}
	checkErrorBody(t, w, 503, "shutting down")
}

// TestShutdownKeeps stops a server whose queue cannot drain in time: the
// operations that never started come back from Shutdown, without the URL's
// credentials, and a new handler's Resume applies them in order.
func TestShutdownKeeps(t *testing.T) {
	f := newFake()
	f.gate = make(chan struct{})
	h, _ := newTestHandler(t, f, Options{})
	body := func(sec int) string {
		return `{"url":"https://bob:hunter2@git.example.com/o/r.git","ref":"main","timestamp":"` + ts(sec) + `"}`
	}
	first := do(h, "POST", "/v1/spaces/s/git/import", body(1))
	waitRunning(t, h, "s")
	for _, sec := range []int{4, 2, 3} {
		if w := do(h, "POST", "/v1/spaces/s/git/import", body(sec)); w.Code != 204 {
			t.Fatalf("status %d", w.Code)
		}
	}
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	left := h.Shutdown(ctx)
	if o := waitOp(t, h, "s", first); o.State != StateFailure {
		t.Errorf("the running operation, cancelled: %+v", o)
	}
	saved, err := json.Marshal(left)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(saved), "hunter2") || strings.Contains(string(saved), "bob") {
		t.Errorf("kept operations carry the credentials: %s", saved)
	}
	var got []string
	for _, p := range left {
		var r space.ImportRequest
		if err := json.Unmarshal(p.Request, &r); err != nil {
			t.Fatal(err)
		}
		got = append(got, r.Timestamp.Format(time.RFC3339))
	}
	if diff := cmp.Diff([]string{ts(2), ts(3), ts(4)}, got); diff != "" {
		t.Errorf("kept operations (-want +got):\n%s", diff)
	}

	// A restart: a new handler over the same engine resumes them.
	f.gate = nil
	h2, _ := newTestHandler(t, f, Options{})
	var restored []Pending
	if err := json.Unmarshal(saved, &restored); err != nil {
		t.Fatal(err)
	}
	ids, err := h2.Resume(context.Background(), restored)
	if err != nil || len(ids) != 3 {
		t.Fatalf("Resume: %v, %v", ids, err)
	}
	if _, err := h2.Wait(ctx2(t), "s", ids[2]); err != nil {
		t.Fatal(err)
	}
	var applied []string
	for _, a := range f.appliedTo("s") {
		applied = append(applied, a.Timestamp.Format(time.RFC3339))
	}
	if diff := cmp.Diff([]string{ts(2), ts(3), ts(4)}, applied); diff != "" {
		t.Errorf("applied after the restart (-want +got):\n%s", diff)
	}
}

func TestResumeRefusesBadEntries(t *testing.T) {
	h, _ := newTestHandler(t, newFake(), Options{})
	ids, err := h.Resume(context.Background(), []Pending{
		{SpaceID: "s", Direction: "sideways", Request: json.RawMessage(`{}`)},
		{SpaceID: "s", Direction: DirectionExport, Request: json.RawMessage(`{"url":"/r","ref":"main"}`)},
		{SpaceID: "s", Direction: DirectionImport, Request: json.RawMessage(`{"url":"/r","ref":"main"}`)},
	})
	if len(ids) != 1 || err == nil || !strings.Contains(err.Error(), "sideways") || !strings.Contains(err.Error(), "invalid request") {
		t.Errorf("Resume: ids %v, err %v; want one id and two errors", ids, err)
	}
}

func ctx2(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	t.Cleanup(cancel)
	return ctx
}
