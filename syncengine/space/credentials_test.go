package space_test

import (
	"bytes"
	"errors"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/seed1bfafebe/gitsync/syncengine/space"
)

// TestCredentialsNeverStored runs every operation with a URL carrying a
// token over a file store and a debug logger, and looks for the token in
// the files, the results, the errors and the logs.
func TestCredentialsNeverStored(t *testing.T) {
	dir := t.TempDir()
	store, err := space.NewFileStore(dir)
	if err != nil {
		t.Fatal(err)
	}
	files := map[string]string{"SUMMARY.md": "# Summary\n\n* [Home](README.md)\n* [API](reference/api.md)\n",
		"README.md": "# Home\n\nSee [the tool](../tool/main.go).\n", "reference/api.md": "# API\n\nText.\n"}
	f := newFixtureStore(t, prefixed("docs/", files), store)
	var logs bytes.Buffer
	f.engine = space.New(space.Options{Store: store, Resolvers: map[string]space.Resolver{"mem": f.repos.resolver},
		Logger: slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))})
	const secret = "s3cr3t-t0ken"
	var seen []string
	note := func(v any, err error) {
		seen = append(seen, jsonOf(v))
		if err != nil {
			seen = append(seen, err.Error())
		}
	}
	req := f.importReq(1)
	req.RepoProjectDirectory = "docs"
	req.RepoCommitURL = "https://bot:" + secret + "@example.com/org/docs/commit/"
	req.RepoTreeURL = "https://bot:" + secret + "@example.com/org/docs/blob/main/"
	req.GitInfo = &space.GitInfoUpdate{Provider: "github", URL: "https://bot:" + secret + "@example.com/org/docs"}
	note(f.engine.Import(f.ctx, "s", req))
	rev, _ := f.engine.Revision(f.ctx, "s")
	note(f.engine.SetRevision(f.ctx, "s", editTitle(rev, "reference/api.md", "Edited")), nil)
	note(f.engine.Export(f.ctx, "s", space.ExportRequest{URL: f.url, Ref: "refs/heads/main", CommitMessage: "m", Timestamp: ts(2),
		RepoProjectDirectory: "docs", RepoCommitURL: req.RepoCommitURL}))
	note(f.engine.GitInfo(f.ctx, "s"))
	if !strings.Contains(jsonOf(rev), "example.com/org/docs/blob/main/tool/main.go") || !strings.Contains(jsonOf(rev), "/commit/") {
		t.Errorf("the revision has no tree or commit URL: the test would miss leaks there")
	}
	bad := f.importReq(3)
	bad.Ref = "refs/heads/missing"
	note(f.engine.Import(f.ctx, "s", bad))
	bad = f.importReq(3)
	bad.URL = "mem://bot:" + secret + "@example.com/org/nothing.git"
	note(f.engine.Import(f.ctx, "s", bad))
	other := f.importReq(1)
	other.RepoProjectDirectory = "docs"
	_, err = f.engine.Import(f.ctx, "t", other)
	if !errors.Is(err, space.ErrBound) {
		t.Errorf("second space: %v, want ErrBound", err)
	}
	note(nil, err) // a binding conflict quotes the binding
	seen = append(seen, logs.String())
	if !strings.Contains(logs.String(), "space import") {
		t.Errorf("the logger got nothing: the test would miss leaks there")
	}
	for _, s := range seen {
		if strings.Contains(s, secret) {
			t.Errorf("credentials leaked: %s", s)
		}
	}
	err = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		if bytes.Contains(data, []byte(secret)) {
			t.Errorf("credentials stored in %s", p)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if n := len(seen); n < 8 {
		t.Fatalf("only %d outputs checked", n)
	}
	_ = time.Now
}
