package syncengine_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"
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
		if diff := cmp.Diff(gitbook, replayOnto(t, base, gitbook, whole)); diff != "" {
			t.Errorf("whole pages %v: tree (-GitBook +export):\n%s", whole, diff)
		}
	}
}
