package syncengine_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/seed1bfafebe/gitsync/revision"
	"github.com/seed1bfafebe/gitsync/syncengine"
)

// TestExportSpaceMovedFolder exports a space whose project directory
// changed from the root to docs/ (ExportOptions.PreviousProjectDir), as
// GitBook did when its spaces moved into folders: every file of the space
// is written in docs/, an unchanged page with its previous file's bytes
// (its hand-written *emphasis* is not reprinted), a changed page with only
// its changed block printed, the asset with its bytes; a file already in
// docs/ that the space did not have is left alone, and so is the root.
func TestExportSpaceMovedFolder(t *testing.T) {
	base := map[string]string{
		"SUMMARY.md":              "# Table of contents\n\n* [Home](README.md)\n* [Guide](guide.md)\n",
		"README.md":               "# Home\n\nHello *world*.\n",
		"guide.md":                "# Guide\n\nStep *one*.\n\nStep *two*.\n\n![](.gitbook/assets/a.png)\n",
		".gitbook/assets/a.png":   "png bytes",
		"docs/notes-of-others.md": "another space's file\n",
	}
	for _, whole := range []bool{false, true} {
		f := newFixture(t, base)
		rev := f.importRev()
		var guide *revision.Page
		revision.Walk(rev.Pages, func(p, _ *revision.Page) bool {
			if p.Git != nil && p.Git.Path == "guide.md" {
				guide = p
			}
			return true
		})
		if guide == nil {
			t.Fatal("no guide page")
		}
		second := guide.Document.Nodes[1].(*revision.Block)
		second.Nodes = []revision.Node{revision.NewText("Step 2.")}
		guide.Git.OID = ""

		res := f.export(rev, syncengine.ExportOptions{ProjectDir: "docs", PreviousProjectDir: ".", WholePages: whole})
		got := f.files(res.Commit)
		want := map[string]string{}
		for name, data := range base {
			want[name] = data
			if name != "docs/notes-of-others.md" {
				want["docs/"+name] = data
			}
		}
		want["docs/guide.md"] = "# Guide\n\nStep *one*.\n\nStep 2.\n\n![](.gitbook/assets/a.png)\n"
		if whole {
			want["docs/guide.md"] = "# Guide\n\nStep _one_.\n\nStep 2.\n\n![](.gitbook/assets/a.png)\n"
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("whole pages %v: tree (-want +got):\n%s", whole, diff)
		}
	}
}
