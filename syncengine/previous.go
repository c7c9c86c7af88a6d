package syncengine

import "github.com/seed1bfafebe/gitsync/revision"

// previousIDs carries the ids of an earlier revision over to a new import:
// a page, file or reusable content at the same path keeps its id, and a page
// whose file was moved (same blob at a new path, the old path gone) keeps
// the id it had at the old path.
type previousIDs struct {
	pages, files, includes map[string]string
	// groups and links may repeat a title or a URL: each id is taken once,
	// in order, links first by title and URL together.
	groups, links, titledLinks map[string][]string
	// pageBlobs maps a page file's blob id to its path and page id; claimed
	// holds the ids a moved page took.
	pageBlobs map[string]pathID
	claimed   map[string]bool
}

type pathID struct{ path, id string }

func indexPrevious(rev *revision.Revision) previousIDs {
	ix := previousIDs{pages: map[string]string{}, files: map[string]string{}, includes: map[string]string{},
		groups: map[string][]string{}, links: map[string][]string{}, titledLinks: map[string][]string{},
		pageBlobs: map[string]pathID{}, claimed: map[string]bool{}}
	if rev == nil {
		return ix
	}
	revision.Walk(rev.Pages, func(p, _ *revision.Page) bool {
		switch {
		case p.Type == revision.PageDocument && p.Git != nil && p.Git.Path != "":
			if _, again := ix.pages[p.Git.Path]; again {
				return true // a second listing of the file: its id is its place's
			}
			ix.pages[p.Git.Path] = p.ID
			if p.Git.OID != "" {
				if _, dup := ix.pageBlobs[p.Git.OID]; dup {
					ix.pageBlobs[p.Git.OID] = pathID{} // two pages had it: not told apart
				} else {
					ix.pageBlobs[p.Git.OID] = pathID{p.Git.Path, p.ID}
				}
			}
		case p.Type == revision.PageGroup:
			ix.groups[p.Title] = append(ix.groups[p.Title], p.ID)
		case p.Type == revision.PageLink && p.Target != nil:
			ix.links[p.Target.URL] = append(ix.links[p.Target.URL], p.ID)
			key := p.Title + "\x00" + p.Target.URL
			ix.titledLinks[key] = append(ix.titledLinks[key], p.ID)
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

// page returns the id of the page stored at path with blob oid: the id of
// the previous page at that path, else of the previous page whose file had
// that blob at a path that no longer exists (gone reports it), else fresh.
// Calls must come in a deterministic order: a moved file's id goes to the
// first page that claims it.
func (ix previousIDs) page(path, oid, fresh string, gone func(path string) bool) string {
	if id, ok := ix.pages[path]; ok {
		return id
	}
	if old, ok := ix.pageBlobs[oid]; ok && oid != "" && old.id != "" && !ix.claimed[old.id] && gone(old.path) {
		ix.claimed[old.id] = true
		return old.id
	}
	return fresh
}

func (ix previousIDs) file(path, fresh string) string     { return pick(ix.files, path, fresh) }
func (ix previousIDs) reusable(path, fresh string) string { return pick(ix.includes, path, fresh) }

// group returns the id of the first previous group with that title not
// taken yet, else fresh.
func (ix previousIDs) group(title, fresh string) string {
	if id, ok := ix.claim(ix.groups[title]); ok {
		return id
	}
	return fresh
}

// link returns the id of a previous link with that title and URL, else with
// that URL, not taken yet; else fresh.
func (ix previousIDs) link(title, url, fresh string) string {
	if id, ok := ix.claim(ix.titledLinks[title+"\x00"+url]); ok {
		return id
	}
	if id, ok := ix.claim(ix.links[url]); ok {
		return id
	}
	return fresh
}

func (ix previousIDs) claim(ids []string) (string, bool) {
	for _, id := range ids {
		if !ix.claimed[id] {
			ix.claimed[id] = true
			return id, true
		}
	}
	return "", false
}
