// Package schematest validates JSON against GitBook's OpenAPI schemas in tests.
package schematest

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

// SpecPath is where the GitBook OpenAPI spec lives, relative to the module root.
const SpecPath = "../shared/reference/gitbook-openapi-0.202.0.json"

var (
	once     sync.Once
	compiled map[string]*jsonschema.Schema
	mu       sync.Mutex
	compiler *jsonschema.Compiler
	loadErr  error
	specFile string
)

func moduleRoot() string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(file), "..", "..")
}

func load() {
	specFile = filepath.Join(moduleRoot(), SpecPath)
	data, err := os.ReadFile(specFile)
	if err != nil {
		loadErr = err
		return
	}
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
	if err != nil {
		loadErr = err
		return
	}
	patchSpec(doc)
	compiler = jsonschema.NewCompiler()
	compiler.DefaultDraft(jsonschema.Draft2020)
	if err := compiler.AddResource("gitbook.json", doc); err != nil {
		loadErr = err
		return
	}
	compiled = map[string]*jsonschema.Schema{}
}

// patchSpec repairs the two schemas of the spec that refuse valid content.
//
// DocumentTableRecord's values are a oneOf whose ContentRef arm and
// DocumentTableImageRecord arm both accept a ContentRefURL, so a record
// value that is a URL (a card's target link) matches two arms and fails:
// the values' oneOf becomes an anyOf, the same set of arms.
//
// The other is the one schema no value can satisfy:
// DocumentInlineButton's data is allOf {label, kind, …} and oneOf {ref} |
// {action}, each arm with additionalProperties false, so label and kind
// are refused by the second part and required by the first. The arms'
// additionalProperties is dropped; what each requires stays.
func patchSpec(doc any) {
	get := func(v any, key string) any {
		m, _ := v.(map[string]any)
		return m[key]
	}
	schemas := get(get(doc, "components"), "schemas")
	if values, ok := get(get(get(get(schemas, "DocumentTableRecord"), "properties"), "values"), "additionalProperties").(map[string]any); ok {
		if arms, ok := values["oneOf"]; ok {
			delete(values, "oneOf")
			values["anyOf"] = arms
		}
	}
	data := get(get(schemas, "DocumentInlineButton"), "properties")
	parts, _ := get(get(data, "data"), "allOf").([]any)
	for _, part := range parts {
		arms, _ := get(part, "oneOf").([]any)
		for _, arm := range arms {
			if m, ok := arm.(map[string]any); ok {
				delete(m, "additionalProperties")
			}
		}
	}
}

// Validate checks that data validates against components.schemas.<name> of
// the spec. It skips the test when the spec is absent.
func Validate(t testing.TB, name string, data []byte) {
	t.Helper()
	if err := Check(name, data); err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			t.Skipf("schema not available: %v", err)
		}
		t.Fatalf("%s does not validate: %v", name, err)
	}
}

// Check is Validate returning the error: an *os.PathError (fs.ErrNotExist) when
// the spec is absent, a validation error otherwise.
func Check(name string, data []byte) error {
	once.Do(load)
	if loadErr != nil {
		return loadErr
	}
	mu.Lock()
	sch, ok := compiled[name]
	if !ok {
		var err error
		sch, err = compiler.Compile("gitbook.json#/components/schemas/" + name)
		if err != nil {
			mu.Unlock()
			return err
		}
		compiled[name] = sch
	}
	mu.Unlock()
	v, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
	if err != nil {
		return err
	}
	return sch.Validate(v)
}

// ValidateRevision checks a revision against components.schemas.Revision,
// skipping the test when the spec is absent. Validating a large revision in
// one piece is slow (the schema's nested oneOf validates every node against
// every block type at every level), so each page's document is validated on
// its own against JSONDocument, then the revision with the documents
// emptied against Revision: the same constraints, in far less time.
func ValidateRevision(t testing.TB, data []byte) {
	t.Helper()
	if err := CheckRevision(data); err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			t.Skipf("schema not available: %v", err)
		}
		t.Fatalf("revision does not validate: %v", err)
	}
}

// CheckRevision is ValidateRevision returning the error.
func CheckRevision(data []byte) error {
	var rev map[string]any
	if err := json.Unmarshal(data, &rev); err != nil {
		return err
	}
	var docs []any
	var strip func(pages any)
	strip = func(pages any) {
		list, _ := pages.([]any)
		for _, p := range list {
			page, _ := p.(map[string]any)
			if doc, ok := page["document"]; ok {
				docs = append(docs, doc)
				page["document"] = map[string]any{"object": "document", "data": map[string]any{}, "nodes": []any{}}
			}
			strip(page["pages"])
		}
	}
	strip(rev["pages"])
	if rcs, ok := rev["reusableContents"].([]any); ok {
		for _, rc := range rcs {
			if m, ok := rc.(map[string]any); ok && m["content"] != nil {
				docs = append(docs, m["content"])
				delete(m, "content")
			}
		}
	}
	for _, doc := range docs {
		if err := CheckDocument(doc); err != nil {
			return err
		}
	}
	return ValidJSON("Revision", rev)
}

// CheckDocument validates a decoded JSONDocument node by node. The schema's
// nested oneOf makes a validator check every subtree once per alternative
// at every level, which is exponential in the depth; here each node is
// validated with its subtree cut two levels down (children and
// grandchildren kept, as stubs below that), against the schema of what it
// is. Every parent-child rule is still checked, at the parent, and every
// node's own fields at the node: the same constraints, in linear time.
func CheckDocument(doc any) error {
	var err error
	var walk func(v any)
	walk = func(v any) {
		m, ok := v.(map[string]any)
		if !ok || err != nil {
			return
		}
		// Children first, so that an error names the deepest bad node.
		for _, key := range []string{"nodes", "fragments"} {
			list, _ := m[key].([]any)
			for _, c := range list {
				walk(c)
			}
		}
		if schema := nodeSchema(m); schema != "" && err == nil {
			if e := validCached(schema, truncate(m, 2)); e != nil {
				excerpt, _ := json.Marshal(truncate(m, 1))
				if len(excerpt) > 400 {
					excerpt = append(excerpt[:400], "…"...)
				}
				err = fmt.Errorf("%s node %s: %w", m["object"], excerpt, e)
			}
		}
	}
	for _, n := range asList(doc) {
		walk(n)
	}
	if err != nil {
		return err
	}
	for _, n := range asList(doc) {
		if e := validCached("DocumentBlocksTopLevels", truncate(n, 2)); e != nil {
			excerpt, _ := json.Marshal(truncate(n, 0))
			return fmt.Errorf("top-level node %.400s: %w", excerpt, e)
		}
	}
	// Top-level nodes were checked one by one against the schema of the
	// document's "nodes" items; what is left is the document's own fields.
	return ValidJSON("JSONDocument", truncate(doc, 0))
}

// nodeSchema names the schema of a node: the one of its type when known
// (validating against the union would try every type), else the union.
func nodeSchema(m map[string]any) string {
	typ, _ := m["type"].(string)
	switch m["object"] {
	case "block":
		if s, ok := blockSchemas[typ]; ok {
			return s
		}
		return "DocumentBlock"
	case "inline":
		if s, ok := inlineSchemas[typ]; ok {
			return s
		}
		return "DocumentInline"
	case "text":
		return "DocumentText"
	}
	return ""
}

var blockSchemas = map[string]string{
	"blockquote": "DocumentBlockQuote", "code": "DocumentBlockCode", "code-line": "DocumentBlockCodeLine",
	"column": "DocumentBlockColumn", "columns": "DocumentBlockColumns", "content-ref": "DocumentBlockContentRef",
	"divider": "DocumentBlockDivider", "drawing": "DocumentBlockDrawing", "embed": "DocumentBlockEmbed",
	"expandable": "DocumentBlockExpandable", "file": "DocumentBlockFile", "heading-1": "DocumentBlockHeading",
	"heading-2": "DocumentBlockHeading", "heading-3": "DocumentBlockHeading", "hint": "DocumentBlockHint",
	"if": "DocumentBlockIf", "image": "DocumentBlockImage", "images": "DocumentBlockImages",
	"integration": "DocumentBlockIntegration", "list-item": "DocumentBlockListItem",
	"list-ordered": "DocumentBlockListOrdered", "list-tasks": "DocumentBlockListTasks",
	"list-unordered": "DocumentBlockListUnordered", "math": "DocumentBlockMath",
	"openapi-operation": "DocumentBlockOpenAPIOperation", "openapi-schemas": "DocumentBlockOpenAPISchemas",
	"openapi-webhook": "DocumentBlockOpenAPIWebhook", "paragraph": "DocumentBlockParagraph",
	"prompt": "DocumentBlockPrompt", "reusable-content": "DocumentBlockReusableContent",
	"stepper": "DocumentBlockStepper", "stepper-step": "DocumentBlockStepperStep", "swagger": "DocumentBlockOpenAPI",
	"table": "DocumentBlockTable", "tabs": "DocumentBlockTabs", "tabs-item": "DocumentBlockTabsItem",
	"update": "DocumentBlockUpdate", "updates": "DocumentBlockUpdates",
}

var inlineSchemas = map[string]string{
	"annotation": "DocumentInlineAnnotation", "button": "DocumentInlineButton", "emoji": "DocumentInlineEmoji",
	"expression": "DocumentInlineExpression", "icon": "DocumentInlineIcon", "inline-image": "DocumentInlineImage",
	"inline-math": "DocumentInlineMath", "link": "DocumentInlineLink", "mention": "DocumentInlineMention",
}

func asList(doc any) []any {
	m, _ := doc.(map[string]any)
	list, _ := m["nodes"].([]any)
	return list
}

var (
	cacheMu sync.Mutex
	valid   = map[string]bool{}
)

// validCached is ValidJSON remembering what validated: nodes of the same
// shape (leaf text does not matter to the schema, truncate blanks it) are
// validated once.
func validCached(name string, v any) error {
	data, err := json.Marshal(v)
	if err != nil {
		return err
	}
	key := name + "\x00" + string(data)
	cacheMu.Lock()
	ok := valid[key]
	cacheMu.Unlock()
	if ok {
		return nil
	}
	if err := Check(name, data); err != nil {
		return err
	}
	cacheMu.Lock()
	valid[key] = true
	cacheMu.Unlock()
	return nil
}

// freeStrings are keys whose string values no rule of the schema looks at
// (no enum, pattern or length): blanking them lets nodes that differ only
// there share one validation.
var freeStrings = []string{"url", "page", "anchor", "file", "formula", "alt", "caption", "expression", "reusableContent", "spec", "href"}

// truncate copies v with its "nodes" and "fragments" lists emptied depth
// levels down.
func truncate(v any, depth int) any {
	m, ok := v.(map[string]any)
	if !ok {
		return v
	}
	out := make(map[string]any, len(m))
	for k, x := range m {
		out[k] = x
	}
	if m["object"] == "leaf" {
		out["text"] = "" // no rule of the schema looks at leaf text
	}
	for _, k := range freeStrings {
		if _, ok := m[k].(string); ok {
			out[k] = ""
		}
	}
	if leaves, ok := m["leaves"].([]any); ok {
		cut := make([]any, len(leaves))
		for i, l := range leaves {
			cut[i] = truncate(l, 0)
		}
		out["leaves"] = cut
	}
	if d, ok := m["data"].(map[string]any); ok {
		out["data"] = blankFree(d)
	}
	for _, key := range []string{"nodes", "fragments"} {
		list, ok := m[key].([]any)
		if !ok {
			continue
		}
		if depth == 0 && key == "fragments" {
			// A fragment's nodes have a minimum count (an expandable's
			// title and body hold at least one block): below the cut,
			// fragments stay, each with its first node as a stub.
			cut := make([]any, len(list))
			for i, c := range list {
				cut[i] = truncate(c, 0)
			}
			out[key] = cut
			continue
		}
		if depth == 0 && key == "nodes" && m["object"] == "fragment" && len(list) > 0 {
			out[key] = []any{truncate(list[0], 0)}
			continue
		}
		if depth == 0 {
			out[key] = []any{}
			continue
		}
		// Children of the same shape are validated once: a code block of
		// a thousand lines has one shape of line. (This could hide a
		// maxItems violation made of identical items; the schema's only
		// maxItems is the expandable title's single paragraph.)
		seen := map[string]bool{}
		cut := make([]any, 0, len(list))
		for _, c := range list {
			t := truncate(c, depth-1)
			k, _ := json.Marshal(t)
			if !seen[string(k)] {
				seen[string(k)] = true
				cut = append(cut, t)
			}
		}
		out[key] = cut
	}
	return out
}

// blankFree copies a data object with its free strings blanked, refs
// included.
func blankFree(d map[string]any) map[string]any {
	out := make(map[string]any, len(d))
	for k, v := range d {
		switch v := v.(type) {
		case map[string]any:
			out[k] = blankFree(v)
		case string:
			out[k] = v
			for _, f := range freeStrings {
				if k == f {
					out[k] = ""
				}
			}
		default:
			out[k] = v
		}
	}
	return out
}

// ValidJSON is a helper for json.Marshal + Check.
func ValidJSON(name string, v any) error {
	data, err := json.Marshal(v)
	if err != nil {
		return err
	}
	return Check(name, data)
}
