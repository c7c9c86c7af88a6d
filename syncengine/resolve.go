package syncengine

import (
	"path"
	"strings"

	"github.com/seed1bfafebe/gitsync/markdown"
	"github.com/seed1bfafebe/gitsync/revision"
)

// pageResolver resolves the links of one page file: targets are relative to
// the file's folder.
type pageResolver struct {
	b   *builder
	dir string // content-root-relative folder of the page
}

func (b *builder) resolver(file string) markdown.Resolver {
	dir := path.Dir(file)
	if dir == "." {
		dir = ""
	}
	return &pageResolver{b: b, dir: dir}
}

// Link implements markdown.Resolver.
func (r *pageResolver) Link(target string) (*revision.ContentRef, bool) {
	if isExternal(target) {
		return revision.URLRef(target), true
	}
	p, anchor := splitFragment(target)
	if p == "" {
		if anchor == "" {
			return nil, false
		}
		return revision.AnchorRef("", anchor), true
	}
	file, ok := r.path(p)
	if !ok {
		return r.outside(p)
	}
	if pg := r.page(file); pg != nil {
		if anchor != "" {
			return revision.AnchorRef(pg.ID, anchor), true
		}
		return revision.PageRef(pg.ID), true
	}
	if anchor == "" {
		if f := r.b.file(file); f != nil {
			return revision.FileRef(f.ID), true
		}
	}
	return nil, false
}

// File implements markdown.Resolver.
func (r *pageResolver) File(src string) (*revision.ContentRef, bool) {
	if isExternal(src) {
		return revision.URLRef(src), true
	}
	file, ok := r.path(src)
	if !ok {
		return r.outside(src)
	}
	if f := r.b.file(file); f != nil {
		return revision.FileRef(f.ID), true
	}
	return nil, false
}

// Include implements markdown.Resolver.
func (r *pageResolver) Include(src string) (*revision.ContentRef, bool) {
	file, ok := r.path(src)
	if !ok {
		return nil, false
	}
	if !exists(r.b.fsys, r.b.repoPath(file)) {
		return nil, false
	}
	b := r.b
	b.mu.Lock()
	defer b.mu.Unlock()
	rc, ok := b.reusable[file]
	if !ok {
		title := strings.TrimSuffix(path.Base(file), path.Ext(file))
		id := b.prev.reusable(file, revision.NewID(b.projectDir, "reusable", file))
		rc = &revision.ReusableContent{ID: id, Title: title, DocumentID: revision.NewID(b.projectDir, "document", file),
			Git: &revision.GitBlob{Path: file}}
		b.reusable[file] = rc
	}
	return revision.ReusableContentRef(rc.ID), true
}

// path resolves a relative target to a content-root-relative path, trying
// it as written and percent-decoded.
//
// A path outside the content root resolves only when it is a page of the
// space (a page GitBook stores outside the space, "../other/tags.md"):
// anything else there is left to outside.
func (r *pageResolver) path(target string) (string, bool) {
	p, ok := resolveInRepo(r.b.root, r.dir, target)
	if !ok {
		return "", false
	}
	if dec := unescapePath(target); dec != target {
		if q, ok := resolveInRepo(r.b.root, r.dir, dec); ok && r.exists(q) && (!outsideRoot(q) || r.page(q) != nil) {
			return q, true
		}
	}
	if outsideRoot(p) && r.page(p) == nil {
		return "", false
	}
	return p, true
}

func (r *pageResolver) exists(p string) bool {
	return exists(r.b.fsys, r.b.repoPath(p))
}

// page returns the page stored at file, or at file/README.md for a folder.
func (r *pageResolver) page(file string) *revision.Page {
	if pg := r.b.pageByPath[file]; pg != nil {
		return pg
	}
	if pg := r.b.pageByPath[joinPath(file, "README.md")]; pg != nil {
		return pg
	}
	return nil
}

// outside resolves a target that leaves the content root: with a
// RepoTreeURL template it becomes a URL into the repository, otherwise it
// is unresolved.
func (r *pageResolver) outside(target string) (*revision.ContentRef, bool) {
	tmpl := r.b.opts.RepoTreeURL
	if tmpl == "" || strings.HasPrefix(target, "/") {
		return nil, false
	}
	repoPath := path.Join(r.b.root, r.dir, target)
	if repoPath == ".." || strings.HasPrefix(repoPath, "../") {
		return nil, false
	}
	return revision.URLRef(strings.ReplaceAll(tmpl, "{path}", repoPath)), true
}
