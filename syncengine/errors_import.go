package syncengine

import "errors"

// ErrProjectNotFound is returned when the project directory or the content
// root named by .gitbook.yaml is not a folder of the tree.
var ErrProjectNotFound = errors.New("project directory not found")
