package revision

import (
	"encoding/json"
	"strconv"
)

// InlineData is the kind and the attributes of an inline node.
type InlineData interface {
	InlineType() string
	isVoid() bool
}

// Link is a link; its nodes are the link text.
type Link struct {
	Ref *ContentRef `json:"ref"`
}

// Mention is a mention of a page, an anchor or another content.
type Mention struct {
	Ref *ContentRef `json:"ref"`
	// Text is the text a page wrote for the mention when it is not one a
	// printer can derive from the target (GitBook writes the title of a
	// page of another space: [Events](https://app.gitbook.com/s/…/events
	// "mention")). It is not part of the API's JSON: it survives an import
	// and export in memory, not a trip through JSON.
	Text string `json:"-"`
}

// InlineImage is an image inside text.
type InlineImage struct {
	Ref     *ContentRef `json:"ref"`
	RefDark *ContentRef `json:"refDark,omitempty"`
	Caption string      `json:"caption,omitempty"`
	Alt     string      `json:"alt,omitempty"`
	Size    string      `json:"size,omitempty"`
}

// Emoji is an emoji given by its code point(s) in hex ("1f50d").
type Emoji struct {
	Code string `json:"code"`
}

// Icon is a Font Awesome icon.
type Icon struct {
	Icon  string `json:"icon"`
	Color string `json:"color,omitempty"`
}

// InlineMath is a formula inside text.
type InlineMath struct {
	Formula string `json:"formula"`
}

// Expression is an inline expression (variables).
type Expression struct {
	Expression string `json:"expression"`
}

// Annotation is annotated text; its body is the fragment "annotation-body".
type Annotation struct{}

// Button is a button linking to content (Ref) or opening the search or AI
// input (Action); the schema wants exactly one of them.
type Button struct {
	Label  string        `json:"label"`
	Kind   string        `json:"kind"`
	Size   string        `json:"size,omitempty"`
	Icon   string        `json:"icon,omitempty"`
	Ref    *ContentRef   `json:"ref,omitempty"`
	Action *ButtonAction `json:"action,omitempty"`
}

// ButtonAction is what a button without a link does (schema DocumentAction):
// Action "search" or "ask" with an optional prefilled Query, or "select"
// with the Slug of an option.
type ButtonAction struct {
	Action string `json:"action"`
	Query  string `json:"query,omitempty"`
	Slug   string `json:"slug,omitempty"`
}

func (*Link) InlineType() string        { return "link" }
func (*Mention) InlineType() string     { return "mention" }
func (*InlineImage) InlineType() string { return "inline-image" }
func (*Emoji) InlineType() string       { return "emoji" }
func (*Icon) InlineType() string        { return "icon" }
func (*InlineMath) InlineType() string  { return "inline-math" }
func (*Expression) InlineType() string  { return "expression" }
func (*Annotation) InlineType() string  { return "annotation" }
func (*Button) InlineType() string      { return "button" }

func (*Link) isVoid() bool        { return false }
func (*Mention) isVoid() bool     { return true }
func (*InlineImage) isVoid() bool { return true }
func (*Emoji) isVoid() bool       { return true }
func (*Icon) isVoid() bool        { return true }
func (*InlineMath) isVoid() bool  { return true }
func (*Expression) isVoid() bool  { return true }
func (*Annotation) isVoid() bool  { return false }
func (*Button) isVoid() bool      { return true }

func newInlineData(typ string) InlineData {
	switch typ {
	case "link":
		return new(Link)
	case "mention":
		return new(Mention)
	case "inline-image":
		return new(InlineImage)
	case "emoji":
		return new(Emoji)
	case "icon":
		return new(Icon)
	case "inline-math":
		return new(InlineMath)
	case "expression":
		return new(Expression)
	case "annotation":
		return new(Annotation)
	case "button":
		return new(Button)
	}
	return nil
}

// MarshalJSON encodes a length as a number of pixels or {unit, value}.
func (l Length) MarshalJSON() ([]byte, error) {
	if l.Unit == "" {
		return []byte(strconv.FormatFloat(l.Value, 'f', -1, 64)), nil
	}
	return jsonMarshal(struct {
		Unit  string  `json:"unit"`
		Value float64 `json:"value"`
	}{l.Unit, l.Value})
}

// UnmarshalJSON decodes a number or {unit, value}.
func (l *Length) UnmarshalJSON(b []byte) error {
	if len(b) > 0 && b[0] == '{' {
		var j struct {
			Unit  string  `json:"unit"`
			Value float64 `json:"value"`
		}
		if err := json.Unmarshal(b, &j); err != nil {
			return err
		}
		*l = Length{Value: j.Value, Unit: j.Unit}
		return nil
	}
	var v float64
	if err := json.Unmarshal(b, &v); err != nil {
		return err
	}
	*l = Length{Value: v}
	return nil
}
