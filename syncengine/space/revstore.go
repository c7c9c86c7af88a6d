package space

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/seed1bfafebe/gitsync/revision"
)

// A primary revision is stored in two parts, so that a re-import writes
// only what changed: the revision without its documents under the
// revision's key, and each document under a key naming its content
// ("doc-" and a SHA-256 prefix), written once and shared by the revisions
// that hold it.
type storedRevision struct {
	Revision json.RawMessage `json:"revision"`
	// Documents maps "page:ID" and "reusable:ID" to document keys.
	Documents map[string]string `json:"documents"`
}

// primedRevision is a primary revision the engine holds in memory, with
// the key of each of its documents.
type primedRevision struct {
	rev    *revision.Revision
	docKey map[*revision.Document]string
	keys   map[string]bool
}

func docKeyOf(d *revision.Document) (string, []byte, error) {
	data, err := d.MarshalJSON()
	if err != nil {
		return "", nil, err
	}
	h := sha256.Sum256(data)
	return "doc-" + hex.EncodeToString(h[:16]), data, nil
}

// eachDocument calls fn for every document of rev with its slot name.
func eachDocument(rev *revision.Revision, fn func(slot string, d *revision.Document)) {
	revision.Walk(rev.Pages, func(p, _ *revision.Page) bool {
		if p.Document != nil {
			fn("page:"+p.ID, p.Document)
		}
		return true
	})
	for _, rc := range rev.ReusableContents {
		if rc.Document != nil {
			fn("reusable:"+rc.ID, rc.Document)
		}
	}
}

// putRevision stores rev under key; documents that base (the revision the
// state being replaced holds, may be nil) stored already are not written
// again.
func (e *Engine) putRevision(ctx context.Context, space, key string, rev *revision.Revision, base *primedRevision) (*primedRevision, error) {
	pr := &primedRevision{rev: rev, docKey: map[*revision.Document]string{}, keys: map[string]bool{}}
	stored := storedRevision{Documents: map[string]string{}}
	var err error
	eachDocument(rev, func(slot string, d *revision.Document) {
		if err != nil {
			return
		}
		k, ok := pr.docKey[d]
		if !ok && base != nil {
			k, ok = base.docKey[d]
		}
		if !ok {
			var data []byte
			k, data, err = docKeyOf(d)
			if err != nil {
				return
			}
			if !pr.keys[k] && (base == nil || !base.keys[k]) {
				err = e.store.PutRevision(ctx, space, k, data)
			}
		}
		pr.docKey[d], pr.keys[k] = k, true
		stored.Documents[slot] = k
	})
	if err != nil {
		return nil, err
	}
	stored.Revision, err = withoutDocuments(rev).MarshalJSON()
	if err != nil {
		return nil, err
	}
	data, err := json.Marshal(stored)
	if err != nil {
		return nil, err
	}
	if err := e.store.PutRevision(ctx, space, key, data); err != nil {
		return nil, err
	}
	return pr, nil
}

// withoutDocuments is a shallow copy of rev with no documents.
func withoutDocuments(rev *revision.Revision) *revision.Revision {
	out := *rev
	var strip func([]*revision.Page) []*revision.Page
	strip = func(pages []*revision.Page) []*revision.Page {
		if pages == nil {
			return nil
		}
		cp := make([]*revision.Page, len(pages))
		for i, p := range pages {
			c := *p
			c.Document = nil
			c.Pages = strip(p.Pages)
			cp[i] = &c
		}
		return cp
	}
	out.Pages = strip(rev.Pages)
	out.ReusableContents = make([]*revision.ReusableContent, len(rev.ReusableContents))
	for i, rc := range rev.ReusableContents {
		c := *rc
		c.Document = nil
		out.ReusableContents[i] = &c
	}
	return &out
}

// getRevision reads the revision stored under key.
func (e *Engine) getRevision(ctx context.Context, space, key string) (*primedRevision, error) {
	corrupt := func(err error) error { return &CorruptError{Path: space + "/" + key, Err: err} }
	data, err := e.store.GetRevision(ctx, space, key)
	if err != nil {
		return nil, err
	}
	var stored storedRevision
	if err := json.Unmarshal(data, &stored); err != nil {
		return nil, corrupt(err)
	}
	rev := new(revision.Revision)
	if err := json.Unmarshal(stored.Revision, rev); err != nil {
		return nil, corrupt(err)
	}
	if err := checkRevision(rev); err != nil {
		return nil, corrupt(err)
	}
	pr := &primedRevision{rev: rev, docKey: map[*revision.Document]string{}, keys: map[string]bool{}}
	docs := map[string]*revision.Document{}
	load := func(slot string) (*revision.Document, error) {
		k, ok := stored.Documents[slot]
		if !ok {
			return nil, nil
		}
		if d, ok := docs[k]; ok {
			return d, nil
		}
		data, err := e.store.GetRevision(ctx, space, k)
		if err != nil {
			return nil, fmt.Errorf("document %s: %w", k, err)
		}
		d := new(revision.Document)
		if err := json.Unmarshal(data, d); err != nil {
			return nil, corrupt(fmt.Errorf("document %s: %w", k, err))
		}
		docs[k], pr.docKey[d], pr.keys[k] = d, k, true
		return d, nil
	}
	revision.Walk(rev.Pages, func(p, _ *revision.Page) bool {
		if err == nil {
			p.Document, err = load("page:" + p.ID)
		}
		return err == nil
	})
	for _, rc := range rev.ReusableContents {
		if err == nil {
			rc.Document, err = load("reusable:" + rc.ID)
		}
	}
	if err != nil {
		return nil, err
	}
	return pr, nil
}

// deleteRevision removes the revision stored under key and the documents
// of old that keep (the revision replacing it) does not hold.
func (e *Engine) deleteRevision(ctx context.Context, space, key string, old, keep *primedRevision) {
	_ = e.store.DeleteRevision(ctx, space, key)
	if old == nil {
		return
	}
	for k := range old.keys {
		if keep == nil || !keep.keys[k] {
			_ = e.store.DeleteRevision(ctx, space, k)
		}
	}
}

// primed returns the primary revision of st, from memory or the store.
func (e *Engine) primed(ctx context.Context, st *State) (*primedRevision, error) {
	if st.RevisionKey == "" {
		return nil, nil
	}
	e.mu.Lock()
	pr, ok := e.hot[st.Space]
	e.mu.Unlock()
	if ok && pr.key == st.RevisionKey {
		return pr.primedRevision, nil
	}
	p, err := e.getRevision(ctx, st.Space, st.RevisionKey)
	if errors.Is(err, ErrNotFound) {
		// Either another writer replaced the revision since st was read
		// (the caller retries on the new state) or the store lost it.
		if cur, lerr := e.store.Load(ctx, st.Space); lerr == nil && cur.Version != st.Version {
			return nil, fmt.Errorf("space %s: revision replaced while reading: %w", st.Space, ErrVersion)
		}
		return nil, &CorruptError{Path: st.Space + "/" + st.RevisionKey, Err: err}
	}
	if err != nil {
		return nil, err
	}
	e.remember(st.Space, st.RevisionKey, p)
	return p, nil
}

type hotRevision struct {
	key string
	*primedRevision
}

// remember keeps the primary revision of a space in memory (one per space).
func (e *Engine) remember(space, key string, pr *primedRevision) {
	e.mu.Lock()
	e.hot[space] = hotRevision{key, pr}
	e.mu.Unlock()
}

// primary returns the space's primary revision (nil when none).
func (e *Engine) primary(ctx context.Context, st *State) (*revision.Revision, error) {
	pr, err := e.primed(ctx, st)
	if pr == nil || err != nil {
		return nil, err
	}
	return pr.rev, nil
}
