package markdown

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/seed1bfafebe/gitsync/revision"
	"gopkg.in/yaml.v3"
)

// Front matter: YAML between "---" lines at the very start of the file
// (GITBOOK_FORMAT.md §3).

// frontMatter reads the front matter of norm (the normalized source; orig
// and om give the original bytes for Source). It returns nil and 0 when the
// page has none, else the front matter and the offset in norm just after its
// closing line.
func (ps *parseState) frontMatter(orig, norm []byte, om offsetMap) (*FrontMatter, int) {
	first, rest, ok := bytes.Cut(norm, []byte("\n"))
	if !ok || string(bytes.TrimRight(first, " \t")) != "---" {
		return nil, 0
	}
	bodyStart := len(first) + 1
	off := bodyStart
	closeAt, end := -1, -1
	for off <= len(norm) && len(rest) >= 0 {
		line, next, more := bytes.Cut(rest, []byte("\n"))
		if t := string(bytes.TrimRight(line, " \t")); t == "---" || t == "..." {
			closeAt = off
			end = off + len(line)
			if more {
				end++
			}
			break
		}
		if !more {
			break
		}
		off += len(line) + 1
		rest = next
	}
	if closeAt < 0 {
		return nil, 0 // a lone "---" is a thematic break
	}
	content := norm[bodyStart:closeAt]
	fm := &FrontMatter{Source: string(orig[om.orig(bodyStart):om.orig(closeAt)])}
	var doc yaml.Node
	if err := yaml.Unmarshal(content, &doc); err != nil {
		ps.warn(bodyStart+lineOffset(content, yamlErrLine(err)), WarnFrontMatter, "front matter is not valid YAML: "+err.Error())
		return fm, end
	}
	if len(doc.Content) == 0 {
		return fm, end // empty front matter
	}
	m := doc.Content[0]
	if m.Kind != yaml.MappingNode {
		ps.warn(bodyStart, WarnFrontMatter, "front matter is not a YAML mapping")
		return fm, end
	}
	fm.Node = m
	decodeFields(fm, m, func(k *yaml.Node, err error) {
		ps.warn(bodyStart+lineOffset(content, k.Line), WarnFrontMatter, fmt.Sprintf("front matter key %q: %s", k.Value, err))
	})
	return fm, end
}

// decodeFields sets fm's modelled fields from the front matter mapping m;
// bad is called for a key whose value has the wrong type. The printer uses
// it too, to tell whether a FrontMatter still says what its Source says.
func decodeFields(fm *FrontMatter, m *yaml.Node, bad func(k *yaml.Node, err error)) {
	for i := 0; i+1 < len(m.Content); i += 2 {
		k, v := m.Content[i], m.Content[i+1]
		var err error
		switch k.Value {
		case "description":
			err = v.Decode(&fm.Description)
		case "icon":
			err = v.Decode(&fm.Icon)
		case "cover":
			err = v.Decode(&fm.Cover)
		case "coverY":
			var y float64
			if err = v.Decode(&y); err == nil {
				fm.CoverY = &y
			}
		case "coverHeight":
			var h float64
			if err = v.Decode(&h); err == nil {
				fm.CoverHeight = &h
			}
		case "hidden":
			err = v.Decode(&fm.Hidden)
		case "noIndex":
			err = v.Decode(&fm.NoIndex)
		case "noRobotsIndex":
			err = v.Decode(&fm.NoRobotsIndex)
		case "tags":
			fm.Tags, err = decodeTags(v)
		case "layout":
			err = decodeLayout(fm, v)
		}
		if err != nil {
			bad(k, err)
		}
	}
}

// decodeTags reads the tags list: slugs, or {tag: slug, primary: bool}.
func decodeTags(v *yaml.Node) ([]revision.PageTag, error) {
	if v.Kind != yaml.SequenceNode {
		return nil, fmt.Errorf("not a list")
	}
	var out []revision.PageTag
	for _, item := range v.Content {
		var t revision.PageTag
		switch item.Kind {
		case yaml.ScalarNode:
			t.Tag = item.Value
		case yaml.MappingNode:
			var m struct {
				Tag     string `yaml:"tag"`
				Primary bool   `yaml:"primary"`
			}
			if err := item.Decode(&m); err != nil {
				return nil, err
			}
			t = revision.PageTag{Tag: m.Tag, Primary: m.Primary}
		default:
			return nil, fmt.Errorf("a tag is neither a name nor a mapping")
		}
		if t.Tag == "" {
			return nil, fmt.Errorf("a tag has no name")
		}
		out = append(out, t)
	}
	return out, nil
}

// decodeLayout reads the layout mapping: width, and {visible: bool} per part.
func decodeLayout(fm *FrontMatter, v *yaml.Node) error {
	if v.Kind != yaml.MappingNode {
		return fmt.Errorf("not a mapping")
	}
	l := revision.DefaultLayout()
	fm.Layout = &l
	for i := 0; i+1 < len(v.Content); i += 2 {
		k, val := v.Content[i], v.Content[i+1]
		fm.LayoutKeys = append(fm.LayoutKeys, k.Value)
		var part struct {
			Visible *bool   `yaml:"visible"`
			Size    string  `yaml:"size"`
			Mask    *string `yaml:"mask"`
		}
		if k.Value == "width" {
			if err := val.Decode(&l.Width); err != nil {
				return err
			}
			continue
		}
		if err := val.Decode(&part); err != nil {
			return err
		}
		if k.Value == "cover" && part.Size != "" {
			l.CoverSize = part.Size
		}
		if k.Value == "cover" && part.Mask != nil {
			// "cover.mask" marks that the file writes the mask (the printer
			// writes back the keys it finds in LayoutKeys).
			l.CoverMask = *part.Mask
			fm.LayoutKeys = append(fm.LayoutKeys, "cover.mask")
		}
		if dst := layoutVisible(&l, k.Value); dst != nil && part.Visible != nil {
			*dst = *part.Visible
		}
	}
	return nil
}

// layoutVisible returns the field of l that the layout key toggles with
// {visible: bool}, nil for other keys. Reader and printer share it.
func layoutVisible(l *revision.Layout, key string) *bool {
	switch key {
	case "cover":
		return &l.Cover
	case "title":
		return &l.Title
	case "description":
		return &l.Description
	case "tableOfContents":
		return &l.TableOfContents
	case "outline":
		return &l.Outline
	case "pagination":
		return &l.Pagination
	case "metadata":
		return &l.Metadata
	case "tags":
		return &l.Tags
	case "actions":
		return &l.Actions
	case "anchors":
		return &l.Anchors
	}
	return nil
}

// yamlErrLine extracts the 1-based line of a yaml.v3 error ("yaml: line 3:
// …"), 0 when it has none.
func yamlErrLine(err error) int {
	s := err.Error()
	i := strings.Index(s, "line ")
	if i < 0 {
		return 0
	}
	n := 0
	for _, c := range s[i+5:] {
		if c < '0' || c > '9' {
			break
		}
		n = n*10 + int(c-'0')
		if n > 1<<30 {
			return 0
		}
	}
	return n
}

// lineOffset returns the offset in b of its 1-based line n (0 when n < 2).
func lineOffset(b []byte, n int) int {
	off := 0
	for l := 1; l < n; l++ {
		i := bytes.IndexByte(b[off:], '\n')
		if i < 0 {
			return off
		}
		off += i + 1
	}
	return off
}
