package markdown_test

import (
	"testing"

	"github.com/seed1bfafebe/gitsync/internal/synth"
	"github.com/seed1bfafebe/gitsync/markdown"
)

// benchProject is the synthetic project the page benchmarks read: its
// pages have the corpus's mix of blocks (package synth).
var benchProject = synth.Generate(synth.Options{Pages: 10000, Seed: 1})

// benchPages is a run of consecutive pages of benchProject, about the
// corpus's mean page size in all.
func benchPages() [][]byte {
	var out [][]byte
	for _, p := range benchProject.Pages[100:110] {
		out = append(out, benchProject.Files[p].Data)
	}
	return out
}

func pagesBytes(pages [][]byte) int64 {
	var n int64
	for _, p := range pages {
		n += int64(len(p))
	}
	return n
}

// BenchmarkParsePage parses synthetic pages (per op: ten pages).
func BenchmarkParsePage(b *testing.B) {
	pages := benchPages()
	b.ReportAllocs()
	b.SetBytes(pagesBytes(pages))
	for b.Loop() {
		for _, src := range pages {
			markdown.Parse(src, markdown.ParseOptions{})
		}
	}
}

// BenchmarkPrintPage prints the same pages, parsed once, in canonical form.
func BenchmarkPrintPage(b *testing.B) {
	pages := benchPages()
	parsed := make([]*markdown.Page, len(pages))
	for i, src := range pages {
		parsed[i], _ = markdown.Parse(src, markdown.ParseOptions{})
	}
	b.ReportAllocs()
	b.SetBytes(pagesBytes(pages))
	for b.Loop() {
		for _, p := range parsed {
			markdown.Print(p, markdown.PrintOptions{})
		}
	}
}

// BenchmarkSummary parses and prints the SUMMARY.md of 10,000 pages.
func BenchmarkSummary(b *testing.B) {
	src := benchProject.Files[synth.Root+"/SUMMARY.md"].Data
	b.ReportAllocs()
	b.SetBytes(int64(len(src)))
	for b.Loop() {
		s, _ := markdown.ParseSummary(src, "SUMMARY.md")
		markdown.PrintSummary(s)
	}
}
