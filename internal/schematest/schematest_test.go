package schematest

import (
	"errors"
	"io/fs"
	"testing"
)

// The patched DocumentTableRecord takes a URL value (it matched two arms of
// the spec's oneOf) and still refuses values no arm allows.
func TestPatchedTableRecord(t *testing.T) {
	for _, tc := range []struct {
		name, record string
		valid        bool
	}{
		{"url", `{"orderIndex":"a0","values":{"c":{"kind":"url","url":"https://example.com"}}}`, true},
		{"page", `{"orderIndex":"a0","values":{"c":{"kind":"page","page":"p1"}}}`, true},
		{"text", `{"orderIndex":"a0","values":{"c":"text"}}`, true},
		{"unknown-kind", `{"orderIndex":"a0","values":{"c":{"kind":"nowhere"}}}`, false},
		{"object-of-nothing", `{"orderIndex":"a0","values":{"c":{"x":1}}}`, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := Check("DocumentTableRecord", []byte(tc.record))
			if errors.Is(err, fs.ErrNotExist) {
				t.Skip("schema not available")
			}
			if (err == nil) != tc.valid {
				t.Errorf("Check(%s) = %v, want valid=%v", tc.record, err, tc.valid)
			}
		})
	}
}
