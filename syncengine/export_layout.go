package syncengine

import (
	"fmt"
	"io/fs"
	"path"
	"strconv"
	"strings"
	"unicode"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/seed1bfafebe/gitsync/markdown"
	"github.com/seed1bfafebe/gitsync/revision"
)

// layoutFiles gives every revision file a path. Files are identified by
// content: an existing file keeps its path, bytes already in the tree
// share that file, and a new file gets its sanitized name under
// .gitbook/assets with at most one " (n)" suffix.
func (x *exporter) layoutFiles() error {
	for _, f := range x.rev.Files {
		if f.Git != nil && f.Git.Path != "" {
			if h, ok := x.baseBlob(f.Git.Path); ok && (f.Git.OID == "" || f.Git.OID == h.String()) {
				x.filePath[f.ID] = f.Git.Path
				x.takenPaths[f.Git.Path] = true
			} else if data, ok := x.movedFile(f); ok {
				x.filePath[f.ID] = f.Git.Path
				x.takenPaths[f.Git.Path] = true
				x.out[f.Git.Path] = data
			}
		}
	}
	for _, f := range x.rev.Files {
		if _, ok := x.filePath[f.ID]; ok {
			continue
		}
		if x.opts.FileContent == nil {
			return fmt.Errorf("file %s (%s): %w: no FileContent given", f.ID, f.Name, ErrMissingContent)
		}
		data, err := x.opts.FileContent(x.ctx, f)
		if err != nil {
			return fmt.Errorf("file %s (%s): %w", f.ID, f.Name, err)
		}
		h := plumbing.ComputeHash(plumbing.BlobObject, data)
		// A file the revision names a path for keeps it even when its bytes
		// are another file's (GitBook keeps "x.svg" and "x (1).svg"); only
		// a new upload shares the file that holds its bytes.
		hasPath := f.Git != nil && f.Git.Path != "" && !x.takenPaths[f.Git.Path]
		if p, ok := x.curBlobs[h]; ok && !hasPath {
			x.filePath[f.ID] = p
			x.takenPaths[p] = true
			continue
		}
		p := ""
		if hasPath {
			p = f.Git.Path // an updated file keeps its path
		} else {
			p = x.freeAssetPath(sanitizeName(f.Name))
		}
		x.filePath[f.ID] = p
		x.takenPaths[p] = true
		x.curBlobs[h] = p
		x.out[p] = data
	}
	return nil
}

// movedFile returns the bytes of file f in the space's previous folder when
// the space changed folder (ExportOptions.PreviousProjectDir) and the new
// folder lacks it: the file moves with the space.
func (x *exporter) movedFile(f *revision.File) ([]byte, bool) {
	if !x.moving() || x.src == nil {
		return nil, false
	}
	h, ok := BlobID(x.src, x.repoPath(f.Git.Path))
	if !ok || f.Git.OID != "" && f.Git.OID != h.String() {
		return nil, false
	}
	data, err := fs.ReadFile(x.src, x.repoPath(f.Git.Path))
	return data, err == nil
}

// freeAssetPath returns .gitbook/assets/name, or "name (n).ext" with the
// smallest n that is free: one suffix, never a stack of them.
func (x *exporter) freeAssetPath(name string) string {
	p := ".gitbook/assets/" + name
	if !x.taken(p) {
		return p
	}
	ext := path.Ext(name)
	stem := strings.TrimSuffix(name, ext)
	for n := 1; ; n++ {
		p = ".gitbook/assets/" + stem + " (" + strconv.Itoa(n) + ")" + ext
		if !x.taken(p) {
			return p
		}
	}
}

func (x *exporter) taken(p string) bool {
	if x.takenPaths[p] {
		return true
	}
	_, exists := x.baseBlob(p)
	return exists
}

// sanitizeName keeps an uploaded file's name readable but safe as a path
// element: no slashes, control characters or leading dots.
func sanitizeName(name string) string {
	name = path.Base(strings.ReplaceAll(name, "\\", "/"))
	name = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || strings.ContainsRune(`/\:*?"<>|`, r) {
			return '-'
		}
		return r
	}, name)
	name = strings.TrimLeft(strings.TrimSpace(name), ".")
	if name == "" {
		name = "file"
	}
	return name
}

// layoutReusable gives every reusable content a path: its own (which may
// lie outside the content root: the repository root's .gitbook/includes),
// or <slug>.md in the folder of includes (newIncludesDir).
func (x *exporter) layoutReusable() {
	dir := x.newIncludesDir()
	for _, rc := range x.rev.ReusableContents {
		p := ""
		if rc.Git != nil && rc.Git.Path != "" && x.inRepo(rc.Git.Path) {
			p = rc.Git.Path
		} else {
			slug := markdown.Slug(rc.Title)
			if slug == "" {
				slug = "include"
			}
			p = x.freePagePath(dir + "/" + slug + ".md")
		}
		x.rcPath[rc.ID] = p
		x.takenPaths[p] = true
	}
}

// newIncludesDir is the content-root-relative folder where a new reusable
// content goes: the content root's .gitbook/includes, unless only the
// repository root has one (GitBook 2026 keeps the organization's reusable
// contents there whatever the space's folder).
func (x *exporter) newIncludesDir() string {
	if x.root == "" || x.base == nil {
		return includesDir
	}
	if fi, err := fs.Stat(x.base, x.repoPath(includesDir)); err == nil && fi.IsDir() {
		return includesDir
	}
	if fi, err := fs.Stat(x.base, includesDir); err == nil && fi.IsDir() {
		return contentRel(x.root, includesDir)
	}
	return includesDir
}

// layoutPages gives every document page a path: an existing page keeps its
// file unless it moved to another parent (then it is renamed into the new
// parent's folder); a new page gets GitBook's layout, slug.md or
// slug/README.md, under its parent's folder. Kept files are reserved first,
// so that a moved or new page never takes the path of a page that stays.
func (x *exporter) layoutPages(pages []*revision.Page, parent *revision.Page) {
	x.walkLayout(pages, parent, true)
	x.walkLayout(pages, parent, false)
}

// walkLayout lays out the pages that keep their file (keeping) or the
// others, parents before children.
func (x *exporter) walkLayout(pages []*revision.Page, parent *revision.Page, keeping bool) {
	for _, p := range pages {
		if p.Type == revision.PageDocument {
			if old, kept := x.keptFile(p, parent); kept && keeping {
				x.pagePath[p.ID] = old
				x.takenPaths[old] = true
			} else if !kept && !keeping {
				x.pagePath[p.ID] = x.pageFile(p, parent)
				if p.Git != nil && x.pagePath[p.ID] != p.Git.Path {
					x.moved[p.ID] = true
				}
			}
		}
		x.walkLayout(p.Pages, p, keeping)
	}
}

// keptFile returns the file of a page that stays where it was: it has one
// and its parent is one it had there. A file SUMMARY.md lists several
// times stays one file, as GitBook keeps it.
func (x *exporter) keptFile(p, parent *revision.Page) (string, bool) {
	if p.Git == nil || p.Git.Path == "" || !x.inRepo(p.Git.Path) {
		return "", false
	}
	keys, known := x.curParentKey[p.Git.Path]
	return p.Git.Path, !known || keys[parentKey(parent)]
}

// pageFile is the path of a page that moved to another parent, or is new.
func (x *exporter) pageFile(p, parent *revision.Page) string {
	if p.Git != nil && p.Git.Path != "" {
		old := p.Git.Path
		base := path.Base(old)
		if strings.EqualFold(base, "README.md") {
			base = path.Base(path.Dir(old)) + "/" + base
		}
		np := x.freePagePath(joinPath(x.childFolder(parent), base))
		x.takenPaths[np] = true
		return np
	}
	if cur := x.curUnlinked(p); cur {
		return "" // stays an entry without a file
	}
	slug := p.Slug
	if slug == "" {
		slug = markdown.Slug(p.Title)
	}
	if slug == "" {
		slug = "page"
	}
	name := slug + ".md"
	if len(p.Pages) > 0 {
		name = slug + "/README.md"
	}
	np := x.freePagePath(joinPath(x.childFolder(parent), name))
	x.takenPaths[np] = true
	return np
}

// curUnlinked reports whether p is an entry without a file in the base
// (an unlinked SUMMARY entry) that still has no content.
func (x *exporter) curUnlinked(p *revision.Page) bool {
	return x.curNoFile[p.ID] && (p.Document == nil || len(p.Document.Nodes) == 0)
}

// childFolder is the folder where a parent's new children go.
func (x *exporter) childFolder(parent *revision.Page) string {
	switch {
	case parent == nil:
		return ""
	case parent.Type == revision.PageGroup:
		return markdown.Slug(parent.Title)
	}
	pp := x.pagePath[parent.ID]
	if pp == "" {
		return markdown.Slug(parent.Title)
	}
	if strings.EqualFold(path.Base(pp), "README.md") {
		if d := path.Dir(pp); d != "." {
			return d
		}
		return ""
	}
	return strings.TrimSuffix(pp, path.Ext(pp))
}

// inRepo reports whether the content-root-relative path p, as a revision
// gives it, is clean and stays inside the repository ("../other/page.md"
// may; "../../x.md" under a one-folder root, or "a/../b.md", may not).
func (x *exporter) inRepo(p string) bool {
	q, ok := resolveInRepo(x.root, "", p)
	return ok && q == p
}

// freePagePath returns p, or p with "-2", "-3"… before the extension (or
// the README's folder) when p is taken.
func (x *exporter) freePagePath(p string) string {
	if !x.takenPaths[p] && !x.existsUnowned(p) {
		return p
	}
	for n := 2; ; n++ {
		var q string
		if strings.EqualFold(path.Base(p), "README.md") {
			q = path.Dir(p) + "-" + strconv.Itoa(n) + "/README.md"
		} else {
			ext := path.Ext(p)
			q = strings.TrimSuffix(p, ext) + "-" + strconv.Itoa(n) + ext
		}
		if !x.takenPaths[q] && !x.existsUnowned(q) {
			return q
		}
	}
}

// existsUnowned reports whether p is a file of the base tree the engine
// does not own (and so must never overwrite).
func (x *exporter) existsUnowned(p string) bool {
	_, exists := x.baseBlob(p)
	return exists && !x.owned[p]
}
