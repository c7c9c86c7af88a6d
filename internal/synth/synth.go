// Package synth generates synthetic GitBook repositories for benchmarks: a
// .gitbook.yaml, a SUMMARY.md of groups with pages nested three levels deep,
// pages with front matter, links between them, images of shared assets, and
// a mix of blocks close to the one measured on the corpus of real GitBook
// repositories (see mix_test.go). The output is a pure function of the
// options: the same seed gives the same bytes, and page i depends only on
// the seed, i and the page count, so editing one page leaves the others.
package synth

import (
	"fmt"
	"math/rand/v2"
	"path"
	"strings"
	"testing/fstest"
)

// Options choose the project Generate writes.
type Options struct {
	// Pages is the number of pages, README.md included (at least 1).
	Pages int
	// Seed makes another, equally deterministic project.
	Seed uint64
	// Assets is the number of image files under .gitbook/assets; 0 means
	// one for every ten pages (at least one).
	Assets int
}

// Root is the content root the generated .gitbook.yaml names: every page,
// SUMMARY.md and the assets live under it.
const Root = "docs"

// Project is a generated repository: its files by slash path and the
// repository path of each page (Pages[0] is the README).
type Project struct {
	Files fstest.MapFS
	Pages []string
}

// Bytes is the total size of the project's files.
func (p *Project) Bytes() int64 {
	var n int64
	for _, f := range p.Files {
		n += int64(len(f.Data))
	}
	return n
}

// EditPage returns a copy of p's files in which page i has one more
// paragraph (a one-page commit), and the path of that page. Only the map is
// copied; file contents are shared.
func (p *Project) EditPage(i int, text string) (fstest.MapFS, string) {
	out := make(fstest.MapFS, len(p.Files))
	for k, v := range p.Files {
		out[k] = v
	}
	name := p.Pages[i%len(p.Pages)]
	data := append([]byte(nil), p.Files[name].Data...)
	data = append(data, "\n"+text+"\n"...)
	out[name] = &fstest.MapFile{Data: data}
	return out, name
}

// node is a page in the table of contents.
type node struct {
	index    int
	path     string // content-root relative
	title    string
	children []*node
}

// Generate returns the project opts describe.
func Generate(opts Options) *Project {
	n := max(opts.Pages, 1)
	assets := opts.Assets
	if assets <= 0 {
		assets = max(n/10, 1)
	}
	tocRNG := rand.New(rand.NewPCG(opts.Seed, 0x70c))
	files := fstest.MapFS{}
	files[".gitbook.yaml"] = &fstest.MapFile{Data: []byte("root: ./" + Root + "/\n\nstructure:\n  readme: README.md\n  summary: SUMMARY.md\n")}

	// The table of contents: groups of level-1 pages, each with children
	// and grandchildren.
	readme := &node{index: 0, path: "README.md", title: "Introduction"}
	all := []*node{readme}
	type group struct {
		title string
		pages []*node
	}
	var groups []*group
	var last1, last2 *node
	for i := 1; i < n; i++ {
		if len(groups) == 0 || tocRNG.IntN(40) == 0 {
			groups = append(groups, &group{title: fmt.Sprintf("Group %d: %s", len(groups)+1, title(tocRNG, 2))})
			last1, last2 = nil, nil
		}
		g := groups[len(groups)-1]
		pg := &node{index: i, title: fmt.Sprintf("Page %d %s", i, title(tocRNG, 3))}
		slug := fmt.Sprintf("page-%d", i)
		switch level := tocRNG.IntN(20); {
		case level >= 15 && last2 != nil: // level 3
			pg.path = strings.TrimSuffix(last2.path, ".md") + "/" + slug + ".md"
			last2.children = append(last2.children, pg)
		case level >= 8 && last1 != nil: // level 2
			pg.path = strings.TrimSuffix(last1.path, ".md") + "/" + slug + ".md"
			last1.children = append(last1.children, pg)
			last2 = pg
		default:
			pg.path = fmt.Sprintf("group-%d/%s.md", len(groups), slug)
			g.pages = append(g.pages, pg)
			last1, last2 = pg, nil
		}
		all = append(all, pg)
	}

	var toc strings.Builder
	toc.WriteString("# Table of contents\n\n")
	fmt.Fprintf(&toc, "* [%s](%s)\n", readme.title, readme.path)
	var list func(ns []*node, depth int)
	list = func(ns []*node, depth int) {
		for _, c := range ns {
			fmt.Fprintf(&toc, "%s* [%s](%s)\n", strings.Repeat("  ", depth), c.title, c.path)
			list(c.children, depth+1)
		}
	}
	for _, g := range groups {
		fmt.Fprintf(&toc, "\n## %s\n\n", g.title)
		list(g.pages, 0)
	}
	files[Root+"/SUMMARY.md"] = &fstest.MapFile{Data: []byte(toc.String())}

	assetPaths := make([]string, assets)
	for a := range assets {
		assetPaths[a] = fmt.Sprintf(".gitbook/assets/image-%d.png", a)
		files[Root+"/"+assetPaths[a]] = &fstest.MapFile{Data: asset(opts.Seed, a)}
	}

	p := &Project{Files: files, Pages: make([]string, len(all))}
	for _, pg := range all {
		w := &pageWriter{
			rng:    rand.New(rand.NewPCG(opts.Seed, uint64(pg.index)+1)),
			dir:    path.Dir(pg.path),
			pages:  all,
			assets: assetPaths,
		}
		files[Root+"/"+pg.path] = &fstest.MapFile{Data: w.page(pg)}
		p.Pages[pg.index] = Root + "/" + pg.path
	}
	return p
}

// asset is a small image-like file: a PNG signature and deterministic bytes.
func asset(seed uint64, i int) []byte {
	rng := rand.New(rand.NewPCG(seed, 0xa55e7+uint64(i)))
	data := []byte("\x89PNG\r\n\x1a\n")
	for range 512 + rng.IntN(3072) {
		data = append(data, byte(rng.Uint32()))
	}
	return data
}

// rel is the relative link from a file in folder dir to the
// content-root-relative path to.
func rel(dir, to string) string {
	if dir == "." {
		return to
	}
	from := strings.Split(dir, "/")
	tgt := strings.Split(to, "/")
	i := 0
	for i < len(from) && i < len(tgt)-1 && from[i] == tgt[i] {
		i++
	}
	return strings.Repeat("../", len(from)-i) + strings.Join(tgt[i:], "/")
}
