package main

import (
	"bytes"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/seed1bfafebe/gitsync/syncengine"
)

func TestImportTimings(t *testing.T) {
	code, out, stderr := runCLI(t, "import", "--timings")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if !strings.HasPrefix(out, "{") {
		t.Errorf("stdout is not the revision: %.40q", out)
	}
	var stages []string
	line := regexp.MustCompile(`^(\w+) +\d+\.\d{3}s$`)
	for _, l := range strings.Split(strings.TrimSpace(stderr), "\n") {
		if m := line.FindStringSubmatch(l); m != nil {
			stages = append(stages, m[1])
		}
	}
	want := []string{"repo_fetch", "config_check", "content_process", "finalize", "write_json", "total"}
	if diff := cmp.Diff(want, stages); diff != "" {
		t.Errorf("stages on stderr (-want +got):\n%s\nstderr:\n%s", diff, stderr)
	}
	// Without the flag, stderr has no timings (and, not a terminal, no
	// progress).
	if _, _, stderr := runCLI(t, "import"); strings.Contains(stderr, "content_process") {
		t.Errorf("timings without --timings:\n%s", stderr)
	}
}

func TestStageTimer(t *testing.T) {
	at := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	tm := newStageTimer()
	tm.now = func() time.Time { at = at.Add(250 * time.Millisecond); return at }
	var wg sync.WaitGroup
	tm.observe(syncengine.Progress{Stage: syncengine.StageRepoFetch})
	tm.observe(syncengine.Progress{Stage: syncengine.StageContentProcess, Total: 4})
	for i := range 4 { // pages report from several goroutines: one stage
		wg.Add(1)
		go func() {
			defer wg.Done()
			tm.observe(syncengine.Progress{Stage: syncengine.StageContentProcess, Done: i + 1, Total: 4})
		}()
	}
	wg.Wait()
	var buf bytes.Buffer
	tm.print(&buf)
	want := "repo_fetch          0.250s\ncontent_process     0.250s\ntotal               0.500s\n"
	if diff := cmp.Diff(want, buf.String()); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

func TestProgressThrottled(t *testing.T) {
	var buf bytes.Buffer
	show := progressPrinter(&buf)
	show(syncengine.Progress{Stage: syncengine.StageContentProcess, Total: 1000})
	for i := 1; i <= 1000; i++ {
		show(syncengine.Progress{Stage: syncengine.StageContentProcess, Done: i, Total: 1000})
	}
	if n := strings.Count(buf.String(), "\r"); n > 10 {
		t.Errorf("%d redraws for 1000 pages in well under a second", n)
	}
	if !strings.HasSuffix(buf.String(), "1000/1000 pages") {
		t.Errorf("last line %q, want the final count", buf.String()[max(0, buf.Len()-30):])
	}
}
