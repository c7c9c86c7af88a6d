package syncengine

import (
	"path"
	"slices"
	"sort"
	"strings"

	"github.com/seed1bfafebe/gitsync/revision"
)

// twin returns the base file of a page that the revision moved without
// knowing it (ids derived from paths, as an import of another commit
// gives them): a page of the base whose file no page keeps, with the same
// file name, the same fields and the same document as p (the same nodes,
// or nodes whose links are written alike from both places), which is
// stored at the new path np. "" when there is none. Its bytes then serve as p's
// original, so that a moved page is a rename, not a reprint.
func (x *exporter) twin(p *revision.Page, np string) string {
	if p.Document == nil {
		return ""
	}
	if x.keptPaths == nil {
		x.keptPaths = map[string]bool{}
		for _, q := range x.pagePath {
			x.keptPaths[q] = true
		}
		for q := range x.curPageByPath {
			x.basePaths = append(x.basePaths, q)
		}
		sort.Strings(x.basePaths)
	}
	var found []string
	for _, q := range x.basePaths {
		if x.keptPaths[q] || x.twinUsed[q] || fileName(q) != fileName(np) {
			continue
		}
		cur := x.curPageByPath[q]
		if _, ok := x.parsed[q]; !ok || cur.Document == nil {
			continue
		}
		if pageFieldsEqual(p, cur) && (sameNodes(p.Document.Nodes, cur.Document.Nodes) ||
			slices.Equal(x.placedFingerprints(x.parsed[q].page.Document.Nodes, q, true), x.placedFingerprints(p.Document.Nodes, np, false))) {
			found = append(found, q)
		}
	}
	// Pages alike (empty ones) are told apart by their file's title; a
	// twin is otherwise the only one.
	pick := ""
	for _, q := range found {
		if x.parsed[q].page.Title == p.Title {
			pick = q
			break
		}
	}
	if pick == "" && len(found) == 1 && len(p.Document.Nodes) > 0 {
		pick = found[0]
	}
	if pick != "" {
		if x.twinUsed == nil {
			x.twinUsed = map[string]bool{}
		}
		x.twinUsed[pick] = true
	}
	return pick
}

// fileName is the name a moved page file keeps: its base name without
// ".md", or its folder's for a README.md ("openapi" for
// "openapi/README.md"), so that a page that became a folder's README
// ("skill.md" to "skill/README.md", as GitBook moves a page that gets
// children) is the same name.
func fileName(p string) string {
	base := path.Base(p)
	if strings.EqualFold(base, "README.md") {
		return path.Base(path.Dir(p))
	}
	return strings.TrimSuffix(base, path.Ext(base))
}

// pageHasRelativeRefs reports whether page p writes anything relative to
// its file: a link to a page, file or include, or a cover upload.
func pageHasRelativeRefs(p *revision.Page) bool {
	if p.Cover != nil && p.Cover.Ref != nil && p.Cover.Ref.Kind != revision.RefURL {
		return true
	}
	if p.Document == nil {
		return false
	}
	for _, n := range p.Document.Nodes {
		if hasRelativeRefs(n) {
			return true
		}
	}
	return false
}
