package syncengine_test

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"sort"
	"strings"
	"testing"
	"unicode"

	"github.com/google/go-cmp/cmp"

	"github.com/seed1bfafebe/gitsync/internal/racetest"
	"github.com/seed1bfafebe/gitsync/revision"
)

// The property of revision.Merge on real pages: edits on both sides that
// touch disjoint blocks merge clean and the result holds both sets of
// edits (it equals the base with all of them applied); edits of the same
// words conflict, and the conflict holds both sides' words.

// mergeEdit is one edit of a page's document, replayable on any copy of
// the base page.
type mergeEdit struct {
	page int
	kind string // "text", "word", "delete", "insert", "title"
	// text and word: the text block's index in WalkNodes order, and the
	// leaf and byte offset; delete and insert: the top-level index.
	block, leaf, at int
	top             int
	old, word       string
}

// copyPage copies a page deeply enough for the edits (texts, node lists).
func copyPage(t *testing.T, p *revision.Page) *revision.Page {
	cp := *p
	cp.Pages = nil
	if p.Document != nil {
		cp.Document = &revision.Document{SchemaVersion: p.Document.SchemaVersion, Nodes: cloneNodes(p.Document.Nodes)}
	}
	return &cp
}

func cloneNodes(ns []revision.Node) []revision.Node {
	if ns == nil {
		return nil
	}
	out := make([]revision.Node, len(ns))
	for i, n := range ns {
		switch n := n.(type) {
		case *revision.Block:
			b := *n
			b.Nodes = cloneNodes(n.Nodes)
			b.Fragments = cloneFragments(n.Fragments)
			out[i] = &b
		case *revision.Inline:
			in := *n
			in.Nodes = cloneNodes(n.Nodes)
			in.Fragments = cloneFragments(n.Fragments)
			out[i] = &in
		case *revision.Text:
			tx := *n
			tx.Leaves = append([]revision.Leaf(nil), n.Leaves...)
			out[i] = &tx
		default:
			out[i] = n
		}
	}
	return out
}

func cloneFragments(fs []*revision.Fragment) []*revision.Fragment {
	if fs == nil {
		return nil
	}
	out := make([]*revision.Fragment, len(fs))
	for i, f := range fs {
		if f != nil {
			cp := *f
			cp.Nodes = cloneNodes(f.Nodes)
			out[i] = &cp
		}
	}
	return out
}

// textBlocks lists the blocks holding text directly (paragraphs, headings,
// code lines…, at any depth) with the top-level block each is under.
func textBlocks(doc *revision.Document) (blocks []*revision.Block, tops []int) {
	for i, n := range doc.Nodes {
		revision.WalkNodes([]revision.Node{n}, func(x revision.Node) {
			b, ok := x.(*revision.Block)
			if !ok {
				return
			}
			for _, c := range b.Nodes {
				if _, ok := c.(*revision.Text); ok {
					blocks, tops = append(blocks, b), append(tops, i)
					return
				}
			}
		})
	}
	return blocks, tops
}

// wordAt finds a word of the block's first text node: its leaf and offset.
func wordAt(rng *rand.Rand, b *revision.Block) (leaf, at int, word string, ok bool) {
	for _, c := range b.Nodes {
		tx, isText := c.(*revision.Text)
		if !isText {
			continue
		}
		type cand struct{ leaf, at, end int }
		var cands []cand
		for li, l := range tx.Leaves {
			start := -1
			for i, r := range l.Text + " " {
				isWord := unicode.IsLetter(r)
				switch {
				case isWord && start < 0:
					start = i
				case !isWord && start >= 0:
					cands = append(cands, cand{li, start, i})
					start = -1
				}
			}
		}
		if len(cands) == 0 {
			return 0, 0, "", false
		}
		c := cands[rng.IntN(len(cands))]
		return c.leaf, c.at, tx.Leaves[c.leaf].Text[c.at:c.end], true
	}
	return 0, 0, "", false
}

func firstText(b *revision.Block) *revision.Text {
	for _, c := range b.Nodes {
		if tx, ok := c.(*revision.Text); ok {
			return tx
		}
	}
	return nil
}

// applyEdits applies edits to copies of the base pages.
func applyEdits(t *testing.T, base []*revision.Page, edits []mergeEdit) []*revision.Page {
	t.Helper()
	// Only edited pages are copied: the others are shared, which also
	// checks that Merge leaves its inputs alone.
	out := append([]*revision.Page{}, base...)
	copied := map[int]bool{}
	for _, e := range edits {
		if !copied[e.page] {
			copied[e.page] = true
			out[e.page] = copyPage(t, base[e.page])
		}
	}
	for _, e := range edits {
		p := out[e.page]
		switch e.kind {
		case "title":
			p.Title = e.word
		case "text", "word":
			blocks, _ := textBlocks(p.Document)
			l := &firstText(blocks[e.block]).Leaves[e.leaf]
			if e.kind == "text" {
				l.Text = l.Text[:e.at] + e.word + " " + l.Text[e.at:]
			} else {
				l.Text = l.Text[:e.at] + e.word + l.Text[e.at+len(e.old):]
			}
		}
	}
	// Structure last, from the end, so that indexes hold.
	var structural []mergeEdit
	for _, e := range edits {
		if e.kind == "delete" || e.kind == "insert" {
			structural = append(structural, e)
		}
	}
	sort.SliceStable(structural, func(i, j int) bool {
		a, b := structural[i], structural[j]
		if a.page != b.page {
			return a.page < b.page
		}
		if a.top != b.top {
			return a.top > b.top
		}
		return a.kind == "delete" && b.kind == "insert"
	})
	for _, e := range structural {
		d := out[e.page].Document
		switch e.kind {
		case "delete":
			d.Nodes = append(d.Nodes[:e.top:e.top], d.Nodes[e.top+1:]...)
		case "insert":
			para := revision.NewBlock(&revision.Paragraph{}, revision.NewText("Inserted "+e.word+" here."))
			d.Nodes = append(d.Nodes[:e.top:e.top], append([]revision.Node{para}, d.Nodes[e.top:]...)...)
		}
	}
	return out
}

// sideEdits draws random edits for one side, avoiding what the other side
// touched (nil: touch anything).
type touched struct {
	text  map[[2]int]bool // page, text block
	top   map[[2]int]bool // page, top-level block (deleted, or holding an edited text block)
	del   map[[2]int]bool
	gap   map[[2]int]bool
	title map[int]bool
}

func newTouched() touched {
	return touched{map[[2]int]bool{}, map[[2]int]bool{}, map[[2]int]bool{}, map[[2]int]bool{}, map[int]bool{}}
}

func drawEdits(rng *rand.Rand, pages []*revision.Page, other touched, mine touched, tag string, n int) []mergeEdit {
	var edits []mergeEdit
	for k := 0; k < n*4 && len(edits) < n; k++ {
		pi := rng.IntN(len(pages))
		doc := pages[pi].Document
		blocks, tops := textBlocks(doc)
		word := fmt.Sprintf("%sedit%c%c", tag, 'a'+rune(len(edits)), 'a'+rune(k%26))
		switch rng.IntN(4) {
		case 0, 1: // a word into a text block
			if len(blocks) == 0 {
				continue
			}
			bi := rng.IntN(len(blocks))
			key, top := [2]int{pi, bi}, [2]int{pi, tops[bi]}
			if other.text[key] || other.del[top] || mine.text[key] || mine.del[top] {
				continue
			}
			leaf, at, _, ok := wordAt(rng, blocks[bi])
			if !ok {
				continue
			}
			mine.text[key], mine.top[top] = true, true
			edits = append(edits, mergeEdit{page: pi, kind: "text", block: bi, leaf: leaf, at: at, word: word})
		case 2: // delete a top-level block with no twin
			if len(doc.Nodes) < 3 {
				continue
			}
			ti := rng.IntN(len(doc.Nodes))
			top := [2]int{pi, ti}
			if other.top[top] || other.del[top] || mine.top[top] || mine.del[top] || other.gap[top] || other.gap[[2]int{pi, ti + 1}] || hasTwin(doc.Nodes, ti) {
				continue
			}
			mine.del[top], mine.top[top] = true, true
			edits = append(edits, mergeEdit{page: pi, kind: "delete", top: ti})
		case 3: // insert a paragraph before a top-level block (or at the end)
			gi := rng.IntN(len(doc.Nodes) + 1)
			g := [2]int{pi, gi}
			if other.gap[g] || mine.gap[g] || other.del[g] || other.del[[2]int{pi, gi - 1}] {
				continue
			}
			mine.gap[g] = true
			edits = append(edits, mergeEdit{page: pi, kind: "insert", top: gi, word: word})
		}
	}
	if pi := rng.IntN(len(pages)); !other.title[pi] && rng.IntN(3) == 0 {
		mine.title[pi] = true
		edits = append(edits, mergeEdit{page: pi, kind: "title", word: "Title by " + tag})
	}
	return edits
}

func hasTwin(ns []revision.Node, i int) bool {
	a, _ := json.Marshal(ns[i])
	for j, n := range ns {
		if j != i {
			if b, _ := json.Marshal(n); string(a) == string(b) {
				return true
			}
		}
	}
	return false
}

func pagesJSON(t *testing.T, pages []*revision.Page) []string {
	t.Helper()
	var out []string
	for _, p := range pages {
		cp := *p
		cp.Git = nil
		cp.Pages = nil
		b, err := revision.Marshal(&cp)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, string(b))
	}
	return out
}

func TestMergeCorpusProperty(t *testing.T) {
	racetest.SkipSweep(t)
	if testing.Short() {
		t.Skip("corpus sweep")
	}
	projects := corpusProjects(t)
	rounds, clean, conflicted := 0, 0, 0
	for pi, proj := range projects {
		if pi%3 != 0 { // a third of the projects keeps the test short
			continue
		}
		_, res := importCorpusProject(t, proj)
		var all []*revision.Page
		revision.Walk(res.Revision.Pages, func(p, _ *revision.Page) bool {
			if p.Type == revision.PageDocument && p.Document != nil && len(p.Document.Nodes) >= 3 && len(p.Document.Nodes) <= 300 {
				all = append(all, p)
			}
			return true
		})
		if len(all) == 0 {
			continue
		}
		for seed := uint64(1); seed <= 40; seed++ {
			rng := rand.New(rand.NewPCG(seed, uint64(pi)))
			var base []*revision.Page
			for range 4 {
				cp := *all[rng.IntN(len(all))] // shallow: Merge must not change it
				cp.Pages = nil
				base = append(base, &cp)
			}
			seen := map[string]bool{}
			uniq := base[:0]
			for _, p := range base {
				if !seen[p.ID] {
					seen[p.ID] = true
					uniq = append(uniq, p)
				}
			}
			base = uniq
			name := fmt.Sprintf("%s/%d", proj, seed)
			to, tt := newTouched(), newTouched()
			ours := drawEdits(rng, base, tt, to, "ours", 1+rng.IntN(4))
			theirs := drawEdits(rng, base, to, tt, "theirs", 1+rng.IntN(4))
			rev := func(id string, ps []*revision.Page) *revision.Revision {
				return &revision.Revision{ID: id, Pages: ps}
			}
			m := revision.Merge(rev("base", base), rev("ours", applyEdits(t, base, ours)), rev("theirs", applyEdits(t, base, theirs)))
			rounds++
			if !m.Clean() {
				b, _ := json.MarshalIndent(m.Conflicts, "", " ")
				t.Fatalf("%s: disjoint edits conflict (ours %+v, theirs %+v):\n%.3000s", name, ours, theirs, b)
			}
			got, err := m.Revision()
			if err != nil {
				t.Fatal(err)
			}
			want := applyEdits(t, base, append(append([]mergeEdit{}, ours...), theirs...))
			if d := cmp.Diff(pagesJSON(t, want), pagesJSON(t, got.Pages)); d != "" {
				t.Fatalf("%s: merged pages are not base + both edits (ours %+v, theirs %+v) (-want +got):\n%.4000s", name, ours, theirs, d)
			}
			clean++

			// The same words: a conflict that keeps both.
			blocks, _ := textBlocks(base[0].Document)
			if len(blocks) == 0 {
				continue
			}
			bi := rng.IntN(len(blocks))
			leaf, at, w, ok := wordAt(rng, blocks[bi])
			if !ok {
				continue
			}
			same := func(word string) mergeEdit {
				return mergeEdit{page: 0, kind: "word", block: bi, leaf: leaf, at: at, old: w, word: word}
			}
			m = revision.Merge(rev("base", base), rev("ours", applyEdits(t, base, []mergeEdit{same("OursWord")})),
				rev("theirs", applyEdits(t, base, []mergeEdit{same("TheirsWord")})))
			if m.Clean() {
				t.Fatalf("%s: both sides replaced %q in text block %d: no conflict", name, w, bi)
			}
			js, err := json.Marshal(m.Conflicts)
			if err != nil {
				t.Fatal(err)
			}
			for _, word := range []string{"OursWord", "TheirsWord"} {
				if !strings.Contains(string(js), word) {
					t.Fatalf("%s: the conflict lost %s", name, word)
				}
			}
			for _, c := range m.Conflicts {
				c.TakeTheirs()
			}
			got, err = m.Revision()
			if err != nil {
				t.Fatal(err)
			}
			if d := cmp.Diff(pagesJSON(t, applyEdits(t, base, []mergeEdit{same("TheirsWord")})), pagesJSON(t, got.Pages)); d != "" {
				t.Fatalf("%s: resolved with theirs (-want +got):\n%.3000s", name, d)
			}
			conflicted++
		}
	}
	if rounds == 0 {
		t.Skip("no corpus pages")
	}
	t.Logf("%d rounds: %d clean merges of disjoint edits, %d same-word conflicts kept both sides", rounds, clean, conflicted)
}
