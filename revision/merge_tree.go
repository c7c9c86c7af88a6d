package revision

import "fmt"

// Building the merged revision once conflicts are resolved: the page tree
// with each page under its merged parent, the files, the reusable contents.

// buildTree assembles the merged page tree. A page whose parent is gone
// (deleted on one side while the other added a child to it, say) goes to
// the nearest ancestor that remains; pages the two sides' moves put in a
// cycle go to the top level: a page is never lost to the tree's shape.
func buildTree(recs []*pageRec, byID map[string]*pageRec, order map[string][]string, ix [3]pageIndex) ([]*Page, error) {
	type node struct {
		page   *Page
		parent string
	}
	nodes := map[string]*node{}
	used := map[string]bool{}
	for _, r := range recs {
		if r.deleted {
			continue
		}
		keep, page, parent, err := r.resolve(byID)
		if err != nil {
			return nil, err
		}
		if keep {
			// Two pages may come with one id (one side renamed a file to
			// the path where the other created one): the second gets a
			// new id rather than be lost.
			if used[page.ID] {
				page.ID = NewID("merge-page", page.ID, r.id)
			}
			used[page.ID] = true
			nodes[r.id] = &node{page: page, parent: parent}
		}
	}
	// The effective parent: the nearest ancestor that remains.
	effective := func(id string) string {
		seen := map[string]bool{id: true}
		p := nodes[id].parent
		for p != "" && nodes[p] == nil {
			r := byID[p]
			if r == nil || seen[p] {
				return ""
			}
			seen[p] = true
			switch {
			case r.merged != nil:
				p = r.parent
			default:
				p = r.pb
			}
		}
		return p
	}
	kids := map[string][]string{}
	placed := map[string]bool{}
	for _, r := range recs {
		if nodes[r.id] != nil {
			nodes[r.id].parent = effective(r.id)
		}
	}
	for parent, ids := range order {
		for _, id := range ids {
			if n := nodes[id]; n != nil && n.parent == parent && !placed[id] {
				kids[parent] = append(kids[parent], id)
				placed[id] = true
			}
		}
	}
	// Pages that the merged order does not hold under their parent (kept
	// after a delete conflict, or whose parent went away): after the
	// sibling that precedes them on a side that has them there.
	for _, r := range recs {
		n := nodes[r.id]
		if n == nil || placed[r.id] {
			continue
		}
		list := kids[n.parent]
		at := len(list)
		for _, x := range ix {
			if x.parent[r.id] != n.parent || x.page[r.id] == nil {
				continue
			}
			sib := x.children[n.parent]
			for i, id := range sib {
				if id != r.id {
					continue
				}
				at = 0
				for j := i - 1; j >= 0; j-- {
					if k := indexOf(list, sib[j]); k >= 0 {
						at = k + 1
						break
					}
				}
				break
			}
			break
		}
		kids[n.parent] = append(list[:at:at], append([]string{r.id}, list[at:]...)...)
		placed[r.id] = true
	}
	reached := map[string]bool{}
	var build func(parent string) []*Page
	build = func(parent string) []*Page {
		var out []*Page
		for _, id := range kids[parent] {
			if reached[id] {
				continue
			}
			reached[id] = true
			p := nodes[id].page
			p.Pages = build(id)
			out = append(out, p)
		}
		return out
	}
	top := build("")
	// A cycle of moves is unreachable from the top: break it there.
	for _, r := range recs {
		if n := nodes[r.id]; n != nil && !reached[r.id] {
			reached[r.id] = true
			n.page.Pages = build(r.id)
			top = append(top, n.page)
		}
	}
	if top == nil {
		top = []*Page{}
	}
	return top, nil
}

func indexOf(list []string, id string) int {
	for i, x := range list {
		if x == id {
			return i
		}
	}
	return -1
}

// resolve applies the page's conflicts' resolutions: whether it stays, the
// page (a copy, its document resolved) and its parent.
func (r *pageRec) resolve(byID map[string]*pageRec) (bool, *Page, string, error) {
	src, parent := r.merged, r.parent
	if c := r.delConf; c != nil {
		v, _ := c.Resolution()
		if v.Deleted {
			return false, nil, "", nil
		}
		if v.Page != nil {
			src = v.Page
		}
	}
	p := *src
	p.Pages = nil
	for _, f := range pageFields {
		c := r.fieldConf[f.name]
		if c == nil {
			continue
		}
		v, _ := c.Resolution()
		if v.Page == nil {
			return false, nil, "", fmt.Errorf("revision: conflict %s (page %s, %s) resolved without a page", c.ID, c.Page, f.name)
		}
		f.set(&p, v.Page)
	}
	p.Document = resolveDocument(p.Document)
	if c := r.moveConf; c != nil {
		v, _ := c.Resolution()
		if v.Parent == nil {
			return false, nil, "", fmt.Errorf("revision: conflict %s (page %s) resolved without a parent", c.ID, c.Page)
		}
		parent = canonicalOf(*v.Parent, byID)
	}
	return true, &p, parent, nil
}

// canonicalOf maps a page id of any side to its canonical id.
func canonicalOf(id string, byID map[string]*pageRec) string {
	if id == "" || byID[id] != nil {
		return id
	}
	for cid, r := range byID {
		for _, p := range []*Page{r.o, r.t} {
			if p != nil && p.ID == id {
				return cid
			}
		}
	}
	return id
}

// mergeFiles merges the revisions' files by id; it returns the builder of
// the merged list (ours' order, then theirs' new files).
func (m *merger) mergeFiles(base, ours, theirs []*File) func() ([]*File, error) {
	id := func(f *File) string { return f.ID }
	ib, io, it := indexByID(base, id), indexByID(ours, id), indexByID(theirs, id)
	type slot struct {
		f *File
		c *Conflict
	}
	var slots []slot
	seen := map[string]bool{}
	for _, f := range append(append([]*File{}, ours...), theirs...) {
		if f == nil || seen[f.ID] {
			continue
		}
		seen[f.ID] = true
		b, o, t := ib[f.ID], io[f.ID], it[f.ID]
		sb, so, st := fileSig(b), fileSig(o), fileSig(t)
		v, ok := pick3(sb, so, st, b, o, t)
		if ok {
			if v != nil {
				slots = append(slots, slot{f: v})
			}
			continue
		}
		ver := func(x *File) Version { return Version{File: x, Deleted: x == nil} }
		c := m.addConflict(&Conflict{Kind: ConflictFile, Page: f.ID, PagePath: filePath(f),
			Message: "both sides changed this file", Base: Version{File: b}, Ours: ver(o), Theirs: ver(t)})
		if o == nil || t == nil {
			c.Message = "one side deleted this file, the other changed it"
		}
		slots = append(slots, slot{c: c})
	}
	return func() ([]*File, error) {
		var out []*File
		for _, s := range slots {
			if s.c == nil {
				out = append(out, s.f)
				continue
			}
			v, _ := s.c.Resolution()
			if v.File != nil && !v.Deleted {
				out = append(out, v.File)
			}
		}
		if out == nil && ours != nil {
			out = []*File{}
		}
		return out, nil
	}
}

func fileSig(f *File) string {
	if f == nil {
		return "\x00absent"
	}
	return sigOf(f)
}

func filePath(f *File) string {
	if f.Git != nil {
		return f.Git.Path
	}
	return f.Name
}

// mergeReusables merges reusable contents by id: attributes as for pages
// (ours where both changed them), documents block by block. One that a side
// deleted is dropped only when the other left it unchanged.
func (m *merger) mergeReusables(base, ours, theirs []*ReusableContent) func() []*ReusableContent {
	id := func(r *ReusableContent) string { return r.ID }
	ib, io, it := indexByID(base, id), indexByID(ours, id), indexByID(theirs, id)
	var out []*ReusableContent
	seen := map[string]bool{}
	for _, rc := range append(append([]*ReusableContent{}, ours...), theirs...) {
		if rc == nil || seen[rc.ID] {
			continue
		}
		seen[rc.ID] = true
		b, o, t := ib[rc.ID], io[rc.ID], it[rc.ID]
		docOf := func(x *ReusableContent) []Node {
			if x == nil || x.Document == nil {
				return nil
			}
			return x.Document.Nodes
		}
		switch {
		case o == nil || t == nil:
			kept := o
			if kept == nil {
				kept = t
			}
			if b != nil && m.sameNodes(docOf(b), docOf(kept)) && sigOf(reusableHead(b)) == sigOf(reusableHead(kept)) {
				continue // deleted on one side, unchanged on the other
			}
			out = append(out, kept)
		default:
			merged := *o
			if b != nil && sigOf(reusableHead(o)) == sigOf(reusableHead(b)) {
				merged.Title, merged.Git, merged.DocumentID = t.Title, t.Git, t.DocumentID
			}
			m.pageID, m.pagePath = o.ID, o.Title
			if o.Git != nil {
				m.pagePath = o.Git.Path
			}
			nodes := m.mergeNodes("", docOf(b), docOf(o), docOf(t))
			m.pageID, m.pagePath = "", ""
			if o.Document != nil || t.Document != nil {
				merged.Document = &Document{Nodes: nodes}
			}
			out = append(out, &merged)
		}
	}
	return func() []*ReusableContent {
		res := make([]*ReusableContent, 0, len(out))
		for _, rc := range out {
			cp := *rc
			cp.Document = resolveDocument(rc.Document)
			res = append(res, &cp)
		}
		return res
	}
}

func reusableHead(r *ReusableContent) any {
	return struct {
		Title, DocumentID string
		Git               *GitBlob
	}{r.Title, r.DocumentID, r.Git}
}
