package revision

import (
	"bytes"
	"encoding/json"
	"io"
	"reflect"
)

// jsonMarshal is json.Marshal without HTML escaping: revisions are full of
// Markdown and HTML source, which reads better as "<" than as "\u003c".
func jsonMarshal(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n")), nil
}

// Encode writes v (a *Revision, *Document…) as indented JSON without HTML
// escaping, followed by a newline. Encoding is deterministic: the same value
// gives the same bytes, and decoding then encoding gives them again.
func Encode(w io.Writer, v any) error {
	if r, ok := v.(*Revision); ok && r != nil {
		return encodeRevision(w, r)
	}
	if m, ok := v.(json.Marshaler); ok && !isNil(v) {
		// The revision types write their JSON in one pass; indenting it
		// directly spares encoding/json's validating copy of the whole.
		b, err := m.MarshalJSON()
		if err != nil {
			return err
		}
		var buf bytes.Buffer
		buf.Grow(len(b) + len(b)/2)
		if err := json.Indent(&buf, b, "", "  "); err != nil {
			return err
		}
		buf.WriteByte('\n')
		_, err = w.Write(buf.Bytes())
		return err
	}
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

// Marshal is Encode into a byte slice.
func Marshal(v any) ([]byte, error) {
	var buf bytes.Buffer
	if err := Encode(&buf, v); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// isNil reports whether v is a nil pointer (which encoding/json writes as
// null without calling its MarshalJSON).
func isNil(v any) bool {
	rv := reflect.ValueOf(v)
	return rv.Kind() == reflect.Pointer && rv.IsNil()
}
