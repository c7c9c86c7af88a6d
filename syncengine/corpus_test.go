package syncengine_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/seed1bfafebe/gitsync/internal/corpustest"
	"github.com/seed1bfafebe/gitsync/internal/gittest"
	"github.com/seed1bfafebe/gitsync/internal/racetest"
	"github.com/seed1bfafebe/gitsync/internal/schematest"
	"github.com/seed1bfafebe/gitsync/markdown"
	"github.com/seed1bfafebe/gitsync/revision"
	"github.com/seed1bfafebe/gitsync/syncengine"
)

// corpusDir is the shared corpus of real GitBook repositories, beside the
// module in CI; tests that use it skip when it is absent.
const corpusDir = "../../shared/corpus"

// corpusProject is one GitBook space of the corpus.
type corpusProject = corpustest.Project

// corpusProjects lists the corpus projects by the rule every package's
// sweep shares (corpustest.Projects); it skips the test when the corpus
// is absent.
func corpusProjects(t testing.TB) []corpusProject {
	t.Helper()
	out, err := corpustest.Projects(corpusDir)
	if err != nil {
		t.Skipf("corpus not available: %v", err)
	}
	return out
}

// TestImportCorpus imports every corpus project from a memory repository:
// no error, a schema-valid revision, identical bytes on a second run, and
// one page per SUMMARY entry.
func TestImportCorpus(t *testing.T) {
	racetest.SkipSweep(t)
	projects := corpusProjects(t)
	if len(projects) != corpustest.Count {
		t.Errorf("found %d corpus projects, want %d: %v", len(projects), corpustest.Count, projects)
	}
	repos := map[string]syncengine.Source{}
	for _, p := range projects {
		t.Run(p.String(), func(t *testing.T) {
			src, ok := repos[p.Repo]
			if !ok {
				repo, _ := gittest.CommitDir(t, filepath.Join(corpusDir, p.Repo, "tree"))
				src = syncengine.Source{URL: "memory", Storer: repo.Storer}
				repos[p.Repo] = src
			}
			opts := syncengine.ImportOptions{ProjectDir: p.Dir}
			res, err := syncengine.Import(context.Background(), src, opts)
			if err != nil {
				t.Fatalf("Import: %v", err)
			}
			first, err := revision.Marshal(res.Revision)
			if err != nil {
				t.Fatal(err)
			}
			schematest.ValidateRevision(t, first)
			again, err := syncengine.Import(context.Background(), src, opts)
			if err != nil {
				t.Fatal(err)
			}
			second, _ := revision.Marshal(again.Revision)
			if !bytes.Equal(first, second) {
				t.Error("two imports gave different bytes")
			}
			summary, err := os.ReadFile(filepath.Join(corpusDir, p.Repo, "tree", res.Root, res.Config.Summary))
			if err != nil {
				t.Fatal(err)
			}
			sum, _ := markdown.ParseSummary(summary, "SUMMARY.md")
			if got, want := countPages(res.Revision.Pages), countEntries(sum.Entries); got != want {
				t.Errorf("revision has %d pages, SUMMARY.md %d entries", got, want)
			}
			codes := map[string]int{}
			for _, w := range res.Warnings {
				codes[w.Code]++
			}
			t.Logf("%d pages, %d files, %d reusable contents, warnings by code: %v", countPages(res.Revision.Pages),
				len(res.Revision.Files), len(res.Revision.ReusableContents), codes)
		})
	}
}

func countPages(ps []*revision.Page) int {
	n := 0
	revision.Walk(ps, func(*revision.Page, *revision.Page) bool { n++; return true })
	return n
}

func countEntries(es []*markdown.SummaryEntry) int {
	n := 0
	for _, e := range es {
		n += 1 + countEntries(e.Children)
	}
	return n
}

func readFile(path string) ([]byte, error) { return os.ReadFile(path) }
