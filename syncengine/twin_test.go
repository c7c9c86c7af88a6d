package syncengine_test

import (
	"context"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/seed1bfafebe/gitsync/internal/gittest"
	"github.com/seed1bfafebe/gitsync/revision"
	"github.com/seed1bfafebe/gitsync/syncengine"
)

// TestExportPageBecomesFolder replays a page that got a child: GitBook
// moves skill.md to skill/README.md with its bytes (d45310e229 in GitBook's
// docs), front matter keys gitsync does not model and hand-written *emphasis*
// included. The revision, imported from GitBook's commit, does not know the
// page moved (its ids come from paths); the export finds the page's file
// by its name and content, in both modes.
func TestExportPageBecomesFolder(t *testing.T) {
	skill := "---\nname: skill\ndescription: How to write.\n---\n\n# Skill\n\nWrite *well*.\n"
	base := map[string]string{
		"SUMMARY.md": "# Table of contents\n\n* [Home](README.md)\n* [Skill](skill.md)\n",
		"README.md":  "# Home\n\nWelcome.\n",
		"skill.md":   skill,
	}
	gitbook := map[string]string{
		"SUMMARY.md":      "# Table of contents\n\n* [Home](README.md)\n* [Skill](skill/README.md)\n  * [Edit](skill/edit.md)\n",
		"README.md":       "# Home\n\nWelcome.\n",
		"skill/README.md": skill,
		"skill/edit.md":   "# Edit\n\nEdit often.\n",
	}
	for _, whole := range []bool{false, true} {
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
			Ref: "refs/heads/replay", Message: "Skill gets a child", Force: true, WholePages: whole,
			FileContent: func(context.Context, *revision.File) ([]byte, error) { return nil, nil }})
		if err != nil {
			t.Fatal(err)
		}
		f := &fixture{t: t, repo: repo, src: src, tip: tip}
		if diff := cmp.Diff(gitbook, f.files(out.Commit)); diff != "" {
			t.Errorf("whole pages %v: tree (-GitBook +export):\n%s", whole, diff)
		}
	}
}
