package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/seed1bfafebe/gitsync/internal/corpustest"
	"github.com/seed1bfafebe/gitsync/internal/racetest"
	"github.com/seed1bfafebe/gitsync/internal/schematest"
)

// TestImportCorpusCLI imports every corpus project through the command line
// from a Git repository on disk: exit 0, a schema-valid revision, the same
// bytes twice. The repositories are made with the git command (skipped
// when absent) straight from the corpus folders.
func TestImportCorpusCLI(t *testing.T) {
	racetest.SkipSweep(t)
	const corpus = "../../../shared/corpus"
	repos, err := os.ReadDir(corpus)
	if err != nil {
		t.Skipf("corpus not available: %v", err)
	}
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git command not available")
	}
	list, err := corpustest.Projects(corpus)
	if err != nil {
		t.Skipf("corpus not available: %v", err)
	}
	byRepo := map[string][]string{}
	for _, p := range list {
		byRepo[p.Repo] = append(byRepo[p.Repo], p.Dir)
	}
	projects := 0
	for _, r := range repos {
		dirs := byRepo[r.Name()]
		if len(dirs) == 0 {
			continue
		}
		tree, _ := filepath.Abs(filepath.Join(corpus, r.Name(), "tree"))
		gitDir := filepath.Join(t.TempDir(), "repo.git")
		for _, args := range [][]string{
			{"init", "-q", "--bare", gitDir},
			{"--git-dir", gitDir, "--work-tree", tree, "add", "-A"},
			{"--git-dir", gitDir, "--work-tree", tree, "-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-q", "-m", "corpus"},
		} {
			if out, err := exec.Command("git", args...).CombinedOutput(); err != nil {
				t.Fatalf("git %v: %v\n%s", args, err, out)
			}
		}
		for _, dir := range dirs {
			projects++
			t.Run(r.Name()+"/"+dir, func(t *testing.T) {
				code, out, stderr := runCLI(t, "import", "--dir", dir, "file://"+gitDir)
				if code != 0 {
					t.Fatalf("exit %d: %s", code, stderr)
				}
				schematest.ValidateRevision(t, []byte(out))
				if _, again, _ := runCLI(t, "import", "--dir", dir, gitDir); again != out {
					t.Error("two imports gave different bytes")
				}
			})
		}
	}
	if projects != corpustest.Count {
		t.Errorf("imported %d projects, want the corpus's %d", projects, corpustest.Count)
	}
}
