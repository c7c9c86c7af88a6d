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

// ValidJSON is a helper for json.Marshal + Check.
func ValidJSON(name string, v any) error {
	data, err := json.Marshal(v)
	if err != nil {
		return err
	}
	return Check(name, data)
}
