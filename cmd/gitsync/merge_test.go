package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/seed1bfafebe/gitsync/internal/schematest"
	"github.com/seed1bfafebe/gitsync/revision"
)

// sampleRevisions imports the embedded sample and returns it with a
// function that writes an edited copy: edit changes the first leaf of the
// first paragraph of the page at index page.
func sampleRevisions(t *testing.T) (dir string, write func(name string, edits map[int]func(string) string) string) {
	t.Helper()
	code, out, stderr := runCLI(t, "import")
	if code != 0 {
		t.Fatalf("import: %s", stderr)
	}
	dir = t.TempDir()
	write = func(name string, edits map[int]func(string) string) string {
		var rev revision.Revision
		if err := json.Unmarshal([]byte(out), &rev); err != nil {
			t.Fatal(err)
		}
		i := 0
		revision.Walk(rev.Pages, func(p, _ *revision.Page) bool {
			if edit := edits[i]; edit != nil && p.Document != nil {
			find:
				for _, n := range p.Document.Nodes {
					if b, ok := n.(*revision.Block); ok && b.Type() == "paragraph" {
						for _, c := range b.Nodes {
							if tx, ok := c.(*revision.Text); ok {
								tx.Leaves[0].Text = edit(tx.Leaves[0].Text)
								break find
							}
						}
					}
				}
			}
			i++
			return true
		})
		path := filepath.Join(dir, name)
		data, err := revision.Marshal(&rev)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
		return path
	}
	return dir, write
}

func TestMergeCommand(t *testing.T) {
	_, write := sampleRevisions(t)
	prefix := func(s string) func(string) string { return func(x string) string { return s + x } }
	base := write("base.json", nil)
	ours := write("ours.json", map[int]func(string) string{0: prefix("Ours: ")})
	theirs := write("theirs.json", map[int]func(string) string{1: prefix("Theirs: ")})
	same := write("same.json", map[int]func(string) string{0: prefix("Clash: ")})

	code, out, stderr := runCLI(t, "merge", base, ours, theirs)
	if code != 0 {
		t.Fatalf("clean merge: exit %d: %s", code, stderr)
	}
	schematest.ValidateRevision(t, []byte(out))
	for _, want := range []string{`"text": "Ours: `, `"text": "Theirs: `} {
		if !strings.Contains(out, want) {
			t.Errorf("merged revision lacks %s", want)
		}
	}

	code, out, stderr = runCLI(t, "merge", base, ours, same)
	if code != 1 || strings.Count(strings.TrimSpace(stderr), "\n") != 0 || !strings.Contains(stderr, "1 unresolved") {
		t.Fatalf("conflict: exit %d, stderr %q; want 1 and one line", code, stderr)
	}
	var got struct {
		Conflicts []struct {
			ID, Kind, Page, Block string
			Ours, Theirs          json.RawMessage
		}
	}
	if err := json.Unmarshal([]byte(out), &got); err != nil || len(got.Conflicts) != 1 {
		t.Fatalf("conflicts JSON: %v\n%s", err, out)
	}
	c := got.Conflicts[0]
	if c.Kind != "blocks" || c.Page == "" || c.Block == "" || !strings.Contains(string(c.Ours), "Ours: ") || !strings.Contains(string(c.Theirs), "Clash: ") {
		t.Errorf("conflict %+v", c)
	}

	code, out, _ = runCLI(t, "merge", "--take", "theirs", base, ours, same)
	if code != 0 || !strings.Contains(out, `"text": "Clash: `) || strings.Contains(out, `"text": "Ours: `) {
		t.Errorf("--take theirs: exit %d", code)
	}
	res := filepath.Join(t.TempDir(), "res.json")
	os.WriteFile(res, []byte(`{"c1": {"nodes": [{"object":"block","type":"paragraph","data":{},"nodes":[{"object":"text","leaves":[{"object":"leaf","text":"Both agreed.","marks":[]}]}]}]}}`), 0o644)
	code, out, stderr = runCLI(t, "merge", "--resolutions", res, base, ours, same)
	if code != 0 || !strings.Contains(out, `"text": "Both agreed."`) {
		t.Errorf("--resolutions: exit %d %s", code, stderr)
	}

	for _, args := range [][]string{{"merge", base, ours}, {"merge", "--take", "mine", base, ours, theirs}} {
		if code, _, _ := runCLI(t, args...); code != 2 {
			t.Errorf("%q: exit %d, want 2", args, code)
		}
	}
	if code, out, _ := runCLI(t, "merge", base, ours, filepath.Join(t.TempDir(), "nope.json")); code != 1 || out != "" {
		t.Errorf("missing file: exit %d, stdout %q", code, out)
	}
}
