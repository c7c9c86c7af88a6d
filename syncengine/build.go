package syncengine

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"runtime"
	"sort"
	"strings"
	"sync"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/seed1bfafebe/gitsync/markdown"
	"github.com/seed1bfafebe/gitsync/revision"
)

// builder turns the files under a content root into a revision.
type builder struct {
	ctx        context.Context
	fsys       fs.FS // the whole tree
	root       string
	projectDir string
	cfg        Config
	opts       ImportOptions
	prev       previousIDs

	// Built before parsing, read-only while pages are parsed.
	pageByPath map[string]*revision.Page // content-root-relative file path -> page
	usedIDs    map[string]bool           // page ids given so far
	jobs       []pageJob
	jobFile    map[*revision.Page]string // the file of each scheduled page
	npages     int
	// anchorLinks are the SUMMARY.md entries linking to an anchor of a
	// page ("* [Buttons](inline.md#buttons)"): link pages, resolved once
	// every page has its id.
	anchorLinks []anchorLink

	// keepParsed makes parsePage keep each parsed page file in parsed
	// (export compares against them and reuses their source spans).
	keepParsed bool

	mu       sync.Mutex // guards what follows
	parsed   map[string]parsedFile
	warns    []Warning
	files    map[string]*revision.File
	reusable map[string]*revision.ReusableContent
	bytes    int64
}

// parsedFile is a content file as read and parsed.
type parsedFile struct {
	src  []byte
	page *markdown.Page
}

type pageJob struct {
	page *revision.Page
	path string // content-root-relative
}

func newBuilder(ctx context.Context, fsys fs.FS, root, projectDir string, cfg Config, opts ImportOptions) *builder {
	return &builder{
		ctx: ctx, fsys: fsys, root: root, projectDir: projectDir, cfg: cfg, opts: opts,
		prev:       indexPrevious(opts.Previous),
		pageByPath: map[string]*revision.Page{},
		usedIDs:    map[string]bool{},
		jobFile:    map[*revision.Page]string{},
		files:      map[string]*revision.File{},
		reusable:   map[string]*revision.ReusableContent{},
		parsed:     map[string]parsedFile{},
	}
}

// repoPath turns a content-root-relative path into a repository path.
func (b *builder) repoPath(p string) string { return joinPath(b.root, p) }

func (b *builder) warn(w Warning) {
	b.mu.Lock()
	b.warns = append(b.warns, w)
	b.mu.Unlock()
}

func (b *builder) build() (*revision.Revision, error) {
	pages, err := b.tree()
	if err != nil {
		return nil, err
	}
	if err := b.parsePages(); err != nil {
		return nil, err
	}
	if err := b.collectIncludes(); err != nil {
		return nil, err
	}
	if err := b.parseReusable(); err != nil {
		return nil, err
	}
	if err := b.collectAssets(); err != nil {
		return nil, err
	}
	revision.Walk(pages, func(p, _ *revision.Page) bool {
		// The schema wants a title on every page.
		if strings.TrimSpace(p.Title) == "" {
			p.Title = "Untitled"
			if p.Git != nil {
				p.Title = strings.TrimSuffix(path.Base(p.Git.Path), path.Ext(p.Git.Path))
			}
		}
		return true
	})
	tags, err := b.readTags()
	if err != nil {
		return nil, err
	}
	rev := &revision.Revision{Pages: pages, Tags: tags}
	for _, f := range sortedValues(b.files, func(f *revision.File) string { return f.Git.Path }) {
		rev.Files = append(rev.Files, f)
	}
	for _, rc := range sortedValues(b.reusable, func(rc *revision.ReusableContent) string { return rc.Git.Path }) {
		rev.ReusableContents = append(rev.ReusableContents, rc)
	}
	return rev, nil
}

func sortedValues[T any](m map[string]T, key func(T) string) []T {
	out := make([]T, 0, len(m))
	for _, v := range m {
		out = append(out, v)
	}
	sort.Slice(out, func(i, j int) bool { return key(out[i]) < key(out[j]) })
	return out
}

// schedule queues the page file p of page pg for parsing.
func (b *builder) schedule(pg *revision.Page, p string) {
	b.jobs = append(b.jobs, pageJob{page: pg, path: p})
	b.jobFile[pg] = p
}

// parsePages parses every page file, in parallel: pages are independent
// once the tree (and so every page id) is known.
func (b *builder) parsePages() error {
	total := len(b.jobs)
	b.opts.report(Progress{Stage: StageContentProcess, Total: total})
	workers := b.opts.Concurrency
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	ctx, cancel := context.WithCancel(b.ctx)
	defer cancel()
	jobs := make(chan pageJob)
	var (
		wg       sync.WaitGroup
		errOnce  sync.Once
		firstErr error
		doneMu   sync.Mutex
		done     int
	)
	fail := func(err error) {
		errOnce.Do(func() { firstErr = err; cancel() })
	}
	for range min(workers, max(total, 1)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range jobs {
				if err := b.parsePage(j); err != nil {
					fail(err)
					continue
				}
				doneMu.Lock()
				done++
				d := done
				doneMu.Unlock()
				b.opts.report(Progress{Stage: StageContentProcess, Done: d, Total: total})
			}
		}()
	}
feed:
	for _, j := range b.jobs {
		select {
		case jobs <- j:
		case <-ctx.Done():
			break feed
		}
	}
	close(jobs)
	wg.Wait()
	if firstErr != nil {
		return firstErr
	}
	return b.ctx.Err()
}

// readContent reads a content file, counting it against the limits.
func (b *builder) readContent(p string) ([]byte, plumbing.Hash, error) {
	rp := b.repoPath(p)
	data, err := fs.ReadFile(b.fsys, rp)
	if err != nil {
		return nil, plumbing.ZeroHash, err
	}
	if err := b.count(int64(len(data))); err != nil {
		return nil, plumbing.ZeroHash, err
	}
	return data, b.blobID(rp, data), nil
}

// count counts n bytes of content against the limits.
func (b *builder) count(n int64) error {
	b.mu.Lock()
	b.bytes += n
	total := b.bytes
	b.mu.Unlock()
	if max := b.opts.Limits.totalBytes(); total > max {
		return &LimitError{Limit: LimitTotalBytes, Value: total, Max: max}
	}
	return nil
}

func (b *builder) blobID(repoPath string, data []byte) plumbing.Hash {
	if h, ok := BlobID(b.fsys, repoPath); ok {
		return h
	}
	return plumbing.ComputeHash(plumbing.BlobObject, data)
}

func (b *builder) parsePage(j pageJob) error {
	p := j.page
	pf, h, err := b.content(j.path)
	if err != nil {
		if errors.Is(err, ErrLimit) {
			return err
		}
		b.warn(Warning{Path: b.repoPath(j.path), Code: "unreadable-page", Message: err.Error()})
		p.Document = &revision.Document{Nodes: []revision.Node{}}
		return nil
	}
	p.Git = &revision.GitBlob{OID: h.String(), Path: j.path}
	for _, w := range pf.warns {
		b.warn(w)
	}
	applyPage(p, pf.page, b.resolver(j.path))
	if b.keepParsed {
		b.mu.Lock()
		b.parsed[j.path] = parsedFile{src: pf.src, page: pf.page}
		b.mu.Unlock()
	}
	return nil
}

// applyPage copies what a parsed page file says into the revision page.
func applyPage(p *revision.Page, parsed *markdown.Page, r markdown.Resolver) {
	p.Document = parsed.Document
	if p.Document == nil {
		p.Document = &revision.Document{}
	}
	if p.Document.Nodes == nil {
		p.Document.Nodes = []revision.Node{}
	}
	if p.Title == "" {
		p.Title = parsed.Title
	}
	fm := parsed.FrontMatter
	if fm == nil {
		return
	}
	p.Description = fm.Description
	p.Icon = fm.Icon
	p.Hidden = fm.Hidden
	p.NoIndex, p.NoRobotsIndex = fm.NoIndex, fm.NoRobotsIndex
	p.Tags = fm.Tags
	if fm.Layout != nil { // kept even when it holds the defaults: the file says it
		l := *fm.Layout
		p.Layout = &l
	}
	if fm.Cover != "" || fm.CoverY != nil || fm.CoverHeight != nil {
		c := &revision.Cover{}
		if fm.Cover != "" {
			ref, ok := r.File(fm.Cover)
			if !ok {
				ref = revision.URLRef(fm.Cover)
			}
			c.Ref = ref
		}
		if fm.CoverY != nil {
			c.YPos = *fm.CoverY
		}
		c.Height = fm.CoverHeight
		p.Cover = c
	}
}

// collectIncludes registers every Markdown file directly under
// .gitbook/includes, of the content root and of the repository root, as a
// reusable content: GitBook exports the organization's reusable contents
// whether or not a page of the space includes them, and a revision that
// left them out would lose them.
func (b *builder) collectIncludes() error {
	dirs := []string{includesDir}
	if b.root != "" {
		dirs = append(dirs, contentRel(b.root, includesDir))
	}
	for _, dir := range dirs {
		entries, err := fs.ReadDir(b.fsys, b.repoPath(dir))
		if err != nil {
			continue // no such folder (or not a folder): no includes there
		}
		for _, e := range entries {
			if e.Type().IsRegular() && strings.EqualFold(path.Ext(e.Name()), ".md") {
				b.registerReusable(joinPath(dir, e.Name()))
			}
		}
		if err := b.ctx.Err(); err != nil {
			return err
		}
	}
	return nil
}

// parseReusable parses the reusable contents the pages include.
func (b *builder) parseReusable() error {
	b.mu.Lock()
	list := sortedValues(b.reusable, func(rc *revision.ReusableContent) string { return rc.Git.Path })
	b.mu.Unlock()
	for _, rc := range list {
		if err := b.ctx.Err(); err != nil {
			return err
		}
		pf, h, err := b.content(rc.Git.Path)
		if err != nil {
			if errors.Is(err, ErrLimit) {
				return err
			}
			b.warn(Warning{Path: b.repoPath(rc.Git.Path), Code: markdown.WarnMissingFile, Message: "included file cannot be read"})
			rc.Document = &revision.Document{Nodes: []revision.Node{}}
			continue
		}
		rc.Git.OID = h.String()
		for _, w := range pf.warns {
			b.warn(w)
		}
		parsed := pf.page
		rc.Document = parsed.Document
		if b.keepParsed {
			b.parsed[rc.Git.Path] = parsedFile{src: pf.src, page: parsed}
		}
		if rc.Document == nil {
			rc.Document = &revision.Document{}
		}
		if rc.Document.Nodes == nil {
			rc.Document.Nodes = []revision.Node{}
		}
		if t := frontMatterString(parsed.FrontMatter, "title"); t != "" {
			rc.Title = t
		} else if parsed.Title != "" {
			rc.Title = parsed.Title
		}
	}
	return nil
}

func frontMatterString(fm *markdown.FrontMatter, key string) string {
	if fm == nil || fm.Node == nil {
		return ""
	}
	n := fm.Node
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == key {
			return n.Content[i+1].Value
		}
	}
	return ""
}

// collectAssets adds every file under .gitbook/assets to the revision, so
// that uploaded files nobody references yet are not lost.
func (b *builder) collectAssets() error {
	dir := b.repoPath(".gitbook/assets")
	err := fs.WalkDir(b.fsys, dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if p == dir && errors.Is(err, fs.ErrNotExist) {
				return fs.SkipAll
			}
			return nil
		}
		if d.Type().IsRegular() {
			rel := strings.TrimPrefix(p, b.root)
			rel = strings.TrimPrefix(rel, "/")
			b.file(rel)
		}
		return b.ctx.Err()
	})
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	return err
}

// file returns the revision file for a content-root-relative path,
// registering it on first use; nil when there is no such file.
func (b *builder) file(p string) *revision.File {
	b.mu.Lock()
	f, ok := b.files[p]
	b.mu.Unlock()
	if ok {
		return f
	}
	f, err := b.statFile(p)
	if err != nil {
		return nil
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	if prev, ok := b.files[p]; ok {
		return prev
	}
	b.files[p] = f
	return f
}

func (b *builder) pageError(p string, err error) error {
	return fmt.Errorf("%s: %w", b.repoPath(p), err)
}

// slugOf is the slug GitBook gives the page stored at file p.
func slugOf(p string) string {
	base := path.Base(p)
	if strings.EqualFold(base, "README.md") {
		dir := path.Dir(p)
		if dir == "." {
			return ""
		}
		base = path.Base(dir)
	}
	base = strings.TrimSuffix(base, path.Ext(base))
	return strings.ReplaceAll(strings.ToLower(base), " ", "-")
}

// sortedWarnings returns the warnings in a stable order (pages are parsed
// in parallel, so they arrive in any order): by path, line, code.
func (b *builder) sortedWarnings() []Warning {
	b.mu.Lock()
	defer b.mu.Unlock()
	ws := append([]Warning(nil), b.warns...)
	sort.SliceStable(ws, func(i, j int) bool {
		a, c := ws[i], ws[j]
		if a.Path != c.Path {
			return a.Path < c.Path
		}
		if a.Line != c.Line {
			return a.Line < c.Line
		}
		if a.Code != c.Code {
			return a.Code < c.Code
		}
		return a.Message < c.Message
	})
	return ws
}
