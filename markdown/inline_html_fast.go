package markdown

import "golang.org/x/net/html"

// parseSimpleTag parses the common, plain forms of an HTML tag without
// x/net/html's tokenizer, which allocates a 4 KB buffer per call (pages
// have dozens of inline tags): a start tag whose attributes are all
// key="value" or key='value' (no entity, NUL, CR or LF in a value), a
// self-closing one, or an end tag with no attributes. For anything else ok
// is false and parseTag asks the tokenizer; when ok, the result is the
// tokenizer's (inline_html_fast_test.go compares them).
func parseSimpleTag(raw string) (t htmlTag, ok bool) {
	if len(raw) < 3 || raw[0] != '<' {
		return t, false
	}
	i := 1
	if raw[i] == '/' {
		t.end = true
		i++
	}
	start := i
	if i >= len(raw) || !isASCIILetter(raw[i]) {
		return t, false
	}
	for i < len(raw) && (isASCIILetter(raw[i]) || isASCIIDigit(raw[i]) || raw[i] == '-') {
		i++
	}
	t.name = asciiLower(raw[start:i])
	for {
		sp := i
		for i < len(raw) && isHTMLSpace(raw[i]) {
			i++
		}
		if i >= len(raw) {
			return htmlTag{}, false
		}
		switch raw[i] {
		case '>':
			return t, true
		case '/':
			if t.end || i+1 >= len(raw) || raw[i+1] != '>' {
				return htmlTag{}, false
			}
			t.self = true
			return t, true
		}
		if t.end || i == sp || !isASCIILetter(raw[i]) {
			return htmlTag{}, false // end tag attributes, or no space before a key
		}
		ks := i
		for i < len(raw) && (isASCIILetter(raw[i]) || isASCIIDigit(raw[i]) || raw[i] == '-' || raw[i] == '_' || raw[i] == ':' || raw[i] == '.') {
			i++
		}
		key := asciiLower(raw[ks:i])
		if i+1 >= len(raw) || raw[i] != '=' || (raw[i+1] != '"' && raw[i+1] != '\'') {
			return htmlTag{}, false
		}
		q := raw[i+1]
		i += 2
		vs := i
		for i < len(raw) && raw[i] != q {
			switch raw[i] {
			case '&', 0, '\r', '\n':
				return htmlTag{}, false
			}
			i++
		}
		if i >= len(raw) {
			return htmlTag{}, false
		}
		t.attrs = append(t.attrs, html.Attribute{Key: key, Val: raw[vs:i]})
		i++ // the closing quote
	}
}

func isASCIILetter(c byte) bool { return c|0x20 >= 'a' && c|0x20 <= 'z' }
func isASCIIDigit(c byte) bool  { return c >= '0' && c <= '9' }
func isHTMLSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r'
}

// asciiLower lowercases s, which holds ASCII only, without allocating when
// it is lowercase already.
func asciiLower(s string) string {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c >= 'A' && c <= 'Z' {
			b := []byte(s)
			for j := i; j < len(b); j++ {
				if b[j] >= 'A' && b[j] <= 'Z' {
					b[j] += 'a' - 'A'
				}
			}
			return string(b)
		}
	}
	return s
}
