package markdown

import (
	"math"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"
)

// jsYAMLPair writes one front matter key that gitsync does not model the
// way GitBook's YAML writer (js-yaml's dump) does: GitBook keeps such keys
// as values, not as text, so a double-quoted "1.0" comes back single-quoted
// ('1.0', GITBOOK-1263 in GitBook's docs), a long string folded, a nested
// mapping or list indented by two spaces. A value js-yaml's style cannot be
// told for (anchors, aliases, explicit tags) is written by yaml.v3 as read.
func jsYAMLPair(k, v *yaml.Node) string {
	if !jsYAMLPlain(k) || k.Kind != yaml.ScalarNode || !jsYAMLPlain(v) {
		return encodePair(k, v)
	}
	var b strings.Builder
	writeJSYAMLPair(&b, k.Value, v, 0)
	return b.String()
}

// jsYAMLPlain reports whether n holds only data js-yaml's writer has one
// form for: no anchors, aliases or tags of its own.
func jsYAMLPlain(n *yaml.Node) bool {
	if n.Anchor != "" || n.Kind == yaml.AliasNode || n.Kind == yaml.DocumentNode {
		return false
	}
	if n.Kind == yaml.ScalarNode && strings.HasPrefix(n.Tag, "!") && !strings.HasPrefix(n.Tag, "!!") {
		return false
	}
	for _, c := range n.Content {
		if !jsYAMLPlain(c) {
			return false
		}
	}
	return true
}

// writeJSYAMLPair writes "key: value" at indent, the value on the line when
// it is a scalar or an empty collection, else on the lines below.
func writeJSYAMLPair(b *strings.Builder, key string, v *yaml.Node, indent int) {
	b.WriteString(strings.Repeat(" ", indent) + yamlScalar(key, indent, false) + ":")
	writeJSYAMLValue(b, v, indent)
}

func writeJSYAMLValue(b *strings.Builder, v *yaml.Node, indent int) {
	switch {
	case v.Kind == yaml.MappingNode && len(v.Content) >= 2:
		b.WriteString("\n")
		for i := 0; i+1 < len(v.Content); i += 2 {
			writeJSYAMLPair(b, v.Content[i].Value, v.Content[i+1], indent+2)
		}
	case v.Kind == yaml.SequenceNode && len(v.Content) > 0:
		b.WriteString("\n")
		for _, item := range v.Content {
			writeJSYAMLItem(b, item, indent+2)
		}
	default:
		b.WriteString(" " + jsYAMLInline(v, indent+2) + "\n")
	}
}

// writeJSYAMLItem writes one list item: "- value", a mapping's first key on
// the dash's line (js-yaml's compact form).
func writeJSYAMLItem(b *strings.Builder, item *yaml.Node, indent int) {
	pad := strings.Repeat(" ", indent)
	switch {
	case item.Kind == yaml.MappingNode && len(item.Content) >= 2:
		var inner strings.Builder
		for i := 0; i+1 < len(item.Content); i += 2 {
			writeJSYAMLPair(&inner, item.Content[i].Value, item.Content[i+1], indent+2)
		}
		b.WriteString(pad + "- " + strings.TrimPrefix(inner.String(), pad+"  "))
	case item.Kind == yaml.SequenceNode && len(item.Content) > 0:
		var inner strings.Builder
		for _, c := range item.Content {
			writeJSYAMLItem(&inner, c, indent+2)
		}
		b.WriteString(pad + "- " + strings.TrimPrefix(inner.String(), pad+"  "))
	default:
		b.WriteString(pad + "- " + jsYAMLInline(item, indent+2) + "\n")
	}
}

// jsYAMLInline writes a scalar or an empty collection as js-yaml does.
func jsYAMLInline(v *yaml.Node, indent int) string {
	switch v.Kind {
	case yaml.MappingNode:
		return "{}"
	case yaml.SequenceNode:
		return "[]"
	}
	switch v.Tag {
	case "!!null":
		return "null"
	case "!!bool":
		var x bool
		if v.Decode(&x) == nil {
			return strconv.FormatBool(x)
		}
	case "!!int", "!!float":
		var x float64
		if v.Decode(&x) == nil {
			return jsNumber(x)
		}
	case "!!str", "":
		return yamlScalar(v.Value, indent, true)
	}
	return yamlScalar(v.Value, indent, false)
}

// jsNumber formats a number as JavaScript's String(x) does for the values
// front matter holds.
func jsNumber(x float64) string {
	switch {
	case math.IsNaN(x):
		return ".nan"
	case math.IsInf(x, 1):
		return ".inf"
	case math.IsInf(x, -1):
		return "-.inf"
	case math.Abs(x) >= 1e21:
		return strconv.FormatFloat(x, 'e', -1, 64)
	}
	return strconv.FormatFloat(x, 'f', -1, 64)
}
