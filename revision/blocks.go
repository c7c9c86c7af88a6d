package revision

// BlockData is the kind and the attributes of a block; its dynamic type says
// which kind the block is. The JSON "data" of a block is its BlockData.
type BlockData interface {
	BlockType() string
	isVoid() bool
}

// Length is a size in pixels (Unit empty) or in a unit such as "%".
type Length struct {
	Value float64
	Unit  string
}

// Paragraph is a paragraph block.
type Paragraph struct {
	Align string `json:"align,omitempty"`
}

// Heading is a heading block. Level 1 to 3 is heading-1 to heading-3, which
// Markdown writes as ## to #### (the page title is the # heading).
type Heading struct {
	Level int    `json:"-"`
	ID    string `json:"id,omitempty"`
	Align string `json:"align,omitempty"`
}

// ListUnordered is a bulleted list of ListItem blocks.
type ListUnordered struct{}

// ListOrdered is a numbered list of ListItem blocks.
type ListOrdered struct {
	Start *int `json:"start,omitempty"`
}

// ListTasks is a list of ListItem blocks with check boxes.
type ListTasks struct{}

// ListItem is an item of a list. Checked is set in task lists.
type ListItem struct {
	Checked *bool `json:"checked,omitempty"`
}

// Divider is a horizontal rule.
type Divider struct{}

// Quote is a block quote.
type Quote struct{}

// Hint is a callout ({% hint style="…" %}).
type Hint struct {
	Style string `json:"style"`
	Icon  string `json:"icon,omitempty"`
}

// Prompt is a prompt for an AI assistant ({% prompt description="…" %});
// it holds one Code block.
type Prompt struct {
	Description       string `json:"description"`
	Icon              string `json:"icon,omitempty"`
	OpenInAIProviders *bool  `json:"openInAIProviders,omitempty"`
	DefaultExpanded   string `json:"defaultExpanded,omitempty"`
}

// Code is a code block of CodeLine blocks.
type Code struct {
	Syntax      string `json:"syntax,omitempty"`
	Title       string `json:"title,omitempty"`
	Overflow    string `json:"overflow,omitempty"`
	LineNumbers *bool  `json:"lineNumbers,omitempty"`
	FullWidth   *bool  `json:"fullWidth,omitempty"`
	Expandable  *bool  `json:"expandable,omitempty"`
}

// CodeLine is one line of a Code block; its nodes are text.
type CodeLine struct {
	Highlighted *bool `json:"highlighted,omitempty"`
}

// Tabs is a set of TabsItem blocks.
type Tabs struct {
	FullWidth *bool `json:"fullWidth,omitempty"`
}

// TabsItem is one tab.
type TabsItem struct {
	Title string `json:"title,omitempty"`
	Icon  string `json:"icon,omitempty"`
}

// Expandable is a <details> block; its fragments are "expandable-title" (one
// paragraph) and "expandable-body".
type Expandable struct {
	DefaultExpanded *bool `json:"defaultExpanded,omitempty"`
}

// Stepper is a set of StepperStep blocks.
type Stepper struct{}

// StepperStep is one step of a Stepper.
type StepperStep struct {
	Icon string `json:"icon,omitempty"`
}

// Images is a figure holding Image blocks.
type Images struct {
	Align     string `json:"align,omitempty"`
	FullWidth *bool  `json:"fullWidth,omitempty"`
	WithFrame *bool  `json:"withFrame,omitempty"`
}

// Image is an image of an Images block; its caption is a fragment "caption".
type Image struct {
	Ref     *ContentRef `json:"ref"`
	RefDark *ContentRef `json:"refDark,omitempty"`
	Width   *Length     `json:"width,omitempty"`
	Height  *Length     `json:"height,omitempty"`
	// Alt is the image's alternative text. Nil (no alt at all) and "" (an
	// empty alt) differ: GitBook writes an image with a caption and no alt
	// as Markdown, ![caption](src), and one with an alt, even empty, as a
	// <figure> (GITBOOK_FORMAT.md §4).
	Alt *string `json:"alt,omitempty"`
}

// Drawing is a drawing made in GitBook's editor, stored as an image file.
type Drawing struct {
	// Ref is the drawing's file; the schema lets a drawing have none.
	Ref *ContentRef `json:"ref,omitempty"`
}

// Embed is an embedded URL ({% embed url="…" %}).
type Embed struct {
	URL       string `json:"url"`
	FullWidth *bool  `json:"fullWidth,omitempty"`
}

// ContentRefBlock is a card linking to content ({% content-ref %}).
type ContentRefBlock struct {
	Ref *ContentRef `json:"ref"`
}

// FileBlock is an attached file ({% file src="…" %}).
type FileBlock struct {
	Ref *ContentRef `json:"ref"`
}

// ReusableContentBlock includes a reusable content ({% include %}).
type ReusableContentBlock struct {
	Ref *ContentRef `json:"ref"`
}

// Swagger is an OpenAPI operation block ({% openapi src=… path=… method=… %}).
type Swagger struct {
	Path      string      `json:"path"`
	Method    string      `json:"method"`
	Ref       *ContentRef `json:"ref"`
	Expanded  *bool       `json:"expanded,omitempty"`
	FullWidth *bool       `json:"fullWidth,omitempty"`
}

// OpenAPIOperation is an operation of a named OpenAPI spec
// ({% openapi-operation spec=… path=… method=… %}).
type OpenAPIOperation struct {
	Path   string      `json:"path"`
	Method string      `json:"method"`
	Ref    *ContentRef `json:"ref"`
}

// Math is a block formula ($$ … $$).
type Math struct {
	Formula string `json:"formula"`
}

// If is adaptive content shown when Expression holds.
type If struct {
	Expression string `json:"expression"`
}

// Columns is a set of Column blocks.
type Columns struct {
	FullWidth *bool `json:"fullWidth,omitempty"`
}

// Column is one column of Columns.
type Column struct {
	Width             *Length `json:"width,omitempty"`
	VerticalAlignment string  `json:"verticalAlignment,omitempty"`
}

// Updates is a changelog of Update blocks.
type Updates struct {
	Format string `json:"format"`
}

// Update is one entry of Updates. Tags are tag references (kind "tag").
type Update struct {
	Date string        `json:"date"`
	Tags []*ContentRef `json:"tags,omitempty"`
}

func (*Paragraph) BlockType() string            { return "paragraph" }
func (h *Heading) BlockType() string            { return headingTypes[clampLevel(h.Level)] }
func (*ListUnordered) BlockType() string        { return "list-unordered" }
func (*ListOrdered) BlockType() string          { return "list-ordered" }
func (*ListTasks) BlockType() string            { return "list-tasks" }
func (*ListItem) BlockType() string             { return "list-item" }
func (*Divider) BlockType() string              { return "divider" }
func (*Quote) BlockType() string                { return "blockquote" }
func (*Hint) BlockType() string                 { return "hint" }
func (*Code) BlockType() string                 { return "code" }
func (*Prompt) BlockType() string               { return "prompt" }
func (*CodeLine) BlockType() string             { return "code-line" }
func (*Tabs) BlockType() string                 { return "tabs" }
func (*TabsItem) BlockType() string             { return "tabs-item" }
func (*Expandable) BlockType() string           { return "expandable" }
func (*Stepper) BlockType() string              { return "stepper" }
func (*StepperStep) BlockType() string          { return "stepper-step" }
func (*Images) BlockType() string               { return "images" }
func (*Image) BlockType() string                { return "image" }
func (*Embed) BlockType() string                { return "embed" }
func (*Drawing) BlockType() string              { return "drawing" }
func (*ContentRefBlock) BlockType() string      { return "content-ref" }
func (*FileBlock) BlockType() string            { return "file" }
func (*ReusableContentBlock) BlockType() string { return "reusable-content" }
func (*Swagger) BlockType() string              { return "swagger" }
func (*OpenAPIOperation) BlockType() string     { return "openapi-operation" }
func (*Math) BlockType() string                 { return "math" }
func (*Table) BlockType() string                { return "table" }
func (*If) BlockType() string                   { return "if" }
func (*Columns) BlockType() string              { return "columns" }
func (*Column) BlockType() string               { return "column" }
func (*Updates) BlockType() string              { return "updates" }
func (*Update) BlockType() string               { return "update" }

func (*Paragraph) isVoid() bool            { return false }
func (*Heading) isVoid() bool              { return false }
func (*ListUnordered) isVoid() bool        { return false }
func (*ListOrdered) isVoid() bool          { return false }
func (*ListTasks) isVoid() bool            { return false }
func (*ListItem) isVoid() bool             { return false }
func (*Divider) isVoid() bool              { return true }
func (*Quote) isVoid() bool                { return false }
func (*Hint) isVoid() bool                 { return false }
func (*Code) isVoid() bool                 { return false }
func (*Prompt) isVoid() bool               { return false }
func (*CodeLine) isVoid() bool             { return false }
func (*Tabs) isVoid() bool                 { return false }
func (*TabsItem) isVoid() bool             { return false }
func (*Expandable) isVoid() bool           { return true }
func (*Stepper) isVoid() bool              { return false }
func (*StepperStep) isVoid() bool          { return false }
func (*Images) isVoid() bool               { return false }
func (*Image) isVoid() bool                { return true }
func (*Embed) isVoid() bool                { return true }
func (*Drawing) isVoid() bool              { return true }
func (*ContentRefBlock) isVoid() bool      { return true }
func (*FileBlock) isVoid() bool            { return true }
func (*ReusableContentBlock) isVoid() bool { return true }
func (*Swagger) isVoid() bool              { return true }
func (*OpenAPIOperation) isVoid() bool     { return true }
func (*Math) isVoid() bool                 { return true }
func (*Table) isVoid() bool                { return true }
func (*If) isVoid() bool                   { return false }
func (*Columns) isVoid() bool              { return false }
func (*Column) isVoid() bool               { return false }
func (*Updates) isVoid() bool              { return false }
func (*Update) isVoid() bool               { return false }

var headingTypes = [...]string{1: "heading-1", 2: "heading-2", 3: "heading-3"}

func clampLevel(l int) int {
	switch {
	case l < 1:
		return 1
	case l > 3:
		return 3
	}
	return l
}

func newBlockData(typ string) BlockData {
	switch typ {
	case "heading-1":
		return &Heading{Level: 1}
	case "heading-2":
		return &Heading{Level: 2}
	case "heading-3":
		return &Heading{Level: 3}
	}
	if f, ok := blockKinds[typ]; ok {
		return f()
	}
	return nil
}

var blockKinds = map[string]func() BlockData{
	"paragraph":         func() BlockData { return new(Paragraph) },
	"list-unordered":    func() BlockData { return new(ListUnordered) },
	"list-ordered":      func() BlockData { return new(ListOrdered) },
	"list-tasks":        func() BlockData { return new(ListTasks) },
	"list-item":         func() BlockData { return new(ListItem) },
	"divider":           func() BlockData { return new(Divider) },
	"blockquote":        func() BlockData { return new(Quote) },
	"hint":              func() BlockData { return new(Hint) },
	"code":              func() BlockData { return new(Code) },
	"prompt":            func() BlockData { return new(Prompt) },
	"code-line":         func() BlockData { return new(CodeLine) },
	"tabs":              func() BlockData { return new(Tabs) },
	"tabs-item":         func() BlockData { return new(TabsItem) },
	"expandable":        func() BlockData { return new(Expandable) },
	"stepper":           func() BlockData { return new(Stepper) },
	"stepper-step":      func() BlockData { return new(StepperStep) },
	"images":            func() BlockData { return new(Images) },
	"image":             func() BlockData { return new(Image) },
	"embed":             func() BlockData { return new(Embed) },
	"drawing":           func() BlockData { return new(Drawing) },
	"content-ref":       func() BlockData { return new(ContentRefBlock) },
	"file":              func() BlockData { return new(FileBlock) },
	"reusable-content":  func() BlockData { return new(ReusableContentBlock) },
	"swagger":           func() BlockData { return new(Swagger) },
	"openapi-operation": func() BlockData { return new(OpenAPIOperation) },
	"math":              func() BlockData { return new(Math) },
	"table":             func() BlockData { return new(Table) },
	"if":                func() BlockData { return new(If) },
	"columns":           func() BlockData { return new(Columns) },
	"column":            func() BlockData { return new(Column) },
	"updates":           func() BlockData { return new(Updates) },
	"update":            func() BlockData { return new(Update) },
}
