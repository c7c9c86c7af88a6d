package syncengine

import (
	"regexp"
	"strings"
)

// RedactURL returns s with the userinfo (user, token or user:password) of a
// scheme://user:pass@host URL removed: "https://x:tok@host/r.git" becomes
// "https://host/r.git". The rest of s is kept byte for byte. Strings that
// are not scheme URLs, including scp-like "git@host:path" addresses (which
// cannot carry a password), are returned unchanged.
func RedactURL(s string) string {
	i := strings.Index(s, "://")
	if i <= 0 || !isScheme(s[:i]) {
		return s
	}
	start := i + len("://")
	// The authority ends at the first '/', '?' or '#'; userinfo is what
	// precedes its last '@', as net/url reads it.
	end := len(s)
	if j := strings.IndexAny(s[start:], "/?#"); j >= 0 {
		end = start + j
	}
	at := strings.LastIndexByte(s[start:end], '@')
	if at < 0 {
		return s
	}
	return s[:start] + s[start+at+1:]
}

func isScheme(s string) bool {
	for i, c := range s {
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z':
		case i > 0 && ('0' <= c && c <= '9' || c == '+' || c == '-' || c == '.'):
		default:
			return false
		}
	}
	return s != ""
}

// credentialURL matches the scheme and userinfo of a URL inside free text.
// The userinfo runs to the last '@' before the end of the authority, and
// stops at whitespace and quotes so it never swallows the next word.
var credentialURL = regexp.MustCompile(`([A-Za-z][A-Za-z0-9+.\-]*://)[^/?#\s"'<>` + "`" + `]*@`)

// RedactText removes the userinfo of every scheme://user:pass@host URL in
// msg, for error messages and logs that quote URLs (Git's own messages do).
func RedactText(msg string) string {
	if !strings.Contains(msg, "@") {
		return msg
	}
	return credentialURL.ReplaceAllString(msg, "$1")
}

// redactedError hides credentials in the message of an error while keeping
// it inspectable with errors.Is and errors.As.
type redactedError struct{ err error }

func (e redactedError) Error() string { return RedactText(e.err.Error()) }
func (e redactedError) Unwrap() error { return e.err }

// redactError wraps err so that its message carries no URL credentials.
func redactError(err error) error {
	if err == nil {
		return nil
	}
	return redactedError{err}
}
