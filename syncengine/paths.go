package syncengine

import (
	"net/url"
	"path"
	"strings"
)

// cleanDir normalizes a project directory or root: slash-separated, no
// leading "./" or "/", no trailing "/", "" for the top.
func cleanDir(dir string) string {
	dir = strings.ReplaceAll(dir, "\\", "/")
	dir = path.Clean("/" + dir)
	return strings.TrimPrefix(dir, "/")
}

// joinPath joins slash paths, treating "" as the top.
func joinPath(elem ...string) string {
	var parts []string
	for _, e := range elem {
		if e != "" {
			parts = append(parts, e)
		}
	}
	if len(parts) == 0 {
		return ""
	}
	return path.Join(parts...)
}

// resolveRel resolves target, relative to the folder dir, to a clean path
// below the top. ok is false when it escapes (".." past the top) or is
// absolute.
func resolveRel(dir, target string) (string, bool) {
	if strings.HasPrefix(target, "/") {
		return "", false
	}
	p := path.Join(dir, target)
	if p == ".." || strings.HasPrefix(p, "../") {
		return "", false
	}
	if p == "." {
		p = ""
	}
	return p, true
}

// resolveInRepo resolves target, relative to the content-root-relative
// folder dir, to a content-root-relative path that may leave the content
// root root ("../other/page.md") but never the repository. The result is
// clean: a path that climbs out and back in ("../docs/x.md" under the root
// "docs") is "x.md". ok is false when the target is absolute or escapes the
// repository.
func resolveInRepo(root, dir, target string) (string, bool) {
	if strings.HasPrefix(target, "/") {
		return "", false
	}
	rp, ok := resolveRel(joinPath(root, dir), target)
	if !ok || strings.HasPrefix(joinPath(root, dir), "../") || joinPath(root, dir) == ".." {
		return "", false
	}
	return contentRel(root, rp), true
}

// contentRel turns the repository path rp into a path relative to the
// content root root, with "../" for each folder it climbs out of.
func contentRel(root, rp string) string {
	if root == "" {
		return rp
	}
	if rp == root {
		return ""
	}
	if strings.HasPrefix(rp, root+"/") {
		return rp[len(root)+1:]
	}
	rootParts := strings.Split(root, "/")
	var rpParts []string
	if rp != "" {
		rpParts = strings.Split(rp, "/")
	}
	i := 0
	for i < len(rootParts) && i < len(rpParts) && rootParts[i] == rpParts[i] {
		i++
	}
	return strings.TrimSuffix(strings.Repeat("../", len(rootParts)-i)+strings.Join(rpParts[i:], "/"), "/")
}

// outsideRoot reports whether the content-root-relative path p lies
// outside the content root.
func outsideRoot(p string) bool { return p == ".." || strings.HasPrefix(p, "../") }

// isExternal reports whether a link target is a URL rather than a path.
func isExternal(target string) bool {
	if strings.HasPrefix(target, "//") {
		return true
	}
	i := strings.IndexByte(target, ':')
	if i <= 0 {
		return false
	}
	for _, r := range target[:i] {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '+' || r == '-' || r == '.') {
			return false
		}
	}
	return true
}

// splitFragment splits "page.md#anchor" into path and anchor.
func splitFragment(target string) (string, string) {
	if i := strings.IndexByte(target, '#'); i >= 0 {
		return target[:i], target[i+1:]
	}
	return target, ""
}

// unescapePath percent-decodes a link path; it returns p unchanged when p is
// not valid percent-encoding.
func unescapePath(p string) string {
	if !strings.Contains(p, "%") {
		return p
	}
	if u, err := url.PathUnescape(p); err == nil {
		return u
	}
	return p
}
