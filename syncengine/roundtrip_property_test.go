package syncengine_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/seed1bfafebe/gitsync/revision"
	"github.com/seed1bfafebe/gitsync/syncengine"
)

// TestExportImportRoundTripProperty applies random edits to a revision (edit
// a paragraph; add an image or a link; add, delete, move or retitle a page;
// move one into a group: several per round, rounds chained on one branch),
// exports it (minimal diffs, or whole pages for even seeds), and imports the
// commit with ExportResult.Revision as Previous.
// The page tree (ids, titles, nesting, order) and every document must come
// back as exported.
func TestExportImportRoundTripProperty(t *testing.T) {
	files := docsWith(map[string]string{
		"guide/install.md":         "# Install\n\nFirst paragraph.\n\nThen [configure](configure.md) it, see [the API](../reference/api.md).\n\n<figure><img src=\"../.gitbook/assets/shot.png\" alt=\"\"><figcaption></figcaption></figure>\n",
		".gitbook/assets/shot.png": "png bytes",
	})
	for seed := uint64(1); seed <= 150; seed++ {
		whole := seed%2 == 0 // every other seed prints changed pages whole
		t.Run(fmt.Sprint(seed), func(t *testing.T) {
			rng := rand.New(rand.NewPCG(seed, 7))
			f := newFixture(t, files)
			rev := f.importRev()
			for round := 0; round < 3; round++ {
				var did []string
				for range 1 + rng.IntN(3) {
					did = append(did, randomEdit(rng, rev, fmt.Sprintf("s%dr%d", seed, round)))
				}
				res, err := syncengine.Export(context.Background(), f.src, rev, syncengine.ExportOptions{Message: "round", Force: true, WholePages: whole})
				if err != nil {
					t.Fatalf("export after %v: %v", did, err)
				}
				if res.Revision == nil {
					t.Fatalf("no committed revision after %v", did)
				}
				back, err := syncengine.Import(context.Background(), f.src, syncengine.ImportOptions{Previous: res.Revision})
				if err != nil {
					t.Fatalf("import after %v: %v", did, err)
				}
				if diff := cmp.Diff(outline(rev), outline(back.Revision)); diff != "" {
					t.Fatalf("page tree after %v (-exported +imported):\n%s", did, diff)
				}
				want, got := documents(rev), documents(back.Revision)
				for id, doc := range want {
					if diff := cmp.Diff(doc, got[id], docOpts); diff != "" {
						t.Fatalf("page %s after %v (-exported +imported):\n%s", id, did, diff)
					}
				}
				rev = back.Revision
			}
		})
	}
}

// outline lists the pages as "depth id title" in order.
func outline(rev *revision.Revision) []string {
	var out []string
	var walk func([]*revision.Page, int)
	walk = func(ps []*revision.Page, depth int) {
		for _, p := range ps {
			out = append(out, fmt.Sprintf("%s%s %s %s", strings.Repeat("  ", depth), p.Type, p.ID, p.Title))
			walk(p.Pages, depth+1)
		}
	}
	walk(rev.Pages, 0)
	return out
}

func documents(rev *revision.Revision) map[string]*revision.Document {
	out := map[string]*revision.Document{}
	revision.Walk(rev.Pages, func(p, _ *revision.Page) bool {
		if p.Type == revision.PageDocument {
			out[p.ID] = p.Document
		}
		return true
	})
	return out
}

// randomEdit changes rev in one random way and says how.
func randomEdit(rng *rand.Rand, rev *revision.Revision, tag string) string {
	type slot struct {
		page   *revision.Page
		parent *revision.Page
	}
	var docs []slot
	revision.Walk(rev.Pages, func(p, parent *revision.Page) bool {
		if p.Type == revision.PageDocument {
			docs = append(docs, slot{p, parent})
		}
		return true
	})
	children := func(parent *revision.Page) *[]*revision.Page {
		if parent == nil {
			return &rev.Pages
		}
		return &parent.Pages
	}
	remove := func(s slot) {
		list := children(s.parent)
		for i, p := range *list {
			if p == s.page {
				*list = append((*list)[:i:i], (*list)[i+1:]...)
				return
			}
		}
	}
	pick := docs[rng.IntN(len(docs))]
	switch op := rng.IntN(7); {
	case op == 5 && len(rev.Files) > 0 && rng.IntN(2) == 0:
		// Show an image of the revision's files.
		img := revision.NewBlock(&revision.Image{Ref: revision.FileRef(rev.Files[0].ID)})
		img.Fragments = []*revision.Fragment{}
		pick.page.Document.Nodes = append(pick.page.Document.Nodes, revision.NewBlock(&revision.Images{}, img))
		return "image in " + pick.page.Title
	case op == 5:
		// Link to another page.
		to := docs[rng.IntN(len(docs))].page
		link := revision.NewInline(&revision.Link{Ref: revision.PageRef(to.ID)}, revision.NewText("see "+to.Title))
		pick.page.Document.Nodes = append(pick.page.Document.Nodes, revision.NewBlock(&revision.Paragraph{}, revision.NewText("Also "), link, revision.NewText(".")))
		return "link " + pick.page.Title + " to " + to.Title
	case op == 6:
		// Move into a group.
		var groups []*revision.Page
		revision.Walk(rev.Pages, func(q, _ *revision.Page) bool {
			if q.Type == revision.PageGroup {
				groups = append(groups, q)
			}
			return true
		})
		if len(groups) == 0 || len(docs) < 3 {
			return "keep"
		}
		g := groups[rng.IntN(len(groups))]
		remove(pick)
		g.Pages = append(g.Pages, pick.page)
		return "move " + pick.page.Title + " into group " + g.Title
	case op == 0 || len(docs) < 3:
		// Edit a paragraph (or add one).
		text := "Edited " + tag + "."
		nodes := pick.page.Document.Nodes
		for i, n := range nodes {
			if b, ok := n.(*revision.Block); ok {
				if _, ok := b.Data.(*revision.Paragraph); ok && rng.IntN(2) == 0 {
					nodes[i] = paragraph(text)
					return "edit " + pick.page.Title
				}
			}
		}
		pick.page.Document.Nodes = append(nodes, paragraph(text))
		return "append to " + pick.page.Title
	case op == 1:
		title := "New " + tag
		p := &revision.Page{Type: revision.PageDocument, ID: "id-" + tag + fmt.Sprint(rng.IntN(1000)), Title: title,
			Document: &revision.Document{Nodes: []revision.Node{paragraph("Fresh content.")}}}
		list := children(pick.parent)
		at := len(*list)
		if pick.parent == nil {
			// SUMMARY.md cannot hold a top-level page after a group: the
			// group's section would take it.
			for i, q := range *list {
				if q.Type == revision.PageGroup {
					at = i
					break
				}
			}
		}
		*list = append((*list)[:at:at], append([]*revision.Page{p}, (*list)[at:]...)...)
		return "add " + title
	case op == 2:
		// A link to a deleted page cannot come back as a page link: it is
		// written as it was read, and read back as that text.
		if pick.parent == nil && len(rev.Pages) == 1 || linkedTo(rev, pick.page) {
			return "keep"
		}
		remove(pick)
		return "delete " + pick.page.Title
	case op == 3:
		target := docs[rng.IntN(len(docs))].page
		for p := target; ; {
			if p == pick.page {
				return "keep" // not into itself
			}
			var up *revision.Page
			revision.Walk(rev.Pages, func(q, parent *revision.Page) bool {
				if q == p {
					up = parent
					return false
				}
				return true
			})
			if up == nil {
				break
			}
			p = up
		}
		remove(pick)
		target.Pages = append(target.Pages, pick.page)
		return "move " + pick.page.Title + " under " + target.Title
	default:
		old := pick.page.Title
		pick.page.Title = old + " " + tag
		return "retitle " + old
	}
}

// linkedTo reports whether any document of rev references page p or a page
// under it.
func linkedTo(rev *revision.Revision, p *revision.Page) bool {
	ids := map[string]bool{}
	revision.Walk([]*revision.Page{p}, func(q, _ *revision.Page) bool {
		ids[q.ID] = true
		return true
	})
	found := false
	refs := func(r *revision.ContentRef) { found = found || r != nil && ids[r.Page] }
	walk := func(ns []revision.Node) {
		revision.WalkNodes(ns, func(n revision.Node) {
			switch n := n.(type) {
			case *revision.Block:
				switch d := n.Data.(type) {
				case *revision.ContentRefBlock:
					refs(d.Ref)
				case *revision.Table:
					for _, r := range d.Records {
						for _, v := range r.Values {
							refs(v.Ref)
						}
					}
				}
			case *revision.Inline:
				switch d := n.Data.(type) {
				case *revision.Link:
					refs(d.Ref)
				case *revision.Mention:
					refs(d.Ref)
				}
			}
		})
	}
	revision.Walk(rev.Pages, func(q, _ *revision.Page) bool {
		if q.Document != nil {
			walk(q.Document.Nodes)
		}
		return !found
	})
	return found
}
