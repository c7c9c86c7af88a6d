package revision

// Which blocks a block may hold, as GitBook's schema says
// (components.schemas.DocumentBlock*: the items of each "nodes"). A
// document that breaks these rules does not validate; the reader keeps a
// block that may not stand where Markdown put it as Opaque source instead.

var essentials = []string{"paragraph", "heading-1", "heading-2", "heading-3", "list-ordered", "list-unordered", "list-tasks", "divider"}

func set(groups ...[]string) map[string]bool {
	m := map[string]bool{}
	for _, g := range groups {
		for _, t := range g {
			m[t] = true
		}
	}
	return m
}

var topLevels = set(essentials, []string{"blockquote", "hint", "prompt", "images", "file", "drawing", "embed", "code", "math",
	"expandable", "tabs", "table", "swagger", "openapi-operation", "openapi-schemas", "openapi-webhook", "content-ref",
	"integration", "reusable-content", "stepper", "if", "columns", "updates"})

var tabsItemChildren = []string{"content-ref", "code", "embed", "file", "images", "drawing", "hint", "prompt", "blockquote", "math", "integration"}

// allowedChildren maps a container type to the block types it may hold.
// Fragments are keyed "fragment:<type>".
var allowedChildren = map[string]map[string]bool{
	"document":                   topLevels,
	"if":                         topLevels,
	"list-item":                  set(essentials, []string{"code", "hint", "blockquote", "math", "table"}),
	"list-ordered":               set([]string{"list-item"}),
	"list-unordered":             set([]string{"list-item"}),
	"list-tasks":                 set([]string{"list-item"}),
	"hint":                       set(essentials, []string{"embed", "integration", "table"}),
	"blockquote":                 set(essentials, []string{"blockquote"}),
	"tabs":                       set([]string{"tabs-item"}),
	"prompt":                     set([]string{"code"}),
	"tabs-item":                  set(essentials, tabsItemChildren),
	"stepper":                    set([]string{"stepper-step"}),
	"stepper-step":               set(essentials, tabsItemChildren, []string{"expandable"}),
	"columns":                    set([]string{"column"}),
	"column":                     set(essentials, []string{"images", "code", "hint", "prompt", "content-ref", "drawing", "embed", "file", "integration", "math", "blockquote", "table", "expandable", "stepper"}),
	"updates":                    set([]string{"update"}),
	"update":                     set(essentials, tabsItemChildren, []string{"tabs", "expandable"}),
	"images":                     set([]string{"image"}),
	"code":                       set([]string{"code-line"}),
	"fragment:expandable-title":  set([]string{"paragraph"}),
	"fragment:expandable-body":   set(essentials, []string{"file", "images", "code", "table", "hint", "prompt", "blockquote", "reusable-content", "integration"}),
	"fragment:caption":           set([]string{"paragraph"}),
	"fragment:annotation-body":   set(essentials, []string{"code"}),
	"fragment:":                  nil, // table cells: any block
	"fragment:table-cell":        nil,
	"fragment:table-cell-unused": nil,
}

// AllowedChild reports whether a block of type child may stand in parent: a
// block type ("hint"), "document", or "fragment:<type>" for a fragment.
// Unknown parents allow anything.
func AllowedChild(parent, child string) bool {
	allowed, ok := allowedChildren[parent]
	if !ok || allowed == nil {
		return true
	}
	return allowed[child]
}
