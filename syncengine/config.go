package syncengine

import (
	"errors"
	"fmt"
	"path"
	"regexp"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"
)

// Config is a project's .gitbook.yaml (GITBOOK_FORMAT.md §1). Paths are
// slash-separated and normalized: no "./" prefix, no trailing "/".
type Config struct {
	// Root is the folder holding the content, relative to the project
	// directory; "" is the project directory itself.
	Root string
	// Readme is the first page, relative to Root.
	Readme string
	// Summary is the table of contents, relative to Root.
	Summary string
	// Redirects are the redirects, in file order.
	Redirects []Redirect
	// Present reports whether the project has a .gitbook.yaml file.
	Present bool
}

// Redirect sends readers of an old path to a page: From is a URL path
// without a leading "/", To a file or folder relative to Root.
type Redirect struct {
	From string
	To   string
	Line int // the line of the redirect in .gitbook.yaml, 1-based
}

// Default file names, used when .gitbook.yaml does not name them.
const (
	DefaultReadme  = "README.md"
	DefaultSummary = "SUMMARY.md"
)

// maxConfigSize bounds .gitbook.yaml; real ones are a few kilobytes.
const maxConfigSize = 1 << 20

// DefaultConfig returns the configuration of a project without .gitbook.yaml.
func DefaultConfig() Config {
	return Config{Readme: DefaultReadme, Summary: DefaultSummary}
}

// invisible are characters that editors hide and real files carry: a byte
// order mark and zero-width spaces (U+200B, U+200C, U+200D, U+2060).
var invisible = strings.NewReplacer("\ufeff", "", "\u200b", "", "\u200c", "", "\u200d", "", "\u2060", "")

// ParseConfig parses the .gitbook.yaml at path (used in errors and
// warnings) whose content is data. nil data means the file is absent: the
// result is DefaultConfig. Empty or comment-only content gives the defaults
// with Present set.
//
// It tolerates what real files carry (GITBOOK_FORMAT.md §1): a byte order
// mark, CRLF line ends, zero-width spaces, trailing blanks, "./" prefixes
// and trailing slashes. YAML that does not parse and values of the wrong
// type are a *ConfigError with the line; a root, readme or summary outside
// the project's content (absolute or climbing with "..") is a *ConfigError
// wrapping ErrPathEscapes. Unknown keys and unusable redirects are warnings.
//
// A file larger than 1 MiB, or holding more YAML aliases than
// Limits.YAMLAliases allows by default, is a *LimitError.
func ParseConfig(path string, data []byte) (Config, []Warning, error) {
	return parseConfig(path, data, Limits{}.yamlAliases())
}

// parseConfig is ParseConfig with the alias limit of the import's Limits.
func parseConfig(path string, data []byte, maxAliases int) (Config, []Warning, error) {
	cfg := DefaultConfig()
	if data == nil {
		return cfg, nil, nil
	}
	cfg.Present = true
	if len(data) > maxConfigSize {
		return cfg, nil, &LimitError{Limit: LimitConfigSize, Path: path, Value: int64(len(data)), Max: maxConfigSize}
	}
	p := configParser{path: path}
	text := strings.TrimPrefix(string(data), "\ufeff") // a BOM is not odd
	if clean := invisible.Replace(text); clean != text {
		p.warn(invisibleLine(text), CodeConfigInvisibleChars, "invisible characters (byte order mark or zero-width spaces) ignored")
		text = clean
	}
	var doc yaml.Node
	if err := yaml.Unmarshal([]byte(text), &doc); err != nil {
		return cfg, p.warns, p.yamlError(err)
	}
	if len(doc.Content) == 0 {
		return cfg, p.warns, nil // empty or only comments
	}
	if err := checkAliases(path, &doc, maxAliases); err != nil {
		return cfg, p.warns, err
	}
	if err := p.parse(&cfg, doc.Content[0]); err != nil {
		return cfg, p.warns, err
	}
	return cfg, p.warns, nil
}

type configParser struct {
	path  string
	warns []Warning
}

func (p *configParser) warn(line int, code, format string, args ...any) {
	p.warns = append(p.warns, Warning{Path: p.path, Line: line, Code: code, Message: fmt.Sprintf(format, args...)})
}

func (p *configParser) errorf(n *yaml.Node, format string, args ...any) error {
	return &ConfigError{Path: p.path, Line: n.Line, Err: fmt.Errorf(format, args...)}
}

func (p *configParser) parse(cfg *Config, top *yaml.Node) error {
	top = deref(top)
	if top.Kind == yaml.ScalarNode && top.Tag == "!!null" {
		return nil // "~" or "null": no settings
	}
	if top.Kind != yaml.MappingNode {
		return p.errorf(top, "want a mapping of settings, found %s", kindName(top))
	}
	seen := map[string]int{}
	for i := 0; i+1 < len(top.Content); i += 2 {
		k, v := top.Content[i], deref(top.Content[i+1])
		key := strings.TrimSpace(k.Value)
		if line, dup := seen[key]; dup {
			p.warn(k.Line, CodeConfigDuplicateKey, "%q repeats the key of line %d; the last one wins", key, line)
		}
		seen[key] = k.Line
		switch key {
		case "root":
			s, ok, err := p.str(v, "root")
			if err != nil || !ok {
				return err
			}
			if cfg.Root, err = p.contentPath(v, "root", s); err != nil {
				return err
			}
		case "structure":
			if err := p.structure(cfg, v); err != nil {
				return err
			}
		case "redirects":
			if err := p.redirects(cfg, v); err != nil {
				return err
			}
		default:
			p.warn(k.Line, CodeConfigUnknownKey, "unknown key %q ignored", key)
		}
	}
	return nil
}

func (p *configParser) structure(cfg *Config, n *yaml.Node) error {
	if isNull(n) {
		return nil
	}
	if n.Kind != yaml.MappingNode {
		return p.errorf(n, "structure: want a mapping, found %s", kindName(n))
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], deref(n.Content[i+1])
		key := strings.TrimSpace(k.Value)
		var dst *string
		switch key {
		case "readme":
			dst = &cfg.Readme
		case "summary":
			dst = &cfg.Summary
		default:
			p.warn(k.Line, CodeConfigUnknownKey, "unknown key \"structure.%s\" ignored", key)
			continue
		}
		s, ok, err := p.str(v, "structure."+key)
		if err != nil {
			return err
		}
		if !ok {
			continue
		}
		clean, err := p.contentPath(v, "structure."+key, s)
		if err != nil {
			return err
		}
		if clean == "" {
			return p.errorf(v, "structure.%s: %q names no file", key, s)
		}
		*dst = clean
	}
	return nil
}

func (p *configParser) redirects(cfg *Config, n *yaml.Node) error {
	if isNull(n) {
		return nil
	}
	if n.Kind != yaml.MappingNode {
		return p.errorf(n, "redirects: want a mapping of old path to page, found %s", kindName(n))
	}
	index := map[string]int{} // From -> position in cfg.Redirects
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := deref(n.Content[i]), deref(n.Content[i+1])
		if k.Kind != yaml.ScalarNode {
			return p.errorf(k, "redirects: want a path as key, found %s", kindName(k))
		}
		if v.Kind != yaml.ScalarNode {
			return p.errorf(v, "redirects.%s: want a path, found %s", k.Value, kindName(v))
		}
		from := normalizeRedirectFrom(k.Value)
		to := strings.TrimSpace(v.Value)
		if !isURL(to) {
			to = normalizeConfigPath(to)
		}
		switch {
		case from == "" || isNull(v) || to == "":
			p.warn(k.Line, CodeConfigBadRedirect, "redirect %q -> %q ignored: empty path", k.Value, v.Value)
			continue
		case !isURL(to) && escapes(to):
			p.warn(k.Line, CodeConfigBadRedirect, "redirect %q -> %q ignored: target leaves the root", k.Value, v.Value)
			continue
		}
		r := Redirect{From: from, To: to, Line: k.Line}
		if j, dup := index[from]; dup {
			p.warn(k.Line, CodeConfigDuplicateKey, "redirect %q repeats line %d; the last one wins", from, cfg.Redirects[j].Line)
			cfg.Redirects[j] = r
			continue
		}
		index[from] = len(cfg.Redirects)
		cfg.Redirects = append(cfg.Redirects, r)
	}
	return nil
}

// str returns the string value of a scalar; ok is false for null (the key
// is present without a value, and the default stays).
func (p *configParser) str(n *yaml.Node, key string) (s string, ok bool, err error) {
	if isNull(n) {
		return "", false, nil
	}
	if n.Kind != yaml.ScalarNode {
		return "", false, p.errorf(n, "%s: want a path, found %s", key, kindName(n))
	}
	return strings.TrimSpace(n.Value), true, nil
}

// contentPath normalizes a root or structure path and refuses one that
// escapes.
func (p *configParser) contentPath(n *yaml.Node, key, s string) (string, error) {
	clean := normalizeConfigPath(s)
	if escapes(clean) || strings.HasPrefix(s, "/") {
		return "", &ConfigError{Path: p.path, Line: n.Line, Err: fmt.Errorf("%s %q: %w", key, s, ErrPathEscapes)}
	}
	return clean, nil
}

// ResolveRoot returns the content root inside the repository: the project
// directory joined with cfg.Root, slash-separated, "" for the repository
// root. A project directory or root that leaves the repository is an error
// wrapping ErrPathEscapes.
func ResolveRoot(projectDir string, cfg Config) (string, error) {
	dir := normalizeConfigPath(projectDir)
	if escapes(dir) || strings.HasPrefix(projectDir, "/") {
		return "", fmt.Errorf("project directory %q: %w", projectDir, ErrPathEscapes)
	}
	root := normalizeConfigPath(cfg.Root)
	if escapes(root) || strings.HasPrefix(cfg.Root, "/") {
		return "", fmt.Errorf("root %q: %w", cfg.Root, ErrPathEscapes)
	}
	joined := path.Join(dir, root)
	if joined == "." {
		joined = ""
	}
	return joined, nil
}

// normalizeConfigPath trims blanks, "./" prefixes and trailing slashes and
// cleans the path; "." and "./" become "". A leading "/" is kept, for
// escapes to see.
func normalizeConfigPath(s string) string {
	s = strings.ReplaceAll(strings.TrimSpace(s), `\`, "/")
	if s == "" {
		return ""
	}
	s = path.Clean(s)
	if s == "." {
		return ""
	}
	return s
}

// normalizeRedirectFrom normalizes a redirect's source, a URL path: a
// leading "/" is dropped, as GitBook does.
func normalizeRedirectFrom(s string) string {
	s = strings.TrimLeft(strings.TrimSpace(s), "/")
	s = normalizeConfigPath(s)
	if escapes(s) {
		return ""
	}
	return s
}

// escapes reports whether a cleaned path leaves its base.
func escapes(clean string) bool {
	return path.IsAbs(clean) || clean == ".." || strings.HasPrefix(clean, "../")
}

func isURL(s string) bool {
	i := strings.Index(s, "://")
	return i > 0 && isScheme(s[:i])
}

// deref follows an alias to the node it names. yaml.v3 does not expand
// aliases when decoding into a Node, and the config is at most three
// levels deep, so an alias bomb costs nothing here.
func deref(n *yaml.Node) *yaml.Node {
	for range 8 {
		if n.Kind != yaml.AliasNode || n.Alias == nil {
			break
		}
		n = n.Alias
	}
	return n
}

func isNull(n *yaml.Node) bool {
	return n.Kind == yaml.ScalarNode && n.Tag == "!!null"
}

func kindName(n *yaml.Node) string {
	switch n.Kind {
	case yaml.SequenceNode:
		return "a list"
	case yaml.MappingNode:
		return "a mapping"
	case yaml.ScalarNode:
		return strconv.Quote(n.Value)
	case yaml.AliasNode:
		return "an alias"
	}
	return "nothing"
}

// yamlLine matches the position yaml.v3 puts in its error messages.
var yamlLine = regexp.MustCompile(`^yaml: line (\d+): `)

// yamlError turns a yaml.v3 error into a *ConfigError with its line.
func (p *configParser) yamlError(err error) error {
	msg := err.Error()
	line := 0
	if m := yamlLine.FindStringSubmatch(msg); m != nil {
		line, _ = strconv.Atoi(m[1])
		msg = msg[len(m[0]):]
	} else {
		msg = strings.TrimPrefix(msg, "yaml: ")
	}
	return &ConfigError{Path: p.path, Line: line, Err: errors.New("invalid YAML: " + msg)}
}

// invisibleLine returns the 1-based line of the first invisible character.
func invisibleLine(text string) int {
	first := len(text)
	for _, c := range []string{"\ufeff", "\u200b", "\u200c", "\u200d", "\u2060"} {
		if i := strings.Index(text, c); i >= 0 && i < first {
			first = i
		}
	}
	return 1 + strings.Count(text[:first], "\n")
}
