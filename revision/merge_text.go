package revision

import (
	"strings"
	"unicode"
)

// The text level of Merge: the content of a paragraph, heading, code line
// (text runs, links, inline images…) as a sequence of words, each word with
// its marks and the inlines around it, merged word by word.

// token is a word, a run of spaces, a punctuation mark, or a void inline
// (emoji, mention, inline image…) with what applies to it.
type token struct {
	text  string   // the word; for a void node, its digest
	marks []Mark   // the leaf's marks
	mkey  string   // marks as a comparable string
	path  []string // the digests of the enclosing inlines, outermost first
	pkey  string
	void  Node // a node kept whole
}

func (t token) same(u token) bool {
	return t.text == u.text && t.mkey == u.mkey && t.pkey == u.pkey && (t.void == nil) == (u.void == nil)
}

// tokenizer turns runs into tokens and remembers each enclosing inline.
type tokenizer struct {
	m       *merger
	inlines map[string]*Inline // by path key
}

func marksKey(ms []Mark) string {
	var b strings.Builder
	for _, m := range ms {
		b.WriteString(string(m.Type) + ":" + m.Text + ":" + m.Background + ";")
	}
	return b.String()
}

func (tz *tokenizer) tokens(ns []Node, path []string) []token {
	pkey := strings.Join(path, "/")
	var out []token
	for _, n := range ns {
		switch n := n.(type) {
		case *Text:
			for _, l := range n.Leaves {
				mk := marksKey(l.Marks)
				for _, w := range splitWords(l.Text) {
					out = append(out, token{text: w, marks: l.Marks, mkey: mk, path: path, pkey: pkey})
				}
			}
		case *Inline:
			if n.Data != nil && !n.Data.isVoid() {
				shell := &Inline{Key: n.Key, Data: n.Data, Fragments: n.Fragments}
				p := append(append([]string{}, path...), tz.m.sig(&Inline{Data: n.Data, Fragments: n.Fragments}))
				k := strings.Join(p, "/")
				if _, ok := tz.inlines[k]; !ok {
					tz.inlines[k] = shell
				}
				inner := tz.tokens(n.Nodes, p)
				if len(inner) == 0 { // an empty link still stands
					inner = []token{{path: p, pkey: k}}
				}
				out = append(out, inner...)
				continue
			}
			out = append(out, token{text: tz.m.sig(n), path: path, pkey: pkey, void: n})
		default:
			out = append(out, token{text: tz.m.sig(n), path: path, pkey: pkey, void: n})
		}
	}
	return out
}

// splitWords cuts s into words (letters and digits), runs of white space,
// and single other characters; the pieces join back to s.
func splitWords(s string) []string {
	var out []string
	class := func(r rune) int {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r) || r == '_':
			return 1
		case unicode.IsSpace(r):
			return 2
		}
		return 0
	}
	start, prev := 0, -1
	for i, r := range s {
		c := class(r)
		if i > start && (c != prev || c == 0) {
			out = append(out, s[start:i])
			start = i
		}
		prev = c
	}
	if start < len(s) {
		out = append(out, s[start:])
	}
	return out
}

// rebuild turns tokens back into runs: one text node between inlines,
// one leaf per run of equal marks, inlines around their words.
func (tz *tokenizer) rebuild(ts []token, depth int) []Node {
	var out []Node
	var cur *Text
	flush := func() {
		if cur != nil {
			out = append(out, cur)
			cur = nil
		}
	}
	for i := 0; i < len(ts); {
		t := ts[i]
		if len(t.path) > depth {
			j := i + 1
			for j < len(ts) && len(ts[j].path) > depth && ts[j].path[depth] == t.path[depth] {
				j++
			}
			flush()
			shell := tz.inlines[strings.Join(t.path[:depth+1], "/")]
			in := &Inline{}
			if shell != nil {
				*in = *shell
			}
			in.Nodes = tz.rebuild(ts[i:j], depth+1)
			if in.Nodes == nil {
				in.Nodes = []Node{}
			}
			out = append(out, in)
			i = j
			continue
		}
		i++
		if t.void != nil {
			flush()
			out = append(out, t.void)
			continue
		}
		if t.text == "" {
			continue // the marker of an empty inline
		}
		if cur == nil {
			cur = &Text{}
		}
		if k := len(cur.Leaves) - 1; k >= 0 && marksKey(cur.Leaves[k].Marks) == t.mkey {
			cur.Leaves[k].Text += t.text
		} else {
			cur.Leaves = append(cur.Leaves, Leaf{Text: t.text, Marks: t.marks})
		}
	}
	flush()
	return out
}

// mergeText merges the runs of a text block word by word. It reports false
// when both sides changed the same words (or inserted different words at
// the same place).
func (m *merger) mergeText(base, ours, theirs []Node) ([]Node, bool) {
	tz := &tokenizer{m: m, inlines: map[string]*Inline{}}
	// Ours first: an inline both sides kept keeps ours' key.
	to, tt, tb := tz.tokens(ours, nil), tz.tokens(theirs, nil), tz.tokens(base, nil)
	pairs := func(side []token) []seqPair {
		var ps []seqPair
		for _, p := range lcs(len(tb), len(side), func(i, j int) bool { return tb[i].same(side[j]) }) {
			ps = append(ps, seqPair{b: p[0], s: p[1], stable: true})
		}
		return ps
	}
	chunks := mergeSeq(len(tb), pairs(to), pairs(tt), len(to), len(tt), func(o, t int) bool { return to[o].same(tt[t]) })
	var merged []token
	for _, c := range chunks {
		switch c.kind {
		case chunkStable:
			merged = append(merged, to[c.ours[0]])
		case chunkTake:
			if c.side == 0 {
				for _, i := range c.ours {
					merged = append(merged, to[i])
				}
			} else {
				for _, i := range c.theirs {
					merged = append(merged, tt[i])
				}
			}
		default:
			return nil, false
		}
	}
	sameAs := func(side []token) bool {
		if len(side) != len(merged) {
			return false
		}
		for i := range side {
			if !side[i].same(merged[i]) {
				return false
			}
		}
		return true
	}
	switch {
	case sameAs(to):
		return ours, true
	case sameAs(tt):
		return theirs, true
	}
	out := tz.rebuild(merged, 0)
	if out == nil {
		out = []Node{}
	}
	return out, true
}
