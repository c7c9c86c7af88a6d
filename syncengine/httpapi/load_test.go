package httpapi

import (
	"context"
	"fmt"
	"github.com/seed1bfafebe/gitsync/syncengine/space"
	"io"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
)

// TestLoad sends 200 concurrent imports and exports over 20 spaces to a
// loopback server, in shuffled order, and checks that no operation is lost:
// every 204 ends applied, every refusal is a 409 for an operation older
// than one already started, and each space applied its operations in
// timestamp order. It logs requests per second and the p99 latency.
func TestLoad(t *testing.T) {
	fake := func() (Spaces, func(string) []applied) {
		f := newFake()
		f.work = 2 * time.Millisecond
		return f, f.appliedTo
	}
	real := func() (Spaces, func(string) []applied) {
		eng, _ := realEngine(t, docsFiles)
		r := &recording{Spaces: eng, fake: newFake()}
		return r, r.fake.appliedTo
	}
	t.Run("fake", func(t *testing.T) { testLoad(t, 0, fake) })
	// Holding each operation 2s before it starts lets the requests of the
	// burst sort into timestamp order: none is refused.
	t.Run("fake settle", func(t *testing.T) { testLoad(t, 2*time.Second, fake) })
	t.Run("space engine", func(t *testing.T) { testLoad(t, 0, real) })
}

// recording is a Spaces that records the operations the engine under it
// applied, in the order they ended.
type recording struct {
	Spaces
	fake *fakeSpaces
}

func (r *recording) Import(ctx context.Context, spaceID string, req space.ImportRequest) (*space.ImportResult, error) {
	res, err := r.Spaces.Import(ctx, spaceID, req)
	if err == nil {
		err = r.fake.apply(ctx, spaceID, DirectionImport, req.URL, req.Timestamp, req.Force, "")
	}
	return res, err
}

func (r *recording) Export(ctx context.Context, spaceID string, req space.ExportRequest) (*space.ExportResult, error) {
	res, err := r.Spaces.Export(ctx, spaceID, req)
	if err == nil {
		err = r.fake.apply(ctx, spaceID, DirectionExport, req.URL, req.Timestamp, req.Force, req.CommitMessage)
	}
	return res, err
}

func testLoad(t *testing.T, settle time.Duration, newSpaces func() (Spaces, func(string) []applied)) {
	const spaces, perSpace = 20, 10
	eng, appliedTo := newSpaces()
	h, _ := newTestHandler(t, eng, Options{Workers: 4, Settle: settle})
	// Time the handler too: the client's latency includes 200 dials at
	// once on a busy machine.
	var mu sync.Mutex
	var served []time.Duration
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		t0 := time.Now()
		h.ServeHTTP(w, r)
		mu.Lock()
		served = append(served, time.Since(t0))
		mu.Unlock()
	})) // 127.0.0.1, a random port
	defer srv.Close()
	if !strings.HasPrefix(srv.URL, "http://127.0.0.1:") {
		t.Fatalf("server on %s, want loopback", srv.URL)
	}
	client := &http.Client{Timeout: 20 * time.Second,
		Transport: &http.Transport{MaxIdleConnsPerHost: spaces * perSpace, MaxConnsPerHost: spaces * perSpace}}
	defer client.CloseIdleConnections()

	type req struct {
		space string
		sec   int
		dir   Direction
	}
	var reqs []req
	for s := range spaces {
		for i := range perSpace {
			dir := DirectionImport
			if i%3 == 2 {
				dir = DirectionExport
			}
			reqs = append(reqs, req{fmt.Sprintf("space-%02d", s), i + 1, dir})
		}
	}
	// Each space is imported once before the burst: an export needs a
	// primary revision.
	var primed sync.WaitGroup
	for s := range spaces {
		space := fmt.Sprintf("space-%02d", s)
		body := `{"url":"https://github.com/acme/` + space + `.git","ref":"refs/heads/main","timestamp":"` + ts(0) + `"}`
		primed.Go(func() {
			if w := do(h, "POST", "/v1/spaces/"+space+"/git/import", body, "Prefer", "wait=30"); w.Code != http.StatusNoContent {
				t.Errorf("%s: first import: status %d: %s", space, w.Code, w.Body)
			}
		})
	}
	primed.Wait()
	if t.Failed() {
		return
	}
	rand.New(rand.NewPCG(1, 2)).Shuffle(len(reqs), func(i, j int) { reqs[i], reqs[j] = reqs[j], reqs[i] })

	type result struct {
		req
		status  int
		op      string
		latency time.Duration
		err     error
	}
	results := make([]result, len(reqs))
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	start := make(chan struct{})
	var wg sync.WaitGroup
	for i, r := range reqs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			body := `{"url":"https://github.com/acme/` + r.space + `.git","ref":"refs/heads/main","commitMessage":"c","timestamp":"` + ts(r.sec) + `"}`
			hr, _ := http.NewRequestWithContext(ctx, "POST", srv.URL+"/v1/spaces/"+r.space+"/git/"+string(r.dir), strings.NewReader(body))
			hr.Header.Set("Authorization", "Bearer "+testToken)
			hr.Header.Set("Content-Type", "application/json")
			<-start
			t0 := time.Now()
			resp, err := client.Do(hr)
			res := result{req: r, err: err, latency: time.Since(t0)}
			if err == nil {
				_, _ = io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				res.status = resp.StatusCode
				res.op = resp.Header.Get("Gitsync-Operation")
			}
			results[i] = res
		}()
	}
	t0 := time.Now()
	close(start)
	wg.Wait()
	elapsed := time.Since(t0)

	accepted := map[string][]int{} // space -> timestamps answered 204
	refused := 0
	var lat []time.Duration
	for _, r := range results {
		lat = append(lat, r.latency)
		switch {
		case r.err != nil:
			t.Fatalf("%s %d: %v", r.space, r.sec, r.err)
		case r.status == http.StatusNoContent:
			accepted[r.space] = append(accepted[r.space], r.sec)
			if o, err := h.Wait(ctx, r.space, r.op); err != nil || o.State != StateSuccess {
				t.Errorf("%s %d: operation %+v, %v", r.space, r.sec, o, err)
			}
		case r.status == http.StatusConflict:
			refused++
		default:
			t.Errorf("%s %d: status %d", r.space, r.sec, r.status)
		}
	}
	mu.Lock()
	defer mu.Unlock()
	t.Logf("%d requests in %v: %.0f requests/s; latency p50 %v, p99 %v (in the handler: p50 %v, p99 %v); %d accepted, %d refused as out of order",
		len(reqs), elapsed.Round(time.Millisecond), float64(len(reqs))/elapsed.Seconds(),
		quantile(lat, 50), quantile(lat, 99), quantile(served, 50), quantile(served, 99), len(reqs)-refused, refused)
	if settle > elapsed && refused > 0 {
		t.Errorf("%d operations refused with a settle time longer than the burst", refused)
	}

	for s := range spaces {
		space := fmt.Sprintf("space-%02d", s)
		var got []int
		for _, a := range appliedTo(space) {
			got = append(got, a.Timestamp.Second())
		}
		want := append([]int{0}, slices.Sorted(slices.Values(accepted[space]))...)
		if !slices.Equal(got, want) {
			t.Errorf("%s applied %v, want the accepted %v in timestamp order", space, got, want)
		}
	}
	// Each refusal names an operation older than one the space applied
	// before it: the only reason to refuse.
	for _, r := range results {
		if r.status == http.StatusConflict && !slices.ContainsFunc(appliedTo(r.space), func(a applied) bool { return a.Timestamp.Second() > r.sec }) {
			t.Errorf("%s %d refused, but nothing newer was applied", r.space, r.sec)
		}
	}
	if elapsed > 20*time.Second {
		t.Errorf("200 requests took %v", elapsed)
	}
}

// quantile returns the q-th percentile of ds (nearest rank).
func quantile(ds []time.Duration, q int) time.Duration {
	s := slices.Clone(ds)
	slices.Sort(s)
	return s[(len(s)*q+99)/100-1].Round(time.Microsecond)
}
