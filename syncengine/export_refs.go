package syncengine

import (
	"strconv"
	"strings"

	"github.com/seed1bfafebe/gitsync/revision"
)

// Blocks are compared where they are written: a block of the base file
// and a block of the revision are the same when their content is and
// every page, file or reusable content they reference is written with the
// same relative path, from the base file to where the target was and from
// the new file to where it goes. The base file's bytes are then still
// right at the new place: a page moved together with the pages it links
// to keeps its bytes, as GitBook keeps them (GITBOOK-1259 in GitBook's
// docs renames billing-faq/ and plans/ together, links unchanged), and a
// block whose link would change is printed.

// baseIDPaths indexes the base revision's page, file and reusable content
// paths by id, once.
func (x *exporter) baseIDPaths() (pages, files, rcs map[string]string) {
	if x.curIDPaths[0] == nil {
		x.curIDPaths = [3]map[string]string{{}, {}, {}}
		revision.Walk(x.cur.Pages, func(p, _ *revision.Page) bool {
			if p.Type == revision.PageDocument && p.Git != nil {
				if _, dup := x.curIDPaths[0][p.ID]; !dup {
					x.curIDPaths[0][p.ID] = p.Git.Path
				}
			}
			return true
		})
		for _, f := range x.cur.Files {
			if f.Git != nil {
				x.curIDPaths[1][f.ID] = f.Git.Path
			}
		}
		for _, rc := range x.cur.ReusableContents {
			if rc.Git != nil {
				x.curIDPaths[2][rc.ID] = rc.Git.Path
			}
		}
	}
	return x.curIDPaths[0], x.curIDPaths[1], x.curIDPaths[2]
}

// placedFingerprints are the fingerprints of nodes written in file from,
// each reference's id replaced by the path it is written as there: in the
// base layout (base) or in the new one.
func (x *exporter) placedFingerprints(nodes []revision.Node, from string, base bool) []string {
	pages, files, rcs := x.pagePath, x.filePath, x.rcPath
	if base {
		pages, files, rcs = x.baseIDPaths()
	}
	out := make([]string, len(nodes))
	for i, n := range nodes {
		fp := fingerprint(n)
		var pairs []string
		walkRefs([]revision.Node{n}, func(r *revision.ContentRef) {
			var id, to string
			switch r.Kind {
			case revision.RefPage, revision.RefAnchor:
				id, to = r.Page, pages[r.Page]
			case revision.RefFile:
				id, to = r.File, files[r.File]
			case revision.RefReusableContent:
				id, to = r.ReusableContent, rcs[r.ReusableContent]
			}
			if id == "" || to == "" {
				return
			}
			pairs = append(pairs, strconv.Quote(id), strconv.Quote("@"+x.rel(from, to)))
		})
		if len(pairs) > 0 {
			fp = strings.NewReplacer(pairs...).Replace(fp)
		}
		out[i] = fp
	}
	return out
}
