package syncengine

import (
	"bytes"
	"errors"
	"io/fs"

	"github.com/seed1bfafebe/gitsync/revision"
	"gopkg.in/yaml.v3"
)

// tagsFile is where Git Sync keeps the tags a space defines, relative to
// its content root: a YAML list of {tag, label, icon, color}, written by
// an export of a space that has tags and deleted by one of a space that
// has none.
const tagsFile = ".gitbook/tags.yaml"

// tagColors are the colors a tag may have (schema DocumentTextColor).
var tagColors = map[string]bool{"default": true, "green": true, "blue": true, "red": true, "orange": true,
	"yellow": true, "purple": true, "pink": true, "violet": true, "cyan": true,
	"$primary": true, "$info": true, "$success": true, "$warning": true, "$danger": true, "$tint": true}

// parseTags reads a tags file. ok is false unless it is a non-empty list
// of mappings holding only the keys tag and label (non-empty), icon (at
// most 50 characters) and color (a DocumentTextColor), with plain string
// values and distinct tags: anything else is not modelled, and the file is
// then left as it is. A tag without a color has "default".
func parseTags(data []byte) (tags []*revision.Tag, ok bool) {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil || doc.Kind != yaml.DocumentNode || len(doc.Content) != 1 {
		return nil, false
	}
	list := doc.Content[0]
	if list.Kind != yaml.SequenceNode || len(list.Content) == 0 {
		return nil, false
	}
	seen := map[string]bool{}
	for _, item := range list.Content {
		if item.Kind != yaml.MappingNode {
			return nil, false
		}
		tag := &revision.Tag{Color: "default"}
		keys := map[string]bool{}
		for i := 0; i+1 < len(item.Content); i += 2 {
			k, v := item.Content[i], item.Content[i+1]
			if k.Kind != yaml.ScalarNode || v.Kind != yaml.ScalarNode || v.Tag != "!!str" || keys[k.Value] {
				return nil, false
			}
			keys[k.Value] = true
			switch k.Value {
			case "tag":
				tag.Slug = v.Value
			case "label":
				tag.Label = v.Value
			case "icon":
				tag.Icon = v.Value
			case "color":
				tag.Color = v.Value
			default:
				return nil, false
			}
		}
		if tag.Slug == "" || tag.Label == "" || seen[tag.Slug] || !tagColors[tag.Color] ||
			keys["icon"] && (tag.Icon == "" || len([]rune(tag.Icon)) > 50) {
			return nil, false
		}
		seen[tag.Slug] = true
		tags = append(tags, tag)
	}
	return tags, true
}

// printTags writes tags as GitBook does: tag, label, icon if any, color
// unless it is "default".
func printTags(tags []*revision.Tag) []byte {
	list := &yaml.Node{Kind: yaml.SequenceNode}
	str := func(s string) *yaml.Node { return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: s} }
	for _, t := range tags {
		if t == nil {
			continue
		}
		m := &yaml.Node{Kind: yaml.MappingNode, Content: []*yaml.Node{str("tag"), str(t.Slug), str("label"), str(t.Label)}}
		if t.Icon != "" {
			m.Content = append(m.Content, str("icon"), str(t.Icon))
		}
		if t.Color != "" && t.Color != "default" {
			m.Content = append(m.Content, str("color"), str(t.Color))
		}
		list.Content = append(list.Content, m)
	}
	var buf bytes.Buffer
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	if err := enc.Encode(list); err != nil {
		return nil // cannot happen: plain strings only
	}
	enc.Close()
	return buf.Bytes()
}

// readTags reads the space's tags file into the revision's tags; one that
// is not modelled is left alone and warned about.
func (b *builder) readTags() ([]*revision.Tag, error) {
	data, err := fs.ReadFile(b.fsys, b.repoPath(tagsFile))
	if err != nil {
		return nil, nil // absent, or not a file: no tags
	}
	if err := b.count(int64(len(data))); err != nil {
		return nil, err
	}
	tags, ok := parseTags(data)
	if !ok {
		b.warn(Warning{Path: b.repoPath(tagsFile), Code: "tags-kept",
			Message: "tag definitions gitsync does not model (keys other than tag, label, icon, color, or values the API refuses): kept as they are, not imported"})
		return nil, nil
	}
	return tags, nil
}

// planTags writes the revision's tags to the space's tags file, keeping
// its bytes when they say the same; a revision without tags deletes a file
// gitsync models (as GitBook's export of a space without tags does). A
// file it does not model is never touched.
func (x *exporter) planTags() {
	var cur []byte
	have := false
	if x.base != nil {
		data, err := fs.ReadFile(x.base, x.repoPath(tagsFile))
		switch {
		case err == nil:
			cur, have = data, true
		case !errors.Is(err, fs.ErrNotExist):
			return // a folder, or unreadable: not ours
		}
	}
	var curTags []*revision.Tag
	if have {
		var ok bool
		if curTags, ok = parseTags(cur); !ok {
			return
		}
	}
	switch {
	case len(x.rev.Tags) == 0:
		if have {
			x.own(tagsFile) // wanted by nothing: deleted
		}
	case have && revision.TagsEqual(curTags, x.rev.Tags):
		x.out[tagsFile] = cur
	default:
		if data := printTags(x.rev.Tags); data != nil {
			x.out[tagsFile] = data
		}
	}
}
