package revision

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestIndenterMatchesIndent feeds the indenter JSON cut at every byte and
// compares with json.Indent.
func TestIndenterMatchesIndent(t *testing.T) {
	for _, src := range []string{
		`{}`, `[]`, `{"a":[]}`, `{"a":{},"b":[1,2,{"c":null}]}`,
		`{"s":"a \"quoted\" \\ string, with: [brackets] {and} commas","n":-1.5e3,"t":true,"f":false}`,
		`[[[]],[{}],"\\\\",""]`,
		`{ "raw" : [ 1 , { } ,"x y"] }`, // a Raw node may keep its spaces
		`{"u":"\u00e9\ud83d\ude80 <b>&</b>"}`,
		strings.Repeat("[", 80) + strings.Repeat("]", 80), // deeper than one slice of spaces
		strings.Repeat(`{"a":[`, 70) + "1" + strings.Repeat("]}", 70),
	} {
		var want bytes.Buffer
		if err := json.Indent(&want, []byte(src), "", "  "); err != nil {
			t.Fatalf("%s: %v", src, err)
		}
		for cut := 0; cut <= len(src); cut++ {
			var got bytes.Buffer
			ind := &indenter{w: bufio.NewWriter(&got)}
			ind.write([]byte(src[:cut]))
			ind.write([]byte(src[cut:]))
			ind.w.Flush()
			if got.String() != want.String() {
				t.Errorf("%s cut at %d:\n%s", src, cut, cmp.Diff(want.String(), got.String()))
				break
			}
		}
	}
}

// TestEncodeRevisionStreams checks that the streaming encoder writes the
// bytes of the indented MarshalJSON, nested pages and all.
func TestEncodeRevisionStreams(t *testing.T) {
	doc := func(s string) *Document {
		return &Document{Nodes: []Node{NewBlock(&Paragraph{}, NewText(s, Mark{Type: "bold"}))}}
	}
	child := &Page{Type: PageDocument, ID: "c", Title: "Child", Path: "a/c", Slug: "c", Document: doc("child \"quoted\"")}
	rev := &Revision{
		ID: "r", CreatedAt: "2024-01-02T03:04:05Z", AppURL: "gitsync:revisions/r",
		Pages: []*Page{
			{Type: PageDocument, ID: "a", Title: "A", Path: "a", Slug: "a", Document: doc("a [x] {y}"), Pages: []*Page{child}},
			{Type: PageGroup, ID: "g", Title: "G", Slug: "g", Path: "g"},
			{Type: PageLink, ID: "l", Title: "L", Href: "https://example.com"},
		},
		Files: []*File{{ID: "f", Name: "x.png", DownloadURL: "x.png", ContentType: "image/png", Git: &GitBlob{Path: "x.png"}}},
		Git:   &GitCommit{OID: "abc", Message: "m\n"},
	}
	compact, err := rev.MarshalJSON()
	if err != nil {
		t.Fatal(err)
	}
	var want bytes.Buffer
	if err := json.Indent(&want, compact, "", "  "); err != nil {
		t.Fatal(err)
	}
	want.WriteByte('\n')
	var got bytes.Buffer
	if err := Encode(&got, rev); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want.String(), got.String()); diff != "" {
		t.Errorf("streamed (-indented MarshalJSON +Encode):\n%s", diff)
	}
	if !strings.Contains(got.String(), "\"pages\": [\n") {
		t.Error("no indented pages")
	}
	// A write error is returned.
	if err := Encode(failWriter{}, rev); err == nil {
		t.Error("Encode into a failing writer: no error")
	}
}

type failWriter struct{}

func (failWriter) Write([]byte) (int, error) { return 0, errors.New("disk full") }
