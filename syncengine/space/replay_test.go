package space_test

import (
	"context"
	"errors"
	"os"
	"sort"
	"strings"
	"testing"

	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/object"
	"github.com/seed1bfafebe/gitsync/internal/corpustest"
	"github.com/seed1bfafebe/gitsync/internal/racetest"
	"github.com/seed1bfafebe/gitsync/revision"
	"github.com/seed1bfafebe/gitsync/syncengine"
	"github.com/seed1bfafebe/gitsync/syncengine/space"
)

const corpusDir = "../../../shared/corpus"

// cloneBundle clones a corpus history bundle into a bare repository.
func cloneBundle(t *testing.T, project string) (string, *git.Repository) {
	t.Helper()
	dir := corpustest.CloneBundle(t, corpusDir, project)
	r, err := git.PlainOpen(dir)
	if err != nil {
		t.Fatal(err)
	}
	return dir, r
}

// firstParents lists the first-parent history of main, oldest first.
func firstParents(t *testing.T, r *git.Repository) []*object.Commit {
	ref, err := r.Reference("refs/heads/main", true)
	if err != nil {
		t.Fatal(err)
	}
	c, err := r.CommitObject(ref.Hash())
	if err != nil {
		t.Fatal(err)
	}
	var out []*object.Commit
	for {
		out = append(out, c)
		if c.NumParents() == 0 {
			break
		}
		if c, err = c.Parent(0); err != nil {
			break // a shallow history
		}
	}
	for i, j := 0, len(out)-1; i < j; i, j = i+1, j-1 {
		out[i], out[j] = out[j], out[i]
	}
	return out
}

// TestReplayHistoriesThroughOneSpace imports each commit of two corpus
// histories in order into one space (the "Done when"): every page
// whose file survives a step keeps its id, and the diff of each step names
// exactly the pages whose files the commit changed.
func TestReplayHistoriesThroughOneSpace(t *testing.T) {
	racetest.SkipSweep(t)
	if testing.Short() {
		t.Skip("replay is slow")
	}
	for _, tc := range []struct{ project, dir string }{
		{"BeefreeSDK__beefree-sdk-docs", ""},
		{"GitbookIO__public-docs", "documentation"},
	} {
		t.Run(tc.project, func(t *testing.T) { replaySpace(t, tc.project, tc.dir) })
	}
}

func replaySpace(t *testing.T, project, dir string) {
	ctx := context.Background()
	path, r := cloneBundle(t, project)
	commits := firstParents(t, r)
	e := space.New(space.Options{})
	var prev *revision.Revision
	var prevCommit *object.Commit
	steps, kept, named, listedTotal := 0, 0, 0, 0
	for i, c := range commits {
		if err := r.Storer.SetReference(plumbing.NewHashReference("refs/heads/replay", c.Hash)); err != nil {
			t.Fatal(err)
		}
		res, err := e.Import(ctx, "s", space.ImportRequest{URL: path, Ref: "refs/heads/replay", RepoProjectDirectory: dir})
		if err != nil {
			if prev == nil && errors.Is(err, syncengine.ErrProjectNotFound) {
				continue // the space's folder comes later in the history
			}
			t.Fatalf("commit %d %s: %v", i, c.Hash, err)
		}
		rev := res.Revision
		if prev != nil {
			steps++
			changed := changedFiles(t, prevCommit, c, dir)
			// Ids kept.
			oldIDs, newIDs := pageIDs(prev), pageIDs(rev)
			for p, id := range oldIDs {
				if nid, ok := newIDs[p]; ok {
					kept++
					if nid != id {
						t.Errorf("step %d (%s): %s changed id %s -> %s", i, c.Hash, p, id, nid)
					}
				}
			}
			// The pages the diff names, against the pages whose files the
			// commit changed (by id: a moved page is one page at two paths).
			files := map[string]string{}
			for p, id := range oldIDs {
				files[id] = p
			}
			for p, id := range newIDs {
				files[id] = p
			}
			got := map[string]bool{}
			for _, ch := range res.Changes.Changes {
				if ch.Page == nil || files[ch.Page.ID] == "" {
					continue
				}
				switch {
				case ch.Type == revision.ChangePageCreated, ch.Type == revision.ChangePageDeleted,
					ch.Type == revision.ChangePageEdited && contentAttributes(ch.Attributes):
					got[files[ch.Page.ID]] = true
				}
			}
			want := map[string]bool{}
			for p := range changed {
				for _, ids := range []map[string]string{oldIDs, newIDs} {
					if id, ok := ids[p]; ok && !sameDocument(prev, rev, id) {
						want[files[id]] = true
					}
				}
			}
			if os.Getenv("REPLAY_DEBUG") != "" { // every change to a page whose file did not change
				for _, ch := range res.Changes.Changes {
					if ch.Page != nil && !changed[files[ch.Page.ID]] {
						t.Logf("step %d: %s %s attrs %s", i, ch.Type, files[ch.Page.ID], jsonOf(ch.Attributes))
					}
				}
			}
			// A page SUMMARY.md lists or unlists is created or deleted
			// although its file did not change.
			listed := 0
			if changed["SUMMARY.md"] {
				for _, ch := range res.Changes.Changes {
					p := files[pageID(ch)]
					if (ch.Type == revision.ChangePageCreated || ch.Type == revision.ChangePageDeleted) && got[p] && !want[p] {
						delete(got, p)
						listed++
					}
				}
			}
			named += len(got)
			listedTotal += listed
			// A page file outside the space that appears or goes changes
			// what the space's links to it resolve to (a page, or nothing):
			// those pages change although their files did not.
			// So does a reusable content outside the space (the
			// repository root's .gitbook/includes) that appears or goes:
			// the pages including it change.
			outsideCame := false
			oldRC, newRC := reusablePaths(prev), reusablePaths(rev)
			for p := range changed {
				_, inOld := oldIDs[p]
				_, inNew := newIDs[p]
				outsideCame = outsideCame || strings.HasPrefix(p, "../") && (inOld != inNew || oldRC[p] != newRC[p])
			}
			if extra, missing := setDiff(got, want), setDiff(want, got); outsideCame && len(missing) == 0 && len(extra) > 0 {
				t.Logf("step %d (%s): pages or reusable contents outside the space came or went; the diff also names %d pages linking to or including them", i, c.Hash.String()[:10], len(extra))
			} else if len(extra)+len(missing) > 0 {
				t.Errorf("step %d (%s %q): the diff names %v whose files did not change and misses %v whose files did",
					i, c.Hash.String()[:10], firstLine(c.Message), extra, missing)
			}
		}
		prev, prevCommit = rev, c
	}
	t.Logf("%s: %d commits, %d steps: %d surviving pages kept their ids; diffs named %d pages whose files changed, and %d pages SUMMARY.md listed or unlisted",
		project, len(commits), steps, kept, named, listedTotal)
	if steps < 20 {
		t.Errorf("only %d steps replayed", steps)
	}
}

// reusablePaths is the set of the Git paths of a revision's reusable
// contents.
func reusablePaths(r *revision.Revision) map[string]bool {
	out := map[string]bool{}
	for _, rc := range r.ReusableContents {
		if rc.Git != nil {
			out[rc.Git.Path] = true
		}
	}
	return out
}

// contentAttributes reports whether an edit changed what comes from the
// page's file alone: not the title and slug, which SUMMARY.md may give.
func contentAttributes(a *revision.ChangeAttributes) bool {
	if a == nil {
		return false
	}
	b := *a
	b.Title, b.Slug = nil, nil
	return b != revision.ChangeAttributes{}
}

// sameDocument reports whether the page id holds the same content (what
// contentAttributes looks at) in both revisions. A page whose file changed
// without changing that (trailing spaces, its H1 only) has nothing for a
// diff to name.
func sameDocument(a, b *revision.Revision, id string) bool {
	find := func(r *revision.Revision) *revision.Page {
		var out *revision.Page
		revision.Walk(r.Pages, func(p, _ *revision.Page) bool {
			if out == nil && p.ID == id {
				out = p
			}
			return out == nil
		})
		return out
	}
	pa, pb := find(a), find(b)
	if pa == nil || pb == nil {
		return false // created or deleted
	}
	c := revision.Diff(&revision.Revision{Pages: []*revision.Page{pa}}, &revision.Revision{Pages: []*revision.Page{pb}})
	for _, ch := range c.Changes {
		if ch.Type == revision.ChangePageEdited && ch.Page.ID == id && contentAttributes(ch.Attributes) {
			return false
		}
	}
	return true
}

// changedFiles lists the files that differ between two commits, relative
// to the content root dir (both replayed projects have their root at their
// project directory).
func changedFiles(t *testing.T, a, b *object.Commit, dir string) map[string]bool {
	ta, err := a.Tree()
	if err != nil {
		t.Fatal(err)
	}
	tb, err := b.Tree()
	if err != nil {
		t.Fatal(err)
	}
	changes, err := object.DiffTree(ta, tb)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]bool{}
	for _, ch := range changes {
		for _, name := range []string{ch.From.Name, ch.To.Name} {
			if rel, ok := strings.CutPrefix(name, dir+"/"); dir != "" && ok {
				out[rel] = true
			} else if name != "" {
				// Outside the space: the path a page stored there has
				// ("../gitbook-agent/translations.md").
				out[outsideRel(dir, name)] = true
			}
		}
	}
	return out
}

// outsideRel is the repository path name relative to the folder dir.
func outsideRel(dir, name string) string {
	if dir == "" {
		return name
	}
	d, n := strings.Split(dir, "/"), strings.Split(name, "/")
	i := 0
	for i < len(d) && i < len(n)-1 && d[i] == n[i] {
		i++
	}
	return strings.Repeat("../", len(d)-i) + strings.Join(n[i:], "/")
}

// setDiff lists the keys of a that b lacks, sorted.
func setDiff(a, b map[string]bool) []string {
	var out []string
	for k := range a {
		if !b[k] {
			out = append(out, k)
		}
	}
	sort.Strings(out)
	return out
}

func firstLine(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i]
	}
	return s
}

func pageID(ch revision.SemanticChange) string {
	if ch.Page == nil {
		return ""
	}
	return ch.Page.ID
}
