package syncengine_test

import (
	"context"
	"fmt"
	"os"
	"path"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/object"

	"github.com/seed1bfafebe/gitsync/internal/corpustest"
	"github.com/seed1bfafebe/gitsync/internal/racetest"
	"github.com/seed1bfafebe/gitsync/markdown"
	"github.com/seed1bfafebe/gitsync/revision"
	"github.com/seed1bfafebe/gitsync/syncengine"
)

// replayBundle clones a corpus history bundle into a bare repository; the
// test skips when the bundle or the git command is absent (go-git cannot
// read bundles).
func replayBundle(t *testing.T, repo string) (string, *git.Repository) {
	t.Helper()
	dir := corpustest.CloneBundle(t, corpusDir, repo)
	r, err := git.PlainOpen(dir)
	if err != nil {
		t.Fatal(err)
	}
	return dir, r
}

// replayHistory is one corpus history whose GitBook commits are replayed,
// with the number of them each mode reproduces today: the floors guard
// against regressions (raise them as the printer improves; the goal is
// every commit).
type replayHistory struct {
	repo           string
	whole, minimal int // commits replayed byte for byte, at least
	// Commits replayed byte for byte or identical but for GitBook's
	// orphans (ORPHANS: files of the folder's previous space that GitBook
	// left and gitsync's export deleted), at least.
	wholeOrphans, minimalOrphans int
	replayed, skipped            int // commits replayed and skipped (site-only, or without a parent), exactly
}

var replayHistories = []replayHistory{
	{repo: "BeefreeSDK__beefree-sdk-docs", whole: 28, minimal: 28, wholeOrphans: 28, minimalOrphans: 28, replayed: 28, skipped: 1},
	{repo: "GitbookIO__public-docs", whole: 43, minimal: 41, wholeOrphans: 43, minimalOrphans: 41, replayed: 44, skipped: 4},
}

// TestReplayGitBookCommits replays GitBook's own commits of each corpus
// history: for each GITBOOK-<n> commit C, import C with its space as the
// project directory, drop the pages' blob ids, and export it with Force
// onto C's parent, once printing changed pages whole (as GitBook does)
// and once in gitsync's minimal mode. The tree written must equal C's
// tree byte for byte. A file C adds gets its bytes as an export's caller
// would give them (ExportOptions.FileContent, the CLI's --files).
//
// The repository root's AGENTS.md of C, when C has one, is the export's
// AgentInstructions (what GitBook's host would give).
//
// Every commit is logged as PASS, ORPHANS or FAIL with the paths that
// differ and their first differing line; REPLAY_DIFF=1 logs whole patches.
// ORPHANS n is a commit whose export differs from C only by n files that
// C's parent and C hold unchanged and the export deleted: files of the
// space that lived in the folder before, which GitBook left when it wrote
// another space there (the project brief wants no orphaned files, so
// gitsync deletes them). They are counted apart from PASS and FAIL:
//
//	go test ./syncengine -run TestReplayGitBookCommits -v
//
//	go test ./syncengine -run TestReplayGitBookCommits -v
func TestReplayGitBookCommits(t *testing.T) {
	racetest.SkipSweep(t)
	if testing.Short() {
		t.Skip("replay is slow")
	}
	for _, h := range replayHistories {
		t.Run(h.repo, func(t *testing.T) {
			dir, repo := replayBundle(t, h.repo)
			cases := replayCases(t, repo)
			var replayed, skipped int
			for _, rc := range cases {
				if rc.site || rc.root {
					skipped++
				} else {
					replayed++
				}
			}
			if replayed != h.replayed || skipped != h.skipped {
				t.Errorf("%d commits to replay and %d skipped, want %d and %d", replayed, skipped, h.replayed, h.skipped)
			}
			for _, mode := range []struct {
				name                string
				wholePages          bool
				floor, orphansFloor int
			}{
				{"whole-pages", true, h.whole, h.wholeOrphans},
				{"minimal", false, h.minimal, h.minimalOrphans},
			} {
				t.Run(mode.name, func(t *testing.T) {
					same, orphaned := 0, 0
					for _, rc := range cases {
						switch {
						case rc.site:
							t.Logf("SKIP %s %s: changes only the site's docs.yaml", rc.short(), rc.subject())
							continue
						case rc.root:
							t.Logf("SKIP %s %s: the bundle's first commit, no parent to export onto", rc.short(), rc.subject())
							continue
						}
						diffs, orphans := replayCommit(t, dir, repo, rc, mode.wholePages)
						switch {
						case len(diffs) == 0 && len(orphans) == 0:
							same++
							t.Logf("PASS %s %s --dir=%q%s", rc.short(), rc.subject(), rc.dir, rc.note)
						case len(diffs) == 0:
							orphaned++
							t.Logf("ORPHANS %d %s %s --dir=%q%s: identical except the %d files GitBook left in the folder (unchanged since the parent), which gitsync's export deleted\n  %s",
								len(orphans), rc.short(), rc.subject(), rc.dir, rc.note, len(orphans), strings.Join(orphans, "\n  "))
						default:
							more := ""
							if len(orphans) > 0 {
								more = fmt.Sprintf(" (and %d of GitBook's orphans)", len(orphans))
							}
							t.Logf("FAIL %s %s --dir=%q%s: %d paths differ%s\n%s", rc.short(), rc.subject(), rc.dir, rc.note, len(diffs), more, strings.Join(diffs, "\n"))
						}
					}
					t.Logf("%s %s: %d of %d GitBook commits replay byte for byte, %d more but for GitBook's orphans", h.repo, mode.name, same, replayed, orphaned)
					if same < mode.floor {
						t.Errorf("%d commits replay byte for byte, want at least %d", same, mode.floor)
					}
					if same+orphaned < mode.orphansFloor {
						t.Errorf("%d commits replay byte for byte or but for GitBook's orphans, want at least %d", same+orphaned, mode.orphansFloor)
					}
				})
			}
		})
	}
}

// replayCase is one GitBook commit to replay and the space it wrote.
type replayCase struct {
	commit *object.Commit
	dir    string // the project directory (--dir)
	site   bool   // the commit changes only docs.yaml: the site's, not a space's
	root   bool   // the bundle's first commit: no parent to export onto
	note   string // how dir was chosen when no space holds every change
	// repoOnly: the commit changes only repository-level files.
	repoOnly bool
}

func (rc replayCase) short() string { return rc.commit.Hash.String()[:10] }

func (rc replayCase) subject() string {
	s, _, _ := strings.Cut(rc.commit.Message, "\n")
	return strconv.Quote(s)
}

// replayCases lists the GITBOOK- commits of main, newest first, each with
// its space: the deepest folder holding a SUMMARY.md at that commit that
// holds every changed file. When none does (GitBook wrote a page outside
// the space, through a SUMMARY.md link that leaves it), the folder
// holding the most changed files is taken, and the case says so.
func replayCases(t *testing.T, repo *git.Repository) []replayCase {
	t.Helper()
	head, err := repo.Reference("refs/heads/main", true)
	if err != nil {
		t.Fatal(err)
	}
	var out []replayCase
	for c, err := repo.CommitObject(head.Hash()); err == nil; c, err = c.Parent(0) {
		if !strings.HasPrefix(c.Message, "GITBOOK-") {
			continue
		}
		if c.NumParents() == 0 {
			out = append(out, replayCase{commit: c, root: true})
			break
		}
		parent, err := c.Parent(0)
		if err != nil {
			t.Fatal(err)
		}
		from, _ := parent.Tree()
		to, _ := c.Tree()
		changes, err := object.DiffTree(from, to)
		if err != nil {
			t.Fatal(err)
		}
		changedSet := map[string]bool{}
		for _, ch := range changes {
			for _, name := range []string{ch.From.Name, ch.To.Name} {
				if name != "" {
					changedSet[name] = true
				}
			}
		}
		rc := replayCase{commit: c}
		if len(changedSet) == 1 && changedSet["docs.yaml"] {
			rc.site = true
			out = append(out, rc)
			continue
		}
		spaceSet := map[string]bool{}
		for name := range changedSet {
			if !repoLevel(name) {
				spaceSet[name] = true
			}
		}
		if len(spaceSet) == 0 {
			rc.repoOnly = true
			spaceSet = changedSet
		}
		rc.dir, rc.note = replaySpace(to, spaceSet)
		out = append(out, rc)
	}
	if len(out) == 0 {
		t.Fatal("no GITBOOK- commits in the bundle")
	}
	// A commit that changes only repository-level files says nothing of
	// its space: it is the space of the other commits of its change
	// request (GitBook numbers them per space, "GITBOOK-230: ").
	for i := range out {
		if !out[i].repoOnly {
			continue
		}
		for _, o := range out {
			if !o.repoOnly && !o.site && !o.root && changeRequest(o.commit) == changeRequest(out[i].commit) {
				out[i].dir = o.dir
				out[i].note = " (only repository-level files: the space of " + o.short() + ", the same change request)"
				break
			}
		}
	}
	return out
}

// repoLevel reports whether a changed path is a repository-level file
// that GitBook's 2026 exports write whatever the space: the reusable
// contents at the root's .gitbook/includes and the root's AGENTS.md. They
// say nothing of the space a commit wrote.
func repoLevel(name string) bool {
	return strings.HasPrefix(name, ".gitbook/includes/") || name == "AGENTS.md"
}

// changeRequest is the "GITBOOK-<n>" of a commit's message.
func changeRequest(c *object.Commit) string {
	s, _, _ := strings.Cut(c.Message, ":")
	return s
}

// replaySpace picks the space a commit wrote: the deepest folder holding
// a SUMMARY.md that holds every changed path. When none does, it is the
// space holding or listing (through a SUMMARY.md link that leaves the
// folder, "../x.md") the most changed paths, and note says how many it
// neither holds nor lists.
func replaySpace(tree *object.Tree, changed map[string]bool) (dir, note string) {
	type space struct {
		dir    string
		listed map[string]bool
	}
	var spaces []space
	tree.Files().ForEach(func(f *object.File) error {
		if path.Base(f.Name) != "SUMMARY.md" {
			return nil
		}
		sp := space{dir: path.Dir(f.Name), listed: map[string]bool{}}
		if src, err := f.Contents(); err == nil {
			sum, _ := markdown.ParseSummary([]byte(src), f.Name)
			var walk func([]*markdown.SummaryEntry)
			walk = func(es []*markdown.SummaryEntry) {
				for _, e := range es {
					target, _, _ := strings.Cut(e.Target, "#")
					if target != "" {
						sp.listed[path.Join(sp.dir, target)] = true
					}
					walk(e.Children)
				}
			}
			walk(sum.Entries)
		}
		spaces = append(spaces, sp)
		return nil
	})
	holds := func(sp space, name string) bool { return sp.dir == "." || strings.HasPrefix(name, sp.dir+"/") }
	best, bestHeld, bestListed := "", -1, -1
	for _, sp := range spaces {
		held, listed := 0, 0
		for name := range changed {
			switch {
			case holds(sp, name):
				held++
				listed++
			case sp.listed[name]:
				listed++
			}
		}
		deeper := strings.Count(sp.dir, "/") > strings.Count(best, "/") || best == "."
		if held == len(changed) && (bestHeld < len(changed) || deeper) {
			best, bestHeld, bestListed = sp.dir, held, listed
			continue
		}
		if bestHeld < len(changed) && (listed > bestListed || listed == bestListed && deeper) {
			best, bestHeld, bestListed = sp.dir, held, listed
		}
	}
	if bestHeld < len(changed) {
		note = fmt.Sprintf(" (%d of %d changed paths outside the space, %d of them listed by its SUMMARY.md)",
			len(changed)-bestHeld, len(changed), bestListed-bestHeld)
	}
	if best == "." {
		best = ""
	}
	return best, note
}

// replayCommit imports rc's commit, exports it onto its parent and
// returns, for every path where the result differs from GitBook's tree,
// the path and its first differing line; the paths the export deleted
// that GitBook left unchanged since the parent are returned apart, as
// orphans.
func replayCommit(t *testing.T, dir string, repo *git.Repository, rc replayCase, wholePages bool) (diffs, orphans []string) {
	t.Helper()
	ctx := context.Background()
	c := rc.commit
	res, err := syncengine.Import(ctx, syncengine.Source{URL: dir}, syncengine.ImportOptions{Ref: c.Hash.String(), ProjectDir: rc.dir})
	if err != nil {
		return []string{"  import: " + err.Error()}, nil
	}
	rev := res.Revision
	revision.Walk(rev.Pages, func(p, _ *revision.Page) bool {
		if p.Git != nil {
			p.Git.OID = ""
		}
		return true
	})
	parent := c.ParentHashes[0]
	branch := plumbing.ReferenceName("refs/heads/replay")
	if err := repo.Storer.SetReference(plumbing.NewHashReference(branch, parent)); err != nil {
		t.Fatal(err)
	}
	tree, _ := c.Tree()
	var agents []byte
	if f, err := tree.File("AGENTS.md"); err == nil {
		s, err := f.Contents()
		if err != nil {
			t.Fatal(err)
		}
		agents = []byte(s)
	}
	pc, err := repo.CommitObject(parent)
	if err != nil {
		t.Fatal(err)
	}
	ptree, _ := pc.Tree()
	prev := previousFolder(ptree, tree, rc.dir)
	if prev != "" {
		t.Logf("%s: the space moved from %q to %q", rc.short(), prev, rc.dir)
	}
	out, err := syncengine.Export(ctx, syncengine.Source{URL: dir}, rev, syncengine.ExportOptions{
		Ref: branch.String(), ProjectDir: rc.dir, Message: c.Message, Force: true, WholePages: wholePages,
		AgentInstructions: agents, PreviousProjectDir: prev,
		FileContent: func(_ context.Context, f *revision.File) ([]byte, error) {
			file, err := tree.File(path.Join(res.Root, f.Git.Path))
			if err != nil {
				return nil, err
			}
			s, err := file.Contents()
			return []byte(s), err
		},
	})
	if err != nil {
		return []string{"  export: " + err.Error()}, nil
	}
	got := parent
	if out.Commit != "" {
		got = plumbing.NewHash(out.Commit)
	}
	gc, err := repo.CommitObject(got)
	if err != nil {
		t.Fatal(err)
	}
	if gc.TreeHash == c.TreeHash {
		return nil, nil
	}
	gtree, _ := gc.Tree()
	changes, _ := object.DiffTree(gtree, tree)
	for _, ch := range changes {
		if ch.From.Name == "" {
			if e, err := ptree.FindEntry(ch.To.Name); err == nil && e.Hash == ch.To.TreeEntry.Hash && e.Mode == ch.To.TreeEntry.Mode {
				orphans = append(orphans, ch.To.Name)
				continue
			}
		}
		diffs = append(diffs, "  "+firstDifference(ch))
		if os.Getenv("REPLAY_DIFF") != "" {
			if patch, err := ch.Patch(); err == nil {
				diffs = append(diffs, patch.String())
			}
		}
	}
	sort.Strings(diffs)
	sort.Strings(orphans)
	return diffs, orphans
}

// previousFolder is where the space that commit tree writes in dir was at
// its parent ptree, when that is another folder: the folder whose
// SUMMARY.md shares the most lines with the one the commit holds in dir
// ("." for the root), provided it shares at least half of them and more
// than dir's does. GitBook's spaces changed folder on 2026-08-12; it is ""
// when the space did not move.
func previousFolder(ptree, tree *object.Tree, dir string) string {
	lines := func(t *object.Tree, name string) map[string]bool {
		f, err := t.File(name)
		if err != nil {
			return nil
		}
		s, err := f.Contents()
		if err != nil {
			return nil
		}
		set := map[string]bool{}
		for _, l := range strings.Split(s, "\n") {
			if strings.TrimSpace(l) != "" {
				set[l] = true
			}
		}
		return set
	}
	want := lines(tree, path.Join(dir, "SUMMARY.md"))
	score := func(folder string) int {
		n := 0
		for l := range lines(ptree, path.Join(folder, "SUMMARY.md")) {
			if want[l] {
				n++
			}
		}
		return n
	}
	best, bestScore := dir, score(dir)
	_ = ptree.Files().ForEach(func(f *object.File) error {
		if path.Base(f.Name) != "SUMMARY.md" {
			return nil
		}
		folder := path.Dir(f.Name)
		if folder == "." {
			folder = ""
		}
		if sc := score(folder); sc > bestScore {
			best, bestScore = folder, sc
		}
		return nil
	})
	switch {
	case best == dir || 2*bestScore < len(want):
		// Not moved, or no folder held most of the space's table of
		// contents: a new space.
		return ""
	case best == "":
		return "."
	}
	return best
}

// firstDifference names a path where the export (From) and GitBook (To)
// differ, and shows the first line where they do.
func firstDifference(ch *object.Change) string {
	from, to, err := ch.Files()
	if err != nil {
		return ch.String() + ": " + err.Error()
	}
	switch {
	case from == nil:
		return ch.To.Name + ": missing from the export"
	case to == nil:
		return ch.From.Name + ": written by the export, absent from GitBook's commit"
	}
	name := ch.To.Name
	got, _ := from.Contents()
	want, _ := to.Contents()
	gl, wl := strings.Split(got, "\n"), strings.Split(want, "\n")
	for i := 0; i < len(gl) || i < len(wl); i++ {
		var g, w string
		if i < len(gl) {
			g = gl[i]
		}
		if i < len(wl) {
			w = wl[i]
		}
		if g != w {
			return fmt.Sprintf("%s:%d\n    gitbook: %s\n    gitsync: %s", name, i+1, clipLine(w), clipLine(g))
		}
	}
	return name + ": differs (mode or trailing bytes)"
}

func clipLine(s string) string {
	if len(s) > 160 {
		return strconv.Quote(s[:160]) + "…"
	}
	return strconv.Quote(s)
}

// TestReplayPagesGitBookWrote measures the printer on the pages GitBook
// is known to have written: every Markdown file a GITBOOK-<n> commit of the
// BeefreeSDK history adds or changes, in that commit's version, must be its
// own canonical form (what gitsync fmt -l checks). Pages of the corpus that
// GitBook only imported (hand-wrapped lines, "-" bullets…) are not
// canonical, and no GitBook-faithful printer makes them so.
func TestReplayPagesGitBookWrote(t *testing.T) {
	racetest.SkipSweep(t)
	_, repo := replayBundle(t, "BeefreeSDK__beefree-sdk-docs")
	head, err := repo.Reference("refs/heads/main", true)
	if err != nil {
		t.Fatal(err)
	}
	seen := map[plumbing.Hash]bool{}
	var total int
	var differ []string
	for c, err := repo.CommitObject(head.Hash()); err == nil && c.NumParents() > 0; c, err = c.Parent(0) {
		if !strings.HasPrefix(c.Message, "GITBOOK-") {
			continue
		}
		parent, err := c.Parent(0)
		if err != nil {
			t.Fatal(err)
		}
		from, _ := parent.Tree()
		to, _ := c.Tree()
		changes, err := object.DiffTree(from, to)
		if err != nil {
			t.Fatal(err)
		}
		for _, ch := range changes {
			name, blob := ch.To.Name, ch.To.TreeEntry.Hash
			if name == "" || path.Ext(name) != ".md" || path.Base(name) == "SUMMARY.md" || seen[blob] {
				continue
			}
			seen[blob] = true
			f, err := to.File(name)
			if err != nil {
				t.Fatal(err)
			}
			src, err := f.Contents()
			if err != nil {
				t.Fatal(err)
			}
			total++
			if got := markdown.Format(name, []byte(src)); string(got) != src {
				differ = append(differ, name+" (in "+c.Hash.String()[:10]+")")
			}
		}
	}
	if total == 0 {
		t.Fatal("no page written by a GITBOOK- commit")
	}
	t.Logf("%d of %d page versions GitBook's commits wrote are canonical", total-len(differ), total)
	for _, d := range differ {
		t.Errorf("not canonical: %s", d)
	}
}
