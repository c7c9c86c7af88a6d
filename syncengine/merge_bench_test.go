package syncengine_test

import (
	"fmt"
	"testing"

	"github.com/seed1bfafebe/gitsync/revision"
	"github.com/seed1bfafebe/gitsync/syncengine"
)

// BenchmarkMerge merges two edits of a synthetic project over its import:
// ours edits a text leaf on every 10th page, theirs on every 10th page
// from the 5th (disjoint). Compare with BenchmarkImport of the same size.
func BenchmarkMerge(b *testing.B) {
	for _, n := range benchSizes {
		b.Run(fmt.Sprintf("pages-%d", n), func(b *testing.B) {
			r := synthRepo(b, n)
			base := benchImport(b, r, syncengine.ImportOptions{}).Revision
			edit := func(from int, word string) *revision.Revision {
				out := *base
				i := 0
				var pages func([]*revision.Page) []*revision.Page
				pages = func(ps []*revision.Page) []*revision.Page {
					cp := make([]*revision.Page, len(ps))
					for k, p := range ps {
						c := *p
						if i%10 == from && c.Document != nil {
							c.Document = &revision.Document{Nodes: cloneNodes(c.Document.Nodes)}
							revision.WalkNodes(c.Document.Nodes, func(x revision.Node) {
								if tx, ok := x.(*revision.Text); ok && len(tx.Leaves) > 0 {
									tx.Leaves[0].Text += " " + word // every text of the page
								}
							})
						}
						i++
						c.Pages = pages(p.Pages)
						cp[k] = &c
					}
					return cp
				}
				out.Pages = pages(base.Pages)
				return &out
			}
			ours, theirs := edit(0, "ours"), edit(5, "theirs")
			b.ReportAllocs()
			for b.Loop() {
				m := revision.Merge(base, ours, theirs)
				if !m.Clean() {
					b.Fatalf("%d conflicts", len(m.Conflicts))
				}
				if _, err := m.Revision(); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
