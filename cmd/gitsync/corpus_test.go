package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"

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
	projects := 0
	for _, r := range repos {
		tree, _ := filepath.Abs(filepath.Join(corpus, r.Name(), "tree"))
		if _, err := os.Stat(tree); err != nil {
			continue
		}
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
		var dirs []string
		if _, err := os.Stat(filepath.Join(tree, ".gitbook.yaml")); err == nil {
			dirs = []string{""}
		} else if _, err := os.Stat(filepath.Join(tree, "SUMMARY.md")); err == nil {
			dirs = []string{""}
		} else {
			entries, _ := os.ReadDir(tree)
			for _, e := range entries {
				if _, err := os.Stat(filepath.Join(tree, e.Name(), "SUMMARY.md")); e.IsDir() && err == nil {
					dirs = append(dirs, e.Name())
				}
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
	if projects != 10 {
		t.Errorf("imported %d projects, want the corpus's 10", projects)
	}
}
