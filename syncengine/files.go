package syncengine

import (
	"bytes"
	"image"
	_ "image/gif" // image dimensions of GIF assets
	_ "image/jpeg"
	_ "image/png"
	"io"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"strings"

	"github.com/seed1bfafebe/gitsync/revision"
)

// statFile describes the file at a content-root-relative path as a revision
// file: content type, size and, for images, dimensions.
func (b *builder) statFile(p string) (*revision.File, error) {
	rp := b.repoPath(p)
	if _, isGit := b.fsys.(*GitFS); !isGit {
		// Elsewhere (a folder) opening a special file may block: check first.
		if fi, err := fs.Stat(b.fsys, rp); err != nil {
			return nil, err
		} else if !fi.Mode().IsRegular() {
			return nil, fs.ErrInvalid
		}
	}
	// One open serves the size, the head and the image dimensions: on a
	// GitFS each open decodes the whole blob.
	r, err := b.fsys.Open(rp)
	if err != nil {
		return nil, err
	}
	defer r.Close()
	fi, err := r.Stat()
	if err != nil {
		return nil, err
	}
	if !fi.Mode().IsRegular() {
		return nil, fs.ErrInvalid
	}
	f := &revision.File{
		ID:          b.prev.file(p, revision.NewID(b.projectDir, "file", p)),
		Name:        path.Base(p),
		Size:        fi.Size(),
		DownloadURL: p,
		Git:         &revision.GitBlob{Path: p},
	}
	if h, ok := BlobID(b.fsys, rp); ok {
		f.Git.OID = h.String()
	}
	head := make([]byte, 512)
	n, err := io.ReadFull(r, head)
	if err != nil && err != io.ErrUnexpectedEOF && err != io.EOF {
		return nil, err
	}
	head = head[:n]
	f.ContentType = contentType(p, head)
	if f.Git.OID == "" {
		data, err := fs.ReadFile(b.fsys, rp)
		if err != nil {
			return nil, err
		}
		f.Git.OID = b.blobID(rp, data).String()
	}
	if strings.HasPrefix(f.ContentType, "image/") {
		if cfg, _, err := image.DecodeConfig(io.MultiReader(bytes.NewReader(head), r)); err == nil {
			f.Dimensions = &revision.Dimensions{Width: cfg.Width, Height: cfg.Height}
		}
	}
	return f, nil
}

// contentType picks a file's media type from its extension, then its bytes.
func contentType(name string, head []byte) string {
	ext := strings.ToLower(path.Ext(name))
	switch ext {
	case ".md", ".markdown":
		return "text/markdown"
	case ".yaml", ".yml":
		return "application/yaml"
	case ".svg":
		return "image/svg+xml"
	case ".webp":
		return "image/webp"
	}
	if t := mime.TypeByExtension(ext); t != "" {
		if i := strings.IndexByte(t, ';'); i >= 0 && !strings.HasPrefix(t, "text/") {
			t = t[:i]
		}
		return t
	}
	if len(bytes.TrimSpace(head)) == 0 {
		return "application/octet-stream"
	}
	t := http.DetectContentType(head)
	if i := strings.IndexByte(t, ';'); i >= 0 && !strings.HasPrefix(t, "text/") {
		t = t[:i]
	}
	return t
}
