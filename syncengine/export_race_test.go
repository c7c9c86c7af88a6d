package syncengine_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/object"
	"github.com/seed1bfafebe/gitsync/internal/gittest"
	"github.com/seed1bfafebe/gitsync/syncengine"
)

// Concurrency tests: run them with go test -race -count=100 -run
// 'TestExportRefNeverMissing|TestExportConcurrentCAS|TestExportRefLocked'.

// TestExportRefNeverMissing reads the branch, from fresh repository handles
// as another process would, while exports move it: every read must find
// it. go-git rewrites a loose ref in place (truncate, then write); a reader
// in between found no ref at all.
func TestExportRefNeverMissing(t *testing.T) {
	f := newDiskFixture(t, docsRepo)
	dir := f.src.URL
	const exports = 6
	var done atomic.Bool
	var wg sync.WaitGroup
	var reads atomic.Int64
	readErrs := make(chan error, 4)
	for range 3 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for !done.Load() || reads.Load() == 0 {
				repo, err := git.PlainOpen(dir)
				if err == nil {
					_, err = repo.Reference(gittest.Branch, true)
				}
				if err == nil {
					_, _, err = syncengine.ResolveRef(repo, "main")
				}
				reads.Add(1)
				if err != nil {
					select {
					case readErrs <- err:
					default:
					}
					return
				}
			}
		}()
	}
	for i := range exports {
		rev := f.importRev()
		p, _ := findPage(t, rev, "Install")
		p.Document.Nodes[0] = paragraph(fmt.Sprintf("Edit %d", i))
		if _, err := syncengine.Export(context.Background(), f.src, rev, syncengine.ExportOptions{Message: "edit"}); err != nil {
			t.Fatalf("export %d: %v", i, err)
		}
	}
	done.Store(true)
	wg.Wait()
	close(readErrs)
	for err := range readErrs {
		t.Errorf("a reader found no branch while exports ran: %v", err)
	}
	if _, err := os.Stat(filepath.Join(dir, "refs", "heads", "main.lock")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the lock file is left behind: %v", err)
	}
}

// TestExportConcurrentCAS runs N writers at once on one branch, each
// retrying on conflict until its edit lands: every failed attempt is the
// typed conflict, each success adds exactly one commit on top of the
// previous one, and every writer's edit is in the final tree (no commit
// lost, none overwritten).
func TestExportConcurrentCAS(t *testing.T) {
	f := newDiskFixture(t, docsRepo)
	const writers = 4
	pages := []string{"Home", "Install", "Configure", "API"}
	var wg sync.WaitGroup
	wins := make([]string, writers)
	var conflicts atomic.Int64
	errs := make(chan error, writers)
	start := make(chan struct{})
	for i := range writers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			for attempt := 0; ; attempt++ {
				if attempt > 50 {
					errs <- fmt.Errorf("writer %d: no win in 50 attempts", i)
					return
				}
				res, err := syncengine.Import(context.Background(), f.src, syncengine.ImportOptions{})
				if err != nil {
					errs <- fmt.Errorf("writer %d: import: %w", i, err)
					return
				}
				p, _ := findPage(t, res.Revision, pages[i])
				p.Document.Nodes[0] = paragraph(fmt.Sprintf("Writer %d was here.", i))
				out, err := syncengine.Export(context.Background(), f.src, res.Revision, syncengine.ExportOptions{Message: fmt.Sprintf("writer %d", i)})
				var ce *syncengine.ConflictError
				switch {
				case err == nil:
					if out.Parent != res.Revision.Git.OID {
						errs <- fmt.Errorf("writer %d: commit on %s, imported %s", i, out.Parent, res.Revision.Git.OID)
					}
					wins[i] = out.Commit
					return
				case errors.Is(err, syncengine.ErrConflict) && errors.As(err, &ce):
					conflicts.Add(1)
				default:
					errs <- fmt.Errorf("writer %d: %v, want nil or a *ConflictError", i, err)
					return
				}
			}
		}()
	}
	close(start)
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	// The branch is a chain of exactly the winners' commits on the base.
	repo, err := git.PlainOpen(f.src.URL)
	if err != nil {
		t.Fatal(err)
	}
	ref, err := repo.Reference(gittest.Branch, true)
	if err != nil {
		t.Fatal(err)
	}
	won := map[string]bool{}
	for _, c := range wins {
		won[c] = true
	}
	var chain []string
	for h := ref.Hash(); h != f.tip; {
		c, err := repo.CommitObject(h)
		if err != nil {
			t.Fatalf("walking the branch: %v", err)
		}
		if len(c.ParentHashes) != 1 || len(chain) > writers {
			t.Fatalf("unexpected history at %s", h)
		}
		chain = append(chain, h.String())
		h = c.ParentHashes[0]
	}
	if len(chain) != writers {
		t.Errorf("%d commits on the branch, want one per writer (%d)", len(chain), writers)
	}
	for _, c := range chain {
		if !won[c] {
			t.Errorf("commit %s on the branch is no writer's win", c)
		}
	}
	final := fixtureFiles(t, repo, ref.Hash())
	for i, p := range []string{"README.md", "guide/install.md", "guide/configure.md", "reference/api.md"} {
		if want := fmt.Sprintf("Writer %d was here.", i); !containsLine(final[p], want) {
			t.Errorf("%s lost writer %d's edit:\n%s", p, i, final[p])
		}
	}
	t.Logf("%d conflicts", conflicts.Load())
}

// TestExportRefLocked: a lock file left by another writer (Git's protocol)
// makes an export fail with the typed conflict, and leaves the branch and
// the lock alone.
func TestExportRefLocked(t *testing.T) {
	f := newDiskFixture(t, docsRepo)
	lock := filepath.Join(f.src.URL, "refs", "heads", "main.lock")
	if err := os.WriteFile(lock, []byte("other writer\n"), 0o666); err != nil {
		t.Fatal(err)
	}
	rev := f.importRev()
	p, _ := findPage(t, rev, "Install")
	p.Document.Nodes[0] = paragraph("Edit")
	_, err := syncengine.Export(context.Background(), f.src, rev, syncengine.ExportOptions{Message: "edit"})
	var ce *syncengine.ConflictError
	if !errors.Is(err, syncengine.ErrConflict) || !errors.As(err, &ce) {
		t.Fatalf("err = %v, want a *ConflictError", err)
	}
	ref, _ := f.repo.Reference(gittest.Branch, true)
	if ref.Hash() != f.tip {
		t.Errorf("branch moved to %s", ref.Hash())
	}
	if b, err := os.ReadFile(lock); err != nil || string(b) != "other writer\n" {
		t.Errorf("the other writer's lock was touched: %q %v", b, err)
	}
}

func fixtureFiles(t *testing.T, repo *git.Repository, h plumbing.Hash) map[string]string {
	t.Helper()
	c, err := repo.CommitObject(h)
	if err != nil {
		t.Fatal(err)
	}
	files, err := c.Files()
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	files.ForEach(func(f *object.File) error {
		s, err := f.Contents()
		out[f.Name] = s
		return err
	})
	return out
}

func containsLine(s, line string) bool {
	for _, l := range strings.Split(s, "\n") {
		if l == line {
			return true
		}
	}
	return false
}
