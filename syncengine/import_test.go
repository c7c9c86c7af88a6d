package syncengine_test

import (
	"bytes"
	"context"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/google/go-cmp/cmp"
	"github.com/seed1bfafebe/gitsync/internal/gittest"
	"github.com/seed1bfafebe/gitsync/internal/schematest"
	"github.com/seed1bfafebe/gitsync/revision"
	"github.com/seed1bfafebe/gitsync/syncengine"
	"golang.org/x/tools/txtar"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// TestImportGolden imports each testdata/import/*.txtar archive: its files
// (all but want/*) are committed into a memory repository; the archive's
// comment may hold "dir: X" (the project directory). The revision JSON and
// the warnings must equal want/revision.json and want/warnings.txt.
func TestImportGolden(t *testing.T) {
	paths, err := filepath.Glob("../testdata/import/*.txtar")
	if err != nil || len(paths) == 0 {
		t.Fatalf("no golden cases: %v", err)
	}
	for _, path := range paths {
		t.Run(strings.TrimSuffix(filepath.Base(path), ".txtar"), func(t *testing.T) {
			ar, err := txtar.ParseFile(path)
			if err != nil {
				t.Fatal(err)
			}
			opts := syncengine.ImportOptions{}
			for _, line := range strings.Split(string(ar.Comment), "\n") {
				if v, ok := strings.CutPrefix(line, "dir: "); ok {
					opts.ProjectDir = strings.TrimSpace(v)
				}
			}
			files := fstest.MapFS{}
			for _, f := range ar.Files {
				if !strings.HasPrefix(f.Name, "want/") {
					files[f.Name] = &fstest.MapFile{Data: f.Data}
				}
			}
			repo, _ := gittest.CommitFS(t, files)
			res, err := syncengine.Import(context.Background(), syncengine.Source{URL: "memory", Storer: repo.Storer}, opts)
			if err != nil {
				t.Fatalf("Import: %v", err)
			}
			got, err := revision.Marshal(res.Revision)
			if err != nil {
				t.Fatal(err)
			}
			schematest.ValidateRevision(t, got)
			var warns bytes.Buffer
			for _, w := range res.Warnings {
				warns.WriteString(w.String() + "\n")
			}
			want := map[string][]byte{"want/revision.json": got, "want/warnings.txt": warns.Bytes()}
			if *update {
				var kept []txtar.File
				for _, f := range ar.Files {
					if _, ok := want[f.Name]; !ok {
						kept = append(kept, f)
					}
				}
				ar.Files = append(kept, txtar.File{Name: "want/revision.json", Data: got}, txtar.File{Name: "want/warnings.txt", Data: warns.Bytes()})
				if err := os.WriteFile(path, txtar.Format(ar), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			for _, f := range ar.Files {
				if g, ok := want[f.Name]; ok {
					if diff := cmp.Diff(string(f.Data), string(g)); diff != "" {
						t.Errorf("%s differs (-want +got); run go test ./syncengine -run Golden -update to accept:\n%s", f.Name, diff)
					}
					delete(want, f.Name)
				}
			}
			for name := range want {
				t.Errorf("archive lacks %s; run with -update", name)
			}
		})
	}
}
