package markdown

import (
	"path"
	"strings"
)

// Format returns the canonical form of a Markdown file of a GitBook project:
// a SUMMARY.md (by its name) or a page. Markdown is never invalid: Format
// returns something for any input, and its output is a fixed point.
func Format(name string, src []byte) []byte {
	if strings.EqualFold(path.Base(strings.ReplaceAll(name, "\\", "/")), "SUMMARY.md") {
		return FormatSummary(name, src)
	}
	page, _ := Parse(src, ParseOptions{Path: name})
	return Print(page, PrintOptions{})
}

// FormatSummary returns the canonical form of a table of contents whatever
// its name (.gitbook.yaml's structure.summary may name another file).
func FormatSummary(name string, src []byte) []byte {
	sum, _ := ParseSummary(src, name)
	return PrintSummary(sum)
}
