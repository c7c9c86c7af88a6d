package revision_test

import (
	"encoding/json"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/seed1bfafebe/gitsync/internal/schematest"
	"github.com/seed1bfafebe/gitsync/revision"
)

// TestTagsJSON: a revision's tags are written as the API's RevisionTag
// objects, schema-valid, and read back unchanged.
func TestTagsJSON(t *testing.T) {
	rev := &revision.Revision{ID: "r", Tags: []*revision.Tag{
		{Slug: "beta", Label: "Beta", Color: "default", Icon: "flask"},
		{Slug: "new", Label: "New", Color: "$primary"},
	}}
	data, err := revision.Marshal(rev)
	if err != nil {
		t.Fatal(err)
	}
	var raw struct {
		Tags []map[string]string `json:"tags"`
	}
	if err := json.Unmarshal(data, &raw); err != nil {
		t.Fatal(err)
	}
	wantRaw := []map[string]string{{"slug": "beta", "label": "Beta", "color": "default", "icon": "flask"},
		{"slug": "new", "label": "New", "color": "$primary"}}
	if diff := cmp.Diff(wantRaw, raw.Tags); diff != "" {
		t.Errorf("tags JSON (-want +got):\n%s", diff)
	}
	schematest.ValidateRevision(t, data)
	var back revision.Revision
	if err := json.Unmarshal(data, &back); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(rev.Tags, back.Tags); diff != "" {
		t.Errorf("tags read back (-want +got):\n%s", diff)
	}
}

// TestMergeTags: the side that changed the tags wins; ours when both did.
func TestMergeTags(t *testing.T) {
	a := []*revision.Tag{{Slug: "a", Label: "A", Color: "default"}}
	b := []*revision.Tag{{Slug: "b", Label: "B", Color: "default"}}
	c := []*revision.Tag{{Slug: "c", Label: "C", Color: "default"}}
	for _, tc := range []struct {
		name               string
		base, ours, theirs []*revision.Tag
		want               []*revision.Tag
	}{
		{"theirs changed", a, a, b, b},
		{"ours changed", a, b, a, b},
		{"both changed", a, b, c, b},
		{"theirs dropped them", a, a, nil, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res := revision.Merge(&revision.Revision{ID: "base", Tags: tc.base}, &revision.Revision{ID: "ours", Tags: tc.ours},
				&revision.Revision{ID: "theirs", Tags: tc.theirs})
			rev, err := res.Revision()
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tc.want, rev.Tags); diff != "" {
				t.Errorf("merged tags (-want +got):\n%s", diff)
			}
		})
	}
}
