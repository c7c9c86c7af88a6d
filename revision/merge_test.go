package revision

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// Fixtures: pages whose documents are paragraphs given as strings. "# x" is
// a heading, "- a|b" a bulleted list of items a and b, "@k:text" a paragraph
// with key k.

func mkBlock(s string) Node {
	switch {
	case strings.HasPrefix(s, "# "):
		return NewBlock(&Heading{Level: 1}, NewText(s[2:]))
	case strings.HasPrefix(s, "- "):
		var items []Node
		for _, it := range strings.Split(s[2:], "|") {
			items = append(items, NewBlock(&ListItem{}, NewBlock(&Paragraph{}, NewText(it))))
		}
		return NewBlock(&ListUnordered{}, items...)
	case strings.HasPrefix(s, "@"):
		k, text, _ := strings.Cut(s[1:], ":")
		b := NewBlock(&Paragraph{}, NewText(text))
		b.Key = k
		return b
	}
	return NewBlock(&Paragraph{}, NewText(s))
}

func mkPage(id, title string, blocks ...string) *Page {
	var nodes []Node
	for _, b := range blocks {
		nodes = append(nodes, mkBlock(b))
	}
	return &Page{Type: PageDocument, ID: id, Title: title, Slug: id, Path: id,
		Git: &GitBlob{OID: "oid-" + id, Path: id + ".md"}, Document: &Document{Nodes: nodes}}
}

func mkRev(id string, pages ...*Page) *Revision { return &Revision{ID: id, Pages: pages} }

// texts lists the blocks of a page as the fixtures write them.
func texts(p *Page) []string {
	var out []string
	for _, n := range p.Document.Nodes {
		b, ok := n.(*Block)
		if !ok {
			out = append(out, "?")
			continue
		}
		switch b.Data.(type) {
		case *Heading:
			out = append(out, "# "+PlainText(b))
		case *ListUnordered:
			var items []string
			for _, it := range b.Nodes {
				items = append(items, PlainText(it))
			}
			out = append(out, "- "+strings.Join(items, "|"))
		default:
			out = append(out, PlainText(b))
		}
	}
	return out
}

func findPage(pages []*Page, id string) *Page {
	var found *Page
	Walk(pages, func(p, _ *Page) bool {
		if p.ID == id {
			found = p
		}
		return found == nil
	})
	return found
}

func TestMergeDocument(t *testing.T) {
	base := []string{"# Intro", "The quick brown fox jumps over the lazy dog.", "Second paragraph here.", "- one|two|three", "Closing words of the page."}
	tests := []struct {
		name         string
		ours, theirs []string
		want         []string // nil: a conflict
	}{
		{"disjoint blocks",
			[]string{"# Intro", "The quick brown fox jumps over the lazy dog.", "Second paragraph, edited by us.", "- one|two|three", "Closing words of the page."},
			[]string{"# Introduction", "The quick brown fox jumps over the lazy dog.", "Second paragraph here.", "- one|two|three", "Closing words of the page, by them."},
			[]string{"# Introduction", "The quick brown fox jumps over the lazy dog.", "Second paragraph, edited by us.", "- one|two|three", "Closing words of the page, by them."}},
		{"same paragraph, different words",
			[]string{"# Intro", "The quick red fox jumps over the lazy dog.", "Second paragraph here.", "- one|two|three", "Closing words of the page."},
			[]string{"# Intro", "The quick brown fox jumps over the sleepy dog.", "Second paragraph here.", "- one|two|three", "Closing words of the page."},
			[]string{"# Intro", "The quick red fox jumps over the sleepy dog.", "Second paragraph here.", "- one|two|three", "Closing words of the page."}},
		{"same words",
			[]string{"# Intro", "The quick red fox jumps over the lazy dog.", "Second paragraph here.", "- one|two|three", "Closing words of the page."},
			[]string{"# Intro", "The quick grey fox jumps over the lazy dog.", "Second paragraph here.", "- one|two|three", "Closing words of the page."},
			nil},
		{"adjacent edits of different blocks",
			[]string{"# Intro", "The quick brown fox jumps over the lazy cat.", "Second paragraph here.", "- one|two|three", "Closing words of the page."},
			[]string{"# Intro", "The quick brown fox jumps over the lazy dog.", "Second paragraph there.", "- one|two|three", "Closing words of the page."},
			[]string{"# Intro", "The quick brown fox jumps over the lazy cat.", "Second paragraph there.", "- one|two|three", "Closing words of the page."}},
		{"insert and delete",
			[]string{"# Intro", "A new first paragraph from us.", "The quick brown fox jumps over the lazy dog.", "Second paragraph here.", "- one|two|three", "Closing words of the page."},
			[]string{"# Intro", "The quick brown fox jumps over the lazy dog.", "- one|two|three", "Closing words of the page."},
			[]string{"# Intro", "A new first paragraph from us.", "The quick brown fox jumps over the lazy dog.", "- one|two|three", "Closing words of the page."}},
		{"list items on both sides",
			[]string{"# Intro", "The quick brown fox jumps over the lazy dog.", "Second paragraph here.", "- one ours|two|three", "Closing words of the page."},
			[]string{"# Intro", "The quick brown fox jumps over the lazy dog.", "Second paragraph here.", "- one|two|three|four", "Closing words of the page."},
			[]string{"# Intro", "The quick brown fox jumps over the lazy dog.", "Second paragraph here.", "- one ours|two|three|four", "Closing words of the page."}},
		{"both insert at one place",
			[]string{"# Intro", "Ours goes here.", "The quick brown fox jumps over the lazy dog.", "Second paragraph here.", "- one|two|three", "Closing words of the page."},
			[]string{"# Intro", "Theirs goes here.", "The quick brown fox jumps over the lazy dog.", "Second paragraph here.", "- one|two|three", "Closing words of the page."},
			nil},
		{"same change on both sides",
			[]string{"# Intro", "The quick brown fox jumps over the lazy dog!", "Second paragraph here.", "- one|two|three", "Closing words of the page."},
			[]string{"# Intro", "The quick brown fox jumps over the lazy dog!", "Second paragraph here.", "- one|two|three", "Closing words of the page."},
			[]string{"# Intro", "The quick brown fox jumps over the lazy dog!", "Second paragraph here.", "- one|two|three", "Closing words of the page."}},
		{"delete against edit",
			[]string{"# Intro", "Second paragraph here.", "- one|two|three", "Closing words of the page."},
			[]string{"# Intro", "The quick brown fox jumps over the lazy dog, edited.", "Second paragraph here.", "- one|two|three", "Closing words of the page."},
			nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			res := Merge(mkRev("b", mkPage("p", "Page", base...)), mkRev("o", mkPage("p", "Page", tc.ours...)),
				mkRev("t", mkPage("p", "Page", tc.theirs...)))
			if tc.want == nil {
				if res.Clean() {
					t.Fatal("merge is clean, want a conflict")
				}
				if _, err := res.Revision(); !errors.Is(err, ErrUnresolved) {
					t.Fatalf("Revision with conflicts: err %v, want ErrUnresolved", err)
				}
				for _, c := range res.Conflicts {
					if c.Page != "p" || c.Kind != ConflictBlocks || c.Block == "" {
						t.Errorf("conflict does not name the page and block: %+v", c)
					}
				}
				// Resolving with ours gives ours, with theirs theirs.
				for _, side := range []struct {
					take func(*Conflict)
					want []string
				}{{(*Conflict).TakeOurs, tc.ours}, {(*Conflict).TakeTheirs, tc.theirs}} {
					for _, c := range res.Conflicts {
						side.take(c)
					}
					rev, err := res.Revision()
					if err != nil {
						t.Fatal(err)
					}
					if d := cmp.Diff(side.want, texts(rev.Pages[0])); d != "" {
						t.Errorf("resolved (-want +got):\n%s", d)
					}
				}
				return
			}
			if !res.Clean() {
				t.Fatalf("conflicts: %s", conflictJSON(t, res.Conflicts))
			}
			rev, err := res.Revision()
			if err != nil {
				t.Fatal(err)
			}
			if d := cmp.Diff(tc.want, texts(rev.Pages[0])); d != "" {
				t.Errorf("merged (-want +got):\n%s", d)
			}
		})
	}
}

func conflictJSON(t *testing.T, cs []*Conflict) string {
	t.Helper()
	b, err := json.MarshalIndent(cs, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestMergeConflictReplace(t *testing.T) {
	res := Merge(mkRev("b", mkPage("p", "Page", "Hello world.")), mkRev("o", mkPage("p", "Page", "Hello there.")),
		mkRev("t", mkPage("p", "Page", "Hello you.")))
	if len(res.Conflicts) != 1 {
		t.Fatalf("%d conflicts, want 1", len(res.Conflicts))
	}
	c := res.Conflicts[0]
	if got := PlainText(c.Ours.Nodes...) + "/" + PlainText(c.Theirs.Nodes...) + "/" + PlainText(c.Base.Nodes...); got != "Hello there./Hello you./Hello world." {
		t.Errorf("versions %q", got)
	}
	js := conflictJSON(t, res.Conflicts)
	for _, want := range []string{`"kind": "blocks"`, `"page": "p"`, `"block": "/0"`, `Hello there.`, `Hello you.`} {
		if !strings.Contains(js, want) {
			t.Errorf("conflict JSON lacks %s:\n%s", want, js)
		}
	}
	var back []struct {
		Ours Version `json:"ours"`
	}
	if err := json.Unmarshal([]byte(js), &back); err != nil || PlainText(back[0].Ours.Nodes...) != "Hello there." {
		t.Errorf("decoding the conflict back: %v %+v", err, back)
	}
	c.Replace(Version{Nodes: []Node{mkBlock("Hello both.")}})
	rev, err := res.Revision()
	if err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff([]string{"Hello both."}, texts(rev.Pages[0])); d != "" {
		t.Error(d)
	}
}

func TestMergeKeys(t *testing.T) {
	// With keys, blocks match whatever their text: both rewrote block a
	// entirely (a conflict only on a), and ours rewrote b entirely.
	res := Merge(mkRev("b", mkPage("p", "P", "@a:one two", "@b:three four", "@c:five six")),
		mkRev("o", mkPage("p", "P", "@a:alpha", "@b:gamma delta", "@c:five six")),
		mkRev("t", mkPage("p", "P", "@a:beta", "@b:three four", "@c:five six seven")))
	if len(res.Conflicts) != 1 || res.Conflicts[0].BlockKey != "a" {
		t.Fatalf("conflicts: %s", conflictJSON(t, res.Conflicts))
	}
	res.Conflicts[0].TakeTheirs()
	rev, err := res.Revision()
	if err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff([]string{"beta", "gamma delta", "five six seven"}, texts(rev.Pages[0])); d != "" {
		t.Error(d)
	}
}

func TestMergeInlines(t *testing.T) {
	link := func(url, text string) Node { return NewInline(&Link{Ref: URLRef(url)}, NewText(text)) }
	para := func(ns ...Node) *Page {
		p := mkPage("p", "P")
		p.Document.Nodes = []Node{NewBlock(&Paragraph{}, ns...)}
		return p
	}
	base := para(NewText("See "), link("https://a", "the guide"), NewText(" for details about setup."))
	ours := para(NewText("See "), link("https://a", "the new guide"), NewText(" for details about setup."))
	theirs := para(NewText("See "), link("https://a", "the guide"), NewText(" for details about "), &Text{Leaves: []Leaf{{Text: "installation", Marks: []Mark{{Type: MarkBold}}}}}, NewText("."))
	res := Merge(mkRev("b", base), mkRev("o", ours), mkRev("t", theirs))
	if !res.Clean() {
		t.Fatalf("conflicts: %s", conflictJSON(t, res.Conflicts))
	}
	rev, _ := res.Revision()
	want := para(NewText("See "), link("https://a", "the new guide"), &Text{Leaves: []Leaf{{Text: " for details about "}, {Text: "installation", Marks: []Mark{{Type: MarkBold}}}, {Text: "."}}})
	got, _ := json.Marshal(rev.Pages[0].Document)
	wantJSON, _ := json.Marshal(want.Document)
	if d := cmp.Diff(string(wantJSON), string(got)); d != "" {
		t.Error(d)
	}
}

func TestMergePages(t *testing.T) {
	base := mkRev("b", mkPage("a", "A", "Alpha text."), mkPage("b", "B", "Beta text."), mkPage("c", "C", "Gamma text."))
	t.Run("tree", func(t *testing.T) {
		ours := mkRev("o", mkPage("a", "A renamed", "Alpha text."), mkPage("c", "C", "Gamma text."), mkPage("n", "New ours", "Fresh."))
		// Theirs edits a, moves c under it, adds m; leaves b alone.
		a := mkPage("a", "A", "Alpha text, edited.")
		a.Pages = []*Page{mkPage("c", "C", "Gamma text.")}
		theirs := mkRev("t", a, mkPage("b", "B", "Beta text."), mkPage("m", "New theirs", "Other."))
		res := Merge(base, ours, theirs)
		if !res.Clean() {
			t.Fatalf("conflicts: %s", conflictJSON(t, res.Conflicts))
		}
		rev, _ := res.Revision()
		var got []string
		Walk(rev.Pages, func(p, parent *Page) bool {
			s := p.ID + ":" + p.Title + ":" + strings.Join(texts(p), ",")
			if parent != nil {
				s = parent.ID + ">" + s
			}
			got = append(got, s)
			return true
		})
		// b: ours deleted it, theirs left it alone: deleted.
		want := []string{"a:A renamed:Alpha text, edited.", "a>c:C:Gamma text.", "m:New theirs:Other.", "n:New ours:Fresh."}
		if d := cmp.Diff(want, got); d != "" {
			t.Errorf("(-want +got):\n%s", d)
		}
		if got := findPage(rev.Pages, "a").Git.OID; got != "" {
			t.Errorf("a page both changed keeps blob id %q", got)
		}
		if got := findPage(rev.Pages, "c").Git.OID; got != "oid-c" {
			t.Errorf("an unchanged page has blob id %q", got)
		}
	})
	t.Run("conflicts", func(t *testing.T) {
		ours := mkRev("o", mkPage("a", "A by us", "Alpha text."), mkPage("c", "C", "Gamma text."))
		b := mkPage("b", "B", "Beta text, changed.")
		theirs := mkRev("t", mkPage("a", "A by them", "Alpha text."), b, mkPage("c", "C", "Gamma text."))
		res := Merge(base, ours, theirs)
		var kinds []string
		for _, c := range res.Conflicts {
			kinds = append(kinds, string(c.Kind)+":"+c.Page+":"+c.Field)
		}
		if d := cmp.Diff([]string{"page-field:a:title", "page-deleted:b:"}, kinds); d != "" {
			t.Fatalf("(-want +got):\n%s", d)
		}
		res.Conflicts[0].TakeTheirs()
		res.Conflicts[1].TakeTheirs()
		rev, err := res.Revision()
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, p := range rev.Pages {
			got = append(got, p.Title)
		}
		if d := cmp.Diff([]string{"A by them", "B", "C"}, got); d != "" {
			t.Errorf("kept page not at its place (-want +got):\n%s", d)
		}
		res.Conflicts[1].TakeOurs()
		if rev, _ = res.Revision(); len(rev.Pages) != 2 {
			t.Errorf("deleting: %d pages", len(rev.Pages))
		}
	})
	t.Run("renamed file", func(t *testing.T) {
		// An import gives a renamed file's page a new id: it is matched by
		// its document and both sides' changes combine.
		ours := mkRev("o", mkPage("a", "A", "Alpha text."), mkPage("b2", "B", "Beta text."), mkPage("c", "C", "Gamma text."))
		theirs := mkRev("t", mkPage("a", "A", "Alpha text."), mkPage("b", "B retitled", "Beta text."), mkPage("c", "C", "Gamma text."))
		res := Merge(base, ours, theirs)
		if !res.Clean() {
			t.Fatalf("conflicts: %s", conflictJSON(t, res.Conflicts))
		}
		rev, _ := res.Revision()
		p := rev.Pages[1]
		if p.ID != "b2" || p.Title != "B retitled" || p.Git.Path != "b2.md" || len(rev.Pages) != 3 {
			t.Errorf("got %s %q %s, %d pages", p.ID, p.Title, p.Git.Path, len(rev.Pages))
		}
	})
	t.Run("moves", func(t *testing.T) {
		a1, b1 := mkPage("a", "A", "Alpha text."), mkPage("b", "B", "Beta text.")
		a1.Pages = []*Page{mkPage("b", "B", "Beta text.")}
		b1.Pages = []*Page{mkPage("a", "A", "Alpha text.")}
		// Ours puts b under a, theirs a under b: a cycle, both stay.
		res := Merge(mkRev("b", mkPage("a", "A", "Alpha text."), mkPage("b", "B", "Beta text.")), mkRev("o", a1), mkRev("t", b1))
		rev, err := res.Revision()
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		Walk(rev.Pages, func(*Page, *Page) bool { n++; return true })
		if n != 2 {
			t.Errorf("%d pages after a cycle of moves, want 2", n)
		}
	})
}

func TestMergeFiles(t *testing.T) {
	f := func(id, name string, size int64) *File { return &File{ID: id, Name: name, Size: size} }
	base := &Revision{Files: []*File{f("x", "x.png", 1), f("y", "y.png", 1)}}
	ours := &Revision{Files: []*File{f("x", "x.png", 2), f("y", "y.png", 1), f("z", "z.png", 1)}}
	theirs := &Revision{Files: []*File{f("x", "x.png", 3), f("w", "w.png", 1)}}
	res := Merge(base, ours, theirs)
	if len(res.Conflicts) != 1 || res.Conflicts[0].Kind != ConflictFile || res.Conflicts[0].Page != "x" {
		t.Fatalf("conflicts: %s", conflictJSON(t, res.Conflicts))
	}
	res.Conflicts[0].TakeTheirs()
	rev, _ := res.Revision()
	var got []string
	for _, f := range rev.Files {
		got = append(got, f.Name)
	}
	if d := cmp.Diff([]string{"x.png", "z.png", "w.png"}, got); d != "" {
		t.Error(d)
	}
	if rev.Files[0].Size != 3 {
		t.Errorf("resolved file size %d", rev.Files[0].Size)
	}
}
