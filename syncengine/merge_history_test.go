package syncengine_test

import (
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"unicode"

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
	racetest.SkipSweep(t) // in the test itself: .ci/run finds the sweeps by this call
	g, commits, importAt := gitbookHistory(t)
	changes := historyChanges(g, commits)
	const window, maxPairs = 6, 30
	var disjoint, disjointSame, samePage, samePageAsGit, gitConflicts, cleanWhereGitConflicts, bothConflict int
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
			overlap := ci.outside || cj.outside
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
				if gitClean {
					merged := g.run("commit-tree", mergedTree, "-p", ci.commit, "-p", theirs, "-m", "merge")
					want := importAt(strings.TrimSpace(merged), space)
					if d := cmp.Diff(comparable(t, want), comparable(t, got)); d != "" {
						t.Logf("%s: one page changed on both sides: differs from Git's merge (-git +gitsync):\n%.2000s", name, d)
					} else {
						samePageAsGit++
					}
				}
			}
		}
	}
	if pairs == 0 {
		t.Skip("no pair of commits applies")
	}
	t.Logf("%d pairs of commits in one space: %d changed different pages (%d merged exactly as Git's merge imports); "+
		"%d changed one page (%d merged as Git's merge imports); Git conflicts on %d of all pairs; gitsync merges %d same-page pairs clean where Git conflicts, %d conflict in both",
		pairs, disjoint, disjointSame, samePage, samePageAsGit, gitConflicts, cleanWhereGitConflicts, bothConflict)
}

// gitbookHistory opens the history of GitBook's own documentation for a
// merge sweep: a git runner on a bare clone, the first-parent commits of
// main oldest first, and an import of a commit's space, cached. It skips
// under -short (the sweep is slow); its callers skip under -race.
func gitbookHistory(t *testing.T) (*gitRunner, []string, func(commit, space string) *revision.Revision) {
	t.Helper()
	if testing.Short() {
		t.Skip("history replay is slow")
	}
	dir, _ := replayBundle(t, "GitbookIO__public-docs")
	g := &gitRunner{t: t, dir: dir, index: filepath.Join(t.TempDir(), "index")}
	commits := strings.Fields(g.run("rev-list", "--reverse", "--first-parent", "main"))
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
	return g, commits, importAt
}

// historyChange is what one commit changed in one space.
type historyChange struct {
	commit string
	space  string
	files  map[string]bool // paths inside the space
	// outside: the commit changed files outside every space, which a
	// space's SUMMARY.md may list as its pages ("../gitbook-agent/…"):
	// what it changed cannot be told apart by path.
	outside bool
}

// historyChanges lists what each commit (after the first) changed in each
// of GitBook-docs' spaces, for commits whose parent already has the space.
func historyChanges(g *gitRunner, commits []string) []historyChange {
	spaces := []string{"documentation", "developers", "policies", "guides", "changelog"}
	var changes []historyChange
	for _, c := range commits[1:] {
		byspace := map[string]map[string]bool{}
		outside := false
		for _, f := range strings.Split(strings.TrimSpace(g.run("diff", "--name-only", c+"^", c)), "\n") {
			sp, rest, ok := strings.Cut(f, "/")
			if !ok {
				continue
			}
			outside = outside || !slices.Contains(spaces, sp) && strings.HasSuffix(f, ".md")
			for _, s := range spaces {
				if s == sp {
					if byspace[s] == nil {
						byspace[s] = map[string]bool{}
					}
					byspace[s][rest] = true
				}
			}
		}
		for _, s := range spaces {
			if files := byspace[s]; files != nil && g.ok("cat-file", "-e", c+"^:"+s+"/SUMMARY.md") && len(files) <= 20 {
				changes = append(changes, historyChange{c, s, files, outside})
			}
		}
	}
	return changes
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

// TestMergeGitBookSameLine: GitBook writes a paragraph on one line, so two
// people editing different words of one paragraph make git merge conflict.
// For each GitBook-docs commit C that changed one line of a page, theirs
// changes another word of that line in C's parent A: git merge-tree
// conflicts; revision.Merge must merge clean, into the import of the page
// with both edits.
func TestMergeGitBookSameLine(t *testing.T) {
	racetest.SkipSweep(t) // in the test itself: .ci/run finds the sweeps by this call
	g, commits, imp := gitbookHistory(t)
	var tried, gitConflicts, clean, asExpected int
	for _, ch := range historyChanges(g, commits) {
		a := strings.TrimSpace(g.run("rev-parse", ch.commit+"^"))
		for f := range ch.files {
			path := ch.space + "/" + f
			// SUMMARY.md lines are page titles: attributes, merged whole.
			if !strings.HasSuffix(f, ".md") || strings.HasSuffix(f, "SUMMARY.md") || !g.ok("cat-file", "-e", a+":"+path) || !g.ok("cat-file", "-e", ch.commit+":"+path) {
				continue
			}
			la := strings.Split(g.run("show", a+":"+path), "\n")
			lc := strings.Split(g.run("show", ch.commit+":"+path), "\n")
			line, at, atC, word, ok := wordBesideChange(la, lc)
			if !ok {
				continue
			}
			tried++
			edit := func(lines []string, at int) string {
				out := append([]string{}, lines...)
				l := out[line]
				out[line] = l[:at] + "Theirsword" + l[at+len(word):]
				return strings.Join(out, "\n")
			}
			theirs := g.commitFile(a, path, edit(la, at))
			expected := g.commitFile(ch.commit, path, edit(lc, atC))
			if _, gitClean := g.mergeTree(ch.commit, theirs); !gitClean {
				gitConflicts++
			}
			res := revision.Merge(imp(a, ch.space), imp(ch.commit, ch.space), imp(theirs, ch.space))
			name := ch.commit[:7] + " " + path
			if !res.Clean() {
				t.Errorf("%s: edits of different words of one line conflict: %s", name, conflictSummary(res))
				continue
			}
			clean++
			got, _ := res.Revision()
			if d := cmp.Diff(comparable(t, imp(expected, ch.space)), comparable(t, got)); d != "" {
				t.Errorf("%s: merged revision is not the page with both edits (-want +got):\n%.3000s", name, d)
				continue
			}
			asExpected++
		}
	}
	if tried == 0 {
		t.Skip("no commit changed one line")
	}
	t.Logf("%d pages a commit changed, another word of a changed line changed in parallel: git merge conflicts on %d; gitsync merges %d clean, %d exactly as both edits applied",
		tried, gitConflicts, clean, asExpected)
}

// wordBesideChange finds, where la and lc differ in a run of lines of
// the same length (after any front matter), a word of one changed line of
// la that the change leaves alone, with other words between, outside code,
// link targets and tags: the line, the word's byte offset and the word.
func wordBesideChange(la, lc []string) (line, at, atC int, word string, ok bool) {
	pre := 0
	for pre < len(la) && pre < len(lc) && la[pre] == lc[pre] {
		pre++
	}
	suf := 0
	for suf < len(la)-pre && suf < len(lc)-pre && la[len(la)-1-suf] == lc[len(lc)-1-suf] {
		suf++
	}
	if len(la)-pre-suf != len(lc)-pre-suf {
		return 0, 0, 0, "", false
	}
	fm := 0 // lines of front matter: page attributes, merged whole
	if len(la) > 0 && la[0] == "---" {
		for fm = 1; fm < len(la) && la[fm] != "---"; fm++ {
		}
	}
	for l := pre; l < len(la)-suf; l++ {
		if l <= fm || la[l] == lc[l] {
			continue
		}
		if at, w, ok := wordBeside(la[l], lc[l]); ok {
			atC := at // the word's offset in lc's line: moved by the change when after it
			if la[l][:at] != lc[l][:min(at, len(lc[l]))] {
				atC = at + len(lc[l]) - len(la[l])
			}
			return l, at, atC, w, true
		}
	}
	return 0, 0, 0, "", false
}

func wordBeside(a, c string) (int, string, bool) {
	if a == "" || strings.HasPrefix(a, "<") || strings.HasPrefix(a, "{%") || strings.HasPrefix(a, "```") {
		return 0, "", false
	}
	cp := 0
	for cp < len(a) && cp < len(c) && a[cp] == c[cp] {
		cp++
	}
	cs := 0
	for cs < len(a)-cp && cs < len(c)-cp && a[len(a)-1-cs] == c[len(c)-1-cs] {
		cs++
	}
	lo, hi := cp, len(a)-cs // the changed bytes of a
	type span struct{ s, e int }
	var words []span
	for i := 0; i < len(a); {
		if !unicode.IsLetter(rune(a[i])) {
			i++
			continue
		}
		j := i
		for j < len(a) && unicode.IsLetter(rune(a[j])) {
			j++
		}
		words = append(words, span{i, j})
		i = j
	}
	plain := func(w span) bool { // prose: outside code, link targets, tags
		before := a[:w.s]
		return w.s > 0 && a[w.s-1] == ' ' && (w.e == len(a) || strings.IndexByte(" ,.;:", a[w.e]) >= 0) &&
			strings.Count(before, "`")%2 == 0 && strings.Count(before, "(") == strings.Count(before, ")") &&
			strings.Count(before, "<") == strings.Count(before, ">") && strings.Count(before, "{%") == strings.Count(before, "%}") &&
			strings.Count(before, "$$")%2 == 0
	}
	for k, w := range words {
		if w.e-w.s < 4 || !plain(w) {
			continue
		}
		// A word between w and the change.
		if (k+2 < len(words) && words[k+2].e <= lo) || (k >= 2 && words[k-2].s >= hi) {
			return w.s, a[w.s:w.e], true
		}
	}
	return 0, "", false
}

// commitFile commits parent's tree with one file replaced (parent as the
// only parent) and returns the commit.
func (g *gitRunner) commitFile(parent, path, content string) string {
	g.t.Helper()
	hash := g.cmd(nil, "hash-object", "-w", "--stdin")
	hash.Stdin = strings.NewReader(content)
	blob, err := hash.Output()
	if err != nil {
		g.t.Fatal(err)
	}
	env := []string{"GIT_INDEX_FILE=" + g.index}
	for _, args := range [][]string{{"read-tree", parent}, {"update-index", "--cacheinfo", "100644," + strings.TrimSpace(string(blob)) + "," + path}} {
		if out, err := g.cmd(env, args...).CombinedOutput(); err != nil {
			g.t.Fatalf("git %v: %v %s", args, err, out)
		}
	}
	tree, err := g.cmd(env, "write-tree").Output()
	if err != nil {
		g.t.Fatal(err)
	}
	out, err := g.cmd(nil, "commit-tree", strings.TrimSpace(string(tree)), "-p", parent, "-m", "edit").Output()
	if err != nil {
		g.t.Fatal(err)
	}
	return strings.TrimSpace(string(out))
}
