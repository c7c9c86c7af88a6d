package syncengine_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"sync"
	"testing"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/storage/memory"
	"github.com/seed1bfafebe/gitsync/internal/benchfloor"
	"github.com/seed1bfafebe/gitsync/internal/synth"
	"github.com/seed1bfafebe/gitsync/internal/synth/synthgit"
	"github.com/seed1bfafebe/gitsync/revision"
	"github.com/seed1bfafebe/gitsync/syncengine"
)

// benchSizes are the page counts of the import benchmarks (scripts/bench.sh
// divides each by its floor measured in the same run).
var benchSizes = []int{1000, 10000}

// benchRepo is a synthetic project committed into a memory repository.
type benchRepo struct {
	project *synth.Project
	st      *memory.Storage
	tip     plumbing.Hash
}

func (r *benchRepo) src() syncengine.Source { return syncengine.Source{URL: "memory", Storer: r.st} }

var (
	benchMu    sync.Mutex
	benchRepos = map[int]*benchRepo{}
)

// synthRepo returns the synthetic project of n pages, made once per run.
func synthRepo(b *testing.B, n int) *benchRepo {
	b.Helper()
	benchMu.Lock()
	defer benchMu.Unlock()
	if r, ok := benchRepos[n]; ok {
		return r
	}
	p := synth.Generate(synth.Options{Pages: n, Seed: 1})
	st := memory.NewStorage()
	tip, err := synthgit.Commit(st, p.Files, plumbing.ZeroHash, "synthetic project")
	if err != nil {
		b.Fatal(err)
	}
	r := &benchRepo{project: p, st: st, tip: tip}
	benchRepos[n] = r
	return r
}

func benchImport(b *testing.B, r *benchRepo, opts syncengine.ImportOptions) *syncengine.ImportResult {
	b.Helper()
	res, err := syncengine.Import(context.Background(), r.src(), opts)
	if err != nil {
		b.Fatal(err)
	}
	return res
}

// BenchmarkImport imports a synthetic project from a memory repository into
// a revision (no JSON written). Its floor is BenchmarkImportFloor.
func BenchmarkImport(b *testing.B) {
	for _, n := range benchSizes {
		b.Run(fmt.Sprintf("pages-%d", n), func(b *testing.B) {
			r := synthRepo(b, n)
			b.ReportAllocs()
			b.SetBytes(r.project.Bytes())
			cpu := benchfloor.CPU()
			for b.Loop() {
				benchImport(b, r, syncengine.ImportOptions{})
			}
			b.ReportMetric(benchfloor.CPUSince(cpu, b.N), benchfloor.CPUUnit)
		})
	}
}

// BenchmarkImportFloor is what no importer can avoid (package benchfloor):
// go-git reading every blob of the same commit and goldmark parsing every
// page, no HTML rendering, on all cores.
func BenchmarkImportFloor(b *testing.B) {
	for _, n := range benchSizes {
		b.Run(fmt.Sprintf("pages-%d", n), func(b *testing.B) {
			r := synthRepo(b, n)
			b.ReportAllocs()
			b.SetBytes(r.project.Bytes())
			cpu := benchfloor.CPU()
			for b.Loop() {
				st, err := benchfloor.Floor(context.Background(), r.st, r.tip)
				if err != nil || st.Pages < n {
					b.Fatal(err, st.Pages)
				}
			}
			b.ReportMetric(benchfloor.CPUSince(cpu, b.N), benchfloor.CPUUnit)
		})
	}
}

// BenchmarkReimport imports the commit that follows a one-page edit, given
// the revision of the import before it (what keeps ids without a space).
func BenchmarkReimport(b *testing.B) {
	for _, n := range benchSizes {
		b.Run(fmt.Sprintf("pages-%d", n), func(b *testing.B) {
			r := synthRepo(b, n)
			prev := benchImport(b, r, syncengine.ImportOptions{})
			files, _ := r.project.EditPage(n/2, "One more paragraph.")
			tip, err := synthgit.Commit(r.st, files, r.tip, "edit one page")
			if err != nil {
				b.Fatal(err)
			}
			defer resetBranch(b, r, r.tip)
			b.ReportAllocs()
			cpu := benchfloor.CPU()
			for b.Loop() {
				res := benchImport(b, r, syncengine.ImportOptions{Previous: prev.Revision})
				if res.Commit != tip.String() {
					b.Fatal("imported", res.Commit)
				}
			}
			b.ReportMetric(benchfloor.CPUSince(cpu, b.N), benchfloor.CPUUnit)
		})
	}
}

// mapCache is the simplest ParseCache: every parse kept, no eviction.
type mapCache struct {
	mu sync.Mutex
	m  map[syncengine.ParseKey]*syncengine.ParsedFile
}

func (c *mapCache) GetParsed(k syncengine.ParseKey) (*syncengine.ParsedFile, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	p, ok := c.m[k]
	return p, ok
}

func (c *mapCache) PutParsed(k syncengine.ParseKey, p *syncengine.ParsedFile) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.m == nil {
		c.m = map[syncengine.ParseKey]*syncengine.ParsedFile{}
	}
	c.m[k] = p
}

// BenchmarkReimportCached imports the commit that follows a one-page edit
// with a parse cache that the import before it filled (as a space does):
// only the edited page is parsed.
func BenchmarkReimportCached(b *testing.B) {
	for _, n := range benchSizes {
		b.Run(fmt.Sprintf("pages-%d", n), func(b *testing.B) {
			r := synthRepo(b, n)
			cache := &mapCache{}
			prev := benchImport(b, r, syncengine.ImportOptions{ParseCache: cache})
			files, _ := r.project.EditPage(n/2, "One more paragraph.")
			tip, err := synthgit.Commit(r.st, files, r.tip, "edit one page")
			if err != nil {
				b.Fatal(err)
			}
			defer resetBranch(b, r, r.tip)
			b.ReportAllocs()
			cpu := benchfloor.CPU()
			for b.Loop() {
				res := benchImport(b, r, syncengine.ImportOptions{Previous: prev.Revision, ParseCache: cache})
				if res.Commit != tip.String() {
					b.Fatal("imported", res.Commit)
				}
			}
			b.ReportMetric(benchfloor.CPUSince(cpu, b.N), benchfloor.CPUUnit)
		})
	}
}

// BenchmarkExportOnePageCached is BenchmarkExportOnePage with the parse
// cache of the import the revision came from (as a space exports).
func BenchmarkExportOnePageCached(b *testing.B) {
	benchExportOnePage(b, true)
}

// BenchmarkExportOnePage exports a revision in which one page has one more
// paragraph, onto the commit it was imported from.
func BenchmarkExportOnePage(b *testing.B) { benchExportOnePage(b, false) }

func benchExportOnePage(b *testing.B, cached bool) {
	for _, n := range benchSizes {
		b.Run(fmt.Sprintf("pages-%d", n), func(b *testing.B) {
			r := synthRepo(b, n)
			var cache syncengine.ParseCache
			if cached {
				cache = &mapCache{}
			}
			res := benchImport(b, r, syncengine.ImportOptions{ParseCache: cache})
			pg := pageAt(res.Revision.Pages, r.project.Pages[n/2])
			if pg == nil {
				b.Fatal("no page", r.project.Pages[n/2])
			}
			// A new document, not an edit in place: documents may be shared
			// with the parse cache.
			doc := *pg.Document
			doc.Nodes = append(slices.Clip(doc.Nodes), revision.NewBlock(&revision.Paragraph{}, revision.NewText("One more paragraph.")))
			pg.Document = &doc
			defer resetBranch(b, r, r.tip)
			b.ReportAllocs()
			cpu := benchfloor.CPU()
			for b.Loop() {
				out, err := syncengine.Export(context.Background(), r.src(), res.Revision, syncengine.ExportOptions{Message: "edit one page", ParseCache: cache})
				if err != nil || out.Commit == "" || len(out.Changes) != 1 {
					b.Fatal(err, out)
				}
				b.StopTimer()
				resetBranch(b, r, r.tip)
				b.StartTimer()
			}
			b.ReportMetric(benchfloor.CPUSince(cpu, b.N), benchfloor.CPUUnit)
		})
	}
}

// BenchmarkExportUnchanged exports the revision just imported: the whole
// cost of proving that nothing changed.
func BenchmarkExportUnchanged(b *testing.B) {
	for _, n := range benchSizes {
		b.Run(fmt.Sprintf("pages-%d", n), func(b *testing.B) {
			r := synthRepo(b, n)
			res := benchImport(b, r, syncengine.ImportOptions{})
			b.ReportAllocs()
			cpu := benchfloor.CPU()
			for b.Loop() {
				out, err := syncengine.Export(context.Background(), r.src(), res.Revision, syncengine.ExportOptions{Message: "noop"})
				if err != nil || out.Commit != "" {
					b.Fatal(err, out.Commit)
				}
			}
			b.ReportMetric(benchfloor.CPUSince(cpu, b.N), benchfloor.CPUUnit)
		})
	}
}

func resetBranch(b *testing.B, r *benchRepo, h plumbing.Hash) {
	if err := r.st.SetReference(plumbing.NewHashReference(synthgit.Branch, h)); err != nil {
		b.Fatal(err)
	}
}

// pageAt finds the page stored at the repository path p (under synth.Root).
func pageAt(pages []*revision.Page, p string) *revision.Page {
	for _, pg := range pages {
		if pg.Git != nil && synth.Root+"/"+pg.Git.Path == p {
			return pg
		}
		if f := pageAt(pg.Pages, p); f != nil {
			return f
		}
	}
	return nil
}

// BenchmarkEncode writes an imported revision as the CLI prints it. Its
// floor, BenchmarkEncodeFloor, indents the same JSON bytes: the least any
// encoder that prints indented JSON does.
func BenchmarkEncode(b *testing.B) {
	benchEncode(b, func(rev *revision.Revision, _ []byte) error { return revision.Encode(io.Discard, rev) })
}

func BenchmarkEncodeFloor(b *testing.B) {
	var buf bytes.Buffer
	benchEncode(b, func(_ *revision.Revision, compact []byte) error {
		buf.Reset()
		return json.Indent(&buf, compact, "", "  ")
	})
}

func benchEncode(b *testing.B, encode func(*revision.Revision, []byte) error) {
	const n = 1000
	b.Run(fmt.Sprintf("pages-%d", n), func(b *testing.B) {
		r := synthRepo(b, n)
		res := benchImport(b, r, syncengine.ImportOptions{})
		compact, err := json.Marshal(res.Revision)
		if err != nil {
			b.Fatal(err)
		}
		b.ReportAllocs()
		b.SetBytes(int64(len(compact)))
		cpu := benchfloor.CPU()
		for b.Loop() {
			if err := encode(res.Revision, compact); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(benchfloor.CPUSince(cpu, b.N), benchfloor.CPUUnit)
	})
}
