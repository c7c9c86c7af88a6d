package revision

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
)

// Semantic change types (schema RevisionSemanticChange).
const (
	ChangePageCreated            = "page_created"
	ChangePageEdited             = "page_edited"
	ChangePageDeleted            = "page_deleted"
	ChangePageMoved              = "page_moved"
	ChangeFileCreated            = "file_created"
	ChangeFileEdited             = "file_edited"
	ChangeFileDeleted            = "file_deleted"
	ChangeReusableContentCreated = "reusable_content_created"
	ChangeReusableContentEdited  = "reusable_content_edited"
	ChangeReusableContentDeleted = "reusable_content_deleted"
)

// SemanticChanges are the changes from one revision to another, in the
// shape of the API's RevisionSemanticChanges.
type SemanticChanges struct {
	Changes []SemanticChange `json:"changes"`
}

// SemanticChange is one change (schema RevisionSemanticChange): Type says
// which of Page, File or ReusableContent is set, and whether Attributes
// (edits) or Parent (moves) are.
type SemanticChange struct {
	Type            string                  `json:"type"`
	Page            *ChangedPage            `json:"page,omitempty"`
	File            *ChangedFile            `json:"file,omitempty"`
	ReusableContent *ChangedReusableContent `json:"reusableContent,omitempty"`
	Attributes      *ChangeAttributes       `json:"attributes,omitempty"`
	Parent          *ParentChange           `json:"parent,omitempty"`
}

// ChangedPage names a page (schema ChangedRevisionPage).
type ChangedPage struct {
	ID    string   `json:"id"`
	Type  PageType `json:"type"`
	Title string   `json:"title"`
	Path  string   `json:"path,omitempty"`
}

// ChangedFile names a file (schema ChangedRevisionFile).
type ChangedFile struct {
	ID          string `json:"id"`
	Name        string `json:"name"`
	ContentType string `json:"contentType"`
	DownloadURL string `json:"downloadURL"`
}

// ChangedReusableContent names a reusable content (schema
// ChangedRevisionReusableContent).
type ChangedReusableContent struct {
	ID       string `json:"id"`
	Title    string `json:"title"`
	Document string `json:"document,omitempty"`
}

// ParentChange is where a moved page was and is (nil: the top level).
type ParentChange struct {
	Before *ChangedPage `json:"before,omitempty"`
	After  *ChangedPage `json:"after,omitempty"`
}

// ChangeAttributes are the attributes an edit changed; only the changed
// ones are set. Document is a digest of the document's content.
type ChangeAttributes struct {
	Title       *StringChange          `json:"title,omitempty"`
	Description *StringChange          `json:"description,omitempty"`
	Slug        *StringChange          `json:"slug,omitempty"`
	Document    *StringChange          `json:"document,omitempty"`
	Emoji       *StringChange          `json:"emoji,omitempty"`
	Cover       *AnyChange[Cover]      `json:"cover,omitempty"`
	Layout      *AnyChange[Layout]     `json:"layout,omitempty"`
	Target      *AnyChange[ContentRef] `json:"target,omitempty"`
	// Files.
	Name        *StringChange          `json:"name,omitempty"`
	DownloadURL *StringChange          `json:"downloadURL,omitempty"`
	Size        *AnyChange[int64]      `json:"size,omitempty"`
	ContentType *StringChange          `json:"contentType,omitempty"`
	Dimensions  *AnyChange[Dimensions] `json:"dimensions,omitempty"`
}

// StringChange is a string attribute before and after.
type StringChange struct {
	Before string `json:"before"`
	After  string `json:"after"`
}

// AnyChange is an attribute before and after; nil is absent.
type AnyChange[T any] struct {
	Before *T `json:"before,omitempty"`
	After  *T `json:"after,omitempty"`
}

// Diff returns the semantic changes from old to new: pages, files and
// reusable contents are matched by id. Pages come first (created, edited and
// moved in new's tree order, then deleted in old's), then files, then
// reusable contents. A page is edited when its title, description, slug,
// emoji, cover, layout, link target or document content differ, and moved
// when its parent differs; a file when its name, download URL, content
// type, dimensions, size or Git blob differ; a reusable content when its
// title or document content differ. Either revision may be nil (no
// content).
func Diff(old, new *Revision) *SemanticChanges {
	if old == nil {
		old = &Revision{}
	}
	if new == nil {
		new = &Revision{}
	}
	out := &SemanticChanges{Changes: []SemanticChange{}}
	type placed struct{ page, parent *Page }
	index := func(r *Revision) (map[string]placed, []*Page) {
		m := map[string]placed{}
		var order []*Page
		walkPages(r.Pages, func(p, parent *Page) {
			if _, dup := m[p.ID]; !dup {
				m[p.ID] = placed{p, parent}
				order = append(order, p)
			}
		})
		return m, order
	}
	oldPages, _ := index(old)
	newPages, newOrder := index(new)
	var deleted []*Page
	seen := map[string]bool{}
	walkPages(old.Pages, func(p, _ *Page) {
		if _, ok := newPages[p.ID]; !ok && !seen[p.ID] {
			seen[p.ID] = true
			deleted = append(deleted, p)
		}
	})
	for _, p := range newOrder {
		o, ok := oldPages[p.ID]
		if !ok {
			out.Changes = append(out.Changes, SemanticChange{Type: ChangePageCreated, Page: changedPage(p)})
			continue
		}
		if a := pageAttributes(o.page, p); a != nil {
			out.Changes = append(out.Changes, SemanticChange{Type: ChangePageEdited, Page: changedPage(p), Attributes: a})
		}
		if parentID(o.parent) != parentID(newPages[p.ID].parent) {
			out.Changes = append(out.Changes, SemanticChange{Type: ChangePageMoved, Page: changedPage(p),
				Parent: &ParentChange{Before: changedPage(o.parent), After: changedPage(newPages[p.ID].parent)}})
		}
	}
	for _, p := range deleted {
		out.Changes = append(out.Changes, SemanticChange{Type: ChangePageDeleted, Page: changedPage(p)})
	}
	diffFiles(out, old.Files, new.Files)
	diffReusables(out, old.ReusableContents, new.ReusableContents)
	return out
}

// walkPages is Walk for any input: nil pages (a revision decoded from
// "pages": [null]) are skipped.
func walkPages(pages []*Page, fn func(p, parent *Page)) {
	var walk func(ps []*Page, parent *Page)
	walk = func(ps []*Page, parent *Page) {
		for _, p := range ps {
			if p != nil {
				fn(p, parent)
				walk(p.Pages, p)
			}
		}
	}
	walk(pages, nil)
}

func parentID(p *Page) string {
	if p == nil {
		return ""
	}
	return p.ID
}

func changedPage(p *Page) *ChangedPage {
	if p == nil {
		return nil
	}
	return &ChangedPage{ID: p.ID, Type: p.Type, Title: p.Title, Path: p.Path}
}

func strChange(a, b string) *StringChange {
	if a == b {
		return nil
	}
	return &StringChange{Before: a, After: b}
}

func anyChange[T any](a, b *T) *AnyChange[T] {
	if a == nil && b == nil {
		return nil
	}
	if a != nil && b != nil && sameJSON(a, b) {
		return nil
	}
	return &AnyChange[T]{Before: a, After: b}
}

func pageAttributes(a, b *Page) *ChangeAttributes {
	c := &ChangeAttributes{
		Title:       strChange(a.Title, b.Title),
		Description: strChange(a.Description, b.Description),
		Slug:        strChange(a.Slug, b.Slug),
		Emoji:       strChange(a.Emoji, b.Emoji),
		Cover:       anyChange(a.Cover, b.Cover),
		Layout:      anyChange(a.Layout, b.Layout),
		Target:      anyChange(a.Target, b.Target),
	}
	if a.Document != b.Document {
		if da, db := DocumentDigest(a.Document), DocumentDigest(b.Document); da != db {
			c.Document = &StringChange{Before: da, After: db}
		}
	}
	if *c == (ChangeAttributes{}) {
		return nil
	}
	return c
}

// DocumentDigest is a digest of a document's content ("" for nil): equal
// documents have equal digests.
func DocumentDigest(d *Document) string {
	if d == nil {
		return ""
	}
	b, err := d.MarshalJSON()
	if err != nil {
		return ""
	}
	h := sha256.Sum256(b)
	return hex.EncodeToString(h[:12])
}

func sameJSON(a, b any) bool {
	ja, err1 := json.Marshal(a)
	jb, err2 := json.Marshal(b)
	return err1 == nil && err2 == nil && bytes.Equal(ja, jb)
}

// indexByID maps the non-nil elements of xs by id (the last of two with one
// id wins).
func indexByID[T any](xs []*T, id func(*T) string) map[string]*T {
	out := make(map[string]*T, len(xs))
	for _, x := range xs {
		if x != nil {
			out[id(x)] = x
		}
	}
	return out
}

func changedFile(f *File) *ChangedFile {
	return &ChangedFile{ID: f.ID, Name: f.Name, ContentType: f.ContentType, DownloadURL: f.DownloadURL}
}

func diffFiles(out *SemanticChanges, old, new []*File) {
	oldByID := indexByID(old, func(f *File) string { return f.ID })
	newIDs := map[string]bool{}
	for _, f := range new {
		if f == nil {
			continue
		}
		newIDs[f.ID] = true
		o, ok := oldByID[f.ID]
		if !ok {
			out.Changes = append(out.Changes, SemanticChange{Type: ChangeFileCreated, File: changedFile(f)})
			continue
		}
		c := &ChangeAttributes{
			Name:        strChange(o.Name, f.Name),
			DownloadURL: strChange(o.DownloadURL, f.DownloadURL),
			ContentType: strChange(o.ContentType, f.ContentType),
			Dimensions:  anyChange(o.Dimensions, f.Dimensions),
		}
		if o.Size != f.Size {
			c.Size = &AnyChange[int64]{Before: &o.Size, After: &f.Size}
		}
		if o.Git != nil && f.Git != nil && o.Git.OID != f.Git.OID && c.Size == nil {
			// Same size, other bytes: the content changed all the same.
			c.Size = &AnyChange[int64]{Before: &o.Size, After: &f.Size}
		}
		if *c != (ChangeAttributes{}) {
			out.Changes = append(out.Changes, SemanticChange{Type: ChangeFileEdited, File: changedFile(f), Attributes: c})
		}
	}
	for _, f := range old {
		if f != nil && !newIDs[f.ID] {
			out.Changes = append(out.Changes, SemanticChange{Type: ChangeFileDeleted, File: changedFile(f)})
		}
	}
}

func changedReusable(rc *ReusableContent) *ChangedReusableContent {
	return &ChangedReusableContent{ID: rc.ID, Title: rc.Title, Document: rc.DocumentID}
}

func diffReusables(out *SemanticChanges, old, new []*ReusableContent) {
	oldByID := indexByID(old, func(rc *ReusableContent) string { return rc.ID })
	newIDs := map[string]bool{}
	for _, rc := range new {
		if rc == nil {
			continue
		}
		newIDs[rc.ID] = true
		o, ok := oldByID[rc.ID]
		if !ok {
			out.Changes = append(out.Changes, SemanticChange{Type: ChangeReusableContentCreated, ReusableContent: changedReusable(rc)})
			continue
		}
		c := &ChangeAttributes{Title: strChange(o.Title, rc.Title)}
		if o.Document != rc.Document {
			if da, db := DocumentDigest(o.Document), DocumentDigest(rc.Document); da != db {
				c.Document = &StringChange{Before: da, After: db}
			}
		}
		if *c != (ChangeAttributes{}) {
			out.Changes = append(out.Changes, SemanticChange{Type: ChangeReusableContentEdited, ReusableContent: changedReusable(rc), Attributes: c})
		}
	}
	for _, rc := range old {
		if rc != nil && !newIDs[rc.ID] {
			out.Changes = append(out.Changes, SemanticChange{Type: ChangeReusableContentDeleted, ReusableContent: changedReusable(rc)})
		}
	}
}
