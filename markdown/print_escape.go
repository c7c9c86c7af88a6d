package markdown

import (
	"strings"
)

// textEdges tells escapeText what surrounds a piece of text.
type textEdges struct {
	lineStart bool // the text starts a line
	end       bool // the text ends its paragraph or heading
	after     byte // the next character printed after the text, 0 if unknown
}

// alwaysEscaped are the characters GitBook escapes with a backslash wherever
// they stand in text (GITBOOK_FORMAT.md §6, counted in the corpus): they
// would otherwise open emphasis, links, code, tables, math or strikethrough.
const alwaysEscaped = "*_[`~"

func isASCIIPunct(c byte) bool {
	return c >= '!' && c <= '/' || c >= ':' && c <= '@' || c >= '[' && c <= '`' || c >= '{' && c <= '~'
}

func isAlpha(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// escapeText escapes a leaf's text for Markdown. A space that starts or ends a
// line is written "&#x20;" as GitBook does (spaces next to emphasis
// delimiters are encodeAttention's); hard breaks ("\n") become "\" +
// newline ("<br>" in headings and table cells). "]" is escaped only in a
// link's text, where it would close it.
func (p *printer) escapeText(s string, ctx inlineCtx, e textEdges) string {
	var b strings.Builder
	lineStart := e.lineStart
	n := len(s)
	for i := 0; i < n; i++ {
		c := s[i]
		var next byte
		if i+1 < n {
			next = s[i+1]
		} else {
			next = e.after
		}
		if c == '\n' {
			// A hard break ending a paragraph cannot be "\" (a backslash
			// there is text): GitBook writes <br>.
			if ctx == ctxBlock && !(i+1 == n && e.end) {
				b.WriteString("\\\n")
			} else {
				b.WriteString("<br>")
			}
			lineStart = ctx == ctxBlock
			continue
		}
		if c == '\r' {
			b.WriteString("&#xD;")
			continue
		}
		if c == ' ' || c == '\t' {
			// Before a hard break GitBook keeps the space as is ("apply. \").
			lineEnd := i+1 == n && e.end
			first := i == 0 && lineStart
			if lineStart && i > 0 && s[i-1] == '\n' {
				first = true
			}
			// In a table cell GitBook writes them as they are (see
			// table_space.go for how they are read back).
			if (first || lineEnd) && (c != ' ' || ctx != ctxTableCell) {
				if c == ' ' {
					b.WriteString("&#x20;")
				} else {
					b.WriteString("&#x9;")
				}
				lineStart = false
				continue
			}
			b.WriteByte(c)
			lineStart = false
			continue
		}
		// Block constructs can start at a line start, but not in a heading
		// or a table cell.
		atBreak := lineStart && ctx == ctxBlock
		lineStart = false
		switch {
		case strings.IndexByte(alwaysEscaped, c) >= 0:
			b.WriteByte('\\')
		case c == ']' && p.inLink:
			// "]" only closes a link's text.
			b.WriteByte('\\')
		case c == '|' && ctx == ctxTableCell:
			b.WriteByte('\\')
		case c == '$':
			if next == '$' {
				b.WriteByte('\\')
			}
		case c == '>':
			if atBreak {
				b.WriteByte('\\')
			}
		case c == '\\':
			// Before punctuation or a line end a backslash would escape:
			// GitBook writes "\\" (a trailing one too: "…:\\").
			if next == 0 || next == '\n' || isASCIIPunct(next) {
				b.WriteByte('\\')
			}
		case c == '<':
			if next == 0 || isAlpha(next) || next == '!' || next == '/' || next == '?' {
				b.WriteByte('\\')
			}
		case c == '&':
			if isAlpha(next) || next == '#' {
				b.WriteByte('\\')
			}
		case c == '!':
			// "![" would start an image.
			if next == '[' {
				b.WriteByte('\\')
			}
		case c == '{':
			if next == '%' {
				b.WriteByte('\\')
			}
		case c == '}':
			// GitBook guards both ends of a would-be tag: "\{%x%\}".
			if i > 0 && s[i-1] == '%' {
				b.WriteByte('\\')
			}
		case c == '#':
			// A "#" ending a heading would be read as its closing sequence.
			if atBreak || ctx == ctxHeading && i+1 == n && e.end {
				b.WriteByte('\\')
			}
		case c == '-' || c == '+' || c == '=':
			if atBreak && (next == 0 || next == ' ' || next == '\t' || next == '\n' || c != '+' && next == c) {
				b.WriteByte('\\')
			}
		case isDigit(c) && atBreak:
			// "1. " or "1) " at a line start would start a list.
			j := i
			for j < n && isDigit(s[j]) {
				j++
			}
			if j < n && j-i <= 9 && (s[j] == '.' || s[j] == ')') && (j+1 == n || s[j+1] == ' ' || s[j+1] == '\t' || s[j+1] == '\n') {
				b.WriteString(s[i:j])
				b.WriteByte('\\')
				b.WriteByte(s[j])
				i = j
				continue
			}
		}
		b.WriteByte(c)
	}
	return b.String()
}

// escapeHeadingText escapes a plain title for "# Title".
func escapeHeadingText(s string) string {
	var p printer
	return p.escapeText(s, ctxHeading, textEdges{lineStart: true, end: true})
}

// linkDest writes a link destination: raw with "&" before a letter escaped
// (GitBook writes "watch?v=x\&t=26s"), or between <…> when it holds spaces,
// controls or unbalanced parentheses.
func linkDest(href string) string {
	if href == "" {
		return "<>"
	}
	depth := 0
	literal := false
	for i := 0; i < len(href); i++ {
		c := href[i]
		switch {
		case c <= ' ' || c == 0x7f || c == '<' || c == '>':
			literal = true
		case c == '(':
			depth++
		case c == ')':
			depth--
			if depth < 0 {
				literal = true
			}
		}
	}
	if depth != 0 {
		literal = true
	}
	var b strings.Builder
	if literal {
		b.WriteByte('<')
		for i := 0; i < len(href); i++ {
			c := href[i]
			switch {
			case c == '<' || c == '>' || c == '\n':
				b.WriteByte('\\')
			case c == '\\' && (i+1 == len(href) || isASCIIPunct(href[i+1])):
				b.WriteByte('\\')
			}
			b.WriteByte(c)
		}
		b.WriteByte('>')
		return b.String()
	}
	for i := 0; i < len(href); i++ {
		c := href[i]
		var next byte
		if i+1 < len(href) {
			next = href[i+1]
		}
		switch {
		case c == '&' && (isAlpha(next) || next == '#'):
			b.WriteByte('\\')
		case c == '\\' && (next == 0 || isASCIIPunct(next)):
			b.WriteByte('\\')
		}
		b.WriteByte(c)
	}
	return b.String()
}

// escapeLinkLabel escapes plain text used as a link's text.
func escapeLinkLabel(s string) string {
	p := printer{inLink: true}
	return p.escapeText(s, ctxHeading, textEdges{})
}

// attrEscape escapes an HTML attribute value as hast-util-to-html does.
func attrEscape(s string) string {
	if !strings.ContainsAny(s, `&"'`) {
		return s
	}
	return strings.NewReplacer("&", "&#x26;", `"`, "&#x22;", "'", "&#x27;").Replace(s)
}

// htmlText escapes text inside HTML as GitBook does (`&#x3C;`, `&#x26;`).
func htmlText(s string) string {
	if !strings.ContainsAny(s, "&<") {
		return s
	}
	return strings.NewReplacer("&", "&#x26;", "<", "&#x3C;").Replace(s)
}
