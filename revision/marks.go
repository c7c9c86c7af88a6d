package revision

import "encoding/json"

// Mark is a mark on a leaf. Text and Background are set for MarkColor only.
type Mark struct {
	Type       MarkType
	Text       string
	Background string
}

// MarkType is the type of a mark (schema DocumentTextMark).
type MarkType string

// The mark types of the API.
const (
	MarkBold          MarkType = "bold"
	MarkItalic        MarkType = "italic"
	MarkCode          MarkType = "code"
	MarkKeyboard      MarkType = "keyboard"
	MarkStrikethrough MarkType = "strikethrough"
	MarkColor         MarkType = "color"
	MarkSuperscript   MarkType = "superscript"
	MarkSubscript     MarkType = "subscript"
)

type markJSON struct {
	Object string         `json:"object"`
	Type   MarkType       `json:"type"`
	Data   *markColorJSON `json:"data,omitempty"`
}

type markColorJSON struct {
	Text       string `json:"text"`
	Background string `json:"background"`
}

// MarshalJSON encodes the mark in the API's shape.
func (m Mark) MarshalJSON() ([]byte, error) {
	j := markJSON{Object: "mark", Type: m.Type}
	if m.Type == MarkColor {
		j.Data = &markColorJSON{Text: orDefault(m.Text), Background: orDefault(m.Background)}
	}
	return jsonMarshal(j)
}

// UnmarshalJSON decodes a mark.
func (m *Mark) UnmarshalJSON(b []byte) error {
	var j markJSON
	if err := json.Unmarshal(b, &j); err != nil {
		return err
	}
	*m = Mark{Type: j.Type}
	if j.Data != nil {
		m.Text, m.Background = j.Data.Text, j.Data.Background
	}
	return nil
}

func orDefault(s string) string {
	if s == "" {
		return "default"
	}
	return s
}

// HasMark reports whether marks contain a mark of type t.
func HasMark(marks []Mark, t MarkType) bool {
	for _, m := range marks {
		if m.Type == t {
			return true
		}
	}
	return false
}
