package markdown

import (
	"strings"
	"unicode"
)

// Slug returns the anchor GitBook derives from a heading's text: lower case,
// letters and digits kept, runs of anything else turned into one "-", no
// leading or trailing "-". A heading whose explicit anchor equals Slug(text)
// is printed without the <a id> suffix (GITBOOK_FORMAT.md §3).
func Slug(text string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(text) {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r) || r == '_':
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			dash = false
			b.WriteRune(r)
		case r == '\'' || r == '’':
			// Apostrophes vanish: "What's new" -> "whats-new".
		default:
			dash = true
		}
	}
	return b.String()
}
