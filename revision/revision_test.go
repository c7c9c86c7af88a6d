package revision_test

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/seed1bfafebe/gitsync/internal/schematest"
	"github.com/seed1bfafebe/gitsync/revision"
)

func ptr[T any](v T) *T { return &v }

// sample builds a revision that uses every kind of node and page.
func sample() *revision.Revision {
	para := func(ns ...revision.Node) *revision.Block { return revision.NewBlock(&revision.Paragraph{}, ns...) }
	doc := &revision.Document{Nodes: []revision.Node{
		revision.NewBlock(&revision.Heading{Level: 1, ID: "intro"}, revision.NewText("Intro")),
		para(revision.NewText("plain "), revision.NewText("bold", revision.Mark{Type: revision.MarkBold}),
			revision.NewInline(&revision.Link{Ref: revision.PageRef("p2")}, revision.NewText("next")),
			revision.NewText("red", revision.Mark{Type: revision.MarkColor, Text: "red", Background: "default"}),
			&revision.Opaque{Source: "<u>", Inline: true},
			revision.NewInline(&revision.Emoji{Code: "1f50d"}),
			revision.NewInline(&revision.InlineMath{Formula: "x^2"}),
			revision.NewInline(&revision.Mention{Ref: revision.AnchorRef("p2", "a")}),
		),
		revision.NewBlock(&revision.ListOrdered{Start: ptr(3)},
			revision.NewBlock(&revision.ListItem{}, para(revision.NewText("one")))),
		revision.NewBlock(&revision.ListTasks{},
			revision.NewBlock(&revision.ListItem{Checked: ptr(true)}, para(revision.NewText("done")))),
		revision.NewBlock(&revision.Hint{Style: "info"}, para(revision.NewText("note"))),
		revision.NewBlock(&revision.Code{Syntax: "go", Title: "x.go", LineNumbers: ptr(true)},
			revision.NewBlock(&revision.CodeLine{}, revision.NewText("package x"))),
		revision.NewBlock(&revision.Tabs{}, revision.NewBlock(&revision.TabsItem{Title: "A"}, para(revision.NewText("a")))),
		&revision.Block{Data: &revision.Images{}, Nodes: []revision.Node{
			&revision.Block{Data: &revision.Image{Ref: revision.FileRef("f1"), Width: &revision.Length{Value: 50, Unit: "%"}},
				Fragments: []*revision.Fragment{{Fragment: "caption", Nodes: []revision.Node{para(revision.NewText("cap"))}}}},
		}},
		&revision.Block{Data: &revision.Expandable{}, Fragments: []*revision.Fragment{
			{Fragment: "expandable-title", Type: "expandable-title", Nodes: []revision.Node{para(revision.NewText("More"))}},
			{Fragment: "expandable-body", Type: "expandable-body", Nodes: []revision.Node{para(revision.NewText("body"))}},
		}},
		&revision.Block{Data: &revision.Table{
			View:       revision.TableView{Type: "grid", Columns: []string{"c0"}},
			Records:    map[string]revision.TableRecord{"r0": {OrderIndex: "a0", Values: map[string]revision.CellValue{"c0": {Fragment: "r0c0"}}}},
			Definition: map[string]revision.TableDefinition{"c0": {ID: "c0", Title: "Col", Type: "text", TextAlignment: "left"}},
		}, Fragments: []*revision.Fragment{{Fragment: "r0c0", Nodes: []revision.Node{para(revision.NewText("cell"))}}}},
		revision.NewBlock(&revision.Embed{URL: "https://example.com/v"}),
		revision.NewBlock(&revision.Math{Formula: "E=mc^2"}),
		revision.NewBlock(&revision.Divider{}),
		revision.NewBlock(&revision.Drawing{}),
		&revision.Opaque{Source: "<div>\nunknown\n</div>"},
		&revision.Raw{JSON: json.RawMessage(`{"object":"block","type":"integration","isVoid":true,"data":{"integration":"x","block":"y","props":{}}}`)},
	}}
	return &revision.Revision{
		ID: "rev1", CreatedAt: "2024-01-02T03:04:05Z", AppURL: "gitsync:rev1",
		Git: &revision.GitCommit{OID: "abc", Message: "msg"},
		Pages: []*revision.Page{
			{Type: revision.PageDocument, ID: "p1", Title: "Home", Slug: "", Path: "", AppURL: "gitsync:p1",
				Description: "d", Git: &revision.GitBlob{OID: "b1", Path: "README.md"}, Document: doc},
			{Type: revision.PageGroup, ID: "g1", Title: "Group", Slug: "group", Path: "group", Pages: []*revision.Page{
				{Type: revision.PageDocument, ID: "p2", Title: "Two", Slug: "two", Path: "two", AppURL: "gitsync:p2",
					Layout: &revision.Layout{Width: "wide", CoverSize: "hero", CoverMask: "none"}, Document: &revision.Document{}},
				{Type: revision.PageLink, ID: "l1", Title: "Site", Target: revision.URLRef("https://example.com"), Href: "https://example.com"},
			}},
		},
		Files: []*revision.File{{ID: "f1", Name: "a.png", ContentType: "image/png", DownloadURL: ".gitbook/assets/a.png", Size: 10,
			Dimensions: &revision.Dimensions{Width: 2, Height: 3}, Git: &revision.GitBlob{OID: "b2", Path: ".gitbook/assets/a.png"}}},
		ReusableContents: []*revision.ReusableContent{{ID: "rc1", Title: "Inc", DocumentID: "d1", Document: &revision.Document{}}},
	}
}

func TestJSONRoundTrip(t *testing.T) {
	rev := sample()
	b1, err := revision.Marshal(rev)
	if err != nil {
		t.Fatal(err)
	}
	var back revision.Revision
	if err := json.Unmarshal(b1, &back); err != nil {
		t.Fatal(err)
	}
	b2, err := revision.Marshal(&back)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(b1, b2) {
		t.Errorf("decode+encode changed the bytes:\n%s", cmp.Diff(string(b1), string(b2)))
	}
	if diff := cmp.Diff(rev, &back, cmpopts.EquateEmpty()); diff != "" {
		t.Errorf("decoded revision differs (-want +got):\n%s", diff)
	}
}

func TestSchemaValid(t *testing.T) {
	b, err := json.Marshal(sample())
	if err != nil {
		t.Fatal(err)
	}
	schematest.Validate(t, "Revision", b)
}

func TestRawAndOpaqueSurvive(t *testing.T) {
	in := `{"object":"document","data":{},"nodes":[{"object":"block","type":"future-block","isVoid":true,"data":{"x":[1,2]},"extra":"kept"},{"object":"block","type":"paragraph","isVoid":false,"data":{},"nodes":[{"object":"text","leaves":[{"object":"leaf","text":"<x-tag/>","marks":[]}]}],"meta":{"opaque":true}}]}`
	var d revision.Document
	if err := json.Unmarshal([]byte(in), &d); err != nil {
		t.Fatal(err)
	}
	if _, ok := d.Nodes[0].(*revision.Raw); !ok {
		t.Fatalf("node 0 is %T, want *Raw", d.Nodes[0])
	}
	if o, ok := d.Nodes[1].(*revision.Opaque); !ok || o.Source != "<x-tag/>" {
		t.Fatalf("node 1 is %#v, want Opaque <x-tag/>", d.Nodes[1])
	}
	out, err := revision.Marshal(&d)
	if err != nil {
		t.Fatal(err)
	}
	var compact bytes.Buffer
	if err := json.Compact(&compact, out); err != nil {
		t.Fatal(err)
	}
	if compact.String() != in {
		t.Errorf("got\n%s\nwant\n%s", out, in)
	}
}
