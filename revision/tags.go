package revision

// Tag is a tag the space defines, which pages reference by slug (schema
// RevisionTag). Git Sync keeps them in the space's .gitbook/tags.yaml.
type Tag struct {
	Slug  string `json:"slug"`
	Label string `json:"label"`
	// Color is a DocumentTextColor token ("default", "green", "$primary"…).
	Color string `json:"color"`
	// Icon is the tag's symbol, if any. (The schema's other choice, an
	// emoji, cannot be written valid: an object with an emoji matches both
	// of RevisionTag's oneOf branches.)
	Icon string `json:"icon,omitempty"`
}

// mergeTags merges the tags of three revisions as one value: a side that
// changed them wins, ours when both did.
func mergeTags(base, ours, theirs []*Tag) []*Tag {
	if TagsEqual(ours, base) {
		return theirs
	}
	return ours
}

// TagsEqual reports whether two tag lists are the same, in order.
func TagsEqual(a, b []*Tag) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if (a[i] == nil) != (b[i] == nil) || a[i] != nil && *a[i] != *b[i] {
			return false
		}
	}
	return true
}
