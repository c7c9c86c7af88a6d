package space

import (
	"fmt"
	"time"
)

// State is everything the engine keeps about one space between operations.
// It is small (ids and paths, no documents): the primary revision is stored
// apart (Store.PutRevision) under RevisionKey.
type State struct {
	// Space is the space id.
	Space string `json:"space"`
	// Version is the store's compare-and-swap version: 0 for a state never
	// saved; Store.Save sets it to the new version on success.
	Version int64 `json:"version"`

	// Binding is the repository, ref and project directory the space syncs
	// with (the URL without credentials).
	Binding Binding `json:"binding"`
	// RepoCacheID names the repository's parse cache.
	RepoCacheID string `json:"repoCacheID,omitempty"`
	// LastCommit is the commit of the last sync (import, or export).
	LastCommit string `json:"lastCommit,omitempty"`
	// LastTimestamp is the timestamp of the last applied operation.
	LastTimestamp time.Time `json:"lastTimestamp,omitzero"`
	// LastOperation is "import" or "export".
	LastOperation string `json:"lastOperation,omitempty"`
	// GitInfo is what GitInfo reports; nil until a sync stored it.
	GitInfo *GitInfo `json:"gitInfo,omitempty"`
	// LegacyInstallation reports a legacy Git Sync installation still
	// present on the space.
	LegacyInstallation bool `json:"legacyInstallation,omitempty"`
	// Changed reports that the primary revision was set by the host
	// (SetRevision) since the last sync: the space has edits the branch
	// does not.
	Changed bool `json:"changed,omitempty"`
	// RevisionKey is the key of the primary revision in the store; "" when
	// the space has none.
	RevisionKey string `json:"revisionKey,omitempty"`
	// RevisionID is the id of the primary revision (the parent of the next
	// imported one).
	RevisionID string `json:"revisionID,omitempty"`

	// Pages maps a page file's path (relative to the content root) to its
	// page id and blob; Files and Reusables do the same for files and
	// reusable contents.
	Pages     map[string]Entry `json:"pages,omitempty"`
	Files     map[string]Entry `json:"files,omitempty"`
	Reusables map[string]Entry `json:"reusables,omitempty"`
	// Groups and Links keep the ids of group and link pages, in tree order.
	Groups []Named `json:"groups,omitempty"`
	Links  []Named `json:"links,omitempty"`
}

// Entry is the id a space gave a path, and the blob it had.
type Entry struct {
	ID   string `json:"id"`
	Blob string `json:"blob,omitempty"`
	// Origin is the path the id was first given for, when the page has
	// moved since: a new page there must get another id.
	Origin string `json:"origin,omitempty"`
}

// Named is the id of a group (by title) or a link (by title and URL).
type Named struct {
	ID    string `json:"id"`
	Title string `json:"title"`
	URL   string `json:"url,omitempty"`
}

// Binding is what a space syncs with: two spaces may not share one.
type Binding struct {
	URL        string `json:"url"` // without credentials
	Ref        string `json:"ref"`
	ProjectDir string `json:"projectDir,omitempty"`
}

// String is "url@ref:dir".
func (b Binding) String() string { return fmt.Sprintf("%s@%s:%s", b.URL, b.Ref, b.ProjectDir) }

// IsZero reports an unset binding.
func (b Binding) IsZero() bool { return b == Binding{} }

// GitInfo is a space's Git Sync info, as GitBook's getSpaceGitInfo reports
// it (a subset of components.schemas.GitSyncState).
type GitInfo struct {
	RepoName             string    `json:"repoName"`
	InstallationProvider string    `json:"installationProvider,omitempty"`
	Integration          string    `json:"integration,omitempty"`
	URL                  string    `json:"url,omitempty"`
	UpdatedAt            time.Time `json:"updatedAt,omitzero"`
}

// clone returns a deep copy, so the engine never shares maps with a store.
func (s *State) clone() *State {
	c := *s
	if s.GitInfo != nil {
		gi := *s.GitInfo
		c.GitInfo = &gi
	}
	c.Pages, c.Files, c.Reusables = cloneMap(s.Pages), cloneMap(s.Files), cloneMap(s.Reusables)
	c.Groups = append([]Named(nil), s.Groups...)
	c.Links = append([]Named(nil), s.Links...)
	return &c
}

func cloneMap(m map[string]Entry) map[string]Entry {
	if m == nil {
		return nil
	}
	c := make(map[string]Entry, len(m))
	for k, v := range m {
		c[k] = v
	}
	return c
}
