package syncengine

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

func TestParseConfig(t *testing.T) {
	defaults := DefaultConfig()
	defaults.Present = true
	tests := []struct {
		name      string
		data      string
		want      Config
		wantCodes []string // warning codes, in order
	}{
		{"empty", "", defaults, nil},
		{"comments only", "# nothing here\n\n", defaults, nil},
		{"null document", "~\n", defaults, nil},
		{
			"full",
			"root: ./docs/\nstructure:\n  readme: ./intro.md\n  summary: toc/SUMMARY.md\nredirects:\n  old/page: new/page.md\n  /legacy/: ./pipeline/inputs/\n",
			Config{Root: "docs", Readme: "intro.md", Summary: "toc/SUMMARY.md", Present: true, Redirects: []Redirect{
				{From: "old/page", To: "new/page.md", Line: 6},
				{From: "legacy", To: "pipeline/inputs", Line: 7},
			}},
			nil,
		},
		{"root dot slash", "root: ./\n", defaults, nil},
		{"root dot", "root: .\n", defaults, nil},
		{"root without value", "root:\nstructure:\n  summary:\n", defaults, nil},
		{
			"BOM, CRLF and trailing blanks",
			"\ufeffroot: docs/  \r\nstructure:  \r\n  summary: S.md \r\n",
			Config{Root: "docs", Readme: "README.md", Summary: "S.md", Present: true},
			nil,
		},
		{
			"zero-width spaces",
			"root: ./\n\n\u200bstructure:  \n    readme: README.md  \n    summary: SUMMARY.md\u200b\n",
			defaults,
			[]string{CodeConfigInvisibleChars},
		},
		{
			"unknown keys",
			"title: x\nstructure:\n  glossary: G.md\n",
			defaults,
			[]string{CodeConfigUnknownKey, CodeConfigUnknownKey},
		},
		{
			"duplicate redirect, last wins in first place",
			"redirects:\n  a: one.md\n  b: two.md\n  a: three.md\n",
			Config{Readme: "README.md", Summary: "SUMMARY.md", Present: true, Redirects: []Redirect{
				{From: "a", To: "three.md", Line: 4},
				{From: "b", To: "two.md", Line: 3},
			}},
			[]string{CodeConfigDuplicateKey},
		},
		{
			"unusable redirects",
			"redirects:\n  a:\n  b: ../outside.md\n  /: x.md\n  404: not-found.md\n  ext: https://example.com/x\n",
			Config{Readme: "README.md", Summary: "SUMMARY.md", Present: true, Redirects: []Redirect{
				{From: "404", To: "not-found.md", Line: 5},
				{From: "ext", To: "https://example.com/x", Line: 6},
			}},
			[]string{CodeConfigBadRedirect, CodeConfigBadRedirect, CodeConfigBadRedirect},
		},
		{
			"aliases",
			"x: &page intro.md\nstructure:\n  readme: *page\n",
			Config{Readme: "intro.md", Summary: "SUMMARY.md", Present: true},
			[]string{CodeConfigUnknownKey},
		},
		{"empty redirects", "redirects:\n", defaults, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, warns, err := ParseConfig(".gitbook.yaml", []byte(tt.data))
			if err != nil {
				t.Fatalf("ParseConfig: %v", err)
			}
			if diff := cmp.Diff(tt.want, got, cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("config (-want +got):\n%s", diff)
			}
			var codes []string
			for _, w := range warns {
				codes = append(codes, w.Code)
				if w.Path != ".gitbook.yaml" || w.Line == 0 {
					t.Errorf("warning without position: %v", w)
				}
			}
			if diff := cmp.Diff(tt.wantCodes, codes, cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("warning codes (-want +got):\n%s\n%v", diff, warns)
			}
		})
	}
}

func TestParseConfigAbsent(t *testing.T) {
	got, warns, err := ParseConfig("docs/.gitbook.yaml", nil)
	if err != nil || len(warns) != 0 {
		t.Fatalf("ParseConfig(nil) = %v, %v", warns, err)
	}
	if diff := cmp.Diff(DefaultConfig(), got); diff != "" || got.Present {
		t.Errorf("absent config (-want +got):\n%s", diff)
	}
}

func TestParseConfigErrors(t *testing.T) {
	tests := []struct {
		name     string
		data     string
		wantLine int
		target   error // nil: only a *ConfigError
	}{
		{"bad indentation", "root: docs\n  structure: x\n", 2, nil},
		{"unclosed quote", "root: docs\nstructure:\n  readme: \"README.md\n", 3, nil},
		{"tab indentation", "structure:\n\treadme: a.md\n", 2, nil},
		{"list at top", "- root\n", 1, nil},
		{"root is a list", "root:\n  - docs\n", 2, nil},
		{"structure is a string", "structure: SUMMARY.md\n", 1, nil},
		{"summary is a mapping", "structure:\n  summary:\n    a: b\n", 3, nil},
		{"redirect to a list", "redirects:\n  a:\n    - b\n", 3, nil},
		{"redirects is a list", "redirects:\n  - a\n", 2, nil},
		{"readme names no file", "structure:\n  readme: ./\n", 2, nil},
		{"root climbs", "# c\nroot: ../other\n", 2, ErrPathEscapes},
		{"root climbs after cleaning", "root: docs/../../x\n", 1, ErrPathEscapes},
		{"root absolute", "root: /etc\n", 1, ErrPathEscapes},
		{"summary climbs", "structure:\n  summary: ../SUMMARY.md\n", 2, ErrPathEscapes},
		{"unknown anchor", "root: *nope\n", 0, nil}, // yaml.v3 gives no line
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := ParseConfig("p/.gitbook.yaml", []byte(tt.data))
			var ce *ConfigError
			if !errors.As(err, &ce) {
				t.Fatalf("err = %v (%T), want *ConfigError", err, err)
			}
			if ce.Path != "p/.gitbook.yaml" || ce.Line != tt.wantLine {
				t.Errorf("error at %s:%d, want p/.gitbook.yaml:%d (%v)", ce.Path, ce.Line, tt.wantLine, err)
			}
			if tt.target != nil && !errors.Is(err, tt.target) {
				t.Errorf("err = %v, want it to wrap %v", err, tt.target)
			}
			if !strings.HasPrefix(err.Error(), "p/.gitbook.yaml:") {
				t.Errorf("Error() = %q, want a path:line prefix", err)
			}
		})
	}
}

func TestParseConfigBounded(t *testing.T) {
	// A billion-laughs document: yaml.v3 does not expand aliases into a Node.
	bomb := "a: &a [x, x, x, x, x, x, x, x, x]\n" +
		"b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n" +
		"c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\n" +
		"d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]\n" +
		"e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]\n" +
		"f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e]\n" +
		"g: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f]\n" +
		"redirects: *g\n"
	if _, _, err := ParseConfig(".gitbook.yaml", []byte(bomb)); err == nil {
		t.Error("alias bomb: want an error (redirects is a list)")
	}
	big := make([]byte, maxConfigSize+1)
	if _, _, err := ParseConfig(".gitbook.yaml", big); !errors.Is(err, ErrLimit) {
		t.Errorf("oversized config: err = %v, want ErrLimit", err)
	}
}

func TestResolveRoot(t *testing.T) {
	tests := []struct {
		dir, root, want string
		escapes         bool
	}{
		{"", "", "", false},
		{".", "", "", false},
		{"", "docs", "docs", false},
		{"help", "", "help", false},
		{"./help/", "./docs/", "help/docs", false},
		{"a/b", "../c", "", true}, // out of the project, though in the repository
		{"", "..", "", true},
		{"a", "../../x", "", true},
		{"../x", "", "", true},
		{"/abs", "", "", true},
		{"", "/abs", "", true},
	}
	for _, tt := range tests {
		got, err := ResolveRoot(tt.dir, Config{Root: tt.root})
		if tt.escapes {
			if !errors.Is(err, ErrPathEscapes) {
				t.Errorf("ResolveRoot(%q, %q) err = %v, want ErrPathEscapes", tt.dir, tt.root, err)
			}
			continue
		}
		if err != nil || got != tt.want {
			t.Errorf("ResolveRoot(%q, %q) = %q, %v; want %q", tt.dir, tt.root, got, err, tt.want)
		}
	}
}

// TestParseConfigCorpus parses every .gitbook.yaml of the corpus.
func TestParseConfigCorpus(t *testing.T) {
	dir := corpusDir(t)
	want := map[string]struct {
		root, summary string
		redirects     int
	}{
		"0ws0__uber_go_guide_cn":                        {"docs", "SUMMARY.md", 0},
		"Adobe-Marketing-Cloud__aep-sdks-documentation": {"", "SUMMARY.md", 2},
		"AxonIQ__reference-guide":                       {"", "SUMMARY.md", 30},
		"BeefreeSDK__beefree-sdk-docs":                  {"", "SUMMARY.md", 115},
	}
	files, _ := filepath.Glob(filepath.Join(dir, "*", "tree", ".gitbook.yaml"))
	if len(files) == 0 {
		t.Skip("no .gitbook.yaml in the corpus")
	}
	for _, file := range files {
		name := filepath.Base(filepath.Dir(filepath.Dir(file)))
		t.Run(name, func(t *testing.T) {
			data, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			cfg, warns, err := ParseConfig(".gitbook.yaml", data)
			if err != nil {
				t.Fatalf("ParseConfig: %v", err)
			}
			for _, w := range warns {
				t.Logf("warning: %v", w)
			}
			if cfg.Readme != "README.md" || !cfg.Present {
				t.Errorf("readme = %q, present = %v", cfg.Readme, cfg.Present)
			}
			for _, r := range cfg.Redirects {
				if r.From == "" || r.To == "" || strings.HasPrefix(r.To, "./") || strings.HasSuffix(r.From, "/") {
					t.Errorf("redirect not normalized: %+v", r)
				}
			}
			w, ok := want[name]
			if !ok {
				return
			}
			if cfg.Root != w.root || cfg.Summary != w.summary || len(cfg.Redirects) != w.redirects {
				t.Errorf("root %q, summary %q, %d redirects; want %q, %q, %d",
					cfg.Root, cfg.Summary, len(cfg.Redirects), w.root, w.summary, w.redirects)
			}
		})
	}
}

func TestErrorStrings(t *testing.T) {
	tests := []struct{ got, want string }{
		{(&ConfigError{Path: "a/.gitbook.yaml", Line: 3, Err: errors.New("bad")}).Error(), "a/.gitbook.yaml:3: bad"},
		{(&ConfigError{Path: ".gitbook.yaml", Err: errors.New("bad")}).Error(), ".gitbook.yaml: bad"},
		{Warning{Path: "p.md", Line: 7, Code: "unresolved-link", Message: "x"}.String(), "p.md:7: unresolved-link: x"},
		{Warning{Path: "p.md", Code: "c", Message: "m"}.String(), "p.md: c: m"},
		{(&LimitError{Limit: "file-size", Path: "big.png", Value: 10, Max: 5}).Error(), "big.png: file-size limit exceeded: 10 > 5"},
		{(&LimitError{Limit: "page-count", Value: 10, Max: 5}).Error(), "page-count limit exceeded: 10 > 5"},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("got %q, want %q", tt.got, tt.want)
		}
	}
	if err := error(&LimitError{Limit: "depth"}); !errors.Is(err, ErrLimit) || errors.Is(err, ErrPathEscapes) {
		t.Error("LimitError must match ErrLimit only")
	}
}
