package synth_test

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/seed1bfafebe/gitsync/internal/synth"
	"github.com/seed1bfafebe/gitsync/markdown"
	"github.com/seed1bfafebe/gitsync/revision"
)

// mix counts the nodes of each type (blocks, inlines, "opaque") per page.
type mix struct {
	pages  int
	bytes  int
	counts map[string]int
}

func (m *mix) add(name string, data []byte) {
	m.pages++
	m.bytes += len(data)
	pg, _ := markdown.Parse(data, markdown.ParseOptions{Path: name})
	if pg.Document == nil {
		return
	}
	revision.WalkNodes(pg.Document.Nodes, func(n revision.Node) {
		switch n := n.(type) {
		case *revision.Block:
			m.counts[n.Type()]++
		case *revision.Inline:
			m.counts[n.Type()]++
		case *revision.Opaque:
			m.counts["opaque"]++
		}
	})
}

func (m *mix) perPage(typ string) float64 { return float64(m.counts[typ]) / float64(m.pages) }

// TestMixCloseToCorpus measures the nodes per page of the corpus's pages
// and of a synthetic project: the common ones must be within a factor of
// two of each other, so that benchmarks on synthetic pages say something
// about real ones.
func TestMixCloseToCorpus(t *testing.T) {
	dir := "/work/shared/corpus"
	if _, err := os.Stat(filepath.Join("..", "..", "..", "shared", "corpus")); err == nil {
		dir = filepath.Join("..", "..", "..", "shared", "corpus")
	}
	if _, err := os.Stat(dir); err != nil {
		t.Skip("corpus not found (../shared/corpus)")
	}
	if testing.Short() {
		t.Skip("parses the whole corpus")
	}
	corpus := mix{counts: map[string]int{}}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".md") || filepath.Base(p) == "SUMMARY.md" || !strings.Contains(p, "/tree/") {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		corpus.add(p, data)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	p := synth.Generate(synth.Options{Pages: 500, Seed: 1})
	syn := mix{counts: map[string]int{}}
	for _, name := range p.Pages {
		syn.add(name, p.Files[name].Data)
	}
	t.Logf("bytes per page: corpus %d, synthetic %d", corpus.bytes/corpus.pages, syn.bytes/syn.pages)
	if r := float64(syn.bytes*corpus.pages) / float64(corpus.bytes*syn.pages); r < 0.5 || r > 2 {
		t.Errorf("bytes per page: synthetic/corpus = %.2f, want within 2x", r)
	}
	for _, typ := range []string{"paragraph", "code", "code-line", "list-item", "list-unordered", "list-ordered",
		"heading-1", "heading-2", "heading-3", "blockquote", "hint", "table", "tabs", "tabs-item",
		"expandable", "images", "link", "opaque"} {
		c, s := corpus.perPage(typ), syn.perPage(typ)
		t.Logf("%-15s corpus %6.2f synthetic %6.2f", typ, c, s)
		if s < c/2 || s > c*2 {
			t.Errorf("%s per page: corpus %.2f, synthetic %.2f: want within 2x", typ, c, s)
		}
	}
	for _, typ := range []string{"divider", "embed", "stepper", "inline-image", "emoji"} {
		if syn.counts[typ] == 0 {
			t.Errorf("no %s in the synthetic project", typ)
		}
	}
}
