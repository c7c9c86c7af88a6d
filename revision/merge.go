package revision

import (
	"encoding/json"
	"errors"
	"fmt"
)

// ConflictKind says at which level the two sides disagree.
type ConflictKind string

// The kinds of conflict Merge reports.
const (
	// ConflictBlocks: both sides changed the same blocks of a document (or
	// the same words of a paragraph) differently. Versions hold Nodes.
	ConflictBlocks ConflictKind = "blocks"
	// ConflictPageField: both sides changed one attribute of a page (its
	// title, description, slug…) differently. Versions hold Page; Field
	// names the attribute.
	ConflictPageField ConflictKind = "page-field"
	// ConflictPageDeleted: one side deleted a page the other changed.
	// The deleting side's version has Deleted set.
	ConflictPageDeleted ConflictKind = "page-deleted"
	// ConflictPageMoved: both sides moved a page, to different parents.
	// Versions hold Parent (a page id, "" for the top level).
	ConflictPageMoved ConflictKind = "page-moved"
	// ConflictFile: both sides changed (or one deleted and the other
	// changed) a file of the revision. Versions hold File.
	ConflictFile ConflictKind = "file"
)

// Version is one side of a conflict; which fields are set depends on the
// conflict's kind.
type Version struct {
	Nodes   []Node  `json:"nodes,omitempty"`
	Page    *Page   `json:"page,omitempty"`
	Parent  *string `json:"parent,omitempty"`
	File    *File   `json:"file,omitempty"`
	Deleted bool    `json:"deleted,omitempty"`
}

// Conflict is a place where the two sides of a merge made changes that do
// not combine. It names the page and the block, and holds the base's and
// both sides' versions; the caller resolves it with TakeOurs, TakeTheirs or
// Replace before MergeResult.Revision gives the merged revision.
type Conflict struct {
	// ID numbers the conflicts of one merge ("c1", "c2"…) in document order.
	ID   string       `json:"id"`
	Kind ConflictKind `json:"kind"`
	// Page is the id of the page (or reusable content) concerned; PagePath
	// its path in the revision (or its Git path).
	Page     string `json:"page,omitempty"`
	PagePath string `json:"pagePath,omitempty"`
	// Block locates the blocks in the base document: "/4/1" is the second
	// child of the fifth top-level block; "/4/1+" the gap after it (both
	// sides inserted there). BlockKey is the block's key when it has one.
	Block    string `json:"block,omitempty"`
	BlockKey string `json:"blockKey,omitempty"`
	// Field names the page attribute of a ConflictPageField.
	Field   string  `json:"field,omitempty"`
	Message string  `json:"message"`
	Base    Version `json:"base"`
	Ours    Version `json:"ours"`
	Theirs  Version `json:"theirs"`

	resolution *Version
}

// TakeOurs resolves the conflict with our version.
func (c *Conflict) TakeOurs() { v := c.Ours; c.resolution = &v }

// TakeTheirs resolves the conflict with their version.
func (c *Conflict) TakeTheirs() { v := c.Theirs; c.resolution = &v }

// Replace resolves the conflict with v, a version of the conflict's kind
// (Nodes for blocks, Page for a page field, Parent for a move, File for a
// file, Deleted to delete).
func (c *Conflict) Replace(v Version) { c.resolution = &v }

// Resolved reports whether the conflict has been resolved.
func (c *Conflict) Resolved() bool { return c.resolution != nil }

// Resolution returns the version the conflict was resolved with.
func (c *Conflict) Resolution() (Version, bool) {
	if c.resolution == nil {
		return Version{}, false
	}
	return *c.resolution, true
}

// ErrUnresolved is returned by MergeResult.Revision while conflicts are
// unresolved.
var ErrUnresolved = errors.New("revision: merge has unresolved conflicts")

// MergeResult is the outcome of Merge: the conflicts to resolve and, once
// they are, the merged revision.
type MergeResult struct {
	Conflicts []*Conflict
	build     func() (*Revision, error)
}

// Clean reports whether the merge found no conflict.
func (m *MergeResult) Clean() bool { return len(m.Conflicts) == 0 }

// Unresolved returns the conflicts not resolved yet.
func (m *MergeResult) Unresolved() []*Conflict {
	var out []*Conflict
	for _, c := range m.Conflicts {
		if !c.Resolved() {
			out = append(out, c)
		}
	}
	return out
}

// Revision returns the merged revision, built with each conflict's
// resolution. It returns an error wrapping ErrUnresolved while a conflict is
// unresolved. It may be called again after changing resolutions: each call
// builds a new revision (sharing unchanged nodes with the inputs).
func (m *MergeResult) Revision() (*Revision, error) {
	if n := len(m.Unresolved()); n > 0 {
		return nil, fmt.Errorf("%w: %d of %d", ErrUnresolved, n, len(m.Conflicts))
	}
	return m.build()
}

// Merge merges two revisions, ours and theirs, that both descend from base:
// the page tree (pages added, deleted, moved, retitled on either side), the
// files, the reusable contents and each page's document (blocks matched by
// key, or by content where keys are absent, as in revisions imported from
// Git; then inserted, deleted, moved as delete and insert, or edited on
// either side), down to the text of a paragraph, heading or list item,
// merged word by word when both sides edited it in places that do not
// overlap. What does not combine is a Conflict; nothing of either side is
// dropped silently. A nil revision is an empty one (base nil: both sides
// added everything).
//
// The merged revision's ID derives from both sides' ids and its Parents are
// [ours.ID, theirs.ID]; its Git commit is unset. Page ids are ours' where
// the page is in ours, except that of two merged pages with one id (one
// side renamed a page to where the other created one) the second gets a
// new id.
func Merge(base, ours, theirs *Revision) *MergeResult {
	if base == nil {
		base = &Revision{}
	}
	if ours == nil {
		ours = &Revision{}
	}
	if theirs == nil {
		theirs = &Revision{}
	}
	m := &merger{sigs: map[Node]string{}}
	res := &MergeResult{}
	build := m.mergeRevision(base, ours, theirs)
	res.Conflicts = m.conflicts
	res.build = build
	return res
}

// merger holds the state of one Merge.
type merger struct {
	conflicts []*Conflict
	sigs      map[Node]string
	// page is the page whose document is being merged, for conflicts.
	pageID, pagePath string
	// indexes are the base's, ours' and theirs' pages by canonical id.
	indexes [3]pageIndex
}

func (m *merger) addConflict(c *Conflict) *Conflict {
	c.ID = fmt.Sprintf("c%d", len(m.conflicts)+1)
	if c.Page == "" {
		c.Page, c.PagePath = m.pageID, m.pagePath
	}
	m.conflicts = append(m.conflicts, c)
	return c
}

// conflictNode stands in a merged document where a conflict's resolution
// goes; MergeResult.Revision replaces it.
type conflictNode struct{ c *Conflict }

func (*conflictNode) isNode() {}

// MarshalJSON refuses: a document holding an unresolved conflict is not a
// document.
func (n *conflictNode) MarshalJSON() ([]byte, error) {
	return nil, fmt.Errorf("%w: %s", ErrUnresolved, n.c.ID)
}

// resolveNodes returns ns with every conflict node replaced by its
// resolution's nodes, copying only the blocks on the way to one.
func resolveNodes(ns []Node) ([]Node, bool) {
	var out []Node
	changed := false
	for i, n := range ns {
		var repl []Node
		var did bool
		switch n := n.(type) {
		case *conflictNode:
			repl, did = []Node{n}, true // unresolved: Revision refuses before this
			if r := n.c.resolution; r != nil {
				repl = r.Nodes
			}
		case *Block:
			if b, ok := resolveElement(n); ok {
				repl, did = []Node{b}, true
			}
		}
		if did && !changed {
			changed = true
			out = append(make([]Node, 0, len(ns)), ns[:i]...)
		}
		switch {
		case did:
			out = append(out, repl...)
		case changed:
			out = append(out, n)
		}
	}
	if !changed {
		return ns, false
	}
	if out == nil {
		out = []Node{}
	}
	return out, true
}

func resolveElement(b *Block) (*Block, bool) {
	nodes, changed := resolveNodes(b.Nodes)
	var frags []*Fragment
	for i, f := range b.Fragments {
		if f == nil {
			continue
		}
		if fn, ok := resolveNodes(f.Nodes); ok {
			if frags == nil {
				frags = append([]*Fragment{}, b.Fragments...)
			}
			cp := *f
			cp.Nodes = fn
			frags[i] = &cp
		}
	}
	if !changed && frags == nil {
		return b, false
	}
	cp := *b
	cp.Nodes = nodes
	if frags != nil {
		cp.Fragments = frags
	}
	return &cp, true
}

func resolveDocument(d *Document) *Document {
	if d == nil {
		return nil
	}
	if ns, ok := resolveNodes(d.Nodes); ok {
		return &Document{SchemaVersion: d.SchemaVersion, Nodes: ns}
	}
	return d
}

// MarshalJSON encodes the version with its nodes in the API's shape.
func (v Version) MarshalJSON() ([]byte, error) {
	type plain Version
	p := plain(v)
	nodes := p.Nodes
	p.Nodes = nil
	b, err := jsonMarshal(p)
	if err != nil || v.Nodes == nil {
		return b, err
	}
	var buf = []byte(`{"nodes":`)
	var arr []byte
	if arr, err = (&Document{Nodes: nodes}).MarshalJSON(); err != nil {
		return nil, err
	}
	var doc struct {
		Nodes json.RawMessage `json:"nodes"`
	}
	if err := json.Unmarshal(arr, &doc); err != nil {
		return nil, err
	}
	buf = append(buf, doc.Nodes...)
	if len(b) > 2 {
		buf = append(buf, ',')
		buf = append(buf, b[1:]...)
	} else {
		buf = append(buf, '}')
	}
	return buf, nil
}

// UnmarshalJSON decodes a version (used to read resolutions back).
func (v *Version) UnmarshalJSON(b []byte) error {
	type plain struct {
		Nodes   []json.RawMessage `json:"nodes"`
		Page    *Page             `json:"page"`
		Parent  *string           `json:"parent"`
		File    *File             `json:"file"`
		Deleted bool              `json:"deleted"`
	}
	var p plain
	if err := json.Unmarshal(b, &p); err != nil {
		return err
	}
	nodes, err := unmarshalNodes(p.Nodes)
	if err != nil {
		return err
	}
	*v = Version{Nodes: nodes, Page: p.Page, Parent: p.Parent, File: p.File, Deleted: p.Deleted}
	return nil
}
