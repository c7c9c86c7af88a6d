package syncengine

import (
	"errors"
	"testing"
)

// FuzzParseConfig reads any bytes as a .gitbook.yaml: no panic, the same
// result twice, and an error is always a typed one (*ConfigError or a
// *LimitError). Seeds: below and testdata/fuzz/FuzzParseConfig.
func FuzzParseConfig(f *testing.F) {
	for _, s := range []string{
		"root: ./docs/\n\nstructure:\n  readme: README.md\n  summary: SUMMARY.md\n\nredirects:\n  old/page: new/page.md\n",
		"\ufeffroot: docs\r\n",
		"root: ../outside\n",
		"structure: [1, 2]\n",
		"a: &a [x, x, x]\nb: [*a, *a, *a]\nc: [*b, *b, *b]\n",
		"redirects:\n  /a: b.md\n  /a: c.md\n",
		"~\n",
		"root: \"unterminated\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		cfg1, w1, err1 := ParseConfig(".gitbook.yaml", data)
		cfg2, w2, err2 := ParseConfig(".gitbook.yaml", append([]byte(nil), data...))
		if len(w1) != len(w2) || (err1 == nil) != (err2 == nil) || cfg1.Root != cfg2.Root || cfg1.Readme != cfg2.Readme || cfg1.Summary != cfg2.Summary || len(cfg1.Redirects) != len(cfg2.Redirects) {
			t.Fatalf("ParseConfig is not deterministic: %v %v", err1, err2)
		}
		if err1 == nil {
			return
		}
		var ce *ConfigError
		var le *LimitError
		if !errors.As(err1, &ce) && !errors.As(err1, &le) {
			t.Fatalf("untyped error %T: %v", err1, err1)
		}
	})
}
