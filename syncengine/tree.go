package syncengine

import (
	"errors"
	"io/fs"
	"path"
	"sort"
	"strconv"
	"strings"

	"github.com/seed1bfafebe/gitsync/markdown"
	"github.com/seed1bfafebe/gitsync/revision"
)

// tree builds the page tree from SUMMARY.md, or from the folders when there
// is none, and assigns every page its id (so links can be resolved while
// pages are parsed in parallel).
func (b *builder) tree() ([]*revision.Page, error) {
	summaryPath := b.cfg.Summary
	data, err := fs.ReadFile(b.fsys, b.repoPath(summaryPath))
	var pages []*revision.Page
	switch {
	case err == nil:
		sum, warns := markdown.ParseSummaryWith(data, markdown.SummaryOptions{Path: b.repoPath(summaryPath), MaxNesting: b.opts.Limits.nesting()})
		b.warns = append(b.warns, warns...)
		if max := b.opts.Limits.summaryEntries(); countEntries(sum.Entries, max) > max {
			return nil, &LimitError{Limit: LimitSummaryEntries, Path: b.repoPath(summaryPath), Value: int64(countEntries(sum.Entries, max)), Max: int64(max)}
		}
		pages = b.fromSummary(path.Dir(summaryPath), sum.Entries, nil)
	case errors.Is(err, fs.ErrNotExist):
		pages, err = b.fromFolders("")
		if err != nil {
			return nil, err
		}
	default:
		return nil, b.pageError(summaryPath, err)
	}
	b.resolveAnchorLinks()
	if b.npages > b.opts.Limits.pages() {
		return nil, &LimitError{Limit: LimitPages, Value: int64(b.npages), Max: int64(b.opts.Limits.pages())}
	}
	return pages, nil
}

func (b *builder) fromSummary(dir string, entries []*markdown.SummaryEntry, parent *revision.Page) []*revision.Page {
	if dir == "." {
		dir = ""
	}
	out := make([]*revision.Page, 0, len(entries))
	for _, e := range entries {
		b.npages++
		var p *revision.Page
		switch {
		case e.Group:
			slug := markdown.Slug(e.Title)
			if e.Anchor != "" {
				slug = e.Anchor // "## Title <a href="#slug" id="slug"></a>"
			}
			p = &revision.Page{Type: revision.PageGroup, Title: e.Title, Slug: slug, Path: slug,
				ID: b.uniqueID(b.prev.group(e.Title, revision.NewID(b.projectDir, "group", e.Title)), "group", e.Title)}
			p.Pages = b.fromSummary(dir, e.Children, nil)
		case e.Computed != nil:
			p = &revision.Page{Type: revision.PageComputed, Title: computedTitle, Computed: e.Computed,
				ID: b.uniqueID(revision.NewID(b.projectDir, "computed", parentPath(parent), string(e.Computed)), "computed", string(e.Computed))}
		case isAnchorEntry(e):
			p = &revision.Page{Type: revision.PageLink, Title: e.Title, LinkTitle: e.LinkTitle, Href: e.Target,
				ID: b.uniqueID(b.prev.link(e.Title, e.Target, revision.NewID(b.projectDir, "link", e.Title, e.Target)), "link", e.Title, e.Target)}
			b.anchorLinks = append(b.anchorLinks, anchorLink{page: p, dir: dir, line: e.Line})
		case b.leavesRoot(dir, e):
			// An entry linking outside the content root to no page file of
			// the repository stays a link to it, as written.
			w := Warning{Path: b.repoPath(b.cfg.Summary), Line: e.Line, Code: "path-escapes",
				Message: "entry " + quote(e.Title) + " links outside the repository, kept as a link: " + e.Target}
			if t, _ := splitFragment(e.Target); b.inRepo(dir, t) {
				w.Code, w.Message = markdown.WarnMissingFile, "entry "+quote(e.Title)+" links outside the content root to no page file, kept as a link: "+e.Target
			}
			b.warns = append(b.warns, w)
			p = &revision.Page{Type: revision.PageLink, Title: e.Title, LinkTitle: e.LinkTitle, Target: revision.URLRef(e.Target), Href: e.Target,
				ID: b.uniqueID(b.prev.link(e.Title, e.Target, revision.NewID(b.projectDir, "link", e.Title, e.Target)), "link", e.Title, e.Target)}
		case isExternal(e.Target):
			p = &revision.Page{Type: revision.PageLink, Title: e.Title, Target: revision.URLRef(e.Target), Href: e.Target,
				ID: b.uniqueID(b.prev.link(e.Title, e.Target, revision.NewID(b.projectDir, "link", e.Title, e.Target)), "link", e.Title, e.Target)}
		default:
			p = b.summaryDocument(dir, e, parent)
			p.Pages = b.fromSummary(dir, e.Children, p)
		}
		out = append(out, p)
	}
	return out
}

func (b *builder) summaryDocument(dir string, e *markdown.SummaryEntry, parent *revision.Page) *revision.Page {
	p := &revision.Page{Type: revision.PageDocument, Title: e.Title, LinkTitle: e.LinkTitle}
	where := b.repoPath(b.cfg.Summary)
	target, _ := splitFragment(e.Target)
	file, ok := "", false
	if target != "" {
		// GitBook lists pages of another folder of the repository
		// ("../other/tags.md"): pages of the space whose file lies outside
		// the content root.
		file, ok = resolveInRepo(b.root, dir, unescapePath(target))
	}
	switch {
	case e.Target == "":
		// ParseSummary already warned about the unlinked entry.
	case !ok:
		b.warns = append(b.warns, Warning{Path: where, Line: e.Line, Code: "path-escapes",
			Message: "entry " + quote(e.Title) + " links outside the content root: " + e.Target})
	default:
		if !exists(b.fsys, b.repoPath(file)) {
			b.warns = append(b.warns, Warning{Path: where, Line: e.Line, Code: markdown.WarnMissingFile,
				Message: "entry " + quote(e.Title) + " links to a missing file: " + e.Target})
			ok = false
		} else if other, dup := b.pageByPath[file]; dup {
			b.warns = append(b.warns, Warning{Path: where, Line: e.Line, Code: "duplicate-entry",
				Message: "file " + file + " is listed again (first as " + quote(other.Title) + ")"})
		}
	}
	slug := slugOf(file)
	if !ok || file == "" {
		slug = markdown.Slug(e.Title)
	}
	p.Slug = slug
	p.Path = joinPath(parentPath(parent), slug)
	if ok && file != "" {
		if _, dup := b.pageByPath[file]; dup {
			// A second listing of a file is a page of its own: its id is
			// derived from its place, never the file's previous id.
			p.ID = b.uniqueID(revision.NewID(b.projectDir, "page", file+"#"+p.Path), "page", file, p.Path)
		} else {
			b.pageByPath[file] = p
			p.ID = b.uniqueID(b.previousPage(file, revision.NewID(b.projectDir, "page", file)), "page", file)
		}
		b.schedule(p, file)
	} else {
		p.ID = b.uniqueID(revision.NewID(b.projectDir, "unlinked", p.Path, e.Title), "unlinked", p.Path, e.Title)
		p.Document = &revision.Document{Nodes: []revision.Node{}}
	}
	p.AppURL = appURL("pages", p.ID)
	return p
}

// leavesRoot reports whether e is a childless entry whose relative link
// leaves the content root and names no Markdown file of the repository
// (one that does is a page of the space, stored outside the content root).
func (b *builder) leavesRoot(dir string, e *markdown.SummaryEntry) bool {
	target, _ := splitFragment(e.Target)
	if target == "" || isExternal(e.Target) || len(e.Children) > 0 {
		return false
	}
	if _, ok := resolveRel(dir, unescapePath(target)); ok {
		return false
	}
	p, ok := resolveInRepo(b.root, dir, unescapePath(target))
	return !ok || !strings.EqualFold(path.Ext(p), ".md") || !exists(b.fsys, b.repoPath(p))
}

// inRepo reports whether target, relative to the folder dir, stays
// inside the repository.
func (b *builder) inRepo(dir, target string) bool {
	_, ok := resolveInRepo(b.root, dir, unescapePath(target))
	return ok
}

// anchorLink is a SUMMARY.md entry that links to an anchor of a page.
type anchorLink struct {
	page *revision.Page
	dir  string // the folder of SUMMARY.md
	line int
}

// isAnchorEntry reports whether e links to an anchor of a file of the
// space ("inline.md#buttons") and has no children: GitBook's link page to
// a section of another page, not a second copy of that page.
func isAnchorEntry(e *markdown.SummaryEntry) bool {
	file, frag := splitFragment(e.Target)
	return file != "" && frag != "" && !isExternal(e.Target) && len(e.Children) == 0
}

// resolveAnchorLinks points each anchor link page at its page; a target
// that is not a page of the tree stays the link as written.
func (b *builder) resolveAnchorLinks() {
	for _, l := range b.anchorLinks {
		file, frag := splitFragment(l.page.Href)
		if f, ok := resolveInRepo(b.root, l.dir, unescapePath(file)); ok {
			if pg := b.pageByPath[f]; pg != nil {
				l.page.Target = revision.AnchorRef(pg.ID, frag)
				continue
			}
		}
		b.warns = append(b.warns, Warning{Path: b.repoPath(b.cfg.Summary), Line: l.line, Code: markdown.WarnMissingFile,
			Message: "entry " + quote(l.page.Title) + " links to an anchor of a file that is not a page: " + l.page.Href})
		l.page.Target = revision.URLRef(l.page.Href)
	}
}

// computedTitle is the title of a generated page: SUMMARY.md gives it none,
// and the API requires one.
const computedTitle = "Generated pages"

func parentPath(parent *revision.Page) string {
	if parent == nil {
		return ""
	}
	return parent.Path
}

func quote(s string) string { return "\"" + s + "\"" }

// fromFolders builds the tree from the folder layout when there is no
// SUMMARY.md: README.md is a folder's page, other .md files its children,
// sub-folders pages of their own, all sorted by name.
func (b *builder) fromFolders(dir string) ([]*revision.Page, error) {
	entries, err := fs.ReadDir(b.fsys, b.repoPathDir(dir))
	if err != nil {
		return nil, b.pageError(dir, err)
	}
	var out []*revision.Page
	var readme *revision.Page
	for _, e := range entries {
		name := e.Name()
		p := joinPath(dir, name)
		switch {
		case strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_") || name == "node_modules":
			continue
		case e.IsDir():
			children, err := b.fromFolders(p)
			if err != nil {
				return nil, err
			}
			if len(children) == 0 {
				continue
			}
			// The folder's README (first child, if it is one) becomes its page.
			if c := children[0]; c.Git == nil && c.Type == revision.PageDocument && path.Dir(b.jobPath(c)) == p && strings.EqualFold(path.Base(b.jobPath(c)), "README.md") {
				c.Pages = append(c.Pages, children[1:]...)
				out = append(out, c)
				continue
			}
			slug := slugOf(p + "/README.md")
			g := &revision.Page{Type: revision.PageDocument, Title: name, Slug: slug, Path: p,
				ID: revision.NewID(b.projectDir, "folder", p), Document: &revision.Document{Nodes: []revision.Node{}}, Pages: children}
			g.AppURL = appURL("pages", g.ID)
			b.npages++
			out = append(out, g)
		case e.Type().IsRegular() && strings.EqualFold(path.Ext(name), ".md") && !(dir == "" && strings.EqualFold(name, "SUMMARY.md")):
			pg := &revision.Page{Type: revision.PageDocument, Slug: slugOf(p), Path: strings.TrimSuffix(p, path.Ext(p))}
			pg.ID = b.uniqueID(b.previousPage(p, revision.NewID(b.projectDir, "page", p)), "page", p)
			pg.AppURL = appURL("pages", pg.ID)
			b.pageByPath[p] = pg
			b.schedule(pg, p)
			b.npages++
			if strings.EqualFold(name, path.Base(b.cfg.Readme)) {
				readme = pg
				pg.Path = dir
				continue
			}
			out = append(out, pg)
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Path < out[j].Path })
	if readme != nil {
		out = append([]*revision.Page{readme}, out...)
	}
	return out, nil
}

func (b *builder) repoPathDir(dir string) string {
	if p := b.repoPath(dir); p != "" {
		return p
	}
	return "."
}

// jobPath is the file of a page scheduled for parsing ("" if none).
func (b *builder) jobPath(p *revision.Page) string { return b.jobFile[p] }

// previousPage is the id of the page stored at content-root-relative path
// file (see previousIDs.page).
func (b *builder) previousPage(file, fresh string) string {
	oid := ""
	if h, ok := BlobID(b.fsys, b.repoPath(file)); ok {
		oid = h.String()
	}
	return b.prev.page(file, oid, fresh, func(old string) bool {
		_, err := fs.Stat(b.fsys, b.repoPath(old))
		return errors.Is(err, fs.ErrNotExist)
	})
}

// uniqueID returns id, or when a page of this revision already has it (two
// groups or links alike, an id a previous revision gave twice), an id
// derived from parts and a counter. Pages are laid out in a fixed order, so
// the result is deterministic.
func (b *builder) uniqueID(id string, parts ...string) string {
	for n := 2; b.usedIDs[id]; n++ {
		id = revision.NewID(append([]string{b.projectDir}, append(parts, strconv.Itoa(n))...)...)
	}
	b.usedIDs[id] = true
	return id
}
