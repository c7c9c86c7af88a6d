package space

import (
	"errors"
	"io"
	"io/fs"
	"path"
	"sort"
	"strings"

	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/object"
	"github.com/seed1bfafebe/gitsync/revision"
	"github.com/seed1bfafebe/gitsync/syncengine"
)

// minSimilarity is how alike (0-100, Git's rename threshold) a deleted and
// an added page file must be for the added one to keep the deleted one's id.
const minSimilarity = 50

// maxSimilarityPairs bounds the content comparisons of one import.
const maxSimilarityPairs = 2500

// previous builds the revision skeleton that carries the space's ids into
// syncengine.Import (ImportOptions.Previous): pages, files, reusable
// contents, groups and links with their ids, paths and blobs, and no
// documents. Page files that were deleted while a similar file was added
// hand their id to the added file (content similarity; syncengine handles
// moves of identical blobs itself), and the original path of a moved id is
// reserved, so a new page there never takes an id another page keeps.
func previous(st *State, repo *git.Repository, tree *object.Tree, projectDir string) *revision.Revision {
	rev := &revision.Revision{ID: st.RevisionID}
	if len(st.Pages) == 0 && len(st.Files) == 0 && len(st.Groups) == 0 && len(st.Links) == 0 {
		return rev
	}
	root := contentRoot(tree, projectDir)
	fsys := syncengine.TreeFS(tree)
	exists := func(p string) bool {
		_, err := fs.Stat(fsys, joinPath(root, p))
		return err == nil
	}
	pages := map[string]Entry{}
	var gone []string
	for p, e := range st.Pages {
		pages[p] = e
		if !exists(p) {
			gone = append(gone, p)
		}
	}
	sort.Strings(gone)
	if len(gone) > 0 {
		for oldPath, newPath := range renames(repo, fsys, root, st.Pages, gone) {
			e := pages[oldPath]
			delete(pages, oldPath)
			pages[newPath] = e
		}
	}
	// Reserve the paths moved ids came from.
	held := map[string]bool{}
	for _, e := range pages {
		held[e.ID] = true
	}
	for p, e := range pages {
		if e.Origin == "" || e.Origin == p {
			continue
		}
		if _, taken := pages[e.Origin]; taken {
			continue
		}
		id := revision.NewID(projectDir, "page", e.Origin)
		for n := 0; held[id]; n++ {
			id = revision.NewID(projectDir, "page", e.Origin, "space", string(rune('a'+n%26)), e.ID)
		}
		held[id] = true
		pages[e.Origin] = Entry{ID: id, Origin: e.Origin}
	}
	for _, p := range sortedKeys(pages) {
		e := pages[p]
		rev.Pages = append(rev.Pages, &revision.Page{Type: revision.PageDocument, ID: e.ID, Git: &revision.GitBlob{OID: e.Blob, Path: p}})
	}
	for _, g := range st.Groups {
		rev.Pages = append(rev.Pages, &revision.Page{Type: revision.PageGroup, ID: g.ID, Title: g.Title})
	}
	for _, l := range st.Links {
		rev.Pages = append(rev.Pages, &revision.Page{Type: revision.PageLink, ID: l.ID, Title: l.Title, Target: revision.URLRef(l.URL)})
	}
	for _, p := range sortedKeys(st.Files) {
		rev.Files = append(rev.Files, &revision.File{ID: st.Files[p].ID, Git: &revision.GitBlob{OID: st.Files[p].Blob, Path: p}})
	}
	for _, p := range sortedKeys(st.Reusables) {
		rev.ReusableContents = append(rev.ReusableContents, &revision.ReusableContent{ID: st.Reusables[p].ID, Git: &revision.GitBlob{OID: st.Reusables[p].Blob, Path: p}})
	}
	return rev
}

// renames pairs deleted page files with added ones whose content is
// similar: old path -> new path. Identical blobs are left to syncengine.
func renames(repo *git.Repository, fsys fs.FS, root string, old map[string]Entry, gone []string) map[string]string {
	oldBlobs := map[string]bool{}
	for _, e := range old {
		oldBlobs[e.Blob] = true
	}
	var added []string
	_ = fs.WalkDir(fsys, dirOrDot(root), func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return nil
		}
		if d.IsDir() && (strings.HasPrefix(d.Name(), ".") && p != dirOrDot(root) || d.Name() == "node_modules") {
			return fs.SkipDir
		}
		if !d.Type().IsRegular() || !strings.EqualFold(path.Ext(p), ".md") {
			return nil
		}
		rel := strings.TrimPrefix(strings.TrimPrefix(p, root), "/")
		if _, known := old[rel]; known {
			return nil
		}
		if h, ok := syncengine.BlobID(fsys, p); ok && oldBlobs[h.String()] {
			return nil // a pure move: syncengine keeps its id by blob
		}
		added = append(added, rel)
		return nil
	})
	if len(added) == 0 || len(added)*len(gone) > maxSimilarityPairs {
		return nil
	}
	type pair struct {
		from, to string
		score    int
	}
	var pairs []pair
	newLines := map[string]map[string]int{}
	for _, a := range added {
		data, err := fs.ReadFile(fsys, joinPath(root, a))
		if err == nil {
			newLines[a] = lineSet(data)
		}
	}
	for _, g := range gone {
		data, ok := readBlob(repo, old[g].Blob)
		if !ok {
			continue
		}
		ol := lineSet(data)
		for _, a := range added {
			if nl, ok := newLines[a]; ok {
				if s := similarity(ol, nl); s >= minSimilarity {
					pairs = append(pairs, pair{g, a, s})
				}
			}
		}
	}
	sort.Slice(pairs, func(i, j int) bool {
		if pairs[i].score != pairs[j].score {
			return pairs[i].score > pairs[j].score
		}
		if pairs[i].from != pairs[j].from {
			return pairs[i].from < pairs[j].from
		}
		return pairs[i].to < pairs[j].to
	})
	out := map[string]string{}
	taken := map[string]bool{}
	for _, p := range pairs {
		if _, done := out[p.from]; done || taken[p.to] {
			continue
		}
		out[p.from] = p.to
		taken[p.to] = true
	}
	return out
}

func readBlob(repo *git.Repository, oid string) ([]byte, bool) {
	if repo == nil || oid == "" {
		return nil, false
	}
	b, err := repo.BlobObject(plumbing.NewHash(oid))
	if err != nil {
		return nil, false
	}
	r, err := b.Reader()
	if err != nil {
		return nil, false
	}
	defer r.Close()
	data, err := io.ReadAll(io.LimitReader(r, 4<<20))
	return data, err == nil
}

// lineSet counts the non-blank lines of data.
func lineSet(data []byte) map[string]int {
	m := map[string]int{}
	for _, l := range strings.Split(string(data), "\n") {
		if l = strings.TrimSpace(l); l != "" {
			m[l]++
		}
	}
	return m
}

// similarity is the share (0-100) of lines two files have in common,
// against the larger one.
func similarity(a, b map[string]int) int {
	na, nb, common := 0, 0, 0
	for l, n := range a {
		na += n
		common += min(n, b[l])
	}
	for _, n := range b {
		nb += n
	}
	if max(na, nb) == 0 {
		return 100
	}
	return common * 100 / max(na, nb)
}

// contentRoot is the content root of the project in tree ("" when the
// configuration cannot be read: the import will report it).
func contentRoot(tree *object.Tree, projectDir string) string {
	fsys := syncengine.TreeFS(tree)
	cfgPath := joinPath(projectDir, ".gitbook.yaml")
	data, err := fs.ReadFile(fsys, cfgPath)
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return projectDir
	}
	cfg, _, err := syncengine.ParseConfig(cfgPath, data)
	if err != nil {
		return projectDir
	}
	root, err := syncengine.ResolveRoot(projectDir, cfg)
	if err != nil {
		return projectDir
	}
	return root
}

// record stores the ids of rev in st: path -> id and blob of pages, files
// and reusable contents, groups and links in tree order. old is the state's
// page map before the import, for the paths moved ids came from.
func record(st *State, rev *revision.Revision, old map[string]Entry) {
	origin := map[string]string{}
	for p, e := range old {
		o := e.Origin
		if o == "" {
			o = p
		}
		origin[e.ID] = o
	}
	st.Pages, st.Files, st.Reusables = map[string]Entry{}, map[string]Entry{}, map[string]Entry{}
	st.Groups, st.Links = nil, nil
	revision.Walk(rev.Pages, func(p, _ *revision.Page) bool {
		switch {
		case p.Type == revision.PageDocument && p.Git != nil && p.Git.Path != "":
			if _, dup := st.Pages[p.Git.Path]; dup {
				return true
			}
			e := Entry{ID: p.ID, Blob: p.Git.OID}
			if o, ok := origin[p.ID]; ok && o != p.Git.Path {
				e.Origin = o // a moved page: its id was made for o
			}
			st.Pages[p.Git.Path] = e
		case p.Type == revision.PageGroup:
			st.Groups = append(st.Groups, Named{ID: p.ID, Title: p.Title})
		case p.Type == revision.PageLink && p.Target != nil:
			st.Links = append(st.Links, Named{ID: p.ID, Title: p.Title, URL: p.Target.URL})
		}
		return true
	})
	for _, f := range rev.Files {
		if f.Git != nil {
			st.Files[f.Git.Path] = Entry{ID: f.ID, Blob: f.Git.OID}
		}
	}
	for _, rc := range rev.ReusableContents {
		if rc.Git != nil {
			st.Reusables[rc.Git.Path] = Entry{ID: rc.ID, Blob: rc.Git.OID}
		}
	}
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

func joinPath(dir, p string) string {
	if dir == "" {
		return p
	}
	if p == "" {
		return dir
	}
	return dir + "/" + p
}

func dirOrDot(p string) string {
	if p == "" {
		return "."
	}
	return p
}
