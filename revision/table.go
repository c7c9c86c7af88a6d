package revision

import (
	"encoding/json"
	"errors"
)

// Table is a table block (schema DocumentBlockTable). Text cells hold the id
// of a fragment of the block (Fragment.Fragment) whose nodes are the cell's
// content.
type Table struct {
	View       TableView                  `json:"view"`
	Records    map[string]TableRecord     `json:"records"`
	Definition map[string]TableDefinition `json:"definition"`
	FullWidth  *bool                      `json:"fullWidth,omitempty"`
	// Search says whether the table shows its search bar (unset: shown
	// on grid tables with enough rows).
	Search *bool `json:"search,omitempty"`
}

// TableView is how a table is shown: Type "grid" or "cards".
type TableView struct {
	Type             string             `json:"type"`
	Columns          []string           `json:"columns"`
	ColumnWidths     map[string]float64 `json:"columnWidths,omitempty"`
	HideHeader       bool               `json:"hideHeader"`
	CardSize         string             `json:"cardSize,omitempty"`
	TargetDefinition string             `json:"targetDefinition,omitempty"`
	CoverDefinition  string             `json:"coverDefinition,omitempty"`
	// CoverDefinitionDark (cards) is the column of the dark covers.
	CoverDefinitionDark string `json:"coverDefinitionDark,omitempty"`
	// Wrap (cards) is false for a single scrolling row of cards.
	Wrap *bool `json:"wrap,omitempty"`
}

// TableRecord is a row: OrderIndex sorts rows, Values maps column ids to cells.
type TableRecord struct {
	OrderIndex string               `json:"orderIndex"`
	Values     map[string]CellValue `json:"values"`
}

// TableDefinition is a column.
type TableDefinition struct {
	ID                string `json:"id"`
	Title             string `json:"title"`
	Type              string `json:"type"`
	TextAlignment     string `json:"textAlignment,omitempty"`
	VerticalAlignment string `json:"verticalAlignment,omitempty"`
	// Multiple and Options are those of a select column.
	Multiple *bool          `json:"multiple,omitempty"`
	Options  []SelectOption `json:"options,omitempty"`
}

// MarshalJSON writes a select column's multiple and options even when they
// are false and empty: the schema requires them.
func (d TableDefinition) MarshalJSON() ([]byte, error) {
	type plain TableDefinition
	if d.Type != "select" {
		return jsonMarshal(plain(d))
	}
	if d.Multiple == nil {
		d.Multiple = new(bool)
	}
	opts := d.Options
	if opts == nil {
		opts = []SelectOption{}
	}
	return jsonMarshal(struct {
		plain
		Options []SelectOption `json:"options"`
	}{plain(d), opts})
}

// SelectOption is an option of a select column (schema
// DocumentTableSelectOption); cells hold option values.
type SelectOption struct {
	Value string `json:"value"`
	Label string `json:"label"`
	Color string `json:"color"`
}

// CellValue is a table cell: a fragment id (text columns), a content
// reference (content-ref and image columns), file ids (files columns),
// option values (select columns) or a boolean (checkbox columns). JSON
// arrays decode into Files whatever the column: its type tells.
type CellValue struct {
	Fragment string
	Ref      *ContentRef
	Files    []string
	Select   []string
	Bool     *bool
	// Text is the link text a page wrote for a content-ref cell when a
	// printer cannot derive it from the target (the title of a page of
	// another space). It is not part of the API's JSON.
	Text string
}

// MarshalJSON encodes the cell as the API does: a string, a ContentRef or an
// array of strings.
func (c CellValue) MarshalJSON() ([]byte, error) {
	switch {
	case c.Ref != nil:
		return jsonMarshal(c.Ref)
	case c.Files != nil:
		return jsonMarshal(c.Files)
	case c.Select != nil:
		return jsonMarshal(c.Select)
	case c.Bool != nil:
		return jsonMarshal(*c.Bool)
	}
	return jsonMarshal(c.Fragment)
}

// UnmarshalJSON decodes a string, a ContentRef or an array of strings.
func (c *CellValue) UnmarshalJSON(b []byte) error {
	*c = CellValue{}
	if len(b) == 0 {
		return errors.New("empty cell value")
	}
	switch b[0] {
	case '{':
		c.Ref = new(ContentRef)
		return json.Unmarshal(b, c.Ref)
	case '[':
		c.Files = []string{}
		return json.Unmarshal(b, &c.Files)
	case 'n':
		return nil
	case 't', 'f':
		c.Bool = new(bool)
		return json.Unmarshal(b, c.Bool)
	}
	return json.Unmarshal(b, &c.Fragment)
}
