package markdown

import (
	"github.com/seed1bfafebe/gitsync/internal/racetest"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/seed1bfafebe/gitsync/revision"
)

const readerCorpusDir = "../../shared/corpus"

// readerCorpusPages returns the .md files of the corpus trees; the test is
// skipped when the corpus is absent.
func readerCorpusPages(t testing.TB) []string {
	t.Helper()
	trees, _ := filepath.Glob(filepath.Join(readerCorpusDir, "*", "tree"))
	if len(trees) == 0 {
		t.Skip("corpus not present")
	}
	var files []string
	for _, tree := range trees {
		filepath.WalkDir(tree, func(p string, d fs.DirEntry, err error) error {
			if err == nil && !d.IsDir() && strings.HasSuffix(p, ".md") {
				files = append(files, p)
			}
			return nil
		})
	}
	return files
}

var opaqueKindRE = regexp.MustCompile(`^(\{%-? *[a-zA-Z-]+|<!--|</?[a-zA-Z][a-zA-Z0-9-]*|#+)`)

// opaqueKind names what an opaque block holds: "{% tag", "<html", "#####"…
func opaqueKind(src string) string {
	m := opaqueKindRE.FindString(strings.TrimSpace(src))
	if m == "" {
		return "other"
	}
	return m
}

// checkSpans asserts one span per top-level node, increasing, within src.
func checkSpans(t testing.TB, name string, src []byte, p *Page) {
	t.Helper()
	if len(p.Spans) != len(p.Document.Nodes) {
		t.Fatalf("%s: %d spans for %d nodes", name, len(p.Spans), len(p.Document.Nodes))
	}
	prev := p.BodyStart
	if prev < 0 || prev > len(src) {
		t.Fatalf("%s: BodyStart %d out of [0,%d]", name, prev, len(src))
	}
	for i, s := range p.Spans {
		if s.Start < prev || s.End < s.Start || s.End > len(src) {
			t.Fatalf("%s: span %d %+v invalid (previous end %d, len %d)", name, i, s, prev, len(src))
		}
		prev = s.End
	}
}

// spanPrefixes lists how the source of some blocks may start.
var spanPrefixes = map[string][]string{
	"hint": {"{% hint"}, "tabs": {"{% tabs"}, "stepper": {"{% stepper"}, "expandable": {"<details"},
	"content-ref": {"{% content-ref"}, "embed": {"{% embed"}, "swagger": {"{% openapi"},
	"heading-2": {"###", "<h3"}, "heading-3": {"####", "<h4"}, "math": {"$$"}, "reusable-content": {"{% include"},
	"images": {"<figure", "<div", "<img", "!["},
}

func TestParseCorpus(t *testing.T) {
	racetest.SkipSweep(t)
	files := readerCorpusPages(t)
	blockTypes := map[string]int{}
	opaque := map[string]int{}
	warnings := map[string]int{}
	mismatched := 0
	nested := map[string]int{} // opaque blocks inside blocks: unknown HTML, or not allowed there
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		p, warns := Parse(src, ParseOptions{Path: f})
		checkSpans(t, f, src, p)
		// A top-level opaque block holds exactly the bytes of its span.
		for i, n := range p.Document.Nodes {
			if b, ok := n.(*revision.Block); ok {
				span := strings.TrimLeft(string(src[p.Spans[i].Start:p.Spans[i].End]), " ")
				if prefix, ok := spanPrefixes[b.Type()]; ok && !hasAnyPrefix(span, prefix) {
					t.Errorf("%s: %s block %d has span %.60q", f, b.Type(), i, span)
				}
			}
			if o, ok := n.(*revision.Opaque); ok {
				if got := strings.ReplaceAll(string(src[p.Spans[i].Start:p.Spans[i].End]), "\r\n", "\n"); got != o.Source {
					mismatched++
					if mismatched <= 5 {
						t.Errorf("%s: opaque block %d source differs from its span:\n%q\n%q", f, i, o.Source, got)
					}
				}
			}
		}
		for _, w := range warns {
			warnings[w.Code]++
		}
		for _, top := range p.Document.Nodes {
			if o, ok := top.(*revision.Opaque); ok {
				opaque[opaqueKind(o.Source)]++
			}
		}
		revision.WalkNodes(p.Document.Nodes, func(n revision.Node) {
			switch n := n.(type) {
			case *revision.Block:
				blockTypes[n.Type()]++
				for _, c := range n.Nodes {
					if o, ok := c.(*revision.Opaque); ok {
						nested[n.Type()+" > "+opaqueKind(o.Source)]++
					}
				}
				for _, f := range n.Fragments {
					for _, c := range f.Nodes {
						if o, ok := c.(*revision.Opaque); ok {
							nested[n.Type()+"/"+f.Type+" > "+opaqueKind(o.Source)]++
						}
					}
				}
			}
		})
	}
	logCounts(t, "block types", blockTypes)
	logCounts(t, "top-level opaque blocks by kind", opaque)
	logCounts(t, "nested opaque blocks by container and kind", nested)
	logCounts(t, "warnings", warnings)
	t.Logf("%d pages", len(files))
	// GitBook's blocks must map to nodes in most cases (at top level, where
	// the schema allows them all).
	for _, c := range []struct{ node, opaque string }{
		{"hint", "{% hint"}, {"tabs", "{% tabs"}, {"code", "{% code"},
		{"expandable", "<details"}, {"images", "<figure"}, {"table", "<table"},
	} {
		if blockTypes[c.node] > 0 && opaque[c.opaque]*10 > blockTypes[c.node] {
			t.Errorf("%s: %d opaque for %d mapped", c.opaque, opaque[c.opaque], blockTypes[c.node])
		}
	}
}

func logCounts(t *testing.T, title string, m map[string]int) {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool { return m[keys[i]] > m[keys[j]] || m[keys[i]] == m[keys[j]] && keys[i] < keys[j] })
	var sb strings.Builder
	for _, k := range keys {
		sb.WriteString("\n  ")
		sb.WriteString(k)
		sb.WriteString(": ")
		sb.WriteString(itoa(m[k]))
	}
	t.Logf("%s:%s", title, sb.String())
}

func itoa(n int) string { return strconv.Itoa(n) }

// hasAnyPrefix reports whether s starts with one of prefixes.
func hasAnyPrefix(s string, prefixes []string) bool {
	for _, p := range prefixes {
		if strings.HasPrefix(s, p) {
			return true
		}
	}
	return false
}
