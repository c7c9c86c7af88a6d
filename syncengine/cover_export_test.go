package syncengine_test

import (
	"testing"

	"github.com/seed1bfafebe/gitsync/revision"
	"github.com/seed1bfafebe/gitsync/syncengine"
)

// TestExportCoverChanged: a page pointed at another upload for its cover
// (GitBook's GITBOOK-1291) writes the new cover, in minimal mode and whole;
// a removed cover leaves the front matter.
func TestExportCoverChanged(t *testing.T) {
	files := map[string]string{
		"SUMMARY.md":              "# Table of contents\n\n* [Home](README.md)\n",
		"README.md":               "---\ncover: .gitbook/assets/old.png\ncoverY: 0\n---\n\n# Home\n\nWelcome.\n",
		".gitbook/assets/old.png": "old",
		".gitbook/assets/new.png": "new",
	}
	tests := []struct {
		name  string
		edit  func(p *revision.Page, newFile string)
		whole bool
		want  string
	}{
		{"replaced", func(p *revision.Page, nf string) { p.Cover.Ref = revision.FileRef(nf) }, false,
			"---\ncover: .gitbook/assets/new.png\ncoverY: 0\n---\n\n# Home\n\nWelcome.\n"},
		{"replaced whole", func(p *revision.Page, nf string) { p.Cover.Ref = revision.FileRef(nf) }, true,
			"---\ncover: .gitbook/assets/new.png\ncoverY: 0\n---\n\n# Home\n\nWelcome.\n"},
		{"moved", func(p *revision.Page, _ string) { p.Cover.YPos = 40 }, false,
			"---\ncover: .gitbook/assets/old.png\ncoverY: 40\n---\n\n# Home\n\nWelcome.\n"},
		{"removed", func(p *revision.Page, _ string) { p.Cover = nil }, false,
			"# Home\n\nWelcome.\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t, files)
			rev := f.importRev()
			home, _ := findPage(t, rev, "Home")
			var nf string
			for _, fl := range rev.Files {
				if fl.Git.Path == ".gitbook/assets/new.png" {
					nf = fl.ID
				}
			}
			tt.edit(home, nf)
			res := f.export(rev, syncengine.ExportOptions{WholePages: tt.whole})
			if got := f.files(res.Commit)["README.md"]; got != tt.want {
				t.Errorf("README.md:\n%s\nwant:\n%s", got, tt.want)
			}
		})
	}
}
