package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing/object"
	"github.com/seed1bfafebe/gitsync/revision"
)

func commitFile(t *testing.T, dir string, repo *git.Repository, name, content string) {
	t.Helper()
	if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	wt, _ := repo.Worktree()
	if _, err := wt.Add(name); err != nil {
		t.Fatal(err)
	}
	sig := &object.Signature{Name: "T", Email: "t@example.com", When: time.Date(2025, 1, 2, 0, 0, 0, 0, time.UTC)}
	if _, err := wt.Commit("edit "+name, &git.CommitOptions{Author: sig, Committer: sig}); err != nil {
		t.Fatal(err)
	}
}

func TestSpaceCommands(t *testing.T) {
	dir, repo := diskRepo(t, map[string]string{"README.md": "# Home\n\nHello.\n", "a.md": "# A\n\nText.\n"})
	state := t.TempDir()
	tmp := t.TempDir()

	if code, _, stderr := runCLI(t, "space", "info", "--state", state, "--space", "s"); code != 1 || !strings.Contains(stderr, "not found") {
		t.Errorf("info of an unknown space: code %d, %q", code, stderr)
	}
	code, out1, stderr := runCLI(t, "space", "import", "--state", state, "--space", "s", dir)
	if code != 0 {
		t.Fatalf("space import: %d %s", code, stderr)
	}
	rev1 := new(revision.Revision)
	if err := json.Unmarshal([]byte(out1), rev1); err != nil || rev1.Git == nil || rev1.Git.Ref != "refs/heads/main" {
		t.Fatalf("space import printed %v (%v)", rev1.Git, err)
	}
	code, info, _ := runCLI(t, "space", "info", "--state", state, "--space", "s")
	var gi map[string]any
	if code != 0 || json.Unmarshal([]byte(info), &gi) != nil || gi["repoName"] != filepath.Base(dir) {
		t.Errorf("space info: %d %s", code, info)
	}

	commitFile(t, dir, repo, "a.md", "# A\n\nText changed.\n")
	code, out2, stderr := runCLI(t, "space", "import", "--state", state, "--space", "s", dir)
	if code != 0 {
		t.Fatalf("second import: %s", stderr)
	}
	p1, p2 := filepath.Join(tmp, "1.json"), filepath.Join(tmp, "2.json")
	os.WriteFile(p1, []byte(out1), 0o644)
	os.WriteFile(p2, []byte(out2), 0o644)
	code, diff, stderr := runCLI(t, "diff", p1, p2)
	var ch revision.SemanticChanges
	if code != 0 || json.Unmarshal([]byte(diff), &ch) != nil {
		t.Fatalf("diff: %d %s %s", code, diff, stderr)
	}
	if len(ch.Changes) != 1 || ch.Changes[0].Type != revision.ChangePageEdited || ch.Changes[0].Page.Title != "A" {
		t.Errorf("diff = %s", diff)
	}

	// Nothing changed in the space: export writes nothing.
	code, exp, stderr := runCLI(t, "space", "export", "--state", state, "--space", "s", "-m", "msg", dir)
	if code != 0 || !strings.Contains(exp, `"commit": null`) {
		t.Errorf("space export: %d %s %s", code, exp, stderr)
	}
	// Another space may not bind the same repository, ref and directory.
	if code, _, stderr := runCLI(t, "space", "import", "--state", state, "--space", "t", dir); code != 1 || !strings.Contains(stderr, "already bound") {
		t.Errorf("second space: %d %s", code, stderr)
	}
	// Standalone imports work on any space and change nothing.
	if code, _, stderr := runCLI(t, "space", "import", "--state", state, "--space", "t", "--standalone", dir); code != 0 {
		t.Errorf("standalone import: %d %s", code, stderr)
	}
	if code, _, _ := runCLI(t, "space", "info", "--state", state, "--space", "t"); code != 1 {
		t.Errorf("a standalone import created space t")
	}
}

func TestSpaceUsage(t *testing.T) {
	for _, args := range [][]string{
		{"space"},
		{"space", "bogus"},
		{"space", "import", "--space", "s", "repo"},
		{"space", "import", "--state", "x"},
		{"space", "export", "--state", "x", "--space", "s", "repo"},
		{"space", "info", "--state", "x"},
		{"diff", "one.json"},
	} {
		if code, _, _ := runCLI(t, args...); code != 2 {
			t.Errorf("%v: exit %d, want 2", args, code)
		}
	}
	if code, _, stderr := runCLI(t, "diff", "missing-1.json", "missing-2.json"); code != 1 || strings.Count(stderr, "\n") != 1 {
		t.Errorf("diff of missing files: %d %q", code, stderr)
	}
}
