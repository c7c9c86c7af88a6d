package markdown

import (
	"bytes"
	"github.com/seed1bfafebe/gitsync/internal/racetest"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

const corpusDir = "../../shared/corpus"

// corpusProjects are the GitBook-written projects whose pages should print
// back byte for byte.
var corpusProjects = map[string]string{
	"BeefreeSDK":            "BeefreeSDK__beefree-sdk-docs/tree",
	"NSO-developer":         "NSO-developer__nso-gitbook/tree",
	"dify-jp":               "zm1990s__dify-docs/tree/jp",
	"Lawnchair-community":   "LawnchairLauncher__docs/tree/community",
	"Lawnchair-developers":  "LawnchairLauncher__docs/tree/developers",
	"Lawnchair-help":        "LawnchairLauncher__docs/tree/help",
	"gitbook-changelog":     "GitbookIO__public-docs/tree/changelog",
	"gitbook-developers":    "GitbookIO__public-docs/tree/developers",
	"gitbook-documentation": "GitbookIO__public-docs/tree/documentation",
	"gitbook-guides":        "GitbookIO__public-docs/tree/guides",
	"gitbook-policies":      "GitbookIO__public-docs/tree/policies",
}

func fixtures(t *testing.T) map[string][]byte {
	t.Helper()
	files, _ := filepath.Glob("../testdata/markdown/*.md")
	out := map[string][]byte{}
	for _, f := range files {
		if filepath.Base(f) == "summary.md" {
			continue
		}
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		out[f] = b
	}
	return out
}

// TestPrintFixtures checks that each canonical fixture is a fixed point:
// Print(Parse(src)) == src.
func TestPrintFixtures(t *testing.T) {
	for name, src := range fixtures(t) {
		t.Run(filepath.Base(name), func(t *testing.T) {
			p, _ := Parse(src, ParseOptions{Path: name})
			got := Print(p, PrintOptions{})
			if diff := cmp.Diff(string(src), string(got)); diff != "" {
				t.Errorf("Print(Parse(%s)) (-want +got):\n%s", name, diff)
			}
		})
	}
}

func corpusPages(t testing.TB, dir string) []string {
	var pages []string
	filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return nil
		}
		if d.IsDir() && d.Name() == ".gitbook" {
			return filepath.SkipDir
		}
		if !d.IsDir() && strings.HasSuffix(p, ".md") && d.Name() != "SUMMARY.md" {
			pages = append(pages, p)
		}
		return nil
	})
	return pages
}

// roundTrip checks parse∘print: the document printed and parsed again is the
// document.
func roundTrip(t *testing.T, name string, src []byte) {
	t.Helper()
	p1, _ := Parse(src, ParseOptions{Path: name})
	out := Print(p1, PrintOptions{})
	p2, _ := Parse(out, ParseOptions{Path: name})
	if diff := cmp.Diff(p1.Document, p2.Document); diff != "" {
		t.Errorf("%s: document changed by print+parse (-first +second):\n%s", name, diff)
	}
	if p1.Title != p2.Title {
		t.Errorf("%s: title %q became %q", name, p1.Title, p2.Title)
	}
	if (p1.FrontMatter == nil) != (p2.FrontMatter == nil) {
		t.Errorf("%s: front matter presence changed", name)
	} else if p1.FrontMatter != nil {
		a, b := *p1.FrontMatter, *p2.FrontMatter
		a.Node, b.Node, a.Source, b.Source = nil, nil, "", ""
		if diff := cmp.Diff(a, b); diff != "" {
			t.Errorf("%s: front matter changed (-first +second):\n%s", name, diff)
		}
	}
}

func TestRoundTripFixtures(t *testing.T) {
	for name, src := range fixtures(t) {
		roundTrip(t, name, src)
	}
}

func TestRoundTripCorpus(t *testing.T) {
	racetest.SkipSweep(t)
	if _, err := os.Stat(corpusDir); err != nil {
		t.Skip("corpus absent")
	}
	var dirs []string
	entries, _ := os.ReadDir(corpusDir)
	for _, e := range entries {
		if e.IsDir() {
			dirs = append(dirs, filepath.Join(corpusDir, e.Name(), "tree"))
		}
	}
	for _, d := range dirs {
		for _, page := range corpusPages(t, d) {
			src, err := os.ReadFile(page)
			if err != nil {
				continue
			}
			roundTrip(t, strings.TrimPrefix(page, corpusDir+"/"), src)
		}
	}
}

// TestCorpusByteIdentical measures, per GitBook-written project, the share of
// pages for which Print(Parse(src)) == src. Set PRINT_DIFFS=1 to list the
// pages that differ with their first differing line.
func TestCorpusByteIdentical(t *testing.T) {
	racetest.SkipSweep(t)
	if _, err := os.Stat(corpusDir); err != nil {
		t.Skip("corpus absent")
	}
	show := os.Getenv("PRINT_DIFFS") != ""
	names := make([]string, 0, len(corpusProjects))
	for name := range corpusProjects {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		pages := corpusPages(t, filepath.Join(corpusDir, corpusProjects[name]))
		same := 0
		for _, page := range pages {
			src, err := os.ReadFile(page)
			if err != nil {
				continue
			}
			p, _ := Parse(src, ParseOptions{Path: page})
			got := Print(p, PrintOptions{})
			if bytes.Equal(got, src) {
				same++
				continue
			}
			if show {
				t.Logf("DIFF %s\n%s", page, firstDiff(string(src), string(got)))
			}
		}
		if len(pages) > 0 {
			t.Logf("%-22s %4d/%4d byte-identical (%.1f%%)", name, same, len(pages), 100*float64(same)/float64(len(pages)))
		}
	}
}

func firstDiff(want, got string) string {
	wl, gl := strings.Split(want, "\n"), strings.Split(got, "\n")
	for i := 0; i < len(wl) || i < len(gl); i++ {
		var w, g string
		if i < len(wl) {
			w = wl[i]
		}
		if i < len(gl) {
			g = gl[i]
		}
		if w != g {
			return "  line " + strconv.Itoa(i+1) + "\n  want: " + clip(w) + "\n  got:  " + clip(g)
		}
	}
	return ""
}

func clip(s string) string {
	if len(s) > 300 {
		return s[:300] + "…"
	}
	return s
}

// FuzzRoundTrip checks that printing is a fixed point after one round and
// never panics.
func FuzzRoundTrip(f *testing.F) {
	seeds, _ := filepath.Glob("../testdata/markdown/*.md")
	for _, s := range seeds {
		if b, err := os.ReadFile(s); err == nil {
			f.Add(b)
		}
	}
	f.Add([]byte("* a\n\n  b\n"))
	f.Add([]byte("**x **y\n"))
	f.Fuzz(func(t *testing.T, x []byte) {
		p1, _ := Parse(x, ParseOptions{})
		s1 := Print(p1, PrintOptions{})
		p2, _ := Parse(s1, ParseOptions{})
		s2 := Print(p2, PrintOptions{})
		if !bytes.Equal(s1, s2) {
			t.Errorf("not a fixed point:\n%q\n%q\n%q", x, s1, s2)
		}
	})
}
