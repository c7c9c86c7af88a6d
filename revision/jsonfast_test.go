package revision

import (
	"bytes"
	"math/rand/v2"
	"testing"
)

// TestAppendStringMatchesEncodingJSON compares appendString with
// jsonMarshal on every byte and on random strings, invalid UTF-8 included.
func TestAppendStringMatchesEncodingJSON(t *testing.T) {
	cases := []string{"", "plain", "<a href=\"x\">&amp;</a>", "tab\tnl\ncr\r\\ \"q\"", "\u2028\u2029é🚀", "\xff\xfe bad", "\x00\x01\x1f\x7f"}
	for c := range 256 {
		cases = append(cases, string([]byte{byte(c)}), "a"+string([]byte{byte(c)})+"b")
	}
	rng := rand.New(rand.NewPCG(1, 2))
	alphabet := []string{"a", " ", "\"", "\\", "\n", "\x01", "é", "\u2028", "🚀", "\xe2\x80", "\xc3", "<", "&"}
	for range 2000 {
		var s string
		for range rng.IntN(12) {
			s += alphabet[rng.IntN(len(alphabet))]
		}
		cases = append(cases, s)
	}
	for _, s := range cases {
		want, err := jsonMarshal(s)
		if err != nil {
			t.Fatal(err)
		}
		var got bytes.Buffer
		appendString(&got, s)
		if got.String() != string(want) {
			t.Errorf("%q: got %s, want %s", s, got.Bytes(), want)
		}
	}
}

// TestTextAppendMatchesMarshal compares the text fast path with the
// encoding/json form of the same text node.
func TestTextAppendMatchesMarshal(t *testing.T) {
	for _, txt := range []*Text{
		{},
		NewText("plain"),
		NewText("bold \"q\"", Mark{Type: MarkBold}, Mark{Type: MarkItalic}),
		{Key: "k1", Leaves: []Leaf{{Text: "a"}, {Text: "b", Marks: []Mark{{Type: MarkColor, Text: "red"}}}}},
	} {
		want, err := jsonMarshal(txt.toJSON())
		if err != nil {
			t.Fatal(err)
		}
		var got bytes.Buffer
		if err := txt.appendTo(&got); err != nil {
			t.Fatal(err)
		}
		if got.String() != string(want) {
			t.Errorf("got  %s\nwant %s", got.Bytes(), want)
		}
	}
	var buf bytes.Buffer
	if err := appendJSON(&buf, &Paragraph{}); err != nil || buf.String() != "{}" {
		t.Errorf("empty data: %s, %v", buf.Bytes(), err)
	}
	buf.Reset()
	if err := appendJSON(&buf, (*Paragraph)(nil)); err != nil || buf.String() != "null" {
		t.Errorf("nil data: %s, %v", buf.Bytes(), err)
	}
}
