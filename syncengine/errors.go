package syncengine

import (
	"errors"
	"fmt"
	"github.com/seed1bfafebe/gitsync/markdown"
	"io/fs"
	"strconv"
)

// ErrRefNotFound reports that a ref, branch, tag or commit id names nothing
// in the repository, or names something that is not a commit.
var ErrRefNotFound = errors.New("ref not found")

// ErrUnsupportedURL reports a repository URL that the engine will not open:
// anything but a local path or a file:// URL. The engine never dials the
// network; such a URL may still name a repository in Git info.
var ErrUnsupportedURL = errors.New("unsupported repository URL")

// ErrPathEscapes reports a path that leaves the directory it must stay in:
// an absolute path, or one that climbs out with "..".
var ErrPathEscapes = errors.New("path escapes its root")

// ErrLimit is the target for errors.Is that every *LimitError matches.
var ErrLimit = errors.New("limit exceeded")

// ErrSymlink reports an attempt to read a symbolic link (mode 120000) as a
// file. Links are never followed: their target may lie outside the tree.
// It wraps fs.ErrInvalid.
var ErrSymlink = fmt.Errorf("symbolic link not followed: %w", fs.ErrInvalid)

// ErrSubmodule reports an attempt to read a submodule (a gitlink, mode
// 160000) as a file or directory; its content is in another repository.
// It wraps fs.ErrInvalid.
var ErrSubmodule = fmt.Errorf("submodule not followed: %w", fs.ErrInvalid)

// ConfigError reports an invalid .gitbook.yaml: YAML that does not parse,
// a value of the wrong type, or a path that escapes (see ErrPathEscapes).
type ConfigError struct {
	Path string // the file, slash-separated, as in the repository
	Line int    // 1-based; 0 when unknown
	Err  error  // what is wrong
}

// Error returns "path:line: message", or "path: message" without a line.
func (e *ConfigError) Error() string {
	return position(e.Path, e.Line) + ": " + e.Err.Error()
}

// Unwrap returns the underlying error, so errors.Is sees ErrPathEscapes.
func (e *ConfigError) Unwrap() error { return e.Err }

// LimitError reports that a value went past one of the Limits: a file's
// size, the number of pages or SUMMARY.md entries, the bytes read, the YAML
// aliases of a document (see Limits for the table). errors.Is(err, ErrLimit)
// holds for every *LimitError.
type LimitError struct {
	Limit string // which limit: LimitFileSize, LimitPages, LimitYAMLAliases…
	Path  string // the file concerned, if any
	Value int64  // the value found (a lower bound when counting stopped early)
	Max   int64  // the limit
}

// Error describes the limit, the value and, when set, the path.
func (e *LimitError) Error() string {
	msg := fmt.Sprintf("%s limit exceeded: %d > %d", e.Limit, e.Value, e.Max)
	if e.Path != "" {
		msg = e.Path + ": " + msg
	}
	return msg
}

// Is reports whether target is ErrLimit.
func (e *LimitError) Is(target error) bool { return target == ErrLimit }

// Warning codes the syncengine package emits. Codes are stable: hosts may
// match on them.
const (
	CodeConfigUnknownKey     = "config-unknown-key"
	CodeConfigDuplicateKey   = "config-duplicate-key"
	CodeConfigInvisibleChars = "config-invisible-characters"
	CodeConfigBadRedirect    = "config-invalid-redirect"
)

// Warning is something odd but not fatal found while reading a repository:
// Path (slash-separated, in the repository), Line (1-based, 0 for the whole
// file), a stable kebab-case Code and a Message. String gives
// "path:line: code: message".
type Warning = markdown.Warning

func position(path string, line int) string {
	if line > 0 {
		return path + ":" + strconv.Itoa(line)
	}
	return path
}
