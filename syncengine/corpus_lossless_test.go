package syncengine_test

import (
	"context"
	"fmt"
	"path"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/object"
	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"gopkg.in/yaml.v3"

	"github.com/seed1bfafebe/gitsync/internal/gittest"
	"github.com/seed1bfafebe/gitsync/internal/racetest"
	"github.com/seed1bfafebe/gitsync/markdown"
	"github.com/seed1bfafebe/gitsync/revision"
	"github.com/seed1bfafebe/gitsync/syncengine"
)

// modelledKeys are the front matter keys a revision carries (the API's
// page fields); the others live only in the page file, which an export
// onto the repository keeps (TestFrontMatterKeysSurviveRewrite).
var modelledKeys = map[string]bool{"description": true, "icon": true, "cover": true, "coverY": true,
	"layout": true, "hidden": true, "noIndex": true, "noRobotsIndex": true, "tags": true}

// TestExportCorpusLossless is the property "import then export loses
// nothing the repository held", on every corpus project: the revision
// imported from the project, exported onto a tree that lost every page,
// SUMMARY.md and file (so the export has nothing but the revision to
// write them from), gives back SUMMARY.md byte for byte (entries,
// titles, link titles, links out of the space, generated pages,
// separators), every page file with every front matter key the revision
// models, and every file with its bytes.
func TestExportCorpusLossless(t *testing.T) {
	racetest.SkipSweep(t)
	for _, p := range corpusProjects(t) {
		t.Run(p.String(), func(t *testing.T) {
			repo, tip := gittest.CommitDir(t, p.Tree(corpusDir))
			src := syncengine.Source{URL: "memory", Storer: repo.Storer}
			ctx := context.Background()
			res, err := syncengine.Import(ctx, src, syncengine.ImportOptions{ProjectDir: p.Dir, Ref: tip.String()})
			if err != nil {
				t.Fatal(err)
			}
			c, _ := repo.CommitObject(tip)
			orig, _ := c.Tree()
			read := func(tree *object.Tree, name string) (string, bool) {
				f, err := tree.File(name)
				if err != nil {
					return "", false
				}
				s, err := f.Contents()
				return s, err == nil
			}
			rev := res.Revision
			// The base keeps what the engine does not own (.gitbook.yaml,
			// other folders) and loses every Markdown file of the content
			// root and every file of the revision: the export has nothing
			// but the revision to write them from.
			owned := map[string]bool{}
			for _, f := range rev.Files {
				owned[path.Join(res.Root, f.Git.Path)] = true
			}
			base := fstest.MapFS{}
			orig.Files().ForEach(func(f *object.File) error {
				inRoot := res.Root == "" || strings.HasPrefix(f.Name, res.Root+"/")
				if owned[f.Name] || inRoot && strings.HasSuffix(f.Name, ".md") {
					return nil
				}
				s, err := f.Contents()
				base[f.Name] = &fstest.MapFile{Data: []byte(s)}
				return err
			})
			baseCommit := gittest.AddCommit(t, repo, plumbing.ZeroHash, base)
			gittest.SetRef(t, repo, "refs/heads/lossless", baseCommit)
			rev.Git = nil
			out, err := syncengine.Export(ctx, src, rev, syncengine.ExportOptions{
				Ref: "refs/heads/lossless", ProjectDir: p.Dir, Message: "lossless", Force: true,
				FileContent: func(_ context.Context, f *revision.File) ([]byte, error) {
					s, _ := read(orig, path.Join(res.Root, f.Git.Path))
					return []byte(s), nil
				},
			})
			if err != nil {
				t.Fatal(err)
			}
			gc, err := repo.CommitObject(plumbing.NewHash(out.Commit))
			if err != nil {
				t.Fatal(err)
			}
			got, _ := gc.Tree()
			summary := path.Join(res.Root, res.Config.Summary)
			want, _ := read(orig, summary)
			// GitBook's docs are written by today's exporter: their
			// SUMMARY.md comes back byte for byte. Older or hand-written
			// ones come back with the same entries, in GitBook's form.
			have, _ := read(got, summary)
			if strings.HasPrefix(p.Repo, "GitbookIO") && have != want {
				t.Errorf("SUMMARY.md differs\n%s", firstLineDiff(want, have))
			}
			a, _ := markdown.ParseSummary([]byte(want), summary)
			b, _ := markdown.ParseSummary([]byte(have), summary)
			// An entry without a link ("* Guidelines") gains a page file:
			// nothing is lost.
			forgetLinked(a.Entries, b.Entries)
			if diff := cmp.Diff(a.Entries, b.Entries, cmpopts.IgnoreFields(markdown.SummaryEntry{}, "Line")); diff != "" {
				t.Errorf("SUMMARY.md entries differ (-repository +export):\n%s", diff)
			}
			pages, keys, lost := 0, 0, 0
			revision.Walk(rev.Pages, func(pg, _ *revision.Page) bool {
				if pg.Type != revision.PageDocument || pg.Git == nil || pg.Git.Path == "" {
					return true
				}
				name := path.Join(res.Root, pg.Git.Path)
				before, ok := read(orig, name)
				if !ok {
					return true
				}
				pages++
				after, ok := read(got, name)
				if !ok {
					t.Errorf("page file %s is missing", name)
					return true
				}
				have := frontMatterKeys(after)
				for _, k := range frontMatterKeys(before) {
					if !modelledKeys[k] {
						continue
					}
					keys++
					if !slices.Contains(have, k) {
						lost++
						if lost <= 5 {
							t.Errorf("%s: front matter key %q lost", name, k)
						}
					}
				}
				return true
			})
			for _, f := range rev.Files {
				name := path.Join(res.Root, f.Git.Path)
				want, ok := read(orig, name)
				if !ok {
					continue
				}
				if have, ok := read(got, name); have != want {
					t.Errorf("file %s is missing (%v) or differs (%d bytes, want %d)", name, !ok, len(have), len(want))
				}
			}
			if lost > 0 {
				t.Errorf("%d of %d front matter keys lost", lost, keys)
			}
			t.Logf("%d pages, %d front matter keys, %d files", pages, keys, len(rev.Files))
		})
	}
}

// forgetLinked clears the target of every entry of b whose counterpart in
// a has none.
func forgetLinked(a, b []*markdown.SummaryEntry) {
	for i := range a {
		if i < len(b) {
			if a[i].Target == "" {
				b[i].Target = ""
			}
			forgetLinked(a[i].Children, b[i].Children)
		}
	}
}

// frontMatterKeys lists the top-level keys of a page's front matter.
func frontMatterKeys(src string) []string {
	rest, ok := strings.CutPrefix(src, "---\n")
	if !ok {
		return nil
	}
	body, _, ok := strings.Cut(rest, "\n---")
	if !ok {
		return nil
	}
	var doc yaml.Node
	if yaml.Unmarshal([]byte(body), &doc) != nil || len(doc.Content) == 0 || doc.Content[0].Kind != yaml.MappingNode {
		return nil
	}
	var keys []string
	m := doc.Content[0]
	for i := 0; i+1 < len(m.Content); i += 2 {
		keys = append(keys, m.Content[i].Value)
	}
	return keys
}

// firstLineDiff shows the first line where two texts differ.
func firstLineDiff(want, got string) string {
	wl, gl := strings.Split(want, "\n"), strings.Split(got, "\n")
	for i := 0; i < len(wl) || i < len(gl); i++ {
		var w, g string
		if i < len(wl) {
			w = wl[i]
		}
		if i < len(gl) {
			g = gl[i]
		}
		if w != g {
			return fmt.Sprintf("line %d\n  want: %q\n  got:  %q", i+1, w, g)
		}
	}
	return ""
}
