package revision

import (
	"bytes"
	"reflect"
	"sync"
	"unicode/utf8"
)

// Fast paths of the JSON encoder for what a revision holds most: strings,
// text nodes and data objects with no fields. Each writes the bytes
// jsonMarshal would (jsonfast_test.go compares them), without reflection
// and without a new json.Encoder per value.

const hexDigits = "0123456789abcdef"

// appendString writes s as a JSON string, as encoding/json does with HTML
// escaping off: invalid UTF-8 becomes U+FFFD, U+2028 and U+2029 are
// escaped.
func appendString(buf *bytes.Buffer, s string) {
	buf.WriteByte('"')
	start := 0
	for i := 0; i < len(s); {
		if c := s[i]; c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' {
				i++
				continue
			}
			buf.WriteString(s[start:i])
			switch c {
			case '"', '\\':
				buf.WriteByte('\\')
				buf.WriteByte(c)
			case '\b':
				buf.WriteString(`\b`)
			case '\f':
				buf.WriteString(`\f`)
			case '\n':
				buf.WriteString(`\n`)
			case '\r':
				buf.WriteString(`\r`)
			case '\t':
				buf.WriteString(`\t`)
			default:
				buf.WriteString(`\u00`)
				buf.WriteByte(hexDigits[c>>4])
				buf.WriteByte(hexDigits[c&0xF])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			buf.WriteString(s[start:i])
			buf.WriteString(`\ufffd`)
			i += size
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			buf.WriteString(s[start:i])
			buf.WriteString(`\u202`)
			buf.WriteByte(hexDigits[r&0xF])
			i += size
			start = i
			continue
		}
		i += size
	}
	buf.WriteString(s[start:])
	buf.WriteByte('"')
}

// appendTo writes the text node as Text.MarshalJSON does.
func (t *Text) appendTo(buf *bytes.Buffer) error {
	buf.WriteString(`{"object":"text"`)
	if t.Key != "" {
		buf.WriteString(`,"key":`)
		appendString(buf, t.Key)
	}
	buf.WriteString(`,"leaves":[`)
	for i, l := range t.Leaves {
		if i > 0 {
			buf.WriteByte(',')
		}
		buf.WriteString(`{"object":"leaf","text":`)
		appendString(buf, l.Text)
		buf.WriteString(`,"marks":[`)
		for j, m := range l.Marks {
			if j > 0 {
				buf.WriteByte(',')
			}
			if m.Type == MarkColor {
				b, err := m.MarshalJSON()
				if err != nil {
					return err
				}
				buf.Write(b)
				continue
			}
			buf.WriteString(`{"object":"mark","type":`)
			appendString(buf, string(m.Type))
			buf.WriteByte('}')
		}
		buf.WriteString("]}")
	}
	buf.WriteString("]}")
	return nil
}

// noFields caches, by type, whether a data value is a pointer to a struct
// with no fields (Paragraph, ListItem…), which always encodes as {}.
var noFields sync.Map // reflect.Type -> bool

func hasNoFields(v any) bool {
	t := reflect.TypeOf(v)
	if t == nil {
		return false
	}
	if known, ok := noFields.Load(t); ok {
		return known.(bool)
	}
	empty := t.Kind() == reflect.Pointer && t.Elem().Kind() == reflect.Struct && t.Elem().NumField() == 0
	noFields.Store(t, empty)
	return empty
}
