package revision

import (
	"bytes"
	"crypto/sha256"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"unicode"
)

// The document level of Merge: sequences of blocks matched by key or by
// content, and blocks merged attribute by attribute, child by child.

// keyField matches the "key" member of a node's compact JSON. A key inside
// a string value would have its quotes escaped, so this only ever matches
// a member.
var keyField = regexp.MustCompile(`,"key":"(?:[^"\\]|\\.)*"`)

// sig returns a digest of n's content, keys left out: Git imports give
// blocks no keys (or new ones each time), so content is what identifies an
// unchanged block.
func (m *merger) sig(n Node) (s string) {
	if s, ok := m.sigs[n]; ok {
		return s
	}
	var buf bytes.Buffer
	defer func() {
		// A node the encoder cannot write (a block without data, built by
		// hand) is only ever equal to itself.
		if recover() != nil {
			s = fmt.Sprintf("unencodable:%p", n)
			m.sigs[n] = s
		}
	}()
	if err := appendNode(&buf, n); err != nil {
		s = "error:" + err.Error()
	} else {
		h := sha256.Sum256(keyField.ReplaceAll(buf.Bytes(), nil))
		s = string(h[:16])
	}
	if n != nil {
		m.sigs[n] = s
	}
	return s
}

func (m *merger) sameNodes(a, b []Node) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] == b[i] { // one node shared by both: no need to hash it
			continue
		}
		if m.sig(a[i]) != m.sig(b[i]) {
			return false
		}
	}
	return true
}

func nodeKey(n Node) string {
	switch n := n.(type) {
	case *Block:
		return n.Key
	case *Inline:
		return n.Key
	case *Text:
		return n.Key
	}
	return ""
}

// kindOf is what must agree for two blocks to be versions of one another.
func kindOf(n Node) string {
	switch n := n.(type) {
	case *Block:
		if n.Data == nil {
			return "block:"
		}
		return "block:" + n.Type()
	case *Opaque:
		return "opaque:" + strconv.FormatBool(n.Inline)
	case *Raw:
		return "raw"
	case *Text:
		return "text"
	case *Inline:
		if n.Data == nil {
			return "inline:"
		}
		return "inline:" + n.Type()
	}
	return "nil"
}

// align matches base items to side items: by key where both have one, else
// by identical content; then, between those anchors, a block of the same
// kind whose text is similar is the same block, edited.
func (m *merger) align(base, side []Node) []seqPair {
	eq := func(i, j int) bool {
		kb, ks := nodeKey(base[i]), nodeKey(side[j])
		if kb != "" && ks != "" {
			return kb == ks
		}
		return m.sig(base[i]) == m.sig(side[j])
	}
	anchors := lcs(len(base), len(side), eq)
	var pairs []seqPair
	add := func(i, j int) {
		pairs = append(pairs, seqPair{b: i, s: j, stable: m.sig(base[i]) == m.sig(side[j])})
	}
	pb, ps := 0, 0
	for _, a := range append(anchors, [2]int{len(base), len(side)}) {
		if a[0] > pb && a[1] > ps {
			gb, gs := base[pb:a[0]], side[ps:a[1]]
			for _, p := range lcs(len(gb), len(gs), func(i, j int) bool { return similar(gb[i], gs[j]) }) {
				add(pb+p[0], ps+p[1])
			}
		}
		if a[0] < len(base) {
			add(a[0], a[1])
		}
		pb, ps = a[0]+1, a[1]+1
	}
	return pairs
}

// similar reports whether b and s look like one block before and after an
// edit: the same kind, and half their words in common (void blocks of one
// kind, such as two images, count as similar).
func similar(b, s Node) bool {
	if kindOf(b) != kindOf(s) {
		return false
	}
	wb, ws := nodeWords(b), nodeWords(s)
	if len(wb) == 0 && len(ws) == 0 {
		return true
	}
	count := map[string]int{}
	for _, w := range wb {
		count[w]++
	}
	common := 0
	for _, w := range ws {
		if count[w] > 0 {
			count[w]--
			common++
		}
	}
	return 2*common*2 >= len(wb)+len(ws)
}

// nodeWords returns the words of n's text, text nodes apart (PlainText
// runs the words of consecutive blocks together).
func nodeWords(n Node) []string {
	var out []string
	WalkNodes([]Node{n}, func(x Node) {
		switch x := x.(type) {
		case *Text:
			for _, l := range x.Leaves {
				out = append(out, words(l.Text)...)
			}
		case *Opaque:
			out = append(out, words(x.Source)...)
		}
	})
	return out
}

func words(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
}

// mergeNodes merges sequences of blocks (or of any nodes that are not text
// runs). loc is the base path of the sequence's parent, for conflicts.
func (m *merger) mergeNodes(loc string, base, ours, theirs []Node) []Node {
	switch {
	case m.sameNodes(ours, base):
		return theirs
	case m.sameNodes(theirs, base), m.sameNodes(ours, theirs):
		return ours
	}
	po, pt := m.align(base, ours), m.align(base, theirs)
	chunks := mergeSeq(len(base), po, pt, len(ours), len(theirs), func(o, t int) bool {
		return m.sig(ours[o]) == m.sig(theirs[t])
	})
	out := []Node{}
	pick := func(ns []Node, idx []int) []Node {
		sel := make([]Node, len(idx))
		for i, k := range idx {
			sel[i] = ns[k]
		}
		return sel
	}
	for _, c := range chunks {
		switch c.kind {
		case chunkStable:
			out = append(out, ours[c.ours[0]])
		case chunkTake:
			if c.side == 0 {
				out = append(out, pick(ours, c.ours)...)
			} else {
				out = append(out, pick(theirs, c.theirs)...)
			}
		case chunkBothEdit:
			here := loc + "/" + strconv.Itoa(c.b)
			b, o, t := base[c.b], ours[c.ours[0]], theirs[c.theirs[0]]
			if n, ok := m.mergeNode(here, b, o, t); ok {
				out = append(out, n)
				continue
			}
			out = append(out, m.blockConflict(here, base[c.b:c.e], []Node{o}, []Node{t}))
		case chunkConflict:
			here := loc + "/" + strconv.Itoa(c.b)
			if c.b == c.e {
				here = loc + "/" + strconv.Itoa(c.b-1) + "+"
			}
			out = append(out, m.blockConflict(here, base[c.b:c.e], pick(ours, c.ours), pick(theirs, c.theirs)))
		}
	}
	return out
}

func (m *merger) blockConflict(loc string, base, ours, theirs []Node) Node {
	key := ""
	for _, ns := range [][]Node{base, ours, theirs} {
		if len(ns) > 0 && key == "" {
			key = nodeKey(ns[0])
		}
	}
	msg := "both sides changed these blocks"
	switch {
	case len(base) == 0:
		msg = "both sides inserted blocks here"
	case len(ours) == 0 || len(theirs) == 0:
		msg = "one side deleted blocks the other changed"
	case len(base) == 1 && len(ours) == 1 && len(theirs) == 1 && kindOf(ours[0]) == kindOf(theirs[0]):
		msg = "both sides edited this " + strings.TrimPrefix(kindOf(ours[0]), "block:") + " in the same place"
	}
	c := m.addConflict(&Conflict{Kind: ConflictBlocks, Block: loc, BlockKey: key, Message: msg,
		Base: Version{Nodes: nonNil(base)}, Ours: Version{Nodes: nonNil(ours)}, Theirs: Version{Nodes: nonNil(theirs)}})
	return &conflictNode{c}
}

// mergeNode merges one node both sides edited. It reports false when the
// edits do not combine at this level (the caller makes the node a
// conflict); conflicts deeper down are placed inside the merged node.
func (m *merger) mergeNode(loc string, base, ours, theirs Node) (Node, bool) {
	b, ok1 := base.(*Block)
	o, ok2 := ours.(*Block)
	t, ok3 := theirs.(*Block)
	if !ok1 || !ok2 || !ok3 {
		return nil, false // opaque Markdown and unknown JSON merge whole
	}
	data, ok := pick3(m.dataSig(b), m.dataSig(o), m.dataSig(t), b.Data, o.Data, t.Data)
	if !ok {
		return nil, false
	}
	var nodes []Node
	if isRun(b.Nodes) || isRun(o.Nodes) || isRun(t.Nodes) {
		if nodes, ok = m.mergeText(b.Nodes, o.Nodes, t.Nodes); !ok {
			return nil, false
		}
	} else {
		nodes = m.mergeNodes(loc, b.Nodes, o.Nodes, t.Nodes)
	}
	if o.Nodes == nil && len(nodes) == 0 {
		nodes = nil
	}
	frags, ok := m.mergeFragments(loc, b.Fragments, o.Fragments, t.Fragments)
	if !ok {
		return nil, false
	}
	return &Block{Key: o.Key, Data: data, Nodes: nodes, Fragments: frags}, true
}

// isRun reports whether ns is the content of a text block: text, inlines,
// inline Markdown.
func isRun(ns []Node) bool {
	for _, n := range ns {
		switch n := n.(type) {
		case *Text, *Inline:
			return true
		case *Opaque:
			if n.Inline {
				return true
			}
		}
	}
	return false
}

func (m *merger) dataSig(b *Block) string {
	if b.Data == nil {
		return "nil"
	}
	buf, err := jsonMarshal(b.Data)
	if err != nil {
		return "error:" + err.Error()
	}
	return b.Type() + string(buf)
}

// pick3 is the three-way choice of one value: the side that changed it, or
// either when both made the same change; false when both changed it
// differently.
func pick3[T any](sb, so, st string, b, o, t T) (T, bool) {
	switch {
	case so == sb, so == st:
		if so == sb {
			return t, true
		}
		return o, true
	case st == sb:
		return o, true
	}
	return o, false
}

// mergeFragments merges a block's fragments, matched by name (and type):
// each fragment's nodes are merged as a sequence of blocks.
func (m *merger) mergeFragments(loc string, base, ours, theirs []*Fragment) ([]*Fragment, bool) {
	id := func(f *Fragment) string { return f.Fragment + "\x00" + f.Type }
	index := func(fs []*Fragment) map[string]*Fragment {
		out := map[string]*Fragment{}
		for _, f := range fs {
			if f != nil {
				out[id(f)] = f
			}
		}
		return out
	}
	ib, io, it := index(base), index(ours), index(theirs)
	var out []*Fragment
	seen := map[string]bool{}
	emit := func(f *Fragment) bool {
		k := id(f)
		if seen[k] {
			return true
		}
		seen[k] = true
		fb, fo, ft := ib[k], io[k], it[k]
		var nb []Node
		if fb != nil {
			nb = fb.Nodes
		}
		switch {
		case fo != nil && ft != nil:
			cp := *fo
			cp.Nodes = m.mergeNodes(loc+"/"+f.Fragment, nb, fo.Nodes, ft.Nodes)
			out = append(out, &cp)
		case fb == nil: // added on one side
			out = append(out, f)
		default: // deleted on one side: fine if the other left it alone
			kept := fo
			if kept == nil {
				kept = ft
			}
			if !m.sameNodes(kept.Nodes, fb.Nodes) {
				return false
			}
		}
		return true
	}
	for _, f := range ours {
		if f != nil && !emit(f) {
			return nil, false
		}
	}
	for _, f := range theirs {
		if f != nil && !emit(f) {
			return nil, false
		}
	}
	if out == nil && ours != nil {
		out = []*Fragment{}
	}
	return out, true
}
