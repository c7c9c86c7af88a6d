package space_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// flat is a project without SUMMARY.md: pages come from the files.
var flat = map[string]string{
	"README.md": "# Home\n\nWelcome.\n",
	"a.md":      "# Alpha\n\nOne.\n\nTwo.\n\nThree.\n\nFour.\n",
	"b.md":      "# Beta\n\nThe beta page, moved later.\n",
	"c.md":      "# Gamma\n\nLine one of gamma.\n\nLine two of gamma.\n\nLine three of gamma.\n\nLine four of gamma.\n",
}

func TestStableIDsWithoutPrevious(t *testing.T) {
	f := newFixture(t, flat)
	first := f.mustImport("s", f.importReq(1))
	ids := pageIDs(first.Revision)

	// b.md moves unchanged (into a new folder, a page of its own); c.md
	// is renamed and edited (4 of 5 lines kept); d.md is new.
	f.commit(with(flat, map[string]string{
		"b.md": "", "moved/b.md": flat["b.md"],
		"c.md": "", "gamma.md": "# Gamma\n\nLine one of gamma.\n\nLine two of gamma, edited.\n\nLine three of gamma.\n\nLine four of gamma.\n",
		"d.md": "# Delta\n\nNew.\n",
	}))
	second := f.mustImport("s", f.importReq(2))
	got := pageIDs(second.Revision)
	for _, c := range []struct{ old, new string }{{"README.md", "README.md"}, {"a.md", "a.md"}, {"b.md", "moved/b.md"}, {"c.md", "gamma.md"}} {
		if got[c.new] != ids[c.old] {
			t.Errorf("%s -> %s: id %s, want %s", c.old, c.new, got[c.new], ids[c.old])
		}
	}
	// A new page's id is deterministic: the same in another space.
	other := newFixture(t, with(flat, map[string]string{"d.md": "# Delta\n\nNew.\n"}))
	if want := pageIDs(other.mustImport("t", other.importReq(1)).Revision)["d.md"]; got["d.md"] != want {
		t.Errorf("new page id %s, want the deterministic %s", got["d.md"], want)
	}
	if diff := cmp.Diff([]string{"page_created d.md", "page_created moved", "page_edited gamma.md", "page_moved moved/b.md"}, sortedStrings(changedPaths(second.Revision, second.Changes))); diff != "" {
		t.Errorf("changes (-want +got):\n%s", diff)
	}

	// A new page at b.md, where the moved page's id was made, gets an id
	// of its own: the moved page keeps its.
	f.commit(with(flat, map[string]string{
		"c.md": "", "gamma.md": "# Gamma\n\nLine one of gamma.\n\nLine two of gamma, edited.\n\nLine three of gamma.\n\nLine four of gamma.\n",
		"d.md": "# Delta\n\nNew.\n", "moved/b.md": flat["b.md"], "b.md": "# Another beta\n\nNothing alike.\n",
	}))
	third := f.mustImport("s", f.importReq(3))
	got3 := pageIDs(third.Revision)
	if got3["moved/b.md"] != ids["b.md"] {
		t.Errorf("moved page lost its id when a page took its old path: %s, want %s", got3["moved/b.md"], ids["b.md"])
	}
	if got3["b.md"] == ids["b.md"] || got3["b.md"] == "" {
		t.Errorf("new page at the old path took id %q", got3["b.md"])
	}
	seen := map[string]string{}
	for p, id := range got3 {
		if q, dup := seen[id]; dup {
			t.Errorf("pages %s and %s share id %s", p, q, id)
		}
		seen[id] = p
	}
}

func TestDissimilarRenameGetsNewID(t *testing.T) {
	f := newFixture(t, flat)
	ids := pageIDs(f.mustImport("s", f.importReq(1)).Revision)
	f.commit(with(flat, map[string]string{"c.md": "", "other.md": "# Something else\n\nEntirely different text.\n"}))
	got := pageIDs(f.mustImport("s", f.importReq(2)).Revision)
	if got["other.md"] == ids["c.md"] {
		t.Errorf("an unrelated new file took the deleted page's id")
	}
}

func TestReimportParsesOnlyNewBlobs(t *testing.T) {
	files := map[string]string{"README.md": "# Home\n\n[first](p000.md)\n"}
	for i := range 40 {
		files[fmt.Sprintf("p%03d.md", i)] = fmt.Sprintf("# Page %d\n\nText of page %d, linking [home](README.md).\n", i, i)
	}
	f := newFixture(t, files)
	first := f.mustImport("s", f.importReq(1))
	if first.Parsed != 41 || first.Reused != 0 {
		t.Errorf("first import parsed %d, reused %d; want 41, 0", first.Parsed, first.Reused)
	}
	f.commit(with(files, map[string]string{"p007.md": "# Page 7\n\nEdited.\n"}))
	second := f.mustImport("s", f.importReq(2))
	if second.Parsed != 1 || second.Reused != 40 {
		t.Errorf("re-import parsed %d, reused %d; want 1, 40", second.Parsed, second.Reused)
	}
	if diff := cmp.Diff([]string{"page_edited p007.md"}, changedPaths(second.Revision, second.Changes)); diff != "" {
		t.Errorf("changes (-want +got):\n%s", diff)
	}
	// The cache never changes the result: a fresh engine gives the same
	// revision.
	g := newFixture(t, with(files, map[string]string{"p007.md": "# Page 7\n\nEdited.\n"}))
	g.mustImport("s", g.importReq(1))
	fresh, _ := g.engine.Revision(g.ctx, "s")
	a, _ := second.Revision.MarshalJSON()
	b, _ := fresh.MarshalJSON()
	if diff := cmp.Diff(stripVolatile(string(b)), stripVolatile(string(a))); diff != "" {
		t.Errorf("cached re-import differs from a fresh import (-fresh +cached):\n%s", diff)
	}
	// A deleted link target is re-resolved: the page linking to it is
	// parsed again, not taken from the cache.
	f.commit(with(files, map[string]string{"p007.md": "# Page 7\n\nEdited.\n", "p000.md": ""}))
	third := f.mustImport("s", f.importReq(3))
	if third.Parsed != 1 {
		t.Errorf("after deleting a link target: parsed %d, want 1 (README.md)", third.Parsed)
	}
}

// stripVolatile drops what differs between two imports of the same tree
// in different commits: the revision id, parents and commit.
func stripVolatile(s string) string {
	if i := strings.Index(s, `"pages":`); i >= 0 {
		s = s[i:] // the revision's own id comes first
	}
	var out []string
	for _, l := range strings.Split(s, ",") {
		if strings.Contains(l, `"parents"`) || strings.HasPrefix(l, `{"object":"revision"`) || strings.HasPrefix(l, `"type":"edits"`) || strings.Contains(l, `"oid"`) ||
			strings.Contains(l, `"createdAt"`) || strings.Contains(l, `"message"`) || strings.Contains(l, `"app":"gitsync:revisions`) {
			continue
		}
		out = append(out, l)
	}
	return strings.Join(out, ",")
}

func sortedStrings(s []string) []string {
	out := append([]string(nil), s...)
	for i := range out {
		for j := i + 1; j < len(out); j++ {
			if out[j] < out[i] {
				out[i], out[j] = out[j], out[i]
			}
		}
	}
	return out
}
