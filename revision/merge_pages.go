package revision

import (
	"encoding/json"
	"fmt"
)

// The page-tree level of Merge: pages matched across the three revisions,
// their attributes merged one by one, their place in the tree (parent and
// order among siblings) merged, their documents merged block by block.

// pageField is an attribute of a page merged on its own.
type pageField struct {
	name string
	get  func(p *Page) any
	set  func(dst, src *Page)
}

var pageFields = []pageField{
	{"type", func(p *Page) any { return p.Type }, func(d, s *Page) { d.Type = s.Type }},
	{"title", func(p *Page) any { return p.Title }, func(d, s *Page) { d.Title = s.Title }},
	{"linkTitle", func(p *Page) any { return p.LinkTitle }, func(d, s *Page) { d.LinkTitle = s.LinkTitle }},
	{"slug", func(p *Page) any { return p.Slug }, func(d, s *Page) { d.Slug = s.Slug }},
	{"path", func(p *Page) any { return p.Path }, func(d, s *Page) { d.Path = s.Path }},
	{"description", func(p *Page) any { return p.Description }, func(d, s *Page) { d.Description = s.Description }},
	{"icon", func(p *Page) any { return p.Icon }, func(d, s *Page) { d.Icon = s.Icon }},
	{"emoji", func(p *Page) any { return p.Emoji }, func(d, s *Page) { d.Emoji = s.Emoji }},
	{"hidden", func(p *Page) any { return p.Hidden }, func(d, s *Page) { d.Hidden = s.Hidden }},
	{"noIndex", func(p *Page) any { return p.NoIndex }, func(d, s *Page) { d.NoIndex = s.NoIndex }},
	{"noRobotsIndex", func(p *Page) any { return p.NoRobotsIndex }, func(d, s *Page) { d.NoRobotsIndex = s.NoRobotsIndex }},
	{"tags", func(p *Page) any { return p.Tags }, func(d, s *Page) { d.Tags = s.Tags }},
	{"computed", func(p *Page) any { return p.Computed }, func(d, s *Page) { d.Computed = s.Computed }},
	{"layout", func(p *Page) any { return p.Layout }, func(d, s *Page) { d.Layout = s.Layout }},
	{"cover", func(p *Page) any { return p.Cover }, func(d, s *Page) { d.Cover = s.Cover }},
	{"target", func(p *Page) any { return p.Target }, func(d, s *Page) { d.Target = s.Target }},
	{"href", func(p *Page) any { return p.Href }, func(d, s *Page) { d.Href = s.Href }},
	{"gitPath", func(p *Page) any {
		if p.Git == nil {
			return ""
		}
		return p.Git.Path
	}, func(d, s *Page) {
		if s.Git == nil {
			d.Git = nil
			return
		}
		oid := ""
		if d.Git != nil {
			oid = d.Git.OID
		}
		d.Git = &GitBlob{OID: oid, Path: s.Git.Path}
	}},
}

func fieldSig(f pageField, p *Page) string {
	if p == nil {
		return "\x00absent"
	}
	b, err := jsonMarshal(f.get(p))
	if err != nil {
		return "error:" + err.Error()
	}
	return string(b)
}

// pageRec is one page across the three revisions, under its canonical id
// (the base's id, or the id a side gave a new page).
type pageRec struct {
	id      string
	b, o, t *Page
	// parents, canonical; "" is the top level.
	pb, po, pt string

	// Outcome of the merge.
	merged    *Page // attributes and document (may hold conflict nodes)
	parent    string
	deleted   bool
	delConf   *Conflict            // one side deleted it, the other changed it
	moveConf  *Conflict            // both moved it to different parents
	fieldConf map[string]*Conflict // attributes changed differently
}

// pageIndex is one revision's pages by canonical id, with the children of
// each parent in order.
type pageIndex struct {
	page     map[string]*Page
	parent   map[string]string
	children map[string][]string
}

func (m *merger) mergeRevision(base, ours, theirs *Revision) func() (*Revision, error) {
	recs, byID := m.matchPages(base, ours, theirs)
	for _, r := range recs {
		m.mergePage(r, byID)
	}
	order := map[string][]string{}
	parents := map[string]bool{"": true}
	for _, r := range recs {
		parents[r.id] = true
	}
	ib, io, it := m.indexes[0], m.indexes[1], m.indexes[2]
	for p := range parents {
		order[p] = mergeOrder(ib.children[p], io.children[p], it.children[p])
	}
	files := m.mergeFiles(base.Files, ours.Files, theirs.Files)
	reusables := m.mergeReusables(base.ReusableContents, ours.ReusableContents, theirs.ReusableContents)
	return func() (*Revision, error) {
		rev := &Revision{ID: NewID("merge", ours.ID, theirs.ID), Parents: []string{ours.ID, theirs.ID},
			CreatedAt: ours.CreatedAt, AppURL: ours.AppURL}
		if rev.CreatedAt < theirs.CreatedAt {
			rev.CreatedAt = theirs.CreatedAt
		}
		var err error
		if rev.Pages, err = buildTree(recs, byID, order, [3]pageIndex{ib, io, it}); err != nil {
			return nil, err
		}
		if rev.Files, err = files(); err != nil {
			return nil, err
		}
		rev.ReusableContents = reusables()
		rev.Tags = mergeTags(base.Tags, ours.Tags, theirs.Tags)
		return rev, nil
	}
}

// matchPages pairs the pages of the three revisions: by id, then (for a
// page a side gave a new id, as an import does when a file is renamed) by
// Git path, then by identical document.
func (m *merger) matchPages(base, ours, theirs *Revision) ([]*pageRec, map[string]*pageRec) {
	byID := map[string]*pageRec{}
	var recs []*pageRec
	var baseOrder []*Page
	walkPages(base.Pages, func(p, parent *Page) {
		if p == nil {
			return
		}
		if _, dup := byID[p.ID]; !dup {
			r := &pageRec{id: p.ID, b: p}
			if parent != nil {
				r.pb = parent.ID
			}
			byID[p.ID] = r
			recs = append(recs, r)
			baseOrder = append(baseOrder, p)
		}
	})
	m.indexes[0] = indexPages(base.Pages, func(p *Page) string { return p.ID })
	for side, rev := range []*Revision{ours, theirs} {
		canon := map[*Page]string{}
		var unmatched []*Page
		taken := map[string]bool{}
		walkPages(rev.Pages, func(p, _ *Page) {
			if p == nil {
				return
			}
			if r, ok := byID[p.ID]; ok && r.b != nil && !taken[p.ID] {
				canon[p], taken[p.ID] = p.ID, true
			} else {
				unmatched = append(unmatched, p)
			}
		})
		for _, match := range []func(b, s *Page) bool{
			func(b, s *Page) bool { return b.Git != nil && s.Git != nil && b.Git.Path == s.Git.Path },
			func(b, s *Page) bool {
				return b.Document != nil && s.Document != nil && len(b.Document.Nodes) > 0 &&
					m.sameNodes(b.Document.Nodes, s.Document.Nodes)
			},
		} {
			rest := unmatched[:0:0]
			for _, s := range unmatched {
				found := false
				for _, b := range baseOrder {
					if !taken[b.ID] && match(b, s) {
						canon[s], taken[b.ID], found = b.ID, true, true
						break
					}
				}
				if !found {
					rest = append(rest, s)
				}
			}
			unmatched = rest
		}
		for _, s := range unmatched {
			id := s.ID
			if r, ok := byID[id]; ok && (r.b != nil || (side == 0 && r.o != nil) || (side == 1 && r.t != nil)) {
				id = NewID("merge-page", fmt.Sprint(side), s.ID) // a second page with one id
			}
			canon[s] = id
		}
		ix := indexPages(rev.Pages, func(p *Page) string { return canon[p] })
		m.indexes[side+1] = ix
		walkPages(rev.Pages, func(p, parent *Page) {
			if p == nil {
				return
			}
			id := canon[p]
			r := byID[id]
			if r == nil {
				r = &pageRec{id: id}
				byID[id] = r
				recs = append(recs, r)
			}
			pid := ""
			if parent != nil {
				pid = canon[parent]
			}
			if side == 0 {
				r.o, r.po = p, pid
			} else {
				r.t, r.pt = p, pid
			}
		})
	}
	return recs, byID
}

func indexPages(pages []*Page, id func(*Page) string) pageIndex {
	ix := pageIndex{page: map[string]*Page{}, parent: map[string]string{}, children: map[string][]string{}}
	walkPages(pages, func(p, parent *Page) {
		if p == nil {
			return
		}
		pid := ""
		if parent != nil {
			pid = id(parent)
		}
		ix.page[id(p)], ix.parent[id(p)] = p, pid
		ix.children[pid] = append(ix.children[pid], id(p))
	})
	return ix
}

// pageChanged reports whether side differs from base in any attribute,
// its document or its parent.
func (m *merger) pageChanged(b, s *Page, pb, ps string) bool {
	if pb != ps {
		return true
	}
	for _, f := range pageFields {
		if fieldSig(f, b) != fieldSig(f, s) {
			return true
		}
	}
	return !m.sameNodes(docNodes(b), docNodes(s))
}

func docNodes(p *Page) []Node {
	if p == nil || p.Document == nil {
		return nil
	}
	return p.Document.Nodes
}

func (m *merger) mergePage(r *pageRec, byID map[string]*pageRec) {
	shown := r.o
	if shown == nil {
		shown = r.t
	}
	if shown == nil {
		r.deleted = true // deleted on both sides
		return
	}
	m.pageID, m.pagePath = shown.ID, shown.Path
	defer func() { m.pageID, m.pagePath = "", "" }()
	if r.b != nil && (r.o == nil || r.t == nil) {
		kept, keptParent, ours := r.o, r.po, true
		if kept == nil {
			kept, keptParent, ours = r.t, r.pt, false
		}
		if !m.pageChanged(r.b, kept, r.pb, keptParent) {
			r.deleted = true
			return
		}
		c := &Conflict{Kind: ConflictPageDeleted, Message: "one side deleted this page, the other changed it",
			Base: Version{Page: r.b}, Ours: Version{Deleted: true}, Theirs: Version{Deleted: true}}
		if ours {
			c.Ours = Version{Page: kept}
		} else {
			c.Theirs = Version{Page: kept}
		}
		r.delConf = m.addConflict(c)
		r.merged, r.parent = kept, keptParent
		return
	}
	if r.o == nil || r.t == nil { // added on one side
		r.merged, r.parent = shown, r.po
		if r.o == nil {
			r.parent = r.pt
		}
		return
	}
	// On both sides (with or without a base): attribute by attribute.
	merged := *r.o
	for _, f := range pageFields {
		sb, so, st := fieldSig(f, r.b), fieldSig(f, r.o), fieldSig(f, r.t)
		src, ok := pick3(sb, so, st, r.b, r.o, r.t)
		if !ok {
			if r.fieldConf == nil {
				r.fieldConf = map[string]*Conflict{}
			}
			var base Version
			if r.b != nil {
				base.Page = r.b
			}
			r.fieldConf[f.name] = m.addConflict(&Conflict{Kind: ConflictPageField, Field: f.name,
				Message: "both sides changed the page's " + f.name,
				Base:    base, Ours: Version{Page: r.o}, Theirs: Version{Page: r.t}})
			continue
		}
		f.set(&merged, src)
	}
	docOurs, docTheirs := r.o.Document, r.t.Document
	nodes := m.mergeNodes("", docNodes(r.b), docNodes(r.o), docNodes(r.t))
	switch {
	case docOurs == nil && docTheirs == nil:
		merged.Document = nil
	case docOurs == nil:
		merged.Document = &Document{SchemaVersion: docTheirs.SchemaVersion, Nodes: nodes}
	default:
		merged.Document = &Document{SchemaVersion: docOurs.SchemaVersion, Nodes: nodes}
	}
	// The blob id holds only when the page is one side's, unchanged.
	if merged.Git != nil {
		oid := ""
		for _, s := range []*Page{r.o, r.t} {
			if s.Git != nil && m.sameNodes(nodes, docNodes(s)) && len(r.fieldConf) == 0 && samePageFields(&merged, s) {
				oid = s.Git.OID
				break
			}
		}
		merged.Git = &GitBlob{OID: oid, Path: merged.Git.Path}
	}
	merged.Pages = nil
	r.merged = &merged
	// The parent.
	parent, ok := pick3(r.pb, r.po, r.pt, r.pb, r.po, r.pt)
	if r.b == nil && r.po != r.pt {
		ok = false
	}
	r.parent = parent
	if !ok {
		show := func(p string) *string {
			if q := byID[p]; q != nil {
				for _, v := range []*Page{q.o, q.t, q.b} {
					if v != nil {
						p = v.ID
						break
					}
				}
			}
			return &p
		}
		base := Version{}
		if r.b != nil {
			base.Parent = show(r.pb)
		}
		r.moveConf = m.addConflict(&Conflict{Kind: ConflictPageMoved, Message: "both sides moved this page, to different parents",
			Base: base, Ours: Version{Parent: show(r.po)}, Theirs: Version{Parent: show(r.pt)}})
	}
}

func samePageFields(a, b *Page) bool {
	for _, f := range pageFields {
		if fieldSig(f, a) != fieldSig(f, b) {
			return false
		}
	}
	return true
}

// mergeOrder merges the order of one parent's children (canonical ids).
// Where both sides inserted or reordered at one place, ours' come first:
// the order is not content, and which pages a parent holds is decided by
// each page's own merge.
func mergeOrder(base, ours, theirs []string) []string {
	pairs := func(side []string) []seqPair {
		var ps []seqPair
		for _, p := range lcs(len(base), len(side), func(i, j int) bool { return base[i] == side[j] }) {
			ps = append(ps, seqPair{b: p[0], s: p[1], stable: true})
		}
		return ps
	}
	var out []string
	for _, c := range mergeSeq(len(base), pairs(ours), pairs(theirs), len(ours), len(theirs),
		func(o, t int) bool { return ours[o] == theirs[t] }) {
		switch {
		case c.kind == chunkStable:
			out = append(out, base[c.b])
		default:
			if c.kind != chunkTake || c.side == 0 {
				for _, i := range c.ours {
					out = append(out, ours[i])
				}
			}
			if c.kind != chunkTake || c.side == 1 {
				for _, i := range c.theirs {
					out = append(out, theirs[i])
				}
			}
		}
	}
	return out
}

// sigOf is a comparable form of a JSON value.
func sigOf(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		return "error:" + err.Error()
	}
	return string(b)
}
