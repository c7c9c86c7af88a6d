package syncengine

import (
	"github.com/seed1bfafebe/gitsync/markdown"
	"gopkg.in/yaml.v3"
)

// Limits bound what a repository can make the engine read, so that a
// repository built to be hostile costs bounded time and memory. Zero fields
// take the defaults, which let every real repository of the test corpus
// through with a wide margin.
//
// Every limit but nesting is an error when exceeded: a *LimitError naming
// it (errors.Is(err, ErrLimit) holds), and the import stops. Nesting is a
// warning: the content is kept, as text.
//
//	Limit           Field           Default    Name in LimitError    Exceeded
//	file size       FileSize        32 MiB     LimitFileSize         error
//	.gitbook.yaml   (fixed)         1 MiB      LimitConfigSize       error
//	pages           Pages           20,000     LimitPages            error
//	SUMMARY entries SummaryEntries  50,000     LimitSummaryEntries   error
//	total bytes     TotalBytes      512 MiB    LimitTotalBytes       error
//	YAML aliases    YAMLAliases     100        LimitYAMLAliases      error
//	nesting depth   Nesting         64         (warning "limit")     warning
//
// Includes do not nest: a reusable content is parsed once, and the
// {% include %} blocks in it are references, not expanded.
type Limits struct {
	// FileSize is the largest file read, in bytes (default 32 MiB).
	FileSize int64
	// Pages is the largest number of pages (default 20,000).
	Pages int
	// SummaryEntries is the largest number of entries (pages, groups and
	// links, at every level) of SUMMARY.md (default 50,000).
	SummaryEntries int
	// TotalBytes is the most page and include bytes parsed in one import
	// (default 512 MiB).
	TotalBytes int64
	// YAMLAliases is the most aliases (*name) in one YAML document: the
	// front matter of a page, or .gitbook.yaml (default 100; real files
	// have none). Aliases are what "billion laughs" YAML bombs are made of.
	YAMLAliases int
	// Nesting is the deepest nesting of block quotes, list items, GitBook
	// container tags and expandables in a page, and of entries in
	// SUMMARY.md (default markdown.DefaultMaxNesting, 64; the corpus nests
	// 6 deep at most). It is measured before the Markdown parser runs, whose
	// cost grows with the square of the depth. Past it, the rest of a page
	// is kept as one opaque block of text, and SUMMARY.md entries are kept
	// at the deepest level allowed, with a warning of code
	// markdown.WarnLimit naming the line. A negative value means no limit.
	Nesting int
}

// Names of the limits, as LimitError.Limit gives them. They are stable:
// hosts may match on them.
const (
	LimitFileSize       = "file-size"
	LimitConfigSize     = "config-size"
	LimitPages          = "pages"
	LimitSummaryEntries = "summary-entries"
	LimitTotalBytes     = "total-bytes"
	LimitYAMLAliases    = "yaml-aliases"
)

func (l Limits) fileSize() int64 {
	if l.FileSize > 0 {
		return l.FileSize
	}
	return 32 << 20
}

func (l Limits) pages() int {
	if l.Pages > 0 {
		return l.Pages
	}
	return 20000
}

func (l Limits) summaryEntries() int {
	if l.SummaryEntries > 0 {
		return l.SummaryEntries
	}
	return 50000
}

func (l Limits) totalBytes() int64 {
	if l.TotalBytes > 0 {
		return l.TotalBytes
	}
	return 512 << 20
}

func (l Limits) yamlAliases() int {
	if l.YAMLAliases > 0 {
		return l.YAMLAliases
	}
	return 100
}

// nesting is the value markdown's options take (0 is their default).
func (l Limits) nesting() int {
	if l.Nesting == 0 {
		return markdown.DefaultMaxNesting
	}
	return l.Nesting
}

// checkAliases returns a *LimitError when the YAML document n, read from
// path, holds more than max aliases. The walk does not follow aliases, so
// it costs the size of the document, not of its expansion.
func checkAliases(path string, n *yaml.Node, max int) error {
	if count := countAliases(n, max); count > max {
		return &LimitError{Limit: LimitYAMLAliases, Path: path, Value: int64(count), Max: int64(max)}
	}
	return nil
}

// countAliases counts the alias nodes under n, stopping past max.
func countAliases(n *yaml.Node, max int) int {
	if n == nil {
		return 0
	}
	count := 0
	stack := []*yaml.Node{n}
	for len(stack) > 0 && count <= max {
		n := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if n.Kind == yaml.AliasNode {
			count++
			continue
		}
		stack = append(stack, n.Content...)
	}
	return count
}

// countEntries counts the entries of a SUMMARY.md at every level, stopping
// past max.
func countEntries(entries []*markdown.SummaryEntry, max int) int {
	count := 0
	stack := append([]*markdown.SummaryEntry(nil), entries...) // never append to entries
	for len(stack) > 0 && count <= max {
		e := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		count++
		stack = append(stack, e.Children...)
	}
	return count
}
