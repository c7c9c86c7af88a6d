// Package corpustest finds the GitBook projects of the shared corpus
// (../shared/corpus), so that every package's corpus sweep tests the same
// projects by the same rule.
package corpustest

import (
	"os"
	"path/filepath"
	"sort"

	"gopkg.in/yaml.v3"
)

// Count is the number of projects the corpus holds (its README.md): a
// sweep that finds fewer has lost some.
const Count = 15

// Project is one GitBook space of the corpus: a repository folder and the
// project directory (--dir) inside its tree/.
type Project struct {
	Repo string // folder under the corpus directory
	Dir  string // project directory inside tree/, "" for the root
}

// String names the project as repo or repo/dir.
func (p Project) String() string {
	if p.Dir == "" {
		return p.Repo
	}
	return p.Repo + "/" + p.Dir
}

// Tree is the project's repository folder (tree/) under corpus.
func (p Project) Tree(corpus string) string { return filepath.Join(corpus, p.Repo, "tree") }

// Projects lists the corpus's projects in a stable order. A .gitbook.yaml
// at a tree's root that holds a key names the root; an empty one names
// nothing (GitbookIO__public-docs: its site is described by docs.yaml).
// Otherwise a SUMMARY.md at the root makes the root one project, and
// else every top-level folder holding a SUMMARY.md is one.
func Projects(corpus string) ([]Project, error) {
	repos, err := os.ReadDir(corpus)
	if err != nil {
		return nil, err
	}
	var out []Project
	for _, r := range repos {
		tree := filepath.Join(corpus, r.Name(), "tree")
		if st, err := os.Stat(tree); err != nil || !st.IsDir() {
			continue
		}
		if namesRoot(filepath.Join(tree, ".gitbook.yaml")) || exists(filepath.Join(tree, "SUMMARY.md")) {
			out = append(out, Project{Repo: r.Name()})
			continue
		}
		dirs, _ := os.ReadDir(tree)
		for _, d := range dirs {
			if d.IsDir() && exists(filepath.Join(tree, d.Name(), "SUMMARY.md")) {
				out = append(out, Project{Repo: r.Name(), Dir: d.Name()})
			}
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].String() < out[j].String() })
	return out, nil
}

// namesRoot reports whether the .gitbook.yaml at path holds any key.
func namesRoot(path string) bool {
	b, err := os.ReadFile(path)
	if err != nil {
		return false
	}
	var m map[string]any
	if yaml.Unmarshal(b, &m) != nil {
		return true // a broken config still claims the root; the import says why
	}
	return len(m) > 0
}

func exists(path string) bool {
	_, err := os.Stat(path)
	return err == nil
}
