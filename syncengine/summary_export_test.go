package syncengine_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/seed1bfafebe/gitsync/revision"
	"github.com/seed1bfafebe/gitsync/syncengine"
)

// summaryFixture is a SUMMARY.md holding what GitBook writes today: a group
// anchor, a link title, links to sections of a page, a file listed twice,
// a generated OpenAPI page and a rule ending the last group.
var summaryFixture = map[string]string{
	"SUMMARY.md": "# Table of contents\n\n* [Home](README.md)\n\n## Start here <a href=\"#begin\" id=\"begin\"></a>\n\n" +
		"* [Formatting](formatting.md \"Format\")\n* [Bold](formatting.md#bold)\n* [API](api/README.md)\n" +
		"  * ```yaml\n    props:\n      models: true\n    type: builtin:openapi\n    dependencies:\n      spec:\n        ref:\n          kind: openapi\n          spec: pets\n    ```\n\n" +
		"## Help\n\n* [FAQ](faq.md)\n* [Tags](../other-space/tags.md)\n* [Formatting again](formatting.md)\n\n***\n\n* [Extra](extra/README.md)\n  * [More](extra/more.md)\n",
	"README.md":       "# Home\n\nWelcome.\n",
	"formatting.md":   "# Formatting\n\n## Bold\n\nUse it.\n",
	"api/README.md":   "# API\n\nSee below.\n",
	"faq.md":          "# FAQ\n\nAsk.\n",
	"extra/README.md": "# Extra\n\nMore things.\n",
	"extra/more.md":   "# More\n\nAnd more.\n",
}

// TestSummaryRoundTrip imports the fixture and exports it onto a branch
// with no commit: every SUMMARY.md line comes back from the revision alone,
// and a file listed twice is still one file.
func TestSummaryRoundTrip(t *testing.T) {
	f := newFixture(t, summaryFixture)
	rev := f.importRev()
	start, _ := findPage(t, rev, "Start here")
	if start.Slug != "begin" {
		t.Errorf("group slug = %q, want the anchor %q", start.Slug, "begin")
	}
	format, _ := findPage(t, rev, "Formatting")
	if format.LinkTitle != "Format" {
		t.Errorf("linkTitle = %q, want %q", format.LinkTitle, "Format")
	}
	bold, _ := findPage(t, rev, "Bold")
	if bold.Type != revision.PageLink || bold.Target == nil || bold.Target.Kind != revision.RefAnchor || bold.Target.Page != format.ID {
		t.Errorf("Bold = %s page with target %+v, want a link to an anchor of Formatting", bold.Type, bold.Target)
	}
	tags, _ := findPage(t, rev, "Tags")
	if tags.Type != revision.PageLink || tags.Href != "../other-space/tags.md" {
		t.Errorf("Tags = %s page to %q, want a link to ../other-space/tags.md", tags.Type, tags.Href)
	}
	api, _ := findPage(t, rev, "API")
	if len(api.Pages) != 1 || api.Pages[0].Type != revision.PageComputed {
		t.Fatalf("API's child is not a computed page: %+v", api.Pages)
	}
	rev.Git = nil // a branch of its own, not started from the import's commit
	res := f.export(rev, syncengine.ExportOptions{Ref: "refs/heads/fresh"})
	got := f.files(res.Commit)
	want := map[string]string{}
	for k, v := range summaryFixture {
		want[k] = v
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("fresh export (-want +got):\n%s", diff)
	}
}
