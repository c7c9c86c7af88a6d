package syncengine_test

import (
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/seed1bfafebe/gitsync/internal/racetest"
	"github.com/seed1bfafebe/gitsync/revision"
	"github.com/seed1bfafebe/gitsync/syncengine"
)

// TestMergeGitBookHistory merges pairs of real commits of GitBook's own
// documentation as if they had been made in parallel: for commits Ci and
// Cj (i < j, one space), base is Ci's parent A, ours is Ci, theirs is Cj's
// change applied to A. Git merges the two trees (git merge-tree); gitsync
// merges the three imports with revision.Merge.
//   - Where the two commits changed different pages, the merged revision
//     must equal the import of Git's merged tree (ids aside).
//   - Where they changed one page and Git conflicts, the test counts the
//     pairs that revision.Merge merges clean, and checks that the merged
//     page holds the words each side added.
func TestMergeGitBookHistory(t *testing.T) {
	racetest.SkipSweep(t)
	if testing.Short() {
		t.Skip("history replay is slow")
	}
	dir, _ := replayBundle(t, "GitbookIO__public-docs")
	g := &gitRunner{t: t, dir: dir, index: filepath.Join(t.TempDir(), "index")}
	commits := strings.Fields(g.run("rev-list", "--reverse", "--first-parent", "main"))
	spaces := []string{"documentation", "developers", "policies", "guides", "changelog"}
	// changed[c][space]: the files c changed in that space.
	type change struct {
		commit string
		space  string
		files  map[string]bool
	}
	var changes []change
	for _, c := range commits[1:] {
		byspace := map[string]map[string]bool{}
		for _, f := range strings.Split(strings.TrimSpace(g.run("diff", "--name-only", c+"^", c)), "\n") {
			sp, rest, ok := strings.Cut(f, "/")
			if !ok {
				continue
			}
			for _, s := range spaces {
				if s == sp {
					if byspace[s] == nil {
						byspace[s] = map[string]bool{}
					}
					byspace[s][rest] = true
				}
			}
		}
		for s, files := range byspace {
			if g.ok("cat-file", "-e", c+"^:"+s+"/SUMMARY.md") && len(files) <= 20 {
				changes = append(changes, change{c, s, files})
			}
		}
	}
	imports := map[string]*revision.Revision{}
	importAt := func(commit, space string) *revision.Revision {
		key := commit + " " + space
		if r, ok := imports[key]; ok {
			return r
		}
		res, err := syncengine.Import(context.Background(), syncengine.Source{URL: dir}, syncengine.ImportOptions{Ref: commit, ProjectDir: space})
		if err != nil {
			t.Fatalf("import %s %s: %v", commit, space, err)
		}
		imports[key] = res.Revision
		return res.Revision
	}
	const window, maxPairs = 6, 40
	var disjoint, disjointSame, samePage, gitConflicts, cleanWhereGitConflicts, bothConflict int
	pairs := 0
	for i := 0; i < len(changes) && pairs < maxPairs; i++ {
		for j := i + 1; j < len(changes) && j <= i+window && pairs < maxPairs; j++ {
			ci, cj := changes[i], changes[j]
			if ci.space != cj.space || ci.commit == cj.commit {
				continue
			}
			a := strings.TrimSpace(g.run("rev-parse", ci.commit+"^"))
			theirs, ok := g.cherryPick(a, cj.commit)
			if !ok {
				continue // Cj does not apply to A on its own
			}
			pairs++
			mergedTree, gitClean := g.mergeTree(ci.commit, theirs)
			overlap := false
			for f := range ci.files {
				if cj.files[f] && strings.HasSuffix(f, ".md") {
					overlap = true
				}
			}
			space := ci.space
			res := revision.Merge(importAt(a, space), importAt(ci.commit, space), importAt(theirs, space))
			name := ci.commit[:7] + "+" + cj.commit[:7] + " " + space
			if !gitClean {
				gitConflicts++
			}
			switch {
			case !overlap:
				disjoint++
				if !res.Clean() {
					t.Errorf("%s: commits changing different pages conflict: %s", name, conflictSummary(res))
					continue
				}
				if !gitClean {
					t.Logf("%s: Git conflicts on different pages (its SUMMARY.md, say); gitsync merges clean", name)
					continue
				}
				got, err := res.Revision()
				if err != nil {
					t.Fatal(err)
				}
				merged := g.run("commit-tree", mergedTree, "-p", ci.commit, "-p", theirs, "-m", "merge")
				want := importAt(strings.TrimSpace(merged), space)
				if d := cmp.Diff(comparable(t, want), comparable(t, got)); d != "" {
					t.Errorf("%s: merged revision differs from the import of Git's merge (-git +gitsync):\n%.3000s", name, d)
					continue
				}
				disjointSame++
			default:
				samePage++
				if res.Clean() && !gitClean {
					cleanWhereGitConflicts++
				}
				if !res.Clean() {
					if !gitClean {
						bothConflict++
					}
					continue
				}
				got, err := res.Revision()
				if err != nil {
					t.Fatal(err)
				}
				base, ours, their := importAt(a, space), importAt(ci.commit, space), importAt(theirs, space)
				for _, side := range []*revision.Revision{ours, their} {
					if lost := lostWords(base, side, got); len(lost) > 0 {
						t.Errorf("%s: the merge lost words one side added: %q", name, lost)
					}
				}
			}
		}
	}
	if pairs == 0 {
		t.Skip("no pair of commits applies")
	}
	t.Logf("%d pairs of commits in one space: %d changed different pages (%d merged exactly as Git's merge imports); "+
		"%d changed one page: Git conflicts on %d of all pairs; gitsync merges %d same-page pairs clean where Git conflicts, %d conflict in both",
		pairs, disjoint, disjointSame, samePage, gitConflicts, cleanWhereGitConflicts, bothConflict)
}

// gitRunner runs the git command on the bare repository.
type gitRunner struct {
	t     *testing.T
	dir   string
	index string
}

func (g *gitRunner) cmd(env []string, args ...string) *exec.Cmd {
	c := exec.Command("git", append([]string{"-C", g.dir}, args...)...)
	c.Env = append(append(os.Environ(), "GIT_AUTHOR_NAME=t", "GIT_AUTHOR_EMAIL=t@example.com",
		"GIT_COMMITTER_NAME=t", "GIT_COMMITTER_EMAIL=t@example.com",
		"GIT_AUTHOR_DATE=2026-01-01T00:00:00Z", "GIT_COMMITTER_DATE=2026-01-01T00:00:00Z"), env...)
	return c
}

func (g *gitRunner) run(args ...string) string {
	g.t.Helper()
	out, err := g.cmd(nil, args...).Output()
	if err != nil {
		g.t.Fatalf("git %s: %v", strings.Join(args, " "), err)
	}
	return string(out)
}

func (g *gitRunner) ok(args ...string) bool { return g.cmd(nil, args...).Run() == nil }

// cherryPick applies commit c's change onto base in a scratch index and
// returns the commit it makes (parent base), or false when it does not
// apply.
func (g *gitRunner) cherryPick(base, c string) (string, bool) {
	env := []string{"GIT_INDEX_FILE=" + g.index}
	if err := g.cmd(env, "read-tree", base).Run(); err != nil {
		g.t.Fatal(err)
	}
	diff, err := g.cmd(nil, "diff", "--binary", c+"^", c).Output()
	if err != nil {
		g.t.Fatal(err)
	}
	apply := g.cmd(env, "apply", "--cached")
	apply.Stdin = strings.NewReader(string(diff))
	if apply.Run() != nil {
		return "", false
	}
	tree, err := g.cmd(env, "write-tree").Output()
	if err != nil {
		g.t.Fatal(err)
	}
	out, err := g.cmd(nil, "commit-tree", strings.TrimSpace(string(tree)), "-p", base, "-m", "cherry-pick").Output()
	if err != nil {
		g.t.Fatal(err)
	}
	return strings.TrimSpace(string(out)), true
}

// mergeTree merges two commits as git merge does (without a work tree):
// the merged tree and whether it is free of conflicts.
func (g *gitRunner) mergeTree(ours, theirs string) (string, bool) {
	out, err := g.cmd(nil, "merge-tree", "--write-tree", ours, theirs).Output()
	first, _, _ := strings.Cut(string(out), "\n")
	if err != nil {
		if ee, ok := err.(*exec.ExitError); ok && ee.ExitCode() == 1 {
			return first, false
		}
		g.t.Fatalf("git merge-tree: %v", err)
	}
	return first, true
}

func conflictSummary(res *revision.MergeResult) string {
	var parts []string
	for _, c := range res.Conflicts {
		parts = append(parts, string(c.Kind)+" "+c.PagePath+" "+c.Block+" "+c.Field+": "+c.Message)
	}
	return strings.Join(parts, "; ")
}

// comparable is a revision's pages as JSON, ids of the revision and blob
// ids aside (a merged page has no blob until it is exported).
func comparable(t *testing.T, rev *revision.Revision) []string {
	t.Helper()
	var out []string
	revision.Walk(rev.Pages, func(p, _ *revision.Page) bool {
		cp := *p
		cp.Pages = nil
		if cp.Git != nil {
			cp.Git = &revision.GitBlob{Path: cp.Git.Path}
		}
		b, err := json.Marshal(&cp)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, string(b))
		return true
	})
	b, _ := json.Marshal(rev.Files)
	return append(out, string(b))
}

// lostWords returns the words side added to base (more occurrences than
// base has) that merged does not hold as often.
func lostWords(base, side, merged *revision.Revision) []string {
	count := func(rev *revision.Revision) map[string]int {
		m := map[string]int{}
		revision.Walk(rev.Pages, func(p, _ *revision.Page) bool {
			if p.Document != nil {
				revision.WalkNodes(p.Document.Nodes, func(n revision.Node) {
					if tx, ok := n.(*revision.Text); ok {
						for _, l := range tx.Leaves {
							for _, w := range strings.Fields(l.Text) {
								m[w]++
							}
						}
					}
				})
			}
			return true
		})
		return m
	}
	cb, cs, cm := count(base), count(side), count(merged)
	var lost []string
	for w, n := range cs {
		if n > cb[w] && cm[w] < n-cb[w] {
			lost = append(lost, w)
		}
	}
	return lost
}
