package space_test

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/seed1bfafebe/gitsync/internal/gittest"
	"github.com/seed1bfafebe/gitsync/syncengine"
	"github.com/seed1bfafebe/gitsync/syncengine/space"
)

// synthPages generates a project of n pages in a SUMMARY.md tree of
// sections of 20, each page a few kilobytes of the constructs real pages
// use (headings, lists, links to other pages, code, a table, a hint).
func synthPages(n int) map[string]string {
	files := map[string]string{}
	var sum strings.Builder
	sum.WriteString("# Table of contents\n\n")
	for i := range n {
		sec := i / 20
		if i%20 == 0 {
			fmt.Fprintf(&sum, "\n## Section %d\n\n", sec)
		}
		p := fmt.Sprintf("s%03d/page-%05d.md", sec, i)
		fmt.Fprintf(&sum, "* [Page %d](%s)\n", i, p)
		files[p] = synthPage(i, n, 0)
	}
	files["SUMMARY.md"] = sum.String()
	files["README.md"] = "# Home\n\nThe synthetic docs.\n"
	return files
}

func synthPage(i, n, edit int) string {
	var b strings.Builder
	fmt.Fprintf(&b, "---\ndescription: Page %d of the synthetic docs.\n---\n\n# Page %d\n\n", i, i)
	for k := range 6 {
		fmt.Fprintf(&b, "## Part %d\n\nThis paragraph of page %d (edit %d) has **bold**, _emphasis_, `code` and a [link to page %d](../s%03d/page-%05d.md).\n\n",
			k, i, edit, (i+k+1)%n, ((i+k+1)%n)/20, (i+k+1)%n)
		fmt.Fprintf(&b, "* item one of part %d\n* item two\n  * nested item\n\n", k)
	}
	b.WriteString("```go\nfunc main() {\n\tprintln(\"hello\")\n}\n```\n\n")
	b.WriteString("| Name | Value |\n| ---- | ----- |\n| a | 1 |\n| b | 2 |\n\n")
	b.WriteString("{% hint style=\"info\" %}\nA hint with a [link](https://example.com).\n{% endhint %}\n")
	return b.String()
}

// benchRepo is a repository of a synthetic project that benchmarks add
// one-page commits to.
type benchRepo struct {
	repo  *git.Repository
	tip   plumbing.Hash
	files map[string]string
	n     int
	edits int
}

func newBenchRepo(b *testing.B, n int) *benchRepo {
	files := synthPages(n)
	repo, tip := gittest.CommitFiles(b, files)
	return &benchRepo{repo: repo, tip: tip, files: files, n: n}
}

// editOnePage commits a change to one page.
func (r *benchRepo) editOnePage(b *testing.B) {
	r.edits++
	i := (r.edits * 37) % r.n
	r.files[fmt.Sprintf("s%03d/page-%05d.md", i/20, i)] = synthPage(i, r.n, r.edits)
	r.tip = gittest.AddCommit(b, r.repo, r.tip, gittest.Files(r.files))
}

func (r *benchRepo) engine() *space.Engine {
	return space.New(space.Options{Resolvers: map[string]space.Resolver{"mem": func(context.Context, *url.URL) (syncengine.Source, error) {
		return syncengine.Source{URL: "mem://bench", Storer: r.repo.Storer}, nil
	}}})
}

var benchReq = space.ImportRequest{URL: "mem://example.com/bench.git", Ref: "refs/heads/main"}

// BenchmarkSpaceImport compares a full import of a space (fresh engine,
// nothing cached) with a re-import after a one-page commit. The issue's
// bar: the re-import takes at most 10% of the full import.
func BenchmarkSpaceImport(b *testing.B) {
	for _, n := range benchSizes() {
		b.Run(fmt.Sprintf("full/pages=%d", n), func(b *testing.B) {
			r := newBenchRepo(b, n)
			b.ReportAllocs()
			cpu := cpuTime()
			for b.Loop() {
				if _, err := r.engine().Import(context.Background(), "s", benchReq); err != nil {
					b.Fatal(err)
				}
			}
			reportCPU(b, cpuTime()-cpu)
		})
		b.Run(fmt.Sprintf("reimport-one-page/pages=%d", n), func(b *testing.B) {
			r := newBenchRepo(b, n)
			e := r.engine()
			if _, err := e.Import(context.Background(), "s", benchReq); err != nil {
				b.Fatal(err)
			}
			b.ReportAllocs()
			b.ResetTimer()
			var cpu time.Duration
			for range b.N {
				b.StopTimer()
				r.editOnePage(b)
				runtime.GC() // the edit's garbage is not the import's
				b.StartTimer()
				start := cpuTime()
				res, err := e.Import(context.Background(), "s", benchReq)
				if err != nil {
					b.Fatal(err)
				}
				cpu += cpuTime() - start
				if res.Parsed != 1 {
					b.Fatalf("re-import parsed %d files, want 1", res.Parsed)
				}
			}
			reportCPU(b, cpu)
		})
	}
}

// benchSizes are the space sizes benchmarked; GITSYNC_BENCH_10K=1 adds
// 10,000 pages (a full import of it takes a minute); GITSYNC_BENCH_PAGES=n
// benchmarks n pages only.
func benchSizes() []int {
	if n, err := strconv.Atoi(os.Getenv("GITSYNC_BENCH_PAGES")); err == nil && n > 0 {
		return []int{n}
	}
	if os.Getenv("GITSYNC_BENCH_10K") != "" {
		return []int{100, 1000, 10000}
	}
	return []int{100, 1000}
}

// reportCPU reports the process's CPU time per operation, the figure to
// take ratios of on a shared machine.
func reportCPU(b *testing.B, d time.Duration) {
	if d > 0 {
		b.ReportMetric(float64(d.Nanoseconds())/float64(b.N), "cpu-ns/op")
	}
}
