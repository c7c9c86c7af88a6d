package syncengine_test

import (
	"context"
	"errors"
	"io/fs"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/object"
	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/seed1bfafebe/gitsync/internal/gittest"
	"github.com/seed1bfafebe/gitsync/revision"
	"github.com/seed1bfafebe/gitsync/syncengine"
)

// docsRepo is a small GitBook project in canonical form.
var docsRepo = map[string]string{
	"SUMMARY.md": `# Table of contents

* [Home](README.md)
* [Guide](guide/README.md)
  * [Install](guide/install.md)
  * [Configure](guide/configure.md)

## Reference

* [API](reference/api.md)
`,
	"README.md":          "# Home\n\nWelcome to the docs.\n\nRead the [install guide](guide/install.md).\n",
	"guide/README.md":    "# Guide\n\nHow to use it.\n",
	"guide/install.md":   "# Install\n\nFirst paragraph.\n\nSecond paragraph.\n\nThird paragraph.\n",
	"guide/configure.md": "# Configure\n\nSee [install](install.md).\n",
	"reference/api.md":   "# API\n\nThe API.\n",
	"LICENSE":            "not a page, never touched\n",
}

// docsWith is docsRepo with some files replaced or added.
func docsWith(changes map[string]string) map[string]string {
	files := map[string]string{}
	for k, v := range docsRepo {
		files[k] = v
	}
	for k, v := range changes {
		files[k] = v
	}
	return files
}

type fixture struct {
	t    *testing.T
	repo *git.Repository
	src  syncengine.Source
	tip  plumbing.Hash
}

func newFixture(t *testing.T, files map[string]string) *fixture {
	repo, tip := gittest.CommitFiles(t, files)
	return &fixture{t: t, repo: repo, src: syncengine.Source{URL: "memory", Storer: repo.Storer}, tip: tip}
}

// newDiskFixture is newFixture with the repository in a bare repository on
// disk.
func newDiskFixture(t *testing.T, files map[string]string) *fixture {
	mem, _ := gittest.CommitFiles(t, files)
	dir := t.TempDir()
	repo, err := git.PlainInit(dir, true)
	if err != nil {
		t.Fatal(err)
	}
	if err := copyRepo(mem, repo); err != nil {
		t.Fatal(err)
	}
	ref, err := repo.Reference(gittest.Branch, true)
	if err != nil {
		t.Fatal(err)
	}
	return &fixture{t: t, repo: repo, src: syncengine.Source{URL: dir}, tip: ref.Hash()}
}

// copyRepo copies every object and the main branch of src into dst.
func copyRepo(src, dst *git.Repository) error {
	iter, err := src.Storer.IterEncodedObjects(plumbing.AnyObject)
	if err != nil {
		return err
	}
	if err := iter.ForEach(func(o plumbing.EncodedObject) error {
		_, err := dst.Storer.SetEncodedObject(o)
		return err
	}); err != nil {
		return err
	}
	ref, err := src.Reference(gittest.Branch, true)
	if err != nil {
		return err
	}
	if err := dst.Storer.SetReference(ref); err != nil {
		return err
	}
	return dst.Storer.SetReference(plumbing.NewSymbolicReference(plumbing.HEAD, gittest.Branch))
}

func (f *fixture) importRev() *revision.Revision {
	f.t.Helper()
	res, err := syncengine.Import(context.Background(), f.src, syncengine.ImportOptions{})
	if err != nil {
		f.t.Fatalf("Import: %v", err)
	}
	return res.Revision
}

func (f *fixture) export(rev *revision.Revision, opts syncengine.ExportOptions) *syncengine.ExportResult {
	f.t.Helper()
	if opts.Message == "" {
		opts.Message = "Edit"
	}
	res, err := syncengine.Export(context.Background(), f.src, rev, opts)
	if err != nil {
		f.t.Fatalf("Export: %v", err)
	}
	return res
}

// files returns the tree of a commit as path -> content.
func (f *fixture) files(commit string) map[string]string {
	f.t.Helper()
	c, err := f.repo.CommitObject(plumbing.NewHash(commit))
	if err != nil {
		f.t.Fatal(err)
	}
	tree, err := c.Tree()
	if err != nil {
		f.t.Fatal(err)
	}
	out := map[string]string{}
	tree.Files().ForEach(func(file *object.File) error {
		s, err := file.Contents()
		if err != nil {
			return err
		}
		out[file.Name] = s
		return nil
	})
	return out
}

func findPage(t *testing.T, rev *revision.Revision, title string) (*revision.Page, *revision.Page) {
	t.Helper()
	var found, parent *revision.Page
	revision.Walk(rev.Pages, func(p, par *revision.Page) bool {
		if p.Title == title {
			found, parent = p, par
			return false
		}
		return true
	})
	if found == nil {
		t.Fatalf("no page %q", title)
	}
	return found, parent
}

func paragraph(text string) *revision.Block {
	return revision.NewBlock(&revision.Paragraph{}, revision.NewText(text))
}

func changesOf(res *syncengine.ExportResult) []string {
	var out []string
	for _, c := range res.Changes {
		s := c.Change + " " + c.Path
		if c.From != "" {
			s += " from " + c.From
		}
		out = append(out, s)
	}
	return out
}

var docOpts = cmp.Options{cmpopts.EquateEmpty()}

func TestExportUnchangedWritesNothing(t *testing.T) {
	f := newFixture(t, docsRepo)
	res := f.export(f.importRev(), syncengine.ExportOptions{})
	if res.Commit != "" || len(res.Changes) != 0 {
		t.Errorf("unchanged export wrote commit %q, changes %v", res.Commit, res.Changes)
	}
	if res.Parent != f.tip.String() {
		t.Errorf("parent = %s, want %s", res.Parent, f.tip)
	}
}

func TestExportEditKeepsOtherBlocks(t *testing.T) {
	f := newFixture(t, docsRepo)
	rev := f.importRev()
	p, _ := findPage(t, rev, "Install")
	p.Document.Nodes[1] = paragraph("Second paragraph, edited.")
	res := f.export(rev, syncengine.ExportOptions{})
	if diff := cmp.Diff([]string{"modified guide/install.md"}, changesOf(res)); diff != "" {
		t.Fatalf("changes (-want +got):\n%s", diff)
	}
	got := f.files(res.Commit)["guide/install.md"]
	want := "# Install\n\nFirst paragraph.\n\nSecond paragraph, edited.\n\nThird paragraph.\n"
	if got != want {
		t.Errorf("install.md:\n%s\nwant:\n%s", got, want)
	}
	// The commit re-imports to the edited revision.
	back := f.importRev()
	q, _ := findPage(t, back, "Install")
	if diff := cmp.Diff(p.Document, q.Document, docOpts); diff != "" {
		t.Errorf("re-import differs (-exported +reimported):\n%s", diff)
	}
}

func TestExportAddPage(t *testing.T) {
	f := newFixture(t, docsRepo)
	rev := f.importRev()
	guide, _ := findPage(t, rev, "Guide")
	guide.Pages = append(guide.Pages, &revision.Page{Type: revision.PageDocument, ID: "new1", Title: "Upgrade", Slug: "upgrade",
		Document: &revision.Document{Nodes: []revision.Node{paragraph("Upgrade in place.")}}})
	res := f.export(rev, syncengine.ExportOptions{})
	if diff := cmp.Diff([]string{"modified SUMMARY.md", "added guide/upgrade.md"}, changesOf(res)); diff != "" {
		t.Fatalf("changes (-want +got):\n%s", diff)
	}
	files := f.files(res.Commit)
	if got, want := files["guide/upgrade.md"], "# Upgrade\n\nUpgrade in place.\n"; got != want {
		t.Errorf("upgrade.md = %q, want %q", got, want)
	}
	wantSummary := strings.Replace(docsRepo["SUMMARY.md"], "  * [Configure](guide/configure.md)\n",
		"  * [Configure](guide/configure.md)\n  * [Upgrade](guide/upgrade.md)\n", 1)
	if diff := cmp.Diff(wantSummary, files["SUMMARY.md"]); diff != "" {
		t.Errorf("SUMMARY.md (-want +got):\n%s", diff)
	}
}

func TestExportDeletePage(t *testing.T) {
	f := newFixture(t, docsRepo)
	rev := f.importRev()
	guide, _ := findPage(t, rev, "Guide")
	guide.Pages = guide.Pages[:1] // drop Configure
	res := f.export(rev, syncengine.ExportOptions{})
	if diff := cmp.Diff([]string{"modified SUMMARY.md", "deleted guide/configure.md"}, changesOf(res)); diff != "" {
		t.Fatalf("changes (-want +got):\n%s", diff)
	}
	files := f.files(res.Commit)
	if _, ok := files["guide/configure.md"]; ok {
		t.Error("configure.md still in the tree")
	}
	if files["LICENSE"] != docsRepo["LICENSE"] {
		t.Error("a file the engine does not own changed")
	}
	wantSummary := strings.Replace(docsRepo["SUMMARY.md"], "  * [Configure](guide/configure.md)\n", "", 1)
	if diff := cmp.Diff(wantSummary, files["SUMMARY.md"]); diff != "" {
		t.Errorf("SUMMARY.md (-want +got):\n%s", diff)
	}
}

// moveInstallToReference moves docsRepo's Install page from the Guide to the
// end of the Reference group, and returns it.
func moveInstallToReference(t *testing.T, rev *revision.Revision) *revision.Page {
	t.Helper()
	guide, _ := findPage(t, rev, "Guide")
	install := guide.Pages[0]
	guide.Pages = guide.Pages[1:]
	ref, _ := findPage(t, rev, "Reference")
	ref.Pages = append(ref.Pages, install)
	return install
}

func TestExportMovePageRenamesAndFixesLinks(t *testing.T) {
	f := newFixture(t, docsRepo)
	rev := f.importRev()
	moveInstallToReference(t, rev)
	res := f.export(rev, syncengine.ExportOptions{})
	want := []string{"modified README.md", "modified SUMMARY.md", "modified guide/configure.md", "renamed reference/install.md from guide/install.md"}
	if diff := cmp.Diff(want, changesOf(res)); diff != "" {
		t.Fatalf("changes (-want +got):\n%s", diff)
	}
	files := f.files(res.Commit)
	if _, ok := files["guide/install.md"]; ok {
		t.Error("the old file is still there: a move must not duplicate")
	}
	if got := files["reference/install.md"]; got != docsRepo["guide/install.md"] {
		t.Errorf("moved page content changed: %q", got)
	}
	if got, want := files["guide/configure.md"], "# Configure\n\nSee [install](../reference/install.md).\n"; got != want {
		t.Errorf("link not updated: %q, want %q", got, want)
	}
	wantSummary := `# Table of contents

* [Home](README.md)
* [Guide](guide/README.md)
  * [Configure](guide/configure.md)

## Reference

* [API](reference/api.md)
* [Install](reference/install.md)
`
	if diff := cmp.Diff(wantSummary, files["SUMMARY.md"]); diff != "" {
		t.Errorf("SUMMARY.md (-want +got):\n%s", diff)
	}
}

// A retitled page changes SUMMARY.md only, as GitBook's own commits do
// (GITBOOK-419 in the BeefreeSDK history): the title travels in SUMMARY.md,
// which the import reads before the file's # title. A page rewritten whole
// (--whole-pages, when its content changed) gets its title as # heading.
func TestExportRetitle(t *testing.T) {
	for _, tc := range []struct {
		name    string
		whole   bool
		changes []string
		file    string
	}{
		{"minimal", false, []string{"modified SUMMARY.md"}, "# Configure\n\nSee [install](install.md).\n"},
		{"whole pages", true, []string{"modified SUMMARY.md"}, "# Configure\n\nSee [install](install.md).\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := newFixture(t, docsRepo)
			rev := f.importRev()
			p, _ := findPage(t, rev, "Configure")
			p.Title = "Configuration"
			res := f.export(rev, syncengine.ExportOptions{WholePages: tc.whole})
			if diff := cmp.Diff(tc.changes, changesOf(res)); diff != "" {
				t.Fatalf("changes (-want +got):\n%s", diff)
			}
			files := f.files(res.Commit)
			if got := files["guide/configure.md"]; got != tc.file {
				t.Errorf("configure.md = %q, want %q", got, tc.file)
			}
			if !strings.Contains(files["SUMMARY.md"], "  * [Configuration](guide/configure.md)\n") {
				t.Errorf("SUMMARY.md not retitled:\n%s", files["SUMMARY.md"])
			}
			back := f.importRev()
			if q, _ := findPage(t, back, "Configuration"); q.ID != p.ID {
				t.Errorf("re-imported page %q has id %q, want %q", q.Title, q.ID, p.ID)
			}
		})
	}
}

func TestExportAddImage(t *testing.T) {
	f := newFixture(t, docsWith(map[string]string{".gitbook/assets/shot.png": "old image bytes"}))
	rev := f.importRev()
	newBytes := map[string][]byte{"fresh": []byte("new image bytes"), "dup": []byte("old image bytes")}
	rev.Files = append(rev.Files,
		&revision.File{ID: "fresh", Name: "shot.png", ContentType: "image/png"},
		&revision.File{ID: "dup", Name: "copy.png", ContentType: "image/png"})
	p, _ := findPage(t, rev, "API")
	p.Document.Nodes = append(p.Document.Nodes,
		&revision.Block{Data: &revision.Images{}, Nodes: []revision.Node{&revision.Block{Data: &revision.Image{Ref: revision.FileRef("fresh")}, Fragments: []*revision.Fragment{}}}},
		&revision.Block{Data: &revision.Images{}, Nodes: []revision.Node{&revision.Block{Data: &revision.Image{Ref: revision.FileRef("dup")}, Fragments: []*revision.Fragment{}}}})
	res := f.export(rev, syncengine.ExportOptions{FileContent: func(_ context.Context, file *revision.File) ([]byte, error) {
		if b, ok := newBytes[file.ID]; ok {
			return b, nil
		}
		return nil, fs.ErrNotExist
	}})
	if diff := cmp.Diff([]string{"added .gitbook/assets/shot (1).png", "modified reference/api.md"}, changesOf(res)); diff != "" {
		t.Fatalf("changes (-want +got):\n%s", diff)
	}
	got := f.files(res.Commit)
	if got[".gitbook/assets/shot (1).png"] != "new image bytes" {
		t.Error("new asset not written under its name with one suffix")
	}
	api := got["reference/api.md"]
	// Images without alt or caption print as Markdown, ![](src).
	for _, want := range []string{`![](<../.gitbook/assets/shot (1).png>)`, `![](../.gitbook/assets/shot.png)`} {
		if !strings.Contains(api, want) {
			t.Errorf("api.md lacks %s:\n%s", want, api)
		}
	}
}

func TestExportConflict(t *testing.T) {
	f := newFixture(t, docsRepo)
	rev := f.importRev()
	moved := gittest.AddCommit(t, f.repo, f.tip, gittest.Files(map[string]string{"README.md": "# Home\n\nSomeone else pushed.\n", "SUMMARY.md": docsRepo["SUMMARY.md"]}))
	p, _ := findPage(t, rev, "Install")
	p.Document.Nodes[0] = paragraph("Edited.")
	_, err := syncengine.Export(context.Background(), f.src, rev, syncengine.ExportOptions{Message: "Edit"})
	var ce *syncengine.ConflictError
	if !errors.Is(err, syncengine.ErrConflict) || !errors.As(err, &ce) {
		t.Fatalf("err = %v, want a conflict", err)
	}
	if ce.Actual != moved.String() || ce.Expected != f.tip.String() {
		t.Errorf("conflict names %s/%s, want actual %s expected %s", ce.Actual, ce.Expected, moved, f.tip)
	}
	ref, _ := f.repo.Reference(gittest.Branch, true)
	if ref.Hash() != moved {
		t.Error("the ref moved on a conflict")
	}
	// --force commits on top of the new tip.
	res := f.export(rev, syncengine.ExportOptions{Force: true})
	if res.Parent != moved.String() || res.Commit == "" {
		t.Errorf("forced export: parent %s commit %q", res.Parent, res.Commit)
	}
}

// TestExportConcurrentRace runs exports of the same revision to the same
// ref at once, on a repository on disk (go-git's memory storage is not safe
// for concurrent use; its filesystem storage is): exactly one wins, every
// other one gets the typed conflict error.
func TestExportConcurrentRace(t *testing.T) {
	f := newDiskFixture(t, docsRepo)
	const n = 8
	revs := make([]*revision.Revision, n)
	for i := range revs {
		revs[i] = f.importRev()
		p, _ := findPage(t, revs[i], "Install")
		p.Document.Nodes[0] = paragraph("Edit number " + string(rune('A'+i)))
	}
	var wg sync.WaitGroup
	start := make(chan struct{})
	results := make([]error, n)
	commits := make([]string, n)
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			res, err := syncengine.Export(context.Background(), f.src, revs[i], syncengine.ExportOptions{Message: "race"})
			results[i] = err
			if err == nil {
				commits[i] = res.Commit
			}
		}()
	}
	close(start)
	wg.Wait()
	var won []string
	for i, err := range results {
		switch {
		case err == nil:
			won = append(won, commits[i])
		case !errors.Is(err, syncengine.ErrConflict):
			t.Errorf("export %d: %v, want nil or a conflict", i, err)
		}
	}
	if len(won) != 1 {
		for i := range results {
			t.Logf("export %d: commit %q err %v", i, commits[i], results[i])
		}
		t.Fatalf("%d exports won, want exactly 1", len(won))
	}
	ref, _ := f.repo.Reference(gittest.Branch, true)
	if ref.Hash().String() != won[0] {
		t.Errorf("ref at %s, want the winner %s", ref.Hash(), won[0])
	}
}

func TestExportRequiresMessage(t *testing.T) {
	f := newFixture(t, docsRepo)
	_, err := syncengine.Export(context.Background(), f.src, f.importRev(), syncengine.ExportOptions{})
	if !errors.Is(err, syncengine.ErrEmptyMessage) {
		t.Errorf("err = %v, want ErrEmptyMessage", err)
	}
}

func TestExportCommitMetadata(t *testing.T) {
	f := newFixture(t, docsRepo)
	rev := f.importRev()
	p, _ := findPage(t, rev, "API")
	p.Document.Nodes[0] = paragraph("Changed.")
	res := f.export(rev, syncengine.ExportOptions{Message: "GITBOOK-1: Edit the API page",
		Author: syncengine.Signature{Name: "Ada", Email: "ada@example.com"}})
	c, err := f.repo.CommitObject(plumbing.NewHash(res.Commit))
	if err != nil {
		t.Fatal(err)
	}
	if c.Message != "GITBOOK-1: Edit the API page" || c.Author.Email != "ada@example.com" ||
		c.Committer.Email != syncengine.DefaultCommitter.Email {
		t.Errorf("commit %q by %s, committed by %s", c.Message, c.Author.Email, c.Committer.Email)
	}
	if len(c.ParentHashes) != 1 || c.ParentHashes[0] != f.tip {
		t.Errorf("parents %v, want [%s]", c.ParentHashes, f.tip)
	}
	var names []string
	for name := range f.files(res.Commit) {
		names = append(names, name)
	}
	sort.Strings(names)
	if len(names) != len(docsRepo) {
		t.Errorf("tree has %v", names)
	}
}

// ExportResult.Revision is the revision as the branch holds it: importing the
// branch with it as Previous gives back every id, a moved page's included,
// and the same documents (the round trip a host runs: import, edit, export,
// import again).
func TestExportResultRevisionKeepsIDs(t *testing.T) {
	f := newFixture(t, docsWith(map[string]string{"guide/install.md": "# Install\n\nThen [configure](configure.md) it.\n"}))
	rev := f.importRev()
	install := moveInstallToReference(t, rev)
	api, _ := findPage(t, rev, "API")
	api.Document.Nodes[0] = paragraph("The API, edited.")

	res := f.export(rev, syncengine.ExportOptions{})
	if res.Revision == nil || res.Revision.Git == nil || res.Revision.Git.OID != res.Commit {
		t.Fatalf("ExportResult.Revision does not name the commit %s: %+v", res.Commit, res.Revision)
	}
	moved, _ := findPage(t, res.Revision, "Install")
	if moved.Git == nil || moved.Git.Path != "reference/install.md" || moved.Git.OID == "" {
		t.Fatalf("moved page's Git = %+v, want reference/install.md with its blob", moved.Git)
	}
	if install.Git.Path != "guide/install.md" {
		t.Errorf("Export changed the caller's revision: %+v", install.Git)
	}
	if got := f.files(res.Commit)["reference/install.md"]; !strings.Contains(got, "(../guide/configure.md)") {
		t.Fatalf("the moved page's link was not rewritten (so its blob did not change): %q", got)
	}

	back, err := syncengine.Import(context.Background(), f.src, syncengine.ImportOptions{Previous: res.Revision})
	if err != nil {
		t.Fatal(err)
	}
	revision.Walk(rev.Pages, func(p, _ *revision.Page) bool {
		q, _ := findPage(t, back.Revision, p.Title)
		if q.ID != p.ID {
			t.Errorf("page %q: id %s after the round trip, want %s", p.Title, q.ID, p.ID)
		}
		if p.Document != nil && q.Document != nil {
			if diff := cmp.Diff(p.Document, q.Document, docOpts); diff != "" {
				t.Errorf("page %q: document differs after the round trip (-exported +imported):\n%s", p.Title, diff)
			}
		}
		return true
	})
	// Without it, the moved page (new path, new blob) is a new page.
	fresh := f.importRev()
	if q, _ := findPage(t, fresh, "Install"); q.ID == install.ID {
		t.Error("the test does not exercise the carry-over: the id survives without Previous")
	}
}
