package corpustest

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// CloneBundle clones the history.bundle of the corpus repository repo into
// a bare repository under t.TempDir and returns its directory. The test
// skips when the bundle or the git command is absent (go-git cannot read
// bundles) and fails when git cannot clone it.
func CloneBundle(t testing.TB, corpus, repo string) string {
	t.Helper()
	bundle := filepath.Join(corpus, repo, "history.bundle")
	if _, err := os.Stat(bundle); err != nil {
		t.Skipf("no history bundle: %v", err)
	}
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git command not available to unpack the bundle")
	}
	dir := filepath.Join(t.TempDir(), "repo.git")
	if out, err := exec.Command("git", "clone", "--quiet", "--bare", bundle, dir).CombinedOutput(); err != nil {
		t.Fatalf("git clone: %v\n%s", err, out)
	}
	return dir
}
