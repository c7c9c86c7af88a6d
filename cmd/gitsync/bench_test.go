package main

import (
	"context"
	"fmt"
	"io"
	"testing"

	"github.com/go-git/go-billy/v5/osfs"
	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/cache"
	"github.com/go-git/go-git/v5/storage/filesystem"
	"github.com/seed1bfafebe/gitsync/internal/benchfloor"
	"github.com/seed1bfafebe/gitsync/internal/synth"
	"github.com/seed1bfafebe/gitsync/internal/synth/synthgit"
)

// BenchmarkCLI runs "gitsync import REPO" (revision JSON written, to a
// discarding stdout) on a synthetic repository on disk, and its floor
// (package benchfloor) on the same repository: scripts/bench.sh reports
// import/floor. Sub-benchmarks: pages-N/import and pages-N/floor.
func BenchmarkCLI(b *testing.B) {
	for _, n := range []int{1000, 10000} {
		b.Run(fmt.Sprintf("pages-%d", n), func(b *testing.B) { benchCLI(b, n) })
	}
}

func benchCLI(b *testing.B, n int) {
	{
		p := synth.Generate(synth.Options{Pages: n, Seed: 1})
		dir := b.TempDir()
		st := filesystem.NewStorage(osfs.New(dir), cache.NewObjectLRUDefault())
		if _, err := git.Init(st, nil); err != nil {
			b.Fatal(err)
		}
		tip, err := synthgit.Commit(st, p.Files, plumbing.ZeroHash, "synthetic project")
		if err != nil {
			b.Fatal(err)
		}
		b.Run("import", func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(p.Bytes())
			cpu := benchfloor.CPU()
			for b.Loop() {
				if code := run(context.Background(), []string{"import", dir}, io.Discard, io.Discard); code != 0 {
					b.Fatal("exit", code)
				}
			}
			b.ReportMetric(benchfloor.CPUSince(cpu, b.N), benchfloor.CPUUnit)
		})
		b.Run("floor", func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(p.Bytes())
			cpu := benchfloor.CPU()
			for b.Loop() {
				// A fresh storer each time, as each gitsync run opens one.
				st := filesystem.NewStorage(osfs.New(dir), cache.NewObjectLRUDefault())
				if s, err := benchfloor.Floor(context.Background(), st, tip); err != nil || s.Pages < n {
					b.Fatal(err, s.Pages)
				}
			}
			b.ReportMetric(benchfloor.CPUSince(cpu, b.N), benchfloor.CPUUnit)
		})
	}
}
