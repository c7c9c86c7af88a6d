// Package benchfloor is the floor the import benchmarks are measured
// against: what no importer of a GitBook project can avoid. It reads every
// blob of a commit through go-git and parses every Markdown file with plain
// goldmark (no GitBook extension, no HTML rendering), on all cores.
package benchfloor

import (
	"context"
	"io"
	"path"
	"runtime"
	"strings"
	"sync"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/filemode"
	"github.com/go-git/go-git/v5/plumbing/object"
	"github.com/go-git/go-git/v5/plumbing/storer"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/text"
)

// Stats is what Floor read.
type Stats struct {
	Blobs, Pages int
	Bytes        int64
}

type blob struct {
	name string
	hash plumbing.Hash
}

// Floor reads every blob of commit in s and parses the Markdown ones.
func Floor(ctx context.Context, s storer.EncodedObjectStorer, commit plumbing.Hash) (Stats, error) {
	c, err := object.GetCommit(s, commit)
	if err != nil {
		return Stats{}, err
	}
	tree, err := object.GetTree(s, c.TreeHash)
	if err != nil {
		return Stats{}, err
	}
	var blobs []blob
	if err := walk(s, tree, "", &blobs); err != nil {
		return Stats{}, err
	}
	workers := runtime.GOMAXPROCS(0)
	var (
		wg       sync.WaitGroup
		mu       sync.Mutex
		st       Stats
		firstErr error
	)
	next := make(chan blob)
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			md := goldmark.New()
			var local Stats
			for bl := range next {
				data, err := read(s, bl.hash)
				if err != nil {
					mu.Lock()
					firstErr = err
					mu.Unlock()
					continue
				}
				local.Blobs++
				local.Bytes += int64(len(data))
				if strings.EqualFold(path.Ext(bl.name), ".md") {
					md.Parser().Parse(text.NewReader(data))
					local.Pages++
				}
			}
			mu.Lock()
			st.Blobs += local.Blobs
			st.Pages += local.Pages
			st.Bytes += local.Bytes
			mu.Unlock()
		}()
	}
	for _, bl := range blobs {
		if ctx.Err() != nil {
			break
		}
		next <- bl
	}
	close(next)
	wg.Wait()
	if firstErr != nil {
		return st, firstErr
	}
	return st, ctx.Err()
}

func walk(s storer.EncodedObjectStorer, t *object.Tree, prefix string, out *[]blob) error {
	for _, e := range t.Entries {
		switch e.Mode {
		case filemode.Dir:
			sub, err := object.GetTree(s, e.Hash)
			if err != nil {
				return err
			}
			if err := walk(s, sub, prefix+e.Name+"/", out); err != nil {
				return err
			}
		case filemode.Regular, filemode.Executable:
			*out = append(*out, blob{prefix + e.Name, e.Hash})
		}
	}
	return nil
}

func read(s storer.EncodedObjectStorer, h plumbing.Hash) ([]byte, error) {
	obj, err := s.EncodedObject(plumbing.BlobObject, h)
	if err != nil {
		return nil, err
	}
	r, err := obj.Reader()
	if err != nil {
		return nil, err
	}
	defer r.Close()
	data := make([]byte, obj.Size())
	_, err = io.ReadFull(r, data)
	return data, err
}
