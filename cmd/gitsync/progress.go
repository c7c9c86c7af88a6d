package main

import (
	"fmt"
	"io"
	"sync"
	"time"

	"github.com/seed1bfafebe/gitsync/syncengine"
)

// stageTimer records when each import stage starts, for --timings. Its
// observe is safe for concurrent use (pages report from parsing workers).
type stageTimer struct {
	mu     sync.Mutex
	now    func() time.Time
	stages []string
	starts []time.Time
}

func newStageTimer() *stageTimer { return &stageTimer{now: time.Now} }

func (t *stageTimer) observe(p syncengine.Progress) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if n := len(t.stages); n == 0 || t.stages[n-1] != p.Stage {
		t.stages = append(t.stages, p.Stage)
		t.starts = append(t.starts, t.now())
	}
}

// mark starts a stage of the command's own (writing the output).
func (t *stageTimer) mark(stage string) { t.observe(syncengine.Progress{Stage: stage}) }

// print writes one line per stage, "stage 1.234s", then the total, ending
// the last stage now.
func (t *stageTimer) print(w io.Writer) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if len(t.stages) == 0 {
		return
	}
	end := t.now()
	for i, s := range t.stages {
		next := end
		if i+1 < len(t.starts) {
			next = t.starts[i+1]
		}
		fmt.Fprintf(w, "%-16s %8.3fs\n", s, next.Sub(t.starts[i]).Seconds())
	}
	fmt.Fprintf(w, "%-16s %8.3fs\n", "total", end.Sub(t.starts[0]).Seconds())
}

// progressPrinter shows the import's stage and pages done on one line of a
// terminal, redrawn at most ten times a second (pages report from several
// goroutines at once, thousands of times).
func progressPrinter(w io.Writer) func(syncengine.Progress) {
	var (
		mu    sync.Mutex
		last  time.Time
		stage string
	)
	return func(p syncengine.Progress) {
		mu.Lock()
		defer mu.Unlock()
		now := time.Now()
		if p.Stage == stage && now.Sub(last) < 100*time.Millisecond && p.Done != p.Total {
			return
		}
		stage, last = p.Stage, now
		if p.Total > 0 {
			fmt.Fprintf(w, "\r\033[K%s: %d/%d pages", p.Stage, p.Done, p.Total)
			return
		}
		fmt.Fprintf(w, "\r\033[K%s", p.Stage)
	}
}
