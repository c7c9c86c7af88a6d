package markdown

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/seed1bfafebe/gitsync/revision"
)

// cellTexts returns the plain text of a table's header and cells, row by row.
func cellTexts(t *testing.T, src string) [][]string {
	t.Helper()
	p, _ := Parse([]byte(src), ParseOptions{})
	if len(p.Document.Nodes) != 1 {
		t.Fatalf("%q: %d blocks, want one table", src, len(p.Document.Nodes))
	}
	b := p.Document.Nodes[0].(*revision.Block)
	tbl, ok := b.Data.(*revision.Table)
	if !ok {
		t.Fatalf("%q: %T, want a table", src, b.Data)
	}
	frags := map[string]*revision.Fragment{}
	for _, f := range b.Fragments {
		frags[f.Fragment] = f
	}
	var head []string
	for _, c := range tbl.View.Columns {
		head = append(head, tbl.Definition[c].Title)
	}
	out := [][]string{head}
	for _, r := range sortedRecords(tbl) {
		var row []string
		for _, c := range tbl.View.Columns {
			row = append(row, revision.PlainText(cellNodes(r.Values[c], frags)...))
		}
		out = append(out, row)
	}
	return out
}

func TestTableCellSpaces(t *testing.T) {
	for _, tc := range []struct {
		name, src string
		want      [][]string
	}{
		{"leading space in GitBook's layout",
			"| a | b   |\n| - | --- |\n| x |  yy |\n",
			[][]string{{"a", "b"}, {"x", " yy"}}},
		{"trailing space: delimiter wider than every cell",
			"| a    | b |\n| ---- | - |\n| xyz  | 1 |\n| x    | 2 |\n",
			[][]string{{"a", "b"}, {"xyz ", "1"}, {"x", "2"}}},
		{"two widest cells: the trailing space is not told",
			"| a    |\n| ---- |\n| xyz  |\n| abc  |\n",
			[][]string{{"a"}, {"xyz"}, {"abc"}}},
		{"hand-written layout keeps GFM's trimming",
			"| a | b |\n|---|---|\n|  x |  y  |\n",
			[][]string{{"a", "b"}, {"x", "y"}}},
		{"right-aligned column: spaces are padding",
			"| a |    b |\n| - | ---: |\n| x |   yy |\n",
			[][]string{{"a", "b"}, {"x", "yy"}}},
		{"character reference",
			"| a       |\n| ------- |\n| x&#x20; |\n",
			[][]string{{"a"}, {"x "}}},
		{"HTML cell holding a space",
			"<table><thead><tr><th width=\"9\">a</th></tr></thead><tbody><tr><td> </td></tr></tbody></table>\n",
			[][]string{{"a"}, {" "}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if diff := cmp.Diff(tc.want, cellTexts(t, tc.src)); diff != "" {
				t.Errorf("cells (-want +got):\n%s", diff)
			}
		})
	}
}

// Cells with edge spaces print so that they read back: kept as they are
// where the layout tells them from padding, "&#x20;" elsewhere.
func TestPrintTableCellSpaces(t *testing.T) {
	for _, tc := range []struct {
		name  string
		cells [][]string
		align string
		want  string
	}{
		{"leading kept", [][]string{{"a"}, {" x"}}, "", "| a  |\n| -- |\n|  x |"},
		{"unique widest trailing kept", [][]string{{"a"}, {"xy "}, {"z"}}, "", "| a   |\n| --- |\n| xy  |\n| z   |"},
		{"trailing not widest encoded", [][]string{{"abcd"}, {"x "}}, "", "| abcd    |\n| ------- |\n| x&#x20; |"},
		{"two trailing encoded", [][]string{{"a"}, {"x "}, {"y "}}, "", "| a       |\n| ------- |\n| x&#x20; |\n| y&#x20; |"},
		{"centred leading encoded", [][]string{{"a"}, {" x"}}, "center", "|    a    |\n| :-----: |\n| &#x20;x |"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tbl := &revision.Table{View: revision.TableView{Type: "grid"}, Definition: map[string]revision.TableDefinition{}, Records: map[string]revision.TableRecord{}}
			tbl.Definition["c0"] = revision.TableDefinition{ID: "c0", Title: tc.cells[0][0], Type: "text", TextAlignment: tc.align}
			tbl.View.Columns = []string{"c0"}
			b := revision.NewBlock(tbl)
			for i, row := range tc.cells[1:] {
				id := recordID(i)
				tbl.Records[id] = revision.TableRecord{OrderIndex: orderIndex(i), Values: map[string]revision.CellValue{"c0": {Fragment: cellFragment(i, 0)}}}
				b.Fragments = append(b.Fragments, &revision.Fragment{Fragment: cellFragment(i, 0), Nodes: []revision.Node{revision.NewBlock(&revision.Paragraph{}, revision.NewText(row[0]))}})
			}
			var p printer
			got := p.table(b, tbl)
			if got != tc.want {
				t.Errorf("got\n%s\nwant\n%s", got, tc.want)
			}
			src := got + "\n"
			if diff := cmp.Diff(tc.cells, cellTexts(t, src)); diff != "" {
				t.Errorf("read back (-want +got):\n%s", diff)
			}
		})
	}
}
