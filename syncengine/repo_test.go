package syncengine

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/storage/memory"

	"github.com/seed1bfafebe/gitsync/internal/gittest"
)

func TestOpenRepository(t *testing.T) {
	mem, head := gittest.CommitFiles(t, map[string]string{"README.md": "# Hi\n"})

	work := t.TempDir()
	if _, err := git.PlainInit(work, false); err != nil {
		t.Fatal(err)
	}
	bare := t.TempDir()
	if _, err := git.PlainInit(bare, true); err != nil {
		t.Fatal(err)
	}

	tests := []struct {
		name string
		src  Source
	}{
		{"storer", Source{URL: "https://user:tok@example.com/o/r.git", Storer: mem.Storer}},
		{"work tree", Source{URL: work}},
		{"bare", Source{URL: bare}},
		{"file URL", Source{URL: "file://" + filepath.ToSlash(bare)}},
		{"file URL localhost", Source{URL: "file://localhost" + filepath.ToSlash(work)}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			repo, err := OpenRepository(context.Background(), tt.src)
			if err != nil {
				t.Fatalf("OpenRepository: %v", err)
			}
			if tt.src.Storer != nil {
				c, _, err := ResolveRef(repo, "")
				if err != nil || c.Hash != head {
					t.Errorf("HEAD = %v, %v; want %s", c, err, head)
				}
			}
		})
	}
}

func TestOpenRepositoryErrors(t *testing.T) {
	canceled, cancel := context.WithCancel(context.Background())
	cancel()
	tests := []struct {
		name   string
		ctx    context.Context
		url    string
		target error
	}{
		{"https with token", context.Background(), "https://bot:s3cret@github.com/o/r.git", ErrUnsupportedURL},
		{"http", context.Background(), "http://example.com/r.git", ErrUnsupportedURL},
		{"ssh URL", context.Background(), "ssh://git:s3cret@example.com/r.git", ErrUnsupportedURL},
		{"scp-like", context.Background(), "git@github.com:o/r.git", ErrUnsupportedURL},
		{"git protocol", context.Background(), "git://example.com/r.git", ErrUnsupportedURL},
		{"file URL with host", context.Background(), "file://server/share/r", ErrUnsupportedURL},
		{"file URL with credentials", context.Background(), "file://u:s3cret@/tmp/r", ErrUnsupportedURL},
		{"empty", context.Background(), "", ErrUnsupportedURL},
		{"missing folder", context.Background(), filepath.Join(t.TempDir(), "nope"), git.ErrRepositoryNotExists},
		{"not a repository", context.Background(), t.TempDir(), git.ErrRepositoryNotExists},
		{"canceled", canceled, t.TempDir(), context.Canceled},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := OpenRepository(tt.ctx, Source{URL: tt.url})
			if !errors.Is(err, tt.target) {
				t.Fatalf("err = %v, want %v", err, tt.target)
			}
			if strings.Contains(err.Error(), "s3cret") {
				t.Errorf("error leaks credentials: %v", err)
			}
		})
	}
}

func TestIsSCPLike(t *testing.T) {
	tests := map[string]bool{
		"git@github.com:o/r.git": true,
		"host:r.git":             true,
		"./a:b":                  false,
		"/srv/a:b":               false,
		"relative/dir":           false,
		"repo":                   false,
	}
	for in, want := range tests {
		if got := isSCPLike(in); got != want {
			t.Errorf("isSCPLike(%q) = %v, want %v", in, got, want)
		}
	}
}

func TestResolveRef(t *testing.T) {
	repo, c1 := gittest.CommitFiles(t, map[string]string{"a.md": "one\n"})
	c2 := gittest.AddCommit(t, repo, c1, gittest.Files(map[string]string{"a.md": "two\n"}))
	gittest.SetRef(t, repo, "refs/heads/dev", c1)
	gittest.SetRef(t, repo, "refs/heads/feature/x", c1)
	gittest.SetRef(t, repo, "refs/tags/light", c1)
	gittest.SetRef(t, repo, "refs/remotes/origin/main", c1)
	v2 := gittest.Tag(t, repo, "v2", c2)
	gittest.Tag(t, repo, "v2-again", v2)
	// A tag named like a branch: Git prefers the tag for the short name.
	gittest.SetRef(t, repo, "refs/tags/dev", c2)

	tests := []struct {
		ref      string
		want     plumbing.Hash
		wantName plumbing.ReferenceName
	}{
		{"", c2, "refs/heads/main"},
		{"HEAD", c2, "refs/heads/main"},
		{"main", c2, "refs/heads/main"},
		{"refs/heads/main", c2, "refs/heads/main"},
		{"refs/heads/dev", c1, "refs/heads/dev"},
		{"dev", c2, "refs/tags/dev"},
		{"heads/dev", c1, "refs/heads/dev"},
		{"feature/x", c1, "refs/heads/feature/x"},
		{"light", c1, "refs/tags/light"},
		{"v2", c2, "refs/tags/v2"},
		{"refs/tags/v2", c2, "refs/tags/v2"},
		{"v2-again", c2, "refs/tags/v2-again"},
		{"origin/main", c1, "refs/remotes/origin/main"},
		{c1.String(), c1, ""},
		{strings.ToUpper(c1.String()), c1, ""},
		{c1.String()[:7], c1, ""},
		{c2.String()[:4], c2, ""},
		{v2.String()[:10], c2, ""},
		{v2.String(), c2, ""},
	}
	for _, tt := range tests {
		t.Run(tt.ref, func(t *testing.T) {
			c, name, err := ResolveRef(repo, tt.ref)
			if err != nil {
				t.Fatalf("ResolveRef: %v", err)
			}
			if c.Hash != tt.want || name != tt.wantName {
				t.Errorf("ResolveRef(%q) = %s, %q; want %s, %q", tt.ref, c.Hash, name, tt.want, tt.wantName)
			}
		})
	}
}

func TestResolveRefDetachedHead(t *testing.T) {
	repo, c1 := gittest.CommitFiles(t, map[string]string{"a.md": "one\n"})
	gittest.SetRef(t, repo, plumbing.HEAD, c1)
	c, name, err := ResolveRef(repo, "")
	if err != nil || c.Hash != c1 || name != plumbing.HEAD {
		t.Errorf("ResolveRef = %v, %q, %v; want %s, HEAD", c, name, err, c1)
	}
}

func TestResolveRefNotFound(t *testing.T) {
	repo, c1 := gittest.CommitFiles(t, map[string]string{"a.md": "one\n"})
	commit, err := repo.CommitObject(c1)
	if err != nil {
		t.Fatal(err)
	}
	gittest.SetRef(t, repo, "refs/tags/tree", commit.TreeHash)
	gittest.Tag(t, repo, "annotated-tree", commit.TreeHash)

	for _, ref := range []string{
		"nope",
		"refs/heads/nope",
		"refs/tags/nope",
		"deadbeef",
		"0000000000000000000000000000000000000000",
		"abc",  // too short to be an id
		"xyz1", // not hex
		"tree",
		"annotated-tree",
	} {
		t.Run(ref, func(t *testing.T) {
			_, _, err := ResolveRef(repo, ref)
			if !errors.Is(err, ErrRefNotFound) {
				t.Fatalf("err = %v, want ErrRefNotFound", err)
			}
			if !strings.Contains(err.Error(), ref) {
				t.Errorf("error %q does not name the ref", err)
			}
		})
	}

	empty, err := git.Init(memoryStorage(), nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := ResolveRef(empty, ""); !errors.Is(err, ErrRefNotFound) {
		t.Errorf("empty repository HEAD: err = %v, want ErrRefNotFound", err)
	}
}

func memoryStorage() *memory.Storage { return memory.NewStorage() }
