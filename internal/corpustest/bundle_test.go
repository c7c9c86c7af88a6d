package corpustest

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

func TestCloneBundle(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git command not available")
	}
	corpus := t.TempDir()
	src := filepath.Join(t.TempDir(), "src")
	git := func(args ...string) string {
		t.Helper()
		cmd := exec.Command("git", args...)
		cmd.Env = append(os.Environ(), "GIT_AUTHOR_NAME=t", "GIT_AUTHOR_EMAIL=t@example.com",
			"GIT_COMMITTER_NAME=t", "GIT_COMMITTER_EMAIL=t@example.com")
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
		return strings.TrimSpace(string(out))
	}
	git("init", "--quiet", "-b", "main", src)
	if err := os.WriteFile(filepath.Join(src, "README.md"), []byte("# x\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	git("-C", src, "add", ".")
	git("-C", src, "commit", "--quiet", "-m", "GITBOOK-1: first")
	if err := os.MkdirAll(filepath.Join(corpus, "proj"), 0o755); err != nil {
		t.Fatal(err)
	}
	git("-C", src, "bundle", "create", filepath.Join(corpus, "proj", "history.bundle"), "--all")

	dir := CloneBundle(t, corpus, "proj")
	if got, want := git("--git-dir", dir, "rev-parse", "HEAD"), git("-C", src, "rev-parse", "HEAD"); got != want {
		t.Errorf("cloned HEAD = %s, want %s", got, want)
	}
	if got := git("--git-dir", dir, "rev-parse", "--is-bare-repository"); got != "true" {
		t.Errorf("clone is bare = %s, want true", got)
	}
}
