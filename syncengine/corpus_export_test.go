package syncengine_test

import (
	"context"
	"io/fs"
	"math/rand/v2"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/object"
	"github.com/google/go-cmp/cmp"

	"github.com/seed1bfafebe/gitsync/internal/gittest"
	"github.com/seed1bfafebe/gitsync/internal/racetest"
	"github.com/seed1bfafebe/gitsync/markdown"
	"github.com/seed1bfafebe/gitsync/revision"
	"github.com/seed1bfafebe/gitsync/syncengine"
)

// importCorpusProject commits a corpus project's tree into a memory
// repository and imports it.
func importCorpusProject(t *testing.T, p corpusProject) (syncengine.Source, *syncengine.ImportResult) {
	t.Helper()
	repo, _ := gittest.CommitDir(t, filepath.Join(corpusDir, p.Repo, "tree"))
	src := syncengine.Source{URL: "memory", Storer: repo.Storer}
	res, err := syncengine.Import(context.Background(), src, syncengine.ImportOptions{ProjectDir: p.Dir})
	if err != nil {
		t.Fatal(err)
	}
	return src, res
}

// TestExportCorpusUnchanged: on every corpus project, exporting the
// revision just imported writes no commit and no file.
func TestExportCorpusUnchanged(t *testing.T) {
	racetest.SkipSweep(t)
	for _, p := range corpusProjects(t) {
		t.Run(p.String(), func(t *testing.T) {
			src, res := importCorpusProject(t, p)
			out, err := syncengine.Export(context.Background(), src, res.Revision, syncengine.ExportOptions{ProjectDir: p.Dir, Message: "noop"})
			if err != nil {
				t.Fatal(err)
			}
			if out.Commit != "" || len(out.Changes) != 0 {
				t.Errorf("unchanged export wrote commit %q with %d changes, first %+v", out.Commit, len(out.Changes), out.Changes[0])
			}
		})
	}
}

// TestExportCorpusOneLeaf: changing one text leaf of one page changes
// exactly that file, in at most the lines of the edited block. It edits
// the first paragraph of 5 pages spread over each project, one at a time.
func TestExportCorpusOneLeaf(t *testing.T) {
	racetest.SkipSweep(t)
	if testing.Short() {
		t.Skip("slow")
	}
	worst := 0
	for _, p := range corpusProjects(t) {
		t.Run(p.String(), func(t *testing.T) {
			repo, tip := gittest.CommitDir(t, filepath.Join(corpusDir, p.Repo, "tree"))
			src := syncengine.Source{URL: "memory", Storer: repo.Storer}
			edited := 0
			res, err := syncengine.Import(context.Background(), src, syncengine.ImportOptions{ProjectDir: p.Dir, Ref: tip.String()})
			if err != nil {
				t.Fatal(err)
			}
			for i := 0; edited < 5; i += 11 {
				page, leaf := nthEditablePage(res.Revision, i)
				if page == nil {
					break
				}
				original := leaf.Text
				leaf.Text += " (edited)"
				// Every edit starts from the same tip.
				gittest.SetRef(t, repo, "refs/heads/edit-test", tip)
				out, err := syncengine.Export(context.Background(), src, res.Revision, syncengine.ExportOptions{
					ProjectDir: p.Dir, Message: "edit", Ref: "refs/heads/edit-test"})
				if err != nil {
					t.Fatal(err)
				}
				want := filepath.ToSlash(filepath.Join(res.Root, page.Git.Path))
				if len(out.Changes) != 1 || out.Changes[0].Path != want || out.Changes[0].Change != "modified" {
					t.Fatalf("editing %s changed %+v", want, out.Changes)
				}
				n := changedLines(t, repo, tip, plumbing.NewHash(out.Commit), want)
				worst = max(worst, n)
				if n > 6 {
					t.Errorf("editing one leaf of %s changed %d lines", want, n)
				}
				leaf.Text = original // the next edit starts from the imported revision
				edited++
			}
			t.Logf("%d pages edited", edited)
		})
	}
	t.Logf("most lines changed by a one-leaf edit: %d", worst)
}

// nthEditablePage returns the i-th document page (in tree order) with a
// top-level paragraph, and the first leaf of that paragraph.
func nthEditablePage(rev *revision.Revision, i int) (*revision.Page, *revision.Leaf) {
	var page *revision.Page
	var leaf *revision.Leaf
	n := 0
	revision.Walk(rev.Pages, func(p, _ *revision.Page) bool {
		if p.Git == nil || p.Document == nil {
			return true
		}
		for _, node := range p.Document.Nodes {
			b, ok := node.(*revision.Block)
			if !ok || b.Type() != "paragraph" || len(b.Nodes) == 0 {
				continue
			}
			t, ok := b.Nodes[0].(*revision.Text)
			if !ok || len(t.Leaves) == 0 || t.Leaves[0].Text == "" {
				continue
			}
			if n == i {
				page, leaf = p, &t.Leaves[0]
				return false
			}
			n++
			break
		}
		return true
	})
	return page, leaf
}

// changedLines counts the lines of file that differ between two commits.
func changedLines(t *testing.T, repo interface {
	CommitObject(plumbing.Hash) (*object.Commit, error)
}, from, to plumbing.Hash, file string) int {
	t.Helper()
	a, _ := repo.CommitObject(from)
	b, _ := repo.CommitObject(to)
	patch, err := a.Patch(b)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, fp := range patch.FilePatches() {
		for _, c := range fp.Chunks() {
			if c.Type() != 0 { // not Equal
				n += strings.Count(strings.TrimSuffix(c.Content(), "\n"), "\n") + 1
			}
		}
	}
	return n
}

// TestFmtKeepsContent: after formatting every Markdown file of a corpus
// project (gitsync fmt -w), a re-import gives the same content on every
// page.
func TestFmtKeepsContent(t *testing.T) {
	racetest.SkipSweep(t)
	for _, p := range corpusProjects(t) {
		t.Run(p.String(), func(t *testing.T) {
			dir := filepath.Join(corpusDir, p.Repo, "tree")
			orig, formatted := fstest.MapFS{}, fstest.MapFS{}
			err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
				if err != nil || d.IsDir() {
					return err
				}
				rel, _ := filepath.Rel(dir, path)
				rel = filepath.ToSlash(rel)
				data, err := readFile(path)
				if err != nil {
					return err
				}
				orig[rel] = &fstest.MapFile{Data: data}
				if strings.HasSuffix(rel, ".md") {
					data = markdown.Format(rel, data)
				}
				formatted[rel] = &fstest.MapFile{Data: data}
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			opts := syncengine.ImportOptions{ProjectDir: p.Dir}
			a, err := syncengine.ImportFS(context.Background(), orig, opts)
			if err != nil {
				t.Fatal(err)
			}
			b, err := syncengine.ImportFS(context.Background(), formatted, opts)
			if err != nil {
				t.Fatal(err)
			}
			docs := func(rev *revision.Revision) map[string]string {
				m := map[string]string{}
				revision.Walk(rev.Pages, func(p, _ *revision.Page) bool {
					if p.Document != nil {
						data, _ := revision.Marshal(p.Document)
						m[p.ID+" "+p.Title] = string(data)
					}
					return true
				})
				return m
			}
			da, db := docs(a.Revision), docs(b.Revision)
			if len(da) != len(db) {
				t.Fatalf("%d pages before fmt, %d after", len(da), len(db))
			}
			bad := 0
			for k, v := range da {
				if db[k] != v {
					bad++
					if bad <= 3 {
						t.Errorf("page %s changed content after fmt", k)
					}
				}
			}
			if bad > 0 {
				t.Errorf("%d of %d pages changed content after fmt", bad, len(da))
			}
		})
	}
}

// TestExportCorpusRoundTripProperty runs the round trip property
// (TestExportImportRoundTripProperty) on every corpus project: four random
// edits (moves, additions, deletions, retitles, links, images), an export
// (whole pages on every other project) and an import with
// ExportResult.Revision as Previous must give back the page tree, the ids
// and every document.
func TestExportCorpusRoundTripProperty(t *testing.T) {
	racetest.SkipSweep(t)
	if testing.Short() {
		t.Skip("slow")
	}
	for i, p := range corpusProjects(t) {
		t.Run(p.String(), func(t *testing.T) {
			src, res := importCorpusProject(t, p)
			rev := res.Revision
			rng := rand.New(rand.NewPCG(uint64(i+1), 11))
			var did []string
			for range 4 {
				did = append(did, randomEdit(rng, rev, "c"))
			}
			out, err := syncengine.Export(context.Background(), src, rev, syncengine.ExportOptions{ProjectDir: p.Dir, Message: "edit", Force: true, WholePages: i%2 == 1})
			if err != nil {
				t.Fatalf("export after %v: %v", did, err)
			}
			back, err := syncengine.Import(context.Background(), src, syncengine.ImportOptions{ProjectDir: p.Dir, Previous: out.Revision, Ref: out.Commit})
			if err != nil {
				t.Fatalf("import after %v: %v", did, err)
			}
			if diff := cmp.Diff(outline(rev), outline(back.Revision)); diff != "" {
				t.Fatalf("page tree after %v (-exported +imported):\n%s", did, diff)
			}
			got := documents(back.Revision)
			for id, doc := range documents(rev) {
				if diff := cmp.Diff(doc, got[id], docOpts); diff != "" {
					t.Errorf("page %s after %v (-exported +imported):\n%s", id, did, diff)
				}
			}
		})
	}
}
