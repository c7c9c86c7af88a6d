package space_test

import (
	"encoding/json"
	"errors"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/seed1bfafebe/gitsync/syncengine/space"
)

func TestRequestJSONNames(t *testing.T) {
	body := `{"url":"https://x:tok@example.com/r.git","ref":"refs/heads/main","repoCacheID":"c1",
	"repoTreeURL":"https://example.com/r/blob/main/","repoCommitURL":"https://example.com/r/commit/",
	"repoProjectDirectory":"docs","timestamp":"2026-01-02T03:04:05Z","force":true,"standalone":true,
	"gitInfo":{"provider":"github","url":"https://example.com/r"},"commitMessage":"msg"}`
	var imp space.ImportRequest
	if err := json.Unmarshal([]byte(body), &imp); err != nil {
		t.Fatal(err)
	}
	want := space.ImportRequest{URL: "https://x:tok@example.com/r.git", Ref: "refs/heads/main", RepoCacheID: "c1",
		RepoTreeURL: "https://example.com/r/blob/main/", RepoCommitURL: "https://example.com/r/commit/",
		RepoProjectDirectory: "docs", Timestamp: time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC), Force: true, Standalone: true,
		GitInfo: &space.GitInfoUpdate{Provider: "github", URL: "https://example.com/r"}}
	if diff := cmp.Diff(want, imp); diff != "" {
		t.Errorf("ImportRequest (-want +got):\n%s", diff)
	}
	var exp space.ExportRequest
	if err := json.Unmarshal([]byte(body), &exp); err != nil {
		t.Fatal(err)
	}
	if exp.CommitMessage != "msg" || exp.RepoProjectDirectory != "docs" || !exp.Force {
		t.Errorf("ExportRequest = %+v", exp)
	}
}

func TestValidate(t *testing.T) {
	ok := space.ExportRequest{URL: "/repo", Ref: "refs/heads/main", CommitMessage: "m"}
	for _, tc := range []struct {
		name  string
		edit  func(*space.ExportRequest)
		field string
	}{
		{"ok", func(*space.ExportRequest) {}, ""},
		{"short ref", func(r *space.ExportRequest) { r.Ref = "main" }, ""},
		{"HEAD", func(r *space.ExportRequest) { r.Ref = "HEAD" }, ""},
		{"no url", func(r *space.ExportRequest) { r.URL = " " }, "url"},
		{"no ref", func(r *space.ExportRequest) { r.Ref = "" }, "ref"},
		{"bad ref", func(r *space.ExportRequest) { r.Ref = "refs/heads/a..b" }, "ref"},
		{"ref with space", func(r *space.ExportRequest) { r.Ref = "refs/heads/a b" }, "ref"},
		{"no message", func(r *space.ExportRequest) { r.CommitMessage = "" }, "commitMessage"},
		{"relative tree URL", func(r *space.ExportRequest) { r.RepoTreeURL = "blob/main" }, "repoTreeURL"},
		{"bad commit URL", func(r *space.ExportRequest) { r.RepoCommitURL = "::" }, "repoCommitURL"},
		{"escaping dir", func(r *space.ExportRequest) { r.RepoProjectDirectory = "docs/../../x" }, "repoProjectDirectory"},
		{"dir with slashes", func(r *space.ExportRequest) { r.RepoProjectDirectory = "/docs/" }, ""},
		{"provider", func(r *space.ExportRequest) { r.GitInfo = &space.GitInfoUpdate{Provider: "bitbucket"} }, "gitInfo.provider"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := ok
			tc.edit(&r)
			err := r.Validate()
			var fe *space.FieldError
			switch {
			case tc.field == "" && err != nil:
				t.Errorf("Validate = %v, want nil", err)
			case tc.field != "" && (!errors.As(err, &fe) || fe.Field != tc.field || !errors.Is(err, space.ErrInvalidRequest)):
				t.Errorf("Validate = %v, want a *FieldError for %s", err, tc.field)
			}
			imp := space.ImportRequest{URL: r.URL, Ref: r.Ref, RepoTreeURL: r.RepoTreeURL, RepoCommitURL: r.RepoCommitURL,
				RepoProjectDirectory: r.RepoProjectDirectory, GitInfo: r.GitInfo}
			if err := imp.Validate(); (err == nil) != (tc.field == "" || tc.field == "commitMessage") {
				t.Errorf("ImportRequest.Validate = %v", err)
			}
		})
	}
}

// FuzzRequest decodes any body into both requests and validates them:
// nothing panics, and a request that validates names a URL and a ref.
func FuzzRequest(f *testing.F) {
	f.Add(`{"url":"/r","ref":"main","commitMessage":"m"}`)
	f.Add(`{"url":"https://u:p@h/r.git","ref":"refs/heads/a..b","repoProjectDirectory":"../x","gitInfo":{"provider":"x"}}`)
	f.Add(`{"url":"x","ref":"HEAD","repoTreeURL":"::","timestamp":"2026-01-01T00:00:00Z"}`)
	f.Fuzz(func(t *testing.T, body string) {
		var imp space.ImportRequest
		if json.Unmarshal([]byte(body), &imp) == nil {
			if err := imp.Validate(); err == nil && (imp.URL == "" || imp.Ref == "") {
				t.Errorf("%q validates without a URL or ref", body)
			}
		}
		var exp space.ExportRequest
		if json.Unmarshal([]byte(body), &exp) == nil {
			if err := exp.Validate(); err == nil && exp.CommitMessage == "" {
				t.Errorf("%q validates without a commit message", body)
			}
		}
	})
}
