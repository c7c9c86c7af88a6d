package markdown

import (
	"bytes"
	"strconv"
	"strings"

	"github.com/seed1bfafebe/gitsync/revision"
	"gopkg.in/yaml.v3"
)

// PrintFrontMatter prints "---\n…---\n", or nil when fm is nil or empty.
//
// When fm.Source still says what the fields say, Source is printed verbatim,
// so hand-written front matter stays byte-identical. Otherwise the keys are
// written in GitBook's order (description, icon, cover, coverY, layout,
// hidden, noIndex, then the unknown keys of fm.Node in their order), with a
// description longer than fits folded as ">-" at 80 columns the way GitBook's
// YAML writer (js-yaml) does (GITBOOK_FORMAT.md §6).
func PrintFrontMatter(fm *FrontMatter) []byte {
	if fm == nil {
		return nil
	}
	if fm.Source != "" && sourceMatches(fm) {
		src := fm.Source
		if !strings.HasSuffix(src, "\n") {
			src += "\n"
		}
		return []byte("---\n" + src + "---\n")
	}
	var b strings.Builder
	if fm.Description != "" {
		b.WriteString("description: " + yamlScalar(fm.Description, 2, true) + "\n")
	}
	if fm.Icon != "" {
		b.WriteString("icon: " + yamlScalar(fm.Icon, 2, false) + "\n")
	}
	if fm.Cover != "" {
		b.WriteString("cover: " + yamlScalar(fm.Cover, 2, false) + "\n")
	}
	if fm.CoverY != nil {
		b.WriteString("coverY: " + strconv.FormatFloat(*fm.CoverY, 'f', -1, 64) + "\n")
	}
	if fm.Layout != nil {
		b.WriteString(printLayout(fm.Layout, fm.LayoutKeys))
	}
	if fm.Hidden {
		b.WriteString("hidden: true\n")
	}
	if fm.NoIndex {
		b.WriteString("noIndex: true\n")
	}
	b.WriteString(unknownKeys(fm.Node))
	if b.Len() == 0 {
		if fm.Source != "" {
			return []byte("---\n" + strings.TrimSuffix(fm.Source, "\n") + "\n---\n")
		}
		return nil
	}
	return []byte("---\n" + b.String() + "---\n")
}

var knownFrontMatterKeys = map[string]bool{
	"description": true, "icon": true, "cover": true, "coverY": true,
	"layout": true, "hidden": true, "noIndex": true,
}

// layoutOrder is the order GitBook writes layout keys in when LayoutKeys is
// not known.
var layoutOrder = []string{"width", "cover", "title", "description", "tableOfContents", "outline", "pagination", "metadata"}

func printLayout(l *revision.Layout, keys []string) string {
	if len(keys) == 0 {
		keys = layoutOrder
	}
	var b strings.Builder
	b.WriteString("layout:\n")
	for _, k := range keys {
		switch k {
		case "width":
			b.WriteString("  width: " + yamlScalar(l.Width, 4, false) + "\n")
		case "cover":
			b.WriteString("  cover:\n    visible: " + strconv.FormatBool(l.Cover) + "\n")
			if l.CoverSize != "" {
				b.WriteString("    size: " + yamlScalar(l.CoverSize, 4, false) + "\n")
			}
		default:
			if v := layoutVisible(l, k); v != nil {
				b.WriteString("  " + k + ":\n    visible: " + strconv.FormatBool(*v) + "\n")
			}
		}
	}
	return b.String()
}

// unknownKeys prints the keys of node that gitsync does not model.
func unknownKeys(node *yaml.Node) string {
	if node == nil {
		return ""
	}
	if node.Kind == yaml.DocumentNode && len(node.Content) == 1 {
		node = node.Content[0]
	}
	if node.Kind != yaml.MappingNode {
		return ""
	}
	rest := &yaml.Node{Kind: yaml.MappingNode}
	for i := 0; i+1 < len(node.Content); i += 2 {
		if knownFrontMatterKeys[node.Content[i].Value] {
			continue
		}
		rest.Content = append(rest.Content, node.Content[i], node.Content[i+1])
	}
	if len(rest.Content) == 0 {
		return ""
	}
	var buf bytes.Buffer
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	if err := enc.Encode(rest); err != nil {
		return ""
	}
	enc.Close()
	return buf.String()
}

// sourceMatches reports whether fm.Source, parsed, gives fm's fields.
func sourceMatches(fm *FrontMatter) bool {
	var node yaml.Node
	if err := yaml.Unmarshal([]byte(fm.Source), &node); err != nil {
		// Invalid YAML is kept as it is when nothing was set on top of it.
		return isZeroFields(fm)
	}
	got := frontMatterFields(&node)
	if got == nil {
		return isZeroFields(fm)
	}
	return got.Description == fm.Description && got.Icon == fm.Icon && got.Cover == fm.Cover &&
		eqFloat(got.CoverY, fm.CoverY) && got.Hidden == fm.Hidden && got.NoIndex == fm.NoIndex &&
		eqLayout(got.Layout, fm.Layout) && sameUnknown(&node, fm.Node)
}

func isZeroFields(fm *FrontMatter) bool {
	return fm.Description == "" && fm.Icon == "" && fm.Cover == "" && fm.CoverY == nil &&
		fm.Layout == nil && !fm.Hidden && !fm.NoIndex
}

func eqFloat(a, b *float64) bool {
	if a == nil || b == nil {
		return a == b
	}
	return *a == *b
}

func eqLayout(a, b *revision.Layout) bool {
	if a == nil || b == nil {
		return a == nil && b == nil
	}
	return *a == *b
}

// sameUnknown compares the unknown keys of two front matter nodes.
func sameUnknown(a, b *yaml.Node) bool {
	if b == nil {
		return true
	}
	return unknownKeys(a) == unknownKeys(b)
}

// frontMatterFields maps a parsed front matter to the modelled fields, with
// the reader's own decoding, for the comparison with Source.
func frontMatterFields(node *yaml.Node) *FrontMatter {
	if node.Kind == yaml.DocumentNode && len(node.Content) == 1 {
		node = node.Content[0]
	}
	if node.Kind != yaml.MappingNode {
		return nil
	}
	fm := &FrontMatter{}
	decodeFields(fm, node, func(*yaml.Node, error) {})
	return fm
}

// yamlScalar writes a string as js-yaml does at the given indent: plain when
// it can, single-quoted when it cannot, folded ">-" when it is longer than
// the line width (80 columns minus the indent) and folding is allowed.
func yamlScalar(s string, indent int, fold bool) string {
	width := 80 - indent
	if width < 40 {
		width = 40
	}
	if strings.ContainsAny(s, "\n\r\t") || !utf8Printable(s) {
		out, err := yaml.Marshal(s)
		if err != nil {
			return strconv.Quote(s)
		}
		return strings.TrimSuffix(string(out), "\n")
	}
	if fold && jsLen(s) > width && s[0] != ' ' {
		lines := foldLine(s, width)
		return ">-\n" + strings.Repeat(" ", indent) + strings.Join(lines, "\n"+strings.Repeat(" ", indent))
	}
	if plainSafe(s) {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", "''") + "'"
}

func utf8Printable(s string) bool {
	for _, r := range s {
		if r < 0x20 || r == 0x7f || r == 0xfffd {
			return false
		}
	}
	return true
}

// plainSafe approximates js-yaml's test for a plain scalar.
func plainSafe(s string) bool {
	if s == "" || s != strings.TrimSpace(s) {
		return false
	}
	if strings.IndexByte("-?:,[]{}#&*!|>'\"%@`", s[0]) >= 0 {
		if !(len(s) > 1 && (s[0] == '-' || s[0] == '?' || s[0] == ':') && s[1] != ' ') {
			return false
		}
		if s[0] != '-' {
			return false
		}
	}
	if strings.Contains(s, ": ") || strings.Contains(s, " #") || strings.HasSuffix(s, ":") {
		return false
	}
	switch strings.ToLower(s) {
	case "true", "false", "null", "~":
		return false
	}
	if _, err := strconv.ParseFloat(s, 64); err == nil {
		return false
	}
	return true
}

// foldLine breaks a line at spaces so that each piece is at most width long
// (js-yaml's foldLine): a piece may run longer only when it has no space.
func foldLine(line string, width int) []string {
	r := []rune(line)
	pos := make([]int, len(r)+1) // JS offsets
	for i, c := range r {
		pos[i+1] = pos[i] + jsLen(string(c))
	}
	var out []string
	start, curr := 0, 0
	for i := 0; i+1 < len(r); i++ {
		if r[i] != ' ' || r[i+1] == ' ' {
			continue
		}
		next := i
		if pos[next]-pos[start] > width {
			end := next
			if curr > start {
				end = curr
			}
			out = append(out, string(r[start:end]))
			start = end + 1
		}
		curr = next
	}
	if pos[len(r)]-pos[start] > width && curr > start {
		out = append(out, string(r[start:curr]), string(r[curr+1:]))
	} else {
		out = append(out, string(r[start:]))
	}
	return out
}
