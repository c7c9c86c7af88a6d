package space

import (
	"context"
	"fmt"
	"net/url"
	"path"
	"strings"

	"github.com/seed1bfafebe/gitsync/syncengine"
)

// source opens a request's repository URL through the resolver of its
// scheme. It returns the source and the URL without credentials, the only
// form of it the engine keeps.
func (e *Engine) source(ctx context.Context, raw string) (syncengine.Source, string, error) {
	redacted := syncengine.RedactURL(raw)
	scheme := ""
	if i := strings.Index(raw, "://"); i > 0 {
		scheme = strings.ToLower(raw[:i])
	}
	if r, ok := e.opts.Resolvers[scheme]; ok && scheme != "" {
		u, err := url.Parse(raw)
		if err != nil {
			return syncengine.Source{}, redacted, &FieldError{Field: "url", Reason: "not a URL: " + redactText(err.Error(), raw)}
		}
		src, err := r(ctx, u)
		if err != nil {
			return syncengine.Source{}, redacted, fmt.Errorf("open %s: %w", redacted, redactErr(err, raw))
		}
		if src.Storer != nil || src.URL != "" {
			src.URL = syncengine.RedactURL(src.URL)
		}
		return src, redacted, nil
	}
	if scheme != "" && scheme != "file" {
		return syncengine.Source{}, redacted, fmt.Errorf("%w: %q (%s)", ErrNoResolver, scheme, redacted)
	}
	return syncengine.Source{URL: raw}, redacted, nil
}

// repoName is the repository's name for Git info: "owner/repo" for a URL
// with a path of two or more parts, the folder's name for a local path.
func repoName(redacted string) string {
	p := redacted
	if u, err := url.Parse(redacted); err == nil && u.Scheme != "" {
		p = u.Path
	}
	p = strings.TrimSuffix(strings.TrimSuffix(strings.ReplaceAll(p, "\\", "/"), "/"), ".git")
	dir, base := path.Split(p)
	if owner := path.Base(strings.TrimSuffix(dir, "/")); owner != "." && owner != "/" && owner != "" &&
		!strings.HasPrefix(redacted, "/") && !strings.HasPrefix(redacted, "file:") && strings.Contains(redacted, "://") {
		return owner + "/" + base
	}
	return base
}

// redactErr hides the credentials of raw in err's message; errors.Is and
// errors.As still see err.
func redactErr(err error, raw string) error {
	if err == nil {
		return nil
	}
	return &redactedError{err: err, raw: raw}
}

type redactedError struct {
	err error
	raw string
}

func (e *redactedError) Error() string { return redactText(e.err.Error(), e.raw) }
func (e *redactedError) Unwrap() error { return e.err }

// redactText removes URL userinfo from msg, and the user and password of
// raw wherever they appear on their own.
func redactText(msg, raw string) string {
	msg = syncengine.RedactText(msg)
	if u, err := url.Parse(raw); err == nil && u.User != nil {
		if pw, ok := u.User.Password(); ok && pw != "" {
			msg = strings.ReplaceAll(msg, pw, "***")
		}
		if name := u.User.Username(); len(name) >= 8 { // a token used as the user name
			msg = strings.ReplaceAll(msg, name, "***")
		}
	}
	return msg
}

// treeURLTemplate turns the API's repoTreeURL prefix into syncengine's
// "{path}" template.
func treeURLTemplate(prefix string) string {
	if prefix == "" || strings.Contains(prefix, "{path}") {
		return prefix
	}
	if !strings.HasSuffix(prefix, "/") {
		prefix += "/"
	}
	return prefix + "{path}"
}

// commitURL is the URL GitBook reports for a commit: repoCommitURL with the
// commit id appended ("{oid}" in it is replaced instead).
func commitURL(prefix, oid string) string {
	if prefix == "" {
		return ""
	}
	if strings.Contains(prefix, "{oid}") {
		return strings.ReplaceAll(prefix, "{oid}", oid)
	}
	if !strings.HasSuffix(prefix, "/") {
		prefix += "/"
	}
	return prefix + oid
}
