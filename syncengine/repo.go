package syncengine

import (
	"context"
	"encoding/hex"
	"errors"
	"fmt"
	"net/url"
	"path/filepath"
	"strings"

	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/object"
	"github.com/go-git/go-git/v5/storage"
)

// Source says where a repository is. When Storer is set the repository is
// read from it and URL only names the repository; otherwise URL is a local
// path (a work tree or a bare repository) or a file:// URL. The engine never
// dials the network: any other URL is refused with ErrUnsupportedURL.
type Source struct {
	URL    string         // local path or file:// URL; with Storer, a name only
	Storer storage.Storer // a repository the host provides, if any
}

// OpenRepository opens the repository src describes. Errors never carry
// credentials from src.URL.
func OpenRepository(ctx context.Context, src Source) (*git.Repository, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if src.Storer != nil {
		repo, err := git.Open(src.Storer, nil)
		if err != nil {
			return nil, fmt.Errorf("open repository %s: %w", RedactURL(src.URL), redactError(err))
		}
		return repo, nil
	}
	dir, err := localPath(src.URL)
	if err != nil {
		return nil, err
	}
	repo, err := git.PlainOpenWithOptions(dir, &git.PlainOpenOptions{EnableDotGitCommonDir: true})
	if err != nil {
		return nil, fmt.Errorf("open repository %s: %w", RedactURL(src.URL), redactError(err))
	}
	return repo, nil
}

// localPath returns the folder a local path or file:// URL names.
func localPath(s string) (string, error) {
	if s == "" {
		return "", fmt.Errorf("%w: empty", ErrUnsupportedURL)
	}
	if i := strings.Index(s, "://"); i > 0 && isScheme(s[:i]) {
		if !strings.EqualFold(s[:i], "file") {
			return "", fmt.Errorf("%w: %s (only local paths and file:// URLs are opened)", ErrUnsupportedURL, RedactURL(s))
		}
		u, err := url.Parse(s)
		if err != nil || (u.Host != "" && u.Host != "localhost") || u.User != nil || u.Path == "" {
			return "", fmt.Errorf("%w: %s (a file URL names a local folder: file:///path)", ErrUnsupportedURL, RedactURL(s))
		}
		return filepath.FromSlash(u.Path), nil
	}
	if isSCPLike(s) {
		return "", fmt.Errorf("%w: %s (only local paths and file:// URLs are opened)", ErrUnsupportedURL, s)
	}
	return s, nil
}

// isSCPLike reports whether s is an scp-like address, [user@]host:path, as
// Git reads it: a colon before any slash (a Windows drive letter aside).
func isSCPLike(s string) bool {
	colon := strings.IndexByte(s, ':')
	if colon < 0 {
		return false
	}
	if slash := strings.IndexAny(s, `/\`); slash >= 0 && slash < colon {
		return false
	}
	return filepath.VolumeName(s) == ""
}

// ResolveRef finds the commit ref names and the full reference name it was
// found under. ref may be empty (HEAD), "HEAD", a full reference name
// (refs/heads/x, refs/tags/x), a short branch or tag name, or a full or
// abbreviated (at least 4 hex digits) commit id. Short names are looked up
// in Git's order: refs/x, refs/tags/x, refs/heads/x, refs/remotes/x. Tags
// are peeled to their commit. For a commit id the returned name is empty;
// for a detached HEAD it is "HEAD". Failures wrap ErrRefNotFound.
func ResolveRef(repo *git.Repository, ref string) (*object.Commit, plumbing.ReferenceName, error) {
	if ref == "" || ref == "HEAD" {
		r, err := repo.Reference(plumbing.HEAD, false)
		if err != nil {
			return nil, "", refError(ref, err)
		}
		name := plumbing.HEAD
		if r.Type() == plumbing.SymbolicReference {
			name = r.Target()
		}
		c, err := resolveNamed(repo, name)
		return c, name, refErrorOrNil(ref, err)
	}
	if len(ref) == 2*len(plumbing.ZeroHash) {
		// A full object id wins over a reference of the same name, as in Git.
		if c, err := resolveCommitID(repo, ref); c != nil || err != nil {
			return c, "", refErrorOrNil(ref, err)
		}
	}
	var names []plumbing.ReferenceName
	if strings.HasPrefix(ref, "refs/") {
		names = []plumbing.ReferenceName{plumbing.ReferenceName(ref)}
	} else {
		for _, prefix := range []string{"refs/", "refs/tags/", "refs/heads/", "refs/remotes/"} {
			names = append(names, plumbing.ReferenceName(prefix+ref))
		}
	}
	for _, name := range names {
		c, err := resolveNamed(repo, name)
		if errors.Is(err, plumbing.ErrReferenceNotFound) {
			continue
		}
		return c, name, refErrorOrNil(ref, err)
	}
	if c, err := resolveCommitID(repo, ref); c != nil || err != nil {
		return c, "", refErrorOrNil(ref, err)
	}
	return nil, "", refError(ref, nil)
}

// resolveNamed follows the reference name (symbolic ones included) and
// peels what it points at to a commit.
func resolveNamed(repo *git.Repository, name plumbing.ReferenceName) (*object.Commit, error) {
	r, err := repo.Reference(name, true)
	if err != nil {
		return nil, err
	}
	return peel(repo, r.Hash())
}

// maxTagChain bounds tag-of-a-tag chains, which a hostile repository could
// make cyclic only by a hash collision, but long at will.
const maxTagChain = 32

// peel returns the commit h names, through annotated tags.
func peel(repo *git.Repository, h plumbing.Hash) (*object.Commit, error) {
	for range maxTagChain {
		obj, err := repo.Object(plumbing.AnyObject, h)
		if err != nil {
			return nil, err
		}
		switch o := obj.(type) {
		case *object.Commit:
			return o, nil
		case *object.Tag:
			h = o.Target
		default:
			return nil, fmt.Errorf("%w: %s is a %s", errNotCommit, h, obj.Type())
		}
	}
	return nil, fmt.Errorf("%w: tag chain longer than %d", errNotCommit, maxTagChain)
}

// resolveCommitID resolves a full or abbreviated object id. It returns
// (nil, nil) when s is not hex or matches no object.
func resolveCommitID(repo *git.Repository, s string) (*object.Commit, error) {
	if len(s) < 4 || len(s) > 2*len(plumbing.ZeroHash) || !isHex(s) {
		return nil, nil
	}
	s = strings.ToLower(s)
	if len(s) == 2*len(plumbing.ZeroHash) {
		c, err := peel(repo, plumbing.NewHash(s))
		if errors.Is(err, plumbing.ErrObjectNotFound) {
			return nil, nil
		}
		return c, err
	}
	// Abbreviated: scan commits and tags, as Git does, and refuse ambiguity.
	var found []plumbing.Hash
	collect := func(h plumbing.Hash) {
		if strings.HasPrefix(h.String(), s) {
			found = append(found, h)
		}
	}
	commits, err := repo.CommitObjects()
	if err != nil {
		return nil, err
	}
	if err := commits.ForEach(func(c *object.Commit) error { collect(c.Hash); return nil }); err != nil {
		return nil, err
	}
	tags, err := repo.TagObjects()
	if err != nil {
		return nil, err
	}
	if err := tags.ForEach(func(t *object.Tag) error { collect(t.Hash); return nil }); err != nil {
		return nil, err
	}
	switch len(found) {
	case 0:
		return nil, nil
	case 1:
		return peel(repo, found[0])
	}
	return nil, fmt.Errorf("%w: %d objects start with %s", errAmbiguous, len(found), s)
}

func isHex(s string) bool {
	_, err := hex.DecodeString(s[:len(s)&^1])
	return err == nil && (len(s)%2 == 0 || strings.ContainsRune("0123456789abcdefABCDEF", rune(s[len(s)-1])))
}

var (
	errNotCommit = errors.New("not a commit")
	errAmbiguous = errors.New("ambiguous object id")
)

// refError reports that ref resolves to no commit, wrapping ErrRefNotFound
// and err; an error of another kind (storage) is wrapped as it is.
func refError(ref string, err error) error {
	if ref == "" {
		ref = "HEAD"
	}
	switch {
	case err == nil || errors.Is(err, plumbing.ErrReferenceNotFound) || errors.Is(err, plumbing.ErrObjectNotFound):
		return fmt.Errorf("%w: %q", ErrRefNotFound, ref)
	case errors.Is(err, errNotCommit) || errors.Is(err, errAmbiguous):
		return fmt.Errorf("%w: %q: %w", ErrRefNotFound, ref, err)
	}
	return fmt.Errorf("resolve ref %q: %w", ref, err)
}

func refErrorOrNil(ref string, err error) error {
	if err == nil {
		return nil
	}
	return refError(ref, err)
}
