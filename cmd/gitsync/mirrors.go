package main

import (
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"strings"

	"github.com/seed1bfafebe/gitsync/syncengine"
)

// errNoMirror reports a remote URL whose mirror is not in --mirrors.
var errNoMirror = errors.New("no local mirror")

// mirrorPath maps a remote repository URL to its mirror under dir:
// https://host/owner/repo.git (or without .git) is dir/host/owner/repo.git.
// The URL's credentials play no part; the host is lower-cased, a path that
// climbs out of dir is refused, and a mirror that does not exist is an
// error wrapping errNoMirror and fs.ErrNotExist.
func mirrorPath(dir string, u *url.URL) (string, error) {
	host := strings.ToLower(u.Host)
	p := u.Path
	if host == "" || strings.ContainsAny(host, `/\`) || host == "." || host == ".." {
		return "", fmt.Errorf("%w for %s: no host", errNoMirror, syncengine.RedactURL(u.String()))
	}
	clean := path.Clean("/" + p)
	if clean != "/"+strings.Trim(p, "/") || clean == "/" || strings.Contains(p, `\`) {
		// "..", "//", "." or a backslash: never mapped, so a request
		// cannot reach a folder outside dir.
		return "", fmt.Errorf("%w for %s: the path is not a plain owner/repo path", errNoMirror, syncengine.RedactURL(u.String()))
	}
	if !strings.HasSuffix(clean, ".git") {
		clean += ".git"
	}
	full := filepath.Join(dir, host, filepath.FromSlash(clean))
	if fi, err := os.Stat(full); err != nil || !fi.IsDir() {
		return "", fmt.Errorf("%w for %s: %s: %w", errNoMirror, syncengine.RedactURL(u.String()), full, fs.ErrNotExist)
	}
	return full, nil
}
