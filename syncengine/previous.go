package syncengine

import "github.com/seed1bfafebe/gitsync/revision"

// previousIDs carries the ids of an earlier revision over to a new import:
// a page, file or reusable content at the same path keeps its id.
type previousIDs struct {
	pages, files, includes, groups, links map[string]string
}

func indexPrevious(rev *revision.Revision) previousIDs {
	ix := previousIDs{pages: map[string]string{}, files: map[string]string{}, includes: map[string]string{},
		groups: map[string]string{}, links: map[string]string{}}
	if rev == nil {
		return ix
	}
	revision.Walk(rev.Pages, func(p, _ *revision.Page) bool {
		switch {
		case p.Type == revision.PageDocument && p.Git != nil && p.Git.Path != "":
			ix.pages[p.Git.Path] = p.ID
		case p.Type == revision.PageGroup:
			ix.groups[p.Title] = p.ID
		case p.Type == revision.PageLink && p.Target != nil:
			ix.links[p.Target.URL] = p.ID
		}
		return true
	})
	for _, f := range rev.Files {
		if f.Git != nil {
			ix.files[f.Git.Path] = f.ID
		}
	}
	for _, rc := range rev.ReusableContents {
		if rc.Git != nil {
			ix.includes[rc.Git.Path] = rc.ID
		}
	}
	return ix
}

func pick(m map[string]string, key, fresh string) string {
	if id, ok := m[key]; ok {
		return id
	}
	return fresh
}

func (ix previousIDs) page(path, fresh string) string     { return pick(ix.pages, path, fresh) }
func (ix previousIDs) file(path, fresh string) string     { return pick(ix.files, path, fresh) }
func (ix previousIDs) reusable(path, fresh string) string { return pick(ix.includes, path, fresh) }
func (ix previousIDs) group(title, fresh string) string   { return pick(ix.groups, title, fresh) }
func (ix previousIDs) link(url, fresh string) string      { return pick(ix.links, url, fresh) }
