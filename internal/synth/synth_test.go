package synth_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/storage/memory"
	"github.com/google/go-cmp/cmp"
	"github.com/seed1bfafebe/gitsync/internal/synth"
	"github.com/seed1bfafebe/gitsync/internal/synth/synthgit"
	"github.com/seed1bfafebe/gitsync/revision"
	"github.com/seed1bfafebe/gitsync/syncengine"
)

func TestGenerateDeterministic(t *testing.T) {
	a := synth.Generate(synth.Options{Pages: 200, Seed: 7})
	b := synth.Generate(synth.Options{Pages: 200, Seed: 7})
	if len(a.Files) != len(b.Files) {
		t.Fatalf("%d files, then %d", len(a.Files), len(b.Files))
	}
	for name, f := range a.Files {
		if g, ok := b.Files[name]; !ok || !bytes.Equal(f.Data, g.Data) {
			t.Errorf("%s differs between two runs", name)
		}
	}
	c := synth.Generate(synth.Options{Pages: 200, Seed: 8})
	if bytes.Equal(a.Files[a.Pages[5]].Data, c.Files[c.Pages[5]].Data) {
		t.Error("another seed gave the same page")
	}
	// A page depends on its index and the page count, not on the others.
	d := synth.Generate(synth.Options{Pages: 200, Seed: 7, Assets: 20})
	if !bytes.Equal(a.Files[a.Pages[9]].Data, d.Files[d.Pages[9]].Data) {
		t.Error("page 9 changed with nothing but its index, seed and count equal")
	}
}

// TestImportSynth imports a generated project: every page is in the
// revision, three levels deep, under groups, with its assets and no warning.
func TestImportSynth(t *testing.T) {
	const n = 300
	p := synth.Generate(synth.Options{Pages: n, Seed: 1})
	st := memory.NewStorage()
	tip, err := synthgit.Commit(st, p.Files, plumbing.ZeroHash, "synthetic")
	if err != nil {
		t.Fatal(err)
	}
	res, err := syncengine.Import(context.Background(), syncengine.Source{URL: "memory", Storer: st}, syncengine.ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if res.Commit != tip.String() {
		t.Errorf("imported %s, want %s", res.Commit, tip)
	}
	checkWarnings(t, res.Warnings)
	docs, groups, depth := 0, 0, 0
	var walk func(ps []*revision.Page, d int)
	walk = func(ps []*revision.Page, d int) {
		for _, pg := range ps {
			if pg.Type == revision.PageGroup {
				groups++
			} else {
				docs++
				depth = max(depth, d)
			}
			walk(pg.Pages, d+1)
		}
	}
	walk(res.Revision.Pages, 0)
	if docs != n || groups < 2 || depth != 3 {
		t.Errorf("%d pages in %d groups, %d levels deep; want %d, at least 2 groups, 3 levels (group children are level 1)", docs, groups, depth, n)
	}
	assets := 0
	for name := range p.Files {
		if strings.Contains(name, ".gitbook/assets/") {
			assets++
		}
	}
	if len(res.Revision.Files) != assets {
		t.Errorf("%d revision files, want the %d assets", len(res.Revision.Files), assets)
	}
}

func TestWriteDir(t *testing.T) {
	p := synth.Generate(synth.Options{Pages: 20, Seed: 3})
	dir := t.TempDir()
	if err := synth.WriteDir(dir, p.Files); err != nil {
		t.Fatal(err)
	}
	res, err := syncengine.ImportFS(context.Background(), os.DirFS(dir), syncengine.ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(p.Pages[3])))
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(string(p.Files[p.Pages[3]].Data), string(got)); diff != "" {
		t.Errorf("page on disk (-want +got):\n%s", diff)
	}
	checkWarnings(t, res.Warnings)
}

func TestEditPage(t *testing.T) {
	p := synth.Generate(synth.Options{Pages: 20, Seed: 3})
	files, name := p.EditPage(4, "One more paragraph.")
	if name != p.Pages[4] {
		t.Errorf("edited %s, want %s", name, p.Pages[4])
	}
	for k, f := range files {
		if changed := !bytes.Equal(f.Data, p.Files[k].Data); changed != (k == name) {
			t.Errorf("%s: changed %v", k, changed)
		}
	}
}

// checkWarnings fails on any warning but the one the opaque HTML blocks
// (kept on purpose, as the corpus has them) give.
func checkWarnings(t *testing.T, ws []syncengine.Warning) {
	t.Helper()
	for _, w := range ws {
		if w.Code != "unknown-html" {
			t.Errorf("warning: %v", w)
		}
	}
}
