package syncengine_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/seed1bfafebe/gitsync/internal/gittest"
	"github.com/seed1bfafebe/gitsync/revision"
	"github.com/seed1bfafebe/gitsync/syncengine"
	"github.com/yuin/goldmark"
)

// synthPage is one page of the synthetic project: prose, a list, a hint,
// code, a table and links to its neighbours.
func synthPage(i, n int) string {
	return fmt.Sprintf(`---
description: Page %[1]d of the synthetic project.
---

# Page %[1]d

Some **bold** text, some _italic_ text and a [link to the next page](page-%[2]d.md).

## Steps <a href="#steps" id="steps"></a>

1. Open the file.
2. Edit the section [above](#steps).
3. Save it.

{%% hint style="info" %%}
Remember to commit page %[1]d.
{%% endhint %%}

`+"```go\nfunc page%[1]d() int { return %[1]d }\n```"+`

| Key | Value |
| --- | ----- |
| id  | %[1]d |
`, i, (i+1)%n)
}

func synthProject(n int) fstest.MapFS {
	var summary strings.Builder
	summary.WriteString("# Table of contents\n\n")
	files := fstest.MapFS{}
	for i := range n {
		name := fmt.Sprintf("page-%d.md", i)
		fmt.Fprintf(&summary, "* [Page %d](%s)\n", i, name)
		files[name] = &fstest.MapFile{Data: []byte(synthPage(i, n))}
	}
	files["SUMMARY.md"] = &fstest.MapFile{Data: []byte(summary.String())}
	return files
}

// BenchmarkImport imports a synthetic project from a memory repository.
// Its baseline, BenchmarkImportFloor, is what no importer can avoid:
// reading the same files and parsing them with plain goldmark. Report
// Import/Floor as the ratio (scripts/bench.sh does).
func BenchmarkImport(b *testing.B) {
	for _, n := range []int{100, 1000} {
		files := synthProject(n)
		repo, _ := gittest.CommitFS(b, files)
		src := syncengine.Source{URL: "memory", Storer: repo.Storer}
		b.Run(fmt.Sprintf("pages-%d", n), func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(projectBytes(files))
			for b.Loop() {
				if _, err := syncengine.Import(context.Background(), src, syncengine.ImportOptions{}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkImportFloor reads every file of the same repositories through
// the Git tree and parses it with goldmark, no GitBook extension.
func BenchmarkImportFloor(b *testing.B) {
	for _, n := range []int{100, 1000} {
		files := synthProject(n)
		repo, tip := gittest.CommitFS(b, files)
		b.Run(fmt.Sprintf("pages-%d", n), func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(projectBytes(files))
			md := goldmark.New()
			var out bytes.Buffer
			for b.Loop() {
				c, _ := repo.CommitObject(tip)
				tree, _ := c.Tree()
				fsys := syncengine.TreeFS(tree)
				for name := range files {
					data, err := fsys.ReadFile(name)
					if err != nil {
						b.Fatal(err)
					}
					out.Reset()
					if err := md.Convert(data, &out); err != nil {
						b.Fatal(err)
					}
				}
			}
		})
	}
}

// BenchmarkExportUnchanged exports the revision just imported: the whole
// cost of proving that nothing changed.
func BenchmarkExportUnchanged(b *testing.B) {
	for _, n := range []int{100, 1000} {
		files := synthProject(n)
		repo, _ := gittest.CommitFS(b, files)
		src := syncengine.Source{URL: "memory", Storer: repo.Storer}
		res, err := syncengine.Import(context.Background(), src, syncengine.ImportOptions{})
		if err != nil {
			b.Fatal(err)
		}
		b.Run(fmt.Sprintf("pages-%d", n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				out, err := syncengine.Export(context.Background(), src, res.Revision, syncengine.ExportOptions{Message: "noop"})
				if err != nil || out.Commit != "" {
					b.Fatal(err, out.Commit)
				}
			}
		})
	}
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
	for _, n := range []int{100, 1000} {
		files := synthProject(n)
		repo, _ := gittest.CommitFS(b, files)
		res, err := syncengine.Import(context.Background(), syncengine.Source{URL: "memory", Storer: repo.Storer}, syncengine.ImportOptions{})
		if err != nil {
			b.Fatal(err)
		}
		compact, err := json.Marshal(res.Revision)
		if err != nil {
			b.Fatal(err)
		}
		b.Run(fmt.Sprintf("pages-%d", n), func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(compact)))
			for b.Loop() {
				if err := encode(res.Revision, compact); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func projectBytes(files fstest.MapFS) int64 {
	var n int64
	for _, f := range files {
		n += int64(len(f.Data))
	}
	return n
}
