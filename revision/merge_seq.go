package revision

import "sort"

// The three-way merge of sequences that every level of Merge uses: the
// blocks of a document, the words of a paragraph, the children of a page.
// Items are known by their index; the caller says which items match.
//
// Each side is aligned with the base (a monotonic matching). A matched pair
// is stable when the item did not change, an edit when it did; what lies
// between matched pairs is a region the side replaced (inserted, deleted or
// rewritten). Regions of the two sides that overlap in the base form a
// cluster: a cluster touched by one side takes that side; one where both
// edited the same item is merged one level down; one where both made the
// same change takes it once; any other is a conflict. Changes that only
// touch (an edit of item 3 on one side, of item 4 on the other, or an
// insertion just before an item the other side edited) do not overlap: this
// is finer than diff3 on lines, which conflicts on adjacent changes.

// seqPair is a matched pair: base item b is side item s.
type seqPair struct {
	b, s   int
	stable bool
}

// seqRegion is a change of one side: base items [s, e) became side items
// [lo, hi). An edit is one matched pair whose item changed.
type seqRegion struct {
	side   int // 0 ours, 1 theirs
	s, e   int
	lo, hi int
	edit   bool
	id     int
}

// seqOp is one step of a side in base order: a stable item or a region.
type seqOp struct {
	stable bool
	b, s   int // stable: base and side index
	reg    int // region id
}

// chunkKind says what a chunk of the merged sequence is.
type chunkKind int

const (
	chunkStable   chunkKind = iota // base item b, unchanged on both sides (Ours holds ours' index)
	chunkTake                      // one side's items (Ours or Theirs), or both's identical ones
	chunkBothEdit                  // base item b edited on both sides: Ours[0], Theirs[0]
	chunkConflict                  // base [B, E) became Ours on one side and Theirs on the other
)

// seqChunk is a piece of the merged sequence. Take chunks list the indexes
// of Ours when Side is 0, of Theirs when Side is 1.
type seqChunk struct {
	kind         chunkKind
	b, e         int
	side         int
	ours, theirs []int
}

// seqSide is one side's alignment with the base.
type seqSide struct {
	ops     []seqOp
	regions []seqRegion
}

func alignSide(side int, pairs []seqPair, n, m int, firstID int) seqSide {
	var out seqSide
	prevB, prevS := -1, -1
	addRegion := func(r seqRegion) {
		r.side, r.id = side, firstID+len(out.regions)
		out.regions = append(out.regions, r)
		out.ops = append(out.ops, seqOp{reg: r.id})
	}
	for _, p := range append(pairs, seqPair{b: n, s: m, stable: true}) {
		if p.b-prevB > 1 || p.s-prevS > 1 {
			addRegion(seqRegion{s: prevB + 1, e: p.b, lo: prevS + 1, hi: p.s})
		}
		if p.b < n {
			if p.stable {
				out.ops = append(out.ops, seqOp{stable: true, b: p.b, s: p.s})
			} else {
				addRegion(seqRegion{s: p.b, e: p.b + 1, lo: p.s, hi: p.s + 1, edit: true})
			}
		}
		prevB, prevS = p.b, p.s
	}
	return out
}

// mergeSeq merges two alignments of sides over a base of n items. eqOT
// reports whether ours item o and theirs item t are the same.
func mergeSeq(n int, ours, theirs []seqPair, m1, m2 int, eqOT func(o, t int) bool) []seqChunk {
	so := alignSide(0, ours, n, m1, 0)
	st := alignSide(1, theirs, n, m2, len(so.regions)+1)
	all := append(append([]seqRegion{}, so.regions...), st.regions...)
	sort.SliceStable(all, func(i, j int) bool {
		if all[i].s != all[j].s {
			return all[i].s < all[j].s
		}
		return all[i].e-all[i].s < all[j].e-all[j].s // an insertion before the item it precedes
	})
	type cluster struct {
		s, e int
		regs []seqRegion
	}
	var clusters []cluster
	for _, r := range all {
		if k := len(clusters) - 1; k >= 0 {
			c := &clusters[k]
			var joins bool
			switch {
			case c.s == c.e: // insertions at one gap
				joins = r.s == r.e && r.s == c.s
			case r.s == r.e:
				joins = r.s > c.s && r.s < c.e
			default:
				joins = r.s < c.e
			}
			if joins {
				c.regs = append(c.regs, r)
				c.e = max(c.e, r.e)
				continue
			}
		}
		clusters = append(clusters, cluster{s: r.s, e: r.e, regs: []seqRegion{r}})
	}

	stableOurs := make([]int, n)
	for i := range stableOurs {
		stableOurs[i] = -1
	}
	for _, op := range so.ops {
		if op.stable {
			stableOurs[op.b] = op.s
		}
	}
	image := func(sd seqSide, in map[int]bool, s, e int) []int {
		var idx []int
		for _, op := range sd.ops {
			if op.stable {
				if op.b >= s && op.b < e {
					idx = append(idx, op.s)
				}
				continue
			}
			if in[op.reg] {
				r := sd.regions[op.reg-sd.regions[0].id]
				for i := r.lo; i < r.hi; i++ {
					idx = append(idx, i)
				}
			}
		}
		return idx
	}

	var out []seqChunk
	pos := 0
	emitStable := func(to int) {
		for ; pos < to; pos++ {
			out = append(out, seqChunk{kind: chunkStable, b: pos, e: pos + 1, ours: []int{stableOurs[pos]}})
		}
	}
	for _, c := range clusters {
		emitStable(c.s)
		in := map[int]bool{}
		sides := 0
		for _, r := range c.regs {
			in[r.id] = true
			sides |= 1 << r.side
		}
		switch {
		case sides == 1:
			out = append(out, seqChunk{kind: chunkTake, b: c.s, e: c.e, side: 0, ours: image(so, in, c.s, c.e)})
		case sides == 2:
			out = append(out, seqChunk{kind: chunkTake, b: c.s, e: c.e, side: 1, theirs: image(st, in, c.s, c.e)})
		case len(c.regs) == 2 && c.regs[0].edit && c.regs[1].edit:
			o, t := c.regs[0], c.regs[1]
			if o.side == 1 {
				o, t = t, o
			}
			out = append(out, seqChunk{kind: chunkBothEdit, b: c.s, e: c.e, ours: []int{o.lo}, theirs: []int{t.lo}})
		default:
			io, it := image(so, in, c.s, c.e), image(st, in, c.s, c.e)
			kind := chunkConflict
			if len(io) == len(it) {
				kind = chunkTake
				for i := range io {
					if !eqOT(io[i], it[i]) {
						kind = chunkConflict
						break
					}
				}
			}
			out = append(out, seqChunk{kind: kind, b: c.s, e: c.e, ours: io, theirs: it})
		}
		pos = max(pos, c.e)
	}
	emitStable(n)
	return out
}

// lcsLimit bounds the work of one alignment (cells of the table); past it
// only the common prefix and suffix are matched, and the middle is one
// region (a conflict if the other side changed it too, never a loss).
const lcsLimit = 16 << 20

// lcs returns a longest common subsequence of two sequences of lengths n
// and m under eq, as monotonic pairs (i, j).
func lcs(n, m int, eq func(i, j int) bool) [][2]int {
	var pre, suf int
	for pre < n && pre < m && eq(pre, pre) {
		pre++
	}
	for suf < n-pre && suf < m-pre && eq(n-1-suf, m-1-suf) {
		suf++
	}
	var out [][2]int
	for i := 0; i < pre; i++ {
		out = append(out, [2]int{i, i})
	}
	a, b := n-pre-suf, m-pre-suf
	if a > 0 && b > 0 && a*b <= lcsLimit {
		// table[i][j]: LCS length of a[i:], b[j:].
		w := b + 1
		table := make([]int32, (a+1)*w)
		for i := a - 1; i >= 0; i-- {
			for j := b - 1; j >= 0; j-- {
				switch {
				case eq(pre+i, pre+j):
					table[i*w+j] = table[(i+1)*w+j+1] + 1
				case table[(i+1)*w+j] >= table[i*w+j+1]:
					table[i*w+j] = table[(i+1)*w+j]
				default:
					table[i*w+j] = table[i*w+j+1]
				}
			}
		}
		for i, j := 0, 0; i < a && j < b; {
			switch {
			case eq(pre+i, pre+j) && table[i*w+j] == table[(i+1)*w+j+1]+1:
				out = append(out, [2]int{pre + i, pre + j})
				i++
				j++
			case table[(i+1)*w+j] >= table[i*w+j+1]:
				i++
			default:
				j++
			}
		}
	}
	for k := suf; k > 0; k-- {
		out = append(out, [2]int{n - k, m - k})
	}
	return out
}
