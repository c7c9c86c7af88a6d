package markdown

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/seed1bfafebe/gitsync/revision"
)

// Emphasis ("_") and strong ("**") delimiters form or not depending on the
// characters around them. GitBook (mdast-util-to-markdown's encodeInfo)
// encodes the character on either side of a delimiter as a character
// reference where it would keep the delimiter from forming: "_&#x6D;_&#x61;nager"
// for an italic "m" inside a word, "**&#x20;x**" for a leading space.

type tokKind int

const (
	tokText  tokKind = iota // escaped text of a leaf
	tokOpen                 // opening mark
	tokClose                // closing mark
	tokAtom                 // a link, code span, inline HTML…
)

// token is one piece of printed inline content.
type token struct {
	s      string
	kind   tokKind
	marker byte // '*', '_' or '~' for strong, emphasis and strikethrough delimiters, else 0
}

func markerOf(m revision.Mark) byte {
	switch m.Type {
	case revision.MarkBold:
		return '*'
	case revision.MarkItalic:
		return '_'
	case revision.MarkStrikethrough:
		// GitBook's "~~" handler does not encode, but "~~" follows the
		// same flanking rules as "*": encode so that it reads back.
		return '~'
	}
	return 0
}

// charClass classifies a character as CommonMark's flanking rules do:
// 1 whitespace (or nothing), 2 punctuation or symbol, 0 anything else.
func charClass(r rune) int {
	switch {
	case r < 0 || unicode.IsSpace(r):
		return 1
	case unicode.IsPunct(r) || unicode.IsSymbol(r):
		return 2
	}
	return 0
}

// encodeInfo says whether to encode the inside and the outside character of
// a delimiter run (the table of mdast-util-to-markdown's encode-info.js).
func encodeInfo(outside, inside rune, marker byte) (in, out bool) {
	o, i := charClass(outside), charClass(inside)
	switch o {
	case 0:
		switch i {
		case 0:
			return marker == '_', marker == '_'
		case 1:
			return true, true
		}
		return false, true
	case 1:
		if i == 1 {
			return true, true
		}
		return false, false
	}
	return i == 1, false
}

func firstRune(s string) rune {
	if s == "" {
		return -1
	}
	r, _ := utf8.DecodeRuneInString(s)
	return r
}

func lastRune(s string) rune {
	if s == "" {
		return -1
	}
	r, _ := utf8.DecodeLastRuneInString(s)
	return r
}

func charRef(r rune) string { return fmt.Sprintf("&#x%X;", r) }

// encodeFirst / encodeLast replace the first / last character of a text
// token by a character reference.
func encodeFirst(t *token) {
	r, n := utf8.DecodeRuneInString(t.s)
	t.s = charRef(r) + t.s[n:]
}

func encodeLast(t *token) {
	r, n := utf8.DecodeLastRuneInString(t.s)
	rest := t.s[:len(t.s)-n]
	// A literal backslash left unescaped before a letter would now escape
	// the "&": escape it (escapes come in pairs, so an odd run ends in one).
	k := len(rest) - len(strings.TrimRight(rest, `\`))
	if k%2 == 1 {
		rest += `\`
	}
	t.s = rest + charRef(r)
}

// encodeAttention walks the tokens and encodes characters next to "*" and
// "_" delimiters. before and after are the characters printed around the
// content ('\n' at a line's ends, '[' and ']' in a link).
func encodeAttention(toks []token, before, after byte) {
	edge := func(i int, first bool) (rune, *token) {
		if i < 0 || i >= len(toks) {
			if first {
				return rune(after), nil
			}
			return rune(before), nil
		}
		// Skip empty tokens.
		for i >= 0 && i < len(toks) && toks[i].s == "" {
			if first {
				i++
			} else {
				i--
			}
		}
		if i < 0 {
			return rune(before), nil
		}
		if i >= len(toks) {
			return rune(after), nil
		}
		t := &toks[i]
		if t.kind != tokText {
			t = nil
		}
		if first {
			return firstRune(toks[i].s), t
		}
		return lastRune(toks[i].s), t
	}
	for i := range toks {
		t := toks[i]
		if t.marker == 0 {
			continue
		}
		var outR, inR rune
		var outT, inT *token
		if t.kind == tokOpen {
			outR, outT = edge(i-1, false)
			inR, inT = edge(i+1, true)
		} else {
			inR, inT = edge(i-1, false)
			outR, outT = edge(i+1, true)
		}
		in, out := encodeInfo(outR, inR, t.marker)
		if in && inT != nil && inR != '\n' {
			if t.kind == tokOpen {
				encodeFirst(inT)
			} else {
				encodeLast(inT)
			}
		}
		if out && outT != nil && outR != '\n' && outR != '\r' && charClass(outR) != 2 {
			if t.kind == tokOpen {
				encodeLast(outT)
			} else {
				encodeFirst(outT)
			}
		}
	}
}

// encodeTildes writes a literal "~" right before a "~~" delimiter as
// "&#x7E;": goldmark reads "\~~~x~~" as text, not as "~" + strikethrough.
func encodeTildes(toks []token) {
	for i := 0; i+1 < len(toks); i++ {
		t := &toks[i]
		if t.kind != tokText || !strings.HasSuffix(t.s, `\~`) {
			continue
		}
		j := i + 1
		for j < len(toks) && toks[j].s == "" {
			j++
		}
		if j < len(toks) && strings.HasPrefix(toks[j].s, "~") {
			t.s = strings.TrimSuffix(t.s, `\~`) + "&#x7E;"
		}
	}
}
