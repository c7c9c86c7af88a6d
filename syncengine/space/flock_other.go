//go:build !unix

package space

// lockFile is a no-op where flock is not available: the FileStore then
// serializes writers within one process only.
func lockFile(p string) (unlock func(), err error) { return func() {}, nil }
