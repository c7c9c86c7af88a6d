package syncengine

import (
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/seed1bfafebe/gitsync/markdown"
	"github.com/seed1bfafebe/gitsync/revision"
)

// ParseCache keeps the content files (pages and reusable contents) that
// earlier imports parsed, so that a re-import parses only the blobs it has
// not seen. Import asks for every content file it reads and stores what it
// parses; a host implements the interface with the eviction it wants
// (package space keeps one per engine). It must be safe for concurrent use.
//
// A cached parse is reused only when every link, file and include it
// resolved resolves the same way in the tree being imported, so a cache
// never changes what an import returns, only how fast it does.
type ParseCache interface {
	GetParsed(key ParseKey) (*ParsedFile, bool)
	PutParsed(key ParseKey, p *ParsedFile)
}

// ParseKey names a parsed content file: its blob and its repository path
// (relative links and warnings depend on the path).
type ParseKey struct {
	Blob plumbing.Hash
	Path string
}

// ParsedFile is a parsed content file, opaque to hosts. Its document is
// shared by every revision that reuses it: treat documents as read-only.
type ParsedFile struct {
	src     []byte
	page    *markdown.Page
	warns   []Warning
	lookups []lookup
}

// Size is the size of the file's source in bytes, for a cache's budget.
func (p *ParsedFile) Size() int { return len(p.src) }

// lookup is one call a parse made to its resolver, and the answer.
type lookup struct {
	kind   byte // 'l' Link, 'f' File, 'i' Include
	target string
	ref    revision.ContentRef
	hasRef bool
	ok     bool
}

// recorder is a markdown.Resolver that records the lookups of a parse.
type recorder struct {
	r       markdown.Resolver
	lookups []lookup
}

func (rec *recorder) do(kind byte, target string) (*revision.ContentRef, bool) {
	ref, ok := resolve(rec.r, kind, target)
	l := lookup{kind: kind, target: target, ok: ok}
	if ref != nil {
		l.ref, l.hasRef = *ref, true
	}
	rec.lookups = append(rec.lookups, l)
	return ref, ok
}

func resolve(r markdown.Resolver, kind byte, target string) (*revision.ContentRef, bool) {
	switch kind {
	case 'l':
		return r.Link(target)
	case 'f':
		return r.File(target)
	default:
		return r.Include(target)
	}
}

// Link implements markdown.Resolver.
func (rec *recorder) Link(t string) (*revision.ContentRef, bool) { return rec.do('l', t) }

// File implements markdown.Resolver.
func (rec *recorder) File(t string) (*revision.ContentRef, bool) { return rec.do('f', t) }

// Include implements markdown.Resolver.
func (rec *recorder) Include(t string) (*revision.ContentRef, bool) { return rec.do('i', t) }

// replays reports whether every lookup of p resolves the same way through
// r. Replaying also registers the files and reusable contents the lookups
// name, as parsing would.
func (p *ParsedFile) replays(r markdown.Resolver) bool {
	for _, l := range p.lookups {
		ref, ok := resolve(r, l.kind, l.target)
		if ok != l.ok || (ref != nil) != l.hasRef || (ref != nil && *ref != l.ref) {
			return false
		}
	}
	return true
}

// content reads and parses the content file at p (relative to the content
// root), through the cache when there is one: a file whose blob id the tree
// gives and whose parse the cache holds is not even read.
func (b *builder) content(p string) (*ParsedFile, plumbing.Hash, error) {
	rp := b.repoPath(p)
	r := b.resolver(p)
	cache := b.opts.ParseCache
	if cache != nil {
		if h, ok := BlobID(b.fsys, rp); ok {
			if pf, ok := cache.GetParsed(ParseKey{Blob: h, Path: rp}); ok && pf.replays(r) {
				if err := b.count(int64(len(pf.src))); err != nil {
					return nil, h, err
				}
				return pf, h, nil
			}
		}
	}
	data, h, err := b.readContent(p)
	if err != nil {
		return nil, h, err
	}
	rec := &recorder{r: r}
	page, warns := markdown.Parse(data, markdown.ParseOptions{Path: rp, Resolver: rec, MaxNesting: b.opts.Limits.nesting()})
	if fm := page.FrontMatter; fm != nil {
		if err := checkAliases(rp, fm.Node, b.opts.Limits.yamlAliases()); err != nil {
			return nil, h, err
		}
	}
	// Normalize before the document is shared through the cache.
	if page.Document == nil {
		page.Document = &revision.Document{}
	}
	if page.Document.Nodes == nil {
		page.Document.Nodes = []revision.Node{}
	}
	pf := &ParsedFile{src: data, page: page, warns: warns, lookups: rec.lookups}
	if cache != nil {
		cache.PutParsed(ParseKey{Blob: h, Path: rp}, pf)
	}
	return pf, h, nil
}
