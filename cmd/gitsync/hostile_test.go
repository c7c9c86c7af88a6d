package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestHostileNestingCLI runs import and fmt on the three deep shapes of
// issue 19 (each took the CLI past a minute): exit 0, the limit warning on
// stderr naming the line, well within 20 seconds, and fmt keeps every byte
// of the deep part.
func TestHostileNestingCLI(t *testing.T) {
	var list, summary strings.Builder
	list.WriteString("# Deep list\n\n")
	for i := range 2000 {
		fmt.Fprintf(&list, "%s- item %d\n", strings.Repeat("  ", i), i)
	}
	summary.WriteString("# Table of contents\n\n")
	summaryFiles := map[string]string{}
	for i := range 1000 {
		fmt.Fprintf(&summary, "%s* [Page %d](p%d.md)\n", strings.Repeat("  ", i), i, i)
		if i < 10 || i == 999 {
			// A few files: committing a thousand through go-git's work
			// tree takes longer than the test (the others are warnings).
			summaryFiles[fmt.Sprintf("p%d.md", i)] = fmt.Sprintf("# Page %d\n", i)
		}
	}
	summaryFiles["SUMMARY.md"] = summary.String()
	quote := "# Deep quote\n\n" + strings.Repeat(">", 100000) + " deep\n"
	toc := "# Table of contents\n\n* [Deep](README.md)\n"
	tests := []struct {
		name, file string
		files      map[string]string
		warning    string
	}{
		{"quotes 100,000 deep", "README.md", map[string]string{"README.md": quote, "SUMMARY.md": toc}, "README.md:3: limit: "},
		{"list 2,000 deep", "README.md", map[string]string{"README.md": list.String(), "SUMMARY.md": toc}, "README.md:67: limit: "},
		{"SUMMARY.md 1,000 deep", "SUMMARY.md", summaryFiles, "SUMMARY.md:67: limit: "},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir, _ := diskRepo(t, tt.files)
			start := time.Now()
			code, out, stderr := runCLI(t, "import", dir)
			if code != 0 || !strings.HasPrefix(out, "{") || !strings.Contains(stderr, tt.warning) {
				t.Errorf("import: exit %d, stderr %.300q; want exit 0 and %q", code, stderr, tt.warning)
			}
			code, out, _ = runCLI(t, "fmt", filepath.Join(dir, tt.file))
			if code != 0 {
				t.Errorf("fmt: exit %d", code)
			}
			if tt.file == "README.md" {
				src, _ := os.ReadFile(filepath.Join(dir, tt.file))
				deep := string(src)[strings.Index(string(src), "\n\n")+2:]
				if i := strings.Index(deep, strings.Repeat("  ", 64)); i >= 0 {
					deep = deep[strings.LastIndex(deep[:i], "\n")+1:]
				}
				if !strings.Contains(out, deep) {
					t.Errorf("fmt lost the deep part")
				}
			}
			if d := time.Since(start); d > 20*time.Second {
				t.Errorf("import and fmt took %v", d)
			}
		})
	}
}
