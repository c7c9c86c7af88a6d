package markdown

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestZZDiffs prints, per project, the first differing line of each page.
func TestZZDiffs(t *testing.T) {
	only := os.Getenv("P")
	var out strings.Builder
	for _, name := range []string{"BeefreeSDK", "NSO-developer", "dify-jp", "Lawnchair-community", "Lawnchair-developers", "Lawnchair-help"} {
		if only != "" && only != name {
			continue
		}
		pages := corpusPages(t, filepath.Join(corpusDir, corpusProjects[name]))
		same := 0
		for _, page := range pages {
			src, _ := os.ReadFile(page)
			p, _ := Parse(src, ParseOptions{Path: page})
			got := Print(p, PrintOptions{})
			if string(got) == string(src) {
				same++
				continue
			}
			fmt.Fprintf(&out, "DIFF %s\n%s\n", page, firstDiff(string(src), string(got)))
		}
		fmt.Fprintf(&out, "RATIO %-22s %4d/%4d (%.1f%%)\n", name, same, len(pages), 100*float64(same)/float64(len(pages)))
	}
	os.WriteFile("/tmp/diffs.txt", []byte(out.String()), 0o644)
}

// TestZZRT lists round-trip failures compactly.
func TestZZRT(t *testing.T) {
	var out strings.Builder
	entries, _ := os.ReadDir(corpusDir)
	var fails []string
	for _, e := range entries {
		if !e.IsDir() {
			continue
		}
		if d := os.Getenv("D"); d != "" && !strings.Contains(e.Name(), d) {
			continue
		}
		for _, page := range corpusPages(t, filepath.Join(corpusDir, e.Name(), "tree")) {
			src, _ := os.ReadFile(page)
			p1, _ := Parse(src, ParseOptions{Path: page})
			s1 := Print(p1, PrintOptions{})
			p2, _ := Parse(s1, ParseOptions{Path: page})
			if diff := cmp.Diff(p1.Document, p2.Document); diff != "" || p1.Title != p2.Title {
				fails = append(fails, page)
				if len(diff) > 3000 {
					diff = diff[:3000]
				}
				fmt.Fprintf(&out, "RT %s\n%s\n%s\n", page, diff, firstDiff(string(s1), string(Print(p2, PrintOptions{}))))
			}
		}
	}
	sort.Strings(fails)
	fmt.Fprintf(&out, "TOTAL %d\n", len(fails))
	os.WriteFile("/tmp/rt.txt", []byte(out.String()), 0o644)
}
