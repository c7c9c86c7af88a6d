package syncengine_test

import (
	"bytes"
	"context"
	"github.com/seed1bfafebe/gitsync/internal/racetest"
	"os"
	"path/filepath"
	"testing"

	"github.com/seed1bfafebe/gitsync/internal/gittest"
	"github.com/seed1bfafebe/gitsync/internal/schematest"
	"github.com/seed1bfafebe/gitsync/markdown"
	"github.com/seed1bfafebe/gitsync/revision"
	"github.com/seed1bfafebe/gitsync/syncengine"
)

// corpusDir is the shared corpus of real GitBook repositories, beside the
// module in CI; tests that use it skip when it is absent.
const corpusDir = "../../shared/corpus"

// corpusProject is one GitBook space of the corpus.
type corpusProject struct {
	Repo string // folder under corpusDir
	Dir  string // project directory inside tree/
}

func (p corpusProject) String() string {
	if p.Dir == "" {
		return p.Repo
	}
	return p.Repo + "/" + p.Dir
}

// corpusProjects lists the corpus projects: a .gitbook.yaml at the tree root
// names the project; otherwise each folder holding a SUMMARY.md is one.
func corpusProjects(t testing.TB) []corpusProject {
	t.Helper()
	repos, err := os.ReadDir(corpusDir)
	if err != nil {
		t.Skipf("corpus not available: %v", err)
	}
	var out []corpusProject
	for _, r := range repos {
		tree := filepath.Join(corpusDir, r.Name(), "tree")
		if _, err := os.Stat(tree); err != nil {
			continue
		}
		if _, err := os.Stat(filepath.Join(tree, ".gitbook.yaml")); err == nil {
			out = append(out, corpusProject{Repo: r.Name()})
			continue
		}
		if _, err := os.Stat(filepath.Join(tree, "SUMMARY.md")); err == nil {
			out = append(out, corpusProject{Repo: r.Name()})
			continue
		}
		dirs, _ := os.ReadDir(tree)
		for _, d := range dirs {
			if _, err := os.Stat(filepath.Join(tree, d.Name(), "SUMMARY.md")); d.IsDir() && err == nil {
				out = append(out, corpusProject{Repo: r.Name(), Dir: d.Name()})
			}
		}
	}
	return out
}

// TestImportCorpus imports every corpus project from a memory repository:
// no error, a schema-valid revision, identical bytes on a second run, and
// one page per SUMMARY entry.
func TestImportCorpus(t *testing.T) {
	racetest.SkipSweep(t)
	projects := corpusProjects(t)
	if len(projects) != 10 {
		t.Errorf("found %d corpus projects, want 10: %v", len(projects), projects)
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
