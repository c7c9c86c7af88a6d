package markdown

import (
	"os"
	"testing"

	"github.com/google/go-cmp/cmp"
	"golang.org/x/tools/txtar"
)

// TestFrontMatterRewrite reads one archive per case
// (../testdata/markdown/frontmatter/*.txtar): file.md is a page's front
// matter in the repository, fields.md a front matter giving the page's
// new fields; the fields printed over the file's front matter (as an
// export does for a changed page) must give the golden want.md, read back
// to fields.md's fields and keep every key file.md had that gitsync does
// not model. go test ./markdown -run TestFrontMatterRewrite -update
// rewrites want.md.
func TestFrontMatterRewrite(t *testing.T) {
	forEachArchive(t, "../testdata/markdown/frontmatter/*.txtar", func(t *testing.T, path string, ar *txtar.Archive, files map[string][]byte) {
		file, _ := Parse(files["file.md"], ParseOptions{Path: "page.md"})
		fields, _ := Parse(files["fields.md"], ParseOptions{Path: "page.md"})
		if file.FrontMatter == nil || fields.FrontMatter == nil {
			t.Fatal("file.md and fields.md need a front matter")
		}
		fm := *file.FrontMatter
		nf := fields.FrontMatter
		fm.Description, fm.Icon, fm.Cover, fm.CoverY, fm.CoverHeight = nf.Description, nf.Icon, nf.Cover, nf.CoverY, nf.CoverHeight
		fm.Hidden, fm.NoIndex, fm.NoRobotsIndex, fm.Tags, fm.Layout = nf.Hidden, nf.NoIndex, nf.NoRobotsIndex, nf.Tags, nf.Layout
		got := PrintFrontMatter(&fm)
		if *update {
			setArchiveFile(ar, "want.md", got)
			if err := os.WriteFile(path, txtar.Format(ar), 0o644); err != nil {
				t.Fatal(err)
			}
		} else if diff := cmp.Diff(string(files["want.md"]), string(got)); diff != "" {
			t.Errorf("printed front matter (-golden +got):\n%s", diff)
		}
		again, warns := Parse(got, ParseOptions{Path: "page.md"})
		if len(warns) != 0 || again.FrontMatter == nil {
			t.Fatalf("printed front matter does not read back: %v", warns)
		}
		back := *again.FrontMatter
		want := *nf
		for _, f := range []*FrontMatter{&back, &want} {
			f.Node, f.Source, f.LayoutKeys = nil, "", nil
		}
		if diff := cmp.Diff(want, back); diff != "" {
			t.Errorf("fields read back (-fields.md +printed):\n%s", diff)
		}
		var node, gotNode any
		if err := file.FrontMatter.Node.Decode(&node); err != nil {
			t.Fatal(err)
		}
		if err := again.FrontMatter.Node.Decode(&gotNode); err != nil {
			t.Fatal(err)
		}
		for k, v := range node.(map[string]any) {
			if knownFrontMatterKeys[k] {
				continue
			}
			if diff := cmp.Diff(v, gotNode.(map[string]any)[k]); diff != "" {
				t.Errorf("key %q (-file.md +printed):\n%s", k, diff)
			}
		}
	})
}
