package syncengine

import (
	"bytes"
	"encoding/json"
	"fmt"
	"path"
	"reflect"
	"slices"
	"strings"

	"github.com/google/go-cmp/cmp"
	"github.com/seed1bfafebe/gitsync/markdown"
	"github.com/seed1bfafebe/gitsync/revision"
	"gopkg.in/yaml.v3"
)

// fingerprint identifies a node's content: its JSON encoding, which is
// deterministic and does not tell nil from empty where the API does not.
// Comparing fingerprints is much cheaper than a deep comparison inside the
// block alignment, which compares every old block with every new one.
func fingerprint(n revision.Node) string {
	b, err := json.Marshal(n)
	if err != nil {
		return fmt.Sprintf("unencodable %p", n)
	}
	return string(b)
}

func fingerprints(nodes []revision.Node) []string {
	out := make([]string, len(nodes))
	for i, n := range nodes {
		out[i] = fingerprint(n)
	}
	return out
}

func sameNodes(a, b []revision.Node) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		// Equal values encode equally; encoding is the slow path, for
		// values that differ only where the JSON does not (nil and empty
		// lists).
		if !reflect.DeepEqual(a[i], b[i]) && fingerprint(a[i]) != fingerprint(b[i]) {
			return false
		}
	}
	return true
}

// linker prints references relative to one file of the new layout.
type linker struct {
	x    *exporter
	from string // content-root-relative path of the file being printed
}

// Href implements markdown.Linker.
func (l linker) Href(ref *revision.ContentRef) string {
	if ref == nil {
		return ""
	}
	x := l.x
	switch ref.Kind {
	case revision.RefURL:
		return ref.URL
	case revision.RefPage:
		if p := x.pagePath[ref.Page]; p != "" {
			return pageHref(x.repoPath(l.from), x.repoPath(p))
		}
	case revision.RefAnchor:
		// An anchor read as "#x" has no page and prints back so; one that
		// names a page, the same page included, prints "page.md#x" as
		// GitBook writes it.
		if ref.Page == "" {
			return "#" + ref.Anchor
		}
		if p := x.pagePath[ref.Page]; p != "" {
			return pageHref(x.repoPath(l.from), x.repoPath(p)) + "#" + ref.Anchor
		}
		return "#" + ref.Anchor
	case revision.RefFile:
		if p := x.filePath[ref.File]; p != "" {
			return x.rel(l.from, p)
		}
		// The reader keeps the target of a file it could not resolve (a
		// missing asset) in place of an id.
		return ref.File
	case revision.RefReusableContent:
		if p := x.rcPath[ref.ReusableContent]; p != "" {
			return x.rel(l.from, p)
		}
	case revision.RefOpenAPI:
		return ref.Spec
	}
	return ""
}

// pageHref is the link from the file from to the page file to, as GitBook
// writes it: a folder's README.md is linked as the folder ("../guide/",
// "./"), other pages by their file.
func pageHref(from, to string) string {
	if path.Base(to) != "README.md" {
		return rel(from, to)
	}
	dir := strings.TrimSuffix(rel(from, to), "README.md")
	if dir == "" {
		return "./"
	}
	return dir
}

// hasRelativeRefs reports whether n references a page, an anchor, a file or
// a reusable content: what is written as a path relative to the page.
func hasRelativeRefs(n revision.Node) bool {
	found := false
	walkRefs([]revision.Node{n}, func(r *revision.ContentRef) {
		found = found || r.Kind != revision.RefURL
	})
	return found
}

// movedRefs reports whether nodes reference a page or file whose path
// changed: such a block must be reprinted even if its content is equal,
// or its links would break.
func (x *exporter) movedRefs(nodes []revision.Node) bool {
	found := false
	walkRefs(nodes, func(r *revision.ContentRef) {
		switch r.Kind {
		case revision.RefPage, revision.RefAnchor:
			found = found || x.moved[r.Page]
		case revision.RefFile:
			found = found || x.moved[r.File]
		}
	})
	return found
}

func (x *exporter) printPages() {
	revision.Walk(x.rev.Pages, func(p, _ *revision.Page) bool {
		np := x.pagePath[p.ID]
		if p.Type != revision.PageDocument || np == "" {
			return true
		}
		old := ""
		if p.Git != nil {
			old = p.Git.Path
		}
		if _, ok := x.parsed[old]; !ok || x.curPageByPath[old] == nil {
			if q := x.twin(p, np); q != "" {
				old = q
			}
		}
		data := x.pageBytes(p, np, old)
		if prev, dup := x.out[np]; dup {
			// SUMMARY lists the file twice: keep the version that changed,
			// else the first listing's (its title is the file's).
			if orig, ok := x.parsed[old]; !ok || bytes.Equal(data, orig.src) {
				data = prev
			}
		}
		x.out[np] = data
		return true
	})
}

// pageBytes prints page p, to be stored at np, against its file old in
// the base: unchanged, it keeps the old bytes; changed, only its changed
// blocks are printed (or the whole page with WholePages).
func (x *exporter) pageBytes(p *revision.Page, np, old string) []byte {
	doc := p.Document
	if doc == nil {
		doc = &revision.Document{}
	}
	orig, hasOrig := x.parsed[old]
	cur := x.curPageByPath[old]
	if !hasOrig || cur == nil {
		return markdown.Print(&markdown.Page{FrontMatter: x.coverFrontMatter(newFrontMatter(p, nil), p, nil, np), Title: p.Title, Document: doc}, x.printOptions(np))
	}
	moved := x.movedRefs(doc.Nodes) || np != old
	fieldsSame := pageFieldsEqual(p, cur)
	docSame := sameNodes(doc.Nodes, cur.Document.Nodes)
	if fieldsSame && docSame && (!moved || !x.movedRefs(doc.Nodes) && !pageHasRelativeRefs(p)) {
		// Unchanged, or moved with nothing written relative to its
		// place: the file is renamed with its bytes, as GitBook does
		// (GITBOOK-1266 moves a page whose file keeps its own # title).
		return orig.src
	}
	var oldPrints, newPrints []string
	printed := false
	placed := func() {
		if !printed {
			oldPrints = x.placedFingerprints(orig.page.Document.Nodes, old, true)
			newPrints = x.placedFingerprints(doc.Nodes, np, false)
			printed = true
		}
	}
	if fieldsSame && len(doc.Nodes) == len(orig.page.Document.Nodes) && (np == old || !coverRelative(p)) {
		// Unchanged where it is written: its links still lead where they
		// did (a page moved with the pages it links to, GITBOOK-1259).
		if placed(); slices.Equal(oldPrints, newPrints) {
			return orig.src
		}
	}
	// The file's own # title stays while the page keeps its title (a file
	// whose # title differs from its SUMMARY.md entry). A page retitled
	// and otherwise unchanged kept its bytes above: the title travels in
	// SUMMARY.md (GITBOOK-419 in the BeefreeSDK history retitles README.md
	// there only). A page retitled and changed gets its new # title, as
	// GitBook writes it (GITBOOK-1259 in GitBook's docs: "# Overview"
	// became "# GitBook documentation" with the page's new cover).
	// Printing whole pages as GitBook does, or a file without a # title,
	// the title is the page's.
	title := orig.page.Title
	if title == "" || x.opts.WholePages || p.Title != cur.Title {
		title = p.Title
	}
	fm := x.coverFrontMatter(newFrontMatter(p, orig.page.FrontMatter), p, cur, np)
	if x.opts.WholePages || len(orig.page.Spans) != len(orig.page.Document.Nodes) {
		return markdown.Print(&markdown.Page{FrontMatter: fm, Title: title, Document: doc}, x.printOptions(np))
	}
	var out bytes.Buffer
	head := bodyStart(orig.page)
	if fieldsSame && title == orig.page.Title {
		out.Write(orig.src[:head])
	} else {
		out.Write(markdown.Print(&markdown.Page{FrontMatter: fm, Title: title, Document: &revision.Document{}}, x.printOptions(np)))
		if len(doc.Nodes) > 0 {
			out.WriteByte('\n')
		}
	}
	placed()
	x.writeBody(&out, orig, doc.Nodes, np, oldPrints, newPrints)
	return out.Bytes()
}

// coverRelative reports whether p's cover is written as a path relative
// to its file.
func coverRelative(p *revision.Page) bool {
	return p.Cover != nil && p.Cover.Ref != nil && p.Cover.Ref.Kind != revision.RefURL
}

func bodyStart(p *markdown.Page) int {
	if len(p.Spans) > 0 {
		return p.Spans[0].Start
	}
	return p.BodyStart
}

// writeBody writes the body: blocks equal to a block of the original
// where they are written (placedFingerprints: same content, links written
// alike) keep its bytes (and the bytes between two kept neighbours);
// others are printed.
func (x *exporter) writeBody(out *bytes.Buffer, orig parsedFile, nodes []revision.Node, np string, oldPrints, newPrints []string) {
	olds := orig.page.Document.Nodes
	spans := orig.page.Spans
	match := alignBlocks(len(olds), len(nodes), func(i, k int) bool {
		return oldPrints[i] == newPrints[k]
	})
	prev := -1 // index in olds of the previous block written, if kept
	opts := x.printOptions(np)
	for k, n := range nodes {
		j := match[k]
		if k > 0 {
			if j >= 0 && prev >= 0 && j == prev+1 {
				out.Write(orig.src[spans[prev].End:spans[j].Start])
			} else {
				out.WriteString("\n\n")
			}
		}
		if j >= 0 {
			out.Write(orig.src[spans[j].Start:spans[j].End])
		} else {
			out.Write(markdown.PrintBlock(n, opts))
		}
		prev = j
	}
	if len(nodes) > 0 && prev == len(olds)-1 && prev >= 0 {
		out.Write(orig.src[spans[prev].End:])
	} else if len(nodes) == 0 || !bytes.HasSuffix(out.Bytes(), []byte("\n")) {
		// As markdown.Print: a trailing empty paragraph already ends the
		// output with "\n\n".
		out.WriteString("\n")
	}
}

// alignBlocks matches new blocks to old ones (longest common subsequence):
// match[k] is the index in olds of news[k], or -1.
func alignBlocks(n, m int, equal func(i, k int) bool) []int {
	lcs := make([][]int32, n+1)
	for i := range lcs {
		lcs[i] = make([]int32, m+1)
	}
	for i := n - 1; i >= 0; i-- {
		for k := m - 1; k >= 0; k-- {
			if equal(i, k) {
				lcs[i][k] = lcs[i+1][k+1] + 1
			} else {
				lcs[i][k] = max(lcs[i+1][k], lcs[i][k+1])
			}
		}
	}
	match := make([]int, m)
	for k := range match {
		match[k] = -1
	}
	for i, k := 0, 0; i < n && k < m; {
		switch {
		case equal(i, k):
			match[k] = i
			i++
			k++
		case lcs[i+1][k] >= lcs[i][k+1]:
			i++
		default:
			k++
		}
	}
	return match
}

func (x *exporter) printOptions(file string) markdown.PrintOptions {
	return markdown.PrintOptions{Linker: linker{x: x, from: file}}
}

// pageFieldsEqual compares the page fields that live in the page file's
// front matter. The title lives in SUMMARY.md (see pageBytes).
func pageFieldsEqual(a, b *revision.Page) bool {
	return a.Description == b.Description && a.Icon == b.Icon &&
		a.Hidden == b.Hidden && a.NoIndex == b.NoIndex && a.NoRobotsIndex == b.NoRobotsIndex &&
		slices.Equal(a.Tags, b.Tags) && cmp.Equal(layoutOf(a), layoutOf(b)) && cmp.Equal(a.Cover, b.Cover)
}

// layoutOf is a page's layout, GitBook's defaults when it has none (a
// revision read from JSON has none where the file wrote the defaults).
func layoutOf(p *revision.Page) revision.Layout {
	if p.Layout == nil {
		return revision.DefaultLayout()
	}
	return *p.Layout
}

// newFrontMatter is the front matter of page p, starting from the file's
// (so that keys gitsync does not model survive).
func newFrontMatter(p *revision.Page, orig *markdown.FrontMatter) *markdown.FrontMatter {
	var fm markdown.FrontMatter
	if orig != nil {
		fm = *orig
	}
	fm.Description, fm.Icon, fm.Hidden = p.Description, p.Icon, p.Hidden
	fm.NoIndex, fm.NoRobotsIndex, fm.Tags = p.NoIndex, p.NoRobotsIndex, p.Tags
	if p.Layout != nil {
		l := *p.Layout
		fm.Layout = &l
	} else if fm.Layout != nil && *fm.Layout != revision.DefaultLayout() {
		fm.Layout = nil
		fm.LayoutKeys = nil
	}
	if orig == nil && fm.Description == "" && fm.Icon == "" && !fm.Hidden && !fm.NoIndex && !fm.NoRobotsIndex &&
		len(fm.Tags) == 0 && fm.Layout == nil && p.Cover == nil {
		return nil
	}
	return &fm
}

// coverFrontMatter writes page p's cover into fm (front matter "cover",
// "coverY", "coverHeight") when fm does not already say it, or when the
// cover changed since the base page cur (nil when there is none): a page
// printed without its file still has its cover, and a replaced cover
// (GITBOOK-1291 points a page at another upload) or a removed one is
// written, not the file's old one.
func (x *exporter) coverFrontMatter(fm *markdown.FrontMatter, p, cur *revision.Page, np string) *markdown.FrontMatter {
	var old *revision.Cover
	if cur != nil {
		old = cur.Cover
	}
	changed := cur != nil && !cmp.Equal(old, p.Cover)
	if p.Cover == nil {
		if changed && fm != nil {
			// Printed from its keys, not its source (which a front
			// matter left with no key would print back).
			fm.Cover, fm.CoverY, fm.CoverHeight, fm.Source = "", nil, nil, ""
		}
		return fm
	}
	if fm == nil {
		fm = &markdown.FrontMatter{}
	}
	if p.Cover.Ref != nil && (fm.Cover == "" || changed && (old == nil || !cmp.Equal(old.Ref, p.Cover.Ref))) {
		fm.Cover = linker{x: x, from: np}.Href(p.Cover.Ref)
	}
	if p.Cover.Height != nil && (fm.CoverHeight == nil || changed && (old == nil || !cmp.Equal(old.Height, p.Cover.Height))) {
		h := *p.Cover.Height
		fm.CoverHeight = &h
	}
	if fm.CoverY == nil || changed && (old == nil || old.YPos != p.Cover.YPos) { // GitBook writes the two together
		y := p.Cover.YPos
		fm.CoverY = &y
	}
	return fm
}

func (x *exporter) printReusable() {
	for _, rc := range x.rev.ReusableContents {
		np := x.rcPath[rc.ID]
		doc := rc.Document
		if doc == nil {
			doc = &revision.Document{}
		}
		old := ""
		if rc.Git != nil {
			old = rc.Git.Path
		}
		if orig, ok := x.parsed[old]; ok && old == np && sameNodes(doc.Nodes, orig.page.Document.Nodes) && !x.movedRefs(doc.Nodes) {
			x.out[np] = orig.src
			continue
		}
		x.out[np] = markdown.Print(&markdown.Page{FrontMatter: titleFrontMatter(rc.Title), Document: doc}, x.printOptions(np))
	}
}

func titleFrontMatter(title string) *markdown.FrontMatter {
	n := &yaml.Node{Kind: yaml.MappingNode, Content: []*yaml.Node{
		{Kind: yaml.ScalarNode, Value: "title"}, {Kind: yaml.ScalarNode, Value: title},
	}}
	return &markdown.FrontMatter{Node: n}
}

// printSummary writes SUMMARY.md, keeping its bytes when the tree is the
// same as the one it describes.
func (x *exporter) printSummary() {
	title := "Table of contents"
	if x.curSummary != nil && x.curSummary.Title != "" {
		title = x.curSummary.Title
	}
	sum := &markdown.Summary{Title: title, Entries: x.summaryEntries(x.rev.Pages)}
	if x.curSummary != nil && summariesEqual(sum.Entries, x.curSummary.Entries) {
		x.out[x.cfg.Summary] = x.curSummaryBytes
		return
	}
	x.out[x.cfg.Summary] = markdown.PrintSummary(sum)
}

func (x *exporter) summaryEntries(pages []*revision.Page) []*markdown.SummaryEntry {
	var out []*markdown.SummaryEntry
	for _, p := range pages {
		e := &markdown.SummaryEntry{Title: p.Title, LinkTitle: p.LinkTitle}
		switch p.Type {
		case revision.PageGroup:
			e.Group = true
			if p.Slug != markdown.Slug(p.Title) {
				e.Anchor = p.Slug
			}
		case revision.PageComputed:
			e.Title, e.Computed = "", p.Computed
		case revision.PageLink:
			e.Target = p.Href
			if t := p.Target; t != nil && t.Kind == revision.RefAnchor && x.pagePath[t.Page] != "" {
				// A link to a section of a page: SUMMARY.md names its file.
				e.Target = x.rel(x.cfg.Summary, x.pagePath[t.Page]) + "#" + t.Anchor
			} else if e.Target == "" && t != nil {
				e.Target = t.URL
			}
		default:
			if np := x.pagePath[p.ID]; np != "" {
				if t, ok := x.summaryTargets[np]; ok {
					e.Target = t
				} else {
					e.Target = x.rel(x.cfg.Summary, np)
				}
			}
		}
		e.Children = x.summaryEntries(p.Pages)
		out = append(out, e)
	}
	return out
}

func summariesEqual(a, b []*markdown.SummaryEntry) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i].Title != b[i].Title || a[i].Target != b[i].Target || a[i].Group != b[i].Group ||
			a[i].LinkTitle != b[i].LinkTitle || a[i].Anchor != b[i].Anchor ||
			!bytes.Equal(a[i].Computed, b[i].Computed) || !summariesEqual(a[i].Children, b[i].Children) {
			return false
		}
	}
	return true
}

// walkRefs calls fn for every content reference in nodes.
func walkRefs(nodes []revision.Node, fn func(*revision.ContentRef)) {
	revision.WalkNodes(nodes, func(n revision.Node) {
		var refs []*revision.ContentRef
		switch n := n.(type) {
		case *revision.Block:
			refs = blockRefs(n.Data)
		case *revision.Inline:
			refs = inlineRefs(n.Data)
		}
		for _, r := range refs {
			if r != nil {
				fn(r)
			}
		}
	})
}

func blockRefs(d revision.BlockData) []*revision.ContentRef {
	switch d := d.(type) {
	case *revision.Image:
		return []*revision.ContentRef{d.Ref, d.RefDark}
	case *revision.ContentRefBlock:
		return []*revision.ContentRef{d.Ref}
	case *revision.FileBlock:
		return []*revision.ContentRef{d.Ref}
	case *revision.ReusableContentBlock:
		return []*revision.ContentRef{d.Ref}
	case *revision.Swagger:
		return []*revision.ContentRef{d.Ref}
	case *revision.Table:
		var out []*revision.ContentRef
		for _, r := range d.Records {
			for _, v := range r.Values {
				out = append(out, v.Ref)
			}
		}
		return out
	}
	return nil
}

func inlineRefs(d revision.InlineData) []*revision.ContentRef {
	switch d := d.(type) {
	case *revision.Link:
		return []*revision.ContentRef{d.Ref}
	case *revision.Mention:
		return []*revision.ContentRef{d.Ref}
	case *revision.InlineImage:
		return []*revision.ContentRef{d.Ref, d.RefDark}
	case *revision.Button:
		return []*revision.ContentRef{d.Ref}
	}
	return nil
}
