package markdown

import (
	"bytes"
	"fmt"
)

// The nesting limit. goldmark checks every open block on every line and
// opens nested blocks one at a time, so its cost grows with the square of
// the nesting depth: a page of 100,000 nested ">" quotes, or a list nested
// 2,000 levels deep, keeps it busy for minutes. nestingScanner measures the
// depth of each line in one pass over the source, before goldmark sees it,
// with a cost per line bounded by the line's length and the limit; Parse
// hands goldmark only the lines above the first one that goes too deep, and
// keeps the rest of the page as text.
//
// The depth of a line is the number of containers open on it: block quotes
// and list items (CommonMark's container blocks, followed as CommonMark
// does: markers, indentation, lazy continuation lines), plus GitBook's
// container tags ({% tabs %}, {% tab %}, {% hint %}, {% stepper %}…) and
// <details> expandables open around it. The measure errs on the deep side:
// it never counts fewer containers than goldmark opens, so that no shape of
// input gets a deep structure past it (it may count more: code inside a
// list item is read as if it were Markdown, unclosed tags stay counted).

// DefaultMaxNesting is the nesting depth Parse and ParseSummary accept when
// no other is given: ten times the deepest nesting of the test corpus, and
// far below what makes goldmark slow (its cost at this depth is that of a
// few hundred plain lines).
const DefaultMaxNesting = 64

// maxNesting returns the limit n asks for: the default for 0, none (the
// largest int) for a negative n.
func maxNesting(n int) int {
	switch {
	case n == 0:
		return DefaultMaxNesting
	case n < 0:
		return int(^uint(0) >> 1)
	}
	return n
}

// container is an open block quote or list item; col is the column a list
// item's content starts at (lines indented that far continue it).
type container struct {
	quote  bool
	col    int
	marker byte // a list item's marker: '-', '+', '*', or '.' or ')' after a number
}

// nestingScanner follows the containers of a document line by line.
type nestingScanner struct {
	max   int
	stack []container
	tags  int // open container tags and <details>: len(open)
	open  []string
	para  bool // the previous line may be continued lazily
	// noTags leaves tags out (SUMMARY.md has none).
	noTags bool
	fence  struct {
		open bool
		char byte
		n    int
	}
}

// nestedLinesPerLevel sets the nesting budget of a file: the sum over its
// lines of their depth may reach nestedLinesPerLevel times the depth limit
// (524,288 line-levels at the default limit; the corpus's largest page
// uses 6,279). goldmark's work on a line grows with the containers open on
// it, so a file of many lines each nested near the limit (100,000 lines
// nested 64 deep) would still keep it busy for a minute; the budget bounds
// that work by a constant, whatever the shape.
const nestedLinesPerLevel = 1 << 13

// nestingCut returns the offset of the start of the first line of src that
// is nested deeper than max levels, or that exhausts the nesting budget, its
// 1-based number and why; cut is -1 when no line does.
func nestingCut(src []byte, max int) (cut, line int, why string) {
	s := nestingScanner{max: max}
	budget := nestingBudget(max)
	for start, n := 0, 1; start < len(src); n++ {
		end := bytes.IndexByte(src[start:], '\n')
		if end < 0 {
			end = len(src)
		} else {
			end += start
		}
		d, _ := s.line(src[start:end])
		if d > max {
			return start, n, fmt.Sprintf("nested deeper than %d levels", max)
		}
		if budget -= d; budget < 0 && !isBlankLine(src[start:end]) {
			return start, n, fmt.Sprintf("more than %d nested lines (the sum of the lines' depths)", nestingBudget(max))
		}
		start = end + 1
	}
	return -1, 0, ""
}

// nestingBudget is the sum of line depths allowed in a file.
func nestingBudget(max int) int {
	if max > int(^uint(0)>>1)/nestedLinesPerLevel {
		return int(^uint(0) >> 1)
	}
	return max * nestedLinesPerLevel
}

// line reads one line (without its newline) and returns its depth, and the
// offset in l where its content starts after the container markers read.
// The scanner stops opening containers past max+1, so a line costs at most
// its length plus the limit.
func (s *nestingScanner) line(l []byte) (depth, content int) {
	if s.fence.open {
		// A fence opened outside any container holds everything up to its
		// closing fence: goldmark reads no container in it either.
		if closesFence(l, s.fence.char, s.fence.n) {
			s.fence.open = false
		}
		s.para = false
		return 0, 0
	}
	pos, col := 0, 0
	matched := 0
	// ws, wsCol: where the blanks from pos end; every container consumes
	// part of that one run, so the line is scanned once whatever the depth.
	ws, wsCol := -1, 0
	for _, c := range s.stack {
		if ws < 0 {
			ws, wsCol, _ = skipIndent(l, pos, col)
		}
		if c.quote {
			if wsCol-col >= 4 || ws >= len(l) || l[ws] != '>' {
				break
			}
			pos, col = quoteMarker(l, ws, wsCol)
			ws = -1
		} else {
			if ws < len(l) && wsCol < c.col {
				break
			}
			if ws < len(l) {
				// Consume the item's indentation only; more is content.
				pos, col = advanceTo(l, pos, col, c.col)
			} else {
				pos, col = ws, wsCol // a blank line continues every item
			}
		}
		matched++
	}
	rest := l[pos:]
	blank := isBlankLine(rest)
	lazy := false
	if matched < len(s.stack) {
		if !blank && s.para && !startsBlock(l, pos, col) {
			// A lazy continuation line: the containers stay open. Markers
			// on it are counted, in case goldmark reads them as containers,
			// but not kept: the next line is measured without them.
			lazy = true
		} else {
			s.stack = s.stack[:matched]
		}
	}
	// Open new containers, up to one past the limit.
	base, opened := len(s.stack), 0
	open := func(c container) {
		if !lazy {
			s.stack = append(s.stack, c)
		}
		opened++
	}
	tagged := false
markers:
	for base+opened+s.tags <= s.max {
		p, cl, w := skipIndent(l, pos, col)
		if w >= 4 || p >= len(l) {
			break
		}
		if l[p] == '>' {
			pos, col = quoteMarker(l, p, cl)
			open(container{quote: true})
			continue
		}
		if isThematicBreak(l[p:]) {
			break
		}
		end, ok := listMarker(l, p)
		if !ok {
			break
		}
		cl += end - p
		p = end
		q, ccl, sp := skipIndent(l, p, cl)
		switch {
		case q >= len(l):
			ccl, q = cl+1, len(l) // an empty item: content one column on
		case sp >= 5:
			ccl, q = cl+1, p+1 // indented code: one space is the marker's
		}
		open(container{col: ccl, marker: l[end-1]})
		pos, col = q, ccl
	}
	if !tagged {
		content = pos
	}
	p, _, w := skipIndent(l, pos, col)
	rest = l[p:]
	if len(s.stack) == 0 && !lazy && w < 4 && !tagged {
		if ch, n, ok := opensFence(rest); ok {
			s.fence.open, s.fence.char, s.fence.n = true, ch, n
		}
	}
	if w < 4 && !s.noTags && !tagged {
		name, d, body := tagDelta(rest)
		switch {
		case d > 0:
			s.open = append(s.open, name)
		case d < 0:
			// An end tag closes the innermost tag of its name and what it
			// holds; one that closes nothing is text.
			for i := len(s.open) - 1; i >= 0; i-- {
				if s.open[i] == name {
					s.open = s.open[:i]
					break
				}
			}
		}
		s.tags = len(s.open)
		if d > 0 && !isBlankLine(rest[body:]) {
			// The body starts on the tag's line ({% tab %}* item): read the
			// containers it opens there too. goldmark may measure their
			// columns from the tag's end: columns from 0 count lines
			// continuing them more readily, so deeper.
			tagged = true
			pos, col = p+body, 0
			goto markers
		}
	}
	// A line with text after its markers may be paragraph text that the
	// next line continues lazily; so may a lazy line.
	// So may an empty list item after paragraph text, which goldmark may
	// read as more text (an empty item cannot interrupt a paragraph).
	s.para = lazy || !isBlankLine(rest) && !endsParagraph(rest) || s.para && opened > 0 && isBlankLine(rest)
	return base + opened + s.tags, content
}

// skipIndent skips spaces and tabs from l[pos], at column col, and returns the
// offset and column of the first other byte and the width skipped.
func skipIndent(l []byte, pos, col int) (p, c, width int) {
	p, c = pos, col
	for p < len(l) {
		switch l[p] {
		case ' ':
			c++
		case '\t':
			c += 4 - c%4
		default:
			return p, c, c - col
		}
		p++
	}
	return p, c, c - col
}

// advanceTo consumes indentation from l[pos] up to column target.
func advanceTo(l []byte, pos, col, target int) (int, int) {
	for pos < len(l) && col < target && (l[pos] == ' ' || l[pos] == '\t') {
		if l[pos] == ' ' {
			col++
		} else {
			col += 4 - col%4
		}
		pos++
	}
	return pos, col
}

// quoteMarker consumes the ">" at l[p] and one following space or tab.
func quoteMarker(l []byte, p, col int) (int, int) {
	p, col = p+1, col+1
	if p < len(l) && (l[p] == ' ' || l[p] == '\t') {
		p, col = p+1, col+1
	}
	return p, col
}

// listMarker reports whether l[p:] starts with a list item marker ("-",
// "+", "*", or up to nine digits and "." or ")") followed by a space, a tab
// or the end of the line, and returns the offset after it.
func listMarker(l []byte, p int) (int, bool) {
	end := p
	switch {
	case l[p] == '-' || l[p] == '+' || l[p] == '*':
		end = p + 1
	case l[p] >= '0' && l[p] <= '9':
		for end < len(l) && end-p < 10 && l[end] >= '0' && l[end] <= '9' {
			end++
		}
		if end-p > 9 || end >= len(l) || (l[end] != '.' && l[end] != ')') {
			return p, false
		}
		end++
	default:
		return p, false
	}
	if end < len(l) && l[end] != ' ' && l[end] != '\t' {
		return p, false
	}
	return end, true
}

// startsBlock reports whether the rest of l, from pos at column col, starts
// a block (a line that does not is a lazy continuation when it follows
// paragraph text). It is called for lines that leave some container open.
// It errs towards "no": a lazy line keeps every container open, which only
// makes the depth larger. So HTML is "no" (only some kinds of HTML block
// interrupt a paragraph).
func startsBlock(l []byte, pos, col int) bool {
	p, _, w := skipIndent(l, pos, col)
	if w >= 4 || p >= len(l) {
		return false
	}
	rest := l[p:]
	if rest[0] == '>' || isATXHeading(rest) || isThematicBreak(rest) {
		return true
	}
	if _, _, ok := opensFence(rest); ok {
		return true
	}
	if _, ok := parseTagLine(rest); ok {
		return true // tags interrupt paragraphs (tagParser)
	}
	// A list item always starts a block here: the line leaves a container
	// open around the paragraph, so the item opens outside the paragraph's
	// container, where goldmark applies none of the rules that keep empty
	// items and items not numbered 1 from interrupting a paragraph.
	_, ok := listMarker(l, p)
	return ok
}

// endsParagraph reports whether a line of content l is a block that
// cannot hold paragraph text: a heading, a thematic break, a fence or a tag.
func endsParagraph(l []byte) bool {
	if isATXHeading(l) || isThematicBreak(l) {
		return true
	}
	if _, _, ok := opensFence(l); ok {
		return true
	}
	_, ok := parseTagLine(l)
	return ok
}

// isATXHeading reports whether l starts with one to six "#" and a blank or
// the end of the line.
func isATXHeading(l []byte) bool {
	n := 0
	for n < len(l) && l[n] == '#' {
		n++
	}
	return n >= 1 && n <= 6 && (n == len(l) || l[n] == ' ' || l[n] == '\t')
}

// isThematicBreak reports whether l is three or more "-", "*" or "_" (the
// same one) with only spaces and tabs between them.
func isThematicBreak(l []byte) bool {
	var ch byte
	n := 0
	for _, c := range l {
		switch c {
		case ' ', '\t':
		case '-', '*', '_':
			if ch != 0 && c != ch {
				return false
			}
			ch = c
			n++
		default:
			return false
		}
	}
	return n >= 3
}

// opensFence reports whether l starts a fenced code block: three or more
// backticks (and none in the info string) or tildes.
func opensFence(l []byte) (ch byte, n int, ok bool) {
	if len(l) < 3 || (l[0] != '`' && l[0] != '~') {
		return 0, 0, false
	}
	ch = l[0]
	for n < len(l) && l[n] == ch {
		n++
	}
	if n < 3 || ch == '`' && bytes.IndexByte(l[n:], '`') >= 0 {
		return 0, 0, false
	}
	return ch, n, true
}

// closesFence reports whether l closes a fence of n ch: at least n of them,
// indented less than four columns, nothing but blanks after.
func closesFence(l []byte, ch byte, n int) bool {
	p, _, w := skipIndent(l, 0, 0)
	if w >= 4 {
		return false
	}
	k := 0
	for p < len(l) && l[p] == ch {
		p++
		k++
	}
	return k >= n && isBlankLine(l[p:])
}

func isBlankLine(l []byte) bool {
	for _, c := range l {
		if c != ' ' && c != '\t' && c != '\r' {
			return false
		}
	}
	return true
}

// containerTags are the GitBook tags whose body is Markdown that goldmark
// reads inside them.
var containerTags = map[string]bool{
	"hint": true, "tabs": true, "tab": true, "stepper": true, "step": true,
	"columns": true, "column": true, "updates": true, "update": true,
	"if": true, "code": true, "content-ref": true,
}

// tagDelta returns +1 and the name of a container tag or <details> that
// the line l opens and does not close, -1 and the name for one it closes, 0
// otherwise; body is where the line's text after an opening tag starts.
func tagDelta(l []byte) (name string, delta, body int) {
	switch {
	case bytes.HasPrefix(l, []byte("<details")):
		if bytes.Contains(l, []byte("</details>")) {
			return "", 0, 0
		}
		gt := bytes.IndexByte(l, '>')
		if gt < 0 {
			return "<details>", 1, len(l)
		}
		return "<details>", 1, gt + 1
	case bytes.HasPrefix(l, []byte("</details>")):
		return "<details>", -1, 0
	}
	t, ok := parseTagLine(l)
	if !ok || !containerTags[t.name] {
		return "", 0, 0
	}
	if t.end {
		return t.name, -1, 0
	}
	if bytes.HasSuffix(bytes.TrimRight(t.rest, " \t\r"), []byte("{% end"+t.name+" %}")) {
		return "", 0, 0 // {% hint %}text{% endhint %}
	}
	return t.name, 1, t.restStart
}

// clampNesting returns src with every line nested deeper than max levels
// rewritten as a list item at the deepest level allowed, and the 1-based
// number of the first line rewritten (0, and src itself, when none is).
// A line keeps its text, without its container markers, and its place:
// every line stays on its line, so line numbers hold. Past the nesting
// budget, lines are rewritten at the top level. It is how ParseSummary
// keeps the entries of a SUMMARY.md nested too deep.
func clampNesting(src []byte, max int) ([]byte, int) {
	if cut, _, _ := nestingCut(src, max); cut < 0 {
		return src, 0
	}
	s := nestingScanner{max: max, noTags: true}
	budget := nestingBudget(max)
	out := make([]byte, 0, len(src))
	var saved []container
	first := 0
	// run is the indentation of the first line of a run of clamped lines:
	// the lines indented as far or further that follow it were nested in
	// it or deeper, and are clamped too (-1 outside a run).
	run := -1
	for start, n := 0, 1; start < len(src); n++ {
		end := bytes.IndexByte(src[start:], '\n')
		if end < 0 {
			end = len(src)
		} else {
			end += start
		}
		l := src[start:end]
		_, _, w := skipIndent(l, 0, 0)
		blank := isBlankLine(l)
		saved = append(saved[:0], s.stack...)
		para := s.para
		clamp := run >= 0 && w >= run && !blank
		if !clamp {
			if d, _ := s.line(l); d > max || d > budget {
				clamp, run = true, w
			} else if !blank {
				run = -1
			}
		}
		level := max
		if budget <= 0 {
			level = 1 // the budget spent: what follows is flat
		}
		if clamp {
			if first == 0 {
				first = n
			}
			s.stack = append(s.stack[:0], saved...)
			s.para = para
			l = clampLine(saved, level, stripContainers(l))
			if d, _ := s.line(l); d > level {
				// Not reached: the rewritten line opens one item at most.
				l = nil
				s.stack, s.para = s.stack[:0], false
			}
		}
		budget -= len(s.stack)
		out = append(out, l...)
		if end < len(src) {
			out = append(out, '\n')
		}
		start = end + 1
	}
	return out, first
}

// clampLine writes content as a list item nested in the first max-1 of the
// open containers.
func clampLine(open []container, max int, content []byte) []byte {
	if isBlankLine(content) {
		return nil
	}
	var b []byte
	col := 0
	for _, c := range open[:min(len(open), max-1)] {
		if c.quote {
			b = append(b, "> "...)
			col += 2
			continue
		}
		for ; col < c.col; col++ {
			b = append(b, ' ')
		}
	}
	b = append(b, "* "...)
	return append(b, content...)
}

// stripContainers returns l without its leading blanks, quote markers and
// list markers.
func stripContainers(l []byte) []byte {
	p := 0
	for p < len(l) {
		switch c := l[p]; {
		case c == ' ' || c == '\t' || c == '>':
			p++
		default:
			end, ok := listMarker(l, p)
			if !ok {
				return l[p:]
			}
			p = end
		}
	}
	return l[p:]
}
