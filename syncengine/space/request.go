package space

import (
	"net/url"
	"path"
	"strings"
	"time"

	"github.com/go-git/go-git/v5/plumbing"
)

// ImportRequest is the body of GitBook's import operation
// (components.schemas.ImportGitRepository), with its JSON field names.
type ImportRequest struct {
	// URL is the repository. It may carry credentials, which never reach
	// the state, results, errors or logs. Its scheme picks the resolver
	// (Options.Resolvers); local paths and file:// open directly.
	URL string `json:"url"`
	// Ref is the ref to import, e.g. "refs/heads/main" (short names, commit
	// ids and "HEAD" are accepted too).
	Ref string `json:"ref"`
	// RepoCacheID names the repository across operations: parsed content is
	// cached under it. "" means the redacted URL.
	RepoCacheID string `json:"repoCacheID,omitempty"`
	// RepoTreeURL is the prefix of links that leave the project
	// ("https://github.com/org/repo/blob/main/"); the repository path is
	// appended. A "{path}" in it is replaced instead.
	RepoTreeURL string `json:"repoTreeURL,omitempty"`
	// RepoCommitURL is the prefix of the commit URL reported in the
	// revision's git.url (GitSyncCommit); the commit id is appended.
	RepoCommitURL string `json:"repoCommitURL,omitempty"`
	// RepoProjectDirectory is the project directory inside the repository.
	RepoProjectDirectory string `json:"repoProjectDirectory,omitempty"`
	// Timestamp is when the event that triggered the operation happened.
	// An operation older than the last applied one is refused unless Force.
	// The zero time skips the check and leaves the order unchanged.
	Timestamp time.Time `json:"timestamp,omitzero"`
	// Force applies the operation out of order (and, for an export, over a
	// conflict).
	Force bool `json:"force,omitempty"`
	// Standalone returns a revision and leaves the primary revision, the
	// sync state and the Git info alone.
	Standalone bool `json:"standalone,omitempty"`
	// GitInfo is stored on the space (provider and tree URL).
	GitInfo *GitInfoUpdate `json:"gitInfo,omitempty"`
}

// ExportRequest is the body of GitBook's export operation
// (components.schemas.ExportToGitRepository). Its fields mean what
// ImportRequest's do, with these differences: CommitMessage (required) is
// the message of the commit written to Ref; Force also writes the space's
// revision over a conflict; Standalone writes the commit but leaves the
// sync state and the Git info alone.
type ExportRequest struct {
	URL                  string         `json:"url"`
	Ref                  string         `json:"ref"`
	CommitMessage        string         `json:"commitMessage"`
	RepoCacheID          string         `json:"repoCacheID,omitempty"`
	RepoTreeURL          string         `json:"repoTreeURL,omitempty"`
	RepoCommitURL        string         `json:"repoCommitURL,omitempty"`
	RepoProjectDirectory string         `json:"repoProjectDirectory,omitempty"`
	Timestamp            time.Time      `json:"timestamp,omitzero"`
	Force                bool           `json:"force,omitempty"`
	Standalone           bool           `json:"standalone,omitempty"`
	GitInfo              *GitInfoUpdate `json:"gitInfo,omitempty"`
}

// GitInfoUpdate is the Git provider metadata an operation stores on the
// space (components.schemas.UpdateSpaceGitInfo).
type GitInfoUpdate struct {
	Provider string `json:"provider,omitempty"` // "github" or "gitlab"
	URL      string `json:"url,omitempty"`      // the repository's tree URL
}

// Validate reports the first missing required field or bad value as a
// *FieldError.
func (r *ImportRequest) Validate() error {
	return validateCommon(r.URL, r.Ref, r.RepoTreeURL, r.RepoCommitURL, r.RepoProjectDirectory, r.GitInfo)
}

// Validate reports the first missing required field or bad value as a
// *FieldError. commitMessage is required.
func (r *ExportRequest) Validate() error {
	if err := validateCommon(r.URL, r.Ref, r.RepoTreeURL, r.RepoCommitURL, r.RepoProjectDirectory, r.GitInfo); err != nil {
		return err
	}
	if strings.TrimSpace(r.CommitMessage) == "" {
		return &FieldError{Field: "commitMessage", Reason: "required"}
	}
	return nil
}

// importRequest is the import an export runs first when only the branch
// moved.
func (r *ExportRequest) importRequest() ImportRequest {
	return ImportRequest{URL: r.URL, Ref: r.Ref, RepoCacheID: r.RepoCacheID, RepoTreeURL: r.RepoTreeURL,
		RepoCommitURL: r.RepoCommitURL, RepoProjectDirectory: r.RepoProjectDirectory, Timestamp: r.Timestamp,
		Force: r.Force, GitInfo: r.GitInfo}
}

func validateCommon(u, ref, treeURL, commitURL, dir string, gi *GitInfoUpdate) error {
	if strings.TrimSpace(u) == "" {
		return &FieldError{Field: "url", Reason: "required"}
	}
	if strings.ContainsAny(u, "\x00\n\r") {
		return &FieldError{Field: "url", Reason: "contains a control character"}
	}
	if strings.TrimSpace(ref) == "" {
		return &FieldError{Field: "ref", Reason: "required"}
	}
	if !validRef(ref) {
		return &FieldError{Field: "ref", Reason: "not a valid Git ref name"}
	}
	for _, f := range []struct{ name, v string }{{"repoTreeURL", treeURL}, {"repoCommitURL", commitURL}} {
		if f.v == "" {
			continue
		}
		pu, err := url.Parse(f.v)
		if err != nil || pu.Scheme == "" || pu.Host == "" {
			return &FieldError{Field: f.name, Reason: "not an absolute URL"}
		}
	}
	if _, ok := cleanProjectDir(dir); !ok {
		return &FieldError{Field: "repoProjectDirectory", Reason: "leaves the repository"}
	}
	if gi != nil {
		switch gi.Provider {
		case "", "github", "gitlab":
		default:
			return &FieldError{Field: "gitInfo.provider", Reason: `must be "github" or "gitlab"`}
		}
	}
	return nil
}

// validRef accepts what Git accepts as a ref name (git check-ref-format),
// plus "HEAD" and commit ids.
func validRef(ref string) bool {
	if ref == "HEAD" {
		return true
	}
	if strings.ContainsAny(ref, " ~^:?*[\\\x7f") || strings.Contains(ref, "..") || strings.Contains(ref, "@{") ||
		strings.Contains(ref, "//") || strings.HasPrefix(ref, "/") || strings.HasSuffix(ref, "/") ||
		strings.HasSuffix(ref, ".") || strings.HasSuffix(ref, ".lock") {
		return false
	}
	for _, c := range ref {
		if c < 0x20 {
			return false
		}
	}
	for _, part := range strings.Split(ref, "/") {
		if strings.HasPrefix(part, ".") {
			return false
		}
	}
	return plumbing.ReferenceName(ref).String() != ""
}

// cleanProjectDir normalizes a project directory ("", "docs", "a/b"); false
// when it leaves the repository.
func cleanProjectDir(dir string) (string, bool) {
	dir = strings.Trim(strings.ReplaceAll(dir, "\\", "/"), "/")
	if dir == "" {
		return "", true
	}
	c := path.Clean(dir)
	if c == "." {
		return "", true
	}
	if c == ".." || strings.HasPrefix(c, "../") {
		return "", false
	}
	return c, true
}
