package markdown

import (
	"bytes"
	"encoding/json"
	"path"
	"reflect"
	"strings"
)

// Format returns the canonical form of a Markdown file of a GitBook project:
// a SUMMARY.md (by its name) or a page. Markdown is never invalid: Format
// returns something for any input, and its output is a fixed point.
//
// Format never changes what a file means: when the canonical form would
// read back to another document (a construct the printer cannot write
// faithfully yet), it returns src unchanged.
func Format(name string, src []byte) []byte {
	if strings.EqualFold(path.Base(strings.ReplaceAll(name, "\\", "/")), "SUMMARY.md") {
		return FormatSummary(name, src)
	}
	page, _ := Parse(src, ParseOptions{Path: name})
	out := Print(page, PrintOptions{})
	if bytes.Equal(out, src) {
		return out
	}
	again, _ := Parse(out, ParseOptions{Path: name})
	if !samePage(page, again) {
		return src
	}
	return out
}

// FormatSummary returns the canonical form of a table of contents whatever
// its name (.gitbook.yaml's structure.summary may name another file), or
// src when the canonical form would read back to another tree.
func FormatSummary(name string, src []byte) []byte {
	sum, _ := ParseSummary(src, name)
	out := PrintSummary(sum)
	if bytes.Equal(out, src) {
		return out
	}
	again, _ := ParseSummary(out, name)
	// The "# " title is decoration (an absent one gains GitBook's).
	if !sameEntries(sum.Entries, again.Entries) {
		return src
	}
	return out
}

// samePage reports whether two parses of a page say the same: title,
// front matter fields and document.
func samePage(a, b *Page) bool {
	if a.Title != b.Title || (a.FrontMatter == nil) != (b.FrontMatter == nil) {
		return false
	}
	if a.FrontMatter != nil && !sameFrontMatter(a.FrontMatter, b.FrontMatter) {
		return false
	}
	ja, errA := json.Marshal(a.Document)
	jb, errB := json.Marshal(b.Document)
	return errA == nil && errB == nil && bytes.Equal(ja, jb)
}

func sameFrontMatter(a, b *FrontMatter) bool {
	x, y := *a, *b
	x.Node, y.Node, x.Source, y.Source = nil, nil, "", ""
	return reflect.DeepEqual(x, y) && unknownKeys(a.Node) == unknownKeys(b.Node)
}

// sameEntries compares two tables of contents, lines aside.
func sameEntries(a, b []*SummaryEntry) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		x, y := *a[i], *b[i]
		x.Line, y.Line, x.Children, y.Children = 0, 0, nil, nil
		if !reflect.DeepEqual(x, y) || !sameEntries(a[i].Children, b[i].Children) {
			return false
		}
	}
	return true
}
