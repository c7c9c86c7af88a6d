package markdown

import (
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/seed1bfafebe/gitsync/internal/racetest"
	"github.com/seed1bfafebe/gitsync/revision"
)

// TestSummaryPrintsBack checks the SUMMARY.md constructs GitBook writes
// today print back byte for byte after ParseSummary: group anchors, link
// titles, a rule ending the last group, generated (OpenAPI) pages and links
// that leave the space.
func TestSummaryPrintsBack(t *testing.T) {
	tests := []struct {
		name, src string
		check     func(t *testing.T, s *Summary)
	}{
		{"group anchor", "# Table of contents\n\n* [Home](README.md)\n\n## Start here <a href=\"#begin\" id=\"begin\"></a>\n\n* [Install](install.md)\n",
			func(t *testing.T, s *Summary) {
				if g := s.Entries[1]; g.Title != "Start here" || g.Anchor != "begin" {
					t.Errorf("group = %q anchor %q, want \"Start here\" anchor \"begin\"", g.Title, g.Anchor)
				}
			}},
		{"link title", "# Table of contents\n\n* [A long title for the page](page.md \"Short\")\n* [Quoted](q.md \"say \\\"hi\\\"\")\n",
			func(t *testing.T, s *Summary) {
				if e := s.Entries[0]; e.Title != "A long title for the page" || e.LinkTitle != "Short" {
					t.Errorf("entry = %q link title %q", e.Title, e.LinkTitle)
				}
			}},
		{"rule ends the last group", "# Table of contents\n\n## Help\n\n* [FAQ](faq.md)\n\n***\n\n* [Extra](extra/README.md)\n  * [More](extra/more.md)\n",
			func(t *testing.T, s *Summary) {
				if len(s.Entries) != 2 || s.Entries[1].Group || s.Entries[1].Title != "Extra" {
					t.Errorf("entries after the rule joined the group: %+v", s.Entries)
				}
			}},
		{"generated page", "# Table of contents\n\n* [API](api/README.md)\n  * ```yaml\n    props:\n      models: false\n      grouping: by-tag\n    type: builtin:openapi\n    dependencies:\n      spec:\n        ref:\n          kind: openapi\n          spec: petstore\n    ```\n* [After](after.md)\n",
			func(t *testing.T, s *Summary) {
				want := `{"props":{"models":false,"grouping":"by-tag"},"type":"builtin:openapi","dependencies":{"spec":{"ref":{"kind":"openapi","spec":"petstore"}}}}`
				if got := string(s.Entries[0].Children[0].Computed); got != want {
					t.Errorf("computed = %s, want %s", got, want)
				}
			}},
		{"link out of the space", "# Table of contents\n\n* [Tags](../shared/tags.md)\n", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, warns := ParseSummary([]byte(tt.src), "SUMMARY.md")
			if len(warns) != 0 {
				t.Errorf("warnings: %v", warns)
			}
			if tt.check != nil {
				tt.check(t, s)
			}
			if diff := cmp.Diff(tt.src, string(PrintSummary(s))); diff != "" {
				t.Errorf("PrintSummary(ParseSummary(src)) (-want +got):\n%s", diff)
			}
		})
	}
}

// TestSummaryCorpus: every SUMMARY.md of GitBook's own docs (today's
// exporter) prints back byte for byte; the other GitBook-written projects'
// are logged (they hold lines older exporters wrote: "confd_lib.3.md"
// unescaped, anchors without "#").
func TestSummaryCorpus(t *testing.T) {
	racetest.SkipSweep(t)
	if _, err := os.Stat(corpusDir); err != nil {
		t.Skip("corpus absent")
	}
	names := make([]string, 0, len(corpusProjects))
	for name := range corpusProjects {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		src, err := os.ReadFile(filepath.Join(corpusDir, corpusProjects[name], "SUMMARY.md"))
		if err != nil {
			continue
		}
		s, _ := ParseSummary(src, "SUMMARY.md")
		if got := PrintSummary(s); string(got) != string(src) {
			report := t.Logf
			if strings.HasPrefix(name, "gitbook-") {
				report = t.Errorf
			}
			report("%s: SUMMARY.md does not print back\n%s", name, firstDiff(string(src), string(got)))
		}
	}
}

// TestFrontMatterTags: tags read into the page's tags and print back as
// GitBook writes them; a key gitsync does not model keeps its place before
// the others, the modelled keys come in GitBook's order, the file's and new
// ones alike (GITBOOK-1263 in GitBook's docs moved a file's "hidden" after
// its "description").
func TestFrontMatterTags(t *testing.T) {
	src := "---\nname: my-skill\ndescription: Old.\ntags:\n  - beta\n  - tag: new\n    primary: true\n---\n\n# Page\n\nText.\n"
	p, warns := Parse([]byte(src), ParseOptions{Path: "page.md"})
	if len(warns) != 0 {
		t.Errorf("warnings: %v", warns)
	}
	want := []revision.PageTag{{Tag: "beta"}, {Tag: "new", Primary: true}}
	if diff := cmp.Diff(want, p.FrontMatter.Tags); diff != "" {
		t.Errorf("tags (-want +got):\n%s", diff)
	}
	if got := string(Print(p, PrintOptions{})); got != src {
		t.Errorf("unchanged page printed\n%s\nwant\n%s", got, src)
	}
	p.FrontMatter.Description = "New."
	p.FrontMatter.Icon = "gear"
	p.FrontMatter.Tags = append(p.FrontMatter.Tags, revision.PageTag{Tag: "pro"})
	wantFM := "---\nname: my-skill\ndescription: New.\nicon: gear\ntags:\n  - beta\n  - tag: new\n    primary: true\n  - pro\n---\n"
	if got := string(PrintFrontMatter(p.FrontMatter)); got != wantFM {
		t.Errorf("edited front matter\n%s\nwant\n%s", got, wantFM)
	}
	nb := &FrontMatter{Description: "Ends with a no-break space\u00a0"}
	if got, want := string(PrintFrontMatter(nb)), "---\ndescription: \"Ends with a no-break space\\_\"\n---\n"; got != want {
		t.Errorf("U+00A0: got %q, want %q", got, want)
	}
}

// TestFrontMatterKeysSurviveRewrite: on every page of the corpus, a front
// matter printed from its fields (as an export does when a page changed)
// keeps every key of the file, in the order GitBook writes them: the keys
// gitsync does not model in the file's order, then the modelled ones in
// GitBook's order.
func TestFrontMatterKeysSurviveRewrite(t *testing.T) {
	racetest.SkipSweep(t)
	entries, err := os.ReadDir(corpusDir)
	if err != nil {
		t.Skip("corpus absent")
	}
	keys := func(fm *FrontMatter) []string {
		m := mappingNode(fm.Node)
		if m == nil {
			return nil
		}
		var out []string
		for i := 0; i+1 < len(m.Content); i += 2 {
			out = append(out, m.Content[i].Value)
		}
		return out
	}
	pages, lost := 0, 0
	for _, e := range entries {
		for _, page := range corpusPages(t, filepath.Join(corpusDir, e.Name(), "tree")) {
			src, err := os.ReadFile(page)
			if err != nil {
				continue
			}
			p, _ := Parse(src, ParseOptions{Path: page})
			if p.FrontMatter == nil || p.FrontMatter.Node == nil {
				continue
			}
			pages++
			fm := *p.FrontMatter
			fm.Source = ""
			out := PrintFrontMatter(&fm)
			again, _ := Parse(append(out, "\n# T\n"...), ParseOptions{})
			if again.FrontMatter == nil {
				t.Errorf("%s: front matter lost", page)
				continue
			}
			want := keys(p.FrontMatter)
			rank := func(k string) int { return slices.Index(frontMatterOrder, k) }
			sort.SliceStable(want, func(i, j int) bool { return rank(want[i]) < rank(want[j]) })
			if diff := cmp.Diff(want, keys(again.FrontMatter)); diff != "" {
				lost++
				if lost <= 5 {
					t.Errorf("%s: keys (-GitBook's order +rewritten):\n%s", page, diff)
				}
			}
		}
	}
	t.Logf("%d pages with front matter, %d lose or reorder keys", pages, lost)
}
