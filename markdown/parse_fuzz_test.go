package markdown

import (
	"bytes"
	"encoding/json"
	"reflect"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/seed1bfafebe/gitsync/revision"
)

// FuzzParse checks that any input parses without panicking, with one valid
// span per top-level node, deterministically.
func FuzzParse(f *testing.F) {
	for _, cases := range [][]parseCase{basicBlockCases(), listCases(), tagCases()} {
		for _, c := range cases {
			f.Add([]byte(c.src))
		}
	}
	for _, s := range []string{
		"---\r\ndescription: x\r\n---\r\n# T\r\n\r\n<details>\r\n\r\n<summary>S</summary>\r\n\r\nb\r\n\r\n</details>\r\n",
		"\ufeff# T\n\n<figure><img src=\"a.png\" alt=\"\"><figcaption><p>c</p></figcaption></figure>\n",
		"| a | b |\n| - | :-: |\n| 1 |\n",
		"<table><thead><tr><th>A</th></tr></thead><tbody><tr><td><p>x</p></td></tr></tbody></table>\n",
		"{% hint %}{% hint %}{% hint %}x{% endhint %}{% endhint %}{% endhint %}\n",
		"* {% tabs %}\n{% endtabs %}\n> {% hint %}\n{% endhint %}\n",
		"<details>\n<details>\n</details>\n",
		"$$x$$ and $$\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		p, _ := Parse(src, ParseOptions{Path: "f.md"})
		checkSpans(t, "fuzz", src, p)
		p2, _ := Parse(bytes.Clone(src), ParseOptions{Path: "f.md"})
		// reflect first: cmp.Diff takes exponential time on deep trees.
		if !reflect.DeepEqual(p.Document.Nodes, p2.Document.Nodes) {
			t.Fatalf("Parse is not deterministic:\n%s", cmp.Diff(p.Document.Nodes, p2.Document.Nodes))
		}
		ParseSummary(src, "SUMMARY.md")
		// The document's JSON is valid and decodes to a document that
		// encodes to the same bytes.
		b1, err := revision.Marshal(p.Document)
		if err != nil || !json.Valid(b1) {
			t.Fatalf("document JSON: %v\n%s", err, b1)
		}
		var back revision.Document
		if err := json.Unmarshal(b1, &back); err != nil {
			t.Fatalf("decoding the document JSON: %v", err)
		}
		if b2, _ := revision.Marshal(&back); !bytes.Equal(b1, b2) {
			t.Fatalf("JSON round trip changed the bytes:\n%s", cmp.Diff(string(b1), string(b2)))
		}
	})
}
