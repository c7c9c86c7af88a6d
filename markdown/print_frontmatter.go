package markdown

import (
	"bytes"
	"slices"
	"strconv"
	"strings"

	"github.com/seed1bfafebe/gitsync/revision"
	"gopkg.in/yaml.v3"
)

// PrintFrontMatter prints "---\n…---\n", or nil when fm is nil or empty.
//
// When fm.Source still says what the fields say, Source is printed verbatim,
// so hand-written front matter stays byte-identical. Otherwise it is
// written as GitBook writes it: the keys gitsync does not model first, in
// the file's order (fm.Node) and in js-yaml's style, then the modelled keys
// in GitBook's order (frontMatterOrder), with a description longer than
// fits folded as ">-" at 80 columns the way GitBook's YAML writer (js-yaml)
// does (GITBOOK_FORMAT.md §6).
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
	writers := map[string]func() string{
		"description": func() string { return scalarKey("description", fm.Description, true) },
		"icon":        func() string { return scalarKey("icon", fm.Icon, false) },
		"cover":       func() string { return scalarKey("cover", fm.Cover, false) },
		"coverY": func() string {
			if fm.CoverY == nil {
				return ""
			}
			return "coverY: " + strconv.FormatFloat(*fm.CoverY, 'f', -1, 64) + "\n"
		},
		"coverHeight": func() string {
			if fm.CoverHeight == nil {
				return ""
			}
			return "coverHeight: " + strconv.FormatFloat(*fm.CoverHeight, 'f', -1, 64) + "\n"
		},
		"layout": func() string {
			if fm.Layout == nil {
				return ""
			}
			return printLayout(fm.Layout, fm.LayoutKeys, fm.Cover != "")
		},
		"hidden":        func() string { return boolKey("hidden", fm.Hidden) },
		"noIndex":       func() string { return boolKey("noIndex", fm.NoIndex) },
		"noRobotsIndex": func() string { return boolKey("noRobotsIndex", fm.NoRobotsIndex) },
		"tags":          func() string { return printTags(fm.Tags) },
	}
	var b strings.Builder
	done := map[string]bool{}
	kept := map[string]string{}
	// GitBook writes the keys it does not model first, in the file's order
	// ("name", "metadata"), then the keys it models in its own order,
	// wherever the file had them: GITBOOK-1263 in GitBook's docs turned
	// "hidden, name, metadata, description" into "name, metadata,
	// description, hidden", and GITBOOK-1259 wrote a new cover before
	// "layout".
	if m := mappingNode(fm.Node); m != nil {
		for i := 0; i+1 < len(m.Content); i += 2 {
			k := m.Content[i].Value
			if done[k] {
				continue
			}
			done[k] = true
			if _, known := writers[k]; known {
				if isEmptyValue(m.Content[i+1]) {
					// "description:" with no value says what an
					// empty field says: keep the line.
					kept[k] = encodePair(m.Content[i], m.Content[i+1])
				}
				continue
			}
			b.WriteString(jsYAMLPair(m.Content[i], m.Content[i+1]))
		}
	}
	for _, k := range frontMatterOrder {
		out := writers[k]()
		if out == "" {
			out = kept[k]
		}
		b.WriteString(out)
	}
	if b.Len() == 0 {
		if fm.Source != "" {
			return []byte("---\n" + strings.TrimSuffix(fm.Source, "\n") + "\n---\n")
		}
		return nil
	}
	return []byte("---\n" + b.String() + "---\n")
}

// frontMatterOrder is the order GitBook writes the keys it models in, as
// its own commits show ("description, hidden, noIndex, noRobotsIndex,
// icon"; "description, hidden, noIndex, icon, cover, coverY"; "description,
// icon, layout, tags"; "description, cover, coverY, coverHeight, layout").
var frontMatterOrder = []string{"description", "hidden", "noIndex", "noRobotsIndex", "icon", "cover", "coverY", "coverHeight", "layout", "tags"}

func scalarKey(key, v string, fold bool) string {
	if v == "" {
		return ""
	}
	return key + ": " + yamlScalar(v, 2, fold) + "\n"
}

func boolKey(key string, v bool) string {
	if !v {
		return ""
	}
	return key + ": true\n"
}

// printTags writes tags as GitBook does: a slug, or for the primary tag
// "tag: slug" and "primary: true".
func printTags(tags []revision.PageTag) string {
	if len(tags) == 0 {
		return ""
	}
	var b strings.Builder
	b.WriteString("tags:\n")
	for _, t := range tags {
		if t.Primary {
			b.WriteString("  - tag: " + yamlScalar(t.Tag, 4, false) + "\n    primary: true\n")
			continue
		}
		b.WriteString("  - " + yamlScalar(t.Tag, 4, false) + "\n")
	}
	return b.String()
}

// isEmptyValue reports whether v is a null or empty scalar.
func isEmptyValue(v *yaml.Node) bool {
	return v.Kind == yaml.ScalarNode && (v.Tag == "!!null" || v.Value == "")
}

func mappingNode(node *yaml.Node) *yaml.Node {
	if node == nil {
		return nil
	}
	if node.Kind == yaml.DocumentNode && len(node.Content) == 1 {
		node = node.Content[0]
	}
	if node.Kind != yaml.MappingNode {
		return nil
	}
	return node
}

// encodePair writes one key the printer does not model, as yaml.v3 does.
func encodePair(k, v *yaml.Node) string {
	var buf bytes.Buffer
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	if err := enc.Encode(&yaml.Node{Kind: yaml.MappingNode, Content: []*yaml.Node{k, v}}); err != nil {
		return ""
	}
	enc.Close()
	return buf.String()
}

var knownFrontMatterKeys = map[string]bool{
	"description": true, "icon": true, "cover": true, "coverY": true, "coverHeight": true,
	"layout": true, "hidden": true, "noIndex": true, "noRobotsIndex": true, "tags": true,
}

// layoutOrder is the order GitBook writes layout keys in when LayoutKeys is
// not known: its 2026 exporter writes every key, "cover" only for a page
// with a cover (GitBook's docs, GITBOOK-77 and GITBOOK-78).
var layoutOrder = []string{"width", "cover", "title", "description", "tableOfContents", "outline", "pagination", "metadata", "tags", "actions"}

func printLayout(l *revision.Layout, keys []string, hasCover bool) string {
	full := len(keys) == 0
	if full {
		keys = layoutOrder
	}
	coverAdded := false
	if !full && hasCover && !slices.Contains(keys, "cover") {
		// A cover added to a page whose layout had none: GitBook writes
		// its layout entry at its place, after "width" (GITBOOK-1259).
		keys = insertInOrder(keys, "cover", layoutOrder)
		coverAdded = true
	}
	var b strings.Builder
	b.WriteString("layout:\n")
	for _, k := range keys {
		switch k {
		case "width":
			b.WriteString("  width: " + yamlScalar(l.Width, 4, false) + "\n")
		case "cover":
			if full && !hasCover {
				continue
			}
			b.WriteString("  cover:\n    visible: " + strconv.FormatBool(l.Cover) + "\n")
			if l.CoverSize != "" {
				b.WriteString("    size: " + yamlScalar(l.CoverSize, 4, false) + "\n")
			}
			if (full || coverAdded || slices.Contains(keys, "cover.mask")) && l.CoverMask != "" {
				b.WriteString("    mask: " + yamlScalar(l.CoverMask, 4, false) + "\n")
			}
		default:
			if v := layoutVisible(l, k); v != nil {
				b.WriteString("  " + k + ":\n    visible: " + strconv.FormatBool(*v) + "\n")
			}
		}
	}
	return b.String()
}

// insertInOrder returns keys with k added before the first of them that
// comes after k in order (at the end when none does).
func insertInOrder(keys []string, k string, order []string) []string {
	rank := slices.Index(order, k)
	for i, have := range keys {
		if r := slices.Index(order, have); r > rank {
			return slices.Insert(slices.Clone(keys), i, k)
		}
	}
	return append(slices.Clone(keys), k)
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
		eqFloat(got.CoverY, fm.CoverY) && eqFloat(got.CoverHeight, fm.CoverHeight) && got.Hidden == fm.Hidden && got.NoIndex == fm.NoIndex &&
		got.NoRobotsIndex == fm.NoRobotsIndex && slices.Equal(got.Tags, fm.Tags) &&
		eqLayout(got.Layout, fm.Layout) && sameUnknown(&node, fm.Node)
}

func isZeroFields(fm *FrontMatter) bool {
	return fm.Description == "" && fm.Icon == "" && fm.Cover == "" && fm.CoverY == nil && fm.CoverHeight == nil &&
		fm.Layout == nil && !fm.Hidden && !fm.NoIndex && !fm.NoRobotsIndex && len(fm.Tags) == 0
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
	if strings.ContainsRune(s, '\u00a0') && !strings.ContainsAny(s, "\n\r\t") && utf8Printable(s) {
		// js-yaml escapes a no-break space ("\_") in a double-quoted
		// scalar, never folded (GITBOOK-1285 in GitBook's docs).
		return `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\u00a0", `\_`).Replace(s) + `"`
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
	// js-yaml's whitespace is the space and the tab: a U+00A0 at an end
	// stays plain.
	if s == "" || s != strings.Trim(s, " \t") {
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
