package markdown

import (
	"encoding/json"
	"testing"
)

// TestFormatKeepsMeaning: Format's output reads back to the document its
// input reads to, and a page it cannot print faithfully is left alone.
func TestFormatKeepsMeaning(t *testing.T) {
	for _, src := range []string{
		"# T\n\n- one\n- two\n",
		"---\ndescription: d\n---\n# T\n\nText *here*.\n",
		"# T\n\n<div>\n\n*x*\n\n</div>\n",
	} {
		out := Format("p.md", []byte(src))
		a, _ := Parse([]byte(src), ParseOptions{})
		b, _ := Parse(out, ParseOptions{})
		ja, _ := json.Marshal(a.Document)
		jb, _ := json.Marshal(b.Document)
		if string(ja) != string(jb) || a.Title != b.Title {
			t.Errorf("Format(%q) = %q reads back to another document", src, out)
		}
	}
	// The guard itself: a page and the canonical form of another.
	a, _ := Parse([]byte("# T\n\nx\n"), ParseOptions{})
	b, _ := Parse([]byte("# T\n\ny\n"), ParseOptions{})
	if samePage(a, b) {
		t.Error("samePage says two different documents are the same")
	}
}
