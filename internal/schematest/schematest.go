// Package schematest validates JSON against GitBook's OpenAPI schemas in tests.
package schematest

import (
	"bytes"
	"encoding/json"
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
	compiler = jsonschema.NewCompiler()
	compiler.DefaultDraft(jsonschema.Draft2020)
	if err := compiler.AddResource("gitbook.json", doc); err != nil {
		loadErr = err
		return
	}
	compiled = map[string]*jsonschema.Schema{}
}

// Validate checks that data validates against components.schemas.<name> of
// the spec. It skips the test when the spec is absent.
func Validate(t testing.TB, name string, data []byte) {
	t.Helper()
	if err := Check(name, data); err != nil {
		if os.IsNotExist(err) {
			t.Skipf("schema not available: %v", err)
		}
		t.Fatalf("%s does not validate: %v", name, err)
	}
}

// Check is Validate returning the error: an *os.PathError (os.IsNotExist) when
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
		if os.IsNotExist(err) {
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
		if err := ValidJSON("JSONDocument", doc); err != nil {
			return err
		}
	}
	return ValidJSON("Revision", rev)
}

// ValidJSON is a helper for json.Marshal + Check.
func ValidJSON(name string, v any) error {
	data, err := json.Marshal(v)
	if err != nil {
		return err
	}
	return Check(name, data)
}
