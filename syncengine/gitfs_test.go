package syncengine

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"testing/fstest"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/google/go-cmp/cmp"

	"github.com/seed1bfafebe/gitsync/internal/gittest"
)

const submoduleID = "0123456789abcdef0123456789abcdef01234567"

// testTree commits files and returns a GitFS over the commit's tree.
func testTree(t testing.TB, files fstest.MapFS) *GitFS {
	t.Helper()
	repo, h := gittest.CommitFS(t, files)
	c, err := repo.CommitObject(h)
	if err != nil {
		t.Fatal(err)
	}
	tree, err := c.Tree()
	if err != nil {
		t.Fatal(err)
	}
	return TreeFS(tree)
}

func sampleFiles() fstest.MapFS {
	return fstest.MapFS{
		"README.md":             {Data: []byte("# Home\n")},
		"SUMMARY.md":            {Data: []byte("* [Home](README.md)\n")},
		"a.md":                  {Data: []byte("a file\n")},
		"a-b.md":                {Data: []byte("dash\n")},
		"a/README.md":           {Data: []byte("# A\n")},
		"a/b/c/deep.md":         {Data: []byte("deep\n")},
		"run.sh":                {Data: []byte("#!/bin/sh\n"), Mode: 0o755},
		".gitbook/assets/x.png": {Data: []byte("\x89PNG\r\n\x1a\n")},
		"empty.txt":             {Data: nil},
	}
}

func TestGitFSConformance(t *testing.T) {
	fsys := testTree(t, sampleFiles())
	if err := fstest.TestFS(fsys, "README.md", "a/b/c/deep.md", "run.sh", ".gitbook/assets/x.png", "empty.txt"); err != nil {
		t.Fatal(err)
	}
	sub, err := fs.Sub(fsys, "a")
	if err != nil {
		t.Fatal(err)
	}
	if err := fstest.TestFS(sub, "README.md", "b/c/deep.md"); err != nil {
		t.Fatal(err)
	}
}

func TestGitFSReadDirOrder(t *testing.T) {
	fsys := testTree(t, sampleFiles())
	entries, err := fsys.ReadDir(".")
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range entries {
		got = append(got, fs.FormatDirEntry(e))
	}
	// Git stores "a-b.md", "a.md", "a/"; io/fs wants plain name order.
	want := []string{"d .gitbook/", "- README.md", "- SUMMARY.md", "d a/", "- a-b.md", "- a.md", "- empty.txt", "- run.sh"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("ReadDir(.) (-want +got):\n%s", diff)
	}
}

func TestGitFSLinksAndSubmodules(t *testing.T) {
	files := sampleFiles()
	files["link.md"] = &fstest.MapFile{Data: []byte("../../etc/passwd"), Mode: fs.ModeSymlink}
	files["linkdir"] = &fstest.MapFile{Data: []byte("a"), Mode: fs.ModeSymlink}
	files["vendor/lib"] = &fstest.MapFile{Data: []byte(submoduleID), Mode: fs.ModeIrregular}
	fsys := testTree(t, files)

	tests := []struct {
		name   string
		call   func() error
		target error
	}{
		{"open link", func() error { _, err := fsys.Open("link.md"); return err }, ErrSymlink},
		{"read link", func() error { _, err := fsys.ReadFile("link.md"); return err }, ErrSymlink},
		{"stat link", func() error { _, err := fsys.Stat("link.md"); return err }, ErrSymlink},
		{"through link", func() error { _, err := fsys.ReadFile("linkdir/README.md"); return err }, ErrSymlink},
		{"sub link", func() error { _, err := fsys.Sub("linkdir"); return err }, fs.ErrInvalid},
		{"open submodule", func() error { _, err := fsys.Open("vendor/lib"); return err }, ErrSubmodule},
		{"read submodule", func() error { _, err := fsys.ReadFile("vendor/lib"); return err }, ErrSubmodule},
		{"into submodule", func() error { _, err := fsys.ReadFile("vendor/lib/x.md"); return err }, ErrSubmodule},
		{"readdir submodule", func() error { _, err := fsys.ReadDir("vendor/lib"); return err }, fs.ErrInvalid},
		{"readlink file", func() error { _, err := fsys.ReadLink("a.md"); return err }, fs.ErrInvalid},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.call()
			if !errors.Is(err, tt.target) || !errors.Is(err, fs.ErrInvalid) {
				t.Errorf("err = %v, want %v (and fs.ErrInvalid)", err, tt.target)
			}
		})
	}

	target, err := fsys.ReadLink("link.md")
	if err != nil || target != "../../etc/passwd" {
		t.Errorf("ReadLink = %q, %v", target, err)
	}
	info, err := fsys.Lstat("link.md")
	if err != nil || info.Mode() != fs.ModeSymlink|0o777 || info.Size() != int64(len(target)) {
		t.Errorf("Lstat(link.md) = %v, %v", info, err)
	}
	info, err = fsys.Stat("vendor/lib")
	if err != nil || info.Mode() != fs.ModeIrregular || info.Sys() != plumbing.NewHash(submoduleID) {
		t.Errorf("Stat(vendor/lib) = %v, %v", info, err)
	}

	var walked []string
	err = fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.Type()&(fs.ModeSymlink|fs.ModeIrregular) != 0 {
			walked = append(walked, fs.FormatDirEntry(d)+" "+p)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"L link.md link.md", "L linkdir linkdir", "? lib vendor/lib"}
	if diff := cmp.Diff(want, walked); diff != "" {
		t.Errorf("WalkDir specials (-want +got):\n%s", diff)
	}
}

func TestGitFSErrors(t *testing.T) {
	fsys := testTree(t, sampleFiles())
	tests := []struct {
		name   string
		target error
	}{
		{"missing.md", fs.ErrNotExist},
		{"a/missing.md", fs.ErrNotExist},
		{"a.md/x", fs.ErrNotExist},
		{"../a.md", fs.ErrInvalid},
		{"/a.md", fs.ErrInvalid},
		{"a//README.md", fs.ErrInvalid},
		{"a/", fs.ErrInvalid},
		{"", fs.ErrInvalid},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for op, err := range map[string]error{
				"open":     second(fsys.Open(tt.name)),
				"readfile": second(fsys.ReadFile(tt.name)),
				"stat":     second(fsys.Stat(tt.name)),
				"hash":     second(fsys.Hash(tt.name)),
			} {
				var pe *fs.PathError
				if !errors.Is(err, tt.target) || !errors.As(err, &pe) || pe.Path != tt.name {
					t.Errorf("%s: err = %v, want a PathError for %q wrapping %v", op, err, tt.name, tt.target)
				}
			}
		})
	}
	if _, err := fsys.ReadFile("a"); !errors.Is(err, fs.ErrInvalid) {
		t.Errorf("ReadFile(dir) err = %v", err)
	}
	if _, err := fsys.ReadDir("a.md"); !errors.Is(err, fs.ErrInvalid) {
		t.Errorf("ReadDir(file) err = %v", err)
	}
	if _, err := fsys.Sub("a.md"); !errors.Is(err, fs.ErrInvalid) {
		t.Errorf("Sub(file) err = %v", err)
	}
}

func second[T any](_ T, err error) error { return err }

func TestGitFSLimit(t *testing.T) {
	fsys := testTree(t, sampleFiles()).WithMaxFileSize(4)
	for _, name := range []string{"README.md", "a/b/c/deep.md"} {
		_, err := fsys.ReadFile(name)
		var le *LimitError
		if !errors.Is(err, ErrLimit) || !errors.As(err, &le) {
			t.Fatalf("ReadFile(%s) err = %v, want a LimitError", name, err)
		}
		if want := (LimitError{Limit: "file-size", Path: name, Value: 7, Max: 4}); name == "README.md" && *le != want {
			t.Errorf("LimitError = %+v, want %+v", *le, want)
		}
		if _, err := fsys.Open(name); !errors.Is(err, ErrLimit) {
			t.Errorf("Open(%s) err = %v, want ErrLimit", name, err)
		}
	}
	if _, err := fsys.ReadFile("empty.txt"); err != nil {
		t.Errorf("small file: %v", err)
	}
	if info, err := fsys.Stat("README.md"); err != nil || info.Size() != 7 {
		t.Errorf("Stat over the limit = %v, %v; want size 7", info, err)
	}
}

func TestBlobID(t *testing.T) {
	files := sampleFiles()
	fsys := testTree(t, files)
	sub, err := fsys.Sub("a")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		fsys fs.FS
		file string
		want string // content whose blob id is expected; "" for none
	}{
		{"root file", fsys, "README.md", "# Home\n"},
		{"deep file", fsys, "a/b/c/deep.md", "deep\n"},
		{"empty file", fsys, "empty.txt", ""},
		{"through Sub", sub, "b/c/deep.md", "deep\n"},
		{"directory", fsys, "a", "-"},
		{"missing", fsys, "nope.md", "-"},
		{"MapFS", files, "README.md", "-"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h, ok := BlobID(tt.fsys, tt.file)
			if tt.want == "-" {
				if ok {
					t.Errorf("BlobID = %s, true; want none", h)
				}
				return
			}
			want := plumbing.ComputeHash(plumbing.BlobObject, []byte(tt.want))
			if !ok || h != want {
				t.Errorf("BlobID = %s, %v; want %s", h, ok, want)
			}
		})
	}
	root, err := fsys.Hash(".")
	if err != nil || root != fsys.root.tree.Hash {
		t.Errorf("Hash(.) = %s, %v", root, err)
	}
}

func TestGitFSOpenRead(t *testing.T) {
	fsys := testTree(t, sampleFiles())
	f, err := fsys.Open("a/b/c/deep.md")
	if err != nil {
		t.Fatal(err)
	}
	data, err := io.ReadAll(f)
	if err != nil || string(data) != "deep\n" {
		t.Errorf("read = %q, %v", data, err)
	}
	if err := f.Close(); err != nil {
		t.Errorf("Close: %v", err)
	}
	if _, err := f.Read(make([]byte, 1)); !errors.Is(err, fs.ErrClosed) {
		t.Errorf("Read after Close: %v", err)
	}
}

// TestGitFSConcurrent reads one GitFS from many goroutines; run with -race.
func TestGitFSConcurrent(t *testing.T) {
	files := fstest.MapFS{}
	for d := range 5 {
		for i := range 20 {
			files[fmt.Sprintf("d%d/s/p%02d.md", d, i)] = &fstest.MapFile{Data: fmt.Appendf(nil, "page %d %d\n", d, i)}
		}
	}
	fsys := testTree(t, files)
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Go(func() {
			for name, f := range files {
				got, err := fsys.ReadFile(name)
				if err != nil || !bytes.Equal(got, f.Data) {
					t.Errorf("goroutine %d: ReadFile(%s) = %q, %v", g, name, got, err)
					return
				}
			}
		})
	}
	wg.Wait()
}

// TestGitFSCorpus commits each corpus tree and checks that the GitFS holds
// exactly the folder's files, byte for byte.
func TestGitFSCorpus(t *testing.T) {
	dir := corpusDir(t)
	trees, err := filepath.Glob(filepath.Join(dir, "*", "tree"))
	if err != nil || len(trees) == 0 {
		t.Skipf("no corpus trees in %s", dir)
	}
	for _, tree := range trees {
		t.Run(filepath.Base(filepath.Dir(tree)), func(t *testing.T) {
			repo, h := gittest.CommitDir(t, tree)
			c, err := repo.CommitObject(h)
			if err != nil {
				t.Fatal(err)
			}
			gt, err := c.Tree()
			if err != nil {
				t.Fatal(err)
			}
			fsys := TreeFS(gt)
			disk := os.DirFS(tree)
			count := 0
			err = fs.WalkDir(disk, ".", func(p string, d fs.DirEntry, err error) error {
				if err != nil || d.IsDir() {
					return err
				}
				count++
				want, err := fs.ReadFile(disk, p)
				if err != nil {
					return err
				}
				got, err := fsys.ReadFile(p)
				if err != nil {
					return err
				}
				if !bytes.Equal(got, want) {
					t.Errorf("%s: content differs", p)
				}
				if id, ok := BlobID(fsys, p); !ok || id != plumbing.ComputeHash(plumbing.BlobObject, want) {
					t.Errorf("%s: BlobID = %s, %v", p, id, ok)
				}
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			gitCount := 0
			if err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
				if err == nil && !d.IsDir() {
					gitCount++
				}
				return err
			}); err != nil {
				t.Fatal(err)
			}
			if gitCount != count {
				t.Errorf("GitFS has %d files, folder has %d", gitCount, count)
			}
		})
	}
}

// corpusDir returns the shared corpus, skipping the test when it is absent.
func corpusDir(t testing.TB) string {
	t.Helper()
	for _, dir := range []string{filepath.Join("..", "..", "shared", "corpus"), "/work/shared/corpus"} {
		if _, err := os.Stat(dir); err == nil {
			return dir
		}
	}
	t.Skip("corpus not found (../shared/corpus)")
	return ""
}

func BenchmarkGitFSReadFile(b *testing.B) {
	for _, n := range []int{100, 3000} {
		files := fstest.MapFS{}
		var names []string
		for i := range n {
			name := fmt.Sprintf("s%d/d%d/p%d.md", i%10, i%100, i)
			names = append(names, name)
			files[name] = &fstest.MapFile{Data: []byte(strings.Repeat("x", 512))}
		}
		fsys := testTree(b, files)
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(512)
			i := 0
			for b.Loop() {
				if _, err := fsys.ReadFile(names[i%len(names)]); err != nil {
					b.Fatal(err)
				}
				i++
			}
		})
	}
}
