package revision

import (
	"bytes"
	"encoding/json"
	"fmt"
	"reflect"
	"strconv"
)

// Document is the content of a page or of a reusable content (schema
// JSONDocument).
type Document struct {
	// SchemaVersion is data.schemaVersion; nil when absent.
	SchemaVersion *int
	Nodes         []Node
}

// Node is a node of a document: *Block, *Inline, *Text, *Opaque or *Raw.
type Node interface {
	isNode()
}

// Block is a block node. Its kind and attributes are those of Data, whose
// dynamic type (*Paragraph, *Heading, *Hint…) gives the JSON "type".
type Block struct {
	Key       string
	Data      BlockData
	Nodes     []Node
	Fragments []*Fragment
}

// Inline is an inline node (link, mention, inline image, emoji…).
type Inline struct {
	Key       string
	Data      InlineData
	Nodes     []Node
	Fragments []*Fragment
}

// Text is a run of leaves, each with its marks.
type Text struct {
	Key    string
	Leaves []Leaf
}

// Leaf is text with marks.
type Leaf struct {
	Text  string
	Marks []Mark
}

// Fragment is a named part of a block (an image caption, an expandable's
// title or body, a table cell).
type Fragment struct {
	Key      string
	Fragment string
	Type     string
	Nodes    []Node
}

// Opaque is Markdown kept verbatim because gitsync does not model it (an
// unknown HTML block, an unknown {% tag %}, inline HTML). Inline says whether
// it stands among inlines (a text node in JSON) or among blocks (a paragraph).
type Opaque struct {
	Source string
	Inline bool
}

// Raw is a JSON node of a type gitsync does not know, kept byte for byte.
type Raw struct {
	JSON json.RawMessage
}

func (*Block) isNode()  {}
func (*Inline) isNode() {}
func (*Text) isNode()   {}
func (*Opaque) isNode() {}
func (*Raw) isNode()    {}

// NewText returns a text node with a single leaf.
func NewText(s string, marks ...Mark) *Text {
	return &Text{Leaves: []Leaf{{Text: s, Marks: marks}}}
}

// NewBlock returns a block of the given kind with children.
func NewBlock(data BlockData, nodes ...Node) *Block {
	if nodes == nil && !data.isVoid() {
		nodes = []Node{}
	}
	return &Block{Data: data, Nodes: nodes}
}

// NewInline returns an inline of the given kind with children.
func NewInline(data InlineData, nodes ...Node) *Inline {
	return &Inline{Data: data, Nodes: nodes}
}

// Type returns the JSON type of the block ("paragraph", "heading-1"…).
func (b *Block) Type() string { return b.Data.BlockType() }

// Type returns the JSON type of the inline ("link", "mention"…).
func (in *Inline) Type() string { return in.Data.InlineType() }

// WalkNodes calls fn for every node under nodes, depth first, parents before
// their children: blocks, inlines, texts and opaque nodes, those of
// fragments (a table's cells, an expandable's title and body…) included.
func WalkNodes(nodes []Node, fn func(Node)) {
	for _, n := range nodes {
		fn(n)
		switch n := n.(type) {
		case *Block:
			WalkNodes(n.Nodes, fn)
			for _, f := range n.Fragments {
				if f != nil {
					WalkNodes(f.Nodes, fn)
				}
			}
		case *Inline:
			WalkNodes(n.Nodes, fn)
			for _, f := range n.Fragments {
				if f != nil {
					WalkNodes(f.Nodes, fn)
				}
			}
		}
	}
}

// PlainText returns the text of n and its descendants, without marks; inline
// images and other void inlines contribute nothing.
func PlainText(nodes ...Node) string {
	var buf bytes.Buffer
	var walk func(ns []Node)
	walk = func(ns []Node) {
		for _, n := range ns {
			switch n := n.(type) {
			case *Text:
				for _, l := range n.Leaves {
					buf.WriteString(l.Text)
				}
			case *Opaque:
				buf.WriteString(n.Source)
			case *Block:
				walk(n.Nodes)
			case *Inline:
				walk(n.Nodes)
			}
		}
	}
	walk(nodes)
	return buf.String()
}

// --- JSON ---

type documentData struct {
	SchemaVersion *int `json:"schemaVersion,omitempty"`
}

// MarshalJSON encodes the document as GitBook's JSONDocument.
func (d *Document) MarshalJSON() ([]byte, error) {
	var buf bytes.Buffer
	err := d.appendTo(&buf)
	return buf.Bytes(), err
}

func (d *Document) appendTo(buf *bytes.Buffer) error {
	buf.WriteString(`{"object":"document","data":`)
	if err := appendJSON(buf, documentData{d.SchemaVersion}); err != nil {
		return err
	}
	buf.WriteString(`,"nodes":`)
	if err := appendNodes(buf, d.Nodes); err != nil {
		return err
	}
	buf.WriteByte('}')
	return nil
}

// UnmarshalJSON decodes a JSONDocument.
func (d *Document) UnmarshalJSON(b []byte) error {
	var j struct {
		Data  documentData      `json:"data"`
		Nodes []json.RawMessage `json:"nodes"`
	}
	if err := json.Unmarshal(b, &j); err != nil {
		return err
	}
	nodes, err := unmarshalNodes(j.Nodes)
	if err != nil {
		return err
	}
	*d = Document{SchemaVersion: j.Data.SchemaVersion, Nodes: nodes}
	return nil
}

// The tree is written in one pass: child nodes are appended to the parent's
// buffer, not encoded through encoding/json, which validates and copies what
// every MarshalJSON returns (once per level of nesting: quadratic in depth).

// appendNodes writes ns as a JSON array.
func appendNodes(buf *bytes.Buffer, ns []Node) error {
	buf.WriteByte('[')
	for i, n := range ns {
		if i > 0 {
			buf.WriteByte(',')
		}
		if err := appendNode(buf, n); err != nil {
			return err
		}
	}
	buf.WriteByte(']')
	return nil
}

func appendNode(buf *bytes.Buffer, n Node) error {
	var b []byte
	var err error
	switch n := n.(type) {
	case *Block:
		return appendElement(buf, "block", n.Data.BlockType(), n.Key, n.Data.isVoid(), n.Data, n.Nodes, n.Fragments)
	case *Inline:
		return appendElement(buf, "inline", n.Data.InlineType(), n.Key, n.Data.isVoid(), n.Data, n.Nodes, n.Fragments)
	case *Text:
		if n == nil {
			buf.WriteString("null")
			return nil
		}
		return n.appendTo(buf)
	case json.Marshaler:
		b, err = n.MarshalJSON()
	default:
		b, err = jsonMarshal(n)
	}
	if err != nil {
		return err
	}
	buf.Write(b)
	return nil
}

func unmarshalNodes(raws []json.RawMessage) ([]Node, error) {
	if raws == nil {
		return nil, nil
	}
	out := make([]Node, 0, len(raws))
	for _, r := range raws {
		n, err := UnmarshalNode(r)
		if err != nil {
			return nil, err
		}
		out = append(out, n)
	}
	return out, nil
}

type nodeHead struct {
	Object string `json:"object"`
	Type   string `json:"type"`
	Meta   *struct {
		Opaque bool `json:"opaque"`
	} `json:"meta"`
}

// UnmarshalJSON decodes any document node: a block, inline or text node of a
// known type, an opaque node, or else a Raw node holding the bytes as they are.
func UnmarshalNode(b []byte) (Node, error) {
	var h nodeHead
	if err := json.Unmarshal(b, &h); err != nil {
		return nil, err
	}
	opaque := h.Meta != nil && h.Meta.Opaque
	switch h.Object {
	case "text":
		t := new(Text)
		if err := json.Unmarshal(b, t); err != nil {
			return nil, err
		}
		if opaque {
			return &Opaque{Source: PlainText(t), Inline: true}, nil
		}
		return t, nil
	case "block":
		if opaque && h.Type == "paragraph" {
			var j struct {
				Nodes []*Text `json:"nodes"`
			}
			if err := json.Unmarshal(b, &j); err != nil {
				return nil, err
			}
			var src string
			for _, t := range j.Nodes {
				if t != nil {
					src += PlainText(t)
				}
			}
			return &Opaque{Source: src}, nil
		}
		data := newBlockData(h.Type)
		if data == nil {
			break
		}
		blk := &Block{Data: data}
		if err := blk.unmarshal(b); err != nil {
			return nil, fmt.Errorf("%s block: %w", h.Type, err)
		}
		return blk, nil
	case "inline":
		data := newInlineData(h.Type)
		if data == nil {
			break
		}
		in := &Inline{Data: data}
		if err := in.unmarshal(b); err != nil {
			return nil, fmt.Errorf("%s inline: %w", h.Type, err)
		}
		return in, nil
	}
	var buf bytes.Buffer
	if err := json.Compact(&buf, b); err != nil {
		return nil, err
	}
	return &Raw{JSON: buf.Bytes()}, nil
}

type elementIn struct {
	Key       string            `json:"key"`
	Data      json.RawMessage   `json:"data"`
	Nodes     []json.RawMessage `json:"nodes"`
	Fragments []*Fragment       `json:"fragments"`
}

// appendElement writes a block or inline in the API's shape: object, type,
// key, isVoid, data, nodes (absent from a void element without any) and
// fragments (present, maybe empty, on a void element).
func appendElement(buf *bytes.Buffer, object, typ, key string, void bool, data any, nodes []Node, frags []*Fragment) error {
	buf.WriteString(`{"object":"` + object + `","type":`)
	if err := appendJSON(buf, typ); err != nil {
		return err
	}
	if key != "" {
		buf.WriteString(`,"key":`)
		if err := appendJSON(buf, key); err != nil {
			return err
		}
	}
	buf.WriteString(`,"isVoid":` + strconv.FormatBool(void) + `,"data":`)
	if err := appendJSON(buf, data); err != nil {
		return err
	}
	if nodes != nil || !void {
		buf.WriteString(`,"nodes":`)
		if err := appendNodes(buf, nodes); err != nil {
			return err
		}
	}
	if void && frags == nil {
		frags = []*Fragment{}
	}
	if frags != nil {
		buf.WriteString(`,"fragments":[`)
		for i, f := range frags {
			if i > 0 {
				buf.WriteByte(',')
			}
			if err := appendFragment(buf, f); err != nil {
				return err
			}
		}
		buf.WriteByte(']')
	}
	buf.WriteByte('}')
	return nil
}

func appendJSON(buf *bytes.Buffer, v any) error {
	switch v := v.(type) {
	case string:
		appendString(buf, v)
		return nil
	case *Text:
		if v != nil {
			return v.appendTo(buf)
		}
	}
	if hasNoFields(v) && !reflect.ValueOf(v).IsNil() {
		buf.WriteString("{}")
		return nil
	}
	b, err := jsonMarshal(v)
	if err != nil {
		return err
	}
	buf.Write(b)
	return nil
}

func (e *elementIn) decode(b []byte, data any) ([]Node, error) {
	if err := json.Unmarshal(b, e); err != nil {
		return nil, err
	}
	if len(e.Data) > 0 && !bytes.Equal(e.Data, []byte("null")) {
		if err := json.Unmarshal(e.Data, data); err != nil {
			return nil, err
		}
	}
	return unmarshalNodes(e.Nodes)
}

// MarshalJSON encodes the block in the API's shape.
func (b *Block) MarshalJSON() ([]byte, error) {
	var buf bytes.Buffer
	err := appendNode(&buf, b)
	return buf.Bytes(), err
}

func (b *Block) unmarshal(raw []byte) error {
	var e elementIn
	nodes, err := e.decode(raw, b.Data)
	if err != nil {
		return err
	}
	b.Key, b.Nodes, b.Fragments = e.Key, nodes, e.Fragments
	return nil
}

// MarshalJSON encodes the inline in the API's shape.
func (in *Inline) MarshalJSON() ([]byte, error) {
	var buf bytes.Buffer
	err := appendNode(&buf, in)
	return buf.Bytes(), err
}

func (in *Inline) unmarshal(raw []byte) error {
	var e elementIn
	nodes, err := e.decode(raw, in.Data)
	if err != nil {
		return err
	}
	in.Key, in.Nodes, in.Fragments = e.Key, nodes, e.Fragments
	return nil
}

type leafJSON struct {
	Object string `json:"object"`
	Text   string `json:"text"`
	Marks  []Mark `json:"marks"`
}

type textJSON struct {
	Object string     `json:"object"`
	Key    string     `json:"key,omitempty"`
	Leaves []leafJSON `json:"leaves"`
	Meta   *opaqueMet `json:"meta,omitempty"`
}

type opaqueMet struct {
	Opaque bool `json:"opaque"`
}

func (t *Text) toJSON() textJSON {
	j := textJSON{Object: "text", Key: t.Key, Leaves: make([]leafJSON, len(t.Leaves))}
	for i, l := range t.Leaves {
		marks := l.Marks
		if marks == nil {
			marks = []Mark{}
		}
		j.Leaves[i] = leafJSON{Object: "leaf", Text: l.Text, Marks: marks}
	}
	return j
}

// MarshalJSON encodes the text node in the API's shape.
func (t *Text) MarshalJSON() ([]byte, error) { return jsonMarshal(t.toJSON()) }

// UnmarshalJSON decodes a text node.
func (t *Text) UnmarshalJSON(b []byte) error {
	var j textJSON
	if err := json.Unmarshal(b, &j); err != nil {
		return err
	}
	t.Key = j.Key
	t.Leaves = make([]Leaf, len(j.Leaves))
	for i, l := range j.Leaves {
		var marks []Mark
		if len(l.Marks) > 0 {
			marks = l.Marks
		}
		t.Leaves[i] = Leaf{Text: l.Text, Marks: marks}
	}
	return nil
}

// MarshalJSON encodes opaque Markdown as a schema-valid paragraph (or, inline,
// a text node) holding the source, marked "meta": {"opaque": true}.
func (o *Opaque) MarshalJSON() ([]byte, error) {
	t := (&Text{Leaves: []Leaf{{Text: o.Source}}}).toJSON()
	if o.Inline {
		t.Meta = &opaqueMet{Opaque: true}
		return jsonMarshal(t)
	}
	return jsonMarshal(struct {
		Object string     `json:"object"`
		Type   string     `json:"type"`
		IsVoid bool       `json:"isVoid"`
		Data   struct{}   `json:"data"`
		Nodes  []textJSON `json:"nodes"`
		Meta   opaqueMet  `json:"meta"`
	}{Object: "block", Type: "paragraph", Nodes: []textJSON{t}, Meta: opaqueMet{Opaque: true}})
}

// MarshalJSON returns the node's bytes as they were decoded.
func (r *Raw) MarshalJSON() ([]byte, error) {
	if len(r.JSON) == 0 {
		return []byte("null"), nil
	}
	return r.JSON, nil
}

type fragmentJSON struct {
	Object   string `json:"object"`
	Key      string `json:"key,omitempty"`
	Fragment string `json:"fragment,omitempty"`
	Type     string `json:"type,omitempty"`
}

// MarshalJSON encodes the fragment in the API's shape.
func (f *Fragment) MarshalJSON() ([]byte, error) {
	var buf bytes.Buffer
	err := appendFragment(&buf, f)
	return buf.Bytes(), err
}

func appendFragment(buf *bytes.Buffer, f *Fragment) error {
	if f == nil {
		buf.WriteString("null")
		return nil
	}
	head, err := jsonMarshal(fragmentJSON{Object: "fragment", Key: f.Key, Fragment: f.Fragment, Type: f.Type})
	if err != nil {
		return err
	}
	// head ends with "}": the nodes go before it.
	buf.Write(head[:len(head)-1])
	buf.WriteString(`,"nodes":`)
	if err := appendNodes(buf, f.Nodes); err != nil {
		return err
	}
	buf.WriteByte('}')
	return nil
}

// UnmarshalJSON decodes a fragment.
func (f *Fragment) UnmarshalJSON(b []byte) error {
	var j struct {
		Key      string            `json:"key"`
		Fragment string            `json:"fragment"`
		Type     string            `json:"type"`
		Nodes    []json.RawMessage `json:"nodes"`
	}
	if err := json.Unmarshal(b, &j); err != nil {
		return err
	}
	nodes, err := unmarshalNodes(j.Nodes)
	if err != nil {
		return err
	}
	*f = Fragment{Key: j.Key, Fragment: j.Fragment, Type: j.Type, Nodes: nodes}
	return nil
}
