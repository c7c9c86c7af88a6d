package revision

import (
	"encoding/json"
	"math/rand/v2"
	"testing"
)

// FuzzMerge: Merge never panics, and once every conflict is resolved the
// merged revision is built, on any three decodable revisions.
func FuzzMerge(f *testing.F) {
	seed := func(r *Revision) string {
		b, err := json.Marshal(r)
		if err != nil {
			f.Fatal(err)
		}
		return string(b)
	}
	base := seed(mkRev("b", mkPage("a", "A", "# Title", "One two three.", "- x|y"), mkPage("b", "B", "@k:keyed")))
	ours := seed(mkRev("o", mkPage("a", "A2", "# Title", "One two four.", "- x|y|z")))
	theirs := seed(mkRev("t", mkPage("b", "B", "@k:keyed too"), mkPage("a", "A", "# Title", "Zero one two three.", "- x")))
	f.Add(base, ours, theirs)
	f.Add(base, theirs, ours)
	f.Add(`{"pages":[null,{"id":"a","type":"document","document":{"nodes":[null,{"object":"block","type":"paragraph","nodes":[null]}]}}]}`, base, `{}`)
	f.Fuzz(func(t *testing.T, b, o, th string) {
		var revs [3]*Revision
		for i, s := range []string{b, o, th} {
			revs[i] = new(Revision)
			if json.Unmarshal([]byte(s), revs[i]) != nil {
				return
			}
		}
		res := Merge(revs[0], revs[1], revs[2])
		for _, c := range res.Conflicts {
			c.TakeOurs()
		}
		if _, err := res.Revision(); err != nil && len(res.Conflicts) == 0 {
			t.Fatalf("clean merge, no revision: %v", err)
		}
	})
}

// TestMergeRandomTrees merges random revisions built from a few pages and
// blocks (duplicate ids and keys, nil entries, nesting in any order, pages
// moved into cycles): no panic, and resolving every conflict one way
// builds a revision that encodes and holds each page once.
func TestMergeRandomTrees(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	texts := []string{"# Heading", "Alpha beta gamma.", "Alpha beta delta.", "- a|b|c", "- a|c", "@k1:keyed one", "@k1:keyed two", "@k2:other", "Short."}
	randDoc := func() *Document {
		d := &Document{}
		for range rng.IntN(6) {
			if rng.IntN(12) == 0 {
				d.Nodes = append(d.Nodes, nil)
				continue
			}
			d.Nodes = append(d.Nodes, mkBlock(texts[rng.IntN(len(texts))]))
		}
		return d
	}
	randRev := func(id string) *Revision {
		ids := []string{"a", "b", "c", "d", "e"}
		var all []*Page
		r := &Revision{ID: id}
		for _, pid := range ids {
			if rng.IntN(4) == 0 {
				continue
			}
			p := mkPage(pid, "T"+pid+string(rune('0'+rng.IntN(2))))
			p.Document = randDoc()
			if len(all) > 0 && rng.IntN(2) == 0 {
				parent := all[rng.IntN(len(all))]
				parent.Pages = append(parent.Pages, p)
			} else {
				r.Pages = append(r.Pages, p)
			}
			all = append(all, p)
		}
		if rng.IntN(10) == 0 {
			r.Pages = append(r.Pages, nil)
		}
		return r
	}
	for i := range 2000 {
		base, ours, theirs := randRev("b"), randRev("o"), randRev("t")
		for _, take := range []func(*Conflict){(*Conflict).TakeOurs, (*Conflict).TakeTheirs} {
			res := Merge(base, ours, theirs)
			for _, c := range res.Conflicts {
				take(c)
			}
			rev, err := res.Revision()
			if err != nil {
				t.Fatalf("round %d: %v", i, err)
			}
			if _, err := Marshal(rev); err != nil {
				t.Fatalf("round %d: merged revision does not encode: %v", i, err)
			}
			seen := map[string]int{}
			walkPages(rev.Pages, func(p, _ *Page) { seen[p.ID]++ })
			for id, n := range seen {
				if n > 1 {
					t.Fatalf("round %d: page %s %d times", i, id, n)
				}
			}
		}
	}
}
