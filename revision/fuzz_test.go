package revision_test

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/seed1bfafebe/gitsync/revision"
)

// FuzzDecodeRevision feeds any bytes to the revision JSON decoder: it never
// panics, and what it accepts encodes to JSON that decodes and encodes to
// the same bytes again (the decoder's output is a fixed point of a round).
// Seeds: the sample revision and testdata/fuzz/FuzzDecodeRevision.
func FuzzDecodeRevision(f *testing.F) {
	b, err := revision.Marshal(sample())
	if err != nil {
		f.Fatal(err)
	}
	f.Add(b)
	f.Add([]byte(`{"object":"revision","pages":[{"kind":"sheet","id":"x"}]}`))
	f.Add([]byte(`{"object":"revision","pages":[{"type":"document","id":"p","document":{"object":"document","nodes":[{"object":"block","type":"unknown-kind","data":{"a":[1,{}]},"nodes":[]}]}}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > 1<<16 {
			return
		}
		var rev revision.Revision
		if json.Unmarshal(data, &rev) != nil {
			return
		}
		b1, err := revision.Marshal(&rev)
		if err != nil {
			return // a value the decoder kept but JSON cannot hold (NaN…) is refused, not panicked on
		}
		var back revision.Revision
		if err := json.Unmarshal(b1, &back); err != nil {
			t.Fatalf("the encoder's output does not decode: %v\n%s", err, b1)
		}
		b2, err := revision.Marshal(&back)
		if err != nil {
			t.Fatalf("re-encoding: %v", err)
		}
		if !bytes.Equal(b1, b2) {
			t.Fatalf("decode+encode is not a fixed point:\n%s", cmp.Diff(string(b1), string(b2)))
		}
	})
}
