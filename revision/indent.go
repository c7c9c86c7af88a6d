package revision

import (
	"bufio"
	"bytes"
	"io"
	"strings"
)

// indenter indents compact JSON handed to it in pieces, as json.Indent (no
// prefix, two spaces) would indent their concatenation: a piece may end
// anywhere, inside a string or between "[" and "]". It does not validate:
// what it is given comes from the revision's own encoders.
type indenter struct {
	w          *bufio.Writer
	depth      int
	inString   bool
	escaped    bool
	needIndent bool // after "{" or "[": a newline unless the next byte closes it
}

// spaces is written in slices for indentation (two per level).
var spaces = strings.Repeat(" ", 128)

func (ind *indenter) newline(depth int) {
	ind.w.WriteByte('\n')
	for n := 2 * depth; n > 0; {
		k := min(n, len(spaces))
		ind.w.WriteString(spaces[:k])
		n -= k
	}
}

// write indents p. The bufio.Writer remembers any write error.
func (ind *indenter) write(p []byte) {
	w := ind.w
	for len(p) > 0 {
		if ind.inString {
			// Copy the run of string bytes up to the closing quote.
			i := 0
			for ; i < len(p); i++ {
				c := p[i]
				if ind.escaped {
					ind.escaped = false
					continue
				}
				if c == '\\' {
					ind.escaped = true
				} else if c == '"' {
					ind.inString = false
					i++
					break
				}
			}
			w.Write(p[:i])
			p = p[i:]
			continue
		}
		c := p[0]
		p = p[1:]
		switch c {
		case ' ', '\t', '\n', '\r':
			continue
		}
		if ind.needIndent && c != '}' && c != ']' {
			ind.needIndent = false
			ind.depth++
			ind.newline(ind.depth)
		}
		switch c {
		case '"':
			ind.inString = true
			w.WriteByte(c)
		case '{', '[':
			ind.needIndent = true
			w.WriteByte(c)
		case ',':
			w.WriteByte(c)
			ind.newline(ind.depth)
		case ':':
			w.WriteString(": ")
		case '}', ']':
			if ind.needIndent {
				ind.needIndent = false
			} else {
				ind.depth--
				ind.newline(ind.depth)
			}
			w.WriteByte(c)
		default:
			// A run of literal bytes (numbers, true, false, null).
			i := 0
			for i < len(p) && isLiteralByte(p[i]) {
				i++
			}
			w.WriteByte(c)
			w.Write(p[:i])
			p = p[i:]
		}
	}
}

func isLiteralByte(c byte) bool {
	switch c {
	case '"', '{', '[', '}', ']', ',', ':', ' ', '\t', '\n', '\r':
		return false
	}
	return true
}

// encodeRevision streams r as indented JSON to w, one page at a time: the
// whole revision's JSON is never held in memory.
func encodeRevision(w io.Writer, r *Revision) error {
	ind := &indenter{w: bufio.NewWriterSize(w, 64<<10)}
	var buf bytes.Buffer
	flush := func() error {
		ind.write(buf.Bytes())
		buf.Reset()
		_, err := ind.w.Write(nil) // the writer's sticky error, if any
		return err
	}
	if err := r.appendTo(&buf, flush); err != nil {
		return err
	}
	if err := flush(); err != nil {
		return err
	}
	ind.w.WriteByte('\n')
	return ind.w.Flush()
}
