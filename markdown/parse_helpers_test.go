package markdown

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/seed1bfafebe/gitsync/revision"
)

// Helpers building the revision nodes the reader is expected to produce.

func rBlock(d revision.BlockData, ns ...revision.Node) *revision.Block {
	return revision.NewBlock(d, ns...)
}
func rPara(ns ...revision.Node) *revision.Block { return rBlock(&revision.Paragraph{}, ns...) }
func rText(s string, marks ...revision.MarkType) *revision.Text {
	return &revision.Text{Leaves: []revision.Leaf{rLeaf(s, marks...)}}
}
func rLeaves(ls ...revision.Leaf) *revision.Text { return &revision.Text{Leaves: ls} }
func rLeaf(s string, marks ...revision.MarkType) revision.Leaf {
	var ms []revision.Mark
	for _, m := range marks {
		ms = append(ms, revision.Mark{Type: m})
	}
	return revision.Leaf{Text: s, Marks: ms}
}
func rItem(ns ...revision.Node) *revision.Block { return rBlock(&revision.ListItem{}, ns...) }
func rCode(d *revision.Code, lines ...string) *revision.Block {
	var ns []revision.Node
	for _, l := range lines {
		ns = append(ns, rBlock(&revision.CodeLine{}, revision.NewText(l)))
	}
	return rBlock(d, ns...)
}
func rOpaque(s string) *revision.Opaque { return &revision.Opaque{Source: s} }
func rInline(s string) *revision.Opaque { return &revision.Opaque{Source: s, Inline: true} }
func rLink(url string, ns ...revision.Node) *revision.Inline {
	return revision.NewInline(&revision.Link{Ref: revision.URLRef(url)}, ns...)
}
func rp[T any](v T) *T { return &v }

// parseCase is a table test: src parsed with a nil resolver must give want.
type parseCase struct {
	name string
	src  string
	want []revision.Node
}

func runParseCases(t *testing.T, cases []parseCase) {
	t.Helper()
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p, _ := Parse([]byte(c.src), ParseOptions{Path: "p.md"})
			if diff := cmp.Diff(c.want, p.Document.Nodes); diff != "" {
				t.Errorf("Parse(%q) nodes (-want +got):\n%s", c.src, diff)
			}
			checkSpans(t, c.name, []byte(c.src), p)
		})
	}
}
