package syncengine_test

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/seed1bfafebe/gitsync/internal/gittest"
	"github.com/seed1bfafebe/gitsync/markdown"
	"github.com/seed1bfafebe/gitsync/revision"
	"github.com/seed1bfafebe/gitsync/syncengine"
)

// deepSummary is a SUMMARY.md nesting n pages, one level each, and the
// pages.
func deepSummary(n int) map[string]string {
	files := map[string]string{"README.md": "# Home\n"}
	var b strings.Builder
	b.WriteString("# Table of contents\n\n* [Home](README.md)\n")
	for i := range n {
		fmt.Fprintf(&b, "%s* [Page %d](p%d.md)\n", strings.Repeat("  ", i+1), i, i)
		files[fmt.Sprintf("p%d.md", i)] = fmt.Sprintf("# Page %d\n", i)
	}
	files["SUMMARY.md"] = b.String()
	return files
}

func deepListPage(n int) string {
	var b strings.Builder
	b.WriteString("# Deep list\n\n")
	for i := range n {
		fmt.Fprintf(&b, "%s- item %d\n", strings.Repeat("  ", i), i)
	}
	return b.String()
}

func withReadme(readme string) map[string]string {
	return map[string]string{"README.md": readme, "SUMMARY.md": "# Table of contents\n\n* [Home](README.md)\n"}
}

// yamlBomb is YAML whose aliases expand to 9^n copies of a string.
func yamlBomb(n int) string {
	var b strings.Builder
	b.WriteString("a0: &a0 [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n")
	for i := 1; i <= n; i++ {
		fmt.Fprintf(&b, "a%d: &a%d [", i, i)
		for j := range 9 {
			if j > 0 {
				b.WriteString(",")
			}
			fmt.Fprintf(&b, "*a%d", i-1)
		}
		b.WriteString("]\n")
	}
	return b.String()
}

// TestHostileRepositories imports repositories built to be hostile: each
// gives exactly the typed limit error, or imports with the limit warning
// at the line where the limit was passed, in bounded time and memory.
func TestHostileRepositories(t *testing.T) {
	manyPages := map[string]string{"README.md": "# Home\n"}
	var sum strings.Builder
	sum.WriteString("# Table of contents\n\n")
	for i := range 30 {
		fmt.Fprintf(&sum, "* [P%d](p%d.md)\n", i, i)
		manyPages[fmt.Sprintf("p%d.md", i)] = "# P\n"
	}
	manyPages["SUMMARY.md"] = sum.String()
	manyEntries := map[string]string{"README.md": "# Home\n", "SUMMARY.md": "# T\n\n" + strings.Repeat("* [x](https://example.com)\n", 40)}

	tests := []struct {
		name      string
		files     map[string]string
		limits    syncengine.Limits
		wantLimit string            // the LimitError's Limit, "" for none
		wantWarn  *markdown.Warning // a warning the import must give
		check     func(*revision.Revision) error
	}{
		{name: "quotes nested 100,000 deep", files: withReadme("# Deep\n\n" + strings.Repeat(">", 100000) + " deep\n"),
			wantWarn: &markdown.Warning{Path: "README.md", Line: 3, Code: markdown.WarnLimit}},
		{name: "list nested 2,000 deep", files: withReadme(deepListPage(2000)),
			wantWarn: &markdown.Warning{Path: "README.md", Line: 3 + markdown.DefaultMaxNesting, Code: markdown.WarnLimit}},
		{name: "SUMMARY.md nested 1,000 deep", files: deepSummary(1000),
			wantWarn: &markdown.Warning{Path: "SUMMARY.md", Line: 3 + markdown.DefaultMaxNesting, Code: markdown.WarnLimit},
			check: func(rev *revision.Revision) error {
				if n := countPages(rev.Pages); n != 1001 {
					return fmt.Errorf("%d pages, want all 1001", n)
				}
				return nil
			}},
		{name: "nesting limit set lower", files: withReadme("# D\n\n> > > x\n"), limits: syncengine.Limits{Nesting: 2},
			wantWarn: &markdown.Warning{Path: "README.md", Line: 3, Code: markdown.WarnLimit}},
		{name: "file size", files: withReadme("# Big\n\n" + strings.Repeat("x", 2000) + "\n"), limits: syncengine.Limits{FileSize: 1000},
			wantLimit: syncengine.LimitFileSize},
		{name: "pages", files: manyPages, limits: syncengine.Limits{Pages: 20}, wantLimit: syncengine.LimitPages},
		{name: "SUMMARY entries", files: manyEntries, limits: syncengine.Limits{SummaryEntries: 30}, wantLimit: syncengine.LimitSummaryEntries},
		{name: "total bytes", files: manyPages, limits: syncengine.Limits{TotalBytes: 50}, wantLimit: syncengine.LimitTotalBytes},
		{name: "YAML bomb in front matter", files: withReadme("---\n" + yamlBomb(20) + "---\n# Home\n"), wantLimit: syncengine.LimitYAMLAliases},
		{name: "YAML bomb in .gitbook.yaml", files: map[string]string{".gitbook.yaml": yamlBomb(20), "README.md": "# Home\n"}, wantLimit: syncengine.LimitYAMLAliases},
		{name: "a few aliases pass", files: withReadme("---\na: &x 1\nb: *x\n---\n# Home\n")},
		{name: "config size", files: map[string]string{".gitbook.yaml": "# " + strings.Repeat("x", 2<<20) + "\n", "README.md": "# Home\n"},
			wantLimit: syncengine.LimitConfigSize},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			repo, _ := gittest.CommitFiles(t, tt.files)
			var before runtime.MemStats
			runtime.ReadMemStats(&before)
			start := time.Now()
			res, err := syncengine.Import(context.Background(), syncengine.Source{URL: "memory", Storer: repo.Storer},
				syncengine.ImportOptions{Limits: tt.limits})
			if d := time.Since(start); d > 20*time.Second {
				t.Errorf("import took %v", d)
			}
			var after runtime.MemStats
			runtime.ReadMemStats(&after)
			if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 2<<30 {
				t.Errorf("import allocated %d MiB", alloc>>20)
			}
			if tt.wantLimit != "" {
				var le *syncengine.LimitError
				if !errors.Is(err, syncengine.ErrLimit) || !errors.As(err, &le) || le.Limit != tt.wantLimit {
					t.Fatalf("err = %v, want a *LimitError of limit %q", err, tt.wantLimit)
				}
				if le.Value <= le.Max {
					t.Errorf("LimitError value %d within max %d", le.Value, le.Max)
				}
				return
			}
			if err != nil {
				t.Fatalf("Import: %v", err)
			}
			var limits []markdown.Warning
			for _, w := range res.Warnings {
				if w.Code == markdown.WarnLimit {
					w.Message = ""
					limits = append(limits, w)
				}
			}
			var want []markdown.Warning
			if tt.wantWarn != nil {
				want = []markdown.Warning{*tt.wantWarn}
			}
			if diff := cmp.Diff(want, limits); diff != "" {
				t.Errorf("limit warnings (-want +got):\n%s", diff)
			}
			if tt.check != nil {
				if err := tt.check(res.Revision); err != nil {
					t.Error(err)
				}
			}
		})
	}
}
