package syncengine_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/seed1bfafebe/gitsync/internal/schematest"
	"github.com/seed1bfafebe/gitsync/revision"
	"github.com/seed1bfafebe/gitsync/syncengine"
)

// tagsYAML is a tags file as GitBook's Git Sync writes it.
const tagsYAML = "- tag: beta\n  label: Beta\n  icon: flask\n- tag: new\n  label: New\n  icon: sparkles\n  color: $primary\n- tag: fixes\n  label: Fixes\n"

func tagsRepo(tags string) map[string]string {
	files := map[string]string{
		"space/SUMMARY.md": "# Table of contents\n\n* [Home](README.md)\n",
		"space/README.md":  "---\ntags:\n  - beta\n---\n\n# Home\n\nText.\n",
	}
	if tags != "" {
		files["space/.gitbook/tags.yaml"] = tags
	}
	return files
}

// TestTagsImport: the space's .gitbook/tags.yaml is the revision's tags
// (color "default" where the file has none), schema-valid; a file holding
// what the API cannot carry is not imported and is warned about once.
func TestTagsImport(t *testing.T) {
	res := importIncludes(t, newFixture(t, tagsRepo(tagsYAML)), syncengine.ImportOptions{})
	want := []*revision.Tag{
		{Slug: "beta", Label: "Beta", Color: "default", Icon: "flask"},
		{Slug: "new", Label: "New", Color: "$primary", Icon: "sparkles"},
		{Slug: "fixes", Label: "Fixes", Color: "default"},
	}
	if diff := cmp.Diff(want, res.Revision.Tags); diff != "" {
		t.Errorf("tags (-want +got):\n%s", diff)
	}
	data, err := revision.Marshal(res.Revision)
	if err != nil {
		t.Fatal(err)
	}
	schematest.ValidateRevision(t, data)

	for _, odd := range []string{
		"- tag: beta\n  label: Beta\n  emoji: 1f680\n",
		"- tag: beta\n  label: Beta\n  color: mauve\n",
		"- tag: beta\n",
		"tags: [beta]\n",
		"[]\n",
	} {
		res := importIncludes(t, newFixture(t, tagsRepo(odd)), syncengine.ImportOptions{})
		var codes []string
		for _, w := range res.Warnings {
			if w.Path == "space/.gitbook/tags.yaml" {
				codes = append(codes, w.Code)
			}
		}
		if res.Revision.Tags != nil || !cmp.Equal(codes, []string{"tags-kept"}) {
			t.Errorf("%q: tags %v, warnings %q; want none and one tags-kept", odd, res.Revision.Tags, codes)
		}
	}
}

// TestTagsExport: an unchanged export keeps the file's bytes; changed tags
// are written as GitBook writes them (and read back the same); a revision
// without tags deletes the file, unless gitsync does not model it; tags
// of a space without the file add it.
func TestTagsExport(t *testing.T) {
	f := newFixture(t, tagsRepo("# GitBook's tags\n"+tagsYAML))
	if res := f.export(importIncludes(t, f, syncengine.ImportOptions{}).Revision, syncengine.ExportOptions{ProjectDir: "space"}); res.Commit != "" {
		t.Fatalf("unchanged export wrote %q", changesOf(res))
	}

	rev := importIncludes(t, f, syncengine.ImportOptions{}).Revision
	rev.Tags = append(rev.Tags[:1], &revision.Tag{Slug: "pro", Label: "Pro: yes", Color: "green", Icon: "plus"})
	res := f.export(rev, syncengine.ExportOptions{ProjectDir: "space"})
	if got, want := changesOf(res), []string{"modified space/.gitbook/tags.yaml"}; !cmp.Equal(got, want) {
		t.Fatalf("changes = %q, want %q", got, want)
	}
	want := "- tag: beta\n  label: Beta\n  icon: flask\n- tag: pro\n  label: 'Pro: yes'\n  icon: plus\n  color: green\n"
	if got := f.files(res.Commit)["space/.gitbook/tags.yaml"]; got != want {
		t.Errorf("tags.yaml:\n%s\nwant:\n%s", got, want)
	}
	back := importIncludes(t, f, syncengine.ImportOptions{Ref: res.Commit}).Revision
	if diff := cmp.Diff(rev.Tags, back.Tags); diff != "" {
		t.Errorf("tags read back (-written +read):\n%s", diff)
	}

	rev = importIncludes(t, f, syncengine.ImportOptions{Ref: res.Commit}).Revision
	rev.Tags = nil
	res = f.export(rev, syncengine.ExportOptions{ProjectDir: "space", Force: true})
	if got, want := changesOf(res), []string{"deleted space/.gitbook/tags.yaml"}; !cmp.Equal(got, want) {
		t.Errorf("without tags: changes = %q, want %q", got, want)
	}

	odd := newFixture(t, tagsRepo("- tag: beta\n  label: Beta\n  emoji: 1f680\n"))
	rev = importIncludes(t, odd, syncengine.ImportOptions{}).Revision
	if res := odd.export(rev, syncengine.ExportOptions{ProjectDir: "space"}); res.Commit != "" {
		t.Errorf("a tags file gitsync does not model was touched: %q", changesOf(res))
	}

	none := newFixture(t, tagsRepo(""))
	rev = importIncludes(t, none, syncengine.ImportOptions{}).Revision
	rev.Tags = []*revision.Tag{{Slug: "new", Label: "New", Color: "$primary", Icon: "sparkles"}}
	res = none.export(rev, syncengine.ExportOptions{ProjectDir: "space"})
	if got := none.files(res.Commit)["space/.gitbook/tags.yaml"]; got != "- tag: new\n  label: New\n  icon: sparkles\n  color: $primary\n" {
		t.Errorf("added tags.yaml = %q", got)
	}
}
