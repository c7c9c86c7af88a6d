package syncengine_test

import (
	"context"
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/seed1bfafebe/gitsync/internal/gittest"
	"github.com/seed1bfafebe/gitsync/revision"
	"github.com/seed1bfafebe/gitsync/syncengine"
)

// restructureBase and restructureGitBook are a space before and after a
// restructure written by GitBook (modelled on GITBOOK-1259 in GitBook's
// docs): account/ became billing/, the home page was retitled and got a
// cover, and the pages of billing/ moved with their bytes, their links to
// each other unchanged ("../plans/community/README.md" is not rewritten to
// the folder form GitBook prints new links in).
var (
	restructureBase = map[string]string{
		"SUMMARY.md": "# Table of contents\n\n* [Overview](README.md)\n\n## Account\n\n* [FAQ](account/faq/README.md)\n" +
			"  * [Payments](account/faq/payments.md)\n* [Plans](account/plans/README.md)\n  * [Community](account/plans/community/README.md)\n",
		"README.md": "---\ndescription: Bake bread at home.\nicon: house\nlayout:\n  width: wide\n  title:\n    visible: false\n---\n\n" +
			"# Overview\n\nWelcome to the bakery.\n",
		"account/faq/README.md":             "# FAQ\n\nQuestions people ask.\n",
		"account/faq/payments.md":           "# Payments\n\nThe free [Community plan](../plans/community/README.md) costs nothing.\n\nPay by card.\n",
		"account/plans/README.md":           "# Plans\n\nEvery plan.\n",
		"account/plans/community/README.md": "# Community\n\nFree for clubs.\n",
		".gitbook/assets/hero.png":          "png",
	}
	restructureGitBook = map[string]string{
		"SUMMARY.md": "# Table of contents\n\n* [Bakery](README.md)\n\n## Billing\n\n* [FAQ](billing/faq/README.md)\n" +
			"  * [Payments](billing/faq/payments.md)\n* [Plans](billing/plans/README.md)\n  * [Community](billing/plans/community/README.md)\n",
		"README.md": "---\ndescription: Bake bread at home.\ncover: .gitbook/assets/hero.png\ncoverY: 0\ncoverHeight: 300\nlayout:\n" +
			"  width: wide\n  cover:\n    visible: true\n    size: full\n    mask: none\n  title:\n    visible: false\n---\n\n# Bakery\n\nWelcome to the bakery.\n",
		"billing/faq/README.md":             "# FAQ\n\nQuestions people ask.\n",
		"billing/faq/payments.md":           "# Payments\n\nThe free [Community plan](../plans/community/README.md) costs nothing.\n\nPay by card.\n",
		"billing/plans/README.md":           "# Plans\n\nEvery plan.\n",
		"billing/plans/community/README.md": "# Community\n\nFree for clubs.\n",
		".gitbook/assets/hero.png":          "png",
	}
)

// TestExportRestructure replays that restructure as the corpus replay
// does: import GitBook's commit, drop the pages' blob ids, export onto the
// commit before it. Both modes must write GitBook's tree: the moved pages
// keep their bytes, and the retitled home page gets its new # title and its
// cover in GitBook's key order, in minimal mode too.
func TestExportRestructure(t *testing.T) {
	for _, whole := range []bool{false, true} {
		if diff := cmp.Diff(restructureGitBook, replayOnto(t, restructureBase, restructureGitBook, whole)); diff != "" {
			t.Errorf("whole pages %v: tree (-GitBook +export):\n%s", whole, diff)
		}
	}
}

// replayOnto replays a commit of files gitbook made on top of files base
// as the corpus replay does (import it, drop the pages' blob ids, export
// onto base with Force) and returns the exported tree.
func replayOnto(t *testing.T, base, gitbook map[string]string, whole bool) map[string]string {
	t.Helper()
	repo, b := gittest.CommitFiles(t, base)
	tip := gittest.AddCommit(t, repo, b, gittest.Files(gitbook))
	src := syncengine.Source{URL: "memory", Storer: repo.Storer}
	ctx := context.Background()
	res, err := syncengine.Import(ctx, src, syncengine.ImportOptions{Ref: tip.String()})
	if err != nil {
		t.Fatal(err)
	}
	revision.Walk(res.Revision.Pages, func(p, _ *revision.Page) bool {
		if p.Git != nil {
			p.Git.OID = ""
		}
		return true
	})
	gittest.SetRef(t, repo, "refs/heads/replay", b)
	out, err := syncengine.Export(ctx, src, res.Revision, syncengine.ExportOptions{
		Ref: "refs/heads/replay", Message: "GitBook's commit", Force: true, WholePages: whole,
		FileContent: func(context.Context, *revision.File) ([]byte, error) { return nil, errors.New("no new files here") }})
	if err != nil {
		t.Fatal(err)
	}
	f := &fixture{t: t, repo: repo, src: src, tip: tip}
	return f.files(out.Commit)
}
