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

// Include implements markdown.Resolver. Besides files of the content
// root, it resolves the repository's own reusable contents
// (".gitbook/includes/x.md" at the repository root, which GitBook 2026
// writes whatever the space's folder), as "../.gitbook/includes/x.md".
func (r *pageResolver) Include(src string) (*revision.ContentRef, bool) {
	file, ok := r.path(src)
	if !ok {
		q, inRepo := resolveInRepo(r.b.root, r.dir, src)
		if dec := unescapePath(src); dec != src {
			if d, ok := resolveInRepo(r.b.root, r.dir, dec); ok && r.b.repoInclude(d) && r.exists(d) {
				q, inRepo = d, true
			}
		}
		if !inRepo || !r.b.repoInclude(q) {
			return nil, false
		}
		file = q
	}
	if !exists(r.b.fsys, r.b.repoPath(file)) {
		return nil, false
	}
	return revision.ReusableContentRef(r.b.registerReusable(file).ID), true
}

// registerReusable returns the reusable content stored at the
// content-root-relative path file, registering it on first use.
func (b *builder) registerReusable(file string) *revision.ReusableContent {
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
	return rc
}

// includesDir is the folder of reusable contents, in a content root and at
// the repository root.
const includesDir = ".gitbook/includes"

// repoInclude reports whether the content-root-relative path p, outside
// the content root, is a reusable content of the repository: a Markdown
// file directly under the repository root's .gitbook/includes.
func (b *builder) repoInclude(p string) bool {
	if !outsideRoot(p) {
		return false
	}
	rp := joinPath(b.root, p)
	return path.Dir(rp) == includesDir && strings.EqualFold(path.Ext(rp), ".md")
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
