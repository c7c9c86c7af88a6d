package markdown

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"golang.org/x/tools/txtar"

	"github.com/seed1bfafebe/gitsync/internal/schematest"
	"github.com/seed1bfafebe/gitsync/revision"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// TestConstructs reads one archive per GitBook construct
// (../testdata/markdown/constructs/*.txtar, GITBOOK_FORMAT.md §4 and §5):
//
//   - page.md is the construct as written; it must parse to the golden
//     document.json (which must validate against the API's schema) with the
//     golden warnings;
//   - printing it gives page.md back, or canonical.md when the archive has
//     one (a legacy or hand-written form GitBook rewrites), which is then a
//     fixed point itself.
//
// go test ./markdown -run TestConstructs -update rewrites the golden parts.
func TestConstructs(t *testing.T) {
	forEachArchive(t, "../testdata/markdown/constructs/*.txtar", func(t *testing.T, path string, ar *txtar.Archive, files map[string][]byte) {
		src, ok := files["page.md"]
		if !ok {
			t.Fatal("no page.md")
		}
		p, warns := Parse(src, ParseOptions{Path: "docs/page.md", Resolver: project{}})
		doc, err := revision.Marshal(p.Document)
		if err != nil {
			t.Fatal(err)
		}
		doc = append(doc, '\n')
		var ws bytes.Buffer
		for _, w := range warns {
			ws.WriteString(w.String() + "\n")
		}
		if *update {
			setArchiveFile(ar, "document.json", doc)
			setArchiveFile(ar, "warnings", ws.Bytes())
			if err := os.WriteFile(path, txtar.Format(ar), 0o644); err != nil {
				t.Fatal(err)
			}
		} else {
			if diff := cmp.Diff(string(files["document.json"]), string(doc)); diff != "" {
				t.Errorf("document (-golden +got):\n%s", diff)
			}
			if diff := cmp.Diff(string(files["warnings"]), ws.String()); diff != "" {
				t.Errorf("warnings (-golden +got):\n%s", diff)
			}
		}
		var v any
		if err := json.Unmarshal(doc, &v); err != nil {
			t.Fatal(err)
		}
		if err := schematest.CheckDocument(v); err != nil && !errors.Is(err, fs.ErrNotExist) {
			t.Errorf("document does not validate: %v", err)
		}

		want, canonical := files["canonical.md"]
		if !canonical {
			want = src
		}
		if got := Print(p, PrintOptions{Linker: project{}}); !bytes.Equal(got, want) {
			t.Errorf("Print(Parse(page.md)) (-want +got):\n%s", cmp.Diff(string(want), string(got)))
		}
		if canonical {
			q, _ := Parse(want, ParseOptions{Path: "docs/page.md", Resolver: project{}})
			if got := Print(q, PrintOptions{Linker: project{}}); !bytes.Equal(got, want) {
				t.Errorf("canonical.md is not a fixed point (-want +got):\n%s", cmp.Diff(string(want), string(got)))
			}
			if diff := cmp.Diff(p.Document, q.Document); diff != "" {
				t.Errorf("canonical.md reads differently from page.md (-page +canonical):\n%s", diff)
			}
		}
	})
}

// forEachArchive runs f as a subtest, named after the file, for each txtar
// archive matching pattern, with its files by name; no match fails t.
func forEachArchive(t *testing.T, pattern string, f func(t *testing.T, path string, ar *txtar.Archive, files map[string][]byte)) {
	t.Helper()
	paths, err := filepath.Glob(pattern)
	if err != nil || len(paths) == 0 {
		t.Fatalf("no archives %s: %v", pattern, err)
	}
	for _, path := range paths {
		t.Run(strings.TrimSuffix(filepath.Base(path), ".txtar"), func(t *testing.T) {
			ar, err := txtar.ParseFile(path)
			if err != nil {
				t.Fatal(err)
			}
			files := map[string][]byte{}
			for _, af := range ar.Files {
				files[af.Name] = af.Data
			}
			f(t, path, ar, files)
		})
	}
}

func setArchiveFile(ar *txtar.Archive, name string, data []byte) {
	for i := range ar.Files {
		if ar.Files[i].Name == name {
			ar.Files[i].Data = data
			return
		}
	}
	ar.Files = append(ar.Files, txtar.File{Name: name, Data: data})
}

// project resolves the construct pages' references as an import of a
// project holding docs/page.md, docs/install.md, .gitbook/assets/* and
// .gitbook/includes/* would, and links them back as an export would.
type project struct{}

const (
	assets   = "../.gitbook/assets/"
	includes = "../.gitbook/includes/"
)

func (project) Link(target string) (*revision.ContentRef, bool) {
	switch {
	case isAbsURL(target):
		return revision.URLRef(target), true
	case strings.HasPrefix(target, "#"):
		return revision.AnchorRef("", target[1:]), true
	case strings.HasPrefix(target, assets):
		return revision.FileRef(strings.TrimPrefix(target, assets)), true
	}
	page, anchor, hasAnchor := strings.Cut(target, "#")
	if page != "install.md" {
		return nil, false
	}
	if hasAnchor {
		return revision.AnchorRef("install", anchor), true
	}
	return revision.PageRef("install"), true
}

func (project) File(src string) (*revision.ContentRef, bool) {
	if name, ok := strings.CutPrefix(src, assets); ok {
		return revision.FileRef(name), true
	}
	return nil, false
}

func (project) Include(src string) (*revision.ContentRef, bool) {
	if name, ok := strings.CutPrefix(src, includes); ok {
		return revision.ReusableContentRef(strings.TrimSuffix(name, ".md")), true
	}
	return nil, false
}

func (project) Href(ref *revision.ContentRef) string {
	switch ref.Kind {
	case revision.RefPage:
		return ref.Page + ".md"
	case revision.RefAnchor:
		if ref.Page == "" {
			return "#" + ref.Anchor
		}
		return ref.Page + ".md#" + ref.Anchor
	case revision.RefFile:
		return assets + ref.File
	case revision.RefReusableContent:
		return includes + ref.ReusableContent + ".md"
	}
	return ref.URL
}
