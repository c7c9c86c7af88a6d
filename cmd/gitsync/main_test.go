package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing/object"
	"github.com/seed1bfafebe/gitsync/internal/schematest"
	"github.com/seed1bfafebe/gitsync/revision"
)

func runCLI(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	code = run(context.Background(), args, &out, &errb)
	return code, out.String(), errb.String()
}

func TestImportSample(t *testing.T) {
	code, out, stderr := runCLI(t, "import")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	schematest.ValidateRevision(t, []byte(out))
	var rev revision.Revision
	if err := json.Unmarshal([]byte(out), &rev); err != nil {
		t.Fatal(err)
	}
	var titles []string
	revision.Walk(rev.Pages, func(p, _ *revision.Page) bool { titles = append(titles, p.Title); return true })
	want := []string{"Welcome to Tidepool", "Getting started", "Install the CLI", "Your first sync", "Guides", "Writing pages", "Tables and figures", "Project website"}
	if strings.Join(titles, "|") != strings.Join(want, "|") {
		t.Errorf("pages %q, want %q", titles, want)
	}
	_, again, _ := runCLI(t, "import")
	if again != out {
		t.Error("two imports of the sample differ")
	}
}

func TestExitCodes(t *testing.T) {
	tests := []struct {
		name string
		args []string
		code int
		err  string // substring of stderr
	}{
		{"no command", nil, 2, "usage"},
		{"unknown command", []string{"frobnicate"}, 2, "unknown command"},
		{"bad flag", []string{"import", "--nope"}, 2, "flag provided but not defined"},
		{"two repos", []string{"import", "a", "b"}, 2, "one repository"},
		{"remote URL never dialled", []string{"import", "https://user:s3cret@example.com/x.git"}, 1, "only local paths"},
		{"missing repo", []string{"import", filepath.Join(t.TempDir(), "nope")}, 1, "gitsync import:"},
		{"export without message", []string{"export", "--revision", "r.json", "repo"}, 2, "-m MSG is required"},
		{"help", []string{"import", "-h"}, 0, "usage: gitsync import"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, _, stderr := runCLI(t, tt.args...)
			if code != tt.code || !strings.Contains(stderr, tt.err) {
				t.Errorf("exit %d, stderr %q; want %d and %q", code, stderr, tt.code, tt.err)
			}
			if strings.Contains(stderr, "s3cret") {
				t.Errorf("stderr leaks a credential: %q", stderr)
			}
			if tt.code == 1 && strings.Count(strings.TrimSpace(stderr), "\n") != 0 {
				t.Errorf("an error must be one line, got %q", stderr)
			}
		})
	}
}

// diskRepo creates a Git work tree with files committed on main.
func diskRepo(t *testing.T, files map[string]string) (string, *git.Repository) {
	t.Helper()
	dir := t.TempDir()
	repo, err := git.PlainInitWithOptions(dir, &git.PlainInitOptions{InitOptions: git.InitOptions{DefaultBranch: "refs/heads/main"}})
	if err != nil {
		t.Fatal(err)
	}
	wt, _ := repo.Worktree()
	for name, content := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		if _, err := wt.Add(name); err != nil {
			t.Fatal(err)
		}
	}
	sig := &object.Signature{Name: "T", Email: "t@example.com", When: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)}
	if _, err := wt.Commit("init", &git.CommitOptions{Author: sig, Committer: sig}); err != nil {
		t.Fatal(err)
	}
	return dir, repo
}

func TestImportEditExportOnDisk(t *testing.T) {
	dir, _ := diskRepo(t, map[string]string{
		"SUMMARY.md": "# Table of contents\n\n* [Home](README.md)\n",
		"README.md":  "# Home\n\nOld text.\n",
	})
	revFile := filepath.Join(t.TempDir(), "rev.json")
	if code, _, stderr := runCLI(t, "import", "-o", revFile, "file://"+dir); code != 0 {
		t.Fatalf("import: exit %d: %s", code, stderr)
	}
	// Unchanged: no commit.
	code, out, stderr := runCLI(t, "export", "--revision", revFile, "-m", "noop", dir)
	if code != 0 {
		t.Fatalf("export: exit %d: %s", code, stderr)
	}
	var res struct {
		Commit  *string `json:"commit"`
		Parent  string  `json:"parent"`
		Ref     string  `json:"ref"`
		Changes []any   `json:"changes"`
	}
	if err := json.Unmarshal([]byte(out), &res); err != nil || res.Commit != nil || len(res.Changes) != 0 || res.Ref != "refs/heads/main" {
		t.Fatalf("unchanged export printed %s (err %v)", out, err)
	}
	// Edit the text, export: the checked-out work tree follows.
	data, _ := os.ReadFile(revFile)
	edited := strings.Replace(string(data), `"Old text."`, `"New text."`, 1)
	if edited == string(data) {
		t.Fatal("the revision JSON does not hold the paragraph text")
	}
	os.WriteFile(revFile, []byte(edited), 0o644)
	committed := filepath.Join(t.TempDir(), "committed.json")
	code, out, stderr = runCLI(t, "export", "--revision", revFile, "-m", "Edit home", "--author", "Ada <ada@example.com>", "--revision-out", committed, dir)
	if code != 0 {
		t.Fatalf("export: exit %d: %s", code, stderr)
	}
	if err := json.Unmarshal([]byte(out), &res); err != nil || res.Commit == nil {
		t.Fatalf("export printed %s", out)
	}
	// --revision-out: the revision as the branch holds it, at the new commit.
	var held revision.Revision
	if data, err := os.ReadFile(committed); err != nil || json.Unmarshal(data, &held) != nil || held.Git == nil || held.Git.OID != *res.Commit {
		t.Errorf("--revision-out wrote %+v (err %v), want git.oid %s", held.Git, err, *res.Commit)
	}
	got, _ := os.ReadFile(filepath.Join(dir, "README.md"))
	if string(got) != "# Home\n\nNew text.\n" {
		t.Errorf("work tree README.md = %q", got)
	}
	// A dirty work tree is refused, and nothing is lost.
	os.WriteFile(filepath.Join(dir, "README.md"), []byte("uncommitted work\n"), 0o644)
	code, _, stderr = runCLI(t, "export", "--revision", revFile, "-m", "again", "--force", dir)
	if code != 1 || !strings.Contains(stderr, "uncommitted") {
		t.Errorf("dirty export: exit %d, %q", code, stderr)
	}
	if got, _ := os.ReadFile(filepath.Join(dir, "README.md")); string(got) != "uncommitted work\n" {
		t.Error("uncommitted work was lost")
	}
}

func TestFmt(t *testing.T) {
	dir := t.TempDir()
	messy := filepath.Join(dir, "page.md")
	os.WriteFile(messy, []byte("# Title\n\n- one\n- two\n"), 0o644)
	clean := filepath.Join(dir, "clean.md")
	os.WriteFile(clean, []byte("# Title\n\n* one\n* two\n"), 0o644)

	code, out, _ := runCLI(t, "fmt", messy)
	if code != 0 || out != "# Title\n\n* one\n* two\n" {
		t.Errorf("fmt FILE: exit %d, %q", code, out)
	}
	code, out, _ = runCLI(t, "fmt", "-l", dir)
	if code != 0 || out != messy+"\n" {
		t.Errorf("fmt -l: exit %d, %q", code, out)
	}
	code, out, _ = runCLI(t, "fmt", "-d", messy)
	if code != 0 || !strings.Contains(out, "-- one\n") || !strings.Contains(out, "+* one\n") {
		t.Errorf("fmt -d: exit %d, %q", code, out)
	}
	if code, _, _ = runCLI(t, "fmt", "-w", dir); code != 0 {
		t.Fatalf("fmt -w: exit %d", code)
	}
	if got, _ := os.ReadFile(messy); string(got) != "# Title\n\n* one\n* two\n" {
		t.Errorf("after -w: %q", got)
	}
	if code, out, _ = runCLI(t, "fmt", "-l", dir); out != "" {
		t.Errorf("fmt -l after -w lists %q", out)
	}
	if code, _, _ = runCLI(t, "fmt", filepath.Join(dir, "missing.md")); code != 1 {
		t.Errorf("missing file: exit %d, want 1", code)
	}
}

// A folder's table of contents is the file .gitbook.yaml names, formatted as
// a table of contents (it gains GitBook's title), not as a page.
func TestFmtCustomSummary(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, ".gitbook.yaml"), []byte("structure:\n  summary: toc.md\n"), 0o644)
	os.WriteFile(filepath.Join(dir, "toc.md"), []byte("* [A](a.md)\n"), 0o644)
	os.WriteFile(filepath.Join(dir, "a.md"), []byte("# A\n"), 0o644)
	code, out, stderr := runCLI(t, "fmt", dir)
	if want := "# A\n# Table of contents\n\n* [A](a.md)\n"; code != 0 || out != want {
		t.Errorf("fmt DIR: exit %d, %q, want %q (%s)", code, out, want, stderr)
	}
}

// Without a path, or with "-", fmt reads the standard input, as gofmt does.
func TestFmtStdin(t *testing.T) {
	const messy, clean = "# Title\n\n- one\n", "# Title\n\n* one\n"
	for _, tc := range []struct {
		args []string
		in   string
		want string
	}{
		{nil, messy, clean},
		{[]string{"-"}, messy, clean},
		{[]string{"-l"}, messy, stdinName + "\n"},
		{[]string{"-l", "-"}, clean, ""},
		{[]string{"-d"}, messy, "--- " + stdinName + "\n+++ " + stdinName + " (canonical)\n@@ -1,3 +1,3 @@\n # Title\n \n-- one\n+* one\n"},
	} {
		var out, errb bytes.Buffer
		if err := runFmtIn(context.Background(), tc.args, strings.NewReader(tc.in), &out, &errb); err != nil {
			t.Errorf("fmt %q: %v", tc.args, err)
			continue
		}
		if out.String() != tc.want {
			t.Errorf("fmt %q = %q, want %q", tc.args, out.String(), tc.want)
		}
	}
	var ue usageError
	if err := runFmtIn(context.Background(), []string{"-w"}, strings.NewReader(messy), io.Discard, io.Discard); !errors.As(err, &ue) {
		t.Errorf("fmt -w on standard input: %v, want a usage error", err)
	}
}

func TestUnifiedDiff(t *testing.T) {
	a := "1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n"
	b := "1\n2\n3\n4\nfive\n6\n7\n8\n9\n10\n"
	want := "--- f\n+++ f (canonical)\n@@ -2,7 +2,7 @@\n 2\n 3\n 4\n-5\n+five\n 6\n 7\n 8\n"
	if got := unifiedDiff("f", a, b); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
	if unifiedDiff("f", a, a) != "" {
		t.Error("equal inputs must give no diff")
	}
}

// A .md file under .gitbook/assets is an uploaded file, not a page: fmt
// neither lists nor rewrites it; .gitbook/includes are pages.
func TestFmtSkipsAssets(t *testing.T) {
	dir := t.TempDir()
	for name, body := range map[string]string{
		"SUMMARY.md":                  "# Table of contents\n\n* [A](a.md)\n",
		"a.md":                        "# A\n\n- one\n",
		".gitbook/assets/notes.md":    "- not a page\n",
		".gitbook/includes/common.md": "- shared\n",
	} {
		p := filepath.Join(dir, filepath.FromSlash(name))
		os.MkdirAll(filepath.Dir(p), 0o755)
		os.WriteFile(p, []byte(body), 0o644)
	}
	code, out, stderr := runCLI(t, "fmt", "-l", dir)
	want := filepath.Join(dir, ".gitbook", "includes", "common.md") + "\n" + filepath.Join(dir, "a.md") + "\n"
	if code != 0 || out != want {
		t.Errorf("fmt -l: exit %d, %q, want %q (%s)", code, out, want, stderr)
	}
}

// TestExportAgentsMD: --agents-md writes the block as the repository
// root's AGENTS.md, with the space in a folder; an unreadable file is an
// error (exit 1) and writes nothing.
func TestExportAgentsMD(t *testing.T) {
	dir, _ := diskRepo(t, map[string]string{
		"docs/SUMMARY.md": "# Table of contents\n\n* [Home](README.md)\n",
		"docs/README.md":  "# Home\n\nText.\n",
	})
	revFile := filepath.Join(t.TempDir(), "rev.json")
	if code, _, stderr := runCLI(t, "import", "--dir", "docs", "-o", revFile, "file://"+dir); code != 0 {
		t.Fatalf("import: exit %d: %s", code, stderr)
	}
	if code, _, stderr := runCLI(t, "export", "--revision", revFile, "--dir", "docs", "-m", "agents", "--agents-md", filepath.Join(t.TempDir(), "absent.md"), dir); code != 1 || !strings.Contains(stderr, "--agents-md") {
		t.Fatalf("export with a missing --agents-md file: exit %d, %q; want 1", code, stderr)
	}
	block := "<!-- gitbook-agent-instructions:start -->\n\nBe careful.\n\n<!-- gitbook-agent-instructions:end -->\n"
	agents := filepath.Join(t.TempDir(), "agents.md")
	os.WriteFile(agents, []byte(block), 0o644)
	code, out, stderr := runCLI(t, "export", "--revision", revFile, "--dir", "docs", "-m", "agents", "--agents-md", agents, dir)
	if code != 0 {
		t.Fatalf("export: exit %d: %s", code, stderr)
	}
	if !strings.Contains(out, `"path":"AGENTS.md"`) && !strings.Contains(out, `"path": "AGENTS.md"`) {
		t.Errorf("export printed %s, want AGENTS.md among the changes", out)
	}
	if got, _ := os.ReadFile(filepath.Join(dir, "AGENTS.md")); string(got) != block {
		t.Errorf("AGENTS.md = %q, want %q", got, block)
	}
}
