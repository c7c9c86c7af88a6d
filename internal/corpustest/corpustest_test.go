package corpustest

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestProjects(t *testing.T) {
	root := t.TempDir()
	files := map[string]string{
		"named/tree/.gitbook.yaml":    "root: ./docs/\n",
		"named/tree/docs/SUMMARY.md":  "# x\n",
		"empty/tree/.gitbook.yaml":    "",
		"empty/tree/a/SUMMARY.md":     "# a\n",
		"empty/tree/b/SUMMARY.md":     "# b\n",
		"empty/tree/c/README.md":      "# c\n",
		"comments/tree/.gitbook.yaml": "# nothing here\n",
		"comments/tree/SUMMARY.md":    "# root\n",
		"notatree/SUMMARY.md":         "# no tree folder\n",
	}
	for name, body := range files {
		p := filepath.Join(root, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	got, err := Projects(root)
	if err != nil {
		t.Fatal(err)
	}
	want := []Project{{Repo: "comments"}, {Repo: "empty", Dir: "a"}, {Repo: "empty", Dir: "b"}, {Repo: "named"}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Projects (-want +got):\n%s", diff)
	}
}

// TestCorpus checks the rule against the shared corpus's README: 15
// projects.
func TestCorpus(t *testing.T) {
	const corpus = "../../../shared/corpus"
	if _, err := os.Stat(corpus); err != nil {
		t.Skipf("corpus absent: %v", err)
	}
	got, err := Projects(corpus)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != Count {
		t.Errorf("found %d projects, want %d: %v", len(got), Count, got)
	}
}
